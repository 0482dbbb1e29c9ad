"""The web chat: a real browser session (headless Chromium) and the gradio_client API path."""

from __future__ import annotations

import re
import shutil
import threading
from pathlib import Path

import pytest

from eval.loadtest import free_port
from qa import Assistant
from tests.conftest import ROOT, call_gradio
from ui.app import build_app
from ui.handlers import safe_upload_name, store_uploads
from ui.render import CSS, HEAD, answer_markdown, sources_html

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def server(sample_index, tmp_path_factory):
    ix = tmp_path_factory.mktemp("ui") / "ix"
    shutil.copytree(sample_index, ix)
    evil = tmp_path_factory.mktemp("evil") / "evil.txt"
    evil.write_text("Berita berbahaya tentang Putin dan skrip\n"
                    "Putin mengirim pesan <script>window.kabarPwned=1</script> dan <img src=x onerror=\"window.kabarPwned=2\">"
                    " kepada Xi tentang kapal selam Arktik.\n", encoding="utf-8")
    from index import build_index

    build_index([evil], ix, prune=False)
    assistant = Assistant.load(ix)
    demo = build_app(assistant)
    port = free_port()
    demo.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, css=CSS, head=HEAD, quiet=True)
    yield f"http://127.0.0.1:{port}/", ix
    demo.close()


def test_gradio_client_api_path(server):
    from gradio_client import Client

    url, _ = server
    client = Client(url, verbose=False)
    chat, sources, _pick, _state = call_gradio(client, "Kapan Xi menelepon Putin pada Juni 2022?", [], 5, True,
                                                  api_name="/ask")
    text = chat[-1]["content"][0]["text"] if isinstance(chat[-1]["content"], list) else chat[-1]["content"]
    assert "15/6/2022" in text and 'href="#kabar-src-1"' in text
    assert "001_4c1271fe611ef779.txt" in sources and "<mark>" in sources and 'id="kabar-src-1"' in sources
    assert "score" not in sources  # a raw reranker score means nothing to a reader


def _text(turn) -> str:
    content = turn["content"]
    return content[0]["text"] if isinstance(content, list) else content


def test_api_bounds_what_a_question_carries(server):
    """The 4,000-character limit was only in the browser: 1 MB in came back about fifteen times."""
    import json

    from gradio_client import Client

    from qa.settings import MAX_QUESTION_CHARS
    from ui.handlers import MAX_HISTORY_TURNS

    url, _ = server
    client = Client(url, verbose=False)
    huge = "Kapan Xi menelepon Putin? " * 40_000  # about 1 MB
    history = [{"role": "user", "content": [{"type": "text", "text": "x" * 100_000}]},
               {"role": "assistant", "content": [{"type": "text", "text": "y" * 100_000}]}] * 30
    chat, *_ = call_gradio(client, huge, history, 10, True, api_name="/ask")
    assert len(chat) <= MAX_HISTORY_TURNS + 2
    assert len(_text(chat[-2])) <= MAX_QUESTION_CHARS
    assert len(json.dumps(chat)) < 400_000
    chat, *_ = call_gradio(client, "   ", [], 5, True, api_name="/ask")
    assert chat == []  # Enter on an empty box posts nothing


def test_follow_up_uses_gradio_history_format(server):
    from gradio_client import Client

    url, _ = server
    client = Client(url, verbose=False)
    first, *_ = call_gradio(client, "Kapan Xi menelepon Putin pada Juni 2022?", [], 5, True, api_name="/ask")
    assert isinstance(first[0]["content"], (list, str))
    follow, sources, *_ = call_gradio(client, "dan apa katanya?", first, 5, True, api_name="/ask")
    assert "001_4c1271fe611ef779.txt" in sources  # the follow-up is read with the question before it
    # the session's last answer tells the follow-up what was cited: it is answered from that article alone
    assert "Dijawab dari artikel yang dikutip jawaban sebelumnya." in str(follow[-1]["content"])
    assert set(re.findall(r'class="kabar-id">([^<]*)<', sources)) == {"001_4c1271fe611ef779.txt"}


def test_article_html_is_escaped(server):
    _, ix = server
    assistant = Assistant.load(ix)
    ans = assistant.ask("Pesan apa yang dikirim Putin tentang kapal selam Arktik?")
    html = sources_html(ans) + answer_markdown(ans)
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;" in html


@pytest.mark.skipif(CHROMIUM is None, reason="Debian chromium is not installed (tests/setup_browser.sh installs it)")
def test_browser_chat_shows_answer_and_highlighted_citation(server):
    pw = pytest.importorskip("playwright.sync_api")
    url, _ = server
    with pw.sync_playwright() as p:
        try:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=[
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"])
        except Exception as exc:  # pragma: no cover - depends on the machine
            pytest.skip(f"chromium could not start: {exc}")
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(url)
        box = page.locator("#kabar-question textarea")
        box.fill("When did Xi and Putin talk about Taiwan?")
        box.press("Enter")
        page.wait_for_selector("#kabar-sources mark", timeout=60_000)
        page.wait_for_function("document.querySelector('#kabar-chat').innerText.includes('Taiwan')", timeout=30_000)
        chat_text = page.locator("#kabar-chat").inner_text()
        assert "January 21" in chat_text
        assert "Taiwan" in page.locator("#kabar-sources mark").first.inner_text() or \
            "Selasa (21/1)" in page.locator("#kabar-sources mark").first.inner_text()
        assert "003_8ea2e4786c536e84.txt" in page.locator("#kabar-sources").inner_text()
        # A click on [1] in the answer scrolls to source 1 and marks it.
        page.locator("#kabar-chat a.kabar-ref").first.click()
        page.wait_for_selector("#kabar-src-1.kabar-flash", timeout=5_000)
        # Enter on an empty box posts no bubble.
        bubbles = page.locator("#kabar-chat .message").count()
        box.fill("")
        box.press("Enter")
        page.wait_for_timeout(500)
        assert page.locator("#kabar-chat .message").count() == bubbles
        shot = ROOT / "docs" / "screenshot.png"  # the README's picture of a real answer
        shot.parent.mkdir(exist_ok=True)
        page.screenshot(path=str(shot), full_page=True)
        # A timeline question gets the dated list, its sources on the right (the README's second picture).
        box.fill("kronologi Xi dan Putin")
        box.press("Enter")
        page.wait_for_function("document.querySelector('#kabar-chat').innerText.includes('15 Desember 2021')",
                               timeout=60_000)
        page.wait_for_function("document.querySelector('#kabar-sources').innerText.includes('004_9d28d38699084251')",
                               timeout=30_000)  # the sources come with the last step, when the list is whole
        chat_text = page.locator("#kabar-chat").inner_text()
        assert chat_text.index("15 Desember 2021") < chat_text.index("15 Juni 2022")
        page.screenshot(path=str(ROOT / "docs" / "timeline.png"), full_page=True)
        # An article with script content renders as text, and runs nothing.
        box.fill("Pesan apa yang dikirim Putin tentang kapal selam Arktik?")
        box.press("Enter")
        page.wait_for_function("document.querySelector('#kabar-sources').innerText.includes('evil.txt')",
                               timeout=60_000)
        assert "<script>" in page.locator("#kabar-sources").inner_text()
        assert page.evaluate("window.kabarPwned") is None
        # The last answer and the conversation download as Markdown.
        exported = ""
        for _ in range(20):  # the file is written just after the answer completes: wait for it
            try:
                with page.expect_download(timeout=3_000) as got:
                    page.locator("#kabar-export-answer").click()
                exported = Path(got.value.path()).read_text(encoding="utf-8")
            except pw.TimeoutError:
                continue
            if exported.startswith("**Pesan"):
                break
        assert exported.startswith("**Pesan apa yang dikirim Putin") and "\n[1] " in exported
        # A question within a date range that holds no article says so instead of answering.
        page.get_by_text("Scope: ask within sources or dates").click()
        since = page.locator("#kabar-since textarea, #kabar-since input").first
        for _ in range(20):  # the accordion may still be mounting its contents: fill until the date holds
            since.fill("2030-01-01")
            page.wait_for_timeout(500)
            if since.input_value() == "2030-01-01":
                break
        assert since.input_value() == "2030-01-01"  # (a fresh clone once asked without it and timed out below)
        box.fill("Kapan Xi menelepon Putin?")
        box.press("Enter")
        page.wait_for_function("(document.querySelector('#kabar-chat')?.innerText ?? '').includes('cakupan')",
                               timeout=120_000)
        # a short question that names its subject is not read with the submarine question before it
        assert "Dibaca sebagai" not in page.locator("#kabar-chat").inner_text()
        page.locator("#kabar-since textarea, #kabar-since input").first.fill("")
        # The article list shows the corpus; an article removed there is gone from it.
        page.get_by_text("Index", exact=True).click()
        page.wait_for_function("(document.querySelector('#kabar-articles')?.innerText ?? '').includes('evil.txt')",
                               timeout=30_000)
        assert "003_8ea2e4786c536e84.txt" in page.locator("#kabar-articles").inner_text()
        # An uploaded article joins the list, and the removal choices with it (they follow the corpus).
        upload = ROOT / ".kabar" / "test-upload" / "kunjungan-uji.txt"
        upload.parent.mkdir(parents=True, exist_ok=True)
        upload.write_text("Kunjungan uji\n\nPresiden Xi Jinping mengunjungi pabrik kapal di Vladivostok pada Senin.\n",
                          encoding="utf-8")
        page.locator("input[type=file]").first.set_input_files(str(upload))
        page.get_by_role("button", name="Index uploaded files").click()
        page.wait_for_function("(document.querySelector('#kabar-articles')?.innerText ?? '').includes('kunjungan-uji')",
                               timeout=120_000)
        for name in ("evil", "kunjungan-uji"):
            page.locator("#kabar-remove input").first.click()
            page.locator("#kabar-remove input").first.fill(name)
            page.keyboard.press("Enter")
        page.locator("#kabar-remove-button").click()
        page.wait_for_function("!/evil.txt|kunjungan-uji/.test(document.querySelector('#kabar-articles')?.innerText "
                               "?? 'evil.txt')", timeout=60_000)
        page.locator("#kabar-articles").scroll_into_view_if_needed()
        page.screenshot(path=str(ROOT / "docs" / "articles.png"), full_page=True)  # the README's third picture
        browser.close()


def test_upload_names_cannot_escape(tmp_path):
    assert safe_upload_name("../../etc/passwd.txt") == "passwd.txt"
    assert safe_upload_name("..\\..\\x.md") == "x.md"
    assert safe_upload_name(".hidden.html") == "hidden.html"
    with pytest.raises(ValueError, match="only"):
        safe_upload_name("run.sh")
    src = tmp_path / "a b$.txt"
    src.write_text("Judul berita\nIsi.")
    stored = store_uploads([str(src)], tmp_path / "ix")
    assert stored[0].parent == (tmp_path / "ix" / "uploads").resolve() and stored[0].name == "a_b_.txt"
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * (11 * 1024 * 1024))
    with pytest.raises(ValueError, match="larger than"):
        store_uploads([str(big)], tmp_path / "ix")


def test_concurrent_asks_share_one_model(sample_index):
    assistant = Assistant.load(sample_index)
    results, errors = [], []

    def worker(q):
        try:
            results.append(assistant.ask(q))
        except Exception as exc:  # noqa: BLE001 - the test reports any failure
            errors.append(exc)

    qs = ["When did Xi and Putin talk about Taiwan?", "Kapan Xi menelepon Putin pada Juni 2022?"] * 4
    threads = [threading.Thread(target=worker, args=(q,)) for q in qs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and len(results) == 8
    assert all(not r.abstained for r in results)


def test_no_file_outside_the_index_can_be_read_through_the_server(server):
    import urllib.error
    import urllib.request

    url, ix = server
    secret = ix.parent / "secret.txt"
    secret.write_text("rahasia")
    for path in ["/etc/passwd", str(secret), f"{ix}/../secret.txt", str(ix / "CURRENT")]:
        for route in ("gradio_api/file=", "file="):
            try:
                with urllib.request.urlopen(url + route + path, timeout=10) as resp:
                    body = resp.read().decode("utf-8", "replace")
            except urllib.error.HTTPError as exc:
                assert exc.code in (403, 404, 405)
                continue
            assert "root:" not in body and "rahasia" not in body and "gen-" not in body


def test_article_list_removal_scope_and_export_through_the_handlers(sample_index, tmp_path):
    import shutil

    from qa import Assistant
    from ui.handlers import ChatHandlers

    shutil.copytree(sample_index, tmp_path / "ix")
    handlers = ChatHandlers(Assistant.load(tmp_path / "ix"))
    rows = handlers.article_rows()
    assert len(rows) == 5 and all(r[1] and r[5] > 0 for r in rows)
    assert {r[0]: r[3] for r in rows}["003_8ea2e4786c536e84.txt"] == "BERITAJA"  # the outlet its dateline names
    assert set(r[0] for r in rows) <= set(handlers.scope_choices())
    chosen = "003_8ea2e4786c536e84.txt"
    *_, (chat, _sources, _pick, answer, _box) = handlers.respond("Kapan Xi dan Putin berbicara?", [], 5, True, None,
                                                                [chosen], "", "")
    assert answer.citations and {c.source for c in answer.citations} == {chosen}
    md = Path(handlers.export_answer(answer)).read_text(encoding="utf-8")
    assert md.startswith("**Kapan Xi dan Putin berbicara?**") and "\n[1] " in md and "003\\_8ea2e4786c536e84" in md
    conversation = Path(handlers.export_chat(chat)).read_text(encoding="utf-8")
    assert conversation.startswith("# Kabar conversation") and "Kapan Xi dan Putin berbicara?" in conversation
    *_, bad = handlers.respond("Kapan?", [], 5, True, None, [], "kemarin", "")
    assert "since wants a date" in bad[0][-1]["content"]
    left, summary, status, _ = handlers.remove([chosen])
    assert len(left) == 4 and chosen not in {r[0] for r in left} and summary.startswith("**4** articles")
    assert status == "Removed 1 article(s)." and "⚠️" in handlers.remove(["nope.txt"])[2]

"""HTML pages: trafilatura's main text, plus the captions and table cells it leaves out, and the text of a page it
finds nothing in (index/html.py)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from index.html import read_html
from index.ingest import read_paths
from index.web import page_record

CAPTION = "Xi dan Putin berjabat tangan di Kremlin, Senin (20/3/2023)."
CELL = "Ekspor Rusia ke China naik 43 persen pada 2022 menurut data bea cukai."
PARAGRAPHS = ["Presiden China Xi Jinping tiba di Moskow pada Senin untuk kunjungan kenegaraan tiga hari.",
              "Kunjungan itu adalah yang pertama sejak invasi Rusia ke Ukraina setahun sebelumnya.",
              "Kedua pemimpin membahas pipa gas baru yang akan dibangun melalui Mongolia.",
              "Putin menyebut hubungan kedua negara berada pada titik tertinggi sepanjang sejarah."]


def news_page(caption: str = CAPTION, cell: str = CELL) -> str:
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS[:2])
    body += f'<figure><img src="x.jpg"><figcaption>{caption}</figcaption></figure>'
    body += f"<table><tr><th>Data</th><th>Nilai</th></tr><tr><td>{cell}</td><td>114 miliar</td></tr></table>"
    body += "".join(f"<p>{p}</p>" for p in PARAGRAPHS[2:])
    return ("<html><head><title>Xi di Moskow</title></head><body>"
            '<nav><a href="/">Beranda</a> <a href="/dunia">Dunia</a> <a href="/ekonomi">Ekonomi</a></nav>'
            f"<article><h1>Xi dan Putin bertemu di Moskow</h1>{body}</article>"
            "<aside><p>Terpopuler: Harga emas naik hari ini</p></aside><footer>Hak cipta 2023</footer></body></html>")


def test_a_caption_and_a_table_cell_that_are_sentences_are_kept_and_the_boilerplate_is_not():
    page = read_html(news_page())
    text = "\n".join(page.lines)
    assert CAPTION in page.lines and CELL in page.lines
    assert all(p in text for p in PARAGRAPHS)
    assert [text.index(p) for p in PARAGRAPHS] == sorted(text.index(p) for p in PARAGRAPHS)  # the body keeps its order
    assert "Beranda" not in text and "Terpopuler" not in text and "114 miliar" not in text  # a cell that is no sentence
    assert page.title == "Xi dan Putin bertemu di Moskow"


def test_a_page_laid_out_in_a_table_keeps_its_paragraphs_apart_and_each_once():
    cell = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    page = read_html(f"<html><body><table><tr><td><a href='/'>Beranda</a></td></tr><tr><td>{cell}</td></tr>"
                     "</table></body></html>")
    for p in PARAGRAPHS:
        assert sum(p in line for line in page.lines) == 1
        assert p in page.lines


def test_an_html_file_with_little_or_no_markup_is_indexed_not_skipped(tmp_path):
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "plain.html").write_text(PARAGRAPHS[0] + "\n" + PARAGRAPHS[1] + "\n")
    (folder / "fragment.html").write_text(f"Judul\n\n<script>alert(1)</script> <b>{PARAGRAPHS[2]}</b>\n")
    articles, skipped = read_paths([folder])
    assert skipped == []
    lines = {a.article_id: [line.strip() for line in a.lines if line.strip()] for a in articles}
    assert PARAGRAPHS[0] in lines["plain.html"][0] and PARAGRAPHS[1] in " ".join(lines["plain.html"])
    assert PARAGRAPHS[2] in lines["fragment.html"] and "alert" not in " ".join(lines["fragment.html"])
    assert {a.source for a in articles} == {"d"}  # no address or site in the page: its folder, as for a .txt


def test_a_fetched_page_keeps_its_caption_too():
    record = page_record("http://127.0.0.1/a", news_page())
    assert CAPTION in record["text"].splitlines() and record["title"] == "Xi dan Putin bertemu di Moskow"


def test_hostile_markup_gives_no_text_and_no_error():
    for markup in ["<figcaption>" * 50_000, "<script>" * 50_000, "<td>" * 50_000, "<!--" * 50_000]:
        assert not any(line.strip() for line in read_html(markup).lines)


WORD = st.sampled_from(["Putin", "Xi", "bertemu", "di", "Beijing", "pada", "Rabu", "(15/6/2022)", "kerja", "sama",
                        "<b>Moskow</b>", "energi", "2022", "dan", "membahas"])
# eight words or more, with an escaped "&" (no word of its own) somewhere among them
SENTENCE = st.tuples(st.lists(WORD, min_size=8, max_size=30), st.integers(0, 8), st.booleans()).map(
    lambda t: " ".join(t[0][: t[1]] + ["&amp;"] * t[2] + t[0][t[1]:]) + ".")


@settings(max_examples=50, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(SENTENCE, SENTENCE)
def test_every_caption_and_cell_that_reads_as_a_sentence_survives(caption, cell):
    text = " ".join(read_html(news_page(caption, cell)).lines)
    for written in (caption, cell):
        shown = written.replace("<b>", "").replace("</b>", "").replace("&amp;", "&")
        assert " ".join(shown.split()) in text

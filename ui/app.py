"""The Gradio web chat. It holds no retrieval or answer logic: every answer comes from qa.Assistant."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import gradio as gr

from index import build_index
from index.ingest import SUFFIXES
from qa import Answer, Assistant, Settings
from qa.chain import MAX_QUESTION_CHARS, bound_question, turn_text
from ui.render import CSS, HEAD, answer_markdown, article_html, sources_html, text_markdown

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
CONCURRENCY = 4
# What one request may carry back and forth: the chat history is sent with every question and returned with
# every streamed step, so it is bounded at the server (turns kept, characters per turn).
MAX_HISTORY_TURNS = 20
MAX_TURN_CHARS = 8000
MAX_K = 20
# Gradio runs each step of a streaming answer on any thread of its pool (40 by default); every thread that
# touches torch gets its own OpenMP team and malloc arena, so server memory grew with every new thread
# (935 MB idle, 1.66 GB after 370 requests). A pool of a few threads and two arenas bound it.
MAX_THREADS = 2 * CONCURRENCY
MALLOC_ARENAS = 2


def limit_malloc_arenas(arenas: int = MALLOC_ARENAS) -> None:
    """glibc's M_ARENA_MAX (a no-op elsewhere)."""
    import ctypes
    import ctypes.util

    try:
        ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").mallopt(-8, arenas)  # -8: M_ARENA_MAX
    except (OSError, AttributeError):
        pass
EXAMPLES = [
    "When did Xi and Putin talk about Taiwan?",
    "Kapan Xi menelepon Putin pada Juni 2022?",
    "Aliansi militer apa yang dikritik Xi dan Putin?",
    "What did Putin say about Taiwan?",
]
_SCROLL_JS = "() => { setTimeout(() => document.getElementById('kabar-cited')?.scrollIntoView({block: 'center'}), 150); }"


def safe_upload_name(name: str) -> str:
    """A file name that cannot leave the uploads folder: no separators, no leading dots, allowed suffix only."""
    base = Path(name.replace("\\", "/")).name
    stem, suffix = Path(base).stem, Path(base).suffix.lower()
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", stem).lstrip("._-")[:100] or "upload"
    if suffix not in SUFFIXES:
        raise ValueError(f"{base}: only {', '.join(sorted(SUFFIXES))} files are accepted")
    return stem + suffix


def store_uploads(paths: list[str], index_dir: Path) -> list[Path]:
    """Copy uploaded temp files into ``index_dir/uploads`` under safe names, refusing big or foreign files."""
    target = (index_dir / "uploads").resolve()
    target.mkdir(parents=True, exist_ok=True)
    stored = []
    for p in paths:
        src = Path(p)
        if src.stat().st_size > MAX_UPLOAD_BYTES:
            raise ValueError(f"{src.name}: larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB")
        dst = (target / safe_upload_name(src.name)).resolve()
        if dst.parent != target:
            raise ValueError(f"{src.name}: unsafe name")
        shutil.copyfile(src, dst)
        stored.append(dst)
    return stored


def bounded_history(history: object) -> list[dict]:
    """The last ``MAX_HISTORY_TURNS`` turns as role/content messages, each cut to ``MAX_TURN_CHARS``; any
    shape Gradio sends (content as a string or a list of parts) is accepted, anything else dropped."""
    if not isinstance(history, list):
        return []
    out = []
    for turn in history[-MAX_HISTORY_TURNS:]:
        if not isinstance(turn, dict) or turn.get("role") not in ("user", "assistant"):
            continue
        text = turn_text(turn.get("content"))
        if text is not None:
            out.append({"role": turn["role"], "content": text[:MAX_TURN_CHARS]})
    return out


def corpus_summary(assistant: Assistant) -> str:
    m = assistant.index.manifest
    updated = dt.datetime.fromtimestamp(m.get("updated", 0)).strftime("%Y-%m-%d %H:%M")
    return (f"**{len(assistant.index.articles)}** articles · **{len(assistant.index)}** chunks · "
            f"model `{m['model']}` · updated {updated}")


def build_app(assistant: Assistant) -> gr.Blocks:
    index_dir = assistant.index.root.parent

    def respond(message: str, history: list, k: int, rerank: bool, mode: str | None = None) -> Iterator[tuple]:
        history = bounded_history(history)
        message = message if isinstance(message, str) else ""
        if not message.strip():  # Enter on an empty box: no bubble, nothing asked
            yield history, gr.update(), gr.update(), gr.update(), ""
            return
        message, _ = bound_question(message)  # what is echoed is the question answered
        k = min(max(int(k or 1), 1), MAX_K)
        if mode not in (None, *assistant.modes):
            mode = None
        history.append({"role": "user", "content": message})
        history.append({"role": "assistant", "content": "…"})
        answer: Answer | None = None
        streamed = ""
        try:
            for item in assistant.stream(message, history=history[:-2], k=int(k), rerank=bool(rerank), mode=mode):
                if isinstance(item, Answer):
                    answer = item
                else:  # LLM tokens as they come; the checked answer replaces them at the end
                    streamed += item
                    history[-1] = {"role": "assistant", "content": text_markdown(streamed)}
                    yield history, "", gr.update(), None, ""
        except ValueError as exc:
            history[-1] = {"role": "assistant", "content": f"⚠️ {exc}"}
            yield history, "", gr.update(choices=[], value=None), None, ""
            return
        assert answer is not None
        full = answer_markdown(answer)
        if not streamed:  # an extractive answer is ready at once; reveal it in steps so it reads like a chat
            words = full.split(" ")
            step = max(1, len(words) // 12)
            for i in range(0, len(words), step):
                history[-1] = {"role": "assistant", "content": " ".join(words[: i + step])}
                yield history, "", gr.update(), None, ""
                time.sleep(0.02)
        history[-1] = {"role": "assistant", "content": full}
        choices = [(f"[{c.n}] {c.title or c.source}", i) for i, c in enumerate(answer.citations)]
        yield history, sources_html(answer), gr.update(choices=choices, value=None), answer, ""

    def current_summary() -> str:
        assistant.refresh()
        return corpus_summary(assistant)

    def open_source(choice, answer: Answer | None) -> str:
        if answer is None or choice is None or not (0 <= int(choice) < len(answer.citations)):
            return ""
        c = answer.citations[int(choice)]
        art = assistant.index.articles.get(c.source)
        if art is None:
            return ""
        return article_html(art["title"], c.source, art["text"], c.article_spans)

    def upload(files: list | None, progress=gr.Progress()) -> tuple:
        if not files:
            return corpus_summary(assistant), "No file chosen.", gr.update()
        try:
            stored = store_uploads([f if isinstance(f, str) else f.name for f in files], index_dir)
        except ValueError as exc:
            return corpus_summary(assistant), f"⚠️ {exc}", gr.update()
        progress(0.05, desc="Indexing")
        report = build_index(stored, index_dir, prune=False, lock_wait_s=30,
                             on_progress=lambda done, total: progress(done / max(total, 1), desc="Embedding"))
        assistant.reload()
        skipped = "".join(f"\n- skipped `{Path(s['path']).name}`: {s['reason']}" for s in report.skipped)
        # The list is cleared so the next click does not send the same files again.
        return (corpus_summary(assistant), f"Indexed {len(stored)} file(s): {report.embedded} new chunks.{skipped}",
                gr.update(value=None))

    with gr.Blocks(title="Kabar") as demo:
        gr.Markdown("## Kabar — ask the news, get cited answers")
        last_answer = gr.State(None, time_to_live=3600)  # per browser session; dropped after an hour
        with gr.Row():
            with gr.Column(scale=3):
                chat = gr.Chatbot(label="Chat", height=460, elem_id="kabar-chat")
                question = gr.Textbox(placeholder="Ask in Indonesian or English…", show_label=False,
                                      elem_id="kabar-question", max_length=MAX_QUESTION_CHARS, submit_btn=True)
                gr.Examples(EXAMPLES, inputs=question)
            with gr.Column(scale=2):
                gr.Markdown("### Sources")
                sources = gr.HTML(elem_id="kabar-sources")
                pick = gr.Dropdown(label="Open a source", choices=[], elem_id="kabar-pick")
                article = gr.HTML(elem_id="kabar-article")
        with gr.Accordion("Settings", open=False):
            k = gr.Slider(1, 10, value=assistant.settings.retrieval.k, step=1, label="Passages")
            rerank = gr.Checkbox(value=assistant.settings.retrieval.rerank, label="Reranker")
            mode = gr.Radio(assistant.modes, value=assistant.default_mode, label="Answer",
                            info=f"llm: {assistant.settings.llm.describe()}; extractive: the article sentences themselves",
                            visible=len(assistant.modes) > 1)
        with gr.Accordion("Index", open=False):
            summary = gr.Markdown(corpus_summary(assistant))
            files = gr.File(label="Add articles (.txt .md .html .jsonl, up to 10 MB each)", file_count="multiple",
                            file_types=sorted(SUFFIXES))
            status = gr.Markdown()
            gr.Button("Index uploaded files").click(upload, files, [summary, status, files])
        question.submit(respond, [question, chat, k, rerank, mode], [chat, sources, pick, last_answer, question],
                        api_name="ask")
        demo.load(current_summary, None, summary, api_name=False)  # a reload shows the index as it is now
        pick.change(open_source, [pick, last_answer], article, api_name=False).then(None, js=_SCROLL_JS)
    demo.queue(default_concurrency_limit=CONCURRENCY, max_size=256)  # past 256 waiting, a clear "queue full"
    return demo


def serve(index_dir: str | Path, host: str = "127.0.0.1", port: int = 7860, articles: str | Path | None = None,
          block: bool = True, settings: Settings | None = None) -> gr.Blocks:
    """Start the web chat; build the index from ``articles`` first when it is missing."""
    index_dir = Path(index_dir)
    limit_malloc_arenas()
    if articles is not None and not (index_dir / "CURRENT").exists():
        build_index([articles], index_dir, progress=True)
    assistant = Assistant.load(index_dir, settings)
    demo = build_app(assistant)
    if block:  # Gradio's own banner is quiet: it suggests share=True, which would publish the corpus
        print(f"Kabar web chat on http://{host}:{port} (Ctrl+C to stop)", flush=True)
    demo.launch(server_name=host, server_port=port, prevent_thread_lock=not block, max_file_size=MAX_UPLOAD_BYTES,
                css=CSS, head=HEAD, footer_links=["api"], quiet=True, share=False, max_threads=MAX_THREADS)
    return demo

"""The Gradio web chat. It holds no retrieval or answer logic: every answer comes from qa.Assistant."""

from __future__ import annotations

from pathlib import Path

import gradio as gr

from index import build_index
from index.ingest import SUFFIXES
from qa import Assistant, Settings
from ui.handlers import MAX_UPLOAD_BYTES, ChatHandlers, corpus_summary
from ui.render import CSS, HEAD

CONCURRENCY = 4
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
    "Apa yang terjadi pada 16 Desember 2021?",
    "Ringkas semua berita tentang Ukraina",
]
_SCROLL_JS = "() => { setTimeout(() => document.getElementById('kabar-cited')?.scrollIntoView({block: 'center'}), 150); }"


def build_app(assistant: Assistant) -> gr.Blocks:
    """The page: chat and question box, sources and the opened article, settings, the index and uploads."""
    handlers = ChatHandlers(assistant)
    with gr.Blocks(title="Kabar") as demo:
        gr.Markdown("## Kabar — ask the news, get cited answers")
        last_answer = gr.State(None, time_to_live=3600)  # per browser session; dropped after an hour
        with gr.Row():
            with gr.Column(scale=3):
                chat = gr.Chatbot(label="Chat", height=460, elem_id="kabar-chat")
                question = gr.Textbox(placeholder="Ask in Indonesian or English…", show_label=False,
                                      elem_id="kabar-question", max_length=assistant.settings.max_question_chars,
                                      submit_btn=True)
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
        with gr.Accordion("Scope: ask within sources or dates", open=False):
            scope = gr.Dropdown(handlers.scope_choices(), value=[], multiselect=True,
                                label="Only these sources or articles", elem_id="kabar-scope")
            with gr.Row():
                since = gr.Textbox("", label="Published since (YYYY-MM-DD)", elem_id="kabar-since")
                until = gr.Textbox("", label="Published until (YYYY-MM-DD)", elem_id="kabar-until")
        with gr.Row():
            export = gr.DownloadButton("Download answer (Markdown)", elem_id="kabar-export-answer", size="sm")
            export_chat = gr.DownloadButton("Download conversation (Markdown)", elem_id="kabar-export-chat", size="sm")
        with gr.Accordion("Index", open=False):
            summary = gr.Markdown(corpus_summary(assistant))
            files = gr.File(label="Add articles (.txt .md .html .jsonl .pdf .docx, up to 10 MB each)", file_count="multiple",
                            file_types=sorted(SUFFIXES))
            status = gr.Markdown()
            upload = gr.Button("Index uploaded files").click(handlers.upload, files, [summary, status, files])
            articles = gr.Dataframe(headers=["id", "title", "source", "outlet", "published", "chunks", "added"],
                                    interactive=False, label="Articles", elem_id="kabar-articles", show_search="filter")
            to_remove = gr.Dropdown(sorted(assistant.index.articles), multiselect=True, label="Remove articles",
                                    elem_id="kabar-remove")
            removed = gr.Markdown()
            removal = gr.Button("Remove chosen articles", elem_id="kabar-remove-button").click(
                handlers.remove, to_remove, [articles, summary, removed, to_remove], api_name=False)
            for change in (upload, removal):
                change.then(handlers.corpus_lists, None, [articles, to_remove, scope], api_name=False)
        question.submit(handlers.respond, [question, chat, k, rerank, mode, scope, since, until, last_answer],
                        [chat, sources, pick, last_answer, question], api_name="ask")
        # the files are written once an answer is complete (not on every streamed step)
        last_answer.change(handlers.export_answer, last_answer, export, api_name=False).then(
            handlers.export_chat, chat, export_chat, api_name=False)
        demo.load(handlers.corpus_lists, None, [articles, to_remove, scope], api_name=False)
        demo.load(handlers.current_summary, None, summary, api_name=False)  # a reload shows the index as it is now
        pick.change(handlers.open_source, [pick, last_answer], article, api_name=False).then(None, js=_SCROLL_JS)
    demo.queue(default_concurrency_limit=CONCURRENCY, max_size=256)  # past 256 waiting, a clear "queue full"
    return demo


def serve(index_dir: str | Path, host: str = "127.0.0.1", port: int = 7860, articles: str | Path | None = None,
          block: bool = True, settings: Settings | None = None) -> gr.Blocks:
    """Start the web chat; build the index from ``articles`` first when it is missing."""
    index_dir = Path(index_dir)
    limit_malloc_arenas()
    if articles is not None and not (index_dir / "CURRENT").exists():
        build_index([articles], index_dir, progress=True, settings=(settings or Settings()).index)
    assistant = Assistant.load(index_dir, settings)
    demo = build_app(assistant)
    if block:  # Gradio's own banner is quiet: it suggests share=True, which would publish the corpus
        print(f"Kabar web chat on http://{host}:{port} (Ctrl+C to stop)", flush=True)
    demo.launch(server_name=host, server_port=port, prevent_thread_lock=not block, max_file_size=MAX_UPLOAD_BYTES,
                css=CSS, head=HEAD, footer_links=["api"], quiet=True, share=False, max_threads=MAX_THREADS)
    return demo

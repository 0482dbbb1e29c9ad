"""`kabar ask` and `kabar serve`: answers in the terminal and in the web chat."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from ui.cli import (
    DEFAULT_INDEX,
    ConfigOpt,
    IndexOpt,
    JsonOpt,
    LlmModelOpt,
    LlmOpt,
    LlmTimeoutOpt,
    _fail,
    _settings,
    app,
)


@app.command("ask")
def ask_cmd(
    question: Annotated[str, typer.Argument(help="The question, in Indonesian or English; '-' reads one question "
                                                  "per line from stdin and loads the model once for all of them.")],
    index: IndexOpt = DEFAULT_INDEX,
    k: Annotated[int | None, typer.Option(help="Passages to retrieve.")] = None,
    no_rerank: Annotated[bool, typer.Option("--no-rerank", help="Skip the reranker.")] = False,
    llm: LlmOpt = None,
    llm_model: LlmModelOpt = None,
    llm_timeout: LlmTimeoutOpt = None,
    as_of: Annotated[str | None, typer.Option(
        "--as-of", help="YYYY-MM-DD: 'tahun lalu', 'last month' in a question count from it (default: today).")] = None,
    source: Annotated[list[str] | None, typer.Option(
        "--source", help="Only these articles or sources (an id or a source name as `kabar list` shows; repeat).")
    ] = None,
    since: Annotated[str | None, typer.Option(help="Only articles published on or after YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="Only articles published on or before YYYY-MM-DD.")] = None,
    conversation: Annotated[bool, typer.Option(
        "--conversation", help="With '-': each question may follow up on the one before it (\"Apa yang mereka "
                               "bahas?\"), as in the web chat.")] = False,
    markdown: Annotated[bool, typer.Option("--markdown", help="Print the answer as Markdown with numbered "
                                                            "references (to paste or save).")] = False,
    config: ConfigOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Answer questions with cited passages (extractive; written by an LLM with --llm). For many questions use
    `kabar ask -` (one per line on stdin), `kabar serve`, or the Python API, which keep the model loaded."""
    import sys

    from index import IndexStoreError
    from qa import Assistant
    from qa.chain import prepare_question
    from qa.llm import LLMUnavailableError
    from qa.scope import Scope

    questions = [q for q in (line.strip() for line in sys.stdin) if q] if question == "-" else [question]
    settings = _settings(config, llm, llm_model, llm_timeout)
    settings.as_of = as_of or settings.as_of
    try:
        for q in questions:
            prepare_question(q, None, settings.max_question_chars)  # a bad question fails before the model loads
        Scope.make(source, since, until)  # so does a bad date
        assistant = Assistant.load(index, settings)
    except (IndexStoreError, LLMUnavailableError, ValueError) as exc:
        _fail(str(exc))
    answer = None
    for i, q in enumerate(questions):
        try:
            history = [answer] if conversation and answer is not None else None
            answer = assistant.ask(q, history=history, k=k, rerank=False if no_rerank else None, sources=source,
                                   since=since, until=until)
        except (IndexStoreError, LLMUnavailableError, ValueError) as exc:
            _fail(str(exc))
        if as_json:
            print(json.dumps(answer.to_dict(), ensure_ascii=False), flush=True)
        elif markdown:
            print(answer.to_markdown(), flush=True)
        else:
            _print_answer(answer, heading=q if len(questions) > 1 else None, first=i == 0)


def _print_answer(answer, heading: str | None, first: bool) -> None:
    from rich.console import Console

    console = Console(highlight=False)
    if heading is not None:
        console.print(("" if first else "\n") + f"Q: {heading}", style="bold cyan", markup=False)
    for notice in answer.notices:
        console.print(f"note: {notice}", style="yellow", markup=False)
    console.print(answer.text, markup=False)
    for c in answer.citations:
        dated = f" ({c.place(besides=c.source)})" if c.place(besides=c.source) else ""
        console.print(f"\n[{c.n}] {c.title} — {c.source}{dated}", style="bold", markup=False)
        console.print(f"    “{c.quote}”", markup=False)
    console.print(f"\n({answer.timings_ms.get('total', 0):.0f} ms)", style="dim", markup=False)


@app.command("serve")
def serve_cmd(
    index: IndexOpt = DEFAULT_INDEX,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 7860,
    articles: Annotated[Path | None, typer.Option(help="Build the index from this folder when it is missing.")] = None,
    llm: LlmOpt = None,
    llm_model: LlmModelOpt = None,
    llm_timeout: LlmTimeoutOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Start the web chat."""
    from index import IndexStoreError
    from qa.llm import LLMUnavailableError
    from ui.app import serve

    settings = _settings(config, llm, llm_model, llm_timeout)
    try:
        if settings.llm.provider == "local":
            from qa.llm import make_chat_model

            make_chat_model(settings.llm)  # load (and prepare) the GGUF before the first question
        serve(index, host=host, port=port, articles=articles, settings=settings)
    except (IndexStoreError, LLMUnavailableError) as exc:
        _fail(str(exc))


@app.command("timeline")
def timeline_cmd(
    query: Annotated[str, typer.Argument(help="What the timeline is about, e.g. 'Xi dan Putin'.")],
    index: IndexOpt = DEFAULT_INDEX,
    passages: Annotated[int, typer.Option(help="Passages searched for dated events.")] = 20,
    config: ConfigOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """The dated events about QUERY across the articles, in date order, each with its sources."""
    from index import IndexStoreError
    from qa import Assistant
    from qa.lang import detect_language

    try:
        timeline = Assistant.load(index, _settings(config)).timeline(query, passages=max(1, min(passages, 100)))
    except (IndexStoreError, ValueError) as exc:
        _fail(str(exc))
    if as_json:
        print(json.dumps(timeline.to_dict(), ensure_ascii=False))
        return
    _print_answer(timeline.as_answer(detect_language(query)), heading=None, first=True)

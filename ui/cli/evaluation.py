"""`kabar eval` and `kabar bench`: quality and speed figures."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from ui.cli import ConfigOpt, JsonOpt, LlmModelOpt, LlmOpt, LlmTimeoutOpt, _fail, _settings, app, bench_app


@app.command("eval")
def eval_cmd(
    beir: Annotated[Path | None, typer.Option(help="A BEIR folder (corpus.jsonl, queries, qrels/).")] = None,
    split: Annotated[str, typer.Option(help="valid or test.")] = "valid",
    against: Annotated[Path | None, typer.Option(help="Ask --beir's answerable questions against this BEIR folder's "
                                                "corpus instead (out of corpus: all should be refused).")] = None,
    translations: Annotated[Path | None, typer.Option(help="Ask only the questions this JSONL file translates, as "
                                                     "written and as translated (cross-lingual pairs).")] = None,
    questions: Annotated[Path | None, typer.Option(help="An article question file (JSONL).")] = None,
    articles: Annotated[Path, typer.Option(help="Articles the question file is about.")] = Path("data/articles"),
    systems: Annotated[str | None, typer.Option(help="Comma-separated: bm25,dense,rrf,hybrid,kabar,langchain.")] = None,
    limit: Annotated[int | None, typer.Option(help="Only the first N questions (smoke runs).")] = None,
    no_answers: Annotated[bool, typer.Option("--no-answers", help="Skip answer-level metrics.")] = False,
    out: Annotated[Path, typer.Option(help="Folder for the JSON, Markdown and PNG report.")] = Path("eval/results"),
    cache: Annotated[Path, typer.Option(help="Where benchmark indexes are cached.")] = Path(".kabar/eval-cache"),
    model: Annotated[str | None, typer.Option(help="Embedding model (e.g. multilingual-e5-small@onnx-int8).")] = None,
    store: Annotated[str | None, typer.Option(help="Index the corpus in 'milvus:URI' (and report its top-10 "
                                                   "overlap with the local store).")] = None,
    llm: LlmOpt = None,
    llm_model: LlmModelOpt = None,
    llm_timeout: LlmTimeoutOpt = None,
    config: ConfigOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Score retrieval and answers on a benchmark, with baselines side by side (answers by an LLM with --llm)."""
    from eval.datasets import load_beir, load_question_file, out_of_corpus, with_translations
    from eval.report import markdown_table, save
    from eval.runner import SYSTEMS, run_benchmark

    if (beir is None) == (questions is None):
        _fail("give exactly one of --beir DIR or --questions FILE")
    try:
        bench = load_beir(beir, split) if beir else load_question_file(questions, articles)
        if against is not None:
            if beir is None:
                _fail("--against needs --beir")
            bench = out_of_corpus(bench, load_beir(against, split))
        if translations is not None:
            bench = with_translations(bench, translations)
    except FileNotFoundError as exc:
        _fail(str(exc))
    names = systems.split(",") if systems else (["kabar"] if against is not None else SYSTEMS)
    unknown = set(names) - set(SYSTEMS)
    if unknown:
        _fail(f"unknown systems: {', '.join(sorted(unknown))}")
    log = (lambda m: None) if as_json else (lambda m: typer.echo(m, err=True))
    result = run_benchmark(bench, names, cache=cache, answers=not no_answers, limit=limit, progress=log, model=model,
                           settings=_settings(config, llm, llm_model, llm_timeout), store=store)
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


@app.command("eval-dates")
def eval_dates_cmd(
    dataset: Annotated[Path | None, typer.Argument(help="Annotated paragraphs (JSONL); default: the bundled set.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Score date resolution (explicit and relative dates apart) on hand-annotated paragraphs."""
    from eval.dates import DEFAULT_SET, score_dates

    result = score_dates(dataset or DEFAULT_SET)
    if as_json:
        print(json.dumps(result, ensure_ascii=False))
        return
    for kind, m in result["kinds"].items():
        typer.echo(f"{kind:9} recall {m['recall']}  precision {m['precision']}  ({m['gold_dates']} dates; "
                   f"{m['invented']} invented of {m['unresolvable_in_gold']} that nothing fixes)")
    for e in result["errors"]:
        typer.echo(f"  {e['id']}: {e['text']!r} gold {e['gold']} kabar {e['kabar']}")


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


@bench_app.command("dates")
def bench_dates_cmd(
    articles: Annotated[int, typer.Option(help="Articles in the index (the sample's, repeated).")] = 100_000,
    as_json: JsonOpt = False,
) -> None:
    """What a "what happened on <date>" question costs: the one-off read of every article's dates, then the
    selection of a window's mentions."""
    from eval.bench_dates import bench_dates

    _print_bench(bench_dates(articles), as_json)


@bench_app.command("scale")
def bench_scale_cmd(
    chunks: Annotated[int, typer.Option(help="Chunks in the index (real sentences recombined, mixed real vectors).")]
    = 1_000_000,
    work: Annotated[Path | None, typer.Option(help="Build under this folder (default: a temporary one, removed).")]
    = None,
    as_json: JsonOpt = False,
) -> None:
    """Build an index of --chunks chunks, load it and answer in a fresh process: build time, retrieval and ask
    latency, HNSW recall@10 against exact search, peak memory, size on disk."""
    from eval.scale import bench_scale

    _print_bench(bench_scale(chunks, work), as_json)


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
    from eval.loadtest import bench_load

    _print_bench(bench_load(clients, seconds), as_json)

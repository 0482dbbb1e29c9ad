"""`kabar index`, `kabar list`, `kabar remove`: build or update an index, see what it holds, take articles out."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from ui.cli import DEFAULT_INDEX, ConfigOpt, IndexOpt, JsonOpt, _fail, _settings, app


@app.command("index")
def index_cmd(
    paths: Annotated[list[str], typer.Argument(help="Files and folders of articles (.txt .md .html .jsonl .pdf .docx), "
                                                 "and web pages by address (http:// or https://).")],
    index: IndexOpt = DEFAULT_INDEX,
    model: Annotated[str | None, typer.Option(help="Embedding model (default: the index's, else e5-small).")] = None,
    rebuild: Annotated[bool, typer.Option(help="Re-embed everything (needed to change the model).")] = False,
    max_mb: Annotated[float | None, typer.Option(help="Skip files larger than this many MB (default 20).")] = None,
    wait: Annotated[float, typer.Option(help="Seconds to wait for another writer's lock.")] = 0.0,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show what cleaning removed per article.")] = False,
    published: Annotated[str | None, typer.Option(
        help="Publication date (YYYY-MM-DD) for files that carry none (nor a dateline); relative dates count from it.")
    ] = None,
    refresh: Annotated[bool, typer.Option(help="Fetch web pages again (else a page is fetched once).")] = False,
    store: Annotated[str | None, typer.Option(
        help="Where vectors and BM25 live: 'local' (FAISS + BM25 in the folder) or 'milvus:URI' (a .db path for "
             "Milvus Lite, http(s)://host:19530 for a server or cluster). Default: the index's own, else local.")
    ] = None,
    ray: Annotated[bool, typer.Option(help="Embed through Ray Data (a local Ray unless --ray-address).")] = False,
    ray_address: Annotated[str | None, typer.Option(help="A Ray cluster to embed on, e.g. ray://head:10001.")] = None,
    config: ConfigOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Build or update an index incrementally."""
    from index import IndexStoreError, build_index
    from index.published import parse_published
    from index.web import is_url

    date = parse_published(published) if published else None
    if published and date is None:
        _fail(f"--published wants a date such as 2024-02-08, not {published!r}")
    missing = [p for p in paths if not is_url(p) and not Path(p).exists()]
    if missing:
        _fail(f"no such file or folder: {', '.join(missing)}")
    try:
        settings = _settings(config).index
        report = build_index(paths, index, model=model or _configured_model(settings), rebuild=rebuild,
                             max_file_bytes=int(max_mb * 1024 * 1024) if max_mb else None, progress=not as_json,
                             lock_wait_s=wait, settings=settings, published=date, refresh=refresh,
                             store=store, ray=ray_address or ray)
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


def _configured_model(settings) -> str | None:
    """The model a settings file or variable names; None leaves an existing index on its own model."""
    from index.settings import DEFAULT_INDEX_MODEL

    return settings.model if settings.model != DEFAULT_INDEX_MODEL else None


@app.command("list")
def list_cmd(index: IndexOpt = DEFAULT_INDEX, as_json: JsonOpt = False) -> None:
    """The indexed articles: id, title, source, the outlet it names, publication date, chunks, when added (newest
    first)."""
    from index import IndexStoreError
    from index.catalog import list_articles

    try:
        rows = list_articles(index)
    except IndexStoreError as exc:
        _fail(str(exc))
    if as_json:
        print(json.dumps([r.to_dict() for r in rows], ensure_ascii=False))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("id", "title", "source", "outlet", "published", "chunks", "added")
    for r in rows:
        table.add_row(r.article_id, r.title, r.source, r.outlet or "–", r.published or "–", str(r.chunks),
                      (r.added or "–").replace("T", " ").removesuffix("+00:00"))
    Console().print(table)
    typer.echo(f"{len(rows)} articles in {index}")


@app.command("remove")
def remove_cmd(
    ids: Annotated[list[str], typer.Argument(help="Article ids, as `kabar list` shows them.")],
    index: IndexOpt = DEFAULT_INDEX,
    wait: Annotated[float, typer.Option(help="Seconds to wait for another writer's lock.")] = 0.0,
    as_json: JsonOpt = False,
) -> None:
    """Take articles out of the index (nothing is re-embedded; indexing their files again brings them back)."""
    from index import IndexStoreError
    from index.catalog import remove_articles

    try:
        gone = remove_articles(index, ids, lock_wait_s=wait)
    except KeyError as exc:
        _fail(str(exc.args[0]))
    except IndexStoreError as exc:
        _fail(str(exc))
    if as_json:
        print(json.dumps({"removed": gone}, ensure_ascii=False))
    else:
        typer.echo(f"removed {len(gone)} article(s) from {index}: {', '.join(gone)}")

"""The indexing pipeline: files -> clean articles -> dates -> chunks -> vectors -> a new generation.

Incremental by content hash (model + chunker settings + title + cleaned text): unchanged articles keep
their vectors, changed and new ones are embedded, articles whose files vanished from the indexed
folders are dropped, and a run that changes nothing writes nothing.
"""

from __future__ import annotations

import hashlib
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from index.chunk import chunk_article
from index.clean import clean_lines, common_lines
from index.dates import find_dates
from index.embed import DEFAULT_MODEL, get_encoder
from index.ingest import MAX_FILE_BYTES, RawArticle, Skipped, parse_published, read_paths
from index.store import (
    ModelMismatchError,
    load_index,
    remove_temporary,
    resolve_generation,
    write_generation,
    writer_lock,
)
from index.textsearch import BM25Index

CHUNKER = {"target_words": 60, "max_words": 160, "overlap": 1}


@dataclass
class BuildReport:
    articles: int = 0
    chunks: int = 0
    embedded: int = 0
    removed: int = 0
    skipped: list[dict] = field(default_factory=list)
    seconds: float = 0.0
    changed: bool = False
    warnings: list[str] = field(default_factory=list)
    cleaning: dict[str, list[tuple[str, str]]] = field(default_factory=dict)

    def to_json(self) -> dict:
        d = asdict(self)
        d.pop("cleaning")
        return d


@dataclass
class CleanArticle:
    article_id: str
    title: str
    text: str
    source: str
    path: str
    published: str | None
    removed: list[tuple[str, str]]


def clean_articles(raw: list[RawArticle]) -> tuple[list[CleanArticle], list[Skipped]]:
    """Clean every article, with lines repeated across a source's articles treated as boilerplate."""
    by_source: dict[str, list[RawArticle]] = defaultdict(list)
    for art in raw:
        by_source[art.source].append(art)
    out: list[CleanArticle] = []
    skipped: list[Skipped] = []
    seen_text: dict[str, str] = {}
    seen_id: set[str] = set()
    for arts in by_source.values():
        common = common_lines([a.lines for a in arts])
        for art in arts:
            res = clean_lines(art.lines, title=art.title, common=common)
            if not res.text.strip():
                skipped.append(Skipped(art.path, "no content left after removing boilerplate"))
                continue
            digest = hashlib.sha256(res.text.encode()).hexdigest()
            if digest in seen_text:
                skipped.append(Skipped(art.path, f"duplicate of {seen_text[digest]}"))
                continue
            if art.article_id in seen_id:
                skipped.append(Skipped(art.path, f"duplicate article id {art.article_id}"))
                continue
            seen_text[digest] = art.article_id
            seen_id.add(art.article_id)
            published = art.published.isoformat() if art.published else None
            out.append(CleanArticle(art.article_id, res.title, res.text, art.source, art.path, published, res.removed))
    return out, skipped


def content_hash(model: str, art: CleanArticle) -> str:
    h = hashlib.sha256()
    for part in (model, repr(sorted(CHUNKER.items())), art.title, art.text, art.published or ""):
        h.update(part.encode())
        h.update(b"\x00")
    return h.hexdigest()


def embedding_text(title: str, text: str) -> str:
    return f"{title}\n{text}" if title else text


def _under(path: str, roots: list[Path]) -> bool:
    p = Path(path.rsplit(":", 1)[0] if path.rsplit(":", 1)[-1].isdigit() else path).resolve()
    return any(p == r or r in p.parents for r in roots)


def build_index(
    paths: Iterable[str | Path],
    index_dir: str | Path,
    model: str | None = None,
    rebuild: bool = False,
    max_file_bytes: int = MAX_FILE_BYTES,
    progress: bool = False,
    on_progress: Callable[[int, int], None] | None = None,
    prune: bool = True,
    lock_wait_s: float = 0.0,
    batch_size: int = 32,
) -> BuildReport:
    """Index ``paths`` into ``index_dir``; see the module docstring for what is reused and what is dropped."""
    t0 = time.perf_counter()
    root = Path(index_dir)
    paths = [Path(p) for p in paths]
    with writer_lock(root, wait_s=lock_wait_s):
        remove_temporary(root)  # what an interrupted run left behind
        old = None
        live, _ = resolve_generation(root)
        if not rebuild and live is not None:
            old = load_index(root)  # a damaged index is an error that names the file, never a silent rebuild
        if old is not None and model and old.model != model:
            raise ModelMismatchError(
                f"index at {root} was built with model {old.model!r}, not {model!r}; "
                "add --rebuild to re-embed everything with the new model"
            )
        model = model or (old.model if old else DEFAULT_MODEL)

        raw, skipped = read_paths(paths, max_file_bytes)
        articles, more_skipped = clean_articles(raw)
        skipped += more_skipped
        report = BuildReport(skipped=[{"path": s.path, "reason": s.reason} for s in skipped])
        if old is not None and old.warning:
            report.warnings.append(old.warning)
        report.cleaning = {a.article_id: a.removed for a in articles}

        old_articles = old.articles if old else {}
        roots = [p.resolve() for p in paths]
        kept_old_ids = {aid for aid, rec in old_articles.items() if not (prune and _under(rec["path"], roots))}
        new_ids = {a.article_id for a in articles}
        report.removed = sum(1 for aid in old_articles if aid not in new_ids and aid not in kept_old_ids)
        carried = [aid for aid in old_articles if aid in kept_old_ids and aid not in new_ids]

        records: list[dict] = []
        chunk_rows: list[dict] = []
        vec_parts: list[np.ndarray] = []
        to_embed: list[tuple[int, int]] = []  # (first row, count) of fresh chunks, filled after encoding
        fresh_texts: list[str] = []

        def reuse(aid: str) -> None:
            rows = old.rows_of(aid)
            records.append(old_articles[aid])
            chunk_rows.extend(old.chunks[r] for r in rows)
            vec_parts.append(np.asarray(old.vectors[rows]) if rows else np.zeros((0, old.vectors.shape[1]), np.float32))

        for aid in carried:
            reuse(aid)
        for art in articles:
            digest = content_hash(model, art)
            if aid_unchanged(old_articles, art.article_id, digest):
                reuse(art.article_id)
                continue
            chunks = chunk_article(art.article_id, art.title, art.text, **CHUNKER)
            dates = [d.to_dict() for d in find_dates(art.text, parse_published(art.published))]
            records.append({"article_id": art.article_id, "title": art.title, "source": art.source, "path": art.path,
                            "published": art.published, "hash": digest, "text": art.text, "dates": dates,
                            "chunks": len(chunks)})
            to_embed.append((len(chunk_rows), len(chunks)))
            chunk_rows.extend(asdict(c) for c in chunks)
            fresh_texts.extend(embedding_text(c.title, c.text) for c in chunks)
            vec_parts.append(None)  # placeholder, filled below in order

        report.embedded = len(fresh_texts)
        report.changed = bool(fresh_texts) or report.removed > 0 or old is None or rebuild or bool(report.warnings)
        if not report.changed and old is not None and len(records) == len(old_articles):
            report.articles, report.chunks = len(old.articles), len(old.chunks)
            report.seconds = round(time.perf_counter() - t0, 3)
            return report

        encoder = get_encoder(model) if fresh_texts or old is None else None
        fresh = encoder.encode_passages(fresh_texts, batch_size=batch_size, progress=progress) if fresh_texts else None
        dim = encoder.dim if encoder else old.vectors.shape[1]
        pos = 0
        fill = iter(to_embed)
        for i, part in enumerate(vec_parts):
            if part is None:
                _, count = next(fill)
                vec_parts[i] = fresh[pos : pos + count]
                pos += count
                if on_progress:
                    on_progress(pos, len(fresh_texts))
        vectors = np.concatenate(vec_parts) if vec_parts else np.zeros((0, dim), np.float32)
        bm25 = BM25Index().fit([embedding_text(c["title"], c["text"]) for c in chunk_rows])
        manifest = {"model": model, "dim": int(dim), "chunker": CHUNKER, "articles": len(records),
                    "chunks": len(chunk_rows)}
        write_generation(root, manifest, records, chunk_rows, vectors, bm25, replaces=old.root if old else live)
        report.articles, report.chunks = len(records), len(chunk_rows)
        report.seconds = round(time.perf_counter() - t0, 3)
        return report


def aid_unchanged(old_articles: dict[str, dict], article_id: str, digest: str) -> bool:
    rec = old_articles.get(article_id)
    return rec is not None and rec.get("hash") == digest

"""The indexing pipeline: files -> clean articles -> dates -> chunks -> vectors -> a new generation.

Incremental by content hash (model and its engine's recipe + chunker settings + title + cleaned text + date):
unchanged articles keep their vectors, changed and new ones are embedded, articles whose files vanished from the
indexed folders are dropped, and a run that changes nothing writes nothing. Vectors made by another recipe of the
model's engine (the manifest's ``engine``) are embedded again, those of articles kept from other folders too.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from index.articles import CleanArticle, clean_articles  # noqa: F401 - clean_articles is part of this API
from index.chunk import chunk_article
from index.dates import DATES_VERSION, find_dates
from index.distributed import encode_passages
from index.embed import embedded_by_another_engine, engine_recipe, get_encoder
from index.ingest import read_paths
from index.milvus import MilvusStore, choose_store, milvus_rows, open_store
from index.published import article_outlet, parse_published
from index.records import ArticleRecord, ChunkRecord, DateRecord
from index.sentences import BRACKET_AFTER_STOP
from index.settings import IndexSettings
from index.store import (
    Index,
    ModelMismatchError,
    load_index,
    remove_temporary,
    resolve_generation,
    write_generation,
    writer_lock,
)
from index.textsearch import BM25Index
from index.web import fetch_urls


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


def content_hash(model: str, art: CleanArticle, settings: IndexSettings | None = None) -> str:
    chunker = asdict((settings or IndexSettings()).chunker)
    h = hashlib.sha256()
    recipe = engine_recipe(model)  # none for a plain model name: its older indexes keep their hashes
    # an article with a bracket after a stop is split by the footnote-aware splitter, so it is hashed apart from
    # the chunks an older splitter gave it; every other article keeps its hash (and its vectors)
    splitter = ["footnote-aware splitter"] if BRACKET_AFTER_STOP.search(art.text) else []
    for part in (f"{model}|{recipe}" if recipe else model, repr(sorted(chunker.items())), art.title, art.text,
                 art.published or "", *splitter):
        h.update(part.encode())
        h.update(b"\x00")
    return h.hexdigest()


def embedding_text(title: str, text: str) -> str:
    return f"{title}\n{text}" if title else text


def _under(path: str, roots: list[Path]) -> bool:
    p = Path(path.rsplit(":", 1)[0] if path.rsplit(":", 1)[-1].isdigit() else path).resolve()
    return any(p == r or r in p.parents for r in roots)


@dataclass
class _Assembly:
    """The next generation's rows in order: reused articles carry their vectors, fresh ones wait for theirs."""

    records: list[ArticleRecord] = field(default_factory=list)
    chunks: list[ChunkRecord] = field(default_factory=list)
    vectors: list[np.ndarray | None] = field(default_factory=list)  # None: the fresh chunks of one article
    fresh_counts: list[int] = field(default_factory=list)
    redated: int = 0  # kept articles whose dates an older date finder read, read again (nothing re-embedded)

    def reuse(self, old: Index, aid: str) -> None:
        rows = old.rows_of(aid)
        record = old.articles[aid]
        if old.meta[aid].get("dates_version") != DATES_VERSION:
            record = {**record, "dates": article_dates(record["text"], record["published"]),
                      "dates_version": DATES_VERSION}
            self.redated += 1
        if "outlet" not in record:  # an index built before the outlet was kept
            record = {**record, "outlet": article_outlet(record["source"], record["path"], record["text"])}
        self.records.append(record)
        self.chunks.extend(old.chunks[r] for r in rows)
        # an index in Milvus keeps its vectors there: nothing to carry over
        local = rows and old.remote is None
        self.vectors.append(np.asarray(old.vectors[rows]) if local else np.zeros((0, old.vectors.shape[1]), np.float32))

    def add(self, art: CleanArticle, digest: str, settings: IndexSettings, added: str | None = None) -> None:
        """``added``: when the article first entered the index (kept when its content changes); else now."""
        chunks = chunk_article(art.article_id, art.title, art.text, **asdict(settings.chunker))
        dates = article_dates(art.text, art.published)
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        self.records.append({"article_id": art.article_id, "title": art.title, "source": art.source, "path": art.path,
                             "published": art.published, "published_from": art.published_from, "hash": digest,
                             "text": art.text, "dates": dates, "dates_version": DATES_VERSION, "chunks": len(chunks),
                             "outlet": article_outlet(art.source, art.path, art.text), "added": added or now,
                             **({"pages": art.pages} if art.pages else {})})
        self.chunks.extend(asdict(c) for c in chunks)
        self.fresh_counts.append(len(chunks))
        self.vectors.append(None)

    def stacked_vectors(self, fresh: np.ndarray | None, dim: int) -> np.ndarray:
        counts, pos = iter(self.fresh_counts), 0
        parts = []
        for part in self.vectors:
            if part is None:
                n = next(counts)
                part, pos = fresh[pos : pos + n], pos + n
            parts.append(part)
        return np.concatenate(parts) if parts else np.zeros((0, dim), np.float32)


def article_dates(text: str, published: str | None) -> list[DateRecord]:
    return [d.to_dict() for d in find_dates(text, parse_published(published))]


def _open_previous(root: Path, rebuild: bool, model: str | None) -> tuple[Index | None, Path | None]:
    """The live generation this run updates (None on --rebuild or a new index), and where it lives."""
    live, _ = resolve_generation(root)
    old = load_index(root) if not rebuild and live is not None else None  # damage is an error, never a rebuild
    if old is not None and model and old.model != model:
        raise ModelMismatchError(
            f"index at {root} was built with model {old.model!r}, not {model!r}; "
            "add --rebuild to re-embed everything with the new model"
        )
    return old, live


def _assemble(old: Index | None, articles: list[CleanArticle], roots: list[Path], prune: bool, model: str,
              settings: IndexSettings, report: BuildReport) -> _Assembly:
    """Keep what is unchanged (and what lies outside the folders indexed now), chunk what is new or changed."""
    old_articles = old.meta if old else {}  # light fields: hash and path decide
    kept = {aid for aid, rec in old_articles.items() if not (prune and _under(rec["path"], roots))}
    new_ids = {a.article_id for a in articles}
    report.removed = sum(1 for aid in old_articles if aid not in new_ids and aid not in kept)
    out = _Assembly()
    other_engine = old is not None and embedded_by_another_engine(old.manifest)
    if other_engine and old_articles:
        report.warnings.append(f"vectors made by another recipe of {model}'s engine: embedding every article again")
    for aid in old_articles:
        if aid in kept and aid not in new_ids:
            if other_engine:  # read again from its record: its file is in a folder not indexed now
                art = article_from_record(old.articles[aid])
                out.add(art, content_hash(model, art, settings), settings, old_articles[aid].get("added"))
            else:
                out.reuse(old, aid)
    for art in articles:
        digest = content_hash(model, art, settings)
        if aid_unchanged(old_articles, art.article_id, digest):
            out.reuse(old, art.article_id)
        else:
            out.add(art, digest, settings, old_articles.get(art.article_id, {}).get("added"))
    return out


def build_index(
    paths: Iterable[str | Path],
    index_dir: str | Path,
    model: str | None = None,
    rebuild: bool = False,
    max_file_bytes: int | None = None,
    progress: bool = False,
    on_progress: Callable[[int, int], None] | None = None,
    prune: bool = True,
    lock_wait_s: float = 0.0,
    batch_size: int | None = None,
    settings: IndexSettings | None = None,
    published: dt.date | None = None,
    refresh: bool = False,
    store: str | None = None,
    ray: str | bool | None = None,
) -> BuildReport:
    """Index ``paths`` into ``index_dir``; see the module docstring for what is reused and what is dropped.
    ``model`` (else the index's own, else ``settings.model``), ``max_file_bytes`` and ``batch_size`` override
    ``settings``. ``published`` dates the articles that carry no date of their own (nor a dateline). A path may
    be a web address (index.web): fetched once into ``<index_dir>/web/``, again only with ``refresh``.
    ``store``: "local" (FAISS + BM25 in the folder) or "milvus:URI" (index.milvus); default: the index's own.
    ``ray``: embed through Ray Data (True: a local Ray; a string: a cluster's address; index.distributed)."""
    t0 = time.perf_counter()
    settings = settings or IndexSettings()
    root = Path(index_dir)
    paths, unfetched = fetch_urls(list(paths), root / "web", refresh)  # before the lock: the network is slow
    paths = [Path(p) for p in paths]
    with writer_lock(root, wait_s=lock_wait_s):
        remove_temporary(root)  # what an interrupted run left behind
        old, live = _open_previous(root, rebuild, model)
        model = model or (old.model if old else settings.model)
        remote = open_store(root, choose_store(root, old, store), rebuild, old, settings.bm25.k1, settings.bm25.b)
        raw, skipped = read_paths(paths, max_file_bytes or settings.max_file_bytes)
        articles, more_skipped = clean_articles(raw, published)
        report = BuildReport(skipped=[{"path": s.path, "reason": s.reason}
                                      for s in unfetched + skipped + more_skipped])
        if old is not None and old.warning:
            report.warnings.append(old.warning)
        report.cleaning = {a.article_id: a.removed for a in articles}
        plan = _assemble(old, articles, [p.resolve() for p in paths], prune, model, settings, report)
        todo, stale = _work(plan, remote)
        report.embedded = len(todo)
        report.changed = (bool(todo) or stale or report.removed > 0 or old is None or rebuild or bool(report.warnings)
                          or plan.redated > 0)
        if not report.changed and old is not None and len(plan.records) == len(old.articles):
            report.articles, report.chunks = len(old.articles), len(old.chunks)
            report.seconds = round(time.perf_counter() - t0, 3)
            return report
        encoder = get_encoder(model) if todo or old is None else None
        texts = [embedding_text(plan.chunks[r]["title"], plan.chunks[r]["text"]) for r in todo]
        fresh = _embed(texts, encoder, model, batch_size or settings.batch_size, progress, ray, on_progress)
        dim = encoder.dim if encoder else old.vectors.shape[1]
        b = settings.bm25
        bm25 = BM25Index(b.k1, b.b, b.language).fit([embedding_text(c["title"], c["text"]) for c in plan.chunks])
        manifest = _manifest(model, dim, settings, plan, remote)
        replaces = old.root if old else live
        if remote is None:
            vectors = plan.stacked_vectors(fresh, dim)
            write_generation(root, manifest, plan.records, plan.chunks, vectors, bm25, replaces=replaces)
        else:
            publish_remote(root, remote, manifest, plan, todo, texts, fresh, bm25, replaces)
        report.articles, report.chunks = len(plan.records), len(plan.chunks)
        report.seconds = round(time.perf_counter() - t0, 3)
        return report


def _manifest(model: str, dim: int, settings: IndexSettings, plan: _Assembly, remote: MilvusStore | None) -> dict:
    """What made the new generation (model, its engine's recipe, shaping settings, store) and its size."""
    recipe = engine_recipe(model)
    return {"model": model, **({"engine": recipe} if recipe else {}), "dim": int(dim), **settings.shape(),
            "articles": len(plan.records), "chunks": len(plan.chunks), **(remote.manifest() if remote else {})}


def _embed(texts: list[str], encoder, model: str, batch_size: int, progress: bool,
           ray: str | bool | None, on_progress: Callable[[int, int], None] | None) -> np.ndarray | None:
    if not texts:
        return None
    fresh = encode_passages(encoder, model, texts, batch_size, progress, ray)
    if on_progress:
        on_progress(len(texts), len(texts))
    return fresh


def _work(plan: _Assembly, remote: MilvusStore | None) -> tuple[list[int], bool]:
    """The chunk rows to embed (fresh ones; with Milvus, those of every article it lacks, so a run cut short is
    completed) and whether Milvus holds rows the catalog no longer references."""
    if remote is None:
        fresh_ids = {c["article_id"] for c, v in zip(plan.records, plan.vectors) if v is None}
        return [i for i, c in enumerate(plan.chunks) if c["article_id"] in fresh_ids], False
    present = remote.present()
    missing = remote.missing(plan.records, present)
    wanted = {(a["article_id"], a["hash"]) for a in plan.records}
    return [i for i, c in enumerate(plan.chunks) if c["article_id"] in missing], any(k not in wanted for k in present)


def publish_remote(root: Path, remote: MilvusStore, manifest: dict, plan: _Assembly, todo: list[int],
                   texts: list[str], fresh: np.ndarray | None, bm25: BM25Index, replaces: Path | None) -> None:
    """Rows into Milvus first, then the catalog generation, then the unreferenced rows out (index.milvus says
    what a crash at each step leaves). ``texts``: the embedded texts of the ``todo`` rows."""
    remote.ensure(manifest["dim"])
    if todo:
        remote.upsert(milvus_rows(plan.records, plan.chunks, todo, fresh, bm25.tokenize(texts)))
    write_generation(root, manifest, plan.records, plan.chunks, None, bm25, replaces=replaces)
    remote.delete_unreferenced(plan.records)


def article_from_record(rec: ArticleRecord) -> CleanArticle:
    """An indexed article as the pipeline read it (what its cleaning removed was reported when it was read)."""
    return CleanArticle(rec["article_id"], rec["title"], rec["text"], rec["source"], rec["path"], rec["published"], [],
                        rec.get("published_from"), rec.get("pages"))


def aid_unchanged(old_articles: dict[str, ArticleRecord], article_id: str, digest: str) -> bool:
    rec = old_articles.get(article_id)
    return rec is not None and rec.get("hash") == digest

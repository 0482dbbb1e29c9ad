"""The corpus as a list: what an index holds (one row per article) and the removal of articles by id.

Removal writes a new generation without them, as an update does (atomic, under the writer lock): the other
articles keep their chunks and vectors, nothing is re-embedded, and BM25 is refitted on what remains. An article
whose file is indexed again comes back.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from index.build import _Assembly, embedding_text
from index.published import named_outlet
from index.store import Index, load_index, write_generation, writer_lock
from index.textsearch import BM25Index


@dataclass(frozen=True)
class ArticleSummary:
    article_id: str
    title: str
    source: str
    published: str | None  # ISO date, when the article carries one
    chunks: int
    path: str
    added: str | None = None  # when it entered the index (ISO, UTC); None in indexes built before this was kept
    outlet: str | None = None  # the outlet it names: its source, or its dateline's where the source is only a folder

    def to_dict(self) -> dict:
        return {"id": self.article_id, "title": self.title, "source": self.source, "outlet": self.outlet,
                "published": self.published, "chunks": self.chunks, "path": self.path, "added": self.added}


def list_articles(index_dir: str | Path | Index) -> list[ArticleSummary]:
    """The indexed articles, newest publication first (undated ones last), then by id."""
    ix = index_dir if isinstance(index_dir, Index) else load_index(index_dir)
    rows = [ArticleSummary(aid, rec.get("title") or "", rec.get("source") or "", rec.get("published"),
                           len(ix.rows_of(aid)), rec.get("path") or "", rec.get("added"),
                           # an index built before the outlet was kept: read from the article's first lines
                           named_outlet(rec if "outlet" in rec else ix.articles[aid]))
            for aid, rec in ix.meta.items()]
    rows.sort(key=lambda a: a.article_id)
    return sorted(rows, key=lambda a: a.published or "", reverse=True)


def remove_articles(index_dir: str | Path, article_ids: list[str], lock_wait_s: float = 0.0) -> list[str]:
    """Remove ``article_ids`` from the index; returns the ids that were there and are gone. Unknown ids are an
    error naming them (nothing is removed then)."""
    root = Path(index_dir)
    with writer_lock(root, wait_s=lock_wait_s):
        old = load_index(root)
        unknown = [a for a in article_ids if a not in old.articles]
        if unknown:
            raise KeyError(f"not in the index: {', '.join(unknown)}")
        gone = set(article_ids)
        plan = _Assembly()
        for aid in old.articles:
            if aid not in gone:
                plan.reuse(old, aid)
        # in Milvus (index.milvus) the vectors stay where they are; the catalog goes first, then the rows
        vectors = plan.stacked_vectors(None, old.vectors.shape[1]) if old.remote is None else None
        bm25 = BM25Index(**old.bm25.params).fit([embedding_text(c["title"], c["text"]) for c in plan.chunks])
        manifest = {k: v for k, v in old.manifest.items() if k not in ("format", "generation", "updated")}
        manifest.update(articles=len(plan.records), chunks=len(plan.chunks))
        write_generation(root, manifest, plan.records, plan.chunks, vectors, bm25, replaces=old.root)
        if old.remote is not None:
            old.remote.delete_unreferenced(plan.records)
    return list(article_ids)  # every one was there: an unknown id raised above

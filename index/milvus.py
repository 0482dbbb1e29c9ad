"""Milvus as an index's vector store: dense HNSW and BM25 over Kabar's own stemmed terms, in Milvus.

The index folder keeps the catalog (manifest, articles, chunk records, and the bm25s model whose tokenizer and
IDF the reranker reads); Milvus holds one row per chunk: ``pk`` ("<article hash[:16]>:<chunk id>"), article id,
article hash, the vector, and ``terms``: the chunk's stemmed, stopword-free BM25 tokens joined by spaces, which
Milvus's BM25 function indexes. Milvus has no Indonesian stemmer, so Kabar stems and Milvus only splits on
spaces: both stores score the same tokens.

URI: a path ending in ``.db`` is Milvus Lite (the engine in process, one process at a time);
``http(s)://host:19530`` a Milvus server or cluster, with ``MILVUS_TOKEN`` (or ``MILVUS_USER`` and
``MILVUS_PASSWORD``) from the environment.

What a crash leaves: an update upserts the chunks of articles Milvus lacks (new rows: the hash is in the pk),
then publishes the catalog generation, then deletes the rows no catalog article references. Rows in use are
never overwritten, so whatever the moment of a crash, the live catalog still finds every one of its chunks;
rows it does not know are skipped by readers (a hit whose pk the catalog lacks is dropped) and deleted by the
next run, which also completes an article left half-written.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from index.records import ArticleRecord, ChunkRecord

if TYPE_CHECKING:
    from index.store import Index

SCHEME = "milvus:"
_OVERFETCH = 2  # hits per wanted result, so rows a crash left behind cannot crowd out the live ones
_BATCH = 512


def is_milvus(store: str | None) -> bool:
    return bool(store) and store.startswith(SCHEME)


def connect(uri: str):
    """A pymilvus client for ``uri`` (a ``.db`` path: Milvus Lite; else a server, credentials from the environment);
    a store that cannot be opened is an IndexStoreError saying why."""
    import logging

    from index.errors import IndexStoreError

    try:
        from pymilvus import MilvusClient
    except ImportError:
        raise IndexStoreError("the Milvus store needs pymilvus and milvus-lite: pip install 'kabar[scale]'") from None
    # Milvus Lite does not implement the timestamp call pymilvus's query iterator starts with: the client warns
    # and the server logs a traceback, then both go on with a client-side timestamp. Nothing is wrong.
    logging.getLogger("pymilvus").setLevel(logging.ERROR)
    try:
        if uri.endswith(".db"):
            logging.getLogger("grpc._server").setLevel(logging.CRITICAL)
            logging.getLogger("milvus_lite").setLevel(logging.CRITICAL)  # its reason is in the error below
            os.makedirs(os.path.dirname(os.path.abspath(uri)), exist_ok=True)
            return MilvusClient(os.path.abspath(uri))
        token = os.environ.get("MILVUS_TOKEN") or ":".join(
            p for p in (os.environ.get("MILVUS_USER"), os.environ.get("MILVUS_PASSWORD")) if p)
        return MilvusClient(uri=uri, token=token)
    except Exception as exc:  # noqa: BLE001 - pymilvus raises its own types for every kind of failure
        hint = (" Milvus Lite serves one process at a time: is a `kabar serve` or another `kabar` using it? "
                "Stop that one, or use a Milvus server (milvus:http://host:19530)." if uri.endswith(".db") else "")
        raise IndexStoreError(f"cannot open Milvus at {uri}: {getattr(exc, 'message', None) or exc}.{hint}") from None


def _literal(text: str) -> str:
    """A string literal for a Milvus filter expression (Milvus Lite has no filter templates): JSON's escaping."""
    return json.dumps(text, ensure_ascii=False)


def row_key(article: ArticleRecord, chunk: ChunkRecord) -> str:
    return f"{article['hash'][:16]}:{chunk['chunk_id']}"


class MilvusStore:
    """One collection of one index; rows are the catalog's chunk rows, found by ``pk``."""

    def __init__(self, uri: str, collection: str, k1: float = 1.2, b: float = 0.75, ef: int = 128):
        self.uri, self.collection, self.k1, self.b, self.ef = uri, collection, k1, b, ef
        self.client = connect(uri)
        self.row_of: dict[str, int] = {}
        self.key_of: list[str] = []
        self.article_of: list[str] = []

    @classmethod
    def from_manifest(cls, manifest: dict) -> MilvusStore:
        """The store an index's manifest names, its collection loaded."""
        bm25, ann = manifest.get("bm25", {}), manifest.get("ann", {})
        store = cls(manifest["store"][len(SCHEME):], manifest["collection"], bm25.get("k1", 1.2), bm25.get("b", 0.75),
                    ann.get("ef_search", 256))
        store.ensure(manifest["dim"])
        return store

    @property
    def spec(self) -> str:
        return SCHEME + self.uri

    def attach(self, articles: Mapping[str, dict], chunks: Sequence[ChunkRecord]) -> MilvusStore:
        """Map Milvus rows to the catalog's chunk rows (a catalog generation, just loaded or just written)."""
        self.key_of = [row_key(articles[c["article_id"]], c) for c in chunks]
        self.article_of = [c["article_id"] for c in chunks]
        self.row_of = {k: i for i, k in enumerate(self.key_of)}
        return self

    def ensure(self, dim: int) -> None:
        """Create the collection (dense HNSW, BM25 over ``terms``) unless it exists; load it."""
        if not self.client.has_collection(self.collection):
            self._create(dim)
        self.client.load_collection(self.collection)

    def _create(self, dim: int) -> None:
        from pymilvus import DataType, Function, FunctionType

        s = self.client.create_schema(auto_id=False)
        s.add_field("pk", DataType.VARCHAR, is_primary=True, max_length=4096)
        s.add_field("article_id", DataType.VARCHAR, max_length=4096)
        s.add_field("hash", DataType.VARCHAR, max_length=64)
        s.add_field("vector", DataType.FLOAT_VECTOR, dim=dim)
        s.add_field("terms", DataType.VARCHAR, max_length=65535, enable_analyzer=True,
                    analyzer_params={"tokenizer": "standard"})
        s.add_field("sparse", DataType.SPARSE_FLOAT_VECTOR)
        s.add_function(Function(name="bm25", function_type=FunctionType.BM25, input_field_names=["terms"],
                                output_field_names=["sparse"]))
        ip = self.client.prepare_index_params()
        # Build parameters go as one JSON "params" entry, the wire form both Milvus and Milvus Lite read
        # (pymilvus 3 sends a flat dict as separate entries, which Milvus Lite drops: BM25 fell back to k1 1.5).
        ip.add_index("vector", index_type="HNSW", metric_type="IP", params={"params": {"M": 32, "efConstruction": 80}})
        ip.add_index("sparse", index_type="SPARSE_INVERTED_INDEX", metric_type="BM25",
                     params={"params": {"bm25_k1": self.k1, "bm25_b": self.b}})
        self.client.create_collection(self.collection, schema=s, index_params=ip)

    def manifest(self) -> dict:
        return {"store": self.spec, "collection": self.collection}

    def present(self) -> Counter:
        """Rows per (article id, hash) now in Milvus."""
        if not self.client.has_collection(self.collection):
            return Counter()
        it = self.client.query_iterator(self.collection, batch_size=4096, filter='pk != ""',
                                        output_fields=["article_id", "hash"])
        seen: Counter = Counter()
        while batch := it.next():
            seen.update((r["article_id"], r["hash"]) for r in batch)
        it.close()
        return seen

    def missing(self, articles: list[ArticleRecord], present: Counter) -> set[str]:
        """Articles whose rows Milvus lacks, or holds only some of (a run cut short)."""
        return {a["article_id"] for a in articles if present[(a["article_id"], a["hash"])] != a["chunks"]}

    def upsert(self, rows: list[dict]) -> None:
        for i in range(0, len(rows), _BATCH):
            self.client.upsert(self.collection, rows[i : i + _BATCH])

    def delete_unreferenced(self, articles: list[ArticleRecord]) -> int:
        """Delete the rows of articles (or versions of them) the catalog no longer holds; returns how many."""
        wanted = {(a["article_id"], a["hash"]) for a in articles}
        if not self.client.has_collection(self.collection):
            return 0
        stale = [key for key in self.present() if key not in wanted]
        for aid, digest in stale:
            self.client.delete(self.collection, filter=f"article_id == {_literal(aid)} and hash == {_literal(digest)}")
        return len(stale)

    def _filter(self, rows: np.ndarray | None) -> dict:
        if rows is None:
            return {}
        ids = sorted({self.article_of[int(r)] for r in rows})
        return {"filter": f"article_id in [{', '.join(_literal(i) for i in ids)}]"}

    def _hits(self, results, k: int, rows: np.ndarray | None) -> list[list[tuple[int, float]]]:
        allowed = None if rows is None else set(int(r) for r in rows)
        out = []
        for hits in results:
            found = [(self.row_of[h["pk"]], abs(float(h["distance"]))) for h in hits if h["pk"] in self.row_of]
            out.append([(r, s) for r, s in found if allowed is None or r in allowed][:k])
        return out

    def search_dense(self, query_vectors: np.ndarray, k: int, rows: np.ndarray | None = None
                     ) -> list[list[tuple[int, float]]]:
        if not self.key_of or (rows is not None and len(rows) == 0):
            return [[] for _ in range(len(query_vectors))]
        limit = min(k, len(self.key_of)) * _OVERFETCH
        res = self.client.search(self.collection, data=np.asarray(query_vectors, np.float32).tolist(),
                                 anns_field="vector", limit=limit, output_fields=["pk"],
                                 search_params={"metric_type": "IP", "params": {"ef": max(self.ef, limit)}},
                                 **self._filter(rows))
        return self._hits(res, k, rows)

    def search_terms(self, terms: list[list[str]], k: int, rows: np.ndarray | None = None
                     ) -> list[list[tuple[int, float]]]:
        """BM25 in Milvus for already-stemmed query terms."""
        out: list[list[tuple[int, float]]] = [[] for _ in terms]
        asked = [i for i, t in enumerate(terms) if t]
        if not self.key_of or not asked or (rows is not None and len(rows) == 0):
            return out
        limit = min(k, len(self.key_of)) * _OVERFETCH
        res = self.client.search(self.collection, data=[" ".join(terms[i]) for i in asked], anns_field="sparse",
                                 limit=limit, output_fields=["pk"],
                                 search_params={"metric_type": "BM25"},
                                 **self._filter(rows))
        for i, hits in zip(asked, self._hits(res, k, rows)):
            out[i] = hits
        return out

    def vectors_at(self, rows: list[int], dim: int) -> np.ndarray:
        keys = [self.key_of[int(r)] for r in rows]
        found = {r["pk"]: r["vector"] for r in self.client.get(self.collection, ids=keys, output_fields=["vector"])}
        return np.array([found.get(k, np.zeros(dim)) for k in keys], dtype=np.float32).reshape(len(keys), dim)


def collection_name(root: str) -> str:
    """A collection per index folder, so several indexes can share one Milvus."""
    import hashlib

    return "kabar_" + hashlib.sha1(os.path.abspath(root).encode()).hexdigest()[:12]


def milvus_rows(records: list[ArticleRecord], chunks: list[ChunkRecord], todo: list[int], vectors: np.ndarray,
                terms: list[list[str]]) -> list[dict]:
    """Milvus rows for the chunk rows ``todo`` with their vectors and stemmed BM25 terms."""
    by_id = {a["article_id"]: a for a in records}
    out = []
    for row, vec, toks in zip(todo, vectors, terms):
        c = chunks[row]
        art = by_id[c["article_id"]]
        out.append({"pk": row_key(art, c), "article_id": c["article_id"], "hash": art["hash"],
                    "vector": np.asarray(vec, np.float32).tolist(), "terms": " ".join(toks)})
    return out


def choose_store(root: Path, old: Index | None, requested: str | None) -> str:
    """The store this run writes: the one asked for, else the index's own, else "local". Moving an index to
    another store needs a rebuild (``old`` is None then)."""
    from index.store import IndexStoreError

    current = (old.manifest.get("store") or "local") if old is not None else None
    want = requested or current or "local"
    if want != "local" and not (is_milvus(want) and len(want) > len(SCHEME)):
        raise IndexStoreError(f"--store wants 'local' or 'milvus:URI' (a .db path or http(s)://host:19530), "
                              f"not {want!r}")
    if current is not None and want != current:
        raise IndexStoreError(f"index at {root} lives in {current}, not {want}; add --rebuild to move it there")
    return want


def open_store(root: Path, store: str, rebuild: bool, old: Index | None = None, k1: float = 1.2, b: float = 0.75
               ) -> MilvusStore | None:
    """The Milvus store an update writes to (emptied on a rebuild), or None for the local one."""
    if not is_milvus(store):
        return None
    name = old.manifest["collection"] if old is not None else collection_name(str(root))
    remote = MilvusStore(store[len(SCHEME):], name, k1, b)
    if rebuild and remote.client.has_collection(remote.collection):
        remote.client.drop_collection(remote.collection)
    return remote

"""The index directory: generations written whole, then published by one atomic rename.

    DIR/CURRENT            name of the live generation (replaced atomically with os.replace)
    DIR/gen-NNNNNN/        manifest.json, articles.jsonl, chunks.jsonl, vectors.npy, bm25/, [ann.faiss]
    DIR/.lock              held (flock) by the one writer

A reader opens whatever CURRENT names; a writer killed at any point leaves CURRENT on the old,
complete generation. Vectors are plain float32 .npy (memory-mapped on load); FAISS is exact
(inner product on normalised vectors) below ``ANN_THRESHOLD`` chunks and HNSW above.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from index.textsearch import BM25Index

FORMAT_VERSION = 1
ANN_THRESHOLD = 200_000
HNSW_M = 32
HNSW_EF_SEARCH = 256  # recall@10 0.99 at 100k chunks for < 1 ms (kabar bench query)


class IndexStoreError(RuntimeError):
    """A problem with an index directory, worded for the user."""


class ModelMismatchError(IndexStoreError):
    pass


class IndexLockedError(IndexStoreError):
    pass


@dataclass
class Index:
    """A loaded index: chunk records, article records, vectors, FAISS and BM25."""

    root: Path
    manifest: dict
    articles: dict[str, dict]
    chunks: list[dict]
    vectors: np.ndarray
    bm25: BM25Index
    faiss_index: object = None
    _by_article: dict[str, list[int]] = field(default_factory=dict)

    @property
    def model(self) -> str:
        return self.manifest["model"]

    def __len__(self) -> int:
        return len(self.chunks)

    def rows_of(self, article_id: str) -> list[int]:
        if not self._by_article:
            for row, c in enumerate(self.chunks):
                self._by_article.setdefault(c["article_id"], []).append(row)
        return self._by_article.get(article_id, [])

    def search_dense(self, query_vectors: np.ndarray, k: int) -> list[list[tuple[int, float]]]:
        if len(self.chunks) == 0:
            return [[] for _ in range(len(query_vectors))]
        k = min(k, len(self.chunks))
        scores, ids = self.faiss_index.search(np.ascontiguousarray(query_vectors, dtype=np.float32), k)
        return [[(int(i), float(s)) for i, s in zip(ri, rs) if i >= 0] for ri, rs in zip(ids, scores)]

    def search_bm25(self, queries: list[str], k: int) -> list[list[tuple[int, float]]]:
        return self.bm25.search(queries, k)


def build_faiss(vectors: np.ndarray, exact: bool | None = None):
    import faiss

    dim = vectors.shape[1] if vectors.ndim == 2 and vectors.shape[1] else 1
    if exact is None:
        exact = len(vectors) < ANN_THRESHOLD
    if exact:
        index = faiss.IndexFlatIP(dim)
    else:
        index = faiss.IndexHNSWFlat(dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = 80
        index.hnsw.efSearch = HNSW_EF_SEARCH
    if len(vectors):
        index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    return index


def current_generation(root: Path) -> Path | None:
    pointer = root / "CURRENT"
    if not pointer.exists():
        return None
    gen = root / pointer.read_text().strip()
    return gen if (gen / "manifest.json").exists() else None


def load_index(root: str | Path, expect_model: str | None = None) -> Index:
    """Open the live generation of ``root``; raise a clear error when there is none or the model differs."""
    root = Path(root)
    gen = current_generation(root)
    if gen is None:
        raise IndexStoreError(f"no index at {root} (build one with `kabar index FOLDER --index {root}`)")
    manifest = json.loads((gen / "manifest.json").read_text(encoding="utf-8"))
    if manifest.get("format") != FORMAT_VERSION:
        raise IndexStoreError(f"index at {root} has format {manifest.get('format')}, this Kabar reads {FORMAT_VERSION}; "
                          "rebuild it with `kabar index --rebuild`")
    if expect_model and manifest["model"] != expect_model:
        raise ModelMismatchError(
            f"index at {root} was built with model {manifest['model']!r}, not {expect_model!r}; "
            f"use --model {manifest['model']} or rebuild with `kabar index --rebuild --model {expect_model}`"
        )
    articles = {a["article_id"]: a for a in _read_jsonl(gen / "articles.jsonl")}
    chunks = list(_read_jsonl(gen / "chunks.jsonl"))
    vectors = np.load(gen / "vectors.npy", mmap_mode="r")
    if len(vectors) != len(chunks):
        raise IndexStoreError(f"index at {root} is inconsistent ({len(vectors)} vectors, {len(chunks)} chunks)")
    ann = gen / "ann.faiss"
    if ann.exists():
        import faiss

        faiss_index = faiss.read_index(str(ann))
        faiss_index.hnsw.efSearch = HNSW_EF_SEARCH
    else:
        faiss_index = build_faiss(np.asarray(vectors), exact=True)
    bm25 = BM25Index.load(gen / "bm25")
    return Index(gen, manifest, articles, chunks, vectors, bm25, faiss_index)


def write_generation(
    root: Path, manifest: dict, articles: list[dict], chunks: list[dict], vectors: np.ndarray, bm25: BM25Index
) -> Path:
    """Write a complete new generation, then publish it atomically and remove older ones."""
    root.mkdir(parents=True, exist_ok=True)
    old = current_generation(root)
    number = int(old.name.split("-")[1]) + 1 if old else 1
    gen = root / f"gen-{number:06d}"
    tmp = root / f".tmp-{gen.name}-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    _write_jsonl(tmp / "articles.jsonl", articles)
    _write_jsonl(tmp / "chunks.jsonl", chunks)
    with open(tmp / "vectors.npy", "wb") as fh:
        np.save(fh, np.ascontiguousarray(vectors, dtype=np.float32))
    bm25.save(tmp / "bm25")
    if len(vectors) >= ANN_THRESHOLD:
        import faiss

        faiss.write_index(build_faiss(vectors, exact=False), str(tmp / "ann.faiss"))
    manifest = {**manifest, "format": FORMAT_VERSION, "generation": gen.name, "updated": time.time()}
    (tmp / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8")
    _fsync_tree(tmp)
    if gen.exists():
        shutil.rmtree(gen)
    os.replace(tmp, gen)
    pointer_tmp = root / f".CURRENT.{os.getpid()}"
    pointer_tmp.write_text(gen.name)
    _fsync_file(pointer_tmp)
    os.replace(pointer_tmp, root / "CURRENT")
    _fsync_dir(root)
    for stale in root.glob("gen-*"):
        if stale != gen:
            shutil.rmtree(stale, ignore_errors=True)
    for stale in root.glob(".tmp-*"):
        shutil.rmtree(stale, ignore_errors=True)
    return gen


@contextlib.contextmanager
def writer_lock(root: Path, wait_s: float = 0.0) -> Iterator[None]:
    """Exclusive lock for writers; a second writer waits ``wait_s`` then fails with a clear message."""
    root.mkdir(parents=True, exist_ok=True)
    with open(root / ".lock", "a+") as fh:
        deadline = time.monotonic() + wait_s
        while True:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise IndexLockedError(f"another `kabar index` is updating {root}; try again when it ends") from None
                time.sleep(0.2)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _read_jsonl(path: Path) -> Iterator[dict]:
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def _write_jsonl(path: Path, rows: list[dict]) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")


def _fsync_file(path: Path) -> None:
    with open(path, "rb") as fh:
        os.fsync(fh.fileno())


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_tree(path: Path) -> None:
    for p in path.rglob("*"):
        if p.is_file():
            _fsync_file(p)
    _fsync_dir(path)

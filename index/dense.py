"""Dense search over one copy of the vectors: the generation's float32 ``vectors.npy``, memory-mapped.

Below ``ANNSettings.exact_below`` chunks the search is exact (inner product on normalised vectors) straight over
the mapped file, with no second copy in FAISS. Above, an HNSW graph over 8-bit scalar-quantised codes
(a quarter of float32's memory) proposes ``ANNSettings.rescore`` times k candidates (at least efSearch), rescored exactly
from the mapped vectors: the graph and its codes are the only extra memory, and the final order is exact.
"""

from __future__ import annotations

import numpy as np

from index.settings import ANNSettings

_BLOCK = 262_144  # rows per block of the exact scan: bounds its temporary scores


def exact_search(vectors: np.ndarray, queries: np.ndarray, k: int, rows: np.ndarray | None = None
                 ) -> list[list[tuple[int, float]]]:
    """The exact top ``k`` rows per query (``rows``: only among these), best first."""
    queries = np.asarray(queries, dtype=np.float32)
    if rows is not None:
        rows = np.asarray(rows, dtype=np.int64)
        scores = queries @ np.asarray(vectors[rows]).T
        return _top(scores, k, rows)
    n = len(vectors)
    if n == 0:
        return [[] for _ in queries]
    best: list[list[tuple[int, float]]] = [[] for _ in queries]
    for start in range(0, n, _BLOCK):
        block = np.asarray(vectors[start : start + _BLOCK], dtype=np.float32)
        for i, hits in enumerate(_top(queries @ block.T, k, np.arange(start, start + len(block)))):
            best[i] = sorted(best[i] + hits, key=lambda h: (-h[1], h[0]))[:k]
    return best


def _top(scores: np.ndarray, k: int, ids: np.ndarray) -> list[list[tuple[int, float]]]:
    k = min(k, scores.shape[1])
    if k == 0:
        return [[] for _ in scores]
    part = np.argpartition(-scores, k - 1, axis=1)[:, :k] if k < scores.shape[1] else \
        np.tile(np.arange(scores.shape[1]), (len(scores), 1))
    out = []
    for s, cand in zip(scores, part):
        order = sorted(cand.tolist(), key=lambda j: (-s[j], ids[j]))
        out.append([(int(ids[j]), float(s[j])) for j in order])
    return out


def read_rows(vectors: np.ndarray, rows) -> np.ndarray:
    """``vectors[rows]``; from a memory-mapped file by positioned reads (os.pread), which leave no pages mapped in
    this process: rows scattered over a large index would otherwise pile up in its memory, question by question."""
    rows = np.asarray(rows, dtype=np.int64).reshape(-1)
    path = getattr(vectors, "filename", None)
    if path is None or not len(rows) or vectors.ndim != 2:
        return np.asarray(vectors[rows], dtype=np.float32)
    import os

    width = vectors.shape[1] * vectors.dtype.itemsize
    if os.path.getsize(path) != vectors.offset + len(vectors) * width:  # a slice of a mapping, not the whole file
        return np.asarray(vectors[rows], dtype=np.float32)
    fd = os.open(path, os.O_RDONLY)
    try:
        data = b"".join(os.pread(fd, width, vectors.offset + int(r) * width) for r in rows)
    finally:
        os.close(fd)
    return np.frombuffer(data, dtype=vectors.dtype).reshape(len(rows), vectors.shape[1]).astype(np.float32)


def random_access(vectors: np.ndarray) -> None:
    """Tell the kernel a memory-mapped array is read at scattered rows: no read-ahead, so each row read maps a
    page, not the 128 KB around it (which would fill memory with rows no question asked for)."""
    import mmap

    region = getattr(vectors, "_mmap", None)
    if region is not None and hasattr(mmap, "MADV_RANDOM"):
        region.madvise(mmap.MADV_RANDOM)


def build_ann(vectors: np.ndarray, ann: ANNSettings | None = None):
    """HNSW over 8-bit scalar-quantised codes of ``vectors`` (inner product)."""
    import faiss

    ann = ann or ANNSettings()
    dim = vectors.shape[1]
    index = faiss.IndexHNSWSQ(dim, faiss.ScalarQuantizer.QT_8bit, ann.hnsw_m, faiss.METRIC_INNER_PRODUCT)
    index.hnsw.efConstruction = ann.ef_construction
    index.hnsw.efSearch = ann.ef_search
    sample = vectors[np.linspace(0, len(vectors) - 1, min(len(vectors), 100_000)).astype(np.int64)]
    index.train(np.ascontiguousarray(sample, dtype=np.float32))
    for start in range(0, len(vectors), _BLOCK):
        index.add(np.ascontiguousarray(vectors[start : start + _BLOCK], dtype=np.float32))
    return index


def ann_search(index, vectors: np.ndarray, queries: np.ndarray, k: int, rescore: int = 4
               ) -> list[list[tuple[int, float]]]:
    """HNSW proposes ``rescore`` x ``k`` candidates per query (at least its search breadth, which it visits
    anyway); the mapped float32 vectors rank them exactly."""
    queries = np.ascontiguousarray(queries, dtype=np.float32)
    k = min(k, len(vectors))
    breadth = getattr(getattr(index, "hnsw", None), "efSearch", 0)
    _, ids = index.search(queries, min(len(vectors), max(k * rescore, breadth)))
    out = []
    for q, cand in zip(queries, ids):
        cand = np.unique(cand[cand >= 0])
        out.extend(_top((read_rows(vectors, cand) @ q)[None, :], k, cand))
    return out

"""Dense search over one copy of the vectors: the generation's float32 ``vectors.npy``, memory-mapped.

Below ``ANNSettings.exact_below`` chunks the search is exact (inner product on normalised vectors, FAISS's
brute-force kernel) straight over the mapped file, with no second copy in a FAISS index. Above, an HNSW graph
over 8-bit scalar-quantised codes (a quarter of float32's memory) proposes ``ANNSettings.rescore`` times k
candidates (at least efSearch), rescored exactly from the mapped vectors: the graph and its codes are the only
extra memory, and the final order is exact.
"""

from __future__ import annotations

import numpy as np

from index.settings import ANNSettings


def exact_search(vectors: np.ndarray, queries: np.ndarray, k: int, rows: np.ndarray | None = None
                 ) -> list[list[tuple[int, float]]]:
    """The exact top ``k`` rows per query (``rows``: only among these), best first. FAISS's brute-force kernel
    (``faiss.knn``, what IndexFlatIP runs) reads the array in place, the mapped file itself: no index, no copy.
    A numpy matmul was 10 to 100 times slower per question in the server, its BLAS threads fighting torch's for
    the two cores."""
    import faiss

    queries = np.ascontiguousarray(queries, dtype=np.float32)
    ids = None if rows is None else np.asarray(rows, dtype=np.int64)
    base = np.asarray(vectors if ids is None else vectors[ids], dtype=np.float32)
    k = min(k, len(base))
    if k == 0 or base.ndim != 2:
        return [[] for _ in queries]
    scores, found = faiss.knn(queries, np.ascontiguousarray(base), k, metric=faiss.METRIC_INNER_PRODUCT)
    return [[(int(i if ids is None else ids[i]), float(s)) for i, s in zip(fr, sr) if i >= 0]
            for fr, sr in zip(found, scores)]


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
    for start in range(0, len(vectors), 262_144):  # in blocks: a mapped file is never copied whole
        index.add(np.ascontiguousarray(vectors[start : start + 262_144], dtype=np.float32))
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
        hits = exact_search(read_rows(vectors, cand), q[None, :], k)[0] if len(cand) else []
        out.append([(int(cand[i]), s) for i, s in hits])
    return out

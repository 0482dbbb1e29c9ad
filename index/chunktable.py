"""The chunk records of a generation, read on demand: ``chunks.jsonl`` read record by record, with each line's byte
offset in ``chunk_offsets.npy`` and each chunk's article (a position in ``articles.jsonl``) in
``chunk_articles.npy``. A million chunks then cost two small arrays in memory instead of a million dicts;
a record is parsed when a question touches it.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np

from index.records import ChunkRecord

OFFSETS, ARTICLES = "chunk_offsets.npy", "chunk_articles.npy"


def write_chunks(path: Path, chunks: Sequence[ChunkRecord], article_ids: list[str]) -> None:
    """``chunks.jsonl`` beside its offsets and article column (``article_ids``: the articles file's order)."""
    position = {aid: i for i, aid in enumerate(article_ids)}
    offsets = np.zeros(len(chunks) + 1, dtype=np.int64)
    column = np.zeros(len(chunks), dtype=np.int32)
    with open(path, "wb") as fh:
        for i, c in enumerate(chunks):
            line = (json.dumps(c, ensure_ascii=False) + "\n").encode("utf-8")
            fh.write(line)
            offsets[i + 1] = offsets[i] + len(line)
            column[i] = position[c["article_id"]]
    np.save(path.parent / OFFSETS, offsets)
    np.save(path.parent / ARTICLES, column)


class ChunkTable(Sequence):
    """A read-only list of chunk records over a generation's files."""

    def __init__(self, folder: Path, article_ids: list[str]):
        self.offsets = np.load(folder / OFFSETS)
        self.column = np.load(folder / ARTICLES)
        self.article_ids = article_ids
        if len(self.column) != len(self.offsets) - 1:
            raise ValueError(f"{len(self.offsets) - 1} chunk offsets for {len(self.column)} chunk articles")
        size = (folder / "chunks.jsonl").stat().st_size
        if size != int(self.offsets[-1]):
            raise ValueError(f"chunks.jsonl has {size} bytes, its offsets say {int(self.offsets[-1])}")
        # one positioned read per record (os.pread): scattered reads leave no mapped pages behind in this process
        self._fd = os.open(folder / "chunks.jsonl", os.O_RDONLY)

    def __del__(self) -> None:
        if getattr(self, "_fd", None) is not None:
            os.close(self._fd)

    def __len__(self) -> int:
        return len(self.column)

    def __getitem__(self, row):
        if isinstance(row, slice):
            return [self[i] for i in range(*row.indices(len(self)))]
        row = int(row)
        if row < 0:
            row += len(self)
        if not 0 <= row < len(self):
            raise IndexError(row)
        start, end = int(self.offsets[row]), int(self.offsets[row + 1])
        return json.loads(os.pread(self._fd, end - start, start))

    def __iter__(self) -> Iterator[ChunkRecord]:
        for row in range(len(self)):
            yield self[row]

    def rows_by_article(self) -> dict[str, list[int]]:
        """Each article's chunk rows, in order, from the article column alone (no record is parsed)."""
        order = np.argsort(self.column, kind="stable")
        bounds = np.searchsorted(self.column[order], np.arange(len(self.article_ids) + 1))
        return {aid: order[bounds[i] : bounds[i + 1]].tolist() for i, aid in enumerate(self.article_ids)
                if bounds[i + 1] > bounds[i]}


def read_chunks(folder: Path, article_ids: list[str]) -> ChunkTable | list[ChunkRecord]:
    """The generation's chunk records: on demand, or all at once for a generation written before the offsets."""
    if (folder / OFFSETS).exists():
        return ChunkTable(folder, article_ids)
    from index.files import read_jsonl

    return list(read_jsonl(folder / "chunks.jsonl"))

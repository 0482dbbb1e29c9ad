"""The article records of a generation, their bulk read on demand: ``articles.jsonl`` read once, the light
fields of every article (id, title, source, dates of publication and addition, hash, chunk count...) held in
memory, and the heavy ones (``text``, ``dates``) parsed from the file when a question needs that article.
A hundred thousand articles then cost their metadata, not their texts twice over as Python strings.
"""

from __future__ import annotations

import json
import os
import threading
from collections import OrderedDict
from collections.abc import Iterator, Mapping
from pathlib import Path

from index.records import ArticleRecord

HEAVY = ("text", "dates")
_CACHED = 2048  # whole records kept parsed: the articles of the last questions


class ArticleTable(Mapping):
    """A read-only mapping article id -> whole record; ``meta`` maps id -> the record without its heavy fields."""

    def __init__(self, path: Path):
        self.meta: dict[str, dict] = {}
        self._span: dict[str, tuple[int, int]] = {}
        with open(path, "rb") as fh:  # read once, in order; later reads are single positioned reads (os.pread)
            start = 0
            for line in fh:
                if line.strip():
                    record = json.loads(line)
                    for key in HEAVY:
                        record.pop(key, None)
                    self.meta[record["article_id"]] = record
                    self._span[record["article_id"]] = (start, len(line))
                start += len(line)
        self._fd = os.open(path, os.O_RDONLY)
        self._cache: OrderedDict[str, ArticleRecord] = OrderedDict()
        self._lock = threading.Lock()  # the web chat answers several questions at once

    def __getitem__(self, article_id: str) -> ArticleRecord:
        with self._lock:
            record = self._cache.get(article_id)
            if record is not None:
                self._cache.move_to_end(article_id)
                return record
        start, length = self._span[article_id]
        record = json.loads(os.pread(self._fd, length, start))
        with self._lock:
            self._cache[article_id] = record
            if len(self._cache) > _CACHED:
                self._cache.popitem(last=False)
        return record

    def __del__(self) -> None:
        if getattr(self, "_fd", None) is not None:
            os.close(self._fd)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._span

    def __iter__(self) -> Iterator[str]:
        return iter(self._span)

    def __len__(self) -> int:
        return len(self._span)

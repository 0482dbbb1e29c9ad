"""Questions within a scope: only some sources or articles, or a publication-date range.

A scope admits an article when its id or its source (outlet, folder) is among ``sources`` (when given) and its
publication date lies in ``since``..``until`` (when given; an undated article is then left out, since nothing
says it lies inside). Retrieval searches the admitted chunks only: dense scores exactly over them, BM25 through
a weight mask, so a narrow scope never loses its passages behind the rest of the corpus.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from index import Index


@dataclass(frozen=True)
class Scope:
    sources: tuple[str, ...] = ()  # article ids or source names
    since: dt.date | None = None
    until: dt.date | None = None

    @classmethod
    def make(cls, sources: list[str] | tuple[str, ...] | str | None = None, since: str | dt.date | None = None,
             until: str | dt.date | None = None) -> Scope | None:
        """A scope from user input (dates as YYYY-MM-DD); None when nothing limits the question."""
        sources = (sources,) if isinstance(sources, str) else tuple(sources or ())
        scope = cls(tuple(s.strip() for s in sources if s.strip()), _date(since, "since"), _date(until, "until"))
        if scope.since and scope.until and scope.since > scope.until:
            raise ValueError(f"since ({scope.since}) is after until ({scope.until})")
        return scope if scope.sources or scope.since or scope.until else None

    def admits(self, article_id: str, record: dict) -> bool:
        if self.sources and article_id not in self.sources and record.get("source") not in self.sources:
            return False
        if self.since or self.until:
            published = _date(record.get("published"), "published", strict=False)
            if published is None:
                return False
            if (self.since and published < self.since) or (self.until and published > self.until):
                return False
        return True

    def rows(self, index: Index) -> np.ndarray:
        """The chunk rows of the admitted articles, in index order."""
        rows = [r for aid, rec in index.meta.items() if self.admits(aid, rec) for r in index.rows_of(aid)]
        return np.array(sorted(rows), dtype=np.int64)


def _date(value: str | dt.date | None, name: str, strict: bool = True) -> dt.date | None:
    if value is None or isinstance(value, dt.date) or value == "":
        return value or None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        if strict:
            raise ValueError(f"{name} wants a date such as 2024-02-08, not {value!r}") from None
        return None

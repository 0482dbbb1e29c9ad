"""The records an index stores, one JSON object per line (``articles.jsonl``, ``chunks.jsonl``), typed.

They stay plain dicts, as read (bm25s's way: plain files, no conversion layer; chunks are parsed when touched,
index.chunktable): what a reader sees in the file is what the code reads. ``TypedDict`` names every key
and its type, so a reader and a type checker know what ``index.chunks[row]["sentences"]`` holds. The producers
are the chunker (``index.chunk.Chunk``) and the date finder (``index.dates.DateMention``).
"""

from __future__ import annotations

from typing import NotRequired  # pydantic (LangChain retrievers) reads these on Python 3.11

from typing_extensions import TypedDict


class DateRecord(TypedDict):
    """``DateMention.to_dict()``: a date written in an article, with offsets into its cleaned text."""

    text: str
    start: int
    end: int
    year: int | None
    month: int | None
    day: int | None
    weekday: int | None  # 0 = Monday
    year_inferred: bool
    resolution: str  # written | published (the article's date) | reported (the day it reports) | context | unresolved
    iso: str | None  # YYYY-MM-DD, or --MM-DD without a year


class ArticleRecord(TypedDict):
    article_id: str  # file name (file#n for a record of a JSONL file)
    title: str
    source: str  # outlet or URL, when the file gives one
    path: str  # the file it was read from
    published: str | None  # ISO date, when known
    published_from: str | None  # metadata | front matter | url | dateline | option (kabar index --published)
    hash: str  # content hash: model + chunker + title + text (+ date); unchanged articles are not re-embedded
    text: str  # the cleaned text every offset points into
    dates: list[DateRecord]
    dates_version: NotRequired[int]  # index.dates.DATES_VERSION of the finder that read them; absent: 1
    chunks: int
    outlet: NotRequired[str | None]  # the outlet it names (index.published.article_outlet); absent in older indexes
    added: NotRequired[str]  # when the article first entered the index (ISO, UTC); absent in older indexes
    pages: NotRequired[list[list[int]]]  # a PDF's [offset in text, page number] where each page begins


class ChunkRecord(TypedDict):
    chunk_id: str  # article_id#n
    article_id: str
    title: str
    text: str
    start: int  # offsets in the article's cleaned text
    end: int
    sentences: list[tuple[int, int]]  # each sentence's offsets in the cleaned text (lists once read from JSON)

"""From raw files to clean, dated articles: boilerplate lines shared by a source's articles removed, duplicates
(same text, same id) skipped with a reason, and a publication date from the file, its dateline or the caller."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from dataclasses import dataclass

from index.clean import clean_lines, common_lines
from index.documents import page_starts
from index.ingest import RawArticle, Skipped
from index.published import dateline_date


@dataclass
class CleanArticle:
    article_id: str
    title: str
    text: str
    source: str
    path: str
    published: str | None
    removed: list[tuple[str, str]]
    published_from: str | None = None
    pages: list[list[int]] | None = None  # a PDF's [offset, page] starts (index.documents.page_starts)


def publication_date(art: RawArticle, text: str, default: dt.date | None) -> tuple[dt.date | None, str | None]:
    """The file's own date, else its dateline's, else ``default`` (``kabar index --published``)."""
    if art.published is not None:
        return art.published, art.published_from
    if (date := dateline_date(text)) is not None:
        return date, "dateline"
    return (default, "option") if default is not None else (None, None)


def clean_articles(raw: list[RawArticle], published: dt.date | None = None) -> tuple[list[CleanArticle], list[Skipped]]:
    """Clean every article, with lines repeated across a source's articles treated as boilerplate."""
    by_source: dict[str, list[RawArticle]] = defaultdict(list)
    for art in raw:
        by_source[art.source].append(art)
    out: list[CleanArticle] = []
    skipped: list[Skipped] = []
    seen_text: dict[str, str] = {}
    seen_id: set[str] = set()
    for arts in by_source.values():
        common = common_lines([a.lines for a in arts])
        for art in arts:
            res = clean_lines(art.lines, title=art.title, common=common)
            if not res.text.strip():
                skipped.append(Skipped(art.path, "no content left after removing boilerplate"))
                continue
            digest = hashlib.sha256(res.text.encode()).hexdigest()
            if digest in seen_text:
                skipped.append(Skipped(art.path, f"duplicate of {seen_text[digest]}"))
                continue
            if art.article_id in seen_id:
                skipped.append(Skipped(art.path, f"duplicate article id {art.article_id}"))
                continue
            seen_text[digest] = art.article_id
            seen_id.add(art.article_id)
            date, origin = publication_date(art, res.text, published)
            pages = page_starts(art.lines, art.line_pages, res.text) if art.line_pages else None
            out.append(CleanArticle(art.article_id, res.title, res.text, art.source, art.path,
                                    date.isoformat() if date else None, res.removed, origin, pages))
    return out, skipped

"""Web pages and feeds by address. A page is fetched once (again only with ``refresh``), its main text, title,
date and site taken by trafilatura, and kept as a one-line JSONL article under the index (``<index>/web/``) whose
id and source are the URL. An RSS or Atom feed (feedparser) is read on every run and each item's link is taken
as a page, dated by the item when the page gives no date. Timeouts, HTTP errors, answers that are neither HTML
nor a feed, and pages over the size bound each give a reason and never stop a run."""

from __future__ import annotations

import hashlib
import json
import urllib.error
import urllib.request
from pathlib import Path

from index.files import write_text_atomic
from index.ingest import Skipped, decode

TIMEOUT_S = 20.0
MAX_PAGE_BYTES = 5 * 1024 * 1024
MAX_FEED_ITEMS = 100
HTML_TYPES = {"text/html", "application/xhtml+xml"}
FEED_TYPES = {"application/rss+xml", "application/atom+xml", "application/xml", "text/xml", "application/rdf+xml"}


def is_url(value: object) -> bool:
    return isinstance(value, str) and value.lower().startswith(("http://", "https://"))


def fetch_urls(paths: list, folder: Path, refresh: bool = False, timeout_s: float = TIMEOUT_S,
               max_bytes: int = MAX_PAGE_BYTES) -> tuple[list, list[Skipped]]:
    """``paths`` with every URL replaced by the article files it was fetched into (a page, or a feed's items);
    what failed is dropped and reported."""
    out: list = []
    skipped: list[Skipped] = []
    for p in paths:
        if not is_url(str(p)):
            out.append(p)
            continue
        url = str(p)
        if _stored(folder, url).exists() and not refresh:
            out.append(_stored(folder, url))
            continue
        try:
            kind, body = fetch(url, timeout_s, max_bytes)
            pages = feed_items(body, MAX_FEED_ITEMS) if kind in FEED_TYPES else [(url, None, body)]
        except (FetchError, ValueError) as exc:
            skipped.append(Skipped(url, str(exc)))
            continue
        for link, date, html in pages:
            try:
                if _stored(folder, link).exists() and not refresh:
                    out.append(_stored(folder, link))
                    continue
                record = page_record(link, html if html is not None else _html(link, timeout_s, max_bytes), date)
            except (FetchError, ValueError) as exc:
                skipped.append(Skipped(link, str(exc)))
                continue
            folder.mkdir(parents=True, exist_ok=True)
            write_text_atomic(_stored(folder, link), json.dumps(record, ensure_ascii=False) + "\n")
            out.append(_stored(folder, link))
    return out, skipped


def _stored(folder: Path, url: str) -> Path:
    return folder / (hashlib.sha1(url.encode()).hexdigest()[:20] + ".jsonl")


def _html(url: str, timeout_s: float, max_bytes: int) -> str:
    kind, body = fetch(url, timeout_s, max_bytes)
    if kind in FEED_TYPES:
        raise FetchError(f"a feed, not a page ({kind})")
    return body


def feed_items(xml: str, limit: int) -> list[tuple[str, str | None, None]]:
    """(link, ISO date or None, None) of a feed's first ``limit`` items that have a web link."""
    import feedparser

    parsed = feedparser.parse(xml)
    if not parsed.entries and parsed.bozo:
        raise FetchError(f"unreadable feed: {parsed.get('bozo_exception')}")
    items = []
    for entry in parsed.entries[:limit]:
        link = entry.get("link")
        when = entry.get("published_parsed") or entry.get("updated_parsed")
        if is_url(link):
            items.append((link, f"{when.tm_year:04d}-{when.tm_mon:02d}-{when.tm_mday:02d}" if when else None, None))
    return items


class FetchError(RuntimeError):
    pass


def fetch(url: str, timeout_s: float = TIMEOUT_S, max_bytes: int = MAX_PAGE_BYTES) -> tuple[str, str]:
    """(content type, text) of an HTML page or a feed."""
    request = urllib.request.Request(url, headers={"User-Agent": "Kabar/1 (+news QA; one fetch per page)"})
    try:
        with urllib.request.urlopen(request, timeout=timeout_s) as response:  # noqa: S310 - http(s) only, checked
            kind = response.headers.get_content_type()
            if kind not in HTML_TYPES | FEED_TYPES:
                raise FetchError(f"not an HTML page or a feed ({kind})")
            data = response.read(max_bytes + 1)
    except urllib.error.HTTPError as exc:
        raise FetchError(f"HTTP {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise FetchError(f"could not fetch: {reason}") from None
    if len(data) > max_bytes:
        raise FetchError(f"page too large (> {max_bytes} bytes)")
    return kind, decode(data)


def page_record(url: str, html: str, date: str | None = None) -> dict:
    """The JSONL article of a page: id and url the address, its main text, title and publication date (else
    ``date``, a feed item's)."""
    from index.html import read_html

    page = read_html(html, url)
    text = "\n".join(page.lines)
    if not text.strip():
        raise FetchError("no article text on the page")
    return {"id": url, "url": url, "title": page.title or "", "text": text, "published": page.date or date,
            "site": page.site or ""}

"""Web pages by address: fetched once (again only with ``refresh``), their main text, title, date and site taken
by trafilatura, and kept as a one-line JSONL article under the index (``<index>/web/``) whose id and source are
the URL. Timeouts, HTTP errors, answers that are not HTML and pages over the size bound each give a reason and
never stop a run."""

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


def is_url(value: object) -> bool:
    return isinstance(value, str) and value.lower().startswith(("http://", "https://"))


def fetch_urls(paths: list, folder: Path, refresh: bool = False, timeout_s: float = TIMEOUT_S,
               max_bytes: int = MAX_PAGE_BYTES) -> tuple[list, list[Skipped]]:
    """``paths`` with every URL replaced by the article file it was fetched into (a URL that failed is dropped
    and reported)."""
    out: list = []
    skipped: list[Skipped] = []
    for p in paths:
        if not is_url(str(p)):
            out.append(p)
            continue
        url = str(p)
        target = folder / (hashlib.sha1(url.encode()).hexdigest()[:20] + ".jsonl")
        if target.exists() and not refresh:
            out.append(target)
            continue
        try:
            record = page_record(url, fetch(url, timeout_s, max_bytes))
        except (FetchError, ValueError) as exc:
            skipped.append(Skipped(url, str(exc)))
            continue
        folder.mkdir(parents=True, exist_ok=True)
        write_text_atomic(target, json.dumps(record, ensure_ascii=False) + "\n")
        out.append(target)
    return out, skipped


class FetchError(RuntimeError):
    pass


def fetch(url: str, timeout_s: float = TIMEOUT_S, max_bytes: int = MAX_PAGE_BYTES) -> str:
    """The page's HTML as text."""
    request = urllib.request.Request(url, headers={"User-Agent": "Kabar/1 (+news QA; one fetch per page)"})
    try:
        with urllib.request.urlopen(request, timeout=timeout_s) as response:  # noqa: S310 - http(s) only, checked
            kind = response.headers.get_content_type()
            if kind not in ("text/html", "application/xhtml+xml"):
                raise FetchError(f"not an HTML page ({kind})")
            data = response.read(max_bytes + 1)
    except urllib.error.HTTPError as exc:
        raise FetchError(f"HTTP {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise FetchError(f"could not fetch: {reason}") from None
    if len(data) > max_bytes:
        raise FetchError(f"page too large (> {max_bytes} bytes)")
    return decode(data)


def page_record(url: str, html: str) -> dict:
    """The JSONL article of a page: id and url the address, its main text, title and publication date."""
    import trafilatura

    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False, include_tables=False)
    text = (getattr(doc, "text", None) or "") if doc is not None else ""
    if not text.strip():
        raise FetchError("no article text on the page")
    return {"id": url, "url": url, "title": getattr(doc, "title", None) or "", "text": text,
            "published": getattr(doc, "date", None), "site": getattr(doc, "sitename", None) or ""}

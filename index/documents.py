"""PDF and DOCX files into raw article lines: the text layer of a PDF (pypdf), the paragraphs and tables of a DOCX
(python-docx), with the title and date their metadata carry.

A PDF's lines break inside sentences, so lines are joined back into paragraphs (a line that does not end a
sentence continues on the next; "kata-\\n kata" hyphenation is undone) before the cleaner, which judges whole
lines, sees them: no sentence is cut into fragments that look like boilerplate.
"""

from __future__ import annotations

import datetime as dt
import io
import re

_ENDS = re.compile(r"[.!?:;\"”’)\]]\s*$")


class NoTextError(ValueError):
    """A document with no text to index: unreadable, a scanned PDF without a text layer, an empty DOCX."""


def pdf_text(data: bytes) -> tuple[list[str], str | None, dt.datetime | None, list[int]]:
    """(paragraph lines, title, creation date, the page number of each line) of a text PDF."""
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
    except Exception as exc:  # noqa: BLE001 - pypdf raises many kinds; each is one file's reason
        raise NoTextError(f"unreadable PDF ({type(exc).__name__}: {exc})"[:300]) from None
    if not any(p.strip() for p in pages):
        raise NoTextError(f"no text layer in {len(pages)} page(s) (a scanned PDF? run OCR first)")
    meta = reader.metadata
    title = (meta.title or None) if meta else None
    created = _safe(lambda: meta.creation_date) if meta else None
    lines: list[str] = []
    line_pages: list[int] = []
    for number, page in enumerate(pages, 1):
        paragraphs = [*reflow(page.splitlines()), ""]
        lines += paragraphs
        line_pages += [number] * len(paragraphs)
    return lines, title, created, line_pages


def page_starts(lines: list[str], line_pages: list[int], text: str) -> list[list[int]]:
    """[offset in the cleaned ``text``, page number] where each page's kept text begins. A page whose lines were
    all cleaned away has no entry; its neighbours' numbers stay right."""
    starts: list[list[int]] = []
    cursor = 0
    for line, page in zip(lines, line_pages):
        line = " ".join(line.split())
        if not line or (starts and starts[-1][1] == page):
            continue
        at = text.find(line, cursor)
        if at >= 0:
            starts.append([at, page])
            cursor = at + len(line)
    return starts


def docx_text(data: bytes) -> tuple[list[str], str | None, dt.datetime | None]:
    """(paragraph lines, title, creation date) of a DOCX."""
    import docx

    try:
        doc = docx.Document(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - a broken zip or XML; one file's reason
        raise NoTextError(f"unreadable DOCX ({type(exc).__name__}: {exc})"[:300]) from None
    lines = body_lines(doc)
    if not any(line.strip() for line in lines):
        raise NoTextError("no text in the document")
    props = doc.core_properties
    return lines, props.title or None, props.created


def body_lines(container) -> list[str]:
    """The text of a DOCX body (or a table cell) in reading order: its paragraphs, and its tables' cells row by
    row, each merged cell once and nested tables within (``doc.paragraphs`` alone skips every table)."""
    from docx.table import Table

    lines: list[str] = []
    for block in container.iter_inner_content():
        if not isinstance(block, Table):
            lines.append(block.text)
            continue
        for row in block.rows:
            seen = set()
            for cell in row.cells:
                if id(cell._tc) not in seen:  # a merged cell is listed once per grid column it spans
                    seen.add(id(cell._tc))
                    lines += body_lines(cell)
            lines.append("")
    return lines


def reflow(lines: list[str]) -> list[str]:
    """PDF lines joined into paragraphs: a blank line or a line that ends a sentence ends a paragraph."""
    out: list[str] = []
    current = ""
    for raw in lines:
        line = raw.strip()
        if not line:
            if current:
                out.append(current)
            current = ""
            continue
        if current.endswith("-") and line[:1].islower():
            current = current[:-1] + line  # a word hyphenated across lines
        else:
            current = f"{current} {line}".strip()
        if _ENDS.search(line):
            out.append(current)
            current = ""
    if current:
        out.append(current)
    return out


def _safe(get):
    try:
        return get()
    except (ValueError, TypeError):  # a malformed date string in the metadata
        return None

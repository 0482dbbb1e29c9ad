"""PDF and DOCX files into raw article lines: the text layer of a PDF (pypdf), the paragraphs of a DOCX
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


def pdf_text(data: bytes) -> tuple[list[str], str | None, dt.datetime | None]:
    """(paragraph lines, title, creation date) of a text PDF."""
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
    for page in pages:
        lines += reflow(page.splitlines())
        lines.append("")
    return lines, title, created


def docx_text(data: bytes) -> tuple[list[str], str | None, dt.datetime | None]:
    """(paragraph lines, title, creation date) of a DOCX."""
    import docx

    try:
        doc = docx.Document(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - a broken zip or XML; one file's reason
        raise NoTextError(f"unreadable DOCX ({type(exc).__name__}: {exc})"[:300]) from None
    lines = [p.text for p in doc.paragraphs]
    if not any(line.strip() for line in lines):
        raise NoTextError("no text in the document")
    props = doc.core_properties
    return lines, props.title or None, props.created


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

"""Files in, raw articles out: formats, encodings, and a clear reason for every file skipped."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from index.html import HIDDEN_TAGS
from index.published import date_in_url, parse_published, split_front_matter
from index.settings import IndexSettings

SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm", ".jsonl", ".pdf", ".docx"}
MAX_FILE_BYTES = IndexSettings.max_file_bytes  # the default; `kabar index --max-mb` and kabar.toml change it
MAX_ARTICLE_CHARS = 1_000_000  # about 500 pages; longer "articles" are data dumps, not news


@dataclass
class RawArticle:
    article_id: str
    path: str
    lines: list[str]
    title: str | None = None  # known from metadata (HTML, JSONL); else the cleaner picks the first content line
    source: str = ""
    published: dt.date | None = None
    published_from: str | None = None  # metadata | front matter | url (index.published); later dateline | option
    line_pages: list[int] | None = None  # a PDF's page number for each line


def dated(value: object, url: object = None) -> tuple[dt.date | None, str | None]:
    """The publication date from a metadata value, else from a date in the URL, and where it came from."""
    if (date := parse_published(value)) is not None:
        return date, "metadata"
    if (date := date_in_url(url)) is not None:
        return date, "url"
    return None, None


@dataclass(frozen=True)
class Skipped:
    path: str
    reason: str


def iter_files(paths: Iterable[str | Path]) -> Iterator[tuple[Path, Path]]:
    """(file, root) pairs below the given files and folders; no symlink is followed into a loop."""
    for raw in paths:
        root = Path(raw)
        if root.is_file():
            yield root, root.parent
            continue
        seen: set[tuple[int, int]] = set()
        for folder, dirs, files in os.walk(root, followlinks=True):
            st = os.stat(folder)
            if (st.st_dev, st.st_ino) in seen:
                dirs[:] = []
                continue
            seen.add((st.st_dev, st.st_ino))
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                if not name.startswith("."):
                    yield Path(folder) / name, root


def printable_path(path: Path | str) -> str:
    """A path as valid text: bytes that are not UTF-8 (kept by Python as lone surrogates, which no JSON
    writer accepts) are written as ``\\xNN`` escapes."""
    return str(path).encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def article_id_for(path: Path, root: Path) -> str:
    """The file name relative to the indexed folder: what citations show."""
    try:
        return printable_path(path.relative_to(root).as_posix())
    except ValueError:
        return printable_path(path.name)


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else the detected encoding; raises ValueError."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if b"\x00" in data[:8192]:
        raise ValueError("binary file (NUL bytes)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data[:1_000_000]).best()
    if best is None:
        raise ValueError("undecodable bytes (not UTF-8, no encoding detected)")
    text = data.decode(best.encoding, errors="replace")
    if sum(1 for c in text[:10000] if not c.isprintable() and c not in "\n\r\t") > 0.05 * min(len(text), 10000):
        raise ValueError("binary file (non-text characters)")
    return text


def read_file(path: Path, root: Path, max_bytes: int = MAX_FILE_BYTES) -> tuple[list[RawArticle], list[Skipped]]:
    """Read one file into articles; every problem, even a crash inside a parser or a missing optional module,
    becomes a ``Skipped`` with a reason, so one bad file never stops a run."""
    try:
        return _read_file(path, root, max_bytes)
    except Exception as exc:  # noqa: BLE001 - the reason is reported per file
        return [], [Skipped(printable_path(path), f"reader failed: {type(exc).__name__}: {exc}"[:300])]


def _read_file(path: Path, root: Path, max_bytes: int) -> tuple[list[RawArticle], list[Skipped]]:
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        return [], [Skipped(printable_path(path), f"unsupported type {suffix or '(none)'}")]
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return [], [Skipped(printable_path(path), f"too large ({size} bytes > {max_bytes})")]
        data = path.read_bytes()
    except OSError as exc:
        return [], [Skipped(printable_path(path), f"unreadable: {exc.strerror or exc}")]
    except RecursionError:
        return [], [Skipped(printable_path(path), "unreadable: path loop")]
    if not data.strip():
        return [], [Skipped(printable_path(path), "empty file")]
    if suffix in {".pdf", ".docx"}:
        return _read_document(data, path, root, suffix)
    try:
        text = decode(data)
    except (ValueError, UnicodeDecodeError) as exc:
        return [], [Skipped(printable_path(path), str(exc))]
    aid = article_id_for(path, root)
    if suffix == ".jsonl":
        return _read_jsonl(text, path, aid)
    if suffix in {".html", ".htm"}:
        try:
            art = _read_html(text, printable_path(path), aid, path.parent.name)
        except (RecursionError, ValueError, TypeError) as exc:
            return [], [Skipped(printable_path(path), f"unparsable HTML ({type(exc).__name__})")]
    elif suffix in {".md", ".markdown"}:
        art = _read_markdown(text, printable_path(path), aid, path.parent.name)
    else:
        art = RawArticle(aid, printable_path(path), text.splitlines(), source=path.parent.name)
    if not any(line.strip() for line in art.lines):
        return [], [Skipped(printable_path(path), "no text")]
    size = sum(len(line) for line in art.lines)
    if size > MAX_ARTICLE_CHARS:
        return [], [Skipped(printable_path(path), f"article too long ({size} characters > {MAX_ARTICLE_CHARS}); split it")]
    return [art], []


def _read_document(data: bytes, path: Path, root: Path, suffix: str) -> tuple[list[RawArticle], list[Skipped]]:
    """A PDF or DOCX (index.documents); its metadata's title and creation date."""
    from index.documents import NoTextError, docx_text, pdf_text

    try:
        lines, title, created, *pages = (pdf_text if suffix == ".pdf" else docx_text)(data)
    except NoTextError as exc:
        return [], [Skipped(printable_path(path), str(exc))]
    published, origin = dated(created)
    return [RawArticle(article_id_for(path, root), printable_path(path), lines, title=title, source=path.parent.name,
                       published=published, published_from=origin, line_pages=pages[0] if pages else None)], []


def markdown_lines(text: str) -> list[str]:
    """Markdown to plain lines with a real CommonMark parser (linear time; a regular expression over emphasis
    was quadratic on input like `` _a _a _a``): headings, emphasis and links keep their text, images go."""
    from markdown_it import MarkdownIt

    from index.html import visible_lines

    out: list[str] = []
    for token in MarkdownIt("commonmark").parse(text):
        if token.type == "inline":
            out.extend(_inline_text(token.children or []).split("\n"))
        elif token.type in ("fence", "code_block"):
            out.extend(token.content.splitlines())
        elif token.type == "html_block":  # raw HTML inside Markdown: what a browser shows of it, as a saved page's
            out.extend(visible_lines(token.content))
        elif token.type in ("paragraph_close", "heading_close"):
            out.append("")
    return out


# the tags a browser does not show (index.html), but the head, which never sits inside a paragraph
_HIDDEN_INLINE = re.compile(r"<\s*(/)?\s*(" + "|".join(t for t in HIDDEN_TAGS if t != "head") + r")\b", re.IGNORECASE)


def _inline_text(children: list) -> str:
    """A paragraph's text: emphasis, links and code keep their words; inline tags go, and so does what sits
    between an inline <script> or <style> and its end tag (a browser does not show it)."""
    parts: list[str] = []
    hidden = 0
    for child in children:
        if child.type == "html_inline" and (tag := _HIDDEN_INLINE.match(child.content)):
            hidden = max(0, hidden - 1) if tag.group(1) else hidden + 1
        elif hidden:
            continue
        elif child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
    return "".join(parts)


def _read_markdown(text: str, path: str, aid: str, folder: str) -> RawArticle:
    """Markdown, with optional front matter (title, date, source or url)."""
    meta, body = split_front_matter(text)
    published, origin = dated(meta.get("date") or meta.get("published"), meta.get("url"))
    if origin == "metadata":
        origin = "front matter"
    return RawArticle(aid, path, markdown_lines(body), title=meta.get("title") or None,
                      source=meta.get("source") or meta.get("url") or folder, published=published, published_from=origin)


def _read_html(html: str, path: str, aid: str, folder: str) -> RawArticle:
    """A saved page: its source the address or site it names, else its folder (as a .txt or .md file's)."""
    from index.html import read_html

    page = read_html(html)
    published, origin = dated(page.date, page.url)
    return RawArticle(aid, path, page.lines, title=page.title, source=page.url or page.site or folder,
                      published=published, published_from=origin)


def _read_jsonl(text: str, path: Path, file_id: str) -> tuple[list[RawArticle], list[Skipped]]:
    arts: list[RawArticle] = []
    skipped: list[Skipped] = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{printable_path(path)}:{n}"
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            skipped.append(Skipped(where, f"broken JSON line: {exc.msg}"))
            continue
        if not isinstance(rec, dict) or not isinstance(rec.get("text"), str) or not rec["text"].strip():
            skipped.append(Skipped(where, "missing field 'text'"))
            continue
        aid = str(rec.get("id") or f"{file_id}#{n}")
        # The record's text is its body whatever its title: with no title, none is taken from the text ("").
        title = rec.get("title") if isinstance(rec.get("title"), str) else ""
        published, origin = dated(rec.get("published") or rec.get("date"), rec.get("url"))
        arts.append(RawArticle(aid, where, rec["text"].splitlines(), title=title, source=str(rec.get("url") or ""),
                               published=published, published_from=origin))
    if not arts and not skipped:
        skipped.append(Skipped(printable_path(path), "no articles in JSONL"))
    return arts, skipped


def read_paths(paths: Iterable[str | Path], max_bytes: int = MAX_FILE_BYTES) -> tuple[list[RawArticle], list[Skipped]]:
    arts: list[RawArticle] = []
    skipped: list[Skipped] = []
    for path, root in iter_files(paths):
        a, s = read_file(path, root, max_bytes)
        arts.extend(a)
        skipped.extend(s)
    return arts, skipped

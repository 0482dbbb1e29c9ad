"""An article's publication date, from wherever the article gives it, with where it came from: the file's
metadata (HTML meta tags through trafilatura, a JSONL ``published`` or ``date`` field, Markdown front matter
``date:``), a date in its URL path (``/2022/06/15/``), its dateline ("JAKARTA, KOMPAS.com - ... Kamis
(17/10/2013)"), or ``kabar index --published`` for files that carry none. Relative dates are counted from it.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Mapping
from pathlib import PurePath

from index.dates import MONTHS, WEEKDAYS, find_dates
from index.sentences import split_sentences

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_URL_DATE = re.compile(r"/((?:19|20)\d\d)/(\d{1,2})/(\d{1,2})(?:/|$)|/((?:19|20)\d\d)(\d\d)(\d\d)(?:/|$)")
# "JAKARTA, KOMPAS.com -", "Beijing (ANTARA) -", "MOSKOW, KOMPAS.com —": a place in capitals or title case, an
# outlet, then a dash, at the start of a paragraph.
_DATELINE = re.compile(r"^\s*(?P<lead>[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,3})\s*"
                       r"(?:,\s*(?P<after_comma>[\w.]+(?:\s+[\w.]+)?)|\(\s*(?P<in_brackets>[\w. ]+)\))\s*[-–—]\s")
_SITE = re.compile(r"\w\.(?:com|co|id|net|org|news)\b", re.I)  # "Liputan6.com", "TEMPO.CO", "detik.com"
_DAY_WORDS = set(MONTHS) | set(WEEKDAYS)  # a dateline's "JAKARTA, Senin -" names a day, not an outlet
_PARAGRAPH = re.compile(r"[^\n]*\S[^\n]*")  # a line with more than spaces (its spaces kept)
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)


def parse_published(value: object) -> dt.date | None:
    """A date from a metadata value: ISO ("2022-06-15", "2022-06-15T10:00:00+07:00"), else the first full date
    written in it ("Rabu, 15 Juni 2022 10:00 WIB", "June 15, 2022")."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value if not isinstance(value, dt.datetime) else value.date()
    if not isinstance(value, str) or not value.strip():
        return None
    m = _ISO.match(value.strip())
    if m:
        return _date(int(m[1]), int(m[2]), int(m[3]))
    full = [d for d in find_dates(value[:200]) if d.year and d.month and d.day]
    return _date(full[0].year, full[0].month, full[0].day) if full else None


def date_in_url(url: object) -> dt.date | None:
    """``https://example.com/read/2022/06/15/...`` or ``/20220615/`` -> 15 June 2022."""
    if not isinstance(url, str):
        return None
    m = _URL_DATE.search(url)
    if not m:
        return None
    y, mo, d = (m[1], m[2], m[3]) if m[1] else (m[4], m[5], m[6])
    return _date(int(y), int(mo), int(d))


def first_paragraphs(text: str, n: int) -> list[str]:
    """The first ``n`` lines of ``text`` that hold more than spaces, read no further (a citation asks an article's
    dateline for its outlet; the article may be long)."""
    return [m.group() for m in itertools.islice(_PARAGRAPH.finditer(text), n)]


def dateline_date(text: str, paragraphs: int = 3) -> dt.date | None:
    """The full date (with its year) in the dateline sentence of one of the first paragraphs, where news agencies
    write the day they report from."""
    for para in first_paragraphs(text, paragraphs):
        if not _DATELINE.match(para):
            continue
        first = split_sentences(para)[0]
        sentence = para[first.start : first.end]
        full = [d for d in find_dates(sentence) if d.year and d.month and d.day and d.resolution == "written"]
        if full:
            return _date(full[0].year, full[0].month, full[0].day)
    return None


def dateline_outlet(text: str, paragraphs: int = 3) -> str | None:
    """The outlet the dateline of one of the first paragraphs names: "JAKARTA, KOMPAS.com -" -> KOMPAS.com, "Beijing
    (ANTARA) -" -> ANTARA, "LONDON (Reuters) -" -> Reuters, and a site that leads ("Liputan6.com, Jakarta -",
    "TEMPO.CO, Jakarta -"); not a day ("JAKARTA, Senin -") nor lower-case words."""
    for para in first_paragraphs(text, paragraphs):
        m = _DATELINE.match(para)
        if m is None:
            continue
        if _SITE.search(m["lead"]):  # the outlet's address first, the place after it
            return m["lead"]
        outlet = (m["after_comma"] or m["in_brackets"]).strip()
        words = outlet.split()
        if all(w[0].isupper() or "." in w for w in words) and not any(w.lower() in _DAY_WORDS for w in words):
            return outlet
    return None


def article_outlet(source: str | None, path: str | None, text: str) -> str | None:
    """The outlet an article names: the source its file gives (a site, an address, front matter's ``source``), else
    the outlet its dateline names ("Beijing (BERITAJA) - ..." -> BERITAJA); None where it names none (a text file's
    source is only the folder it was read from). Kept in the article's record at indexing (``outlet``)."""
    if source and source != PurePath(path or "").parent.name:
        return source
    return dateline_outlet(text)


def named_outlet(article: Mapping) -> str | None:
    """The outlet an article record names (``article_outlet``): kept in the record at indexing, read from its text in
    an index built before that was kept."""
    if "outlet" in article:
        return article["outlet"]
    return article_outlet(article.get("source"), article.get("path"), article.get("text") or "")


def split_front_matter(text: str) -> tuple[dict[str, str], str]:
    """YAML-style front matter (``---`` lines around ``key: value`` lines) and the text after it; simple
    ``key: value`` pairs only, which is what article front matter holds (title, date, source, url)."""
    m = _FRONT_MATTER.match(text)
    if not m:
        return {}, text
    meta = {}
    for line in m.group(1).splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip() and not key.startswith((" ", "\t", "-", "#")):
            meta[key.strip().lower()] = value.strip().strip("'\"")
    return meta, text[m.end():]


def _date(y: int, m: int, d: int) -> dt.date | None:
    try:
        date = dt.date(y, m, d)
    except ValueError:
        return None
    return date if 1900 <= date.year <= 2100 else None

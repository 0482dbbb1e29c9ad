"""The time window a question asks about, and whether a date mention falls inside it.

"pada Juni 2022" / "in December 2021" / "tahun 2022" / "pada 15 Juni 2022": that month, year or day;
"sejak 24 Februari 2022" / "since" (that day on), "setelah" / "after" (the day after on), "sebelum" / "before"
(up to the day before): one side open; "antara Maret dan Juni 2022" /
"between ... and ...": both written dates; "tahun lalu", "bulan lalu", "pekan lalu", "kemarin" / "last year"...:
counted from today or the ``as_of`` date. A month without a year ("pada bulan Juni") constrains the month only.
A window set by an event ("before the invasion of Ukraine") is not read.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from index.dates import MONTHS, YEAR, DateMention, find_dates

# the word of time a date may carry ("sebelum tahun 2021" was read as 2021 itself). Of the 82 questions in
# ../shared/training that name a time after such a word, 28 windows change with this and "after" leaving out the time
# it names, each to the reading the words say ("Sebelum tahun 1960 metode apa ...": up to 1959, not 1960; "Setelah
# 1945, apa ...": from 1946; "sejak tahun 2003": 2003 on, not 2003 alone); a script, not kept
_UNIT = r"(?:(?:tahun|bulan|tanggal|the\s+year|year|the\s+month\s+of|the)\s+)?"
_SINCE = re.compile(rf"\b(sejak|since)\s+{_UNIT}$", re.I)  # the time named is in the window
_AFTER = re.compile(rf"\b(setelah|sesudah|after)\s+{_UNIT}$", re.I)  # it is not: "setelah Juni 2022" starts in July
_BEFORE = re.compile(rf"\b(sebelum|before|prior\s+to)\s+{_UNIT}$", re.I)
_BETWEEN = re.compile(r"\b(antara|between)\s+$", re.I)
_MONTH_YEAR = re.compile(r"\b(" + "|".join(sorted((k for k in MONTHS if len(k) > 3), key=len, reverse=True))
                         + r")\s+" + YEAR.pattern, re.I)
_MONTH_ONLY = re.compile(r"\b(?:pada\s+)?bulan\s+([a-z]+)\b|\bin\s+([A-Z][a-z]+)\b(?!\s*\d)", re.I)
_TIMED_YEAR = re.compile(r"\b(?:pada|tahun|sejak|hingga|sampai|awal|akhir|pertengahan|selama|in|since|until|by|during)"
                         r"\s+" + YEAR.pattern, re.I)
_FAR_PAST, _FAR_FUTURE = dt.date(1900, 1, 1), dt.date(2100, 12, 31)


@dataclass(frozen=True)
class DateWindow:
    start: dt.date | None  # inclusive; None with ``month`` for a month of any year
    end: dt.date | None
    text: str  # the words of the question that set it
    month: int | None = None

    def contains(self, m: DateMention) -> bool:
        """Whether the mention (at its own precision) can fall inside the window; a mention that names no
        calendar date (a weekday alone) cannot be placed and is not inside."""
        if self.start is None:
            return m.month == self.month
        span = mention_span(m)
        if span is not None:
            return span[0] <= self.end and self.start <= span[1]
        if m.month and m.day:  # a day and month without a year: inside when some year of the window fits
            return any(self.start <= _safe(y, m.month, m.day) <= self.end
                       for y in range(self.start.year, self.end.year + 1) if _safe(y, m.month, m.day))
        return False

    def holds(self, m: DateMention) -> bool:
        """Whether the mention lies inside the window at its own precision, as an event of that time: a "2022" is
        not an event of June 2022 (though it ``contains`` one), and a day and month without a year is one only of
        a window of at most a month, where it may be that day."""
        if self.start is None:
            return m.month == self.month
        span = mention_span(m)
        if span is not None:
            return self.start <= span[0] and span[1] <= self.end
        return bool(m.month and m.day) and (self.end - self.start).days <= 31 and self.contains(m)

    def describe(self) -> str:
        return self.text


def mention_span(m: DateMention) -> tuple[dt.date, dt.date] | None:
    """The days a mention can mean: one day, a month or a year (None when it has no year)."""
    return days_of(m.year, m.month, m.day)


def days_of(year: int | None, month: int | None, day: int | None) -> tuple[dt.date, dt.date] | None:
    """The first and last day a date at its own precision can mean (``mention_span`` of a date record's fields)."""
    if not year:
        return None
    if month and day:
        return dt.date(year, month, day), dt.date(year, month, day)
    return _month_range(year, month) if month else _year_range(year)


def _month_range(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def _year_range(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def question_window(question: str, as_of: dt.date | None = None) -> DateWindow | None:
    """The window ``question`` names, relative phrases counted from ``as_of`` (default: today)."""
    spans = _date_spans(question, as_of or dt.date.today())
    if not spans:
        return _month_of_any_year(question)
    start, end, (lo, hi), _ = spans[0]
    before = question[:start]
    if len(spans) >= 2 and _BETWEEN.search(before):
        return DateWindow(lo, spans[1][2][1], question[_BETWEEN.search(before).start() : spans[1][1]])
    if since := _SINCE.search(before):
        return DateWindow(lo, _FAR_FUTURE, question[since.start() : end])
    if after := _AFTER.search(before):  # as "before" leaves out the time it names
        return DateWindow(hi + dt.timedelta(days=1), _FAR_FUTURE, question[after.start() : end])
    if earlier := _BEFORE.search(before):
        return DateWindow(_FAR_PAST, lo - dt.timedelta(days=1), question[earlier.start() : end])
    return DateWindow(lo, hi, question[start:end])


def _date_spans(question: str, as_of: dt.date) -> list[tuple[int, int, tuple[dt.date, dt.date], str]]:
    """(start, end, (first day, last day), text) of every date the question writes: full dates, day-months and
    relative phrases (counted from ``as_of``), months with a year, and years ("Imlek 2025", "pada 2001"). A weekday
    alone sets no window ("pada hari Kamis" asks about Thursdays, not last Thursday)."""
    anchored = {(m.start, m.end): m for m in find_dates(question, as_of)}
    out = []
    for m in find_dates(question):
        if m.weekday is not None and not m.month and m.resolution == "written":
            continue
        if m.month and not m.day and not m.year:
            continue  # "pada bulan Juni" asks about Junes (_month_of_any_year), not the last one
        span = mention_span(m if m.year else anchored.get((m.start, m.end), m))
        if span:
            out.append((m.start, m.end, span, m.text))
    return sorted(out + _months_and_years(question, YEAR, [(s, e) for s, e, _, _ in out]))


def _months_and_years(text: str, year: re.Pattern, taken: list[tuple[int, int]]
                      ) -> list[tuple[int, int, tuple[dt.date, dt.date], str]]:
    """Months with their year ("Juni 2022"), then years as ``year`` finds them, where no span in ``taken`` (nor
    one found before) lies: (start, end, (first day, last day), text)."""
    out: list[tuple[int, int, tuple[dt.date, dt.date], str]] = []
    for pattern in (_MONTH_YEAR, year):
        for m in pattern.finditer(text):
            if any(m.start() < b and a < m.end() for a, b in taken + [(s, e) for s, e, _, _ in out]):
                continue
            y = int(m.group(m.lastindex or 0))
            span = _month_range(y, MONTHS[m.group(1).lower()]) if pattern is _MONTH_YEAR else _year_range(y)
            out.append((m.start(), m.end(), span, m.group(0)))
    return out


def _month_of_any_year(question: str) -> DateWindow | None:
    for match in _MONTH_ONLY.finditer(question):
        raw = match.group(1) or match.group(2) or ""
        name = raw.lower()
        # after "bulan" any month's name ("bulan Mei"); after "in" a full one or "May" ("Jun", "may" are other words)
        if name in MONTHS and (match.group(1) or len(name) > 3 or raw == "May"):
            return DateWindow(None, None, match.group(0), month=MONTHS[name])
    return None


def _safe(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def sentence_in_window(window: DateWindow, mentions: list[DateMention], start: int, end: int) -> bool | None:
    """Whether the sentence at ``start``..``end`` names a time of its own inside the window (True), only others
    (False: "Minggu ini" counted from the report's day, 12 September 2022, for a question about February 2022), or
    none that is placed (None: a weekday alone, or a relative phrase with nothing to count from; the same event's
    date may stand a sentence before)."""
    own = [m for m in mentions if start <= m.start < end and (m.month or m.year)]
    return any(window.contains(m) for m in own) if own else None


def passage_in_window(window: DateWindow, dates: list[dict], start: int, end: int, published: str | None,
                      text: str = "") -> float | None:
    """1 when a date the passage itself states (a date mention, a month with its year, a year) falls in the window,
    0 when it states dates and none does, 0.5 when it states none but its article does (a date elsewhere in it,
    else its publication date), 0 when the article's dates all lie outside, None when nothing is known."""
    mentions = [m for m in map(DateMention.from_dict, dates) if m.month or m.year]  # a weekday alone: unplaced
    own = [m for m in mentions if start <= m.start < end]
    if any(window.contains(m) for m in own) or _text_in_window(window, text):
        return 1.0
    if own or _text_dates(text) or (window.start is None and _month_names(text)):
        return 0.0
    if any(window.contains(m) for m in mentions):
        return 0.5
    if published:
        day = dt.date.fromisoformat(published[:10])
        return 0.5 if window.contains(DateMention("", 0, 0, day.year, day.month, day.day, None)) else 0.0
    return 0.0 if mentions else None


def _text_dates(text: str) -> list[tuple[dt.date, dt.date]]:
    """Months with their year, and years after a word of time ("pada 1970", "tahun 2005", "since 2019"; a bare
    number such as "Partai Mesir 2000" is not taken for a year), in ``text``."""
    return [span for _, _, span, _ in _months_and_years(text, _TIMED_YEAR, [])]


def _month_names(text: str) -> set[int]:
    return {MONTHS[w] for w in re.findall(r"[a-z]+", text.lower()) if len(w) > 3 and w in MONTHS}


def _text_in_window(window: DateWindow, text: str) -> bool:
    if window.start is None:
        return window.month in _month_names(text)
    return any(lo <= window.end and window.start <= hi for lo, hi in _text_dates(text))


def favour_window(docs: list, window: DateWindow, index, weight: float) -> list:
    """Reranked LangChain documents re-sorted with ``weight`` x ``passage_in_window`` added to their scores."""
    for d in docs:
        art = index.articles[d.metadata["article_id"]]
        inside = passage_in_window(window, art.get("dates", []), d.metadata["start"],
                                   d.metadata["start"] + len(d.page_content), art.get("published"), d.page_content)
        d.metadata.update(in_window=inside, score=float(d.metadata.get("score", 0.0)) + weight * (inside or 0.0))
    return sorted(docs, key=lambda d: -d.metadata["score"])

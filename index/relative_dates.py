"""Dates news writes relative to its own dateline, resolved against the article's publication date or the date
the text last gave, each with how it was resolved; without either it stays unresolved (never invented).

Phrases (Indonesian and English): hari ini / today, kemarin / yesterday, besok, esok / tomorrow, lusa, kemarin
lusa, N hari lalu / N days ago, pekan (minggu) lalu / depan / ini, bulan lalu / depan / ini, tahun lalu / depan / ini
(last / next / this week, month, year); from context: hari itu, saat itu, pada tanggal tersebut, hari yang sama
/ that day, the same day; N hari kemudian, keesokan harinya / N days later, the next day. Written dates that
lack parts (a weekday alone, a day and month without a year) are completed by ``complete_from_published``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_NUMBER_WORDS = {"se": 1, "satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7,
                 "a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}
_N = r"(?P<n>\d{1,2}|satu|dua|tiga|empat|lima|enam|tujuh|one|two|three|four|five|six|seven|a)"
# (pattern, anchor, unit, offset): anchor "published" counts from the publication date, "context" from the last
# full date written before the phrase; an offset of None takes the number the phrase holds.
_PHRASES: list[tuple[re.Pattern, str, str, int | None]] = [(re.compile(p, re.I), a, u, o) for p, a, u, o in [
    (r"\bkemarin\s+lusa\b|\bthe\s+day\s+before\s+yesterday\b", "published", "day", -2),
    (r"\bthe\s+day\s+after\s+tomorrow\b", "published", "day", 2),
    (r"\bhari\s+ini\b|(?<!russia\s)(?<!usa\s)\btoday\b", "published", "day", 0),  # not "Russia Today"
    (r"\bkemarin\b|\byesterday\b", "published", "day", -1),
    (r"\bbesok\b|\besok\s+hari\b|\besok\b|\btomorrow\b", "published", "day", 1),
    (r"\blusa\b", "published", "day", 2),
    (rf"\b{_N}\s+hari\s+(?:yang\s+)?lalu\b", "published", "day", None),
    (rf"\b{_N}\s+days?\s+ago\b", "published", "day", None),
    (r"\bsehari\s+(?:yang\s+)?lalu\b", "published", "day", -1),
    (r"\b(?:pekan|minggu)\s+lalu\b|\blast\s+week\b", "published", "week", -1),
    (r"\b(?:pekan|minggu)\s+depan\b|\bnext\s+week\b", "published", "week", 1),
    (r"\b(?:pekan|minggu)\s+ini\b|\bthis\s+week\b", "published", "week", 0),  # "hari Minggu ini" is a weekday
    (r"\bbulan\s+lalu\b|\blast\s+month\b", "published", "month", -1),
    (r"\bbulan\s+depan\b|\bnext\s+month\b", "published", "month", 1),
    (r"\bbulan\s+ini\b|\bthis\s+month\b", "published", "month", 0),
    (r"\btahun\s+lalu\b|\blast\s+year\b", "published", "year", -1),
    (r"\btahun\s+depan\b|\bnext\s+year\b", "published", "year", 1),
    (r"\btahun\s+ini\b|\bthis\s+year\b", "published", "year", 0),
    (r"\bsehari\s+kemudian\b|\bkeesokan\s+harinya\b|\bthe\s+(?:next|following)\s+day\b", "context", "day", 1),
    (rf"\b{_N}\s+hari\s+kemudian\b", "context", "day", None),
    (rf"\b{_N}\s+days?\s+later\b", "context", "day", None),
    (r"\bhari\s+itu\b|\bsaat\s+itu\b|\bpada\s+tanggal\s+(?:tersebut|itu)\b|\bhari\s+yang\s+sama\b|"
     r"\b(?:on\s+)?that\s+day\b|\bthe\s+same\s+day\b|\bon\s+that\s+date\b", "context", "day", 0),
]]
# A weekday or a day-month that the sentence puts ahead of the dateline ("akan ... Kamis", "Kamis depan").
_AHEAD_BEFORE = re.compile(r"\b(akan|will|next|upcoming|mendatang)\b[^.!?\n]{0,30}$", re.I)
_AHEAD_AFTER = re.compile(r"^\s*(depan|mendatang|nanti|ini\s+akan)\b", re.I)  # "pada bulan Februari nanti"


@dataclass(frozen=True)
class RelativePhrase:
    text: str
    start: int
    end: int
    anchor: str  # "published" or "context"
    unit: str  # day | week | month | year
    offset: int


def find_relative(text: str, taken: list[tuple[int, int]]) -> list[RelativePhrase]:
    """The relative phrases of ``text`` that overlap no span in ``taken`` (the written dates)."""
    out: list[RelativePhrase] = []
    spans = list(taken)
    for pattern, anchor, unit, offset in _PHRASES:
        for m in pattern.finditer(text):
            s, e = m.span()
            if any(s < b and a < e for a, b in spans):
                continue
            n = offset
            if n is None:
                word = (m.group("n") or "1").lower()
                n = int(word) if word.isdigit() else _NUMBER_WORDS[word]
                n = n if "kemudian" in m.group(0).lower() or "later" in m.group(0).lower() else -n
            out.append(RelativePhrase(m.group(0), s, e, anchor, unit, n))
            spans.append((s, e))
    return sorted(out, key=lambda r: r.start)


def resolve(phrase: RelativePhrase, published: dt.date | None, context: dt.date | None) -> dict | None:
    """The calendar fields the phrase means (year, month, day, weekday; coarser units leave day None), or None
    when its anchor is unknown."""
    base = published if phrase.anchor == "published" else context
    if base is None:
        return None
    if phrase.unit == "day":
        day = base + dt.timedelta(days=phrase.offset)
        return {"year": day.year, "month": day.month, "day": day.day, "weekday": day.weekday()}
    if phrase.unit == "week":
        monday = base - dt.timedelta(days=base.weekday()) + dt.timedelta(weeks=phrase.offset)
        sunday = monday + dt.timedelta(days=6)
        same_month = (monday.year, monday.month) == (sunday.year, sunday.month)
        return {"year": monday.year if monday.year == sunday.year else None,
                "month": monday.month if same_month else None, "day": None, "weekday": None}
    if phrase.unit == "month":
        index = base.year * 12 + base.month - 1 + phrase.offset
        return {"year": index // 12, "month": index % 12 + 1, "day": None, "weekday": None}
    return {"year": base.year + phrase.offset, "month": None, "day": None, "weekday": None}


def looks_ahead(text: str, start: int, end: int) -> bool:
    return bool(_AHEAD_BEFORE.search(text[max(0, start - 40) : start]) or _AHEAD_AFTER.search(text[end : end + 20]))


def complete_from_published(month: int | None, day: int | None, weekday: int | None, published: dt.date,
                            ahead: bool) -> dt.date | None:
    """A weekday alone, or a day and month without a year, as the date it means for an article published on
    ``published``: the latest such day on or before it (news reports what happened), or the first after it when
    the sentence looks ahead. A day-month up to a week after the dateline still counts as this year's."""
    if month is None and weekday is not None:
        step = (weekday - published.weekday()) % 7
        return published + dt.timedelta(days=step or 7) if ahead else published - dt.timedelta(
            days=(published.weekday() - weekday) % 7)
    if month is None or day is None:
        return None
    for year in ((published.year, published.year + 1) if ahead else (published.year, published.year - 1)):
        try:
            date = dt.date(year, month, day)
        except ValueError:
            continue
        if (date >= published) if ahead else (date <= published + dt.timedelta(days=7)):
            if weekday is None or date.weekday() == weekday:
                return date
    return None


def year_of_month(month: int, published: dt.date, ahead: bool) -> int:
    """The year of a month named alone ("sejak Februari") in an article published on ``published``: the latest such
    month up to the dateline's (news reports what happened), or the first after it when the sentence looks ahead."""
    if ahead:
        return published.year if month > published.month else published.year + 1
    return published.year if month <= published.month else published.year - 1

"""What leads a "when" answer: the time the question asks for, and the short answer it makes.

Two sources, in order. The reader's span, when it names a time (a date the index resolved, a year, a century, a
month or a weekday): the reader chooses *which* of a sentence's dates the question asks about ("secara fisik baru
dipakai pada tanggal 1 Januari 2002", not the 1999 of the sentence's first clause), and a year or a century, which
the date rules do not read, leads too. Else the event-date rule: the first date in the answering sentence, else the
article's lead date (where news puts the event's date). A date that ends a "since" clause ("panggilan kedua sejak
... 24 Februari") is neither, unless the question asks when something began or about the clause's own event: it
dates another event.

A relative date ("kemarin", "hari Rabu") leads as the calendar date it was counted to, with the article's words
and how it was known; a date the article writes out leads in the article's words, with the calendar date after it
when that adds a weekday or a year (to an English question, the calendar date first, the article's words after).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from index.dates import MONTHS, WEEKDAYS, DateMention
from qa.compose import date_lead
from qa.window import DateWindow, mention_span

# a word that makes a span a time: a digit (a year, "212 SM", "abad ke-16"), a month, a weekday, a century
_TIME_WORDS = re.compile(r"\d|\b(" + "|".join(sorted([*MONTHS, *WEEKDAYS, "abad", "century", "masehi"], key=len,
                                                      reverse=True)) + r")\b", re.I)

# "minggu ini", "pekan lalu", "bulan depan": a unit of time and the word that places it from the dateline
_UNITS = {"minggu", "pekan", "bulan", "tahun", "hari"}
_DEICTIC = re.compile(r"\s+(?:ini|itu|lalu|depan|mendatang|kemarin)\b", re.I)

_WEEKDAY_HEAD = re.compile(r"(?:hari\s+)?(?:" + "|".join(sorted(WEEKDAYS, key=len, reverse=True)) + r")\W*", re.I)


# A date inside a "since" clause ("panggilan kedua Xi sejak Putin melancarkan serangan ke Ukraina 24 Februari")
# dates the clause's event, where a span of time begins, not the sentence's own event. It answers a question about
# a beginning ("Kapan X mulai ...", "Sejak kapan", "When was X founded"), or one about the clause's own event ("Kapan
# Putin melancarkan serangan?"), and not another "when".
_SINCE_CLAUSE = re.compile(r"\b(sejak|semenjak|since)\b(?:(?!\b(hingga|sampai|until|till|to)\b)[^.,;:!?\d]){0,60}$",
                           re.I)
_BEGINNING = re.compile(r"\b(sejak|semenjak|since|mulai|dimulai|memulai|pertama|awal|berdiri|didirikan|mendirikan|"
                        r"dibentuk|terbentuk|lahir|muncul|diciptakan|ditemukan|dibangun|diperkenalkan|masuk|"
                        r"bergabung|menjabat|start\w*|began|begun|begin\w*|first|found\w*|establish\w*|"
                        r"creat\w*|introduc\w*|join\w*|born)\b", re.I)
_SENTENCE_END = re.compile(r"[.!?]\s")
_LOWER_WORD = re.compile(r"(?<![\w-])[a-z][a-z-]+")  # not a name: names are the events' shared participants


def _event_words(text: str, language: str) -> set[str]:
    """The lower-case words of ``text``, stemmed as the index's BM25 stems them (its Snowball ``language``:
    "menyerang" and "serangan" are one in Indonesian)."""
    import Stemmer

    return set(Stemmer.Stemmer(language).stemWords(_LOWER_WORD.findall(text)))


def asks_beginning(question: str) -> bool:
    """Whether a "when" question asks when something began, was first done or founded (a "since" date answers)."""
    return bool(_BEGINNING.search(question))


def since_rule(question: str, text: str, nearer: Callable[[str, str], bool] | None = None,
               language: str = "indonesian") -> Callable[[int], bool]:
    """For a "when" question over the article ``text``: whether the date at an offset ends a "since" clause of its
    sentence, the first date after "sejak"/"since" ("sejak 1948 hingga 1960": 1948 only), whose event the question
    does not ask about: the clause shares no more of the question's words (lower-case ones; names are shared by
    both events) than the sentence before it does, or, for a question in another language than the article's,
    ``nearer(clause, before)`` (the question is nearer the clause than the sentence before it) is false. Never,
    when the question asks about a beginning. ``language``: the Snowball stemmer of the index's BM25."""
    if asks_beginning(question):
        return lambda start: False
    asked = _event_words(question[:1].lower() + question[1:], language)

    @cache  # the reader's span and the event-date rule may ask about the same date: ``nearer`` encodes once
    def since(start: int) -> bool:
        head = text[max(0, start - 300) : start]
        clause = _SINCE_CLAUSE.search(head)
        if clause is None:
            return False
        before = _SENTENCE_END.split(head[: clause.start()])[-1]
        if nearer is not None:
            return not nearer(clause.group(), before)
        return len(asked & _event_words(clause.group(), language)) <= len(asked & _event_words(before, language))

    return since


def nearer_by_meaning(encoder: Any, query_vector: Any) -> Callable[[str, str], bool]:
    """``since_rule``'s test for a question in another language than the article's, whose shared words say nothing
    of which event it asks about: whether e5 puts the question nearer the clause than the sentence before it."""
    def nearer(clause: str, before: str) -> bool:
        near = encoder.encode_passages([clause, before]) @ query_vector
        return bool(near[0] > near[1])

    return nearer


@dataclass
class DateLead:
    text: str  # what leads the answer, before its marker
    short: str  # the short answer it gives: the span, or the calendar date
    mention: DateMention | None  # the resolved date it stands on, when the index has one
    holder: Any  # the answer candidate (qa.answer) whose sentence holds it, cited whole
    from_reader: bool = False  # the reader's span (its sentence is then the whole evidence)


def names_time(text: str, mention: DateMention | None) -> bool:
    """Whether a reader's span answers "when": it holds a date the index resolved, or a time word."""
    return mention is not None or bool(_TIME_WORDS.search(text))


def mention_in(mentions: list[DateMention], start: int, end: int) -> DateMention | None:
    """The first known date mention overlapping ``start``..``end`` (article offsets)."""
    return next((m for m in mentions if m.known and m.start < end and start < m.end), None)


def span_lead(text: str, span: tuple[int, int], mention: DateMention | None, holder: Any, lang: str) -> DateLead:
    """The lead for a reader's span (``span``: offsets in the article ``text``) that names a time (``names_time``).
    A span that cuts into the date it overlaps widens to the whole date ("15/6" of "Rabu (15/6/2022)" becomes
    "15/6/2022"; "16, 1966" of "November 16, 1966" the whole). One that ends on a unit of time a deictic word
    follows takes that word: "Minggu" of "Minggu ini, Putin dan Xi akan bertemu" is this week, not Sunday."""
    start, end = span
    if mention is not None:
        core = date_core(mention)
        start, end = min(start, core[0]), max(end, core[1])
    elif text[start:end].split()[-1:] and text[start:end].split()[-1].lower() in _UNITS:
        deictic = _DEICTIC.match(text, end)
        end = deictic.end() if deictic else end
    span_text = text[start:end].strip()
    described = mention.describe(lang) if mention is not None else ""
    # An English question whose span is a date and nothing more leads with the calendar date, as the event-date
    # rule's answer does: "21/1" is day/month to an Indonesian reader and month/day to many English ones.
    just_the_date = lang != "id" and mention is not None and mention.start <= start and end <= mention.end
    if described and (mention.resolution in ("published", "reported", "context") or just_the_date):
        return DateLead(date_lead(mention, lang), described, mention, holder, True)
    adds = described and any(w not in span_text.lower() for w in described.lower().replace(",", "").split())
    return DateLead(f"{span_text} ({described})" if adds else span_text, span_text, mention, holder, True)


def date_core(mention: DateMention) -> tuple[int, int]:
    """The article offsets of a mention's date without a leading weekday and the brackets around the date: the
    "15/6/2022" of "Rabu (15/6/2022)"; a weekday alone is its own core."""
    head = _WEEKDAY_HEAD.match(mention.text)
    start = mention.start + (head.end() if head else 0)
    end = mention.end - (1 if mention.text.endswith(")") else 0)
    return (start, end) if end > start else (mention.start, mention.end)


def event_date(mentions: list[DateMention], start: int, end: int, window: DateWindow | None,
               since: Callable[[int], bool] = lambda start: False) -> DateMention | None:
    """The date in the answering sentence (``start``..``end``), else the article's first full date, else its
    first date. With a time window in the question, only dates inside it: an answer outside the window is never
    given a date as if it were inside. A sentence's date that ``since`` marks (``since_rule``) is not its
    event's date."""
    mentions = [m for m in mentions if m.known and (window is None or window.contains(m))]
    inside = [m for m in mentions if start <= m.start < end and not since(m.start)]
    full = [m for m in mentions if m.day and m.month]
    return (inside or full or mentions or [None])[0]


def event_lead(mention: DateMention, holder: Any, lang: str) -> DateLead:
    """The lead for the event-date rule's date: the calendar date, as ``date_lead`` writes it."""
    return DateLead(date_lead(mention, lang), mention.describe(lang) or mention.text, mention, holder)


# "Kapan terakhir kali Xi dan Putin berbicara?", "When did they last meet?": the latest of the matching reports
_LATEST = re.compile(r"\b(terakhir\s+kali|kali\s+terakhir|paling\s+(baru|akhir)|terbaru|latest|most\s+recent(ly)?|"
                     r"last(?!\s+(year|month|week|weekend|night|day|decade|century|season)s?\b))\b", re.I)


def asks_latest(question: str) -> bool:
    """Whether a "when" question asks for the latest time something happened."""
    return bool(_LATEST.search(question))


def latest_first(cands: list, dated: Callable[[Any], DateMention | None], margin: float
                 ) -> tuple[list, list[str], bool]:
    """``cands`` (best first, each with a ``score``) with the one whose event date (``dated``) is the latest first,
    among those scoring within ``margin`` of the best; the dates of those near ones whose year is unknown, which
    cannot be compared (said to the reader); and whether any near one's year is known (none: which is the latest
    cannot be told, and the best match leads). A news pile reports one kind of event many times; "the last time"
    is the latest report that matches about as well as the best one, not the best one."""
    known, unknown = [], []
    for rank, c in enumerate(cands):
        if c.score < cands[0].score - margin:
            continue
        mention = dated(c)
        span = mention_span(mention) if mention is not None else None
        if span is not None:
            known.append((span[1], -rank))  # the latest last day; of equal ones, the better match
        elif mention is not None and mention.text not in unknown:
            unknown.append(mention.text)
    if not known:
        return cands, unknown, False
    first = -max(known)[1]
    return [cands[first]] + cands[:first] + cands[first + 1:], unknown, True

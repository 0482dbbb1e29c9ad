"""What happened on a date: "Apa yang terjadi pada 16 Desember 2021?", "What happened in February 2022?".

Such a question names a time and nothing else, so its words find no passage (the retriever has only the date to
go on, and abstention rightly finds that weak). Its answer is every sentence of the index whose date mention falls
in the question's window (qa.window), as a cited timeline. The index's date mentions are gathered once per loaded
index into arrays (``DateTable``); a question then reads only the articles whose dates it shows.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from index import Index
from index.dates import DateMention
from qa.messages import message
from qa.records import Answer
from qa.timeline import Timeline, merge_events
from qa.window import DateWindow, days_of, question_window

MAX_EVENT_SENTENCES = 40  # the most dated sentences one answer reads and shows (a bound on its time, not fitted)
_HAPPENED = {"terjadi", "peristiwa", "kejadian", "berita", "diberitakan", "dilaporkan", "happened", "happen",
             "happening", "occurred", "event", "events", "news", "reported"}
# the other words of such a question: asking, placing in time, and a window's leftovers ("pada tanggal", "itu")
_FRAME = {"apa", "apakah", "saja", "yang", "ada", "pada", "di", "dalam", "selama", "sepanjang", "tanggal", "bulan",
          "tahun", "hari", "itu", "tersebut", "sih", "what", "which", "took", "place", "on", "in", "during", "the",
          "was", "were", "is", "are", "there", "did", "any", "of", "at"}


def date_question(question: str, as_of: dt.date | None = None) -> DateWindow | None:
    """The window of a question that asks only what happened within it, else None (a question with a topic,
    "Apa yang dibahas Xi pada Juni 2022?", is answered from its passages; one with another number, "selama
    2000-2017", names a time the window does not read)."""
    window = question_window(question, as_of)
    if window is None:
        return None
    rest = question.replace(window.text, " ")
    words = re.findall(r"[^\W\d_]+", rest.lower())
    if re.search(r"\d", rest) or not _HAPPENED & set(words) or any(w not in _HAPPENED | _FRAME for w in words):
        return None
    return window


@dataclass
class DateTable:
    """Every resolved date mention of an index: its article, offset and the days it can mean."""

    articles: list[str]
    article: np.ndarray  # int32 index into ``articles``
    start: np.ndarray  # the mention's offset in its article's text
    first: np.ndarray  # first and last day as ordinals; -1 when the mention has no year
    last: np.ndarray
    month: np.ndarray  # 0 when unknown
    day: np.ndarray

    @classmethod
    def build(cls, index: Index) -> DateTable:
        """One pass over the article records (their heavy ``dates`` field is read here, once per loaded index)."""
        articles, rows = list(index.meta), []
        for a, article_id in enumerate(articles):
            for d in index.articles[article_id].get("dates", []):
                year, month, day = d.get("year"), d.get("month"), d.get("day")
                if not (year or month and day):
                    continue  # a weekday alone, a month alone or an unresolved phrase: no value (DateMention.value)
                span = days_of(year, month, day)
                first, last = (span[0].toordinal(), span[1].toordinal()) if span else (-1, -1)
                rows.append((a, d["start"], first, last, month or 0, day or 0))
        cols = np.array(rows, dtype=np.int64).reshape(-1, 6).T
        return cls(articles, *(c.astype(np.int32) for c in cols))

    def inside(self, window: DateWindow) -> np.ndarray:
        """The rows whose mention lies inside ``window`` at its own precision (``DateWindow.holds``, here over
        arrays), in date order."""
        if window.start is None:
            hit = self.month == window.month
        else:
            lo, hi = window.start.toordinal(), window.end.toordinal()
            hit = (self.first >= lo) & (self.last <= hi)  # inside: a "1945" does not place an event on 17/8/1945
            if (window.end - window.start).days <= 31:  # a day or month asked: a day-month without a year may be it
                hit |= (self.first < 0) & (self.day > 0) & _day_month_inside(self.month * 100 + self.day, window)
        rows = np.flatnonzero(hit)
        undated_last = np.where(self.first[rows] >= 0, self.first[rows], np.iinfo(np.int32).max)
        return rows[np.lexsort((self.start[rows], self.article[rows], undated_last))]


def _day_month_inside(month_day: np.ndarray, window: DateWindow) -> np.ndarray:
    """Whether a day and month without a year (as month * 100 + day) falls in the window in one of its years."""
    hit = np.zeros(len(month_day), dtype=bool)
    for year in range(window.start.year, window.end.year + 1):
        lo, hi = max(window.start, dt.date(year, 1, 1)), min(window.end, dt.date(year, 12, 31))
        hit |= (month_day >= lo.month * 100 + lo.day) & (month_day <= hi.month * 100 + hi.day)
    return hit


def events_answer(index: Index, table: DateTable, window: DateWindow, encoder, lang: str,
                  admits: Callable[[str, dict], bool] | None = None) -> Answer:
    """The cited timeline of the dated sentences inside ``window`` as a chat answer (a notice when more lie
    beyond the first MAX_EVENT_SENTENCES; a refusal that names the window when there are none).
    ``admits(article_id, record)``: only these articles (a scoped question, qa.scope)."""
    timeline, more = events_in_window(index, table, window, encoder, admits)
    answer = timeline.as_answer(lang, message("no_events", lang, window=window.describe()))
    if more:
        answer.notices.append(message("events_cut", lang, n=MAX_EVENT_SENTENCES, window=window.describe()))
    return answer


def events_in_window(index: Index, table: DateTable, window: DateWindow, encoder,
                     admits: Callable[[str, dict], bool] | None = None) -> tuple[Timeline, bool]:
    """(the timeline of the first MAX_EVENT_SENTENCES dated sentences inside ``window``, whether more lie
    beyond them)."""
    found, seen = [], set()
    for r in table.inside(window):
        if len(found) > MAX_EVENT_SENTENCES:
            break
        article_id = table.articles[table.article[r]]
        if admits is not None and not admits(article_id, index.meta[article_id]):
            continue
        art = index.articles[article_id]
        mention = next((DateMention.from_dict(d) for d in art["dates"] if d["start"] == table.start[r]), None)
        held = index.sentence_at(article_id, mention.start) if mention is not None else None
        span = held[1:] if held is not None else None
        if span is None or (article_id, span) in seen:
            continue
        seen.add((article_id, span))
        found.append((mention, art["text"][span[0]:span[1]], art, span))
    return merge_events(window.describe(), found[:MAX_EVENT_SENTENCES], encoder), len(found) > MAX_EVENT_SENTENCES



"""Cited timelines: the dated events about a query across all articles, in date order, each with its date as the
article wrote it, the sentence that states it and its sources. Without an LLM: the events are the sentences of
the passages retrieved for the query that carry a date (written, or resolved against the article's date); the
same event reported by several articles (the same date, sentences that say the same) appears once with every
source.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace

from index.dates import DateMention, report_date
from index.sentences import without_footnotes
from qa.messages import message
from qa.records import Answer, Citation, article_citation
from qa.retrieve import HybridRetriever
from qa.window import question_window

_TIMELINE = re.compile(r"^\s*(kronologi(?:s)?|linimasa|garis\s+waktu|timeline|chronology|kapan\s+saja)\b(\s+(of|dari|"
                       r"tentang|about))?\s*:?\s*", re.I)
_TIME_TAIL = re.compile(r"\s+(pada|di|dalam|selama|sepanjang|tahun|bulan|tanggal|in|on|during|of)(\s+(tahun|bulan|"
                        r"tanggal))?\s*$", re.I)  # what placed the query's time: "Xi dan Putin pada" after it goes
TOPICAL_PASSAGES = 60  # the most passages a timeline reads (a bound on its time, not fitted)
SAME_EVENT_COSINE = 0.85  # two sentences with the same date this close say the same thing (e5-small; not fitted)


@dataclass
class TimelineEvent:
    date: str  # YYYY-MM-DD, YYYY-MM, YYYY or --MM-DD
    date_text: str  # as the article wrote it
    quote: str
    sources: list[Citation] = field(default_factory=list)  # the first is where the quote comes from


@dataclass
class Timeline:
    query: str
    events: list[TimelineEvent]

    def to_dict(self) -> dict:
        """The `kabar timeline --json` object: events in date order, one row per source."""
        return {"query": self.query, "events": [
            {"date": e.date, "date_text": e.date_text, "quote": e.quote, "source": c.source, "title": c.title,
             "n": c.n, "published": c.published} for e in self.events for c in e.sources]}

    def as_answer(self, lang: str, empty: str | None = None) -> Answer:
        """The timeline as a chat answer: one line per event, its sources cited; ``empty``: what to say when
        there is no event (default: no dated events about the query)."""
        citations = list({c.n: c for e in self.events for c in e.sources}.values())
        lines = [f"- **{_shown(e.date, lang)}** ({e.date_text}): {e.quote} " + "".join(f"[{c.n}]" for c in e.sources)
                 for e in self.events]
        text = "\n".join(lines) if lines else empty or message("no_timeline", lang, query=self.query)
        events = [{"date": e.date, "shown": _shown(e.date, lang), "date_text": e.date_text, "quote": e.quote,
                   "citations": [c.n for c in e.sources]} for e in self.events]
        return Answer(self.query, text, sorted(citations, key=lambda c: c.n), not lines, events, language=lang,
                      mode="timeline")


def timeline_query(question: str) -> str | None:
    """The topic of a timeline question ("kronologi hubungan Xi dan Putin", "timeline of Xi and Putin's calls",
    "kapan saja Xi bertemu Putin?"), else None."""
    m = _TIMELINE.match(question)
    if not m:
        return None
    rest = question[m.end():].strip(" ?!.")
    return rest if rest else None


def build_timeline(retriever: HybridRetriever, query: str, passages: int = 20) -> Timeline:
    """Every passage that names all of the query's words (the reranker's lexical coverage), up to
    TOPICAL_PASSAGES, when at least ``passages`` do; else the top ``passages``. A chronology of a topic is
    every dated report of it: a fixed top 20 dropped an event whose passage named both leaders at rank 22
    of 33 that did, in a corpus all on the topic, where the ranks are near ties. A time the query names ("Xi dan
    Putin pada 2022") keeps the events inside it (``DateWindow.holds``), and is no word the passages must name."""
    index = retriever.index
    window = question_window(query, retriever.as_of)
    topic = _TIME_TAIL.sub("", query.replace(window.text, " ")).strip() if window is not None else query
    wide = max(passages, TOPICAL_PASSAGES)
    docs = retriever.retrieve(topic or query, replace(retriever.settings, k=wide, candidates=wide))
    topical = [d for d in docs if d.metadata.get("lexical", 0.0) >= 1.0]
    docs = topical if len(topical) >= passages else docs[:passages]
    found: list[tuple[DateMention, str, dict, tuple[int, int]]] = []
    seen: set[tuple[str, int]] = set()
    for d in docs:
        art = index.articles[d.metadata["article_id"]]
        mentions = [DateMention.from_dict(x) for x in art.get("dates", [])]
        report_day = report_date([m for m in mentions if m.resolution == "written"])
        for s, e in d.metadata["sentences"]:
            for m in event_dates([m for m in mentions if s <= m.start < e], report_day):
                if (m.value and (art["article_id"], m.start) not in seen
                        and (window is None or window.holds(m))):
                    seen.add((art["article_id"], m.start))
                    found.append((m, art["text"][s:e], art, (s, e)))
    return merge_events(query, found, retriever.encoder)


def event_dates(mentions: list[DateMention], report_day: dt.date | None) -> list[DateMention]:
    """The dates of one sentence that date its events: where a day is counted from the report's own date
    (``report_day``, index.dates.report_date: "... dalam pertemuan onlinenya pada hari Rabu, Kamis (16/12/2021)":
    Wednesday the 15th, counted from Thursday the 16th, the day reported from), all but the report's date, which
    dates the report; else all of them."""
    if report_day is None or not any(m.resolution == "reported" for m in mentions):
        return mentions
    return [m for m in mentions if m.resolution != "written" or (m.year, m.month, m.day) != (
        report_day.year, report_day.month, report_day.day)]


def merge_events(query: str, found: list[tuple[DateMention, str, dict, tuple[int, int]]], encoder) -> Timeline:
    """The timeline of ``found`` (a date mention, its sentence, its article record, the sentence's offsets): the
    same event reported by several articles (the same date, sentences this close) once, with every source."""
    if not found:
        return Timeline(query, [])
    vectors = encoder.encode_passages([quote for _, quote, _, _ in found])
    events: list[TimelineEvent] = []
    owners: list[int] = []  # index into found of each event's first report
    citations: dict[str, Citation] = {}
    for i, (m, quote, art, span) in enumerate(found):
        cite = article_citation(citations, art, span)
        same = next((k for k, j in enumerate(owners) if events[k].date == m.value
                     and float(vectors[i] @ vectors[j]) >= SAME_EVENT_COSINE), None)
        if same is None:
            events.append(TimelineEvent(m.value, m.text, without_footnotes(quote), [cite]))
            owners.append(i)
        elif cite not in events[same].sources:
            events[same].sources.append(cite)
    events.sort(key=lambda e: _order(e.date))
    order = list(dict.fromkeys(id(c) for e in events for c in e.sources))  # number sources as the reader meets them
    for c in citations.values():
        c.n = order.index(id(c)) + 1
    return Timeline(query, events)


def _order(date: str) -> tuple:
    """Dated events first, by date (a month or year before the days inside it); day-months without a year last."""
    if date.startswith("--"):
        return (1, 0, int(date[2:4]), int(date[5:7]))
    parts = [int(x) for x in date.split("-")] + [0, 0]
    return (0, parts[0], parts[1], parts[2])


def _shown(date: str, lang: str) -> str:
    from index.dates import MONTH_NAMES

    if date.startswith("--"):
        month, day = int(date[2:4]), int(date[5:7])
        return f"{MONTH_NAMES[lang][month - 1]} {day}" if lang == "en" else f"{day} {MONTH_NAMES[lang][month - 1]}"
    parts = [int(x) for x in date.split("-")]
    if len(parts) == 1:
        return str(parts[0])
    month = MONTH_NAMES[lang][parts[1] - 1]
    if len(parts) == 2:
        return f"{month} {parts[0]}"
    return f"{month} {parts[2]}, {parts[0]}" if lang == "en" else f"{parts[2]} {month} {parts[0]}"

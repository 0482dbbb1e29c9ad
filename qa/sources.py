"""Requests about the answer just given, answered from its own citations, not from a new search.

Where it came from ("Siapa yang melaporkannya?", "Apa sumbernya?", "Who reported it?", "What's the source?"): each
cited article's outlet (as the article names it: index.published.named_outlet), title and publication date, with the
very passages the answer quoted, so the reader checks the same words. Both first questions were read as a question
about a person ("Xi Jinping"); a new search for "Media apa yang memberitakan ..." quoted a sentence on state media.
"Siapa yang melaporkan kasus itu?" names what it asks about: a question of its own (news reports who reported a
crime to the police), not this.

When it came out ("Kapan artikel itu diterbitkan?", "When was it published?"): each cited article's publication
date as its record gives it, or that it records none (it was answered with the date of the event the article
reports). A summary of it ("Ringkas artikelnya", "Summarize it"): the cited article's lede (qa.summary); searched
anew with the question before as its topic, "Ringkas artikelnya" after "Apa kata Putin tentang AUKUS?" was refused.
After a refusal, the source asked for is that nothing was cited."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import replace

from index import Index
from index.dates import MONTH_NAMES
from index.published import parse_published
from qa.lang import detect_language
from qa.messages import message
from qa.records import Answer, Citation, named_outlet, title_line
from qa.summary import asks_for_several, summarises_previous, summary_answer

_SOURCE_OF_IT = re.compile(
    r"^\W*(?:(?:dan|lalu|and|so)\W+)?(?:"
    r"siapa\s+(?:yang\s+)?(?:melaporkan|memberitakan|menulis|mewartakan)(?:nya)?|"
    r"(?:apa|siapa)\s+sumber(?:nya|\s+berita(?:nya)?)?|sumber(?:nya|\s+berita(?:nya)?)?(?:\s+(?:apa|siapa|dari\s+mana))?|"
    r"dari\s+mana\s+(?:sumber(?:nya|\s+berita(?:nya)?)?|(?:berita|informasi|kabar)(?:nya)?)|"
    r"(?:media|outlet)\s+(?:apa|mana)(?:\s+yang\s+(?:melaporkan|memberitakan|menulis)(?:nya)?)?|"
    r"who\s+(?:reported|wrote|published)\s+(?:it|this|that)|"
    r"what(?:'s|’s|\s+is|\s+was)\s+(?:the|its|your)\s+sources?|(?:the\s+)?sources?|"
    r"(?:which|what)\s+(?:outlet|media|news\s+outlet)(?:\s+(?:reported|published|wrote)\s+(?:it|this|that))?|"
    r"where\s+(?:is|was|did)\s+(?:it|this|that)\s+(?:from|reported|come\s+from)"
    r")(?:\s+(?:itu|ini|tersebut|then|again))?\W*$", re.I)


# when the article just cited came out, asked of it alone: "Kapan artikel itu diterbitkan?", "When was it
# published?" (it was answered with the date of the event the article reports)
_PUBLISHED_OF_IT = re.compile(
    r"^\W*(?:(?:dan|lalu|and|so)\W+)?(?:"
    r"(?:kapan|tanggal\s+berapa|pada\s+tanggal\s+berapa)\s+(?:(?:artikel|berita|laporan)(?:nya)?\s+(?:(?:itu|ini|"
    r"tersebut)\s+)?)?(?:di)?(?:terbit(?:kan)?|muat|tulis|publikasikan|unggah|rilis|siarkan)(?:nya)?|"
    r"tanggal\s+terbit(?:nya)?(?:\s+(?:artikel|berita)(?:nya)?)?(?:\s+(?:itu|ini|tersebut))?|"
    r"when\s+was\s+(?:it|this|that|(?:the|that|this)\s+(?:article|story|report|piece))\s+(?:published|written|"
    r"posted|released)|(?:what(?:'s|’s|\s+is)\s+(?:the|its)\s+)?(?:publication|published)\s+date"
    r")\W*$", re.I)


def asks_source_of_previous(question: str) -> bool:
    """Whether the question asks, of itself alone, where the previous answer came from. None of the 22,974
    questions in ../shared/training reads so, nor as asking when the article came out (checked by a script, not
    kept)."""
    return bool(_SOURCE_OF_IT.match(question))


def previous_answer(history: Sequence | None) -> Answer | None:
    """The last turn of ``history`` when it is an answer that cited something (a chat's text turns do not say)."""
    last = _last_answer(history)
    return last if last is not None and not last.abstained and last.citations else None


def _last_answer(history: Sequence | None) -> Answer | None:
    last = list(history or [])[-1:]
    return last[0] if last and isinstance(last[0], Answer) else None


def about_previous(question: str, history: Sequence | None, index: Index) -> Answer | None:
    """The answer to a request about the previous answer (its source, when its articles came out; a summary of the
    article, or of each article when several are asked for, it cited), else None (no such request, or no previous
    answer). After a refusal, the source asked for is that nothing was cited."""
    last = _last_answer(history)
    if last is None:
        return None
    source, published = asks_source_of_previous(question), bool(_PUBLISHED_OF_IT.match(question))
    if previous_answer([last]) is None:  # a refusal cited nothing: no source to give, and no new search for one
        lang = detect_language(question)
        return Answer(question, message("nothing_cited", lang), [], True, language=lang, mode="sources") \
            if source or published else None
    if source:
        return source_answer(question, last, index)
    if published:  # read as the question it is about, as a source is
        answer = published_answer(question, [replace(c, n=i) for i, c in enumerate(last.citations, 1)], index)
        answer.standalone_question = last.standalone_question or last.question
        return answer
    if not summarises_previous(question):
        return None
    cited = [a for a in dict.fromkeys(c.source for c in last.citations) if a in index.articles]
    if not cited:  # an index rebuilt without them since: searched anew
        return None
    answer = summary_answer(index, question, cited if asks_for_several(question) else cited[:1],
                            detect_language(question), 1.0, named=True)
    answer.standalone_question = last.standalone_question or last.question
    answer.notices.insert(0, message("previous_articles", answer.language))
    return answer


def source_answer(question: str, previous: Answer, index: Index) -> Answer:
    """Each article ``previous`` cited, in its order: outlet, title, publication date, then the markers of the
    passages ``previous`` quoted from it (its citations, renumbered in order); read as ``previous``'s question."""
    lang = detect_language(question)
    citations = [replace(c, n=i) for i, c in enumerate(previous.citations, 1)]
    lines, outlets = [], []
    for cite, marks in _per_article(citations):
        article = index.articles.get(cite.source)
        outlets.append(named_outlet(article) if article is not None else None)  # an article since removed: none
        where = (outlets[-1], f"“{title_line(cite.title, cite.source)}”", cite.published)
        lines.append(", ".join(x for x in where if x) + " " + marks)
    # read as the question it is about, so a follow-up after it ("Summarize it") is about that question's topic
    return Answer(question, "; ".join(lines) + ".", citations, False, language=lang, support=1.0,
                  notices=[message("outlet_unnamed", lang)] if None in outlets else [], mode="sources",
                  standalone_question=previous.standalone_question or previous.question,
                  short_answer=outlets[0] or title_line(citations[0].title, citations[0].source))


def published_answer(question: str, citations: list[Citation], index: Index) -> Answer:
    """When each cited article was published, as its record gives it (metadata, a dateline, ``kabar index
    --published``), or that the record gives none: never a date the article reports, which is another event's."""
    lang = detect_language(question)
    dates: list[str | None] = []
    lines = []
    for cite, marks in _per_article(citations):
        day = parse_published((index.meta.get(cite.source) or {}).get("published") or cite.published)
        dates.append(_written(day, lang) if day is not None else None)
        when = message("published_on", lang, date=dates[-1]) if day else message("published_unknown", lang)
        lines.append(f"“{title_line(cite.title, cite.source)}” {marks}: {when}")
    return Answer(question, "; ".join(lines) + ".", citations, False, language=lang, support=1.0, mode="sources",
                  notices=[message("published_missing", lang)] if None in dates else [], short_answer=dates[0])


def _per_article(citations: list[Citation]) -> list[tuple[Citation, str]]:
    """Each cited article once, in citation order: its first citation and the markers of all of its ("[1] [2]")."""
    first: dict[str, Citation] = {}
    marks: dict[str, list[str]] = {}
    for cite in citations:
        first.setdefault(cite.source, cite)
        marks.setdefault(cite.source, []).append(f"[{cite.n}]")
    return [(cite, " ".join(marks[source])) for source, cite in first.items()]


def _written(day: dt.date, lang: str) -> str:
    month = MONTH_NAMES[lang][day.month - 1]
    return f"{month} {day.day}, {day.year}" if lang == "en" else f"{day.day} {month} {day.year}"

"""A request to summarise an article ("Ringkas artikel tentang telepon Xi dan Putin", "Summarize the article about the
phone call"): answered with the best-matching article's opening sentences, each cited, under its title. News puts
the main facts first (the lede), so its first sentences are the article's own summary, in its own words: nothing is
written that the article does not say. Both requests were answered with a span ("Vladimir Putin", "Ukraina")."""

from __future__ import annotations

import re

from index import Index
from qa.lang import message
from qa.records import Answer, Citation, article_citation, title_line

LEDE_SENTENCES = 3  # a news lede's length in sentences; a bound, not fitted
_ASKS = re.compile(
    r"^\W*(?:(?:tolong|coba|mohon|please|can\s+you|could\s+you)\s+)?(?:(?:buat(?:kan)?|beri(?:kan)?|give\s+me)\s+(?:an?\s+)?)?"
    r"(?:ringkas(?:kan|lah)?|ringkasan|rangkum(?:kan|lah)?|rangkuman|ikhtisar|intisari|summari[sz]e|summary|"
    r"sum\s+up|tl;?\s?dr)\b(?!\s+(?:apa|mana|yang|which|what)\b)(?:\s+(?:(?:dari|tentang|of|about|the|a|an|me|"
    r"singkat)\b))*\s*", re.I)
# the article asked about, and what it is about: "artikel tentang", "beritanya", "that article", "the report on"
_ARTICLE = re.compile(r"^(?:(?:that|this|the|its)\s+)?(?:artikel|berita|laporan|article|news\s+story|story|report)"
                      r"(?:nya)?(?:\s+(?:itu|tersebut|ini))?\b(?:\s+(?:yang\s+|that\s+)?(?:tentang|mengenai|soal|"
                      r"membahas|about|on|covering)\b)?\s*", re.I)


def asks_for_summary(question: str) -> bool:
    """Whether the question asks to summarise an article (its first words ask so; "Ringkasan apa yang ...?" asks
    which summary). Of the 22,974 questions in ../shared/training, none is read so (one was, that one, before its
    question word was looked at; checked by a script, not kept)."""
    return bool(_ASKS.match(question))


def summary_topic(question: str) -> str:
    """What the summary is to be about: "Ringkas artikel tentang telepon Xi dan Putin" -> "telepon Xi dan Putin"."""
    m = _ASKS.match(question)
    if m is None:
        return question
    rest = _ARTICLE.sub("", question[m.end():]).strip(" ?.!")
    return rest or question


def lede(index: Index, article_id: str, n: int = LEDE_SENTENCES) -> list[tuple[int, int]]:
    """The article's first ``n`` sentences (offsets in its text), as its chunks split them."""
    spans = sorted({(int(s), int(e)) for row in index.rows_of(article_id) for s, e in index.chunks[row]["sentences"]})
    return spans[:n]


def summary_answer(index: Index, question: str, article_id: str, lang: str, support: float) -> Answer:
    """The article's title, then its opening sentences, each cited; a notice says how the summary was made."""
    art = index.articles[article_id]
    citations: dict[str, Citation] = {}
    parts = []
    for span in lede(index, article_id):
        cite = article_citation(citations, art, span)
        parts.append(f"{art['text'][span[0]:span[1]]} [{cite.n}]")
    title = title_line(art.get("title"), article_id)
    return Answer(question, f"“{title}”: " + " ".join(parts), list(citations.values()), False, language=lang,
                  support=support, notices=[message("summary_lede", lang)])

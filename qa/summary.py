"""A request to summarise an article ("Ringkas artikel tentang telepon Xi dan Putin", "Summarize the article about the
phone call"): answered with the best-matching article's opening sentences, each cited, under its title. News puts
the main facts first (the lede), so its first sentences are the article's own summary, in its own words: nothing is
written that the article does not say. Both requests were answered with a span ("Vladimir Putin", "Ukraina").

A request for several ("Ringkas semua berita tentang Taiwan", "Summarize the articles about Ukraine") gets a digest:
each article's title and first sentences, oldest first; where the topic gives names, every article that names them
all (read from the texts, as qa.tally counts them), else the top distinct articles the answer would cite. Both were
answered with one article's lede.

The latest news ("Apa berita terbaru tentang Taiwan?", "What is the latest news?") is such a digest of the newest
dated articles (naming the topic's names, when it gives any): publication dates, not the dates articles report,
decide which is newest. Where none has a date, the answer says that which is newest is not known (and gives the
digest of the articles naming the topic, when it names one); the first was answered with the best-matching
sentences, the second refused as if the articles said nothing."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from index import Index
from qa.messages import message
from qa.records import Answer, Citation, article_citation, title_line
from qa.tally import articles_naming

LEDE_SENTENCES = 3  # a news lede's length in sentences; a bound, not fitted
DIGEST_SENTENCES = 2  # each article's share of a digest of several, so five fit on a screen; a bound, not fitted
MIN_LEDE_WORDS = 3  # a sentence of fewer words is a dateline or a byline, not news; a bound, not fitted
MAX_DIGEST = 5  # articles in one digest; the notice says how many more name the topic; a bound, not fitted
_ASKS = re.compile(
    r"^\W*(?:(?:tolong|coba|mohon|please|can\s+you|could\s+you)\s+)?(?:(?:buat(?:kan)?|beri(?:kan)?|give\s+me)\s+(?:an?\s+)?)?"
    r"(?:ringkas(?:kan|lah)?|ringkasan|rangkum(?:kan|lah)?|rangkuman|ikhtisar|intisari|summari[sz]e|summary|"
    r"sum\s+up|tl;?\s?dr)\b(?!\s+(?:apa|mana|yang|which|what)\b)(?:\s+(?:(?:dari|tentang|of|about|the|a|an|me|"
    r"singkat)\b))*\s*", re.I)
# what an article holds, asked of it: "Apa isi artikel tentang AUKUS?" (refused: the words "isi artikel" matched
# nothing), "What does the article about AUKUS say?"; none of the 23,762 training, valid or sample questions asks so
_CONTENT = re.compile(r"^\W*(?:(?:apa(?:kah)?|bagaimana)\s+)?(?:isi|inti|pokok)(?:nya)?(?:\s+dari)?\s+(?=(?:artikel|berita|"
                      r"laporan)\b)|^\W*what\s+(?:does|did)\s+(?=(?:the|that|this)\s+(?:article|story|report)\s+"
                      r"(?:about|on)\b)", re.I)
_SAY = re.compile(r"\s+(?:say|says|said|tell\s+us|report)\W*$", re.I)
# the article asked about, and what it is about: "artikel tentang", "beritanya", "that article", "the report on"
_ARTICLE = re.compile(r"^(?:(?:semua|seluruh|all|every|each|that|this|these|those|the|its)\s+)*"
                      r"(?:(?P<doc>artikel|berita|laporan)(?:-(?P=doc))?|articles?|news\s+stor(?:y|ies)|stor(?:y|ies)|"
                      r"reports?|news)(?:nya)?(?:\s+(?:itu|tersebut|ini))?\b(?:\s+(?:yang\s+|that\s+)?(?:tentang|"
                      r"mengenai|soal|membahas|about|on|covering)\b)?\s*", re.I)
# several articles asked for: "semua", "all", a doubled noun ("berita-berita"), an English plural
_SEVERAL = re.compile(r"\b(?:semua|seluruh|all|every|each)\b|\b(artikel|berita|laporan)-\1\b|"
                      r"\b(?:articles|stories|reports)\b", re.I)
# "Apa berita terbaru tentang X?", "Berita terkini soal X", "What's the latest news on X?", "Latest updates?"
_LATEST = re.compile(
    r"^\W*(?:(?:apa|apakah)\s+(?:saja\s+)?)?(?:berita|kabar|perkembangan)(?:-berita)?\s+(?:yang\s+)?(?:paling\s+)?"
    r"(?:terbaru|terkini|terakhir)|^\W*(?:what(?:'s|’s|\s+is|\s+are)\s+)?(?:the\s+)?(?:latest|most\s+recent|newest)\s+"
    r"(?:news|developments?|updates?|stories|reports)", re.I)
_LATEST_TOPIC = re.compile(r"^\s*(?:tentang|soal|mengenai|terkait|dari|about|on|regarding|concerning|from|of)\s+(.+)",
                           re.I)
LATEST_ARTICLES = 3  # the newest articles a "latest news" answer gives; a bound, not fitted
_PREVIOUS = {"", "it", "this", "that", "them", "these", "those", "ini", "itu", "tersebut", "tadi", "semuanya"}
_THEM = {"them", "these", "those", "all", "semuanya", "semua"}  # "Summarize them": each article the answer cited


def asks_for_summary(question: str) -> bool:
    """Whether the question asks to summarise an article (its first words ask so; "Ringkasan apa yang ...?" asks
    which summary). Of the 22,974 questions in ../shared/training, none is read so (one was, that one, before its
    question word was looked at; checked by a script, not kept)."""
    return _asked(question) is not None


def asks_for_several(question: str) -> bool:
    """Whether a request for a summary asks for several articles' ("semua berita", "the articles", "them")."""
    m = _asked(question)
    asked = _ARTICLE.match(question[m.end():]) if m is not None else None
    rest = question[m.end():].strip(" ?.!").lower() if m is not None else ""
    return (asked is not None and bool(_SEVERAL.search(asked.group()))) or rest in _THEM


def latest_topic(question: str) -> str | None:
    """What a request for the latest news is about ("Taiwan" of "Apa berita terbaru tentang Taiwan?"; "" when it
    names nothing), else None (no such request). One of the 22,974 questions in ../shared/training reads so ("Apa
    perkembangan terbaru genre komik Detektif Conan?", unanswerable there); no valid or sample question."""
    m = _LATEST.match(question)
    if m is None:
        return None
    topic = _LATEST_TOPIC.match(question[m.end():])
    return topic.group(1).strip(" ?.!") if topic else question[m.end():].strip(" ?.!")


def summarises_previous(question: str) -> bool:
    """Whether a request for a summary names no topic of its own: "Ringkas artikelnya", "Summarize it", "Summarize
    that article" ask for the article the answer before cited."""
    m = _asked(question)
    rest = _ARTICLE.sub("", question[m.end():]).strip(" ?.!") if m is not None else None
    return rest is not None and rest.lower() in _PREVIOUS


def summary_topic(question: str) -> str:
    """What the summary is to be about: "Ringkas artikel tentang telepon Xi dan Putin" -> "telepon Xi dan Putin"."""
    m = _asked(question)
    if m is None:
        return question
    rest = _SAY.sub("", _ARTICLE.sub("", question[m.end():])).strip(" ?.!")
    return rest or question


def _asked(question: str) -> re.Match | None:
    """Where the request for a summary (or for what an article holds) ends in the question, else None."""
    return _ASKS.match(question) or _CONTENT.match(question)


def lede(index: Index, article_id: str, n: int = LEDE_SENTENCES) -> list[tuple[int, int]]:
    """The article's first ``n`` sentences (offsets in its text), as its chunks split them, but a line of fewer than
    MIN_LEDE_WORDS words: a dateline or a byline standing alone ("Channel9.id-Rusia.") says nothing of the news."""
    text = index.articles[article_id]["text"]
    spans = sorted({(int(s), int(e)) for row in index.rows_of(article_id) for s, e in index.chunks[row]["sentences"]})
    said = [(s, e) for s, e in spans if sum(any(ch.isalpha() for ch in w) for w in text[s:e].split()) >= MIN_LEDE_WORDS]
    return (said or spans)[:n]


def summary_answer(index: Index, question: str, article_ids: Sequence[str], lang: str, support: float,
                   more: int = 0, named: bool = False) -> Answer:
    """One article's title, then its opening sentences, each cited; several (a digest: ``asks_for_several``), each
    one's title and first DIGEST_SENTENCES, one paragraph each, oldest first; ``more``: how many others the digest
    leaves out. A notice says how the summary was made (``named``: the article was not chosen as the best match
    but named: the one an answer cited, or the one naming the topic)."""
    ids = _by_date(index, article_ids[:MAX_DIGEST])
    citations: dict[str, Citation] = {}
    paragraphs = []
    for article_id in ids:
        art = index.articles[article_id]
        parts = []
        for span in lede(index, article_id, LEDE_SENTENCES if len(ids) == 1 else DIGEST_SENTENCES):
            cite = article_citation(citations, art, span)
            parts.append(f"{art['text'][span[0]:span[1]]} [{cite.n}]")
        paragraphs.append(f"“{title_line(art.get('title'), article_id)}”: " + " ".join(parts))
    dated = all(index.meta.get(a, {}).get("published") for a in ids)  # the order is by date only where all have one
    notices = [message("summary_lede_named" if named else "summary_lede", lang) if len(ids) == 1 else
               message("summary_digest_dated" if dated else "summary_digest", lang, n=len(ids))]
    if more:
        notices.append(message("summary_more", lang, n=more))
    return Answer(question, "\n\n".join(paragraphs), list(citations.values()), False, language=lang, support=support,
                  notices=notices)


def digest_answer(index: Index, question: str, names: list[str], lang: str,
                  admits: Callable[[str, dict], bool] | None = None) -> Answer | None:
    """A digest of the articles that name all ``names`` (the topic's names: qa.tally.articles_naming; the newest
    MAX_DIGEST where more do), else None (none does: the question is answered as any other, and refused where nothing
    covers it)."""
    found = [article_id for article_id, _ in articles_naming(index, names, admits)]
    if not found:
        return None
    # the newest dated ones when there are more than a digest holds (an analyst follows the latest), then undated
    newest = sorted(found, key=lambda a: (bool(index.meta[a].get("published")), str(index.meta[a].get("published"))),
                    reverse=True)
    answer = summary_answer(index, question, newest, lang, 1.0, more=max(0, len(found) - MAX_DIGEST), named=True)
    answer.mode = "summary"  # read from every text, like a count: nothing for the abstention to doubt
    return answer


def latest_answer(index: Index, question: str, names: list[str], lang: str,
                  admits: Callable[[str, dict], bool] | None = None) -> Answer | None:
    """A digest of the LATEST_ARTICLES newest dated articles naming all ``names`` (every article when none is
    given); where none of those has a publication date, that which is newest is not known (with the digest of those
    naming the names, when given; a refusal else); None where no article names them (answered as any other
    question, and refused where nothing covers it)."""
    found = [a for a, _ in articles_naming(index, names, admits)] if names else \
        [a for a in index.meta if admits is None or admits(a, index.meta[a])]
    if not found:
        return None
    dated = sorted((a for a in found if index.meta[a].get("published")), key=lambda a: str(index.meta[a]["published"]))
    if not dated and not names:
        return Answer(question, message("latest_unknown", lang), [], True, language=lang, mode="summary")
    if not dated:  # the articles on the topic, with the notice that which is newest is not known
        answer = summary_answer(index, question, found, lang, 1.0, more=max(0, len(found) - MAX_DIGEST), named=True)
        answer.notices.insert(0, message("latest_unknown", lang))
    else:
        answer = summary_answer(index, question, dated[-LATEST_ARTICLES:], lang, 1.0)
        answer.notices = [message("latest_digest", lang, n=min(len(dated), LATEST_ARTICLES))]
        if len(dated) < len(found):
            answer.notices.append(message("latest_undated", lang, n=len(found) - len(dated)))
    answer.mode = "summary"
    return answer


def _by_date(index: Index, article_ids: Sequence[str]) -> list[str]:
    """The articles, oldest first (undated last, in the order given)."""
    return sorted(article_ids, key=lambda a: str(index.meta.get(a, {}).get("published") or "9999"))

"""Questions about the articles themselves ("Artikel mana yang membahas AUKUS?", "What is the headline of the
article about the Lunar New Year call?"): answered with the titles of the articles whose sentences match, each
cited, not with a span of their text (the first was answered "Indo-Pacific Quad", the second refused)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from qa.compose import Composer
from qa.followup import mentions_all, names_in, topic_of
from qa.messages import message
from qa.records import Answer, named_outlet, title_line
from qa.sources import published_answer
from qa.summary import asks_for_several, asks_for_summary, summary_answer, summary_topic
from qa.tally import names_given

# not "laporan" / "report": news reports on reports, and each of the 65 questions in ../shared/training that names a
# "laporan" asks about one ("Kapankah laporan hasil kerja tim penyelidik independen untuk OFP diserahkan"); found
# when the rule's reach over the valid questions' wording was looked at (two FacQA valid questions ask so)
_DOCUMENT = (r"(?:artikel|berita|sumber|media|kantor\s+berita|article|articles|story|stories|news\s+story|source|"
             r"sources|(?:news\s+)?outlets?)")
# the document words that ask where an article came from, not what it is called
_OUTLET = re.compile(r"\b(?:sumber|media|kantor\s+berita|sources?|outlets?)\b", re.I)
# what an article does with a topic (not "menyatakan bahwa" / "states that": "Artikel apa yang menyatakan bahwa
# kekuasaan tetap ada di negara anggota?" asks for a treaty's article, a span)
_COVERS = (r"(?:membahas|memberitakan|melaporkan|menyebut|menyebutkan|memuat|mengulas|menulis|bercerita|berisi|"
           r"tentang|mengenai|soal|mentions?|mentioned|reports?|reported|covers?|covered|discuss(?:es|ed)?|is\s+about|"
           r"was\s+about|talks?\s+about|says?\s+(?:about|that)|writes?\s+about)(?:nya)?")  # "memberitakannya": it
# asked as a search: "Tampilkan artikel tentang Taiwan", "Find articles about Xinjiang" (each was refused: no passage
# answers a request); none of the 23,762 training, valid or sample questions starts so
_SEARCH = re.compile(
    rf"^\W*(?:tolong\s+|please\s+)?(?:tampilkan|carikan|cari|temukan|tunjukkan|buka|list|show(?:\s+me)?|find|"
    rf"search(?:\s+for)?|give\s+me|open|get)\s+(?:(?:semua|seluruh|all|the|an?|any)\s+)*{_DOCUMENT}(?:-\w+)?\s+"
    rf"(?:yang\s+|that\s+)?(?:{_COVERS}|about|on|regarding|mentioning|naming)\b", re.I)
_ASKS_ARTICLE = re.compile(
    rf"\b(?:judul|tajuk)\s+(?:dari\s+)?{_DOCUMENT}\b|"  # "Apa judul artikel tentang ...?"
    rf"\b(?:di\s+|dalam\s+|pada\s+)?{_DOCUMENT}\s+(?:mana|apa)(?:kah)?\s+(?:saja\s+)?(?:yang\s+)?{_COVERS}\b|"
    rf"\b(?:which|what)\s+{_DOCUMENT}\s+(?:\w+\s+)?{_COVERS}\b|"  # "Which article mentions ...?"
    rf"\b(?:title|headline)\s+of\s+(?:the\s+|an?\s+)?{_DOCUMENT}\b|"  # "the headline of the article about ..."
    rf"{_SEARCH.pattern}|"
    # a bare "which articles?" after a question or a count: the topic is the one before (qa.followup adds it)
    rf"^\W*(?:{_DOCUMENT}\s+(?:mana|apa)(?:kah)?(?:\s+saja)?|(?:which|what)\s+{_DOCUMENT})\s*\?",
    re.I)
# when an article came out: "Kapan artikel tentang AUKUS diterbitkan?", "When was the article about X published?"
# (both were refused); its publication date, from its record (qa.sources.published_answer)
_PUBLISHED_ABOUT = re.compile(
    rf"^\W*(?:kapan|tanggal\s+berapa)\s+{_DOCUMENT}(?:\s+yang)?\s+(?:tentang|soal|mengenai|membahas)\s+(?P<topic>.+?)\s+"
    rf"(?:di)?(?:terbit(?:kan)?|muat|tulis|publikasikan|unggah|rilis)\W*$|^\W*when\s+was\s+(?:the|an?)\s+{_DOCUMENT}\s+"
    rf"(?:about|on|that\s+\w+)\s+(?P<topic_en>.+?)\s+(?:published|written|posted|released)\W*$", re.I)
_NOT_NAMES = {"the", "a", "an", "this", "that", "these", "those", "sang", "si", "para"}


def asks_for_article(question: str) -> bool:
    """Whether the question asks which article (its title) covers something, or to summarise it (qa.summary), not
    something the articles say. Of the 22,974 questions in ../shared/training, none is read so (checked by a script,
    not kept)."""
    return bool(_ASKS_ARTICLE.search(question)) or asks_for_summary(question) or bool(_PUBLISHED_ABOUT.match(question))


def searches_articles(question: str) -> tuple[str, ...]:
    """The names a search for articles gives ("Find articles about Xinjiang" -> ("Xinjiang",)): every article naming
    them is listed, as a count lists them (qa.tally; the best-matching one alone was given); () when the question is no
    search or names nothing (its topic is then the retrieval's to find)."""
    m = _SEARCH.match(question)
    return tuple(names_given(question[m.end():])) if m else ()


def asks_for_outlet(question: str) -> bool:
    """Whether the question asks which outlet reported something ("Media apa yang memberitakan ...?", "Which outlet
    reported ...?"): answered with the outlets the articles name (qa.records.named_outlet) before their titles."""
    m = _ASKS_ARTICLE.search(question)
    return m is not None and bool(_OUTLET.search(m.group()))


def article_topic(question: str) -> str:
    """The question without its asking for an article, for the abstention to judge whether the articles cover the
    topic: "Which article mentions the Winter Olympics?" -> "the Winter Olympics?"."""
    if asks_for_summary(question):
        return summary_topic(question)
    if (published := _PUBLISHED_ABOUT.match(question)) is not None:
        return published.group("topic") or published.group("topic_en")
    m = _ASKS_ARTICLE.search(question)
    if m is None:
        return question
    rest = (question[: m.start()] + " " + question[m.end():]).strip()
    return rest if any(ch.isalnum() for ch in rest) else question


def naming_all(topic: str, cands: Sequence) -> list:
    """The candidate sentences (with ``.text``) that name every name and number the topic gives ("Xinjiang" of
    "Which article mentions Xinjiang?"); none when it gives none. Such a sentence shows its article covers the topic
    whatever the abstention makes of an English question over Indonesian text ("Which article mentions Xinjiang?"
    was refused with support 0.16)."""
    # every capitalised word counts, the first too, but question words and articles ("What is the ... about Taiwan?")
    names = [w for w in names_in(topic_of(topic), first=True) if w.lower() not in _NOT_NAMES]
    return [c for c in cands if mentions_all([c.text], names)] if names else []


def titles_answer(question: str, chosen: Sequence, composer: Composer, lang: str, support: float) -> Answer:
    """The answer to a question about the articles: each cited article's title, quoted, in the order of its
    matching sentence, then those sentences (the evidence that the article covers the topic); a summary asked for,
    the best one's opening sentences (qa.summary)."""
    if _PUBLISHED_ABOUT.match(question):  # when the best-matching article came out, from its record
        best = chosen[0]
        composer.cite(best, best.start, best.end)
        return replace(published_answer(question, composer.citations, composer.index), support=support)
    if asks_for_summary(question):  # the best article's, or the top distinct ones' when several are asked for
        ids = list(dict.fromkeys(c.doc.metadata["article_id"] for c in chosen))
        return summary_answer(composer.index, question, ids if asks_for_several(question) else ids[:1], lang, support)
    titles: dict[int, str] = {}  # citation number -> its article's title, once each
    outlets: dict[int, str | None] = {}  # citation number -> the outlet its article names, when the question asks it
    parts, outlet_asked = [], asks_for_outlet(question)
    for c in chosen:
        n = composer.cite(c, c.start, c.end)
        titles.setdefault(n, _title(c))
        if outlet_asked:
            outlets.setdefault(n, named_outlet(composer.index.articles[c.doc.metadata["article_id"]]))
        parts.append(f"{c.text} [{n}]")
    lead = "; ".join(f"{outlets[n]}, “{title}” [{n}]" if outlets.get(n) else f"“{title}” [{n}]"
                     for n, title in titles.items())
    notices = [message("outlet_unnamed", lang)] if None in outlets.values() else []
    first_outlet = next(iter(outlets.values()), None)
    return Answer(question, f"{lead}. " + " ".join(parts), composer.citations, False, language=lang, notices=notices,
                  support=support, short_answer=first_outlet or _title(chosen[0]))


def _title(c) -> str:
    """A candidate's article title on one line (its id where it has none)."""
    return title_line(c.doc.metadata.get("title"), c.doc.metadata["article_id"])

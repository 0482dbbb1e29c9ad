"""How many articles name something: "Ada berapa artikel tentang Taiwan?", "How many articles mention AUKUS?".

The retriever returns the top passages, so counting them says nothing of the pile (the first question was refused:
no passage states a number). Such a question is answered by reading every article of the index (within the scope)
for the names it gives, each as a whole word or phrase in any case (an acronym as written), a country in any of
its spellings (qa.countries): how many articles name them all, and which (their titles, each cited with its first
sentence that names the first of them). A topic given without a name ("Berapa artikel tentang kerja sama
ekonomi?") is not counted here: which words make a topic is the retrieval's guess, and a count must be exact; it is
answered as any other question. A question typed in lower case is read with its words as the articles write them
(qa.chain.written_as_indexed): "berapa artikel tentang taiwan?" counts "Taiwan".
"""

from __future__ import annotations

import re
from collections.abc import Callable

from index import Index
from qa.countries import spellings
from qa.messages import listed, message
from qa.records import Answer, Citation, article_citation, title_line

# articles and news stories only (not "sumber daya", "Artikel Konfederasi": a word that carries on the noun), then
# what they do with the topic; 8 of the 22,974 questions in ../shared/training matched a looser form that took
# "sumber" and any next word ("Berapa banyak sumber daya yang ditempatkan Prancis ...?"), none this one
_COUNT = re.compile(
    r"\b(?:(?:ada\s+)?berapa(?:\s+banyak)?|jumlah)\s+(?:artikel|berita)\s+(?:yang|tentang|mengenai|soal|terkait|"
    r"membahas|menyebut\w*|memuat|memberitakan|di|dalam)\b|"
    r"\bhow\s+many\s+(?:articles|stories|news\s+stories|reports)\s+(?:mention\w*|are|were|cover\w*|discuss\w*|"
    r"talk|about|on|in|have|name|say|report)\b", re.I)
_NAME = re.compile(r"\b(?:[A-Z][\w'’-]*|\d[\w.,/-]*)(?:\s+(?:[A-Z][\w'’-]*|\d[\w.,/-]*))*")
_NOT_NAMES = {"The", "A", "An", "This", "That", "These", "Those", "Apa", "Yang", "Ada", "Berapa", "How", "Which"}
MAX_LISTED = 10  # titles shown; the count covers all (a bound on the answer's length, not fitted)


def counts_articles(question: str) -> bool:
    """Whether the question asks how many articles there are ("Berapa artikel ...?", "How many stories ...?")."""
    return bool(_COUNT.search(question))


def counted_names(question: str) -> list[str] | None:
    """The names whose articles a question asks to count ("Taiwan" of "Ada berapa artikel tentang Taiwan?"; "Xi",
    "Putin" of "How many articles mention Xi and Putin?"), else None (no count asked, or no name given)."""
    m = _COUNT.search(question)
    if m is None:
        return None
    return names_given(question[:m.start()] + " " + question[m.end():]) or None


def names_given(text: str) -> list[str]:
    """The names and numbers ``text`` gives, each whole ("Xi Jinping", "2022"), without a leading "The"."""
    return [n for n in (_strip(x.group()) for x in _NAME.finditer(text)) if n]


def _strip(name: str) -> str:
    words = name.split()
    while words and words[0] in _NOT_NAMES:
        words.pop(0)
    return " ".join(words)


def _pattern(name: str) -> re.Pattern:
    ways = []
    for way in sorted(spellings(name), key=len, reverse=True):
        written = r"\s+".join(map(re.escape, way.split()))
        # an acronym as written ("AS", "US": not the words "as", "us"); other names in any case
        ways.append(f"(?-i:{written})" if way.isupper() and len(way) <= 5 else written)
    return re.compile("|".join(rf"(?<!\w){way}(?!\w)" for way in ways), re.I)


def articles_naming(index: Index, names: list[str], admits: Callable[[str, dict], bool] | None = None
                    ) -> list[tuple[str, int]]:
    """(article id, offset of its first mention of ``names[0]``) of every article naming all ``names``, by
    publication date (undated last), then id."""
    patterns = [_pattern(n) for n in names]
    found = []
    for article_id in _candidates(index, names):
        record = index.meta[article_id]
        if admits is not None and not admits(article_id, record):
            continue
        text = index.articles[article_id]["text"]
        first = [p.search(text) for p in patterns]
        if all(first):
            found.append((str(record.get("published") or "9999"), article_id, first[0].start()))
    return [(aid, offset) for _, aid, offset in sorted(found)]


def _candidates(index: Index, names: list[str]) -> list[str]:
    """The articles that may name all ``names``: those whose chunks hold a word of each (BM25's terms, stemmed),
    so a count over a large index reads few texts; every article for a name BM25 keeps no term of (a stopword),
    and over a served store (Milvus), whose searches return a capped number of hits."""
    ids: set[str] | None = None
    for name in names if index.remote is None else ():  # a served store caps its hits: the texts decide
        query = " ".join(spellings(name))
        if not any(index.bm25.tokenize([query])[0]):
            continue  # "AS" is an English stopword: the texts decide
        rows = index.search_bm25([query], max(1, len(index.chunks)))[0]
        held = {index.chunks[row]["article_id"] for row, _ in rows}
        ids = held if ids is None else ids & held
    return sorted(index.meta) if ids is None else sorted(ids)


def count_answer(index: Index, question: str, names: list[str], lang: str,
                 admits: Callable[[str, dict], bool] | None = None) -> Answer:
    """The number of articles naming all ``names`` and the first MAX_LISTED of them, cited (mode "count")."""
    found = articles_naming(index, names, admits)
    asked = listed([f"“{n}”" for n in names], lang)
    citations: dict[str, Citation] = {}
    titles = []
    for article_id, offset in found[:MAX_LISTED]:
        held = index.sentence_at(article_id, offset)
        cit = article_citation(citations, index.articles[article_id], held[1:] if held is not None else (offset, offset))
        titles.append(f"“{title_line(cit.title, article_id)}” [{cit.n}]")
    if len(found) > MAX_LISTED:
        titles.append(message("articles_more", lang, n=len(found) - MAX_LISTED))
    key = "articles_none" if not found else "articles_one" if len(found) == 1 else "articles_named"
    text = message(key, lang, n=len(found), names=asked, titles="; ".join(titles))
    return Answer(question, text, list(citations.values()), False, language=lang, support=1.0,
                  short_answer=str(len(found)),
                  mode="count")  # a count read from every text, not a guess: nothing to doubt

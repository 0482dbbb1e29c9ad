"""How an extractive answer is written: citations numbered in order of first use with their quotes, and the date
that leads a "when" answer."""

from __future__ import annotations

from index import Index
from index.dates import DateMention
from qa.messages import message
from qa.records import Citation, provenance


def date_lead(mention: DateMention, lang: str) -> str:
    """The date that leads a "when" answer, with the words the article used and, for a date counted from the
    article's own date or from an earlier one, how it was known: Kamis 16 Juni 2022 (“kemarin”, dihitung dari
    tanggal artikel)."""
    described = mention.describe(lang)
    how = {"published": "from_published", "reported": "from_reported", "context": "from_context"}.get(mention.resolution)
    said = f"“{mention.text}”" + (f", {message(how, lang)}" if how else "")
    return f"{described} ({said})" if described != mention.text or how else described


class Composer:
    """Numbers citations in order of first use; one citation per chunk, quotes accumulate."""

    def __init__(self, index: Index):
        self.index = index
        self.citations: list[Citation] = []
        self._by_chunk: dict[str, Citation] = {}

    def cite(self, cand, start: int, end: int, sentence: bool = False) -> int:
        """The citation number of ``cand``'s chunk (an answer candidate: its document and sentence offsets), with the
        article's ``start``..``end`` (the whole sentence when ``sentence``) added to its quote."""
        meta = cand.doc.metadata
        if sentence:
            start, end = cand.start, cand.end
        cit = self._by_chunk.get(meta["chunk_id"])
        chunk_start = meta["start"]
        if cit is None:
            cit = Citation(len(self.citations) + 1, meta["article_id"], meta["title"], cand.doc.page_content, "",
                           round(float(meta.get("score", 0.0)), 4), meta["chunk_id"],
                           **provenance(self.index.articles[meta["article_id"]], start))
            self.citations.append(cit)
            self._by_chunk[meta["chunk_id"]] = cit
        if (start, end) not in cit.article_spans:
            cit.article_spans.append((start, end))
            cit.article_spans.sort()
            cit.quote_spans = [(s - chunk_start, e - chunk_start) for s, e in cit.article_spans]
            text = self.index.articles[meta["article_id"]]["text"]
            cit.quote = " … ".join(text[s:e] for s, e in cit.article_spans)
        return cit.n

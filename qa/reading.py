"""The reader's side of the extractive answerer: the candidate sentences it reads, each read once inside its
chunk as the reader was trained, the span that leads an answer, the evidence order the reader's margins set, and
the reader's refusal. ``SpanReading`` is mixed into ``qa.answer.ExtractiveAnswerer`` and reads its ``index``,
``reader`` and ``settings`` (which callers swap: eval.runner measures the baselines without the reader)."""

from __future__ import annotations

from dataclasses import dataclass

from langchain_core.documents import Document

from index import Index
from qa.evidence_order import clipped_margin, order_sentences, orders_question, span_question
from qa.reader import Reader, Span, passage_spans, sure_span
from qa.settings import AnswerSettings


@dataclass
class Candidate:
    """A sentence of a retrieved passage, with the scores that order it and, once read, the reader's span."""

    doc: Document
    rank: int
    start: int  # article offsets
    end: int
    text: str
    score: float = 0.0
    cos: float = 0.0
    lex: float = 0.0
    span: Span | None = None  # the reader's best span, once it has read the sentence
    read: bool = False


class SpanReading:
    """The answerer's reading methods; see the module's docstring."""

    index: Index
    reader: Reader | None
    settings: AnswerSettings

    def _rerank_by_reader(self, question: str, cands: list[Candidate]) -> list[Candidate]:
        """The top ``reader_rerank`` sentences of a factoid question, read by the reader, put in order by
        ``qa.evidence_order`` (a linear score over the sentences' and passages' scores and the reader's margin over
        "no answer", fitted on training questions), so that the sentence holding what is asked (a date, a name)
        rises above one that only shares its words; a "when" question's only within the best sentence's article
        (another article's date may be another event's: the Taiwan question got a "7 Oktober" so)."""
        n = self.settings.reader_rerank if self.reader is not None and self.settings.reader else 0
        if n < 2 or not cands or not orders_question(question):
            return cands
        top = order_sentences(self.read_spans(question, cands[:n], cands), self.settings.sentence_order_weights)
        lifted = span_question(question) or top[0].doc.metadata["article_id"] == cands[0].doc.metadata["article_id"]
        return top + cands[n:] if lifted else cands

    def read_spans(self, question: str, cands: list[Candidate], pool: list[Candidate] | None = None
                   ) -> list[Candidate]:
        """The candidates, each read once by the reader (its span cached on the candidate). The reader reads the
        chunk a candidate comes from whole, as it was trained, and finds the span in the candidate's sentence with
        the chunk around it; every unread candidate of ``pool`` (default ``cands``) in a chunk it reads gets its
        span from the same reading."""
        unread = [c for c in cands if not c.read]
        if not unread:
            return cands
        keys = list(dict.fromkeys(chunk_key(c) for c in unread))
        pooled = [c for c in {id(c): c for c in unread + (pool or [])}.values() if not c.read]
        groups = [[c for c in pooled if chunk_key(c) == key] for key in keys]
        texts, parts = zip(*(self._chunk_reading(key, group) for key, group in zip(keys, groups)))
        for group, spans in zip(groups, passage_spans(self.reader, question, list(texts), list(parts))):
            for c, span in zip(group, spans):
                c.span, c.read = span, True
        return cands

    def _chunk_reading(self, key: tuple, group: list[Candidate]) -> tuple[str, list[tuple[int, int]]]:
        """The text the reader reads for a group of candidates of one chunk, and each one's range in it."""
        aid, lo, hi = key
        if aid is None:  # a sentence of no known chunk (a Document made by hand) is read alone
            return group[0].text, [(0, len(group[0].text))]
        return self.index.articles[aid]["text"][lo:hi], [(c.start - lo, c.end - lo) for c in group]

    def _short_span(self, question: str, cands: list[Candidate]) -> tuple[Span, Candidate] | None:
        """The reader's span, when it is sure enough of it, from the answering sentence (or the surest of the
        top ``reader_sentences`` sentences), else from the first of the next ``reader_fallback`` sentences that has
        one; the span's sentence becomes the evidence."""
        if self.reader is None or not self.settings.reader:
            return None
        first = max(1, self.settings.reader_sentences)
        # the surest span of the top sentences; failing one, the first of the next ones of the same article that
        # has a sure span (another article's would leave the sentence that matches the question uncited)
        aid = cands[0].doc.metadata["article_id"] if cands else None
        after = [c for c in cands[first:] if c.doc.metadata["article_id"] == aid][: self.settings.reader_fallback]
        for read in [cands[:first]] + [[c] for c in after]:
            self.read_spans(question, read, cands)
            found = sure_span(self.reader, [c.span for c in read], self.settings.reader_margin)
            if found is not None:
                return found[1], read[found[0]]
        return None

    def _reader_finds_nothing(self, question: str, cands: list[Candidate]) -> bool:
        """Whether the reader finds, in none of the top sentences of a factoid question, a span that beats "no
        answer" by ``reader_abstain_margin`` (``when_abstain_margin`` for a "when" question): on the topic, but none
        states what is asked."""
        limit = (self.settings.reader_abstain_margin if span_question(question) else
                 self.settings.when_abstain_margin if orders_question(question) else None)
        top = cands[: self.settings.reader_rerank]
        if limit is None or self.reader is None or len(top) < 2:
            return False
        return all(c.read for c in top) and max(clipped_margin(c) for c in top) < limit


def chunk_key(c: Candidate) -> tuple:
    """The article and character range of the chunk a candidate sentence comes from; (None, id, 0) for a
    sentence whose document names no chunk sentences."""
    sentences = c.doc.metadata.get("sentences")
    if not sentences:
        return None, id(c), 0
    return c.doc.metadata["article_id"], sentences[0][0], sentences[-1][1]

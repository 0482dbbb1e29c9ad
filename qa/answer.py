"""The extractive answerer: pick the sentences that answer the question from the reranked passages,
compose a short answer whose every clause carries a [n] marker, and abstain when nothing supports one.

It never writes a word of content that is not in a cited sentence: the answer is the chosen
sentences themselves, plus (for "when" questions) the date as the article gives it, described in
the question's language.
"""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
from langchain_core.documents import Document

from index import Encoder, Index
from index.dates import DateMention, date_words
from index.sentences import without_footnotes
from qa.about import article_topic, asks_for_article, naming_all, titles_answer
from qa.asked import life_sentences
from qa.compose import Composer
from qa.description import names_person_asked
from qa.informal import written_as_passages
from qa.lang import detect_language, is_factoid_question, is_when_question
from qa.messages import listed, message
from qa.numbers import for_reader
from qa.reader import Span, reader_for, sure_span
from qa.reading import Candidate, SpanReading
from qa.records import Answer
from qa.relevance import judge_for
from qa.rerank import TermCoverage
from qa.settings import AnswerSettings
from qa.speaker import about_asked, asked_speaker, said_by_asked, saying_leads, speaks_for_itself
from qa.support import answer_features, background_vectors
from qa.when import (
    DateLead,
    asks_latest,
    event_date,
    event_lead,
    latest_first,
    mention_in,
    names_time,
    nearer_by_meaning,
    since_rule,
    span_lead,
)
from qa.whose_words import words_notices
from qa.window import DateWindow, passage_in_window, question_window, sentence_in_window


class ExtractiveAnswerer(SpanReading):
    def __init__(self, index: Index, encoder: Encoder, settings: AnswerSettings | None = None,
                 as_of: dt.date | None = None):
        self.index = index
        self.as_of = as_of  # relative windows in questions ("tahun lalu") count from it; default today
        self.encoder = encoder
        self.settings = settings or AnswerSettings()
        self.reader = reader_for(index.model) if self.settings.reader else None
        self.judge = judge_for(self.reader or reader_for(index.model))
        self.coverage = TermCoverage(index)
        self.background_vectors = background_vectors(encoder)

    def language_background(self, query_vector: np.ndarray) -> float:
        """Mean cosine of the question to topic-free Indonesian sentences (see ``answer_features``)."""
        return float(np.mean(self.background_vectors @ query_vector))

    def score_sentences(self, question: str, docs: list[Document], query_vector: np.ndarray) -> list[Candidate]:
        """The top passages' sentences, best first: cosine to the question + share of its terms, minus a
        small penalty per passage rank."""
        cands = [c for c in self._candidates(docs[: self.settings.passages]) if not adds_nothing(c.text, question)]
        if not cands:
            return []
        cos = self.encoder.encode_passages([c.text for c in cands]) @ query_vector
        lex = self.coverage(question, [c.text + " " + self._date_words(c) for c in cands])
        for c, cs, lx in zip(cands, cos, lex):
            c.cos, c.lex = float(cs), float(lx)
            c.score = float(cs + 0.3 * lx - 0.01 * c.rank)
        return sorted(cands, key=lambda c: -c.score)

    def _date_words(self, c: Candidate) -> str:
        return date_words(self.index.articles[c.doc.metadata["article_id"]].get("dates", []), c.start, c.end)

    def evidence_features(self, question: str, docs: list[Document], cands: list[Candidate],
                          query_vector: np.ndarray) -> dict[str, float]:
        """``answer_features`` of the question's evidence, the relevance judge's verdict included."""
        top = [c.text for c in cands[: self.settings.relevance_sentences]]
        relevance = float(self.judge.scores(question, top).max()) if self.judge is not None and top else 0.0
        return answer_features(docs, cands[0], self.language_background(query_vector), relevance)

    def support(self, question: str, docs: list[Document], cands: list[Candidate], query_vector: np.ndarray) -> float:
        """Probability-like evidence that the passages answer the question (logistic over calibrated features; see
        qa.settings.ABSTAIN_WEIGHTS)."""
        if not cands:
            return 0.0
        feats = self.evidence_features(question, docs, cands, query_vector)
        w = self.settings.abstain_weights
        z = w["bias"] + sum(w.get(k, 0.0) * v for k, v in feats.items())
        return float(1.0 / (1.0 + np.exp(-z)))

    def answer(self, question: str, docs: list[Document], query_vector: np.ndarray,
               cands: list[Candidate] | None = None) -> Answer:
        """``cands``: the result of ``score_sentences`` when the caller has it already."""
        question = written_as_passages(question, [d.page_content for d in docs])  # "presiden tiongkok" as written
        lang = detect_language(question)
        if cands is None:
            cands = self.score_sentences(question, docs, query_vector)
        topic = article_topic(question)  # the question itself unless it asks which article covers a topic
        support = self.support(topic, docs, cands, query_vector)
        if cands and asks_for_article(question):  # which article covers something: its title, cited (qa.about)
            return self._titles(question, topic, cands, support, lang)
        if not cands or (support < self.settings.abstain_threshold and not speaks_for_itself(
                question, sentences := [c.text for c in cands]) and not names_person_asked(question, sentences)):
            return self._abstain(question, lang, support)
        # what someone said is never answered with another person's words (qa.speaker) and is answered by a sentence
        # that reports a saying, where the best one's article has one; a birth date, by one that states a birth
        matched, cands = cands, self._rerank_by_reader(question, saying_leads(question, said_by_asked(question, cands)))
        if self._reader_finds_nothing(question, cands) or not (cands := life_sentences(question, cands)):
            return self._abstain(question, lang, support, [message("no_span", lang)])
        prefix, notices = "", []
        window = question_window(question, self.as_of)
        cands = self._best_match_in_window(window, matched[0], cands)
        if is_when_question(question) and asks_latest(question):  # the latest matching report leads
            cands, yearless, compared = latest_first(cands, lambda c: self._own_date(question, c, window),
                                                     self.settings.latest_margin)
            matched = cands  # the best match, an earlier report, is not quoted as the one that matches
            if yearless:  # "Rabu" of a report without a year is not known to be the last time
                notices.append(message("latest_known_year" if compared else "latest_unknown_year", lang,
                                       dates=listed(yearless, lang)))
        best, chosen = cands[0], self._choose(question, cands)
        builder, dates = Composer(self.index), []
        if window is not None and not self._in_window(window, best):
            notices.append(message("outside_window", lang, window=window.describe()))
        short = None
        lead = self._when_lead(question, cands, window, lang, query_vector) if is_when_question(question) else None
        if lead is not None:
            holder, short = lead.holder, lead.short
            n = builder.cite(holder, holder.start, holder.end)
            prefix = f"{lead.text} [{n}]. "
            chosen = [holder] if lead.from_reader else chosen  # a span's sentence is its evidence, as below
            # when the order lifted the sentence with the date, the one that matches the question is quoted too
            chosen = self._choose(question, matched) if best is not matched[0] else chosen
            chosen = with_sentence(chosen, holder)  # and the date's own sentence always, so it can be checked
            if lead.mention is not None:
                dates.append({**lead.mention.to_dict(), "article_id": holder.doc.metadata["article_id"],
                              "citation": n})
        found_span = None if prefix else self._short_span(question, cands)
        if found_span is not None and is_when_question(question) and not self._names_time(*found_span):
            found_span = None  # a "when" question with no date to give is not answered "Beijing"
        if found_span is not None and not self._dated_outside(*found_span, window):
            short, holder = found_span[0].text, found_span[1]  # the span leads; its sentence is the evidence
            prefix, chosen = f"{for_reader(short, lang)} [{builder.cite(holder, holder.start, holder.end)}]. ", [holder]
        notices += words_notices(question, [c.text for c in chosen], lang)  # not the asked one's words, or topic
        parts = []
        for c in chosen:
            n = builder.cite(c, c.start, c.end)
            parts.append(f"{without_footnotes(c.text)} [{n}]")  # an article's "[4]" is not a citation
        return Answer(question, prefix + " ".join(parts), builder.citations, False, dates, language=lang,
                      support=support, notices=notices, short_answer=short)

    def _best_match_in_window(self, window: DateWindow | None, best_match: Candidate, cands: list[Candidate]
                              ) -> list[Candidate]:
        """The reader does not lift a sentence of another time over the best match, dated inside the question's
        window ("Di mana Xi dan Putin bertemu pada Februari 2022?": not "Minggu ini ... bertemu di Uzbekistan"), unless
        the best match was set aside (another person's words, no birth for a birth date): it stays aside."""
        if window is not None and cands[0] is not best_match and any(c is best_match for c in cands) \
                and self._in_own_time(window, best_match) and self._in_own_time(window, cands[0]) is False:
            return [best_match] + [c for c in cands if c is not best_match]
        return cands

    def _titles(self, question: str, topic: str, cands: list[Candidate], support: float, lang: str) -> Answer:
        """Which articles cover ``topic``: their titles (qa.about). Where the abstention doubts (English over
        Indonesian text), the sentences that name every name the question gives show the articles that do."""
        named = naming_all(topic, cands) if support < self.settings.abstain_threshold else []
        if not named and support < self.settings.abstain_threshold:
            return self._abstain(question, lang, support)
        return titles_answer(question, self._choose(topic, named or cands, broad=True), Composer(self.index), lang,
                             support)

    def _choose(self, question: str, cands: list[Candidate], broad: bool = False) -> list[Candidate]:
        """The evidence sentences. A factoid question: the best sentence, plus a near-equal one of the same article.
        A broad one (why, how, what someone said; ``broad``: which articles cover something): the best sentence of
        each of the top distinct articles that come near the best, each cited, since such an answer often spans
        several reports."""
        best = cands[0]
        if (is_factoid_question(question) and not broad) or self.settings.broad_articles < 2:
            chosen = [best] + [c for c in cands[1 : self.settings.max_sentences]
                               if c.score >= best.score - self.settings.second_sentence_margin
                               and c.doc.metadata["article_id"] == best.doc.metadata["article_id"]]
            return sorted(chosen, key=lambda c: (c.rank, c.start))
        chosen, seen, asked = [best], {best.doc.metadata["article_id"]}, asked_speaker(question)
        for c in cands[1:]:  # another report's sentence on what someone said names them (qa.speaker.about_asked)
            aid = c.doc.metadata["article_id"]
            if aid not in seen and c.score >= best.score - self.settings.broad_margin and about_asked(asked, c.text):
                chosen.append(c)
                seen.add(aid)
            if len(chosen) == self.settings.broad_articles:
                break
        return chosen  # best first: each article's sentence in the order of its evidence

    def _names_time(self, span: Span, holder: Candidate) -> bool:
        return names_time(span.text, mention_in(self._mentions(holder), holder.start + span.start,
                                                holder.start + span.end))

    def _dated_outside(self, span: Span, holder: Candidate, window: DateWindow | None) -> bool:
        """Whether the span names dates (the article's, found at indexing) and none inside the question's time
        window: such a span never leads, as a date of another time would pass for the one asked about."""
        if window is None:
            return False
        s, e = holder.start + span.start, holder.start + span.end
        mentions = [m for m in self._mentions(holder) if m.start < e and s < m.end and m.known]
        return bool(mentions) and not any(window.contains(m) for m in mentions)

    def _abstain(self, question: str, lang: str, support: float, notices: list[str] | None = None) -> Answer:
        return Answer(question, message("abstain", lang), [], True, language=lang, support=support,
                      notices=notices or [])

    def _candidates(self, docs: list[Document]) -> list[Candidate]:
        seen: set[tuple[str, int]] = set()
        out = []
        for rank, d in enumerate(docs):
            art = self.index.articles[d.metadata["article_id"]]["text"]
            for s, e in d.metadata["sentences"]:
                key = (d.metadata["article_id"], s)
                if key in seen:
                    continue
                seen.add(key)
                out.append(Candidate(d, rank, s, e, art[s:e]))
        return out

    def _in_window(self, window: DateWindow, best: Candidate) -> bool:
        art = self.index.articles[best.doc.metadata["article_id"]]
        own = [d for d in art.get("dates", []) if best.start <= d["start"] < best.end]
        inside = passage_in_window(window, own, best.start, best.end, None, best.text)
        return inside is None or inside > 0  # only the answer's own dates, known to lie outside, raise the notice

    def _when_lead(self, question: str, cands: list[Candidate], window: DateWindow | None, lang: str,
                   query_vector: np.ndarray) -> DateLead | None:
        """What leads a "when" answer (qa/when.py): the reader's span in the best sentence when it names a time
        inside the question's window (``answer.when_reader``), else the event-date rule's date for that sentence;
        neither a date that ends a "since" clause the question does not ask about (``since_rule``). Only the best
        sentence: a date read from the next one may be another event's (the Taiwan question got a video call's)."""
        best, nearer = cands[0], None if lang == "id" else nearer_by_meaning(self.encoder, query_vector)
        text, mentions = self.index.articles[best.doc.metadata["article_id"]]["text"], self._mentions(best)
        since = since_rule(question, text, nearer, self.index.bm25.params["language"])
        if self.settings.when_reader and self.reader is not None and self.settings.reader:
            found = sure_span(self.reader, [self.read_spans(question, [best], cands)[0].span],
                              self.settings.reader_margin)
            if found is not None and not self._dated_outside(found[1], best, window):
                span = found[1]
                at = (best.start + span.start, best.start + span.end)  # the span's offsets in the article
                mention = mention_in(mentions, *at)
                if names_time(span.text, mention) and not since(at[0] if mention is None else mention.start):
                    return span_lead(text, at, mention, best, lang)
        mention = event_date(mentions, best.start, best.end, window, since)
        return None if mention is None else event_lead(mention, self._holder(mention, best), lang)

    def _own_date(self, question: str, c: Candidate, window: DateWindow | None) -> DateMention | None:
        """The first date a candidate sentence itself gives (inside the question's window, not a "since" date);
        not the article's lead date the event-date rule falls back on, which may be another event's."""
        text = self.index.articles[c.doc.metadata["article_id"]]["text"]
        since = since_rule(question, text, None, self.index.bm25.params["language"])
        return next((m for m in self._mentions(c) if m.known and m.value and c.start <= m.start < c.end
                     and not since(m.start) and (window is None or window.contains(m))), None)

    def _in_own_time(self, window: DateWindow, c: Candidate) -> bool | None:
        return sentence_in_window(window, self._mentions(c), c.start, c.end)

    def _mentions(self, c: Candidate) -> list[DateMention]:
        return [DateMention.from_dict(d) for d in self.index.articles[c.doc.metadata["article_id"]].get("dates", [])]

    def _holder(self, mention: DateMention, best: Candidate) -> Candidate:
        """A candidate for the sentence holding ``mention`` (in ``best``'s article), attached to its chunk."""
        aid = best.doc.metadata["article_id"]
        found = self.index.sentence_at(aid, mention.start)
        if found is None:
            return best
        row, s, e = found
        c = self.index.chunks[row]
        doc = Document(page_content=c["text"], metadata={**c, "row": row, "score": best.doc.metadata.get("score", 0.0)})
        return Candidate(doc, 0, s, e, self.index.articles[aid]["text"][s:e])


def adds_nothing(sentence: str, question: str) -> bool:
    """Whether every word of ``sentence`` is one of the question's: "Amerika Serikat." (a heading's remains, or a
    sentence cut short) is no answer to "Apa yang dikatakan Xi tentang Amerika Serikat?", though it matches best.
    None of the 12,786 sentences that hold a gold answer in ../shared/training is such; 20 of their 55,455
    sentences are."""
    words = set(re.findall(r"\w+", sentence.lower()))
    return words <= set(re.findall(r"\w+", question.lower()))


def with_sentence(chosen: list[Candidate], holder: Candidate) -> list[Candidate]:
    """``chosen`` and ``holder``'s sentence (where a "when" answer's date is written), in the order they are read."""
    if any(c.doc.metadata["article_id"] == holder.doc.metadata["article_id"] and c.start == holder.start
           for c in chosen):
        return chosen
    aid = holder.doc.metadata["article_id"]
    same = sorted([holder, *(c for c in chosen if c.doc.metadata["article_id"] == aid)], key=lambda c: c.start)
    return same + [c for c in chosen if c.doc.metadata["article_id"] != aid]

"""Which sentence answers a factoid question: the top candidate sentences, once the reader has read them, put in
order by a linear score over what is known of each (its own score, cosine and term coverage, its passage's
scores and rank, whether it is in the best sentence's article, the reader's margin over "no answer").

The weights are fitted by ``python -m eval.fit_reader_rerank`` on training questions only (see
``qa.settings.SENTENCE_ORDER_WEIGHTS``); the features are one pure function, so the fit and the product cannot
drift apart.
"""

from __future__ import annotations

import math
from typing import Protocol

from qa.lang import is_factoid_question, is_when_question

# a sentence the reader finds no span in counts as this margin; margins are clipped to [NO_SPAN_MARGIN, MAX_MARGIN]
# so one very sure span cannot outweigh everything else
NO_SPAN_MARGIN = -10.0
MAX_MARGIN = 15.0
FEATURES = ("score_gap", "cos_gap", "lex", "passage_rank", "passage_dense", "passage_lex", "passage_score",
            "same_article", "margin", "margin_gap", "no_span", "log_chars", "position")


class Sentence(Protocol):
    """What the ordering reads of a candidate sentence (``qa.reading.Candidate``)."""

    doc: object
    rank: int
    text: str
    score: float
    cos: float
    lex: float
    span: object


def orders_question(question: str) -> bool:
    """Whether a question's top sentences are put in this order: a factoid one (its answer is a name, a number, a
    place, a date). "When" questions included (within the best sentence's article, qa.answer): on the reader's
    held-out training "when" questions the order raises the answer's token F1 (``python -m eval.reader_check
    --when-rerank 1,8``, eval/results/reader_check.json); the lead still comes from the "when" logic."""
    return is_factoid_question(question)


def span_question(question: str) -> bool:
    """A factoid question that is not a "when" one: the reader's span is its answer. The order's weights and the
    reader's refusal margin were fitted on these (a "when" answer falls back on the article's date, so the reader
    does not refuse it)."""
    return is_factoid_question(question) and not is_when_question(question)


def clipped_margin(sentence: Sentence) -> float:
    if sentence.span is None:
        return NO_SPAN_MARGIN
    return max(NO_SPAN_MARGIN, min(MAX_MARGIN, float(sentence.span.margin)))


def sentence_features(top: list[Sentence]) -> list[dict[str, float]]:
    """The features of each of ``top`` (best first by sentence score), some relative to the best of them."""
    if not top:
        return []
    best_score, best_cos = top[0].score, max(s.cos for s in top)
    best_margin = max(clipped_margin(s) for s in top)
    best_article = top[0].doc.metadata["article_id"]
    rows = []
    for position, s in enumerate(top):
        meta, margin = s.doc.metadata, clipped_margin(s)
        rows.append({
            "score_gap": s.score - best_score, "cos_gap": s.cos - best_cos, "lex": s.lex,
            "passage_rank": float(s.rank), "passage_dense": float(meta.get("dense") or 0.0),
            "passage_lex": float(meta.get("lexical") or 0.0), "passage_score": float(meta.get("score") or 0.0),
            "same_article": float(meta["article_id"] == best_article), "margin": margin,
            "margin_gap": margin - best_margin, "no_span": float(s.span is None),
            "log_chars": math.log(max(len(s.text), 1)), "position": float(position)})
    return rows


def order_sentences(top: list[Sentence], weights: dict[str, float]) -> list[Sentence]:
    """``top`` by the weighted sum of their features, best first (ties keep the sentence-score order)."""
    value = sentence_values(sentence_features(top), weights)
    return [top[i] for i in sorted(range(len(top)), key=lambda i: (-value[i], i))]


def sentence_values(features: list[dict[str, float]], weights: dict[str, float]) -> list[float]:
    """The weighted sum of each sentence's features (``sentence_features``), by which they are put in order."""
    return [sum(weights.get(k, 0.0) * f[k] for k in FEATURES) for f in features]

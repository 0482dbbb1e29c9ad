"""What abstention weighs: features of a question's evidence (its best sentence and the reranked passages).
The logistic weights over them are fitted on training data (eval.calibrate; qa.settings.ABSTAIN_WEIGHTS), and
qa.answer refuses below the threshold."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Protocol

import numpy as np
from langchain_core.documents import Document

from index import Encoder

MARGIN_PASSAGES = 5  # the passages the answerer gets by default (retrieval.k), with which the margins were fitted


class ScoredSentence(Protocol):
    cos: float  # the sentence's cosine to the question
    lex: float  # its IDF-weighted coverage of the question's terms


def answer_features(docs: list[Document], best: ScoredSentence, background: float,
                    relevance: float = 0.0) -> dict[str, float]:
    """Evidence features of the best sentence and the passages.

    Cosines are taken relative to ``background`` (the question's mean cosine to topic-free Indonesian
    sentences): an English question sits lower against all Indonesian text, by about the same amount, so the
    relative cosines mean the same in both languages, and a model fitted on Indonesian training questions
    carries over to English ones. ``relevance``: the relevance judge's best logit on the top sentences
    (qa/relevance.py; 0 without one). The margins compare the top passage's cosine and
    term coverage with the mean of the next ones (of the first five). With them the fit weighs the whole
    neighbourhood: a corpus on the question's topic has several near passages, where a question it does not
    answer finds one chance near passage among distant ones (their weights: qa.settings.ABSTAIN_WEIGHTS; out of
    fold on the training questions they raised the out-of-corpus questions caught at the same cap on answerable
    refusals from 55% to 67%)."""
    # in the reranker's order before the judge's second look (qa.rerank.JudgedReranker): these features describe
    # the neighbourhood the hybrid reranker sees, as when they were designed; which passage is read first is the
    # judge's business
    docs = sorted(docs, key=lambda d: d.metadata.get("unjudged_rank", 0))
    top = docs[0].metadata if docs else {}
    return {
        "sentence_cos": best.cos - background,
        "sentence_lex": best.lex,
        "passage_cos": float(top.get("dense") or 0.0) - background,
        "passage_lex": float(top.get("lexical") or 0.0),
        "relevance": relevance,
        "passage_cos_margin": _margin([d.metadata.get("dense") for d in docs[:MARGIN_PASSAGES]]),
        "passage_lex_margin": _margin([d.metadata.get("lexical") for d in docs[:MARGIN_PASSAGES]]),
    }


def _margin(values: list) -> float:
    """The top passage's value minus the mean of the rest that have one; 0 when the top passage has none (a
    reranker other than the hybrid one may leave scores unset) or nothing follows it."""
    if not values or values[0] is None:
        return 0.0
    rest = [float(v) for v in values[1:] if v is not None]
    return float(values[0]) - float(np.mean(rest)) if rest else 0.0


_BACKGROUND_FILE = Path(__file__).with_name("background_id.txt")


@functools.lru_cache(maxsize=4)
def background_vectors(encoder: Encoder) -> np.ndarray:
    """The background sentences embedded once per encoder (not on every index reload). Small batches: one batch
    of 64 long sentences raised the peak RSS of a fresh server by ~190 MB."""
    return encoder.encode_passages(background_sentences(), batch_size=4)


def background_sentences() -> list[str]:
    lines = _BACKGROUND_FILE.read_text(encoding="utf-8").splitlines()
    return [x for x in lines if x.strip() and not x.startswith("#")]

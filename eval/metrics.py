"""Metrics the BEIR/MTEB way (ranx computes the ranking ones), plus answer, citation and abstention scores."""

from __future__ import annotations

import re
import string
import unicodedata
from collections import Counter

import numpy as np

RANKING = ["recall@1", "recall@5", "recall@10", "mrr@10", "ndcg@10"]


def ranking_metrics(qrels: dict[str, dict[str, int]], run: dict[str, list[str]]) -> dict[str, float]:
    """Mean Recall@1/5/10, MRR@10 and nDCG@10 over the questions in ``qrels`` (a question with no results
    counts as zero, as in BEIR)."""
    from ranx import Qrels, Run, evaluate

    qrels = {q: d for q, d in qrels.items() if d}
    if not qrels:
        return {m: None for m in RANKING}
    run_scores = {q: {doc: float(len(docs) - i) for i, doc in enumerate(docs)} for q, docs in run.items()}
    for q in qrels:
        run_scores.setdefault(q, {})
        if not run_scores[q]:
            run_scores[q] = {"__none__": 0.0}  # ranx needs one entry; it is never relevant
    scores = evaluate(Qrels(qrels), Run({q: run_scores[q] for q in qrels}), RANKING, make_comparable=True)
    return {m: round(float(scores[m]), 4) for m in RANKING}


def ranking_by_language(qrels: dict[str, dict[str, int]], run: dict[str, list[str]], languages: dict[str, str]
                        ) -> dict[str, dict[str, dict[str, float]]]:
    """``{"retrieval_by_language": {language: ranking_metrics over its questions}}`` where the questions (ids in
    ``languages``) are asked in more than one language (cross-lingual pairs: does each find the evidence?), else {}."""
    langs = sorted(set(languages.values()))
    if len(langs) < 2:
        return {}
    return {"retrieval_by_language": {lang: ranking_metrics({q: d for q, d in qrels.items() if languages[q] == lang}, run)
                                      for lang in langs}}


def normalise_answer(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower()
    text = "".join(" " if ch in string.punctuation or ch in "“”‘’" else ch for ch in text)
    return " ".join(text.split())


def token_f1(prediction: str, gold: str) -> float:
    p, g = normalise_answer(prediction).split(), normalise_answer(gold).split()
    common = Counter(p) & Counter(g)
    same = sum(common.values())
    if same == 0:
        return 0.0
    precision, recall = same / len(p), same / len(g)
    return 2 * precision * recall / (precision + recall)


def answer_correct(prediction: str, golds: list[str]) -> bool:
    """The normalised answer contains one of the gold answers (the extractive answer is a sentence, so
    containment, not exact match, is the fair test)."""
    pred = " " + normalise_answer(re.sub(r"\[\d+\]", " ", prediction)) + " "
    return any(f" {normalise_answer(g)} " in pred for g in golds if normalise_answer(g))


def percentile(values: list[float], q: float) -> float | None:
    return round(float(np.percentile(values, q)), 1) if values else None


def abstention_scores(pairs: list[tuple[bool, bool]]) -> tuple[float | None, float | None]:
    """(precision, recall) of abstaining, from (should_abstain, did_abstain) pairs."""
    tp = sum(1 for s, d in pairs if s and d)
    predicted = sum(1 for _, d in pairs if d)
    actual = sum(1 for s, _ in pairs if s)
    precision = round(tp / predicted, 4) if predicted else None
    recall = round(tp / actual, 4) if actual else None
    return precision, recall

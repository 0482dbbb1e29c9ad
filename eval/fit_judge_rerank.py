"""Fit the relevance judge's second look at the top passages (qa.rerank.JudgedReranker) on training data only:

    python -m eval.fit_judge_rerank --training ../shared/training > eval/results/judge_rerank.json

The calibration's answerable training questions (eval.calibrate: FacQA train, IDK-MRC train, TyDi QA GoldP id,
translated SQuAD 2.0 dev over their contexts plus distractors, and 100 FacQA train questions translated to English
by hand, eval/facqa_train_en.jsonl) are retrieved once with the hybrid reranker alone; the judge scores each of the
top passages; then a grid over how many top passages it reads and the weight of its logit, scored by MRR@10 of
the gold article, as written and as translated apart. The chosen point is the best mean of the two, among those
that keep the written questions' MRR@10 within 0.002 of the reranker alone (English must not be bought with
Indonesian). Never a valid or test split, never the sample questions.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import replace
from pathlib import Path

import numpy as np

from eval.cache import prepare_index
from eval.calibrate import DISTRACTORS, PER_FILE, SEED, TRANSLATIONS, article_reciprocal_rank
from eval.datasets import load_training
from qa import Assistant
from qa.rerank import judged_order
from qa.settings import Settings

PASSAGES = [2, 3, 4, 5, 6]
WEIGHTS = [0.0, 0.005, 0.01, 0.015, 0.02, 0.03, 0.05, 0.1]


def judged_rows(assistant: Assistant, questions, read: int) -> list[dict]:
    """Per answerable question: the top 10 passages (gold or not, article, score) and the judge's logits on the
    first ``read``."""
    rows = []
    settings = replace(assistant.settings.retrieval, k=10)
    for q in questions:
        if not q.answerable:
            continue
        docs = assistant.retriever.retrieve(q.text, settings)
        rows.append({"translated": q.qid.endswith("@tr"), "articles": [d.metadata["article_id"] for d in docs],
                     "gold": [d.metadata["article_id"] in q.relevant for d in docs],
                     "score": [d.metadata["score"] for d in docs],
                     "judge": assistant.answerer.judge.scores(q.text, [d.page_content for d in docs[:read]]).tolist()})
    return rows


def reciprocal_rank(row: dict, top: int, weight: float) -> float:
    """The gold article's reciprocal rank (articles in order of first passage, within 10) once the first ``top``
    passages are put in order by score + weight x logit (qa.rerank.judged_order, as JudgedReranker does)."""
    order = judged_order(row["score"], row["judge"][:top], weight)
    gold = {a for a, g in zip(row["articles"], row["gold"]) if g}
    return article_reciprocal_rank([row["articles"][i] for i in order], gold)


def grid(rows: list[dict]) -> dict:
    parts = {"written": [r for r in rows if not r["translated"]], "translated": [r for r in rows if r["translated"]]}
    scores = {(n, w): {k: float(np.mean([reciprocal_rank(r, n, w) for r in rs])) for k, rs in parts.items()}
              for n in PASSAGES for w in WEIGHTS}
    alone = scores[(PASSAGES[0], 0.0)]
    allowed = {p: s for p, s in scores.items() if s["written"] >= alone["written"] - 0.002}
    (n, w), best = max(allowed.items(), key=lambda kv: (kv[1]["written"] + kv[1]["translated"], -kv[0][0]))
    return {"judge_passages": n, "judge_weight": w, "mrr@10": {k: round(v, 4) for k, v in best.items()},
            "reranker_alone": {k: round(v, 4) for k, v in alone.items()},
            "questions": {k: len(v) for k, v in parts.items()},
            "grid": {f"{n}/{w}": {k: round(v, 4) for k, v in s.items()} for (n, w), s in scores.items()}}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--training", default="../shared/training")
    ap.add_argument("--cache", default=".kabar/eval-cache")
    args = ap.parse_args()
    bench = load_training(args.training, Path(args.cache), PER_FILE, DISTRACTORS, SEED, TRANSLATIONS)
    settings = Settings()
    settings.reranker = replace(settings.reranker, judge_passages=0)  # the hybrid reranker alone
    assistant = Assistant.load(prepare_index(bench, Path(args.cache)), settings)
    base = {"lexical_weight": settings.reranker.lexical_weight, "fused_weight": settings.reranker.fused_weight}
    print(json.dumps({"reranker": base, **grid(judged_rows(assistant, bench.questions, max(PASSAGES)))}, indent=1))


if __name__ == "__main__":
    main()

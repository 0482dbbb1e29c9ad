"""Fit the abstention weights (qa.answer.ABSTAIN_WEIGHTS) on valid splits: logistic regression on the
answerer's features, answerable vs unanswerable. Prints the weights and the threshold that maximise F1.

    python -m eval.calibrate --beir ../shared/benchmarks/idk_mrc --questions eval/sample_questions.jsonl
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from eval.datasets import load_beir, load_question_file
from eval.runner import prepare_index
from qa import Assistant
from qa.answer import answer_features


def collect(assistant: Assistant, questions) -> tuple[list[dict], list[int]]:
    feats, labels = [], []
    for q in questions:
        qvec = assistant.retriever.encoder.encode_queries([q.text])[0]
        docs = assistant.retriever.retrieve(q.text, query_vector=qvec)
        cands = assistant.answerer.score_sentences(q.text, docs, qvec)
        if cands:
            feats.append(answer_features(q.text, docs, cands))
            labels.append(int(q.answerable))
    return feats, labels


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--beir", action="append", default=[])
    ap.add_argument("--questions", action="append", default=[])
    ap.add_argument("--articles", default="data/articles")
    ap.add_argument("--cache", default=".kabar/eval-cache")
    ap.add_argument("--sample-weight", type=float, default=1.0, help="weight of each question-file question")
    ap.add_argument("--reuse", action="store_true", help="reuse the features of the last run")
    args = ap.parse_args()
    benches = [load_beir(b, "valid") for b in args.beir] + [load_question_file(q, args.articles) for q in args.questions]
    feats, labels, weights = [], [], []
    cached = Path(args.cache) / "calibration-features.json"
    if args.reuse and cached.exists():
        feats, labels, weights = json.loads(cached.read_text())
        benches = []
    for bench in benches:
        assistant = Assistant.load(prepare_index(bench, Path(args.cache)))
        f, y = collect(assistant, bench.questions)
        feats += f
        labels += y
        weights += [1.0 if bench.split == "valid" else args.sample_weight] * len(y)
    cached.write_text(json.dumps([feats, labels, weights]))
    from sklearn.linear_model import LogisticRegression

    names = list(feats[0])
    X = np.array([[f[n] for n in names] for f in feats])
    y = np.array(labels)
    clf = LogisticRegression(C=100.0, max_iter=1000, class_weight="balanced").fit(X, y, sample_weight=np.array(weights))
    p = clf.predict_proba(X)[:, 1]
    best = max(((t, _f1(p < t, y == 0)) for t in np.arange(0.2, 0.8, 0.02)), key=lambda x: x[1])
    weights = {"bias": round(float(clf.intercept_[0]), 3), **{n: round(float(w), 3) for n, w in zip(names, clf.coef_[0])}}
    print(json.dumps({"weights": weights, "threshold": round(float(best[0]), 2), "abstain_f1": round(best[1], 4),
                      "n": len(y), "answerable": int(y.sum())}, indent=2))


def _f1(pred: np.ndarray, truth: np.ndarray) -> float:
    tp = float((pred & truth).sum())
    if tp == 0:
        return 0.0
    precision, recall = tp / pred.sum(), tp / truth.sum()
    return 2 * precision * recall / (precision + recall)


if __name__ == "__main__":
    main()

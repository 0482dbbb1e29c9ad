"""Fit how the top sentences of a factoid question are put in order once the reader has read them
(``qa.evidence_order``, ``answer.sentence_order_weights``), on the calibration's answerable training questions
(the reader was trained without them; never a valid or test split, never the sample questions), except the "when"
questions, whose date comes from the event-date logic:

    python -m eval.fit_reader_rerank --training ../shared/training > eval/results/reader_rerank.json

For each factoid question the top ``--sentences`` sentences are read once. A logistic regression over their
features says how likely each is to hold a gold answer; it is judged out of fold (5 folds, grouped by question) by
how often the sentence it puts first holds a gold answer and comes from the gold article, beside the sentence score
alone and the shipped weights (``qa.settings.SENTENCE_ORDER_WEIGHTS``, which were fitted on these questions with an
earlier reader's margins: in sample but for the reader, so a refit must beat them out of fold to replace them). The
weights printed are those of the fit on all the questions, on the raw features.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from eval.cache import prepare_index
from eval.calibrate import DISTRACTORS, PER_FILE, SEED, TRANSLATIONS, scored_evidence
from eval.datasets import load_training
from qa.evidence_order import FEATURES, sentence_features, sentence_values, span_question


def sentence_rows(assistant, questions, sentences: int) -> list[dict]:
    """Per answerable question the reader answers with a span (``span_question``): its top sentences' features, and
    whether each holds a gold answer and comes from a gold article."""
    answerer, rows = assistant.answerer, []
    for q in questions:
        if not q.answerable or not span_question(q.text):
            continue
        cands = scored_evidence(assistant, q.text)[2]
        if not cands:
            continue
        top = answerer.read_spans(q.text, cands[:sentences])
        rows.append({"translated": q.qid.endswith("@tr"), "features": sentence_features(top),
                     "gold": [any(g.lower() in c.text.lower() for g in q.answers) for c in top],
                     "gold_article": [c.doc.metadata["article_id"] in q.relevant for c in top]})
    return rows


def first_holds(rows: list[dict], values: list[list[float]], key: str = "gold") -> float:
    """The share of questions whose highest-valued sentence holds a gold answer (``key="gold_article"``: comes
    from a gold article); ties go to the earlier sentence."""
    hits = [r[key][max(range(len(v)), key=lambda i: (v[i], -i))] for r, v in zip(rows, values)]
    return round(sum(hits) / max(len(hits), 1), 4)


def fit_order(rows: list[dict], shipped: dict[str, float] | None = None) -> dict:
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    X = np.array([[f[k] for k in FEATURES] for r in rows for f in r["features"]])
    y = np.array([g for r in rows for g in r["gold"]])
    group = np.array([i for i, r in enumerate(rows) for _ in r["features"]])
    model = make_pipeline(StandardScaler(), LogisticRegression(C=1.0, max_iter=3000))
    p = np.zeros(len(y))
    for train, test in GroupKFold(5).split(X, y, group):
        p[test] = model.fit(X[train], y[train]).predict_proba(X[test])[:, 1]
    learned = [list(p[group == i]) for i in range(len(rows))]
    by_score = [[-f["position"] for f in r["features"]] for r in rows]
    orders = [("by_sentence_score", by_score), ("learned_out_of_fold", learned)]
    if shipped is not None:
        orders.append(("shipped_weights", [sentence_values(r["features"], shipped) for r in rows]))
    model.fit(X, y)
    scaler, logistic = model[0], model[1]
    coef = logistic.coef_[0] / scaler.scale_  # on the raw features, the form qa.evidence_order reads
    out = {"questions": len(rows), "weights": {k: round(float(w), 4) for k, w in zip(FEATURES, coef)}}
    for name, values in orders:
        out[name] = {"first_holds_gold": first_holds(rows, values),
                     "first_from_gold_article": first_holds(rows, values, "gold_article")}
        for tr in (False, True):
            sel = [i for i, r in enumerate(rows) if r["translated"] == tr]
            out[name]["first_holds_gold" + ("_translated" if tr else "_as_written")] = first_holds(
                [rows[i] for i in sel], [values[i] for i in sel])
    return out


def main() -> None:
    from qa import Assistant
    from qa.settings import SENTENCE_ORDER_WEIGHTS

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--training", default="../shared/training")
    ap.add_argument("--cache", default=".kabar/eval-cache")
    ap.add_argument("--sentences", type=int, default=5)
    args = ap.parse_args()
    bench = load_training(args.training, Path(args.cache), PER_FILE, DISTRACTORS, SEED, TRANSLATIONS)
    rows = sentence_rows(Assistant.load(prepare_index(bench, Path(args.cache))), bench.questions, args.sentences)
    print(json.dumps({"data": f"{args.training}: the calibration's answerable factoid questions (seed {SEED}, "
                              f"{PER_FILE} per file, with {TRANSLATIONS})", "sentences": args.sentences,
                      **fit_order(rows, SENTENCE_ORDER_WEIGHTS)}, indent=2))


if __name__ == "__main__":
    main()

"""Fit the reranker weights and the abstention model on the training data only (``../shared/training``;
never a valid or test split, never the sample questions), and print them with how well they did out of fold.

    python -m eval.calibrate --training ../shared/training > eval/results/calibration.json

1. Reranker: a grid over (lexical, fused) weights, scored by MRR@10 of the gold context on the answerable
   training questions (the candidates are retrieved once and reranked per grid point).
2. Abstention: logistic regression (answerable vs unanswerable) on the answerer's features (cosines, term
   coverage and the relevance judge's verdict: ``ExtractiveAnswerer.evidence_features``) with the chosen
   reranker, over answerable, unanswerable and out-of-corpus questions (news questions over Wikipedia contexts,
   Wikipedia questions over news), some of them translated by hand (``--translations``); the threshold is the
   highest that refuses at most ``--max-refused`` (5%) of the answerable questions, as written and translated
   apart, judged on 5-fold out-of-fold probabilities. ``--reuse`` refits from the cached features.
"""

from __future__ import annotations

import argparse
import copy
import itertools
import json
from dataclasses import replace
from pathlib import Path

import numpy as np

from eval.cache import prepare_index
from eval.datasets import load_training, load_training_out_of_corpus
from qa import Assistant
from qa.rerank import HybridReranker, Reranker, judged
from qa.settings import RerankerSettings

LEXICAL_GRID = [0.0, 0.1, 0.3, 0.5, 1.0]
FUSED_GRID = [0.0, 2.0, 5.0, 10.0, 20.0]
# what the calibration asks by default (the reader is trained without these questions: eval/train_reader.py)
PER_FILE, DISTRACTORS, OUT_OF_CORPUS, SEED = 300, 600, 200, 13
TRANSLATIONS = "eval/facqa_train_en.jsonl"


def calibration_question_ids(training: str | Path, cache: Path) -> set[str]:
    """The training ids of every question the default calibration asks (in corpus and out of corpus). The reader
    is trained without them, so its scores on these questions are those of questions it never saw."""
    benches = [load_training(training, cache, PER_FILE, DISTRACTORS, SEED, TRANSLATIONS),
               *load_training_out_of_corpus(training, cache, OUT_OF_CORPUS, seed=SEED, translations=TRANSLATIONS)]
    return {q.qid.removeprefix("ooc-").removesuffix("@tr") for b in benches for q in b.questions}


def scored_evidence(assistant: Assistant, question: str) -> tuple[np.ndarray, list, list]:
    """A question asked as the product asks it, up to its scored sentences: the query vector, the reranked
    passages and their sentences, best first (``ExtractiveAnswerer.score_sentences``)."""
    qvec = assistant.retriever.encoder.encode_queries([question])[0]
    docs = assistant.retriever.retrieve(question, query_vector=qvec)
    return qvec, docs, assistant.answerer.score_sentences(question, docs, qvec)


def article_reciprocal_rank(article_ids: list[str], relevant) -> float:
    """1 / rank of the first relevant article among the first 10 distinct ones (in order of first passage), else 0:
    the MRR@10 term the reranker's fits are scored by."""
    articles = list(dict.fromkeys(article_ids))[:10]
    return next((1.0 / (i + 1) for i, a in enumerate(articles) if a in relevant), 0.0)


def fit_reranker(assistant: Assistant, questions) -> dict:
    settings = assistant.settings.retrieval
    pool = []
    for q in questions:
        if not q.answerable:
            continue
        qvec = assistant.retriever.encoder.encode_queries([q.text])[0]
        docs = assistant.retriever.retrieve(q.text, settings.__class__(**{**settings.__dict__, "rerank": False,
                                                                          "k": settings.candidates}), qvec)
        pool.append((q, qvec, docs))
    scores = {}
    for lexical, fused in itertools.product(LEXICAL_GRID, FUSED_GRID):
        reranker = HybridReranker(assistant.index, RerankerSettings(lexical_weight=lexical, fused_weight=fused))
        rr = []
        for q, qvec, docs in pool:
            ranked = reranker.rerank(q.text, copy.deepcopy(docs), qvec)
            rr.append(article_reciprocal_rank([d.metadata["article_id"] for d in ranked], q.relevant))
        scores[(lexical, fused)] = float(np.mean(rr))
    (lexical, fused), best = max(scores.items(), key=lambda kv: kv[1])
    return {"lexical_weight": lexical, "fused_weight": fused, "mrr@10": round(best, 4), "questions": len(pool),
            "grid": {f"{lx}/{fu}": round(v, 4) for (lx, fu), v in scores.items()}}


def product_reranker(assistant: Assistant, settings: RerankerSettings) -> Reranker | None:
    """The reranker the product builds from ``settings`` (the hybrid one with the judge's second look, qa.rerank)."""
    return judged(HybridReranker(assistant.index, settings), assistant.answerer.judge, settings)


def collect(assistant: Assistant, questions) -> tuple[list[dict], list[int], list[str]]:
    """Features, labels (1: answerable) and kinds (answerable | unanswerable | out_of_corpus, with "/tr" for a
    translated question) per question."""
    feats, labels, kinds = [], [], []
    for q in questions:
        qvec, docs, cands = scored_evidence(assistant, q.text)
        if cands:
            feats.append(assistant.answerer.evidence_features(q.text, docs, cands, qvec))
            labels.append(int(q.answerable))
            kinds.append(question_kind(q))
    return feats, labels, kinds


def question_kind(q) -> str:
    """answerable | unanswerable | out_of_corpus (asked over another dataset's corpus), with "/tr" for a question
    translated by hand."""
    kind = "answerable" if q.answerable else "out_of_corpus" if q.qid.startswith("ooc-") else "unanswerable"
    return kind + ("/tr" if q.qid.endswith("@tr") else "")


def abstention_model():
    """The abstention's model: a class-balanced logistic regression over standardised features."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    return make_pipeline(StandardScaler(), LogisticRegression(C=1.0, max_iter=2000, class_weight="balanced"))


def out_of_fold_answerable(X: np.ndarray, y: np.ndarray, seed: int = 13) -> np.ndarray:
    """Each question's probability of being answerable from ``abstention_model`` fitted on the other 4 of 5 folds."""
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    folds = StratifiedKFold(5, shuffle=True, random_state=seed)
    return cross_val_predict(abstention_model(), X, y, cv=folds, method="predict_proba")[:, 1]


def fit_abstention(feats: list[dict], labels: list[int], seed: int = 13, max_refused: float = 0.05,
                   kinds: list[str] | None = None) -> dict:
    names = list(feats[0])
    X = np.array([[f[n] for n in names] for f in feats])
    y = np.array(labels)
    p = out_of_fold_answerable(X, y, seed)
    # The product's choice: answer (with a passage the reader can check) unless the evidence is weak, refusing
    # at most ``max_refused`` of the answerable questions out of fold (the goal: 5%). These features
    # cannot tell IDK-MRC's twisted questions from answerable ones, so what abstention catches is mostly
    # questions the corpus does not answer at all.
    grid = np.arange(0.01, 0.81, 0.01)
    kinds_arr = np.array(kinds or ["answerable" if v else "unanswerable" for v in labels])
    translated = np.char.endswith(kinds_arr.astype(str), "/tr")
    # the cap holds for the questions as written and for the translated ones apart: no language gets refused more
    allowed = [float(t) for t in grid if all(((p < t) & (y == 1) & (translated == tr)).sum() <=
                                             max_refused * ((y == 1) & (translated == tr)).sum()
                                             for tr in {bool(v) for v in translated})]
    threshold = max(allowed) if allowed else float(grid[0])
    macro = (_f1(p < threshold, y == 0) + _f1(p >= threshold, y == 1)) / 2
    clf = abstention_model().fit(X, y)
    scaler, model = clf[0], clf[1]
    coef = model.coef_[0] / scaler.scale_  # back to raw features, the form qa.answer.ABSTAIN_WEIGHTS uses
    bias = float(model.intercept_[0] - (coef * scaler.mean_).sum())
    refused = float(((p < threshold) & (y == 1)).sum() / max((y == 1).sum(), 1))
    abstained = float(((p < threshold) & (y == 0)).sum() / max((y == 0).sum(), 1))
    weights = {"bias": round(bias, 3), **{n: round(float(w), 3) for n, w in zip(names, coef)}}
    refused_by_kind = {k: round(float((p[kinds_arr == k] < threshold).mean()), 4) for k in sorted(set(kinds_arr))}
    return {"out_of_fold_refused_by_kind": refused_by_kind,
            "kinds": {k: int((kinds_arr == k).sum()) for k in sorted(set(kinds_arr))},
            "weights": weights, "threshold": round(threshold, 2), "out_of_fold_macro_f1": round(macro, 4),
            "out_of_fold_abstain_f1": round(_f1(p < threshold, y == 0), 4),
            "out_of_fold_answerable_refused": round(refused, 4),
            "out_of_fold_unanswerable_abstained": round(abstained, 4), "n": int(len(y)), "answerable": int(y.sum())}


def _f1(pred: np.ndarray, truth: np.ndarray) -> float:
    tp = float((pred & truth).sum())
    if tp == 0:
        return 0.0
    precision, recall = tp / pred.sum(), tp / truth.sum()
    return 2 * precision * recall / (precision + recall)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--training", default="../shared/training")
    ap.add_argument("--cache", default=".kabar/eval-cache")
    ap.add_argument("--per-file", type=int, default=PER_FILE)
    ap.add_argument("--distractors", type=int, default=DISTRACTORS)
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--translations", default=TRANSLATIONS,
                    help="training questions translated by hand (JSONL _id, text), asked as well")
    ap.add_argument("--reranker", help="LEXICAL,FUSED: skip the grid and use these weights")
    ap.add_argument("--max-refused", type=float, default=0.05, help="share of answerable questions that may be refused")
    ap.add_argument("--out-of-corpus", type=int, default=OUT_OF_CORPUS,
                    help="per file, answerable questions asked against the other kind's corpus (news vs Wikipedia)")
    ap.add_argument("--reuse", action="store_true", help="reuse the features of the last run (cache folder)")
    args = ap.parse_args()
    cached = Path(args.cache) / "calibration-features.json"
    if args.reuse and cached.exists():
        saved = json.loads(cached.read_text())
        saved["abstention"] = fit_abstention(saved.pop("feats"), saved.pop("labels"), args.seed, args.max_refused,
                                             saved.pop("kinds", None))
        print(json.dumps(saved, indent=2))
        return
    bench = load_training(args.training, Path(args.cache), args.per_file, args.distractors, args.seed,
                          args.translations)
    assistant = Assistant.load(prepare_index(bench, Path(args.cache)))
    if args.reranker:
        lexical, fused = (float(x) for x in args.reranker.split(","))
        reranker = {"lexical_weight": lexical, "fused_weight": fused, "grid": "skipped (--reranker)"}
    else:
        reranker = fit_reranker(assistant, bench.questions)
    chosen = replace(assistant.settings.reranker, lexical_weight=reranker["lexical_weight"],
                     fused_weight=reranker["fused_weight"])
    assistant.retriever.reranker = product_reranker(assistant, chosen)
    feats, labels, kinds = collect(assistant, bench.questions)
    for other in load_training_out_of_corpus(args.training, Path(args.cache), args.out_of_corpus, seed=args.seed,
                                             translations=args.translations):
        elsewhere = Assistant.load(prepare_index(other, Path(args.cache)))
        elsewhere.retriever.reranker = product_reranker(elsewhere, chosen)
        more = collect(elsewhere, other.questions)
        feats, labels, kinds = feats + more[0], labels + more[1], kinds + more[2]
    cached.write_text(json.dumps({"data": "see below", "reranker": reranker, "feats": feats, "labels": labels,
                                  "kinds": kinds}))
    out = {"data": f"{args.training} ({', '.join(sorted({q.qid.split('-')[0] for q in bench.questions}))}), "
                   f"{args.per_file} questions per file, {args.distractors} distractor contexts, "
                   f"{args.out_of_corpus} out-of-corpus questions per file, seed {args.seed}",
           "reranker": reranker, "abstention": fit_abstention(feats, labels, args.seed, args.max_refused, kinds)}
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()

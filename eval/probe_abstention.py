"""Probes of the abstention on the calibration's training questions (``../shared/training``; never a valid or test
split, never the sample questions): whether other forms of the same gates would refuse more of the questions that
should be refused, at the same share of answerable questions refused. Nothing here is used by the product.

    python -m eval.probe_abstention --training ../shared/training > eval/results/abstention_probe.json

1. ``two_gates``: the product's two gates (evidence score, then the reader's margin: the span questions' and the
   "when" questions' own), per kind of question.
2. ``one_model``: one logistic over the evidence features and the reader's best margin (of a span or a "when"
   question), against the evidence logistic with the margin rules, both out of fold (5 folds), each at its highest
   threshold that refuses no more answerable questions, as written and translated apart, than the two gates do.
3. ``corpus_size``: FacQA training questions asked over the calibration's Wikipedia corpus, and over the same corpus
   enlarged to ``--ooc-contexts`` contexts (IDK-MRC valid has 4,665 paragraphs), with the gates as shipped, and
   the evidence logistic refitted with the enlarged corpus's rows in place of the small one's (out of fold).
4. ``reader_gate``: the margin of the reader's first sentence in the evidence order, against the best margin of the
   top eight (the shipped gate), each at its highest limit that adds at most 2 points of refused answerable
   questions, over the span questions the reader orders.
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

import numpy as np

from eval.cache import prepare_index
from eval.calibrate import (
    DISTRACTORS,
    OUT_OF_CORPUS,
    PER_FILE,
    SEED,
    TRANSLATIONS,
    fit_abstention,
    out_of_fold_answerable,
    question_kind,
    scored_evidence,
)
from eval.datasets import (
    NEWS_FILES,
    TRAINING_FILES,
    Benchmark,
    context_id,
    load_training,
    load_training_out_of_corpus,
    training_rows,
    write_once,
)
from qa.evidence_order import NO_SPAN_MARGIN, clipped_margin, orders_question, span_question
from qa.settings import AnswerSettings

# from the margins' floor (a sentence without a span): a gate that must go that low to stay within its cap shows as
# such instead of as no answer (the grid began at -6.0, above where the reader's second pass must sit)
GATE_LIMITS = [round(float(x), 2) for x in np.arange(NO_SPAN_MARGIN, 4.01, 0.25)]
READ = AnswerSettings().reader_rerank  # the top sentences the reader reads and the shipped gate weighs (8)


def probe_rows(assistant, questions) -> list[dict]:
    """Per question: kind, evidence features, evidence score and (where the reader orders it) the reader's margins
    on the top sentences: a span question's in the sentence-score order and in the evidence order, a "when"
    question's in the sentence-score order (``when_by_score``)."""
    answerer, rows = assistant.answerer, []
    for q in questions:
        qvec, docs, cands = scored_evidence(assistant, q.text)
        if not cands:
            continue
        row = {"qid": q.qid, "kind": question_kind(q),
               "features": answerer.evidence_features(q.text, docs, cands, qvec),
               "support": answerer.support(q.text, docs, cands, qvec), "by_score": None, "by_order": None,
               "when_by_score": None}
        top = cands[: answerer.settings.reader_rerank]
        if len(top) >= 2 and span_question(q.text):
            answerer.read_spans(q.text, top, cands)
            row["by_score"] = [clipped_margin(c) for c in top]
            row["by_order"] = [clipped_margin(c) for c in answerer._rerank_by_reader(q.text, cands)[: len(top)]]
        elif len(top) >= 2 and orders_question(q.text):
            row["when_by_score"] = [clipped_margin(c) for c in answerer.read_spans(q.text, top, cands)]
        rows.append(row)
    return rows


def refused_by_kind(rows: list[dict], refused: np.ndarray) -> dict[str, float]:
    kinds = np.array([r["kind"] for r in rows])
    return {k: round(float(refused[kinds == k].mean()), 4) for k in sorted(set(kinds))}


def evidence_refuses(rows: list[dict], threshold: float) -> np.ndarray:
    return np.array([r["support"] < threshold for r in rows])


def two_gates(rows: list[dict], threshold: float, margin: float) -> np.ndarray:
    """The product's refusals: the evidence score below its threshold, or the best margin of the top sentences
    below the span questions' ``margin`` (a "when" question's below the shipped ``when_abstain_margin``)."""
    return evidence_refuses(rows, threshold) | below(rows, "by_score", READ, margin) | when_gate(rows)


def when_gate(rows: list[dict]) -> np.ndarray:
    limit = AnswerSettings().when_abstain_margin
    return below(rows, "when_by_score", READ, limit) if limit is not None else np.zeros(len(rows), dtype=bool)


def best_margin(row: dict) -> float | None:
    """The reader's best margin over a question's top sentences (a span or a "when" question's), else None."""
    margins = row["by_score"] or row.get("when_by_score")
    return max(margins) if margins else None


def out_of_fold(rows: list[dict], with_margin: bool, seed: int = SEED) -> np.ndarray:
    """The calibration's out-of-fold probabilities, over the evidence features and, ``with_margin``, the reader's
    best margin (0 where the reader does not order the question) and whether it has one."""
    names = list(rows[0]["features"])
    X = np.array([[r["features"][n] for n in names] for r in rows])
    if with_margin:
        best = [best_margin(r) for r in rows]
        has = np.array([m is not None for m in best], dtype=float)
        X = np.c_[X, has * np.array([m or 0.0 for m in best]), has]
    return out_of_fold_answerable(X, np.array([r["kind"].startswith("answerable") for r in rows], dtype=int), seed)


def highest_within(rows: list[dict], refuse_at, values: list[float], caps: dict[str, float]):
    """The highest value whose refusals stay within ``caps`` (per answerable kind), with those refusals."""
    best = None
    for v in values:
        by = refused_by_kind(rows, refuse_at(v))
        if all(by[k] <= caps[k] + 1e-9 for k in caps):
            best = {"at": v, "refused": by}
    return best


def answerable_caps(rows: list[dict], refused: np.ndarray, added: float = 0.0) -> dict[str, float]:
    return {k: v + added for k, v in refused_by_kind(rows, refused).items() if k.startswith("answerable")}


def one_model(rows: list[dict], margin: float) -> dict:
    """Both out of fold: the evidence logistic at the calibration's 5% cap with the margin rule after it, and one
    logistic over both at the refusals of answerable questions that the first ends with."""
    p_evidence, p_joint = out_of_fold(rows, False), out_of_fold(rows, True)
    grid = [round(float(t), 3) for t in np.arange(0.01, 0.95, 0.005)]
    evidence = highest_within(rows, lambda t: p_evidence < t, grid, {"answerable": 0.05, "answerable/tr": 0.05})
    with_rule = (p_evidence < evidence["at"]) | below(rows, "by_score", READ, margin) | when_gate(rows)
    return {"evidence_then_margin_rule": refused_by_kind(rows, with_rule),
            "one_logistic": highest_within(rows, lambda t: p_joint < t, grid, answerable_caps(rows, with_rule))}


def below(rows: list[dict], order: str, top: int, limit: float) -> np.ndarray:
    """Whether the best margin among the first ``top`` sentences (in ``order``) is below ``limit``."""
    return np.array([r.get(order) is not None and max(r[order][:top]) < limit for r in rows])


def reader_gate(rows: list[dict], threshold: float, added: float = 0.02) -> dict:
    ordered = [r for r in rows if r["by_score"] is not None]
    evidence = evidence_refuses(ordered, threshold)
    caps = answerable_caps(ordered, evidence, added)
    return {"questions": len(ordered), "evidence_only": refused_by_kind(ordered, evidence),
            **{f"{order}_top{top}": highest_within(ordered, lambda m, o=order, t=top: evidence | below(ordered, o, t, m),
                                                   GATE_LIMITS, caps)
               for order, top in (("by_score", READ), ("by_order", 1))}}


def enlarged_corpus(benchmark: Benchmark, training: Path, cache: Path, contexts: int, seed: int) -> Benchmark:
    """``benchmark`` (news questions over Wikipedia contexts) with its corpus grown to ``contexts`` by other
    Wikipedia training contexts, drawn with their own seed so that the questions stay those the calibration asks."""
    base = [json.loads(line)["text"] for line in benchmark.corpus_path.open(encoding="utf-8")]
    rows = training_rows(training)
    pool = sorted({r["context"] for n in TRAINING_FILES if n not in NEWS_FILES for r in rows[n]} - set(base))
    extra = random.Random(seed + 2).sample(pool, max(0, min(contexts - len(base), len(pool))))
    corpus = cache / f"{benchmark.name}-{seed}-{contexts}.corpus.jsonl"
    write_once(corpus, ({"_id": context_id(t), "title": "", "text": t} for t in base + extra))
    return Benchmark(f"{benchmark.name}-{contexts}", benchmark.split, benchmark.questions, corpus)


def corpus_size(rows: list[dict], larger: list[dict], threshold: float, margin: float) -> dict:
    """The news questions over Wikipedia, over the calibration's corpus and over the larger one: with the gates as
    shipped, and with the evidence logistic fitted afresh (out of fold, the calibration's 5% cap) on all the rows,
    those news questions' rows taken from either corpus."""
    asked = {r["qid"] for r in larger}
    rest, small = [r for r in rows if r["qid"] not in asked], [r for r in rows if r["qid"] in asked]

    def refit(news: list[dict]) -> dict:
        both = rest + news
        kinds = [r["kind"] if r["qid"] not in asked else r["kind"].replace("out_of_corpus", "news_over_wikipedia")
                 for r in both]
        fit = fit_abstention([r["features"] for r in both], [int(r["kind"].startswith("answerable")) for r in both],
                             SEED, 0.05, kinds)
        return {k: fit[k] for k in ("threshold", "out_of_fold_refused_by_kind", "weights")}

    return {"shipped_gates": {name: refused_by_kind(news, two_gates(news, threshold, margin))
                              for name, news in (("calibration_corpus", small), ("larger_corpus", larger))},
            "evidence_refitted": {"calibration_corpus": refit(small), "larger_corpus": refit(larger)}}


def main() -> None:
    from qa import Assistant

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--training", default="../shared/training")
    ap.add_argument("--cache", default=".kabar/eval-cache")
    ap.add_argument("--ooc-contexts", type=int, default=4665, help="the larger Wikipedia corpus (IDK-MRC valid's size)")
    ap.add_argument("--reuse", action="store_true", help="reuse the rows of the last run (cache folder)")
    args = ap.parse_args()
    training, cache = Path(args.training), Path(args.cache)
    cached = cache / "abstention-probe-rows.json"
    if not (args.reuse and cached.exists()):
        bench = load_training(training, cache, PER_FILE, DISTRACTORS, SEED, TRANSLATIONS)
        rows = probe_rows(Assistant.load(prepare_index(bench, cache)), bench.questions)
        news, wikipedia = load_training_out_of_corpus(training, cache, OUT_OF_CORPUS, seed=SEED,
                                                      translations=TRANSLATIONS)
        for other in (news, wikipedia):
            rows += probe_rows(Assistant.load(prepare_index(other, cache)), other.questions)
        larger = enlarged_corpus(news, training, cache, args.ooc_contexts, SEED)
        cached.write_text(json.dumps({"rows": rows, "larger": probe_rows(Assistant.load(prepare_index(larger, cache)),
                                                                          larger.questions)}))
    saved = json.loads(cached.read_text())
    rows, larger = saved["rows"], saved["larger"]
    shipped = AnswerSettings()
    threshold, margin = shipped.abstain_threshold, shipped.reader_abstain_margin
    print(json.dumps({"data": f"{training}: the calibration's questions (seed {SEED}, {PER_FILE} per file, "
                              f"{OUT_OF_CORPUS} out of corpus per file, with {TRANSLATIONS}); the larger corpus: "
                              f"{args.ooc_contexts} Wikipedia contexts",
                      "gates": {"abstain_threshold": threshold, "reader_abstain_margin": margin,
                                "when_abstain_margin": shipped.when_abstain_margin},
                      "two_gates": refused_by_kind(rows, two_gates(rows, threshold, margin)),
                      "one_model": one_model(rows, margin), "corpus_size": corpus_size(rows, larger, threshold, margin),
                      "reader_gate": reader_gate(rows, threshold)}, indent=2))


if __name__ == "__main__":
    main()

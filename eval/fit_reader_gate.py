"""Fit the reader's abstention margin (``answer.reader_abstain_margin``) on the calibration's training questions
(the reader was trained without them; never a valid or test split, never the sample questions):

    python -m eval.fit_reader_gate --training ../shared/training > eval/results/reader_gate.json

Every calibration question (answerable, unanswerable, out of corpus; as written and translated by hand) is asked as
the product asks it; for a factoid one the best reader margin over "no answer" among the top ``answer.reader_rerank``
sentences is kept, beside whether the evidence score already refuses the question and whether it asks "when".
Two margins are chosen, each the highest of a grid: ``reader_abstain_margin`` for the questions the reader answers
with a span (factoid, not "when"), at which the reader refuses at most ``--max-added`` (2%) more of the answerable
questions, as written and as translated apart; then ``when_abstain_margin`` for the "when" questions, at which it
refuses at most ``--when-max-added`` (none) more beyond those. A "when" question the reader is not sure of still
has the date of its best sentence (the event-date rule), which a span question lacks; and where the answerable
"when" questions translated to English are 22, one refusal is 4.5 points of them. The refusals per kind are printed
for each margin.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from eval.cache import prepare_index
from eval.calibrate import DISTRACTORS, OUT_OF_CORPUS, PER_FILE, SEED, TRANSLATIONS, question_kind, scored_evidence
from eval.datasets import load_training, load_training_out_of_corpus
from qa.evidence_order import NO_SPAN_MARGIN, clipped_margin, orders_question
from qa.lang import is_when_question

# from the margins' floor, at which a gate refuses nothing (margins are clipped there), so a fit never stops at the
# grid's edge (the reader's second pass's "when" margin did at -6.0)
GRID = [round(float(x), 1) for x in np.arange(NO_SPAN_MARGIN, 2.01, 0.5)]


def gate_rows(assistant, questions) -> list[dict]:
    """Per question: its kind, whether the evidence score refuses it, whether it asks "when", and (for a factoid
    question, whose top sentences the reader reads) the best margin among the top sentences the answerer reads."""
    answerer, rows = assistant.answerer, []
    for q in questions:
        qvec, docs, cands = scored_evidence(assistant, q.text)
        if not cands:
            continue
        refused = answerer.support(q.text, docs, cands, qvec) < answerer.settings.abstain_threshold
        top = cands[: answerer.settings.reader_rerank] if orders_question(q.text) else []
        margin = max(clipped_margin(c) for c in answerer.read_spans(q.text, top, cands)) if top else None
        rows.append({"kind": question_kind(q), "refused": bool(refused), "margin": margin,
                     "when": is_when_question(q.text)})
    return rows


def refused_by_kind(rows: list[dict], limit: float | None, when_limit: float | None = None) -> dict[str, float]:
    """The share of each kind refused by the evidence score, or by a margin below ``limit`` (a span question) or
    ``when_limit`` (a "when" question)."""
    def refused(r: dict) -> bool:
        below = when_limit if r.get("when") else limit
        return r["refused"] or (below is not None and r["margin"] is not None and r["margin"] < below)

    return {k: round(float(np.mean([refused(r) for r in rows if r["kind"] == k])), 4)
            for k in sorted({r["kind"] for r in rows})}


def _highest(grid: dict[float, dict[str, float]], base: dict[str, float], max_added: float) -> float | None:
    """The highest margin whose refusals of answerable questions exceed ``base`` by at most ``max_added``, as written
    and as translated apart."""
    answerable = [k for k in base if k.startswith("answerable")]
    allowed = [m for m, by in grid.items() if all(by[k] - base[k] <= max_added + 1e-9 for k in answerable)]
    return max(allowed) if allowed else None


def choose_margin(rows: list[dict], max_added: float, when_max_added: float = 0.0) -> dict:
    """The span questions' margin first, as before there was a "when" one; then the "when" questions' margin, the
    highest at which that gate adds at most ``when_max_added`` refusals of answerable questions to the first's."""
    base = refused_by_kind(rows, None)
    grid = {limit: refused_by_kind(rows, limit) for limit in GRID}
    margin = _highest(grid, base, max_added)
    when_grid = {limit: refused_by_kind(rows, margin, limit) for limit in GRID}
    with_span_gate = base if margin is None else grid[margin]
    when_margin = _highest(when_grid, with_span_gate, when_max_added) if any(r.get("when") for r in rows) else None
    return {"reader_abstain_margin": margin, "when_abstain_margin": when_margin, "max_added": max_added,
            "when_max_added": when_max_added,
            "kinds": {k: sum(r["kind"] == k for r in rows) for k in base},
            "when_kinds": {k: sum(r["kind"] == k and bool(r.get("when")) for r in rows) for k in base},
            "refused_without": base, "refused_by_margin": {str(m): by for m, by in grid.items()},
            "refused_by_when_margin": {str(m): by for m, by in when_grid.items()}}


def main() -> None:
    from qa import Assistant

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--training", default="../shared/training")
    ap.add_argument("--cache", default=".kabar/eval-cache")
    ap.add_argument("--max-added", type=float, default=0.02,
                    help="share of answerable questions the reader may refuse beyond the evidence score")
    ap.add_argument("--when-max-added", type=float, default=0.0,
                    help="share of answerable questions the \"when\" questions' gate may refuse beyond the other two")
    ap.add_argument("--reuse", action="store_true", help="reuse the rows of the last run (cache folder)")
    args = ap.parse_args()
    cached = Path(args.cache) / "reader-gate-rows.json"
    if not (args.reuse and cached.exists()):
        bench = load_training(args.training, Path(args.cache), PER_FILE, DISTRACTORS, SEED, TRANSLATIONS)
        rows = gate_rows(Assistant.load(prepare_index(bench, Path(args.cache))), bench.questions)
        for other in load_training_out_of_corpus(args.training, Path(args.cache), OUT_OF_CORPUS, seed=SEED,
                                                 translations=TRANSLATIONS):
            rows += gate_rows(Assistant.load(prepare_index(other, Path(args.cache))), other.questions)
        cached.write_text(json.dumps(rows))
    rows = json.loads(cached.read_text())
    print(json.dumps({"data": f"{args.training}: the calibration's questions (seed {SEED}, {PER_FILE} per file, "
                              f"{OUT_OF_CORPUS} out of corpus per file, with {TRANSLATIONS})",
                      **choose_margin(rows, args.max_added, args.when_max_added)}, indent=2))


if __name__ == "__main__":
    main()

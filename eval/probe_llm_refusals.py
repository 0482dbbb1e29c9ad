"""Does the small LLM's NO_ANSWER tell anything the extractive abstention does not? On training questions only:

    python -m eval.probe_llm_refusals --training ../shared/training

The reader's held-out training questions (eval.reader_check) are asked extractively; where the calibrated
abstention accepts (only then is the LLM asked), the local Qwen2.5 1.5B is asked too. Printed (and written to
``eval/results/llm_refusals.json``): how often the LLM answers NO_ANSWER over accepted evidence, for answerable and
unanswerable questions, whether the extractive answers it refused were right, and what raising the abstention
threshold to refuse as many accepted answerable questions would refuse of the unanswerable ones (the matched-cost
comparison). Never a valid or test split, never the sample questions.
"""

from __future__ import annotations

import argparse
import json
import random
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from eval.cache import prepare_index
from eval.metrics import answer_correct

if TYPE_CHECKING:
    from eval.datasets import Question
    from qa import Assistant

RESULT = Path("eval/results/llm_refusals.json")


def probe_row(assistant: Assistant, question: Question) -> dict | None:
    """One question asked both ways (None when the extractive abstention refuses it: the LLM is never asked)."""
    base = assistant.ask(question.text, mode="extractive")
    if base.abstained:
        return None
    llm = assistant.ask(question.text, mode="llm")
    return {"id": question.qid, "answerable": question.answerable, "support": base.support,
            "extractive_right": bool(question.answers) and answer_correct(base.text, question.answers),
            "llm_refused": llm.abstained and llm.mode == "llm",
            "llm_fell_back": not llm.abstained and llm.mode != "llm",
            "llm_right": (not llm.abstained) and bool(question.answers) and answer_correct(llm.text, question.answers),
            "question": question.text, "gold": question.answers[:1], "extractive": base.short_answer or base.text,
            "llm": llm.text}


def refused_at_matched_cost(rows: list[dict]) -> float | None:
    """Share of the accepted unanswerable questions a higher abstention threshold would refuse, when set to refuse
    as many accepted answerable questions as the LLM refused (the lowest-support ones)."""
    answerable = sorted(r["support"] for r in rows if r["answerable"])
    unanswerable = [r["support"] for r in rows if not r["answerable"]]
    k = sum(r["llm_refused"] for r in rows if r["answerable"])
    if not unanswerable:
        return None
    if k == 0:
        return 0.0
    limit = answerable[k - 1]  # refuse every question whose support is at most the k-th lowest answerable one
    return round(sum(s <= limit for s in unanswerable) / len(unanswerable), 4)


def summary(rows: list[dict]) -> dict:
    def share(xs: list[bool]) -> float | None:
        return round(sum(xs) / len(xs), 4) if xs else None

    ans = [r for r in rows if r["answerable"]]
    una = [r for r in rows if not r["answerable"]]
    refused = [r for r in ans if r["llm_refused"]]
    return {"accepted_answerable": len(ans), "accepted_unanswerable": len(una),
            "llm_refused_answerable": share([r["llm_refused"] for r in ans]),
            "llm_refused_unanswerable": share([r["llm_refused"] for r in una]),
            "extractive_right_where_llm_refused": share([r["extractive_right"] for r in refused]),
            "extractive_right_answerable": share([r["extractive_right"] for r in ans]),
            "llm_right_answerable": share([r["llm_right"] for r in ans]),
            "llm_fell_back": sum(r["llm_fell_back"] for r in rows),
            "threshold_refused_unanswerable_at_matched_cost": refused_at_matched_cost(rows)}


def main() -> None:
    from eval.reader_check import held_out_bench
    from qa import Assistant, Settings
    from qa.llm import parse_llm_spec

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--training", default="../shared/training")
    ap.add_argument("--cache", default=".kabar/eval-cache")
    ap.add_argument("--answerable", type=int, default=80, help="answerable questions drawn (seed 13)")
    ap.add_argument("--unanswerable", type=int, default=80, help="unanswerable questions drawn (seed 13)")
    args = ap.parse_args()
    bench = held_out_bench(Path(args.training), Path(args.cache))
    rng = random.Random(13)
    answerable = [q for q in bench.questions if q.answerable]
    unanswerable = [q for q in bench.questions if not q.answerable]
    drawn = (rng.sample(answerable, min(args.answerable, len(answerable))),
             rng.sample(unanswerable, min(args.unanswerable, len(unanswerable))))
    questions = drawn[0] + drawn[1]
    settings = replace(Settings(), llm=parse_llm_spec("local"))
    assistant = Assistant.load(prepare_index(bench, Path(args.cache)), settings)
    rows = []
    for i, q in enumerate(questions, 1):
        row = probe_row(assistant, q)
        if row is not None:
            rows.append(row)
        print(f"{i}/{len(questions)} {row}", flush=True)
    out = {"command": "python -m eval.probe_llm_refusals --training ../shared/training",
           "asked": {"answerable": len(drawn[0]), "unanswerable": len(drawn[1])},
           "llm": settings.llm.describe(), **summary(rows), "rows": rows}
    RESULT.write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in out.items() if k != "rows"}, indent=2))


if __name__ == "__main__":
    main()

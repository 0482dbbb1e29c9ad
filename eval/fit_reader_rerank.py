"""Fit how much the reader's margin counts when it reorders the best article's top sentences
(``answer.reader_rerank_weight``), on the calibration's answerable training questions (the reader was trained
without them; never a valid or test split, never the sample questions):

    python -m eval.fit_reader_rerank --training ../shared/training > eval/results/reader_rerank.json

For each factoid question the top ``--sentences`` sentences of the best sentence's article are read once; each
weight on the grid is scored by how often the sentence it puts first holds a gold answer. The chosen weight is the
smallest within TIE of the best share: where weights tie, the sentence score stays in charge.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from eval.calibrate import DISTRACTORS, PER_FILE, SEED, TRANSLATIONS
from eval.datasets import load_training
from eval.runner import prepare_index
from qa.answer import NO_SPAN_MARGIN
from qa.lang import is_factoid_question

GRID = [0.0, 0.005, 0.01, 0.02, 0.03, 0.05, 0.1]
TIE = 0.005  # 5 questions in 1,000


def sentence_rows(assistant, questions, sentences: int) -> list[dict]:
    """Per answerable factoid question: its top sentences' scores, reader margins and whether each holds a gold
    answer."""
    answerer, rows = assistant.answerer, []
    for q in questions:
        if not q.answerable or not is_factoid_question(q.text):
            continue
        qvec = assistant.retriever.encoder.encode_queries([q.text])[0]
        cands = answerer.score_sentences(q.text, assistant.retriever.retrieve(q.text, query_vector=qvec), qvec)
        if not cands:
            continue
        top = answerer.read_spans(q.text, answerer.rivals(cands, sentences))
        rows.append({"score": [c.score for c in top],
                     "margin": [c.span.margin if c.span else NO_SPAN_MARGIN for c in top],
                     "gold": [any(g.lower() in c.text.lower() for g in q.answers) for c in top]})
    return rows


def first_holds_gold(rows: list[dict], weight: float) -> float:
    hits = [r["gold"][max(range(len(r["score"])), key=lambda i: r["score"][i] + weight * r["margin"][i])]
            for r in rows]
    return round(sum(hits) / max(len(hits), 1), 4)


def main() -> None:
    from qa import Assistant

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--training", default="../shared/training")
    ap.add_argument("--cache", default=".kabar/eval-cache")
    ap.add_argument("--sentences", type=int, default=3)
    args = ap.parse_args()
    bench = load_training(args.training, Path(args.cache), PER_FILE, DISTRACTORS, SEED, TRANSLATIONS)
    rows = sentence_rows(Assistant.load(prepare_index(bench, Path(args.cache))), bench.questions, args.sentences)
    scores = {str(w): first_holds_gold(rows, w) for w in GRID}
    print(json.dumps({"data": f"{args.training}: the calibration's answerable factoid questions (seed {SEED}, "
                              f"{PER_FILE} per file, with {TRANSLATIONS})", "questions": len(rows),
                      "sentences": args.sentences, "first_sentence_holds_gold": scores,
                      "chosen_weight": min(float(w) for w in scores if scores[w] >= max(scores.values()) - TIE)},
                     indent=2))


if __name__ == "__main__":
    main()

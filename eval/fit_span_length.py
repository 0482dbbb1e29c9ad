"""Fit the reader's length prior (``length_penalty`` in ``qa/reader/reader.json``) on its held-out training
questions (5% of the training contexts, never a valid or test split, never the sample questions):

    python -m eval.fit_span_length --training ../shared/training

The reader's raw best span runs longer than the gold answers (two words at the median in every training file), so
the text of a span is chosen with a penalty per token past its first (``qa.reader.best_span``); its score, which the
margins are fitted on, stays the raw one. Each held-out answerable question's answer sentence is read inside its
chunk, as Kabar reads it, once per penalty on the grid; the penalty with the best mean token F1 of the span wins.
``kabar model train-reader`` runs this fit after training.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

PENALTIES = (0.0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5)


def fit_length_penalty(reader, held: list[dict], penalties: tuple[float, ...] = PENALTIES) -> tuple[float, dict]:
    """The penalty with the best mean span F1 on ``held`` (the reader's own is restored), and the figures."""
    from eval.metrics import token_f1
    from eval.train_reader import answer_sentences
    from qa.reader import passage_spans

    rows, shipped, figures = answer_sentences(held), reader.length_penalty, {}
    try:
        for penalty in penalties:
            reader.length_penalty = penalty
            f1s, words = [], []
            for question, chunk, sentence, golds in rows:
                span = passage_spans(reader, question, [chunk], [[sentence]])[0][0]
                text = span.text if span else ""
                f1s.append(max(token_f1(text, g) for g in golds))
                words.append(len(text.split()))
            figures[str(penalty)] = {"span_f1": round(float(np.mean(f1s)), 4), "words": round(float(np.mean(words)), 2)}
    finally:
        reader.length_penalty = shipped
    best = max(penalties, key=lambda p: (figures[str(p)]["span_f1"], -p))
    return best, {"length_penalty_fit": "python -m eval.fit_span_length --training ../shared/training: the held-out "
                  "answerable questions' answer sentences, read in their chunks; the best mean span F1",
                  "length_penalty_questions": len(rows), "length_penalty_grid": figures}


def main() -> None:
    from eval.train_reader import held_out, held_out_contexts, load_examples
    from index.embed import resolve_model
    from qa.reader import READER_DIR, Reader

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--training", default="../shared/training")
    ap.add_argument("--reader", default=str(READER_DIR))
    args = ap.parse_args()
    examples = load_examples(Path(args.training))
    held = held_out(examples, held_out_contexts(examples))
    penalty, figures = fit_length_penalty(Reader(resolve_model(), Path(args.reader)), held)
    path = Path(args.reader) / "reader.json"
    meta = {**json.loads(path.read_text(encoding="utf-8")), "length_penalty": penalty, **figures}
    path.write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({"length_penalty": penalty, **figures}, indent=2))


if __name__ == "__main__":
    main()

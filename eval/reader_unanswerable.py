"""The reader's second pass (`kabar model train-reader`, after the first; or alone with ``--second-pass-only``):
the unanswerable training questions the first pass left out, read beside answerable ones it already saw.

The first pass sized its data for two CPU cores and took 1,500 of IDK-MRC's 4,264 unanswerable training questions
(eval/train_reader.py load_examples). This pass starts from the reader the first one wrote (its fp16 weights, as
shipped) and reads, for one epoch at the first pass's learning rates, every other unanswerable IDK-MRC training
question (the kind that IDK-MRC's twisted questions are), a sample of translated SQuAD 2.0's unanswerable ones, and
again the first pass's answerable questions of the same IDK-MRC paragraphs (a twisted question beside the one it was
twisted from), filled up with others, so that it keeps reading spans. The same 5% of contexts stay held out and the
calibration's questions stay unseen (the reader's gates are fitted on them: eval/fit_reader_gate.py).
"""

from __future__ import annotations

import random
from pathlib import Path

from eval.finetune import cache_lower, save_top_head
from eval.train_reader import (
    features,
    held_out_contexts,
    load_examples,
    passage_examples,
    train,
    training_file,
)

# The first pass's rates, and its answerable questions of the same paragraphs, against half the layer rate, a tenth
# of the head's and a random replay (both on these questions, 2026-12-06, judged by `python -m eval.fit_reader_gate`
# on the calibration's questions, which neither pass reads): at the gates it chose, the same 3.4% of the answerable
# ones refused (6% translated) and 19.3% against 17.9% of the unanswerable ones by the span gate, 69.8% against
# 68.6% out of corpus; held-out answerable span F1 0.715 against 0.726 (the first pass alone: 0.724, 12.5% at -3.0).
LAYER_LR, HEAD_LR = 1e-4, 1e-3
REPLAY, SQUAD = 3500, 500  # answerable first-pass questions read again; translated SQuAD unanswerables added
DATA = ("../shared/training: idk_mrc_train's unanswerable rows the first pass did not read (not in TyDi), 500 of "
        "trans_squad_id_dev's unanswerable rows it did not read, 3,500 of its answerable questions again (those of "
        "the same IDK-MRC paragraphs first); the same held-out contexts and calibration questions left out; seed 13; "
        "one epoch")


def stage_examples(training: Path, asked: set[str], first: list[dict] | None = None, seed: int = 13) -> list[dict]:
    """The second pass's questions, shuffled (seed 13), none of a held-out context or asked by the calibration.
    ``first``: the first pass's questions (``load_examples(training)``), when the caller has them already."""
    first = load_examples(training) if first is None else first
    held, used = held_out_contexts(first), {ex["id"] for ex in first}

    def unseen_unanswerable(r: dict) -> bool:
        return not r["answerable"] and r["id"] not in used and r["context"] not in held and r["id"] not in asked

    tydi = {r["id"] for r in training_file(training, "tydiqa_goldp_id_train.jsonl")}
    idk = [r for r in training_file(training, "idk_mrc_train.jsonl") if r["id"] not in tydi and unseen_unanswerable(r)]
    rng = random.Random(seed)
    squad = rng.sample([r for r in training_file(training, "trans_squad_id_dev.jsonl") if unseen_unanswerable(r)], SQUAD)
    fit = [ex for ex in first if ex["context"] not in held and ex["id"] not in asked]
    twins = {r["context"] for r in idk}
    pairs = [ex for ex in fit if ex["answerable"] and ex["context"] in twins][:REPLAY]
    others = [ex for ex in fit if ex["answerable"] and ex["context"] not in twins]
    replay = pairs + rng.sample(others, max(0, REPLAY - len(pairs)))
    mix = idk + squad + replay
    rng.shuffle(mix)
    return mix


def train_unanswerable(model, tok, training: Path, asked: set[str], out: Path, log=print,
                       first: list[dict] | None = None) -> dict:
    """Trains ``model`` (the first pass's reader, loaded from its fp16 weights) on the second pass's questions and
    writes its weights to ``out``; returns what reader.json records of the pass."""
    mix = stage_examples(training, asked, first)
    feats = features(tok, passage_examples(mix))
    log(f"second pass: {len(feats)} passages from {len(mix)} questions "
        f"({sum(not ex['answerable'] for ex in mix)} unanswerable)")
    cached = cache_lower(model, feats)
    train(model, feats, cached, epochs=1, log=log, layer_lr=LAYER_LR, head_lr=HEAD_LR)
    return {"sha256": save_top_head(model.layers, model.head, out),
            "second_pass": {"data": DATA, "questions": len(mix), "passages": len(feats), "layer_lr": LAYER_LR,
                            "head_lr": HEAD_LR,
                            "command": "kabar model train-reader --training ../shared/training --second-pass-only"}}

"""The relevance judge: does this sentence answer the question?

A cross-encoder on the reader's frozen base: its own copy of the top layers and a one-logit head on ``<s>``,
fine-tuned on ``../shared/training`` only (``kabar model train-relevance``, eval/train_relevance.py) with
out-of-corpus sentences among the negatives, and shipped in ``qa/relevance/`` (fp16, pinned by sha256 in
``relevance.json``). Abstention reads its best verdict on the top sentences (qa.support.answer_features).
"""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np

from qa.reader import Reader, TopHead, load_top_head, padded, windows

RELEVANCE_DIR = Path(__file__).with_name("relevance")
_LOCK = threading.Lock()
_LOADED: dict[int, RelevanceJudge] = {}


class RelevanceJudge:
    def __init__(self, reader: Reader, weights_dir: Path = RELEVANCE_DIR):
        """Shares ``reader``'s frozen base and tokenizer."""
        self.model, self.meta = load_top_head(weights_dir, "relevance.json", reader.model.base, 1)
        self.tok = reader.tok

    def scores(self, question: str, sentences: list[str]) -> np.ndarray:
        """One logit per sentence (above 0: the judge thinks it answers the question); each sentence is read in
        its first window only (a sentence rarely fills one)."""
        if not sentences:
            return np.zeros(0)
        encs = [windows(self.tok, question, s)[0] for s in sentences]
        with _LOCK:
            return logits(self.model, encs)


def logits(model: TopHead, encodings: list) -> np.ndarray:
    """The judge's logit for each (question, sentence) encoding: its head on the top layers' ``<s>``."""
    import torch

    ids, mask = padded([e.ids for e in encodings])
    with torch.no_grad():
        return model.head(model.hidden(*model.lower(ids, mask))[:, 0])[:, 0].numpy().astype(float)


def judge_for(reader: Reader | None, weights_dir: Path = RELEVANCE_DIR) -> RelevanceJudge | None:
    """The shipped judge on ``reader``'s base (loaded once per reader), or None without a reader or weights."""
    if reader is None or not (weights_dir / "relevance.json").exists():
        return None
    with _LOCK:
        if id(reader) not in _LOADED:
            _LOADED[id(reader)] = RelevanceJudge(reader, weights_dir)
        return _LOADED[id(reader)]

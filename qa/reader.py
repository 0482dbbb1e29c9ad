"""The short-answer reader: extractive QA (SQuAD 2.0 style) on top of the embedding model's own BERT.

The bottom layers are the prepared multilingual-e5-small, unchanged; its top layers (``trained_layers`` in
``reader.json``) and a span head were fine-tuned on ``../shared/training`` only (``kabar model train-reader``,
eval/train_reader.py) and ship in ``qa/reader/`` (fp16, pinned by sha256 in ``reader.json``). For a question
and a passage it returns the best span (start and end scores over the passage's tokens) and a no-answer score
(the span at ``<s>``).
"""

from __future__ import annotations

import hashlib
import json
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from qa.description import asked_name, before_mention, whole_description
from qa.lang import is_factoid_question
from qa.span_kind import SpanCheck, span_check
from qa.spantext import first_char, trim, whole_quotes, whole_words

READER_DIR = Path(__file__).with_name("reader")
MAX_TOKENS = 192
STRIDE = 64
QUESTION_TOKENS = 64
MAX_ANSWER_TOKENS = 24
CHECKED = 20  # the spans of a sentence, best first, that an answer-kind check (best_span's accept) looks through
_LOCK = threading.Lock()
_LOADED: dict[str, Reader] = {}


@dataclass(frozen=True)
class Span:
    text: str
    start: int  # character offsets in the passage
    end: int
    score: float  # the best start + end logit in the part read (how sure the reader is that an answer is there)
    null_score: float  # the no-answer logit of the same window

    @property
    def margin(self) -> float:
        """How far the span beats "no answer" (above 0: the reader prefers the span)."""
        return self.score - self.null_score


def tokenizer(model_dir: str):
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(Path(model_dir) / "tokenizer.json"))
    tok.enable_truncation(MAX_TOKENS, stride=STRIDE, strategy="only_second")
    return tok


def windows(tok, question: str, passage: str) -> list:
    """The encodings of (question, passage) in overlapping windows of at most MAX_TOKENS tokens. ``tok``: a
    ``tokenizers.Tokenizer`` (``tokenizer()``'s, or the int8 engine's), or the embedding model's own transformers
    tokenizer (shared: their users take turns under ``index.embed.TOKENIZER_LOCK``). The question is cut to
    QUESTION_TOKENS tokens, so every window keeps room for the passage (the tokenizer panics when the room left
    is no more than the stride)."""
    from index.embed import TOKENIZER_LOCK

    question = question[:400]
    if hasattr(tok, "backend_tokenizer"):
        with TOKENIZER_LOCK:
            question = _question_head(tok(question, add_special_tokens=False,
                                          return_offsets_mapping=True)["offset_mapping"], question)
            return tok(question, passage, truncation="only_second", max_length=MAX_TOKENS, stride=STRIDE,
                       return_overflowing_tokens=True, add_special_tokens=True).encodings
    with TOKENIZER_LOCK:  # the int8 engine's tokenizer may be this one, with its own truncation: set ours each time
        tok.no_truncation()  # a question alone cannot be encoded under "only_second" truncation
        offsets = tok.encode(question, add_special_tokens=False).offsets
        tok.enable_truncation(MAX_TOKENS, stride=STRIDE, strategy="only_second")
        first = tok.encode(_question_head(offsets, question), passage)
    return [first, *first.overflowing]


def padded(seqs: list[list[int]]):
    """Token id sequences as one right-padded batch (1 = <pad>) and its attention mask, as torch tensors."""
    import torch

    width = max(len(s) for s in seqs)
    ids = torch.tensor([s + [1] * (width - len(s)) for s in seqs])
    mask = torch.tensor([[1] * len(s) + [0] * (width - len(s)) for s in seqs])
    return ids, mask


def _question_head(offsets: list, question: str) -> str:
    return question if len(offsets) <= QUESTION_TOKENS else question[: offsets[QUESTION_TOKENS - 1][1]]


class TopHead:
    """The trained top layers and the span head, on the frozen base (torch)."""

    def __init__(self, base, layers: list, head):
        self.base, self.layers, self.head = base, layers, head

    def lower(self, ids, mask):
        """Hidden states after the frozen layers, and the attention mask the layers take."""
        import torch

        with torch.no_grad():
            x = self.base.embeddings(input_ids=ids)
            ext = self.base._create_attention_masks(attention_mask=mask, encoder_attention_mask=None,
                                                    embedding_output=x, encoder_hidden_states=None,
                                                    past_key_values=None)[0]
            for layer in self.base.encoder.layer[: len(self.base.encoder.layer) - len(self.layers)]:
                x = layer(x, attention_mask=ext)
        return x, ext

    def hidden(self, x, ext):
        """The trained top layers' output."""
        for layer in self.layers:
            x = layer(x, attention_mask=ext)
        return x

    def upper(self, x, ext):
        logits = self.head(self.hidden(x, ext))
        return logits[..., 0], logits[..., 1]


def load_top_head(weights_dir: Path, meta_name: str, base, outputs: int) -> tuple[TopHead, dict]:
    """Trained top layers and a head of ``outputs`` logits from ``weights_dir`` (their sha256 checked against
    ``meta_name``'s pin), on copies of ``base``'s top layers: the frozen bottom stays shared."""
    import copy

    import torch
    from safetensors.torch import load_file

    meta = json.loads((weights_dir / meta_name).read_text(encoding="utf-8"))
    weights = weights_dir / meta["weights"]
    digest = hashlib.sha256(weights.read_bytes()).hexdigest()
    if digest != meta["sha256"]:
        raise RuntimeError(f"{weights} has sha256 {digest}, expected {meta['sha256']}")
    n = meta["trained_layers"]
    state = {k: v.float() for k, v in load_file(str(weights)).items()}
    layers = [copy.deepcopy(layer).eval() for layer in base.encoder.layer[-n:]]
    for i, layer in enumerate(layers):
        layer.load_state_dict({k.split(".", 2)[2]: v for k, v in state.items() if k.startswith(f"layers.{i}.")})
    head = torch.nn.Linear(base.config.hidden_size, outputs)
    head.load_state_dict({"weight": state["head.weight"], "bias": state["head.bias"]})
    return TopHead(base, layers, head.eval()), meta


class Reader:
    def __init__(self, model_dir: str, weights_dir: Path = READER_DIR, base=None, shared_tokenizer=None):
        """``base`` and ``shared_tokenizer``: the e5-small BertModel and tokenizer already loaded for embedding
        (shared, read-only: the trained top layers are copies), else both are loaded from ``model_dir``."""
        from transformers import AutoModel

        base = base if base is not None else AutoModel.from_pretrained(model_dir).eval()
        self.model, self.meta = load_top_head(weights_dir, "reader.json", base, 2)
        # logits taken off a span's score per token past its first, when choosing its text (eval/fit_span_length.py)
        self.length_penalty = float(self.meta.get("length_penalty", 0.0))
        self.tok = shared_tokenizer if shared_tokenizer is not None else tokenizer(model_dir)

    def read_parts(self, question: str, passages: list[str], parts: list[list[tuple[int, int]]],
                   accept: SpanCheck | None = None) -> list[list[Span | None]]:
        """The best span inside each part (a character range: a sentence) of each passage, read with the whole
        passage around it; offsets in the passage. None where a part yields no span (none that ``accept``s)."""
        import torch

        encodings, owners = [], []
        for p, passage in enumerate(passages):
            for enc in windows(self.tok, question, passage):
                encodings.append(enc)
                owners.append(p)
        best: list[list[Span | None]] = [[None] * len(pp) for pp in parts]
        if not encodings:
            return best
        ids, mask = padded([e.ids for e in encodings])
        with _LOCK, torch.no_grad():
            start, end = self.model.upper(*self.model.lower(ids, mask))
        for k, enc in enumerate(encodings):
            p, starts, ends = owners[k], start[k].numpy(), end[k].numpy()
            for j, (lo, hi) in enumerate(parts[p]):
                span = best_span(enc, starts, ends, passages[p], lo, hi, self.length_penalty, accept)
                if span is not None and (best[p][j] is None or span.score > best[p][j].score):
                    best[p][j] = span
        return best


def sure_span(reader: Reader, spans: list[Span | None], margin: float | None = None) -> tuple[int, Span] | None:
    """The span that beats its own passage's "no answer" by the most, when it does so by the shipped lead margin
    (fitted on held-out training questions: above it a span scores better than the whole sentence)."""
    scored = [(s.margin, i, s) for i, s in enumerate(spans) if s is not None]
    if not scored:
        return None
    _, i, span = max(scored, key=lambda x: x[0])
    wanted = reader.meta.get("lead_margin", reader.meta.get("null_margin", 0.0)) if margin is None else margin
    return (i, span) if span.margin >= wanted else None


def passage_spans(reader: Reader, question: str, passages: list[str], parts: list[list[tuple[int, int]]]
                  ) -> list[list[Span | None]]:
    """The best span of each part (a sentence's character range) of each passage, read with its whole passage
    around it as the reader was trained (a chunk of the index: eval/train_reader.passage_examples); offsets relative
    to the part. Only a span of the kind asked counts (the best such one: ``qa.span_kind``). None where a part has
    no such span, and everywhere for a question that wants no span (why, how, what someone said: their answer is a
    clause, not a name or a number; whether: the sentence that settles it)."""
    if not is_factoid_question(question):
        return [[None] * len(pp) for pp in parts]
    # "Siapa Denisov?": a span that runs into his name is cut before it, and one that ends right before him reads
    # back over his title
    subject, kind = asked_name(question), span_check(question)
    check = kind if subject is None else lambda p, a, b: kind(p, *before_mention(p, a, b, subject))

    def part_span(s: Span | None, passage: str, lo: int) -> Span | None:
        if s is None:
            return None
        if subject is None:
            return Span(passage[s.start:s.end], s.start - lo, s.end - lo, s.score, s.null_score)
        a, b = before_mention(passage, s.start, s.end, subject)
        a = whole_description(passage, a, b, subject, lo)
        return Span(passage[a:b], a - lo, b - lo, s.score, s.null_score)

    return [[part_span(s, passage, lo) for (lo, _), s in zip(pp, row)]
            for passage, pp, row in zip(passages, parts, reader.read_parts(question, passages, parts, check))]


def best_span(enc, start: np.ndarray, end: np.ndarray, passage: str, lo: int = 0, hi: int | None = None,
              length_penalty: float = 0.0, accept: SpanCheck | None = None) -> Span | None:
    """The highest-scoring span of passage tokens (end after start, at most MAX_ANSWER_TOKENS long), inside the
    passage's characters ``lo:hi`` when given (a token belongs where its first non-space character lies). Its text
    is chosen with ``length_penalty`` logits off per token past the first (gold answers are mostly two words; the
    reader's raw best runs long); its score stays the best raw start + end logit, so the margins fitted on it hold.
    With ``accept`` (given the passage and a span's bounds), only the spans it accepts count (of the best
    ``CHECKED`` by either order): a question that asks no time takes the best span that is not a date alone, as a
    SQuAD reader's n-best list is filtered."""
    hi = len(passage) if hi is None else hi
    ctx = {i for i, s in enumerate(enc.sequence_ids) if s == 1 and lo <= first_char(passage, *enc.offsets[i]) < hi}
    if not ctx:
        return None
    top_s = [i for i in np.argsort(-start) if i in ctx][:20]
    top_e = [i for i in np.argsort(-end) if i in ctx][:20]
    pairs = [(start[i] + end[j], i, j) for i in top_s for j in top_e if i <= j < i + MAX_ANSWER_TOKENS]
    if not pairs:
        return None

    def bounds(i: int, j: int) -> tuple[int, int]:
        a, b = whole_quotes(passage, *trim(passage, *whole_words(passage, enc.offsets[i][0], enc.offsets[j][1])))
        return max(a, lo), min(b, hi)  # a word is never widened past the sentence it was read in

    checked: dict[tuple[int, int], bool] = {}  # each pair's text is checked once, though both orders may rank it

    def accepted(i: int, j: int) -> bool:
        if (i, j) not in checked:
            checked[i, j] = accept(passage, *bounds(i, j))
        return checked[i, j]

    def first_accepted(ranked: list[tuple[float, int, int]]) -> tuple[float, int, int] | None:
        return next((p for p in ranked[:CHECKED] if accepted(p[1], p[2])), None)

    by_text = sorted(((score - length_penalty * (j - i), i, j) for score, i, j in pairs), reverse=True)
    if accept is None:
        (_, i, j), score = by_text[0], max(pairs)[0]
    else:
        chosen, surest = first_accepted(by_text), first_accepted(sorted(pairs, reverse=True))
        if chosen is None or surest is None:
            return None
        (_, i, j), score = chosen, surest[0]
    a, b = bounds(i, j)
    return Span(passage[a:b], a, b, float(score), float(start[0] + end[0]))


def reader_for(model: str) -> Reader | None:
    """The reader for an index's embedding model: the shipped one sits on e5-small (either engine)."""
    from index.embed import get_encoder, resolve_model
    from index.settings import DEFAULT_MODEL

    if model.split("@")[0] != DEFAULT_MODEL:
        return None
    encoder = get_encoder(model)
    # the torch engine's BertModel and tokenizer are the reader's frozen base: one copy of each in memory
    torch_engine = hasattr(getattr(encoder, "model", None), "__getitem__")
    base = encoder.model[0].auto_model if torch_engine else None
    # the int8 engine's plain tokenizer is shared too (~280 MB): both set their truncation under TOKENIZER_LOCK
    shared = encoder.model.tokenizer if torch_engine else getattr(encoder, "tokenizer", None)
    return get_reader(resolve_model(DEFAULT_MODEL), base, shared)


def get_reader(model_dir: str, base=None, shared_tokenizer=None) -> Reader | None:
    """The shipped reader on the prepared model at ``model_dir`` (loaded once), or None when none ships."""
    if not (READER_DIR / "reader.json").exists():
        return None
    with _LOCK:
        if model_dir not in _LOADED:
            _LOADED[model_dir] = Reader(model_dir, base=base, shared_tokenizer=shared_tokenizer)
        return _LOADED[model_dir]

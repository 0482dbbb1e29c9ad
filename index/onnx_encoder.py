"""The default engine: the prepared model exported to ONNX and quantised to int8 (dynamic, per-channel weights)
with ONNX Runtime, both done locally from the offline folder, once. Selected by the model name suffix
``@onnx-int8`` (``multilingual-e5-small@onnx-int8``, the default index model), so an index records which engine
made its vectors; ``multilingual-e5-small`` alone is the fp32 sentence-transformers engine.

One projection stays fp32: the feed-forward output of layer 4, whose inputs carry the outlier activations that
int8 rounds worst. Chosen on training passages by `python -m eval.int8_recipe --training ../shared/training`
(greedy over the 12 feed-forward outputs by mean cosine error against fp32, 800 chunks of the training
contexts; stop when the next layer cuts the remaining error by less than a fifth): keeping it cuts the error
by half (1 - cosine 0.0030 -> 0.0016; eval/results/int8_recipe.json) at no measurable speed cost.

The weights are quantised to seven bits (ONNX Runtime's ``reduce_range``: signed, within [-64, 64]), not the
full eight. A CPU without VNNI multiplies unsigned activations by signed weights with an instruction that adds each
pair of products into 16 bits and saturates (255 * 127 * 2 overflows), one with VNNI sums in 32 bits, so eight-bit
weights gave different vectors on the two kinds: mean cosine error against fp32 on 800 training chunks 0.0016 on
an AMD EPYC with AVX-512 VNNI, 0.0021 on one without, enough to move the English questions' refusals (README,
Evaluation). Seven-bit weights cannot overflow (255 * 64 * 2 < 32768), so the integer sums are exact on both and
the vectors the same: 0.0019 on the CPU without VNNI, at the eight-bit kernel's speed (the 800 chunks, three runs
each, alternating: 19.0 s against 19.3 s). Unsigned weights (U8U8) are exact too (0.0016) but took a sixth more
time there (22.3 s) and cannot use VNNI at all (2026-12-06).

sentence-transformers' own ``backend="onnx"`` needs optimum, whose current release pins an older
transformers; this module does the same three steps (export, quantise, mean-pool) with torch and onnxruntime.
"""

from __future__ import annotations

import json
import os
import warnings
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

from index.embed import TOKENIZER_LOCK
from index.files import atomic_path

SUFFIX = "@onnx-int8"
FP32_FFN_LAYERS = (4,)  # eval/int8_recipe.py on ../shared/training (see above)


def ffn_output_nodes(model_path: Path, layers: tuple[int, ...]) -> list[str]:
    """The MatMul nodes of the feed-forward output projections of ``layers`` in an exported BERT graph."""
    import onnx

    graph = onnx.load(str(model_path), load_external_data=False).graph
    wanted = tuple(f"/layer.{k}/output/dense/MatMul" for k in layers)
    return [n.name for n in graph.node if n.op_type == "MatMul" and n.name.endswith(wanted)]


def export_fp32(folder: Path, out: Path) -> Path:
    """The model at ``folder`` as an fp32 ONNX graph (last hidden states) at ``out``."""
    import torch
    from transformers import AutoModel

    class HiddenStates(torch.nn.Module):  # keyword call: the tracer's positional call trips transformers 5
        def __init__(self, inner: torch.nn.Module):
            super().__init__()
            self.inner = inner

        def forward(self, input_ids, attention_mask):
            return self.inner(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state

    # eager attention: the plain graph ONNX Runtime runs a third faster than the one exported from SDPA
    model = HiddenStates(AutoModel.from_pretrained(str(folder), attn_implementation="eager").eval())
    ids = torch.ones((2, 16), dtype=torch.long)
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the tracer's notes on a graph it handles correctly; not for users
        torch.onnx.export(
            model, (ids, torch.ones_like(ids)), str(out), input_names=["input_ids", "attention_mask"],
            output_names=["last_hidden_state"], opset_version=17, dynamo=False,
            dynamic_axes={"input_ids": {0: "b", 1: "t"}, "attention_mask": {0: "b", 1: "t"},
                          "last_hidden_state": {0: "b", 1: "t"}},
        )
    return out


def quantize_int8(fp32: Path, out: Path, fp32_layers: tuple[int, ...] = FP32_FFN_LAYERS) -> Path:
    """``fp32`` quantised to int8 at ``out``, the feed-forward outputs of ``fp32_layers`` kept in fp32."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    with atomic_path(out, durable=False) as tmp:  # a cache, made again when lost
        # seven-bit weights: exact integer sums on every x86 CPU, so the same vectors on each (module docstring)
        quantize_dynamic(str(fp32), str(tmp), weight_type=QuantType.QInt8, per_channel=True, reduce_range=True,
                         nodes_to_exclude=ffn_output_nodes(fp32, fp32_layers))
    return out


def int8_recipe() -> str:
    """What decides the int8 graph's vectors besides the model: seven-bit weights, the feed-forward layers kept in
    fp32. It names the graph's file and enters every index's content hash (index.build)."""
    return "int7-ffn" + ("-".join(str(k) for k in FP32_FFN_LAYERS) or "none")


def export_int8(folder: Path) -> Path:
    """``folder/onnx/model_<recipe>.onnx``, exported and quantised on first use (the recipe in the name, so a
    changed recipe makes a new file)."""
    out = folder / "onnx" / f"model_{int8_recipe()}.onnx"
    if out.exists():
        return out
    out.parent.mkdir(exist_ok=True)
    fp32 = export_fp32(folder, out.parent / f"model_fp32-{os.getpid()}.onnx")
    try:
        return quantize_int8(fp32, out)
    finally:
        fp32.unlink(missing_ok=True)


class OnnxEncoder:
    """An ``index.embed.Encoder`` on ONNX Runtime: the int8 graph of ``folder``'s model, or ``model_file``.

    Each text runs alone, one per core at a time. int8 quantises each input tensor with one scale for the whole
    tensor, so in a batch a passage's vector would depend on its neighbours and their padding; alone it is the
    same vector every time (a re-index, Ray and the serial path agree). Measured on 800 chunks, two cores:
    two texts at a time on one thread each took 8.7 s, batches of 16 on two threads 9.4 s."""

    def __init__(self, name: str, folder: Path, threads: int | None = None, model_file: Path | None = None):
        import onnxruntime as ort
        from tokenizers import Tokenizer

        self.name = name
        self.threads = threads or len(os.sched_getaffinity(0))
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = opts.inter_op_num_threads = 1  # the parallelism is across texts
        self.session = ort.InferenceSession(str(model_file or export_int8(folder)), opts,
                                            providers=["CPUExecutionProvider"])
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.enable_truncation(512)
        prompts = json.loads((folder / "config_sentence_transformers.json").read_text()).get("prompts", {})
        self._query, self._passage = prompts.get("query", ""), prompts.get("passage", "")
        self.dim = int(json.loads((folder / "config.json").read_text())["hidden_size"])

    def encode_queries(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        return self._encode([self._query + t for t in texts])

    def encode_passages(self, texts: list[str], batch_size: int = 32, progress: bool = False) -> np.ndarray:
        return self._encode([self._passage + t for t in texts], progress)

    def _encode(self, texts: list[str], progress: bool = False) -> np.ndarray:
        from tqdm.auto import tqdm

        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        bar = tqdm(total=len(texts), desc="Embedding", unit="chunk", disable=not progress)
        with TOKENIZER_LOCK:  # shared with the reader (qa/reader.py), which sets its own truncation
            self.tokenizer.enable_truncation(512)
            encodings = self.tokenizer.encode_batch(texts)

        def one(i: int) -> None:
            ids = np.asarray([encodings[i].ids], dtype=np.int64)
            hidden = self.session.run(None, {"input_ids": ids, "attention_mask": np.ones_like(ids)})[0][0]
            pooled = hidden.mean(0)
            out[i] = pooled / np.linalg.norm(pooled)
            bar.update(1)

        longest_first = sorted(range(len(texts)), key=lambda i: -len(encodings[i].ids))  # even finish
        if self.threads == 1 or len(texts) == 1:
            for i in longest_first:
                one(i)
        else:
            with ThreadPoolExecutor(self.threads) as pool:
                list(pool.map(one, longest_first))
        bar.close()
        return out

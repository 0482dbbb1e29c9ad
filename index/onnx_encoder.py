"""An opt-in faster engine: the prepared model exported to ONNX and quantised to int8 (dynamic, per-channel
weights) with ONNX Runtime, both done locally from the offline folder. Selected by the model name suffix
``@onnx-int8`` (e.g. ``multilingual-e5-small@onnx-int8``), so an index records which engine made its vectors.

sentence-transformers' own ``backend="onnx"`` needs optimum, whose current release pins an older
transformers; this module does the same three steps (export, quantise, mean-pool) with torch and
onnxruntime alone. Needs the extra ``kabar[fast]`` (onnxruntime, onnx).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np

from index.files import atomic_path

SUFFIX = "@onnx-int8"


def export_int8(folder: Path) -> Path:
    """``folder/onnx/model_int8.onnx``, exported and quantised on first use."""
    out = folder / "onnx" / "model_int8.onnx"
    if out.exists():
        return out
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from transformers import AutoModel

    out.parent.mkdir(exist_ok=True)
    fp32 = out.parent / "model_fp32.onnx"
    class HiddenStates(torch.nn.Module):  # keyword call: the tracer's positional call trips transformers 5
        def __init__(self, inner: torch.nn.Module):
            super().__init__()
            self.inner = inner

        def forward(self, input_ids, attention_mask):
            return self.inner(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state

    model = HiddenStates(AutoModel.from_pretrained(str(folder)).eval())
    ids = torch.ones((2, 16), dtype=torch.long)
    with torch.no_grad():
        torch.onnx.export(
            model, (ids, torch.ones_like(ids)), str(fp32), input_names=["input_ids", "attention_mask"],
            output_names=["last_hidden_state"], opset_version=17, dynamo=False,
            dynamic_axes={"input_ids": {0: "b", 1: "t"}, "attention_mask": {0: "b", 1: "t"},
                          "last_hidden_state": {0: "b", 1: "t"}},
        )
    with atomic_path(out, durable=False) as tmp:  # a cache, exported again when lost
        quantize_dynamic(str(fp32), str(tmp), weight_type=QuantType.QInt8, per_channel=True)
    fp32.unlink(missing_ok=True)
    return out


class OnnxInt8Encoder:
    """An ``index.embed.Encoder`` on ONNX Runtime with int8 weights."""

    def __init__(self, name: str, folder: Path, threads: int | None = None):
        import onnxruntime as ort
        from tokenizers import Tokenizer

        self.name = name
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = threads or len(os.sched_getaffinity(0))
        self.session = ort.InferenceSession(str(export_int8(folder)), opts, providers=["CPUExecutionProvider"])
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.enable_truncation(512)
        prompts = json.loads((folder / "config_sentence_transformers.json").read_text()).get("prompts", {})
        self._query, self._passage = prompts.get("query", ""), prompts.get("passage", "")
        self.dim = int(json.loads((folder / "config.json").read_text())["hidden_size"])

    def encode_queries(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        return self._encode([self._query + t for t in texts], batch_size)

    def encode_passages(self, texts: list[str], batch_size: int = 32, progress: bool = False) -> np.ndarray:
        return self._encode([self._passage + t for t in texts], batch_size)

    def _encode(self, texts: list[str], batch_size: int) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        encodings = self.tokenizer.encode_batch(texts)
        order = np.argsort([len(e.ids) for e in encodings])  # similar lengths together: little padding
        for start in range(0, len(order), batch_size):
            rows = order[start : start + batch_size]
            width = max(len(encodings[i].ids) for i in rows)
            ids = np.ones((len(rows), width), dtype=np.int64)  # <pad> = 1
            mask = np.zeros((len(rows), width), dtype=np.int64)
            for j, i in enumerate(rows):
                n = len(encodings[i].ids)
                ids[j, :n] = encodings[i].ids
                mask[j, :n] = 1
            hidden = self.session.run(None, {"input_ids": ids, "attention_mask": mask})[0]
            pooled = (hidden * mask[:, :, None]).sum(1) / mask.sum(1, keepdims=True)
            out[rows] = pooled / np.linalg.norm(pooled, axis=1, keepdims=True)
        return out

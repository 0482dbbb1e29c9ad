"""Which projections the int8 engine keeps in fp32 (index.onnx_encoder.FP32_FFN_LAYERS), chosen on training
passages only: `python -m eval.int8_recipe --training ../shared/training`.

The feed-forward outputs are where int8 errs most (their inputs, after GELU, carry outlier activations). Starting
from everything in int8, add the layer whose fp32 feed-forward output lowers the mean cosine error against the
fp32 model the most, over chunks of the training contexts; stop when the best next layer cuts the remaining error
by less than a fifth. About 3 minutes per layer tried on two CPU cores.
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
from pathlib import Path

import numpy as np

from eval.datasets import training_rows
from index.chunk import chunk_article
from index.embed import resolve_model
from index.onnx_encoder import OnnxEncoder, export_fp32, quantize_int8

LAYERS = 12  # e5-small's encoder layers
MIN_GAIN = 0.2  # the share of the remaining error a further fp32 layer must remove to be kept


def training_chunks(folder: str | Path, n: int = 800, seed: int = 0) -> list[str]:
    """``n`` chunks (Kabar's chunker) of distinct training contexts, in a seeded random order."""
    contexts = sorted({r["context"] for rows in training_rows(folder).values() for r in rows})
    random.Random(seed).shuffle(contexts)
    chunks: list[str] = []
    for i, text in enumerate(contexts):
        chunks += [c.text for c in chunk_article(str(i), "", text)]
        if len(chunks) >= n:
            break
    return chunks[:n]


def cosine_error(reference: np.ndarray, vectors: np.ndarray) -> float:
    """Mean 1 - cosine between rows of two sets of unit vectors."""
    return float(1.0 - (reference * vectors).sum(1).mean())


def choose_fp32_layers(folder: Path, texts: list[str], work: Path) -> dict:
    """The greedy choice, with each step's errors."""
    fp32 = export_fp32(folder, work / "fp32.onnx")
    reference = OnnxEncoder("fp32", folder, model_file=fp32).encode_passages(texts)

    def error(layers: tuple[int, ...]) -> float:
        graph = quantize_int8(fp32, work / "try.onnx", layers)
        return cosine_error(reference, OnnxEncoder("try", folder, model_file=graph).encode_passages(texts))

    chosen: tuple[int, ...] = ()
    current = error(chosen)
    steps = [{"fp32_layers": [], "error": round(current, 6)}]
    while len(chosen) < LAYERS:
        tried = {k: error(chosen + (k,)) for k in range(LAYERS) if k not in chosen}
        best = min(tried, key=tried.get)
        steps.append({"tried": {str(k): round(e, 6) for k, e in tried.items()}, "best": best})
        if tried[best] > current * (1 - MIN_GAIN):
            break
        chosen, current = chosen + (best,), tried[best]
    return {"fp32_ffn_layers": list(chosen), "error": round(current, 6), "chunks": len(texts), "steps": steps}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--training", default="../shared/training")
    parser.add_argument("--chunks", type=int, default=800)
    args = parser.parse_args()
    folder = Path(resolve_model())
    with tempfile.TemporaryDirectory(prefix="kabar-int8-") as work:
        result = choose_fp32_layers(folder, training_chunks(args.training, args.chunks), Path(work))
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()

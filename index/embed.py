"""Embedding models: resolve a name to a loadable folder (preparing the offline default once), load it
once per process with sentence-transformers, and encode queries and passages with the right prompts."""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np

from index.settings import DEFAULT_MODEL

_BUILTIN = {DEFAULT_MODEL: "prepare_e5_small"}
_LOCK = threading.Lock()
# The torch engine's tokenizer is shared with the short-answer reader (qa/reader.py: one copy of the XLM-R
# tokenizer, ~290 MB, not two). A fast tokenizer's truncation settings live on the tokenizer itself, so its
# users take turns.
TOKENIZER_LOCK = threading.RLock()
_LOADED: dict[tuple[str, str], Encoder] = {}


def models_dir() -> Path:
    """Where prepared models live: $KABAR_MODELS_DIR, else the per-user data dir."""
    env = os.environ.get("KABAR_MODELS_DIR")
    if env:
        return Path(env)
    from platformdirs import user_data_dir

    return Path(user_data_dir("kabar")) / "models"


def resolve_model(name: str = DEFAULT_MODEL, prepare: bool = True) -> str:
    """A path or hub name that ``SentenceTransformer`` can load; prepares the offline default on first use."""
    if name in _BUILTIN:
        folder = models_dir() / name
        if not (folder / "modules.json").exists():
            if not prepare:
                raise FileNotFoundError(f"model {name} is not prepared; run `kabar model prepare`")
            from index import modelprep

            getattr(modelprep, _BUILTIN[name])(folder)
        return str(folder)
    return name


@runtime_checkable
class Encoder(Protocol):
    """What indexing and search need of an embedding model: normalised float32 vectors, with the query and
    passage prompts where the model defines them. Two engines: ``SentenceTransformerEncoder`` (torch) and
    ``index.onnx_encoder.OnnxEncoder``; ``get_encoder`` picks one by the model's name."""

    name: str
    dim: int

    def encode_queries(self, texts: list[str], batch_size: int = 32) -> np.ndarray: ...

    def encode_passages(self, texts: list[str], batch_size: int = 32, progress: bool = False) -> np.ndarray: ...


class SentenceTransformerEncoder:
    """A loaded sentence-transformers model with query/passage prompts where the model defines them."""

    def __init__(self, name: str = DEFAULT_MODEL, device: str | None = None, backend: str = "torch") -> None:
        from sentence_transformers import SentenceTransformer

        path = resolve_model(name)
        if Path(path).exists():
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
        _set_threads()
        self.name = name
        _quiet_transformers()
        kwargs = {"backend": backend} if backend != "torch" else {}
        self.model = SentenceTransformer(path, device=device, **kwargs)
        dim_of = getattr(self.model, "get_embedding_dimension", None) or self.model.get_sentence_embedding_dimension
        self.dim = int(dim_of())
        prompts = self.model.prompts or {}
        self._query_prompt = "query" if "query" in prompts else None
        self._passage_prompt = "passage" if "passage" in prompts else None

    def encode_queries(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        return self._encode(texts, self._query_prompt, batch_size, False)

    def encode_passages(self, texts: list[str], batch_size: int = 32, progress: bool = False) -> np.ndarray:
        return self._encode(texts, self._passage_prompt, batch_size, progress)

    def _encode(self, texts: list[str], prompt: str | None, batch_size: int, progress: bool) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with TOKENIZER_LOCK:
            vecs = self._encode_locked(texts, prompt, batch_size, progress)
        return np.ascontiguousarray(vecs, dtype=np.float32)

    def _encode_locked(self, texts: list[str], prompt: str | None, batch_size: int, progress: bool) -> np.ndarray:
        return self.model.encode(
            texts,
            prompt_name=prompt,
            batch_size=batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=progress,
        )


def engine_recipe(model: str) -> str:
    """What besides the name decides a model's vectors: the int8 recipe for an ``@onnx-int8`` name, else ""."""
    from index.onnx_encoder import SUFFIX, int8_recipe

    return int8_recipe() if model.endswith(SUFFIX) else ""


def embedded_by_another_engine(manifest: dict) -> bool:
    """Whether an index's vectors were made by another recipe of its model's engine (an older Kabar's), so that
    the next build embeds them again."""
    model = manifest.get("model")
    return model is not None and manifest.get("engine", "") != engine_recipe(model)


def get_encoder(name: str = DEFAULT_MODEL, backend: str = "torch") -> Encoder:
    """The process-wide encoder for ``name``: loaded once, shared by indexing, search and the UI.
    A name ending in ``@onnx-int8`` selects the int8 ONNX Runtime engine (index/onnx_encoder.py)."""
    with _LOCK:
        key = (name, backend)
        if key not in _LOADED:
            from index.onnx_encoder import SUFFIX, OnnxEncoder

            if name.endswith(SUFFIX):
                base = name[: -len(SUFFIX)]
                _LOADED[key] = OnnxEncoder(name, Path(resolve_model(base)))
            else:
                _LOADED[key] = SentenceTransformerEncoder(name, backend=backend)
        return _LOADED[key]


def _set_threads() -> None:
    import torch

    n = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    if torch.get_num_threads() != n:
        torch.set_num_threads(n)


def _quiet_transformers() -> None:
    """Loading a local folder needs no progress bars or load reports on the user's terminal."""
    try:
        from transformers.utils import logging as hf_logging

        hf_logging.set_verbosity_error()
        hf_logging.disable_progress_bar()
    except ImportError:  # pragma: no cover - transformers always comes with sentence-transformers
        pass

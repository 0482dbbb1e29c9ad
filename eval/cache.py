"""The evaluation's index cache: each benchmark corpus indexed once by Kabar's own pipeline, reused while unchanged."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from eval.datasets import Benchmark, beir_corpus_as_articles
from index import DEFAULT_INDEX_MODEL, build_index
from qa import Settings

# A second eval run over the same cache waits for the first one's build (then finds the index up to date) instead
# of failing on the index's write lock; an hour is longer than any corpus here takes to embed.
CACHE_LOCK_WAIT_S = 3600.0


def prepare_index(bench: Benchmark, cache: Path, model: str | None = None, settings: Settings | None = None,
                  store: str | None = None) -> Path:
    """Index the benchmark's corpus with Kabar's own pipeline; incremental, so a cached index is reused.
    ``store``: "milvus:URI" keeps this index's vectors and BM25 in Milvus (a cached index of its own).
    The model is always named, so a cached index built with another model is embedded again, not reused."""
    settings = settings or Settings()
    model = model or settings.index.model
    tag = "" if model == DEFAULT_INDEX_MODEL else "-" + re.sub(r"[^A-Za-z0-9.-]+", "_", model)
    if store and store != "local":
        tag += "-" + re.sub(r"[^A-Za-z0-9.-]+", "_", store.split(":", 1)[0]) + "-" + \
            hashlib.sha256(store.encode()).hexdigest()[:8]
    cache.mkdir(parents=True, exist_ok=True)
    source = bench.corpus_path
    if source.suffix == ".jsonl":
        digest = hashlib.sha256(source.read_bytes()).hexdigest()[:12]
        source = beir_corpus_as_articles(source, cache / f"{bench.name}-{digest}.articles.jsonl")
        ix = cache / f"{bench.name}-{digest}{tag}.index"
    else:
        ix = cache / f"{bench.name}-{hashlib.sha256(str(source.resolve()).encode()).hexdigest()[:12]}{tag}.index"
    build_index([source], ix, model=model, progress=True, settings=settings.index, store=store,
                rebuild=built_with_another_model(ix, model), lock_wait_s=CACHE_LOCK_WAIT_S)
    return ix


def built_with_another_model(ix: Path, model: str) -> bool:
    """A cached index made with another model is a cache miss: it is embedded again."""
    from index.store import current_manifest

    built = current_manifest(ix).get("model")
    return built is not None and built != model

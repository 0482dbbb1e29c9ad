"""Speed and memory benchmarks behind `kabar bench index|query|memory|load`. Every ratio is measured within
one run (this machine is shared and noisy); absolute times are printed for context only."""

from __future__ import annotations

import json
import os
import random
import resource
import shutil
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent


def synthetic_corpus(folder: Path, n_articles: int, seed: int = 0) -> Path:
    """Indonesian-like news articles assembled from the sample articles' and FacQA's sentences."""
    from index.sentences import split_sentences

    sentences: list[str] = []
    for p in sorted((ROOT / "data" / "articles").glob("*.txt")):
        text = p.read_text(encoding="utf-8")
        sentences += [text[s.start : s.end] for s in split_sentences(text) if len(text[s.start : s.end]) > 40]
    facqa = ROOT.parent / "shared" / "benchmarks" / "facqa" / "corpus.jsonl"
    if facqa.exists():
        sentences += [json.loads(x)["text"] for x in facqa.read_text(encoding="utf-8").splitlines()]
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n_articles):
        body = [rng.choice(sentences) for _ in range(rng.randint(6, 14))]
        paras = ["\n".join(body[j : j + 3]) for j in range(0, len(body), 3)]
        (folder / f"art{i:05d}.txt").write_text(f"Berita sintetis nomor {i}\n" + "\n\n".join(paras), encoding="utf-8")
    return folder


def bench_index(n_articles: int = 300, batch_size: int = 32, model: str | None = None) -> dict:
    from index import DEFAULT_INDEX_MODEL, DEFAULT_MODEL, build_index, get_encoder, load_index
    from index.build import embedding_text

    work = Path(tempfile.mkdtemp(prefix="kabar-bench-"))
    try:
        corpus = synthetic_corpus(work / "articles", n_articles)
        model = model or DEFAULT_INDEX_MODEL
        enc = get_encoder(model)  # loaded once, outside every timing
        enc.encode_passages(["pemanasan"])
        t = time.perf_counter()
        report = build_index([corpus], work / "ix", model=model, batch_size=batch_size)
        kabar_s = time.perf_counter() - t
        ix = load_index(work / "ix")
        texts = [embedding_text(c["title"], c["text"]) for c in ix.chunks]
        t = time.perf_counter()
        if hasattr(enc, "model"):  # sentence-transformers: its own encode is the limit
            enc.model.encode(texts, prompt_name="passage", batch_size=batch_size, normalize_embeddings=True)
        else:  # the int8 engine: its own batch encode
            enc.encode_passages(texts, batch_size=batch_size)
        encode_s = time.perf_counter() - t
        lc_s, lc_chunks = _langchain_pipeline(corpus, batch_size)
        lc_chars = sum(len(c.page_content) for c in lc_chunks)
        kabar_chars = sum(len(x) for x in texts)
        lc_tokens = passage_tokens([c.page_content for c in lc_chunks])
        kabar_tokens = passage_tokens(texts)
        return {
            # The headline: wall time to index the same articles, LangChain seconds / Kabar seconds (above 1:
            # Kabar is faster). Chunk rates flatter Kabar, whose chunks are far shorter than LangChain's 4,000
            # characters, so they are context only.
            "speedup_vs_langchain": round(lc_s / kabar_s, 3),
            "compares": f"Kabar with {model} vs LangChain with {DEFAULT_MODEL} (fp32), batch size {batch_size}",
            "articles": n_articles,
            "chunks": report.chunks,
            "kabar_seconds": round(kabar_s, 2),
            "langchain_seconds": round(lc_s, 2),
            "kabar_chunks_per_s": round(report.chunks / kabar_s, 1),
            "encode_chunks_per_s": round(len(texts) / encode_s, 1),
            "langchain_chunks": len(lc_chunks),
            "langchain_chunks_per_s": round(len(lc_chunks) / lc_s, 1),
            "ratio_vs_encode": round(encode_s / kabar_s, 3),
            "chunk_rate_ratio_vs_langchain": round((report.chunks / kabar_s) / (len(lc_chunks) / lc_s), 3),
            "kabar_chars_per_s": round(kabar_chars / kabar_s),
            "langchain_chars_per_s": round(lc_chars / lc_s),
            "ratio_vs_langchain_chars": round((kabar_chars / kabar_s) / (lc_chars / lc_s), 3),
            # What each side feeds the model: e5-small reads 512 tokens, so a longer LangChain chunk is cut and
            # the rest of its text never reaches a vector; Kabar's chunks all fit.
            "kabar_tokens": sum(min(n, 512) for n in kabar_tokens),
            "langchain_tokens": sum(min(n, 512) for n in lc_tokens),
            "langchain_chunks_cut_at_512_tokens": sum(n > 512 for n in lc_tokens),
            "langchain_tokens_never_embedded": sum(max(n - 512, 0) for n in lc_tokens),
            "model": model,
            "threads": _threads(),
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _langchain_pipeline(corpus: Path, batch_size: int) -> tuple[float, list]:
    """The plain LangChain pipeline on the same articles: seconds, and its chunks (Documents)."""
    from langchain_community.vectorstores import FAISS
    from langchain_core.documents import Document
    from langchain_huggingface import HuggingFaceEmbeddings
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    from index import DEFAULT_MODEL
    from index.embed import resolve_model

    emb = HuggingFaceEmbeddings(model_name=resolve_model(DEFAULT_MODEL), encode_kwargs={"batch_size": batch_size,
                                                                           "normalize_embeddings": True})
    docs = [Document(page_content=p.read_text(encoding="utf-8"), metadata={"source": p.name})
            for p in sorted(corpus.glob("*.txt"))]
    t = time.perf_counter()
    chunks = RecursiveCharacterTextSplitter().split_documents(docs)
    FAISS.from_documents(chunks, emb)
    return time.perf_counter() - t, chunks


def passage_tokens(texts: list[str], model: str | None = None) -> list[int]:
    """Tokens of each passage as ``model`` (default: the base e5-small, whose tokenizer the int8 engine shares)
    sees it (prompt and special tokens included), before truncation."""
    from tokenizers import Tokenizer

    from index import DEFAULT_MODEL
    from index.embed import resolve_model

    tok = Tokenizer.from_file(str(Path(resolve_model(model or DEFAULT_MODEL)) / "tokenizer.json"))
    return [len(e.ids) for e in tok.encode_batch(["passage: " + t for t in texts])]


def _threads() -> int:
    import torch

    return torch.get_num_threads()


def _latencies(fn, queries: np.ndarray) -> tuple[float, float]:
    times = []
    for q in queries:
        t = time.perf_counter()
        fn(q[None, :])
        times.append((time.perf_counter() - t) * 1000)
    return round(float(np.percentile(times, 50)), 2), round(float(np.percentile(times, 95)), 2)


def synthetic_vectors(n: int, dim: int, real: np.ndarray, seed: int = 0) -> np.ndarray:
    """Random mixtures of two real chunk vectors plus a little noise, renormalised: they lie where real
    embeddings lie (uniform noise would make every neighbour equally far) without piling up on copies."""
    rng = np.random.default_rng(seed)
    out = np.empty((n, dim), dtype=np.float32)
    for start in range(0, n, 100_000):
        m = min(100_000, n - start)
        a = real[rng.integers(0, len(real), m)]
        b = real[rng.integers(0, len(real), m)]
        w = rng.uniform(0, 1, (m, 1)).astype(np.float32)
        v = a + w * b + rng.normal(0, 0.02, (m, dim)).astype(np.float32)
        out[start : start + m] = v / np.linalg.norm(v, axis=1, keepdims=True)
    return out


def real_vectors(fallback: np.ndarray) -> np.ndarray:
    """Chunk vectors of every cached eval index (FacQA, IDK-MRC: thousands of real passages) plus the sample."""
    parts = [fallback]
    for gen in (ROOT / ".kabar" / "eval-cache").glob("*.index/gen-*/vectors.npy"):
        v = np.load(gen)
        if v.shape[1] == fallback.shape[1]:
            parts.append(v)
    return np.concatenate(parts)


def bench_query(sizes: list[int], n_queries: int = 200, index_dir: Path | None = None, asks: int | None = None) -> dict:
    """``asks``: how many whole answers to time (default: every sample question twice)."""
    import faiss

    from index.dense import ann_search, build_ann, exact_search
    from index.settings import ANNSettings
    from qa import Assistant

    ix_dir = index_dir or sample_index()
    assistant = Assistant.load(ix_dir)
    questions = [json.loads(x)["question"] for x in (ROOT / "eval" / "sample_questions.jsonl").read_text().splitlines()]
    qvecs = assistant.retriever.encoder.encode_queries(questions)
    real = real_vectors(np.asarray(assistant.index.vectors))
    queries = np.concatenate([qvecs, synthetic_vectors(n_queries, qvecs.shape[1], qvecs, 5)])[:n_queries]
    rows = []
    faiss.omp_set_num_threads(os.cpu_count() or 1)
    for n in sizes:
        vecs = synthetic_vectors(n, real.shape[1], real, seed=n)
        t = time.perf_counter()
        ann = build_ann(vecs)
        build_s = time.perf_counter() - t
        truth = [[i for i, _ in hits] for hits in exact_search(vecs, queries, 10)]
        e50, e95 = _latencies(lambda q, v=vecs: exact_search(v, q, 30), queries)
        row = {"chunks": n, "exact_p50_ms": e50, "exact_p95_ms": e95, "hnsw_build_s": round(build_s, 1),
               "auto": "hnsw" if n >= _threshold() else "exact", "real_base_vectors": len(real)}
        for ef in (64, 128, 256):
            ann.hnsw.efSearch = ef
            got = [[i for i, _ in hits] for hits in ann_search(ann, vecs, queries, 10, ANNSettings().rescore)]
            recall = np.mean([len(set(a) & set(b)) / 10 for a, b in zip(truth, got)])
            a50, a95 = _latencies(lambda q, ix=ann, v=vecs: ann_search(ix, v, q, 30, ANNSettings().rescore), queries)
            row.update({f"hnsw{ef}_p50_ms": a50, f"hnsw{ef}_p95_ms": a95, f"hnsw{ef}_recall@10": round(float(recall), 4)})
        rows.append(row)
        del ann, vecs
    timings = [assistant.ask(q).timings_ms for q in (questions * 2)[:asks]]
    return {
        "search": rows,
        "ask_p50_ms": round(float(np.percentile([a["total"] for a in timings], 50)), 1),
        "ask_p95_ms": round(float(np.percentile([a["total"] for a in timings], 95)), 1),
        "retrieve_p50_ms": round(float(np.percentile([a["retrieve"] for a in timings], 50)), 1),
        "retrieve_p95_ms": round(float(np.percentile([a["retrieve"] for a in timings], 95)), 1),
        "sample_chunks": len(assistant.index),
    }


def _threshold() -> int:
    from index.settings import ANNSettings

    return ANNSettings().exact_below


def sample_index() -> Path:
    """The sample corpus indexed with the default model (embedded again if a cached one was made with another)."""
    from eval.cache import built_with_another_model
    from index import DEFAULT_INDEX_MODEL, build_index

    ix = ROOT / ".kabar" / "bench-sample-index"
    build_index([ROOT / "data" / "articles"], ix, model=DEFAULT_INDEX_MODEL,
                rebuild=built_with_another_model(ix, DEFAULT_INDEX_MODEL))
    return ix


HNSW_LINK_BYTES = 2 * 32 * 4  # M=32: 2M neighbour ids of 4 bytes on level 0 per vector


def bench_memory(sizes: list[int]) -> dict:
    """Peak RSS of a fresh process that loads the sample index and answers, then with synthetic large indexes."""
    import subprocess
    import sys

    ix = sample_index()
    code = (
        "import resource, sys\n"
        "from qa import Assistant\n"
        f"a = Assistant.load({str(ix)!r}); a.ask('When did Xi and Putin talk about Taiwan?')\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    sample_rss = int(out.stdout.strip().splitlines()[-1]) / 1024
    disk = sum(p.stat().st_size for p in ix.rglob("*") if p.is_file())
    from index import load_index

    n_chunks = len(load_index(ix))
    rows = []
    for n in sizes:
        code = (
            "import resource, tempfile, numpy as np\n"
            "from index.dense import exact_search\n"
            f"v = np.random.default_rng(0).standard_normal(({n}, 384), dtype=np.float32)\n"
            "v /= np.linalg.norm(v, axis=1, keepdims=True)\n"
            "path = tempfile.mktemp(suffix='.npy'); np.save(path, v); del v\n"
            "m = np.load(path, mmap_mode='r'); exact_search(m, np.asarray(m[:1]), 30)\n"
            "import os; os.unlink(path)\n"
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
        )
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
        rows.append({"chunks": n, "peak_rss_mb": round(int(out.stdout.strip().splitlines()[-1]) / 1024, 1),
                     "vectors_mb": round(n * 384 * 4 / 2**20, 1),
                     "hnsw_graph_mb_estimate": round(n * HNSW_LINK_BYTES / 2**20, 1)})
    return {"sample_server_peak_rss_mb": round(sample_rss, 1), "sample_chunks": n_chunks,
            "sample_index_bytes": disk, "bytes_per_chunk_on_disk": round(disk / max(n_chunks, 1)),
            "synthetic": rows, "self_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}

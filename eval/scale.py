"""`kabar bench scale`: an index of N chunks built, loaded through ``load_index`` and answered through
``Assistant.ask`` in a fresh process, whose peak memory is the figure.

Texts are real sentences (the sample articles and the benchmark corpora) recombined, three to a chunk and ten
chunks to an article, so BM25 runs over real Indonesian vocabulary; vectors are mixtures of real chunk vectors
(``bench.synthetic_vectors``), as embedding a million chunks on two cores would take hours. Questions are the
sample questions, so the answers exercise the whole path, not their content.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from eval.bench import ROOT, real_vectors, sample_index, synthetic_vectors

CHUNKS_PER_ARTICLE = 10
SENTENCES_PER_CHUNK = 3


def sentence_pool(limit: int = 200_000) -> list[str]:
    from index.sentences import sentence_texts

    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "data" / "articles").glob("*.txt"))]
    for corpus in sorted((ROOT.parent / "shared" / "benchmarks").glob("*/corpus.jsonl")):
        with corpus.open(encoding="utf-8") as fh:
            texts.extend(json.loads(line)["text"] for line in fh)
    pool = [s.strip() for t in texts for s in sentence_texts(t) if len(s.split()) >= 4]
    return pool[:limit]


def synthetic_corpus(n_chunks: int, seed: int = 0) -> tuple[list[dict], list[dict]]:
    """Article and chunk records in the index's own shape (offsets into each article's text)."""
    rng = np.random.default_rng(seed)
    pool = sentence_pool()
    picks = rng.integers(0, len(pool), (n_chunks, SENTENCES_PER_CHUNK))
    articles, chunks = [], []
    for a, first in enumerate(range(0, n_chunks, CHUNKS_PER_ARTICLE)):
        aid, text, parts = f"scale-{a:07d}", "", []
        for row in range(first, min(first + CHUNKS_PER_ARTICLE, n_chunks)):
            start, sentences = len(text), []
            for s in (pool[i] for i in picks[row]):
                sentences.append([len(text), len(text) + len(s)])
                text += s + " "
            parts.append((row - first, start, len(text) - 1, sentences))
        title = pool[int(picks[first, 0])][:80]
        day = 1 + a % 28
        articles.append({"article_id": aid, "title": title, "source": f"outlet-{a % 40:02d}", "path": "",
                         "published": f"2024-{1 + a % 12:02d}-{day:02d}", "published_from": "option",
                         "hash": hashlib.sha256(text.encode()).hexdigest(), "text": text.rstrip(), "dates": [],
                         "chunks": len(parts)})
        chunks.extend({"chunk_id": f"{aid}#{n}", "article_id": aid, "title": title, "text": text[s:e], "start": s,
                       "end": e, "sentences": sents} for n, s, e, sents in parts)
    return articles, chunks


def build_scale_index(n_chunks: int, folder: Path) -> dict:
    from index.build import embedding_text
    from index.settings import IndexSettings
    from index.store import load_index, write_generation
    from index.textsearch import BM25Index

    t0 = time.perf_counter()
    articles, chunks = synthetic_corpus(n_chunks)
    real = real_vectors(np.asarray(load_index(sample_index()).vectors))
    vectors = synthetic_vectors(n_chunks, real.shape[1], real, seed=n_chunks)
    settings = IndexSettings()
    b = settings.bm25
    bm25 = BM25Index(b.k1, b.b, b.language).fit([embedding_text(c["title"], c["text"]) for c in chunks])
    manifest = {"model": settings.model, "dim": int(vectors.shape[1]), **settings.shape(), "articles": len(articles),
                "chunks": len(chunks), "synthetic": "kabar bench scale"}
    del real
    write_generation(folder, manifest, articles, chunks, vectors, bm25)
    return {"build_s": round(time.perf_counter() - t0, 1)}


_PROBE = """
import json, sys, time
import numpy as np

def peak_kb():
    # VmHWM, this process's own high-water mark: ru_maxrss would carry over the builder's memory, which this
    # process inherits at fork and keeps across exec on Linux
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1])

from index import load_index
from index.dense import exact_search
from qa import Assistant
folder, questions = sys.argv[1], json.loads(sys.argv[2])
t = time.perf_counter(); assistant = Assistant.load(folder); load_s = time.perf_counter() - t
ix = assistant.index
qvecs = assistant.retriever.encoder.encode_queries(questions)
# exact neighbours from blocks read into memory one at a time: mapping the whole file would count every vector
# page in this process's peak memory, which measures the server, not this check
path, width = ix.vectors.filename, ix.vectors.shape[1]
truth = [[] for _ in qvecs]
for start in range(0, len(ix.vectors), 65536):
    block = np.fromfile(path, dtype=np.float32, count=min(65536, len(ix.vectors) - start) * width,
                        offset=ix.vectors.offset + start * width * 4).reshape(-1, width)
    for i, hits in enumerate(exact_search(block, qvecs, 10)):
        truth[i] = sorted(truth[i] + [(r + start, s) for r, s in hits], key=lambda h: -h[1])[:10]
recall = [len({r for r, _ in t} & {r for r, _ in ix.search_dense(q[None, :], 10)[0]}) / 10
          for t, q in zip(truth, qvecs)]
retrieve, ask = [], []
for q in questions * 2:
    t = time.perf_counter(); assistant.retriever.retrieve(q); retrieve.append((time.perf_counter() - t) * 1000)
    ask.append(assistant.ask(q).timings_ms["total"])
print(json.dumps({"load_s": round(load_s, 1), "recall@10": round(float(np.mean(recall)), 4),
    "retrieve_p50_ms": round(float(np.percentile(retrieve, 50)), 1),
    "retrieve_p95_ms": round(float(np.percentile(retrieve, 95)), 1),
    "ask_p50_ms": round(float(np.percentile(ask, 50)), 1), "ask_p95_ms": round(float(np.percentile(ask, 95)), 1),
    "peak_rss_mb": round(peak_kb() / 1024, 1)}))
"""


def bench_scale(n_chunks: int, work: Path | None = None, keep: bool = False) -> dict:
    """Build an ``n_chunks`` index under ``work`` (a temporary folder unless given), then load and answer in a
    fresh process; the figures the issue asks for, plus load time and the index's size on disk."""
    folder = Path(work or tempfile.mkdtemp(prefix="kabar-scale-")) / "ix"
    try:
        out = {"chunks": n_chunks, **build_scale_index(n_chunks, folder)}
        questions = [json.loads(x)["question"] for x in (ROOT / "eval" / "sample_questions.jsonl").open()]
        probe = subprocess.run([sys.executable, "-c", _PROBE, str(folder), json.dumps(questions)], cwd=ROOT,
                               capture_output=True, text=True, check=True)
        out.update(json.loads(probe.stdout.strip().splitlines()[-1]))
        out["disk_mb"] = round(sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 2**20, 1)
        return out
    finally:
        if not keep:
            shutil.rmtree(folder.parent if work is None else folder, ignore_errors=True)

"""One copy of the vectors (index.dense) and chunk records read on demand (index.chunktable): pure functions,
no model, checked against plain numpy and plain JSON."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from index.chunktable import ChunkTable, read_chunks, write_chunks
from index.dense import ann_search, build_ann, exact_search
from index.settings import ANNSettings


def unit(rng: np.random.Generator, n: int, dim: int = 16) -> np.ndarray:
    v = rng.standard_normal((n, dim)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


@settings(max_examples=40, deadline=None)
@given(n=st.integers(0, 300), k=st.integers(1, 40), seed=st.integers(0, 2**32 - 1), scoped=st.booleans())
def test_exact_search_is_numpy_argsort(n, k, seed, scoped):
    rng = np.random.default_rng(seed)
    vectors, queries = unit(rng, n), unit(rng, 3)
    rows = np.sort(rng.choice(n, size=n // 2, replace=False)) if scoped and n else None
    got = exact_search(vectors, queries, k, rows)
    ids = np.arange(n) if rows is None else rows
    for q, hits in zip(queries, got):
        scores = vectors[ids] @ q
        best = np.sort(scores)[::-1][:k]
        assert len(hits) == len(best) and len({r for r, _ in hits}) == len(hits)
        assert np.allclose([s for _, s in hits], best, atol=1e-5)  # the k best scores, best first
        assert all(r in set(ids.tolist()) and abs(s - float(vectors[r] @ q)) < 1e-5 for r, s in hits)


def test_exact_search_over_a_memory_mapped_file_matches_in_memory(tmp_path):
    rng = np.random.default_rng()
    vectors = unit(rng, 5000, 32)
    np.save(tmp_path / "v.npy", vectors)
    mapped = np.load(tmp_path / "v.npy", mmap_mode="r")
    q = unit(rng, 4, 32)
    assert exact_search(mapped, q, 10) == exact_search(vectors, q, 10)


def test_hnsw_over_8bit_codes_with_exact_rescoring_finds_the_exact_neighbours():
    rng = np.random.default_rng()
    centres = unit(rng, 50, 32)
    vectors = centres[rng.integers(0, 50, 20_000)] + 0.15 * unit(rng, 20_000, 32)
    vectors = (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)
    queries = vectors[rng.integers(0, 20_000, 50)] + 0.1 * unit(rng, 50, 32)  # near the data, as questions are
    ann = build_ann(vectors, ANNSettings())
    truth, got = exact_search(vectors, queries, 10), ann_search(ann, vectors, queries, 10)
    recall = np.mean([len({r for r, _ in a} & {r for r, _ in b}) / 10 for a, b in zip(truth, got)])
    assert recall >= 0.95
    for hits in got:  # scores are the float32 inner products, in order
        assert [s for _, s in hits] == sorted((s for _, s in hits), reverse=True)


def chunk(aid: str, n: int) -> dict:
    return {"chunk_id": f"{aid}#{n}", "article_id": aid, "title": "Judul «ü»", "text": f"Kalimat {n} ✓ \"kutip\"\n",
            "start": n, "end": n + 5, "sentences": [[n, n + 5]]}


def test_chunk_table_reads_back_what_was_written(tmp_path):
    articles = ["b", "a", "c"]
    chunks = [chunk("b", 0), chunk("b", 1), chunk("a", 0), chunk("c", 0), chunk("c", 1), chunk("c", 2)]
    write_chunks(tmp_path / "chunks.jsonl", chunks, articles)
    table = read_chunks(tmp_path, articles)
    assert isinstance(table, ChunkTable) and len(table) == 6
    assert list(table) == chunks and table[-1] == chunks[-1] and table[1:3] == chunks[1:3]
    assert table.rows_by_article() == {"b": [0, 1], "a": [2], "c": [3, 4, 5]}
    assert [json.loads(line) for line in (tmp_path / "chunks.jsonl").open()] == chunks  # still plain JSONL
    with pytest.raises(IndexError):
        table[6]


def test_a_chunk_file_that_disagrees_with_its_offsets_is_refused(tmp_path):
    write_chunks(tmp_path / "chunks.jsonl", [chunk("a", 0)], ["a"])
    with open(tmp_path / "chunks.jsonl", "a") as fh:
        fh.write("{}\n")
    with pytest.raises(ValueError, match="offsets"):
        ChunkTable(tmp_path, ["a"])


def test_a_generation_without_offsets_still_loads_its_chunks(tmp_path):
    (tmp_path / "chunks.jsonl").write_text(json.dumps(chunk("a", 0)) + "\n", encoding="utf-8")
    assert read_chunks(tmp_path, ["a"]) == [chunk("a", 0)]


def test_bm25_search_ranks_like_bm25s_retrieve():
    """Kabar's top-k over bm25s's scores against bm25s's own retrieve (the reference): the same documents with the
    same scores, in the same order wherever the scores differ."""

    from index.textsearch import BM25Index

    rng = np.random.default_rng()
    words = "presiden xi jinping putin rusia china taiwan ukraina perang dagang energi gas beijing moskwa".split()
    texts = [" ".join(rng.choice(words, rng.integers(3, 25))) for _ in range(400)]
    ours = BM25Index().fit(texts)
    for query in ["putin taiwan", "perang dagang china rusia", "energi gas gas", "xi"]:
        got = ours.search([query], 20)[0]
        tokens = [t for t in ours.tokenize([query])[0] if t in ours.model.vocab_dict]
        ids, scores = ours.model.retrieve([tokens], k=20, show_progress=False, n_threads=1)
        want = [(int(i), float(s)) for i, s in zip(ids[0], scores[0]) if s > 0]
        assert sorted(round(s, 5) for _, s in got) == sorted(round(s, 5) for _, s in want)
        assert [s for _, s in got] == sorted((s for _, s in got), reverse=True)
        assert {i for i, s in got if s > want[-1][1] + 1e-6} == {i for i, s in want if s > want[-1][1] + 1e-6}
    assert ours.search(["tidak ada kata yang dikenal"], 5) == [[]]

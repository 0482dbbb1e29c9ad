"""Milvus (through Milvus Lite, the real engine in process) as the second store, and Ray Data embedding.

The local store (FAISS + BM25 in the folder) is the reference: the same corpus in Milvus must give the same
answers, update incrementally by article hash, and survive a crash at any step of an update.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from index import IndexStoreError, build_index, load_index, remove_articles
from tests.conftest import ROOT, SAMPLE

QUESTIONS = [json.loads(line)["question"] for line in (ROOT / "eval" / "sample_questions.jsonl").open()]


def milvus(tmp_path) -> str:
    return f"milvus:{tmp_path / 'milvus.db'}"


def rows_in_milvus(ix) -> int:
    return sum(ix.remote.present().values())


def test_the_same_corpus_in_milvus_answers_like_the_local_store(sample_index, tmp_path):
    from qa import Assistant

    build_index([SAMPLE], tmp_path / "ix", store=milvus(tmp_path))
    remote, local = Assistant.load(tmp_path / "ix"), Assistant.load(sample_index)
    assert remote.index.remote is not None and local.index.remote is None
    assert not (remote.index.root / "vectors.npy").exists()  # one copy of the vectors: Milvus's
    from ui.handlers import corpus_summary

    assert f"store `{milvus(tmp_path)}`" in corpus_summary(remote)  # the web chat says where the index lives
    for q in QUESTIONS[::3]:
        a, b = remote.ask(q), local.ask(q)
        assert (a.text, a.abstained) == (b.text, b.abstained), q
        assert [(c.source, c.chunk_id) for c in a.citations] == [(c.source, c.chunk_id) for c in b.citations]


def test_bm25_in_milvus_ranks_the_stemmed_terms_like_bm25s(sample_index, tmp_path):
    build_index([SAMPLE], tmp_path / "ix", store=milvus(tmp_path))
    remote, local = load_index(tmp_path / "ix"), load_index(sample_index)
    overlaps = []
    for q in QUESTIONS:
        a = [local.chunks[r]["chunk_id"] for r, _ in remote.search_bm25([q], 10)[0]]
        hits = local.search_bm25([q], 10)[0]
        b = [local.chunks[r]["chunk_id"] for r, _ in hits]
        if b:
            overlaps.append(len(set(a) & set(b)) / len(b))
            best = {local.chunks[r]["chunk_id"] for r, s in hits if s >= hits[0][1] - 1e-6}  # ties in any order
            assert a[0] in best, q
    assert np.mean(overlaps) >= 0.95


def test_milvus_updates_by_article_hash(sample_copy, tmp_path):
    ix, store = tmp_path / "ix", milvus(tmp_path)
    first = build_index([sample_copy], ix, store=store)
    assert first.embedded == first.chunks and rows_in_milvus(load_index(ix)) == first.chunks
    again = build_index([sample_copy], ix)  # the manifest remembers the store
    assert (again.embedded, again.changed) == (0, False)
    one = sorted(sample_copy.glob("*.txt"))[0]
    one.write_text(one.read_text(encoding="utf-8") + "\n\nKalimat tambahan tentang kunjungan kenegaraan.\n",
                   encoding="utf-8")
    changed = build_index([sample_copy], ix)
    loaded = load_index(ix)
    assert 0 < changed.embedded == len(loaded.rows_of(one.name)) < first.chunks
    assert rows_in_milvus(loaded) == len(loaded.chunks)  # the old version's rows are gone
    gone = sorted(sample_copy.glob("*.txt"))[1].name
    remove_articles(ix, [gone])
    loaded = load_index(ix)
    assert gone not in loaded.articles and rows_in_milvus(loaded) == len(loaded.chunks)
    assert all(loaded.chunks[r]["article_id"] != gone for r, _ in loaded.search_bm25(["Xi Putin"], 50)[0])


def test_a_crash_between_milvus_and_the_catalog_loses_nothing(sample_copy, tmp_path, monkeypatch):
    import index.build

    ix, store = tmp_path / "ix", milvus(tmp_path)
    build_index([sample_copy], ix, store=store)
    before = load_index(ix)
    question = "Kapan Xi menelepon Putin?"
    hits_before = [before.chunks[r]["chunk_id"] for r, _ in before.search_dense(_query(question), 5)[0]]
    one = sorted(sample_copy.glob("*.txt"))[0]
    one.write_text("Sebuah artikel yang sama sekali baru tentang pertemuan para menteri.\n", encoding="utf-8")

    def crash(*_a, **_k):
        raise OSError("disk full")

    monkeypatch.setattr(index.build, "write_generation", crash)
    with pytest.raises(OSError):
        build_index([sample_copy], ix)
    monkeypatch.undo()
    live = load_index(ix)  # still the old catalog; Milvus holds the new article's rows beside the old ones
    assert rows_in_milvus(live) > len(live.chunks)
    assert [live.chunks[r]["chunk_id"] for r, _ in live.search_dense(_query(question), 5)[0]] == hits_before
    repaired = build_index([sample_copy], ix)
    assert repaired.embedded == 0  # the rows written before the crash are used, not embedded again
    after = load_index(ix)
    assert rows_in_milvus(after) == len(after.chunks)


def test_a_crash_halfway_through_the_rows_is_completed_by_the_next_run(sample_copy, tmp_path, monkeypatch):
    from index.milvus import MilvusStore

    ix, store = tmp_path / "ix", milvus(tmp_path)
    real = MilvusStore.upsert

    cut = []

    def half(self, rows):
        # about halfway, inside an article (between two of its rows), whatever the chunker makes of the sample
        cut.append(next(k for k in range(len(rows) // 2, len(rows)) if rows[k]["article_id"] == rows[k - 1]["article_id"]))
        real(self, rows[: cut[0]])
        raise ConnectionError("Milvus went away")

    monkeypatch.setattr(MilvusStore, "upsert", half)
    with pytest.raises(ConnectionError):
        build_index([sample_copy], ix, store=store)
    monkeypatch.undo()
    report = build_index([sample_copy], ix, store=store)
    loaded = load_index(ix)
    written = {c["chunk_id"] for c in loaded.chunks[: cut[0]]}
    whole = [a for a in loaded.articles if {loaded.chunks[r]["chunk_id"] for r in loaded.rows_of(a)} <= written]
    partial = cut[0] - sum(len(loaded.rows_of(a)) for a in whole)
    assert partial > 0  # one article was cut in the middle: its rows are written again, with the rest
    assert report.embedded == len(loaded.chunks) - sum(len(loaded.rows_of(a)) for a in whole)
    assert rows_in_milvus(loaded) == len(loaded.chunks)


def test_moving_an_index_to_another_store_needs_a_rebuild(sample_copy, tmp_path):
    ix = tmp_path / "ix"
    build_index([sample_copy], ix)
    with pytest.raises(IndexStoreError, match="--rebuild"):
        build_index([sample_copy], ix, store=milvus(tmp_path))
    with pytest.raises(IndexStoreError, match="milvus:URI"):
        build_index([sample_copy], ix, store="elastic:foo")
    build_index([sample_copy], ix, store=milvus(tmp_path), rebuild=True)
    assert load_index(ix).manifest["store"] == milvus(tmp_path)


def test_a_scoped_question_in_milvus_stays_in_scope(tmp_path):
    from qa import Assistant

    build_index([SAMPLE], tmp_path / "ix", store=milvus(tmp_path))
    a = Assistant.load(tmp_path / "ix")
    source = sorted({rec["source"] for rec in a.index.articles.values()})[0]
    ans = a.ask("Apa yang dibahas Xi dan Putin?", sources=[source])
    assert ans.citations and all(a.index.articles[c.source]["source"] == source for c in ans.citations)


def test_ray_data_writes_the_same_index_as_the_serial_path(sample_index, tmp_path):
    """Two local Ray workers embed the sample; chunks equal and vectors equal within float tolerance."""
    report = build_index([SAMPLE], tmp_path / "ix", ray=True)
    assert report.embedded == report.chunks > 0
    ray_ix, serial = load_index(tmp_path / "ix"), load_index(sample_index)
    assert [c["chunk_id"] for c in ray_ix.chunks] == [c["chunk_id"] for c in serial.chunks]
    assert np.allclose(np.asarray(ray_ix.vectors), np.asarray(serial.vectors), atol=1e-4)


def _query(text: str) -> np.ndarray:
    from index import DEFAULT_INDEX_MODEL, get_encoder

    return get_encoder(DEFAULT_INDEX_MODEL).encode_queries([text])


def test_a_milvus_lite_file_held_by_another_process_is_a_clear_error(tmp_path):
    import subprocess
    import sys

    build_index([SAMPLE], tmp_path / "ix", store=milvus(tmp_path))
    holder = subprocess.Popen(
        [sys.executable, "-c", f"from index import load_index; load_index({str(tmp_path / 'ix')!r}); "
                               "print('open', flush=True); import time; time.sleep(60)"],
        cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        from milvus_lite.server_manager import server_manager_instance

        server_manager_instance.release_all()  # this process lets go of the file, as a second process would lack it
        assert holder.stdout.readline().strip() == "open"
        with pytest.raises(IndexStoreError, match="one process at a time"):
            load_index(tmp_path / "ix")
    finally:
        holder.kill()
        holder.wait()


def test_the_eval_suite_runs_on_milvus_and_reports_its_agreement(tmp_path):
    from eval.datasets import load_question_file
    from eval.runner import run_benchmark

    bench = load_question_file(ROOT / "eval" / "sample_questions.jsonl", SAMPLE)
    result = run_benchmark(bench, ["kabar"], cache=tmp_path / "cache", answers=False, store=milvus(tmp_path))
    assert result["store"] == milvus(tmp_path)
    overlap = result["store_overlap"]
    assert overlap["questions"] == sum(q.answerable for q in bench.questions) and overlap["top10_overlap"] >= 0.95
    assert result["systems"]["kabar"]["ndcg@10"] > 0.8


def test_a_local_ray_that_misses_its_start_window_is_cleaned_up_and_started_again(monkeypatch):
    """The first start fails the way Ray's does when its raylet never registers, leaving a process behind; the
    second is the real Ray. The leftover is killed and Ray runs."""
    import subprocess
    import sys

    import ray

    from index.distributed import start_local_ray

    real_init, leftovers = ray.init, []

    def init_that_times_out_once(**kwargs):
        if not leftovers:
            leftovers.append(subprocess.Popen([sys.executable, "-c", "import time; time.sleep(300)"]))
            raise Exception("The current node timed out during startup.")
        return real_init(**kwargs)

    monkeypatch.setattr(ray, "init", init_that_times_out_once)
    try:
        start_local_ray(1)
        assert ray.is_initialized() and ray.cluster_resources().get("CPU") == 1
    finally:
        ray.shutdown()
    assert leftovers[0].wait(timeout=10) == -9  # killed by the retry, not left running until the driver exits


def test_a_local_ray_that_never_starts_says_so(monkeypatch):
    import ray

    from index.distributed import start_local_ray

    def init_that_always_times_out(**_kwargs):
        raise Exception("The current node timed out during startup.")

    monkeypatch.setattr(ray, "init", init_that_always_times_out)
    with pytest.raises(RuntimeError, match="did not start in 2 attempts: The current node timed out"):
        start_local_ray(1, attempts=2)

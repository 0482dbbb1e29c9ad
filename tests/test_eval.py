"""Metric code against reference values, and a smoke run of `kabar eval` on real data."""

from __future__ import annotations

import json
import math
import subprocess
import sys

import pytest

from eval.metrics import abstention_scores, answer_correct, ranking_metrics, token_f1
from tests.conftest import ROOT, SHARED


def _ndcg10(rels: list[int], n_relevant: int) -> float:
    dcg = sum(r / math.log2(i + 2) for i, r in enumerate(rels[:10]))
    ideal = sum(1 / math.log2(i + 2) for i in range(min(n_relevant, 10)))
    return dcg / ideal


@pytest.mark.slow  # no model, but numba compiles ranx's metrics on first use: ~40 s on a fresh install
def test_ranking_metrics_match_the_textbook_formulas():
    qrels = {"q1": {"a": 1}, "q2": {"b": 1, "c": 1}, "q3": {"z": 1}}
    run = {"q1": ["x", "a", "y"], "q2": ["c", "x", "b"], "q3": ["x", "y"]}
    m = ranking_metrics(qrels, run)
    assert m["recall@1"] == pytest.approx((0 + 0.5 + 0) / 3, abs=1e-4)
    assert m["recall@5"] == pytest.approx((1 + 1 + 0) / 3, abs=1e-4)
    assert m["mrr@10"] == pytest.approx((0.5 + 1 + 0) / 3, abs=1e-4)
    expected = (_ndcg10([0, 1, 0], 1) + _ndcg10([1, 0, 1], 2) + 0) / 3
    assert m["ndcg@10"] == pytest.approx(expected, abs=1e-4)
    # A question missing from the run counts as zero, as in BEIR.
    assert ranking_metrics(qrels, {"q1": ["a"]})["recall@1"] == pytest.approx(1 / 3, abs=1e-4)


@pytest.mark.slow  # ranx compiles its metrics with numba on first use (6 s warm, more in a cold clone)
def test_retrieval_is_scored_per_question_language_only_when_there_are_several():
    from eval.metrics import ranking_by_language

    qrels = {"a": {"d1": 1}, "a@en": {"d1": 1}, "b": {"d2": 1}, "b@en": {"d2": 1}}
    run = {"a": ["d1"], "a@en": ["d2", "d1"], "b": ["d2"], "b@en": ["d3"]}
    by = ranking_by_language(qrels, run, {"a": "id", "b": "id", "a@en": "en", "b@en": "en"})["retrieval_by_language"]
    assert by["id"]["recall@1"] == 1.0 and by["en"]["recall@1"] == 0.0 and by["en"]["mrr@10"] == 0.25
    assert ranking_by_language(qrels, run, dict.fromkeys(qrels, "id")) == {}


def test_the_report_shows_retrieval_per_question_language():
    from eval.report import markdown_table

    by = {"en": {"recall@1": 0.25, "mrr@10": 0.5}, "id": {"recall@1": 0.75, "mrr@10": 0.875}}
    table = markdown_table({"benchmark": "pairs", "split": "valid", "default": "kabar", "systems": {
        "kabar": {"recall@1": 0.5, "mrr@10": 0.6875, "retrieval_by_language": by}, "bm25": {"recall@1": 0.4}}})
    rows = {line.split(" | ")[0]: line for line in table.splitlines() if line.startswith("| ")}
    assert "0.250" in rows["| kabar, en"] and "0.875" in rows["| kabar, id"]
    assert "| bm25, en" not in rows and "0.500" in rows["| **kabar** (default)"]


def test_answer_scores():
    assert answer_correct("Rabu 15 Juni 2022 [1]. Keduanya ... Rabu (15/6/2022). [1]", ["15/6/2022"])
    assert not answer_correct("Tuesday [1]", ["21 January"])
    assert token_f1("the Panthera tigris", "Panthera tigris sumatrensis") == pytest.approx(2 / 3 * 2 * 2 / 3 / (4 / 3))
    assert abstention_scores([(True, True), (True, False), (False, True), (False, False)]) == (0.5, 0.5)


@pytest.mark.slow  # a subprocess with the real model
def test_eval_smoke_on_sample_questions(tmp_path):
    out = subprocess.run([sys.executable, "-m", "ui", "eval", "--questions", str(ROOT / "eval" / "sample_questions.jsonl"),
                          "--articles", str(ROOT / "data" / "articles"), "--systems", "bm25,dense,kabar,langchain",
                          "--json", "--out", str(tmp_path / "res"), "--cache", str(tmp_path / "cache")],
                         capture_output=True, text=True, check=True, cwd=ROOT)
    res = json.loads(out.stdout)
    assert res["default"] == "kabar" and set(res["systems"]) == {"bm25", "dense", "kabar", "langchain"}
    assert res["systems"]["langchain"]["ndcg@10"] > 0.5  # the baseline loads the base model under the int8 index
    k = res["systems"]["kabar"]
    assert k["recall@1"] >= 0.6 and k["ndcg@10"] > 0.8  # 5 articles: recall@10 would be 1.0 whatever the ranking
    assert k["answer_accuracy"] > 0.5 and k["abstention_recall"] >= 0.5
    assert k["answer_f1"] < k["answer_accuracy"] or k["answer_em"] < 1.0  # strict scores beside the lenient one
    assert set(k["by_language"]) == {"en", "id"} and k["answer_words"] > 0
    # retrieval per question language too (the sample asks in both), each over its own questions only
    by = k["retrieval_by_language"]
    assert set(by) == {"en", "id"} and all(0 < m["mrr@10"] <= 1 for m in by.values())
    assert min(m["recall@1"] for m in by.values()) <= k["recall@1"] <= max(m["recall@1"] for m in by.values())
    assert "| kabar, en |" in (tmp_path / "res" / "sample_questions-all.md").read_text(encoding="utf-8")
    assert res["systems"]["bm25"]["answer_accuracy"] is None
    assert (tmp_path / "res" / "sample_questions-all.png").stat().st_size > 1000
    # the two baselines the reader is measured against, refusing where Kabar refuses: longer answers
    base = k["answer_baselines"]
    assert base["whole_sentence"]["answer_words"] > k["answer_words"]
    assert base["first_sentence"]["refused_answerable"] == k["refused_answerable"]
    assert 0 < k["gold_cited"] <= 1 and set(base["first_sentence"]["by_language"]) == {"en", "id"}


@pytest.mark.slow  # a subprocess with the real model
def test_eval_smoke_on_beir_subset(tmp_path):
    folder = SHARED / "benchmarks" / "facqa"
    if not folder.exists():
        pytest.skip("../shared/benchmarks not present")
    # A small BEIR folder made from the real one: the first 40 questions and their gold passages plus 60 others.
    small = tmp_path / "facqa-small"
    (small / "qrels").mkdir(parents=True)
    qrels = [line.split("\t") for line in (folder / "qrels" / "valid.tsv").read_text().splitlines()[1:41]]
    gold = {row[1] for row in qrels}
    corpus = [json.loads(x) for x in (folder / "corpus.jsonl").read_text(encoding="utf-8").splitlines()]
    keep = [c for c in corpus if c["_id"] in gold] + [c for c in corpus if c["_id"] not in gold][:60]
    (small / "corpus.jsonl").write_text("\n".join(json.dumps(c) for c in keep), encoding="utf-8")
    qids = {row[0] for row in qrels}
    queries = [x for x in (folder / "queries.valid.jsonl").read_text(encoding="utf-8").splitlines()
               if json.loads(x)["_id"] in qids]
    (small / "queries.valid.jsonl").write_text("\n".join(queries), encoding="utf-8")
    (small / "qrels" / "valid.tsv").write_text("query-id\tcorpus-id\tscore\n" + "\n".join("\t".join(r) for r in qrels))
    out = subprocess.run([sys.executable, "-m", "ui", "eval", "--beir", str(small), "--split", "valid", "--json",
                          "--no-answers", "--systems", "bm25,kabar", "--out", str(tmp_path / "res"),
                          "--cache", str(tmp_path / "cache")], capture_output=True, text=True, check=True, cwd=ROOT)
    res = json.loads(out.stdout)
    assert res["benchmark"] == "facqa-small" and res["split"] == "valid"
    assert res["systems"]["kabar"]["recall@10"] > 0.8


def test_bench_dates_counts_the_mentions_of_every_article():
    from eval.bench_dates import bench_dates

    small, large = bench_dates(10), bench_dates(20)
    assert small["articles"] == 10 and large["mentions"] == 2 * small["mentions"] > 0
    assert [s["mentions"] for s in large["selections"]] == [2 * s["mentions"] for s in small["selections"]]
    assert large["selections"][0]["mentions"] > 0  # the sample's "Rabu (15/6/2022)" lies inside 15 June 2022


@pytest.mark.slow  # a subprocess with the real model
def test_bench_query_smoke():
    from eval.bench import bench_query

    res = bench_query([2000], n_queries=30, asks=3)
    row = res["search"][0]
    assert row["chunks"] == 2000 and row["hnsw128_recall@10"] >= 0.9 and row["exact_p50_ms"] > 0
    assert res["ask_p50_ms"] > 0


def test_strict_scores_take_the_short_answer_and_lenient_the_whole_text():
    from eval.runner import answer_row
    from qa.records import Answer

    led = Answer("q", "AUKUS dan Quad [1]. Xi dan Putin mengkritik AUKUS dan Quad di Beijing. [1]", [], False,
                 short_answer="AUKUS dan Quad")
    row = answer_row(led, ["AUKUS dan Quad"], "id")
    assert (row["f1"], row["em"], row["words"], row["short"], row["contains"]) == (1.0, True, 3, True, True)
    plain = Answer("q", "Xi dan Putin mengkritik AUKUS dan Quad di Beijing. [1]", [], False)
    row = answer_row(plain, ["AUKUS dan Quad"], "id")
    assert row["f1"] < 0.7 and not row["em"] and row["words"] == 9 and not row["short"] and row["contains"]


def _jsonl(path, rows):
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")


def test_out_of_corpus_and_translated_pairs(tmp_path):
    from eval.datasets import Benchmark, Question, out_of_corpus, with_translations

    news = Benchmark("news", "valid", [Question("q1", "Siapa?", {"d1": 1}, ["A"]), Question("u1", "Apa?", {}, [],
                                                                                            answerable=False)],
                     tmp_path / "news.jsonl")
    wiki = Benchmark("wiki", "valid", [], tmp_path / "wiki.jsonl")
    ooc = out_of_corpus(news, wiki)
    assert ooc.name == "news-against-wiki" and ooc.corpus_path == wiki.corpus_path
    assert [(q.qid, q.answerable, q.relevant) for q in ooc.questions] == [("q1", False, {})]
    _jsonl(tmp_path / "en.jsonl", [{"_id": "q1", "text": "Who?"}])
    pairs = with_translations(news, tmp_path / "en.jsonl")
    assert [(q.qid, q.text, q.relevant, q.answers) for q in pairs.questions] == [
        ("q1", "Siapa?", {"d1": 1}, ["A"]), ("q1@tr", "Who?", {"d1": 1}, ["A"])]


def test_training_out_of_corpus_sets_keep_each_kind_of_question_off_its_own_corpus(tmp_path):
    from eval.datasets import TRAINING_FILES, load_training_out_of_corpus

    for k, name in enumerate(TRAINING_FILES):
        _jsonl(tmp_path / name, [{"id": f"{k}-{i}", "question": f"q{k} {i}?", "context": f"ctx {k} {i % 3}",
                                  "answers": [], "answerable": i % 4 != 0} for i in range(12)])
    _jsonl(tmp_path / "en.jsonl", [{"_id": "0-1", "text": "news question in English?"},
                                   {"_id": "2-2", "text": "wiki question in English?"}])
    news, wiki = load_training_out_of_corpus(tmp_path, tmp_path / "out", per_file=5, contexts=100,
                                             translations=tmp_path / "en.jsonl")
    assert [q.text for q in news.questions if q.qid.endswith("@tr")] == ["news question in English?"]
    assert [q.text for q in wiki.questions if q.qid.endswith("@tr")] == ["wiki question in English?"]
    for bench, asked in ((news, {"0"}), (wiki, {"1", "2", "3"})):
        corpus = [json.loads(x)["text"] for x in bench.corpus_path.read_text(encoding="utf-8").splitlines()]
        assert corpus and not any(c.split()[1] in asked for c in corpus)
        assert {q.qid.split("-")[1] for q in bench.questions} == asked
        assert all(q.qid.startswith("ooc-") and not q.answerable for q in bench.questions)


def test_a_translated_training_question_is_asked_with_its_context_in_the_corpus(tmp_path):
    from eval.datasets import TRAINING_FILES, load_training

    for k, name in enumerate(TRAINING_FILES):
        _jsonl(tmp_path / name, [{"id": f"{k}-{i}", "question": f"q{k} {i}?", "context": f"ctx {k} {i}",
                                  "answers": [{"text": "ctx", "start": 0}], "answerable": True} for i in range(40)])
    _jsonl(tmp_path / "en.jsonl", [{"_id": "0-7", "text": "Seven in English?"}])
    bench = load_training(tmp_path, tmp_path / "out", per_file=2, distractors=3, translations=tmp_path / "en.jsonl")
    tr = [q for q in bench.questions if q.qid == "0-7@tr"]
    assert len(tr) == 1 and tr[0].text == "Seven in English?" and tr[0].answers == ["ctx"]
    corpus = {json.loads(x)["_id"]: json.loads(x)["text"] for x in bench.corpus_path.read_text().splitlines()}
    assert corpus[next(iter(tr[0].relevant))] == "ctx 0 7"


def test_the_probes_larger_corpus_keeps_the_questions_and_adds_only_wikipedia_contexts(tmp_path):
    from eval.datasets import TRAINING_FILES, load_training_out_of_corpus
    from eval.probe_abstention import enlarged_corpus

    for k, name in enumerate(TRAINING_FILES):  # file 0 is news, the rest Wikipedia
        _jsonl(tmp_path / name, [{"id": f"{k}-{i}", "question": f"q{k} {i}?", "context": f"ctx {k} {i}",
                                  "answers": [], "answerable": True} for i in range(30)])
    news, _ = load_training_out_of_corpus(tmp_path, tmp_path / "out", per_file=5, contexts=20)
    larger = enlarged_corpus(news, tmp_path, tmp_path / "out", contexts=50, seed=13)

    def texts(bench) -> list[str]:
        return [json.loads(x)["text"] for x in bench.corpus_path.read_text(encoding="utf-8").splitlines()]

    assert larger.questions == news.questions
    assert len(texts(larger)) == 50 and set(texts(news)) < set(texts(larger))
    assert not any(t.startswith("ctx 0 ") for t in texts(larger))


def test_the_probes_gate_limit_is_the_highest_that_keeps_answerable_refusals_within_the_cap():
    import numpy as np

    from eval.probe_abstention import below, highest_within

    rows = [{"kind": "answerable", "by_score": [m]} for m in (-5.0, 1.0, 2.0, 3.0)] + \
           [{"kind": "unanswerable", "by_score": [m]} for m in (-4.0, -1.0, 0.5, 4.0)]
    found = highest_within(rows, lambda m: below(rows, "by_score", 1, m), [-3.0, -0.5, 0.75, 1.5, 2.5],
                           {"answerable": 0.25})
    assert found["at"] == 0.75  # at 1.5 the answerable 1.0 would be refused too: 2 of 4
    assert found["refused"] == {"answerable": 0.25, "unanswerable": 0.75}
    assert np.array_equal(below(rows, "by_score", 1, 0.0), [True, False, False, False, True, True, False, False])


def test_the_probes_shipped_gates_refuse_a_when_question_by_its_own_margin(monkeypatch):
    from dataclasses import replace

    import eval.probe_abstention as probe
    from eval.probe_abstention import best_margin, two_gates
    from qa.settings import AnswerSettings

    def row(by_score=None, when=None, support=0.9):
        return {"kind": "answerable", "support": support, "by_score": by_score, "when_by_score": when}

    W = -3.5  # a "when" gate as a user may set it (off as shipped: qa.settings.WHEN_ABSTAIN_MARGIN)
    rows = [row([-3.5, -4.0]), row([-2.0, -5.0]), row(when=[W - 0.1, W - 1.0]), row(when=[W + 0.1, W - 1.0]), row(),
            row(support=0.01)]
    # as shipped, no "when" gate: only the span gate and the evidence score refuse
    assert two_gates(rows, threshold=0.19, margin=-3.0).tolist() == [True, False, False, False, False, True]
    monkeypatch.setattr(probe, "AnswerSettings", lambda: replace(AnswerSettings(), when_abstain_margin=W))
    assert two_gates(rows, threshold=0.19, margin=-3.0).tolist() == [True, False, True, False, False, True]
    assert [best_margin(r) for r in rows[1:5]] == [-2.0, W - 0.1, W + 0.1, None]


def test_a_second_eval_over_the_same_cache_waits_for_the_first_ones_build(tmp_path, encoder):
    """Two eval runs over one cache: the second waits on the index's write lock, then reuses the index."""
    import threading
    import time

    from eval.cache import prepare_index
    from eval.datasets import Benchmark
    from index.writelock import writer_lock
    from tests.conftest import write_articles

    articles = write_articles(tmp_path / "articles", {"a.txt": "Presiden bertemu menteri di Jakarta pada Senin."})
    bench = Benchmark("tiny", "valid", [], articles)
    ix = prepare_index(bench, tmp_path / "cache")
    held = threading.Event()

    def first_run_building() -> None:
        with writer_lock(ix):
            held.set()
            time.sleep(1.5)

    other = threading.Thread(target=first_run_building)
    other.start()
    held.wait()
    assert prepare_index(bench, tmp_path / "cache") == ix
    assert not other.is_alive()  # it returned only once the lock was given back
    other.join()


def test_the_llm_refusal_probe_compares_with_a_threshold_that_refuses_as_many_answerable_questions():
    from eval.probe_llm_refusals import refused_at_matched_cost, summary

    def row(answerable: bool, support: float, llm_refused: bool = False, right: bool = False) -> dict:
        return {"answerable": answerable, "support": support, "llm_refused": llm_refused, "llm_fell_back": False,
                "extractive_right": right, "llm_right": False}

    rows = [row(True, 0.3, llm_refused=True, right=True), row(True, 0.5), row(True, 0.9, llm_refused=True),
            row(False, 0.2), row(False, 0.45, llm_refused=True), row(False, 0.6), row(False, 0.95)]
    # two answerable refused by the LLM -> a threshold at the second-lowest answerable support (0.5) refuses 0.2, 0.45
    assert refused_at_matched_cost(rows) == 0.5
    assert refused_at_matched_cost([r | {"llm_refused": False} for r in rows]) == 0.0
    got = summary(rows)
    assert got["llm_refused_answerable"] == round(2 / 3, 4) and got["llm_refused_unanswerable"] == 0.25
    assert got["extractive_right_where_llm_refused"] == 0.5

"""Run question sets through Kabar's retriever and answerer (and baselines) and score them."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from eval.cache import prepare_index
from eval.datasets import Benchmark
from eval.metrics import (
    abstention_scores,
    answer_correct,
    normalise_answer,
    percentile,
    ranking_by_language,
    ranking_metrics,
    token_f1,
)
from eval.stores import store_overlap
from index import DEFAULT_INDEX_MODEL
from qa import Assistant, RetrievalSettings, Settings
from qa.config import changed_settings
from qa.lang import detect_language

DEFAULT_SYSTEM = "kabar"
SYSTEMS = ["bm25", "dense", "rrf", "hybrid", "kabar", "langchain"]
CHUNKS_PER_QUERY = 40  # chunk hits taken to fill a top-10 list of distinct documents


def _retrieval_settings(name: str, base: RetrievalSettings) -> RetrievalSettings:
    table = {
        "bm25": replace(base, mode="bm25", rerank=False),
        "dense": replace(base, mode="dense", rerank=False),
        # plain 1:1 reciprocal rank fusion, nothing of Kabar's weighting
        "rrf": replace(base, mode="hybrid", rerank=False, dense_weight=1.0, bm25_weight=1.0,
                       weight_by_known_share=False),
        "hybrid": replace(base, mode="hybrid", rerank=False),
        "kabar": base,
    }
    return replace(table[name], k=CHUNKS_PER_QUERY, candidates=max(base.candidates, CHUNKS_PER_QUERY))


def _distinct(ids: list[str], n: int = 10) -> list[str]:
    out: list[str] = []
    for i in ids:
        if i not in out:
            out.append(i)
        if len(out) == n:
            break
    return out


def langchain_baseline(assistant: Assistant, bench: Benchmark, cache: Path) -> Callable[[str], list[str]]:
    """The plain LangChain pipeline: RecursiveCharacterTextSplitter defaults, HuggingFaceEmbeddings with the
    same model folder and e5's own "query: " / "passage: " prompts, FAISS.from_documents; saved next to the
    Kabar index."""
    from langchain_community.vectorstores import FAISS
    from langchain_core.documents import Document
    from langchain_huggingface import HuggingFaceEmbeddings
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    from index.embed import resolve_model
    from index.onnx_encoder import SUFFIX

    # LangChain's stock engine: the index's model in fp32 through sentence-transformers
    emb = HuggingFaceEmbeddings(model_name=resolve_model(assistant.index.model.removesuffix(SUFFIX)),
                                encode_kwargs={"normalize_embeddings": True, "prompt": "passage: "},
                                query_encode_kwargs={"normalize_embeddings": True, "prompt": "query: "})
    folder = cache / (assistant.index.root.parent.name + ".langchain-e5prompts")
    if (folder / "index.faiss").exists():
        store = FAISS.load_local(str(folder), emb, allow_dangerous_deserialization=True)  # our own file
    else:
        docs = [Document(page_content=(a["title"] + "\n" + a["text"]).strip(), metadata={"source": aid})
                for aid, a in assistant.index.articles.items()]
        chunks = RecursiveCharacterTextSplitter().split_documents(docs)
        store = FAISS.from_documents(chunks, emb)
        store.save_local(str(folder))

    def search(question: str) -> list[str]:
        return [d.metadata["source"] for d in store.similarity_search(question, k=CHUNKS_PER_QUERY)]

    return search


def run_benchmark(
    bench: Benchmark,
    systems: list[str] | None = None,
    cache: Path = Path(".kabar/eval-cache"),
    answers: bool = True,
    limit: int | None = None,
    progress: Callable[[str], None] = lambda _: None,
    model: str | None = None,
    settings: Settings | None = None,
    store: str | None = None,
) -> dict:
    """Score every system on ``bench``; the result is the `kabar eval --json` object. ``settings`` (default:
    the defaults) shape the index and the answers; with an LLM in them, the default system's answers are
    written by that LLM. ``store``: the index in Milvus ("milvus:URI"), with its agreement with the local
    store reported as ``store_overlap``."""
    systems = systems or SYSTEMS
    settings = settings or Settings()
    ix = prepare_index(bench, cache, model, settings, store)
    assistant = Assistant.load(ix, settings)
    questions = bench.questions[:limit] if limit else bench.questions
    answerable = [q for q in questions if q.answerable]
    qrels = {q.qid: q.relevant for q in answerable}
    languages = {q.qid: detect_language(q.text) for q in answerable}
    out: dict[str, dict] = {}
    for name in systems:
        progress(f"{bench.name}: {name}")
        if name == "langchain":
            search = langchain_baseline(assistant, bench, cache)
        else:
            system = _retrieval_settings(name, assistant.settings.retrieval)

            def search(text: str, s: RetrievalSettings = system) -> list[str]:
                return [d.metadata["article_id"] for d in assistant.retriever.retrieve(text, s)]

        run, times = {}, []
        for q in answerable:
            t = time.perf_counter()
            run[q.qid] = _distinct(search(q.text))
            times.append((time.perf_counter() - t) * 1000)
        metrics = {**ranking_metrics(qrels, run), **ranking_by_language(qrels, run, languages)}
        metrics.update(answer_accuracy=None, answer_f1=None, answer_em=None, answer_words=None,
                       refused_answerable=None, citation_accuracy=None, abstention_precision=None,
                       abstention_recall=None, p50_ms=percentile(times, 50), p95_ms=percentile(times, 95))
        if answers and name == DEFAULT_SYSTEM:
            metrics.update(score_answers(assistant, questions))
        out[name] = metrics
    result = {"benchmark": bench.name, "split": bench.split, "default": DEFAULT_SYSTEM, "systems": out}
    if model not in (None, DEFAULT_INDEX_MODEL):
        result["model"] = model
    if store and store != "local":
        local = Assistant.load(prepare_index(bench, cache, model, settings), settings)
        result.update(store=store, store_overlap=store_overlap(assistant, local, answerable))
    if settings.llm.enabled:
        result["llm"] = settings.llm.describe()
    changed = changed_settings(settings)
    if changed:
        result["settings"] = changed  # what differs from the defaults the README's figures were measured with
    return result


def score_answers(assistant: Assistant, questions: list) -> dict:
    """Answer metrics, lenient and strict side by side, overall and per question language: the lenient
    ``answer_accuracy`` (a gold string occurs in the answer), token F1 and exact match of the answer text (no
    markers) against the best gold answer, the answer's length in words, the share of answerable questions
    refused; citation accuracy, abstention precision/recall and whole-answer latency."""
    rows, cited_ok, cited_all, pairs, times, fallbacks = [], 0, 0, [], [], 0
    baselines: dict[str, list[dict]] = {name: [] for name in BASELINES}
    for q in questions:
        ans = assistant.ask(q.text)
        times.append(ans.timings_ms.get("total", 0.0))
        fallbacks += assistant.default_mode == "llm" and ans.mode != "llm" and not ans.abstained
        pairs.append((not q.answerable, ans.abstained))
        if q.answerable and q.answers:
            lang = detect_language(q.text)
            rows.append({**answer_row(ans, q.answers, lang),
                         "gold_cited": any(c.source in q.relevant for c in ans.citations)})
            if assistant.default_mode == "extractive":
                for name, text in baseline_answers(assistant, q.text, ans).items():
                    baselines[name].append(_text_row(text, q.answers, lang))
        for c in ans.citations:
            if q.answerable and (q.evidence or q.relevant):
                cited_all += 1
                cited_ok += _citation_ok(c, q)
    precision, recall = abstention_scores(pairs)
    has_unanswerable = any(not q.answerable for q in questions)
    out = {
        **answer_summary(rows),
        "citation_accuracy": round(cited_ok / cited_all, 4) if cited_all else None,
        "abstention_precision": precision if has_unanswerable else None,
        "abstention_recall": recall if has_unanswerable else None,
        "answer_p50_ms": percentile(times, 50),
        "answer_p95_ms": percentile(times, 95),
        "by_language": _by_language(rows),
    }
    if assistant.default_mode == "llm":
        out["llm_fallbacks"] = fallbacks  # answers where the extractive one replaced the LLM's
    else:
        out["answer_baselines"] = {name: {**answer_summary(r), "by_language": _by_language(r)}
                                   for name, r in baselines.items()}
    return out


# The two answers the short-answer reader is compared with (issue 13): the answer with the reader off (the
# evidence sentences whole) and the first sentence of the top passage. Both refuse where Kabar refuses, so they
# differ from it in the answer's form only.
BASELINES = ["whole_sentence", "first_sentence"]


def baseline_answers(assistant: Assistant, question: str, ans) -> dict[str, str | None]:
    """The baselines' answer texts for ``question`` (None: refused, as ``ans`` was)."""
    if ans.abstained:
        return {name: None for name in BASELINES}
    answerer = assistant.answerer
    reader, answerer.reader = answerer.reader, None
    try:
        whole = assistant.ask(question, mode="extractive")
    finally:
        answerer.reader = reader
    docs = assistant.retriever.retrieve(question)
    first = None
    if docs:
        s, e = docs[0].metadata["sentences"][0]
        first = assistant.index.articles[docs[0].metadata["article_id"]]["text"][s:e]
    return {"whole_sentence": None if whole.abstained else _plain(whole.text),
            "first_sentence": first}


def _text_row(text: str | None, golds: list[str], language: str, short: str | None = None) -> dict:
    """Lenient on ``text`` (None: refused), strict (F1, EM, words) on ``short`` when given, else on ``text``."""
    answered = text is not None
    strict = short or text
    return {"language": language, "refused": not answered, "contains": answered and answer_correct(text, golds),
            "f1": max(token_f1(strict, g) for g in golds) if answered else 0.0,
            "em": answered and any(normalise_answer(strict) == normalise_answer(g) for g in golds),
            "words": len(strict.split()) if answered else None}


def _by_language(rows: list[dict]) -> dict:
    return {lang: answer_summary([r for r in rows if r["language"] == lang])
            for lang in sorted({r["language"] for r in rows})}


def answer_row(ans, golds: list[str], language: str) -> dict:
    """Lenient: a gold string occurs anywhere in the answer text. Strict (F1, EM, words): the short answer
    when the reader gave one, else the answer text; both without markers."""
    answered = not ans.abstained
    text = _plain(ans.text) if answered else None
    return {**_text_row(text, golds, language, ans.short_answer), "short": answered and ans.short_answer is not None}


def _plain(text: str) -> str:
    """An answer's text without its [n] markers."""
    return re.sub(r"\s*\[\d+\]", "", text).strip()


def answer_summary(rows: list[dict]) -> dict:
    """Means over answerable questions with gold answers; a refusal scores 0 on every answer metric."""
    if not rows:
        return {"answer_accuracy": None, "answer_f1": None, "answer_em": None, "answer_words": None,
                "refused_answerable": None, "short_answers": None, "gold_cited": None, "answered_questions": 0}
    n = len(rows)
    lengths = [r["words"] for r in rows if r["words"] is not None]
    return {
        "answer_accuracy": round(sum(r["contains"] for r in rows) / n, 4),
        "answer_f1": round(sum(r["f1"] for r in rows) / n, 4),
        "answer_em": round(sum(r["em"] for r in rows) / n, 4),
        "answer_words": round(sum(lengths) / len(lengths), 1) if lengths else None,
        "refused_answerable": round(sum(r["refused"] for r in rows) / n, 4),
        "short_answers": round(sum(r.get("short", False) for r in rows) / n, 4),
        # the gold passage's article among the citations (None for the baselines, which cite nothing)
        "gold_cited": round(sum(r["gold_cited"] for r in rows) / n, 4) if "gold_cited" in rows[0] else None,
        "answered_questions": n,
    }


def _citation_ok(citation, q) -> bool:
    """A citation is right when its passage holds one of the evidence strings (question files), else when it
    comes from a gold document (BEIR)."""
    if q.evidence:
        return any(e in citation.text or e in citation.quote for e in q.evidence)
    return citation.source in q.relevant

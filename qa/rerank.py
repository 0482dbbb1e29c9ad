"""Rerankers: pluggable, chosen by name. No multilingual cross-encoder exists offline, so the default
combines what is at hand (weights fitted on ../shared/training, see qa.settings.RerankerSettings):

* the exact cosine between the query and every candidate (also candidates only BM25 found),
* the IDF-weighted share of the question's content terms that the passage contains (stemmed),
* the fused rank score.

(A question's time window is applied after reranking, by the retriever: qa.window.)

A user with a model hub can set ``cross-encoder:<name>`` to use a sentence-transformers CrossEncoder.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Protocol, runtime_checkable

import numpy as np
from langchain_core.documents import Document

from index import Index
from index.dates import date_words
from qa.settings import RerankerSettings

if TYPE_CHECKING:
    from qa.relevance import RelevanceJudge


@runtime_checkable
class Reranker(Protocol):
    def rerank(self, query: str, docs: list[Document], query_vector: np.ndarray) -> list[Document]: ...


# Words that frame a question rather than name what it is about; they never count as missing evidence.
QUESTION_FRAME = """kapan kapankah tanggal berapa apa apakah siapa siapakah mana manakah bagaimana mengapa kenapa artikel
berita menurut terjadi sebut sebutkan disebut nama jelaskan hari bulan tahun when what which who whom whose where why how
date day article articles according say said tell mention mentioned happen happened name""".split()


class TermCoverage:
    """IDF-weighted share of a query's content terms (BM25's stemmer and stopwords, minus question-frame
    words) found in each text."""

    def __init__(self, index: Index):
        self.index = index

    def frame(self) -> set[str]:
        if not hasattr(self, "_frame"):
            self._frame = set(self.index.bm25.tokenize([" ".join(QUESTION_FRAME)])[0])
        return self._frame

    def __call__(self, query: str, texts: list[str]) -> np.ndarray:
        tokens = self.index.bm25.tokenize([query, *texts])
        q = set(tokens[0]) - self.frame()
        if not q:
            return np.zeros(len(texts), dtype=np.float32)
        idf = self.index.bm25.idf()
        default = max(idf.values(), default=1.0)  # a term the corpus lacks weighs as its rarest term
        weight = {t: idf.get(t, default) for t in q}
        total = sum(weight.values())
        return np.array([sum(weight[t] for t in q & set(doc)) / total for doc in tokens[1:]], dtype=np.float32)


class HybridReranker:
    """Cosine, term coverage, fused rank and a date match, weighted by ``RerankerSettings`` (fitted weights)."""

    def __init__(self, index: Index, settings: RerankerSettings | None = None):
        s = settings or RerankerSettings()
        self.index = index
        self.weights = (s.dense_weight, s.lexical_weight, s.fused_weight)
        self.coverage = TermCoverage(index)

    def _date_words(self, d: Document) -> str:
        start = d.metadata["start"]
        dates = self.index.articles[d.metadata["article_id"]].get("dates", [])
        return date_words(dates, start, start + len(d.page_content))

    def rerank(self, query: str, docs: list[Document], query_vector: np.ndarray) -> list[Document]:
        rows = [d.metadata["row"] for d in docs]
        cos = self.index.vectors_at(rows) @ query_vector
        lex = self.coverage(query, [f"{d.metadata['title']} {d.page_content} {self._date_words(d)}" for d in docs])
        fused = np.array([d.metadata["fused"] for d in docs], dtype=np.float32)
        wd, wl, wf = self.weights
        final = wd * cos + wl * lex + wf * fused
        for d, c, lx, f in zip(docs, cos, lex, final):
            d.metadata.update(dense=float(c), lexical=float(lx), score=float(f))
        return [docs[i] for i in np.argsort(-final, kind="stable")]


def judged_order(scores: Sequence[float], verdicts: Sequence[float], weight: float) -> list[int]:
    """The order of passages with these scores once the first ``len(verdicts)`` have ``weight`` x the judge's
    verdict added (ties keep their order); the passages below keep their places."""
    top = len(verdicts)
    new = [s + weight * v for s, v in zip(scores, verdicts)]
    return sorted(range(top), key=lambda i: -new[i]) + list(range(top, len(scores)))


class JudgedReranker:
    """A reranker whose top ``top`` passages are put in order again with the relevance judge's verdict
    (qa/relevance.py: a cross-encoder trained with English questions over Indonesian sentences, so it reads across
    languages where the cosines of an English question to Indonesian passages sit close together): score +
    ``weight`` x the judge's logit on the passage. The passages below stay in the base reranker's order, their
    scores capped at the lowest judged one, so that a later re-sort by score (qa.window) keeps the judge's order
    (an unread passage is not promoted for the verdicts it was spared)."""

    def __init__(self, base: Reranker, judge: Callable[[str, list[str]], np.ndarray], top: int, weight: float):
        self.base, self.judge, self.top, self.weight = base, judge, top, weight

    def rerank(self, query: str, docs: list[Document], query_vector: np.ndarray) -> list[Document]:
        docs = self.base.rerank(query, docs, query_vector)
        for rank, d in enumerate(docs):
            d.metadata["unjudged_rank"] = rank  # the evidence features read the neighbourhood in this order (qa.support)
        head = docs[: self.top]
        verdicts = [float(v) for v in self.judge(query, [d.page_content for d in head])]
        order = judged_order([d.metadata["score"] for d in head], verdicts, self.weight)
        for d, verdict in zip(head, verdicts):
            d.metadata.update(judge=verdict, score=d.metadata["score"] + self.weight * verdict)
        head = [head[i] for i in order]
        floor = head[-1].metadata["score"] if head else 0.0
        for d in docs[self.top:]:
            d.metadata["score"] = min(d.metadata["score"], floor)
        return head + docs[self.top:]


class CrossEncoderReranker:
    """sentence-transformers CrossEncoder (needs a model that is on disk or reachable on a hub)."""

    def __init__(self, model_name: str):
        from sentence_transformers import CrossEncoder

        self.model = CrossEncoder(model_name)

    def rerank(self, query: str, docs: list[Document], query_vector: np.ndarray) -> list[Document]:
        scores = self.model.predict([(query, d.page_content) for d in docs])
        for d, s in zip(docs, scores):
            d.metadata["score"] = float(s)
        return [docs[i] for i in np.argsort(-np.asarray(scores), kind="stable")]


# A reranker is made by name: "kind" or "kind:argument" -> factory(settings, index, argument). Third parties add
# theirs with ``register_reranker`` and choose it in kabar.toml (``[reranker] name = "kind:..."``).
RerankerFactory = Callable[[RerankerSettings, Index, str], "Reranker | None"]
RERANKERS: dict[str, RerankerFactory] = {
    "hybrid": lambda settings, index, _arg: HybridReranker(index, settings),
    "none": lambda _settings, _index, _arg: None,
    "cross-encoder": lambda _settings, _index, arg: CrossEncoderReranker(arg),
}


def judged(reranker: Reranker | None, judge: RelevanceJudge | None, settings: RerankerSettings) -> Reranker | None:
    """``reranker`` with the judge's second look at its top passages (``JudgedReranker``) where the settings ask
    for it, a judge is loaded and the reranker is the hybrid one (the judge's weight is fitted on its scale)."""
    if not isinstance(reranker, HybridReranker) or judge is None or settings.judge_passages < 2:
        return reranker
    return JudgedReranker(reranker, judge.scores, settings.judge_passages, settings.judge_weight)


def register_reranker(kind: str, factory: RerankerFactory) -> None:
    RERANKERS[kind] = factory


def make_reranker(settings: RerankerSettings | str, index: Index) -> Reranker | None:
    """The reranker ``settings.name`` names (a bare name takes the default weights)."""
    settings = RerankerSettings(name=settings) if isinstance(settings, str) else settings
    kind, _, arg = (settings.name or "none").partition(":")
    kind = "none" if kind == "off" else kind
    if kind not in RERANKERS or (kind == "cross-encoder" and not arg):
        raise ValueError(f"unknown reranker {settings.name!r} (use {', '.join(sorted(RERANKERS))}; "
                         "cross-encoder:<model>)")
    return RERANKERS[kind](settings, index, arg)

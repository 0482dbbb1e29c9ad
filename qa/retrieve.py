"""Hybrid retrieval as a LangChain retriever: dense FAISS + BM25, fused, then an optional reranker.

Fusion is weighted reciprocal rank fusion: a document that one side did not return simply gets no
contribution from it, so an English question (BM25 finds nothing in Indonesian text) keeps the dense
ranking intact instead of being dragged down by an empty lexical list.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import numpy as np
from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from index import Encoder, Index
from qa.rerank import Reranker
from qa.settings import RetrievalSettings
from qa.speaker import with_speech_terms
from qa.window import favour_window, question_window


def fuse(
    dense: list[tuple[int, float]], lexical: list[tuple[int, float]], s: RetrievalSettings
) -> list[tuple[int, float]]:
    """Weighted RRF over the two ranked lists; returns (row, fused score), best first."""
    scores: dict[int, float] = {}
    if s.mode != "bm25":
        for rank, (row, _) in enumerate(dense):
            scores[row] = scores.get(row, 0.0) + s.dense_weight / (s.rrf_k + rank + 1)
    if s.mode != "dense":
        for rank, (row, _) in enumerate(lexical):
            scores[row] = scores.get(row, 0.0) + s.bm25_weight / (s.rrf_k + rank + 1)
    return sorted(scores.items(), key=lambda x: -x[1])


class HybridRetriever(BaseRetriever):
    """LangChain retriever over a Kabar index; documents carry the chunk record and all scores."""

    model_config = ConfigDict(arbitrary_types_allowed=True)
    index: Index
    encoder: Encoder
    settings: RetrievalSettings = RetrievalSettings()
    reranker: Reranker | None = None
    as_of: dt.date | None = None  # relative windows in questions count from it (default: today)

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        return self.retrieve(query)

    def retrieve(
        self, query: str, settings: RetrievalSettings | None = None, query_vector: np.ndarray | None = None,
        rows: np.ndarray | None = None,
    ) -> list[Document]:
        """The top passages for ``query``; ``rows``: only among these chunks (a scoped question, qa.scope)."""
        s = settings or self.settings
        qvec = self.encoder.encode_queries([query]) if query_vector is None else query_vector.reshape(1, -1)
        query = with_speech_terms(query)  # "Apa kata Putin?": his own sentences, not only those naming him
        dense = self.index.search_dense(qvec, s.candidates, rows)[0] if s.mode != "bm25" else []
        lexical = self.index.search_bm25([query], s.candidates, rows)[0] if s.mode != "dense" else []
        dense_score = dict(dense)
        bm25_score = dict(lexical)
        if lexical and s.mode == "hybrid" and s.weight_by_known_share:
            # BM25 counts in proportion to how much of the question it can see (little for a cross-lingual one).
            s = replace(s, bm25_weight=s.bm25_weight * self.index.bm25.known_share(query))
        fused = fuse(dense, lexical, s)
        docs = [self._document(row, score, dense_score, bm25_score) for row, score in fused]
        if s.rerank and self.reranker is not None and docs:
            docs = self.reranker.rerank(query, docs, qvec[0])
            window = question_window(query, self.as_of)
            if window is not None and s.window_weight:
                docs = favour_window(docs, window, self.index, s.window_weight)
        return docs[: s.k]

    def _document(self, row: int, score: float, dense: dict[int, float], bm25: dict[int, float]) -> Document:
        c = self.index.chunks[row]
        meta = {
            "row": row,
            "chunk_id": c["chunk_id"],
            "article_id": c["article_id"],
            "title": c["title"],
            "start": c["start"],
            "sentences": c["sentences"],
            "score": score,
            "fused": score,
            "dense": dense.get(row),
            "bm25": bm25.get(row),
        }
        return Document(page_content=c["text"], metadata=meta, id=c["chunk_id"])

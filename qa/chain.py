"""The LCEL chain: prepare the question -> retrieve (hybrid + rerank) -> answer (extractive or LLM)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from typing import Protocol

import numpy as np
from langchain_core.documents import Document
from langchain_core.runnables import Runnable, RunnableLambda

from qa.followup import mentions_all, names_in, previous_passages, read_follow_up
from qa.informal import standard_question, written_as_passages
from qa.lang import detect_language, foreign_language
from qa.messages import message
from qa.records import Answer
from qa.retrieve import HybridRetriever
from qa.settings import MAX_QUESTION_CHARS, Settings


class Answerer(Protocol):
    def answer(self, question: str, docs: list[Document], query_vector: np.ndarray) -> Answer: ...


def bound_question(question: str, max_chars: int = MAX_QUESTION_CHARS) -> tuple[str, bool]:
    """(the question with its whitespace collapsed and cut to ``max_chars``, whether it was cut); bounded work
    for a question of any size. The web chat echoes exactly this."""
    text = " ".join(question[: max_chars * 4].split())
    return text[:max_chars], len(text) > max_chars


def prepare_question(question: str, history: Sequence | None, max_chars: int,
                     written_as_articles: Callable[[str], str] | None = None) -> dict:
    """The question bounded, checked and read against the conversation; ``written_as_articles`` recases a question
    typed in lower case as the articles write its words, so a follow-up is told from a question that names its own
    subject ("kapan xi menelepon putin?" after another question stands alone, as "Kapan Xi menelepon Putin?" does)."""
    if not isinstance(question, str) or not question.strip():
        raise ValueError("empty question")
    notices = []
    question, cut = bound_question(question, max_chars)
    if cut:
        notices.append(message("truncated", detect_language(question[:500]), n=max_chars))
    if not any(ch.isalnum() for ch in question):
        raise ValueError("the question has no words")
    if foreign_language(question) is not None:  # answered with passages, no span (qa.lang.is_factoid_question)
        notices.append(message("foreign", "en"))
    written = written_as_articles(question) if history and written_as_articles is not None else question
    standalone, articles = read_follow_up(question, history, written)
    return {"question": question, "standalone": standard_question(standalone),  # chat spellings as news writes them
            "written": written, "notices": notices, "previous_articles": articles,
            "previous_passages": previous_passages(question, history) if articles else ()}


def written_as_indexed(retriever: HybridRetriever, question: str, passages: int = 10) -> str:
    """``question``, when typed without capitals, with its words capitalised as the passages BM25 finds for it
    write them (qa.informal.written_as_passages); a question typed with capitals as it is."""
    if any(ch.isupper() for ch in question[1:]):
        return question
    rows = [row for row, _ in retriever.index.search_bm25([question], passages)[0]]
    return written_as_passages(question, [retriever.index.chunks[row]["text"] for row in rows])


def build_retrieval(retriever: HybridRetriever, settings: Settings, judge: Answerer | None = None) -> Runnable:
    """question dict -> state with the standalone question, reranked docs, query vector and timings. A follow-up
    to an earlier ``Answer`` is about what that answer cited ("Apa yang mereka bahas?" after "Kapan Xi menelepon
    Putin?" means in that call): its passages come from those articles when ``judge`` (the extractive answerer,
    whose refusal is the fitted abstention) answers from them, and from the whole index (or scope) otherwise."""

    def prepare(inp: dict) -> dict:
        state = prepare_question(inp["question"], inp.get("history"), settings.max_question_chars,
                                 lambda question: written_as_indexed(retriever, question))
        state["t0"] = time.perf_counter()
        state["settings"] = inp.get("retrieval") or settings.retrieval
        state["scope"] = inp.get("scope")
        return state

    def retrieve(state: dict) -> dict:
        t = time.perf_counter()
        qvec = retriever.encoder.encode_queries([state["standalone"]])[0]
        rows = state["scope"].rows(retriever.index) if state.get("scope") is not None else None
        if rows is not None and len(rows) == 0:
            state["notices"].append(message("empty_scope", detect_language(state["question"])))
        docs = _previous_articles_docs(retriever, judge, state, qvec, rows)
        if docs is None:
            docs = retriever.retrieve(state["standalone"], state["settings"], qvec, rows)
        return {**state, "docs": docs, "qvec": qvec, "retrieve_ms": (time.perf_counter() - t) * 1000,
                "t_answer": time.perf_counter()}

    return RunnableLambda(prepare) | RunnableLambda(retrieve)


def _previous_articles_docs(retriever: HybridRetriever, judge: Answerer | None, state: dict, qvec: np.ndarray,
                            rows: np.ndarray | None) -> list[Document] | None:
    """The passages of the previous answer's articles (within the scope) when they answer the follow-up, else None.
    A follow-up that names what those articles never mention ("Apa kata mereka tentang AUKUS?" after a phone call's
    report) asks beyond them; the judge alone would let the previous question's words carry the answer."""
    if judge is None or not state["previous_articles"]:
        return None
    index = retriever.index
    texts = [index.articles[aid]["text"] for aid in state["previous_articles"] if aid in index.articles]
    if not mentions_all(texts, names_in(state["written"])):
        return None
    articles = np.array(sorted(r for aid in state["previous_articles"] for r in index.rows_of(aid)), dtype=np.int64)
    # a question word alone asks of the passages quoted first (qa.followup.previous_passages), then of their articles
    for own in (_chunk_rows(index, state.get("previous_passages", ())), articles):
        own = own if rows is None else np.intersect1d(own, rows)
        if len(own) == 0:  # none quoted (no question word alone), or removed since, or outside the scope
            continue
        docs = retriever.retrieve(state["standalone"], state["settings"], qvec, own)
        judged = judge.answer(state["standalone"], docs, qvec) if docs else None
        if judged is not None and not judged.abstained:
            state["judged"] = (judge, judged)  # the same answerer need not answer the same passages twice
            state["notices"].append(message("previous_articles", detect_language(state["question"])))
            return docs
    return None


def _chunk_rows(index, chunk_ids: Sequence[str]) -> np.ndarray:
    """The index rows of chunk ids ("article#n": the article's n-th chunk), those still indexed."""
    found = []
    for chunk_id in chunk_ids:
        aid, _, n = chunk_id.rpartition("#")
        rows = index.rows_of(aid)
        if n.isdigit() and int(n) < len(rows) and index.chunks[rows[int(n)]]["chunk_id"] == chunk_id:
            found.append(rows[int(n)])
    return np.array(sorted(found), dtype=np.int64)


def finish_answer(state: dict, ans: Answer) -> Answer:
    """Attach what the retrieval step knows (original question, notices, timings) to an answer."""
    ans.question = state["question"]
    ans.notices = state["notices"] + ans.notices
    if state["standalone"] != state["question"]:  # a follow-up or a chat spelling: say how it was read
        ans.standalone_question = state["standalone"]
        ans.notices.insert(0, message("read_as", ans.language, question=state["standalone"]))
    now = time.perf_counter()
    ans.timings_ms = {
        "retrieve": round(state["retrieve_ms"], 1),
        "answer": round((now - state["t_answer"]) * 1000, 1),
        "total": round((now - state["t0"]) * 1000, 1),
    }
    return ans


def build_chain(retrieval: Runnable, answerer: Answerer) -> Runnable:
    """question dict -> Answer, as a LangChain Runnable (invoke / batch / stream all work); ``retrieval`` is
    ``build_retrieval(...)``, shared by the chains of every answer mode."""
    return retrieval | RunnableLambda(lambda state: finish_answer(state, _answer(answerer, state)))


def _answer(answerer: Answerer, state: dict) -> Answer:
    judge, judged = state.get("judged", (None, None))
    if judge is answerer:  # it answered these passages already, when it judged the previous answer's articles
        return judged
    return answerer.answer(state["standalone"], state["docs"], state["qvec"])


def stream_answer(retrieval: Runnable, answerer, inp: dict) -> Iterator[str | Answer]:
    """Text pieces as the answerer produces them (LLM tokens), then the final Answer."""
    state = retrieval.invoke(inp)
    if not hasattr(answerer, "stream"):
        yield finish_answer(state, _answer(answerer, state))
        return
    for item in answerer.stream(state["standalone"], state["docs"], state["qvec"]):
        yield finish_answer(state, item) if isinstance(item, Answer) else item

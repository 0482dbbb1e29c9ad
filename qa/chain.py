"""The LCEL chain: prepare the question -> retrieve (hybrid + rerank) -> answer (extractive or LLM)."""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

from langchain_core.runnables import Runnable, RunnableLambda

from qa.answer import Answer, AnswerSettings, ExtractiveAnswerer
from qa.lang import detect_language, message
from qa.retrieve import HybridRetriever, RetrievalSettings

MAX_QUESTION_CHARS = 2000
_FOLLOW_UP = re.compile(
    r"^(dan|lalu|kemudian|terus|bagaimana dengan|kalau|and|what about|how about|also)\b|"
    r"\b(dia|ia|mereka|beliau|tersebut|itu|nya|he|she|they|him|her|them|it|that|this|those)\b",
    re.I,
)


@dataclass
class Settings:
    retrieval: RetrievalSettings = field(default_factory=RetrievalSettings)
    answer: AnswerSettings = field(default_factory=AnswerSettings)
    reranker: str = "hybrid"
    max_question_chars: int = MAX_QUESTION_CHARS


def standalone_question(question: str, history: Sequence | None) -> str:
    """Without an LLM, a follow-up ("and what did Putin say?", a pronoun, or a question of at most four
    words) is made standalone by prefixing the previous user question; other questions stand as they are."""
    previous = _last_user_turn(history)
    if not previous:
        return question
    if _FOLLOW_UP.search(question) or len(question.split()) <= 4:
        return f"{previous} {question}"
    return question


def _last_user_turn(history: Sequence | None) -> str | None:
    for turn in reversed(list(history or [])):
        if isinstance(turn, dict) and turn.get("role") == "user" and isinstance(turn.get("content"), str):
            return turn["content"]
        if isinstance(turn, (list, tuple)) and turn and isinstance(turn[0], str):
            return turn[0]
    return None


def prepare_question(question: str, history: Sequence | None, max_chars: int) -> dict:
    if not isinstance(question, str) or not question.strip():
        raise ValueError("empty question")
    question = " ".join(question.split())
    notices = []
    lang = detect_language(question[:500])
    if len(question) > max_chars:
        question = question[:max_chars]
        notices.append(message("truncated", lang, n=max_chars))
    if not any(ch.isalnum() for ch in question):
        raise ValueError("the question has no words")
    return {"question": question, "standalone": standalone_question(question, history), "notices": notices}


def build_chain(retriever: HybridRetriever, answerer: ExtractiveAnswerer, settings: Settings) -> Runnable:
    """question dict -> Answer, as a LangChain Runnable (invoke / batch / stream all work)."""

    def prepare(inp: dict) -> dict:
        state = prepare_question(inp["question"], inp.get("history"), settings.max_question_chars)
        state["t0"] = time.perf_counter()
        state["settings"] = inp.get("retrieval") or settings.retrieval
        return state

    def retrieve(state: dict) -> dict:
        t = time.perf_counter()
        qvec = retriever.encoder.encode_queries([state["standalone"]])[0]
        docs = retriever.retrieve(state["standalone"], state["settings"], qvec)
        return {**state, "docs": docs, "qvec": qvec, "retrieve_ms": (time.perf_counter() - t) * 1000}

    def answer(state: dict) -> Answer:
        t = time.perf_counter()
        ans = answerer.answer(state["standalone"], state["docs"], state["qvec"])
        ans.question = state["question"]
        ans.notices = state["notices"] + ans.notices
        if state["standalone"] != state["question"]:
            ans.standalone_question = state["standalone"]
        ans.timings_ms = {
            "retrieve": round(state["retrieve_ms"], 1),
            "answer": round((time.perf_counter() - t) * 1000, 1),
            "total": round((time.perf_counter() - state["t0"]) * 1000, 1),
        }
        return ans

    return RunnableLambda(prepare) | RunnableLambda(retrieve) | RunnableLambda(answer)

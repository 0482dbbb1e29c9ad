"""The LCEL chain: prepare the question -> retrieve (hybrid + rerank) -> answer (extractive or LLM)."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator, Sequence
from typing import Protocol

import numpy as np
from langchain_core.documents import Document
from langchain_core.runnables import Runnable, RunnableLambda

from qa.informal import standard_question
from qa.lang import detect_language, message
from qa.records import Answer
from qa.retrieve import HybridRetriever
from qa.settings import MAX_QUESTION_CHARS, Settings

_FOLLOW_UP = re.compile(
    r"^(dan|lalu|kemudian|terus|bagaimana dengan|kalau|and|what about|how about|also)\b|"
    r"\b(dia|ia|mereka|beliau|tersebut|itu|nya|he|she|they|him|her|them|it|that|this|those)\b",
    re.I,
)


class Answerer(Protocol):
    def answer(self, question: str, docs: list[Document], query_vector: np.ndarray) -> Answer: ...


_WHAT_ABOUT = re.compile(r"^\W*(bagaimana\s+dengan|kalau|dan\s+soal|what\s+about|how\s+about|and\s+about)\b", re.I)
_ASKING = re.compile(r"\b(apa|apakah|siapa|siapakah|kapan|kapankah|mengapa|kenapa|bagaimana|berapa|berapakah|"
                     r"dimana|dimanakah|mana|what|who|whom|whose|when|where|why|how|which)\b", re.I)
_ASKING_HELPERS = re.compile(r"\b(did|does|do|is|are|was|were|yang)\b", re.I)
_CONNECTOR = re.compile(r"^\W*(dan|lalu|kemudian|terus|and|also|then)\b\W*", re.I)


def standalone_question(question: str, history: Sequence | None) -> str:
    """Without an LLM, a follow-up (a pronoun, "and ...", or a question of at most four words) is made standalone
    with the previous user question. One that asks a question of its own ("and what did Putin say?" after "When did
    Xi and Putin talk about Taiwan?") leads, with the previous question's topic after it ("what did Putin say? Xi
    and Putin talk about Taiwan"): what kind of answer it wants is its own (here Putin's words, not a date). One
    that asks nothing of its own or asks the previous question again of something else ("Bagaimana dengan
    Taiwan?", "Taiwan?") follows the previous question whole. Other questions stand as they are."""
    previous = _last_user_turn(history)
    if not previous or not (_FOLLOW_UP.search(question) or len(question.split()) <= 4):
        return question
    if _WHAT_ABOUT.match(question) or not _ASKING.search(question):
        return f"{previous} {question}"
    return f"{_CONNECTOR.sub('', question)} {topic_of(previous)}".strip()


def topic_of(question: str) -> str:
    """A question's words without its question words and their helpers: "When did Xi and Putin talk about
    Taiwan?" -> "Xi and Putin talk about Taiwan"."""
    words = _ASKING_HELPERS.sub(" ", _ASKING.sub(" ", _CONNECTOR.sub("", question)))
    return " ".join(words.replace("?", " ").split())


def turn_text(content: object) -> str | None:
    """The text of one chat turn's content in any shape Gradio or LangChain produce: a string, a list of parts
    (strings or ``{"type": "text", "text": ...}``; Gradio 6 sends this), or one such part; files and images are
    not text."""
    if isinstance(content, str):
        return content
    if isinstance(content, dict):
        text = content.get("text") if content.get("type", "text") == "text" else None
        return text if isinstance(text, str) else None
    if isinstance(content, (list, tuple)):
        parts = [t for t in (turn_text(p) for p in content) if t]
        return " ".join(parts) if parts else None
    return None


def _user_turn(turn: object) -> str | None:
    if isinstance(turn, dict):
        return turn_text(turn.get("content")) if turn.get("role") in ("user", "human") else None
    if getattr(turn, "type", None) == "human":  # a LangChain HumanMessage
        return turn_text(getattr(turn, "content", None))
    if isinstance(turn, (list, tuple)) and turn:  # the old (user, assistant) pairs
        return turn_text(turn[0])
    return None


def _last_user_turn(history: Sequence | None) -> str | None:
    for turn in reversed(list(history or [])[-50:]):
        text = _user_turn(turn)
        if text and text.strip():
            return " ".join(text.split())[:MAX_QUESTION_CHARS]
    return None


def bound_question(question: str, max_chars: int = MAX_QUESTION_CHARS) -> tuple[str, bool]:
    """(the question with its whitespace collapsed and cut to ``max_chars``, whether it was cut); bounded work
    for a question of any size. The web chat echoes exactly this."""
    text = " ".join(question[: max_chars * 4].split())
    return text[:max_chars], len(text) > max_chars


def prepare_question(question: str, history: Sequence | None, max_chars: int) -> dict:
    if not isinstance(question, str) or not question.strip():
        raise ValueError("empty question")
    notices = []
    question, cut = bound_question(question, max_chars)
    if cut:
        notices.append(message("truncated", detect_language(question[:500]), n=max_chars))
    if not any(ch.isalnum() for ch in question):
        raise ValueError("the question has no words")
    standalone = standard_question(standalone_question(question, history))  # chat spellings as news writes them
    return {"question": question, "standalone": standalone, "notices": notices}


def build_retrieval(retriever: HybridRetriever, settings: Settings) -> Runnable:
    """question dict -> state with the standalone question, reranked docs, query vector and timings."""

    def prepare(inp: dict) -> dict:
        state = prepare_question(inp["question"], inp.get("history"), settings.max_question_chars)
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
        docs = retriever.retrieve(state["standalone"], state["settings"], qvec, rows)
        return {**state, "docs": docs, "qvec": qvec, "retrieve_ms": (time.perf_counter() - t) * 1000,
                "t_answer": time.perf_counter()}

    return RunnableLambda(prepare) | RunnableLambda(retrieve)


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

    def answer(state: dict) -> Answer:
        return finish_answer(state, answerer.answer(state["standalone"], state["docs"], state["qvec"]))

    return retrieval | RunnableLambda(answer)


def stream_answer(retrieval: Runnable, answerer, inp: dict) -> Iterator[str | Answer]:
    """Text pieces as the answerer produces them (LLM tokens), then the final Answer."""
    state = retrieval.invoke(inp)
    if not hasattr(answerer, "stream"):
        yield finish_answer(state, answerer.answer(state["standalone"], state["docs"], state["qvec"]))
        return
    for item in answerer.stream(state["standalone"], state["docs"], state["qvec"]):
        yield finish_answer(state, item) if isinstance(item, Answer) else item

"""The Python API: ``ask(question, index=...)`` and ``Assistant`` (keeps the model and index warm)."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path

from index import Index, IndexStoreError, get_encoder, load_index
from index.published import parse_published
from index.store import resolve_generation
from qa.about import searches_articles
from qa.answer import ExtractiveAnswerer
from qa.chain import bound_question, build_chain, build_retrieval, stream_answer, written_as_indexed
from qa.compound import MAX_PARTS, joined_answer, question_parts
from qa.events import DateTable, date_question, events_answer
from qa.generate import LLMAnswerer
from qa.informal import standard_question
from qa.lang import detect_language
from qa.messages import message
from qa.records import Answer
from qa.rerank import judged, make_reranker
from qa.retrieve import HybridRetriever
from qa.scope import Scope
from qa.settings import Settings
from qa.sources import about_previous
from qa.summary import asks_for_several, digest_answer, latest_answer, latest_topic, summary_topic
from qa.tally import count_answer, counted_names, counts_articles, names_given
from qa.timeline import Timeline, build_timeline, timeline_query


class Assistant:
    """A loaded index with its model: ``Assistant.load(dir).ask("Kapan Xi menelepon Putin?")``."""

    def __init__(self, index: Index, settings: Settings | None = None, model: str | None = None):
        self.settings = settings or Settings()
        self._lock = threading.Lock()
        self._model = model
        self._install(index)

    @classmethod
    def load(cls, index_dir: str | Path, settings: Settings | None = None, model: str | None = None) -> Assistant:
        return cls(load_index(index_dir, expect_model=model), settings, model)

    def _install(self, index: Index) -> None:
        encoder = get_encoder(index.model)
        self.index = index
        self._dates: DateTable | None = None  # gathered at the first "what happened on <date>" question
        as_of = parse_published(self.settings.as_of) if self.settings.as_of else None
        if self.settings.as_of and as_of is None:
            raise ValueError(f"as_of wants a date such as 2024-02-08, not {self.settings.as_of!r}")
        self.answerer = ExtractiveAnswerer(index, encoder, self.settings.answer, as_of=as_of)
        reranker = judged(make_reranker(self.settings.reranker, index), self.answerer.judge, self.settings.reranker)
        self.retriever = HybridRetriever(index=index, encoder=encoder, settings=self.settings.retrieval,
                                         reranker=reranker, as_of=as_of)
        self.answerers: dict = {"extractive": self.answerer}
        if self.settings.llm.enabled:  # local models are loaded once per process (qa.llm), so reloads are cheap
            self.answerers["llm"] = LLMAnswerer(index, encoder, self.answerer, self.settings.llm)
        self.retrieval = build_retrieval(self.retriever, self.settings, judge=self.answerer)
        self.chains = {mode: build_chain(self.retrieval, a) for mode, a in self.answerers.items()}
        self.chain = self.chains[self.default_mode]

    @property
    def default_mode(self) -> str:
        return "llm" if "llm" in self.answerers else "extractive"

    @property
    def modes(self) -> list[str]:
        return list(self.answerers)

    def reload(self) -> None:
        """Pick up a newer generation of the index (after an upload); the model stays loaded."""
        with self._lock:
            self._install(load_index(self.index.root.parent, expect_model=self._model))

    def refresh(self) -> bool:
        """Reload when another process (a separate `kabar index`) has published a new generation: one small
        read of ``CURRENT`` per question, so indexing and serving can run side by side. A new generation that
        cannot be opened leaves the loaded one answering."""
        live, _ = resolve_generation(self.index.root.parent)
        if live is None or live == self.index.root:
            return False
        try:
            self.reload()
        except IndexStoreError:
            return False
        return True

    def timeline(self, query: str, passages: int = 20) -> Timeline:
        """The dated events about ``query`` across the articles, in date order, each with its sources."""
        self.refresh()
        return build_timeline(self.retriever, query, passages)

    def ask(self, question: str, history: Sequence | None = None, k: int | None = None,
            rerank: bool | None = None, mode: str | None = None, sources: list[str] | str | None = None,
            since: str | dt.date | None = None, until: str | dt.date | None = None) -> Answer:
        """``mode``: "extractive" or "llm" (when an LLM is configured); default: the LLM when there is one.
        ``sources`` (article ids or source names), ``since`` and ``until`` (publication dates, YYYY-MM-DD)
        limit the question to those articles (``qa.scope``). An unscoped timeline question ("kronologi ...",
        "timeline of ...", "kapan saja ...") gets the cited timeline."""
        bounded, cut = bound_question(question, self.settings.max_question_chars)
        if len(parts := question_parts(bounded)) > 1:  # several questions in one message, each in turn (qa.compound)
            return self._ask_parts(bounded, cut, parts, history, k=k, rerank=rerank, mode=mode, sources=sources,
                                   since=since, until=until)
        scope = Scope.make(sources, since, until)
        if (direct := self._list_answer(question, scope, history)) is not None:
            return direct
        inp = self._input(question, history, k, rerank) | {"scope": scope}
        return self.chains[self._mode(mode)].invoke(inp)

    def _ask_parts(self, bounded: str, cut: bool, parts: list[str], history: Sequence | None, **kw) -> Answer:
        """The questions of one message (``bounded``, ``cut`` when the message was longer) answered in order, each
        later one with the earlier answers as its history (so "Apa yang mereka bahas?" after "Kapan Xi menelepon
        Putin?" is about that call), joined."""
        turns, answers = list(history or []), []
        for part in parts[:MAX_PARTS]:
            answers.append(self.ask(part, turns, **kw))
            turns.append(answers[-1])
        joined = joined_answer(bounded, answers)
        if len(parts) > MAX_PARTS:
            joined.notices.append(message("parts_cut", joined.language, n=MAX_PARTS))
        if cut:
            joined.notices.insert(0, message("truncated", joined.language, n=self.settings.max_question_chars))
        return joined

    def stream(self, question: str, history: Sequence | None = None, k: int | None = None,
               rerank: bool | None = None, mode: str | None = None, sources: list[str] | str | None = None,
               since: str | dt.date | None = None, until: str | dt.date | None = None) -> Iterator[str | Answer]:
        """Pieces of the answer text as they are generated (LLM mode), then the final ``Answer``; the scope as
        in ``ask``."""
        if len(question_parts(bound_question(question, self.settings.max_question_chars)[0])) > 1:
            yield self.ask(question, history, k, rerank, mode, sources, since, until)  # whole, once joined
            return
        scope = Scope.make(sources, since, until)
        if (direct := self._list_answer(question, scope, history)) is not None:
            yield direct
            return
        inp = self._input(question, history, k, rerank) | {"scope": scope}
        yield from stream_answer(self.retrieval, self.answerers[self._mode(mode)], inp)

    def _list_answer(self, question: str, scope: Scope | None, history: Sequence | None = None) -> Answer | None:
        """The list a question asks for instead of a passage's answer: where the previous answer came from, or a
        summary of what it cited (qa.sources), an unscoped timeline question's timeline, how many articles name
        something (qa.tally), a digest of the articles naming a topic (qa.summary), or what happened within the time
        a question names (after picking up a newer index); else None. The question is bounded once here, as every
        route reads it."""
        question, _ = bound_question(question, self.settings.max_question_chars)
        t0 = time.perf_counter()
        with self._lock:
            index = self.index
        if (about := about_previous(question, history, index)) is not None:
            about.timings_ms = {"total": round((time.perf_counter() - t0) * 1000, 1)}
            return about
        if scope is None and (topic := timeline_query(standard_question(question))) is not None:
            return self._timeline_answer(question, topic)
        self.refresh()
        return self._count_answer(question, scope) or self._digest_answer(question, scope) \
            or self._events_answer(question, scope)

    def _count_answer(self, question: str, scope: Scope | None) -> Answer | None:
        """How many articles name what the question names, with their titles (qa.tally), else None; a search for
        articles ("Find articles about Xinjiang") lists them so."""
        t0 = time.perf_counter()
        if not counts_articles(question) and not searches_articles(question):
            return None
        with self._lock:
            retriever = self.retriever
        written = written_as_indexed(retriever, question)  # "taiwan" as the articles write it
        names = counted_names(written) or list(searches_articles(written)) or None
        if names is None:
            return None
        answer = count_answer(retriever.index, question, names, detect_language(question),
                              scope.admits if scope is not None else None)
        answer.timings_ms = {"total": round((time.perf_counter() - t0) * 1000, 1)}
        return answer

    def _digest_answer(self, question: str, scope: Scope | None) -> Answer | None:
        """A summary of every article naming the names a request for several gives, or of the newest ones a request
        for the latest news asks for (qa.summary), else None."""
        t0 = time.perf_counter()
        latest = latest_topic(question)
        if latest is None and not asks_for_several(question):
            return None
        with self._lock:
            retriever = self.retriever
        written = written_as_indexed(retriever, question)  # "taiwan" as the articles write it
        admits, lang = scope.admits if scope is not None else None, detect_language(question)
        if latest is not None:  # the newest articles, on the topic when it names one
            answer = latest_answer(retriever.index, question, names_given(latest_topic(written) or ""), lang, admits)
        else:
            names = names_given(summary_topic(written))
            answer = digest_answer(retriever.index, question, names, lang, admits) if names else None
        if answer is None:
            return None
        answer.timings_ms = {"total": round((time.perf_counter() - t0) * 1000, 1)}
        return answer

    def _timeline_answer(self, question: str, topic: str) -> Answer:
        t0 = time.perf_counter()
        answer = self.timeline(topic).as_answer(detect_language(question))
        answer.question = question
        answer.timings_ms = {"total": round((time.perf_counter() - t0) * 1000, 1)}
        return answer

    def _events_answer(self, question: str, scope: Scope | None) -> Answer | None:
        """What happened within the time a question names and nothing else (qa.events), else None."""
        t0 = time.perf_counter()
        window = date_question(standard_question(question), self.retriever.as_of)
        if window is None:
            return None
        with self._lock:  # the index and its table together: a reload may swap both meanwhile
            index = self.index
            if self._dates is None:
                self._dates = DateTable.build(index)
            dates = self._dates
        answer = events_answer(index, dates, window, self.retriever.encoder, detect_language(question),
                               scope.admits if scope is not None else None)
        answer.question = question
        answer.timings_ms = {"total": round((time.perf_counter() - t0) * 1000, 1)}
        return answer

    def _mode(self, mode: str | None) -> str:
        mode = mode or self.default_mode
        if mode not in self.answerers:
            raise ValueError(f"answer mode {mode!r} is not available (configured: {', '.join(self.modes)})")
        return mode

    def _input(self, question: str, history: Sequence | None, k: int | None, rerank: bool | None) -> dict:
        retrieval = self.settings.retrieval
        if k is not None or rerank is not None:
            retrieval = replace(retrieval, k=k if k is not None else retrieval.k,
                                rerank=rerank if rerank is not None else retrieval.rerank)
        return {"question": question, "history": history, "retrieval": retrieval}


_ASSISTANTS: dict[str, Assistant] = {}


def ask(question: str, index: str | Path = ".kabar/index", history: Sequence | None = None,
        settings: Settings | None = None, **kw) -> Answer:
    """One question against an index directory; the assistant is cached per directory and settings."""
    key = f"{Path(index).resolve()}|{settings!r}"
    if key not in _ASSISTANTS:
        _ASSISTANTS[key] = Assistant.load(index, settings)
    return _ASSISTANTS[key].ask(question, history=history, **kw)

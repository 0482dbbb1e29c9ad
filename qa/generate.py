"""The LLM answerer: a chat model writes the answer from numbered passages; Kabar keeps it honest.

- The calibrated abstention of the extractive answerer gates the call (no passage, no LLM).
- The prompt holds the best-scoring sentences of the top passages grouped by chunk, plus the sentences the
  extractive answer cites (for "when" questions the lead line with the event's date), numbered [1]..[n] under
  their article's title and first full date.
- Markers that name no passage are removed; a sentence left without one is attributed to the passage whose
  sentence is closest in the multilingual embedding. Numbers are renumbered by first use, so the citations list
  holds exactly the passages the answer cites; each citation quotes the sentences closest to the answer
  sentences that cite it.
- A small model invents dates: an answer that names a number or a month found in none of its passages (nor
  the question), or a "when" answer that misses the date the index found, is replaced by the extractive one.
- The extractive answer is returned, with a notice, when the LLM fails, times out, or cites nothing.
"""

from __future__ import annotations

import contextlib
import queue
import re
import threading
import time
from collections.abc import Iterator

import numpy as np
from langchain_core.documents import Document

from index import Encoder, Index
from index.dates import DateMention
from index.sentences import sentence_texts, without_footnotes
from qa.answer import ExtractiveAnswerer
from qa.lang import is_when_question
from qa.llm import LLMSettings, make_chat_model
from qa.markers import MARKER, MARKER_AFTER_STOP, NUMBER, cited_segments, facts_supported, renumber_markers, states_date
from qa.messages import message
from qa.prompt import NO_ANSWER, build_messages
from qa.records import Answer, Citation, provenance

_LOCKS: dict[int, threading.Lock] = {}
_LOCKS_GUARD = threading.Lock()


def _chat_lock(chat) -> threading.Lock:
    with _LOCKS_GUARD:
        return _LOCKS.setdefault(id(chat), threading.Lock())


class LLMAnswerer:
    def __init__(self, index: Index, encoder: Encoder, extractive: ExtractiveAnswerer, settings: LLMSettings,
                 chat=None):
        self.index = index
        self.encoder = encoder
        self.extractive = extractive
        self.settings = settings
        self._chat = chat

    @property
    def chat(self):
        if self._chat is None:
            self._chat = make_chat_model(self.settings)
        return self._chat

    def answer(self, question: str, docs: list[Document], query_vector: np.ndarray) -> Answer:
        result = None
        for item in self.stream(question, docs, query_vector):
            result = item
        assert isinstance(result, Answer)
        return result

    def stream(self, question: str, docs: list[Document], query_vector: np.ndarray) -> Iterator[str | Answer]:
        """Yields pieces of the LLM's raw text as they come, then the final ``Answer``."""
        cands = self.extractive.score_sentences(question, docs, query_vector)
        base = self.extractive.answer(question, docs, query_vector, cands)
        if base.abstained:
            yield base
            return
        passages = self._passages(cands, base)
        # the extractive answer's lead as a hint: for "when" the date as the article states it (the model then writes
        # the day; given a span such as "15/6/2022" it wrote "pada Juni 2022"), else the reader's span
        lead = base.dates[0]["text"] if base.dates else base.short_answer
        messages = build_messages(question, base.language, passages, lead)
        raw = []
        try:
            for piece in self._stream_chat(messages):
                raw.append(piece)
                yield piece
        except Exception as exc:  # any LLM failure falls back to the extractive answer
            base.notices.append(message("llm_failed", base.language, reason=_reason(exc)))
            yield base
            return
        yield self._finish(question, "".join(raw), passages, base)

    def _passages(self, cands: list, base: Answer) -> list[dict]:
        """The evidence a small model can read: the best-scoring sentences of the top passages grouped by chunk
        (in article order), plus the sentences the extractive answer cites (the date line of "when" answers)."""
        spans: dict[str, list[tuple[int, int]]] = {}
        meta: dict[str, dict] = {}
        for c in cands[: self.settings.sentences]:
            cid = c.doc.metadata["chunk_id"]
            meta.setdefault(cid, c.doc.metadata | {"text": c.doc.page_content})
            spans.setdefault(cid, []).append((c.start, c.end))
        for cit in base.citations:
            if cit.chunk_id not in meta:
                row = next(r for r in self.index.rows_of(cit.source) if self.index.chunks[r]["chunk_id"] == cit.chunk_id)
                meta[cit.chunk_id] = self.index.chunks[row] | {"score": cit.score}
            spans.setdefault(cit.chunk_id, []).extend(s for s in cit.article_spans if s not in spans[cit.chunk_id])
        out = []
        for cid, chosen in spans.items():
            text = self.index.articles[meta[cid]["article_id"]]["text"]
            chosen = sorted(set(map(tuple, chosen)))
            # the article's own footnote marks ("1972.[4]") would read as the prompt's passage numbers
            out.append(meta[cid] | {"sentences": chosen, "evidence": " ".join(without_footnotes(text[s:e]) for s, e in chosen),
                                    "header": self._header(meta[cid]["article_id"], base.language)})
        return out

    def _header(self, article_id: str, lang: str) -> str:
        """The article's title and its first full date (where news states the event's date)."""
        art = self.index.articles[article_id]
        lead = next((d for d in art.get("dates", []) if d.get("day") and d.get("month")), None)
        title = art.get("title") or article_id
        if lead is None:
            return title
        return f"{title} ({'dated' if lang == 'en' else 'bertanggal'} {DateMention.from_dict(lead).describe(lang)})"

    def _stream_chat(self, messages: list) -> Iterator[str]:
        """The chat model's stream, run in a worker so that a deadline holds even while it thinks."""
        out: queue.Queue = queue.Queue()
        stop = threading.Event()

        def work() -> None:
            try:
                # one generation at a time per in-process model (llama.cpp contexts are not thread-safe); an
                # endpoint serves its own queue
                with _chat_lock(self.chat) if self.settings.provider == "local" else contextlib.nullcontext():
                    for chunk in self.chat.stream(messages):
                        if stop.is_set():
                            break
                        out.put(("text", chunk.content if isinstance(chunk.content, str) else ""))
                out.put(("end", None))
            except Exception as exc:
                out.put(("error", exc))

        threading.Thread(target=work, daemon=True, name="kabar-llm").start()
        deadline = time.monotonic() + self.settings.timeout_s
        while True:
            try:
                kind, value = out.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                stop.set()
                raise TimeoutError(f"no answer within {self.settings.timeout_s:g} s") from None
            if kind == "end":
                return
            if kind == "error":
                raise value
            if value:
                yield value

    def _finish(self, question: str, raw: str, passages: list[dict], base: Answer) -> Answer:
        lang = base.language
        if NO_ANSWER in raw.upper().replace(" ", "_"):
            return Answer(question, message("abstain", lang), [], True, language=lang, support=base.support,
                          mode="llm")
        vectors = self._sentence_vectors(passages)
        text = MARKER_AFTER_STOP.sub(lambda m: " " + m.group(2).strip() + m.group(1), raw.strip())
        text = self._attribute(text, passages, vectors)
        text = self._cite_dates(text, passages, base)
        text, order = renumber_markers(text, len(passages))
        if not order or not re.sub(r"\[\d+\]", "", text).strip(" .,;\n"):
            base.notices.append(message("llm_uncited", lang))
            return base
        cited = [passages[n - 1] for n in order]
        if not facts_supported(text, passages, question):
            base.notices.append(message("llm_unsupported", lang))
            return base
        if is_when_question(question) and base.dates and not states_date(text, base.dates[0]):
            base.notices.append(message("llm_date", lang))
            return base
        # a stated date is quoted from the sentence that holds it, as the extractive answer quotes it
        held = [base.citations[d["citation"] - 1] for d in base.dates]
        dated = {c.chunk_id: c.article_spans for c in held}
        citations = self._citations(text, cited, [vectors[n - 1] for n in order], dated)
        by_chunk = {c.chunk_id: c.n for c in citations}
        dates = [d | {"citation": by_chunk[c.chunk_id]} for d, c in zip(base.dates, held) if c.chunk_id in by_chunk]
        return Answer(question, text, citations, False, dates, language=lang, support=base.support, mode="llm")

    def _cite_dates(self, text: str, passages: list[dict], base: Answer) -> str:
        """When the answer states the date the extractive answerer found (its day number), cite what the extractive
        answer cites for it: the passage that holds the date and the one that holds the fact (the lead line and the
        sentence that says what happened on it), so that both can be checked."""
        for d in (d for d in base.dates if d.get("day")):
            chunks = [base.citations[d["citation"] - 1].chunk_id] + [c.chunk_id for c in base.citations]
            for chunk in dict.fromkeys(chunks):
                n = next((i for i, p in enumerate(passages, 1) if p["chunk_id"] == chunk), None)
                if n is None or re.search(rf"\[{n}\]", text):
                    continue
                hit = re.search(rf"(?<!\d){d['day']}(?!\d)[^\[]*?(?=[.!?](?:\s|$)|\s*\[|$)", text)
                if hit:
                    text = text[: hit.end()] + f" [{n}]" + text[hit.end() :]
        return text

    def _sentence_vectors(self, passages: list[dict]) -> list[np.ndarray]:
        """Embeddings of each passage's evidence sentences, computed once per answer."""
        texts = [self.index.articles[p["article_id"]]["text"][s:e] for p in passages for s, e in p["sentences"]]
        flat = self.encoder.encode_passages(texts)
        bounds = np.cumsum([0] + [len(p["sentences"]) for p in passages])
        return [flat[a:b] for a, b in zip(bounds[:-1], bounds[1:])]

    def _attribute(self, text: str, passages: list[dict], vectors: list[np.ndarray]) -> str:
        """Give each sentence without a valid marker the passage whose evidence sentence is closest to it."""
        sentences = sentence_texts(text)
        bare = [i for i, s in enumerate(sentences)
                if not any(1 <= int(n) <= len(passages) for m in MARKER.finditer(s) for n in NUMBER.findall(m.group(1)))
                and re.search(r"\w", MARKER.sub("", s))]
        if not bare:
            return text
        owners = [n for n, v in enumerate(vectors, 1) for _ in range(len(v))]
        qv = self.encoder.encode_queries([MARKER.sub("", sentences[i]) for i in bare])
        sims = qv @ np.concatenate(vectors).T
        for row, i in enumerate(bare):
            body = MARKER.sub("", sentences[i]).rstrip()
            stop = body[-1] if body and body[-1] in ".!?" else ""
            sentences[i] = f"{body.rstrip('.!?')} [{owners[int(np.argmax(sims[row]))]}]{stop}"
        return " ".join(sentences)

    def _citations(self, text: str, cited: list[dict], vectors: list[np.ndarray],
                   dated: dict[str, list] | None = None) -> list[Citation]:
        """Each cited passage quotes its sentences nearest to the answer's sentences that cite it, plus, for a
        passage in ``dated`` (chunk id: article spans), the sentences that hold the date the answer states."""
        segments = cited_segments(text)
        art_text = {p["article_id"]: self.index.articles[p["article_id"]]["text"] for p in cited}
        qvec = self.encoder.encode_queries([seg for seg, _ in segments]) if segments else np.zeros((0, 1))
        out = []
        for n, (p, block) in enumerate(zip(cited, vectors), 1):
            sents = [(s, e) for s, e in p["sentences"]]
            picks = sorted({int(np.argmax(block @ qvec[i])) for i, (_, nums) in enumerate(segments) if n in nums}) \
                if len(block) else []
            spans = [sents[i] for i in picks] or sents[:1]
            spans = sorted(set(spans) | {tuple(x) for x in (dated or {}).get(p["chunk_id"], []) if tuple(x) in sents})
            start = p["start"]
            out.append(Citation(n, p["article_id"], p.get("title", ""), p["text"],
                                " … ".join(art_text[p["article_id"]][s:e] for s, e in spans),
                                round(float(p.get("score", 0.0)), 4), p["chunk_id"],
                                [(s - start, e - start) for s, e in spans], list(spans),
                                **provenance(self.index.articles[p["article_id"]], spans[0][0])))
        return out


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:200]

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
from langchain_core.messages import AIMessage, HumanMessage, SystemMessage

from index import Encoder, Index
from index.dates import MONTHS, WEEKDAY_NAMES, DateMention, find_dates
from index.sentences import sentence_texts
from qa.answer import ExtractiveAnswerer
from qa.lang import is_when_question, message
from qa.llm import LLMSettings, make_chat_model
from qa.records import Answer, Citation

NO_ANSWER = "NO_ANSWER"
_MARKER = re.compile(r"\s*\[(\d+(?:\s*[,;]\s*\d+)*)\]")
_SYSTEM = (
    "You are a news assistant. Answer the question using only the numbered passages, never outside knowledge. "
    "Write one to three short sentences in {language}. End each sentence with the number of the passage "
    "that supports it in square brackets. {when}"
    "If the passages do not contain the answer, write only " + NO_ANSWER + "."
)
_WHEN = "For a question about when, give the weekday and date as the passages state them. "
_LANGUAGE = {"en": "English", "id": "Indonesian (Bahasa Indonesia)"}
# One worked exchange teaches a 1.5B model the format far better than instructions alone.
_SHOT_PASSAGES = ("Passages:\n\n[1] Harga beras naik\nHarga beras di Jakarta naik 10 persen pada Senin (3/2), kata "
                  "Badan Pangan.\n\n[2] Panen padi\nKementerian Pertanian memperkirakan panen raya dimulai bulan Maret.")
_SHOT = {
    "en": ("When did rice prices rise in Jakarta?",
           "Rice prices in Jakarta rose 10 percent on Monday (3/2), according to the food agency [1]."),
    "id": ("Kapan harga beras di Jakarta naik?", "Harga beras di Jakarta naik 10 persen pada Senin (3/2) [1]."),
}
_NUMBER = re.compile(r"\d+")
_MARKER_AFTER_STOP = re.compile(r"([.!?])((?:\s*\[\d+(?:\s*[,;]\s*\d+)*\])+)")  # "x. [1]" -> "x [1]."


def renumber_markers(text: str, passages: int) -> tuple[str, list[int]]:
    """Drop [n] markers outside 1..passages; renumber the rest by first use. Returns the text and, for each
    new number, the passage (1-based) it stands for."""
    order: list[int] = []

    def sub(m: re.Match) -> str:
        kept = []
        for part in re.split(r"\s*[,;]\s*", m.group(1)):
            n = int(part)
            if 1 <= n <= passages:
                if n not in order:
                    order.append(n)
                new = order.index(n) + 1
                if new not in kept:
                    kept.append(new)
        return (" " + "".join(f"[{k}]" for k in kept)) if kept else ""

    return _MARKER.sub(sub, text).strip(), order


def cited_segments(text: str) -> list[tuple[str, list[int]]]:
    """The answer cut at its markers: each piece of text with the (new) citation numbers that follow it."""
    out: list[tuple[str, list[int]]] = []
    pos = 0
    for m in re.finditer(r"((?:\s*\[\d+\])+)", text):
        nums = [int(n) for n in re.findall(r"\d+", m.group(1))]
        piece = text[pos : m.start()].strip(" .,;")
        if piece:
            out.append((piece, nums))
        elif out:
            out[-1][1].extend(n for n in nums if n not in out[-1][1])
        pos = m.end()
    return out


def facts_supported(text: str, passages: list[dict], question: str = "") -> bool:
    """Every number and month name in the answer occurs in the passages shown to the model (their evidence
    and dated headers) or in the question; the cheap check that catches a small model's invented dates and figures."""
    shown = " ".join(p["header"] + " " + p["evidence"] for p in passages) + " " + question
    answer = _MARKER.sub(" ", text)
    if not set(_NUMBER.findall(answer)) <= set(_NUMBER.findall(shown)):
        return False
    months_shown = {m.month for m in find_dates(shown) if m.month} | _month_words(shown)
    return _month_words(answer) <= months_shown


def states_date(text: str, date: dict) -> bool:
    """The answer names the event date the index found (its day number, else its weekday): a "when" answer
    is taken from the dates the index extracted, whoever words it."""
    if date.get("day"):
        return re.search(rf"(?<!\d){date['day']}(?!\d)", _MARKER.sub(" ", text)) is not None
    if date.get("weekday") is not None:
        names = {WEEKDAY_NAMES[lang][date["weekday"]].lower() for lang in WEEKDAY_NAMES}
        return any(n in text.lower() for n in names)
    return True


def _month_words(text: str) -> set[int]:
    return {MONTHS[w] for w in re.findall(r"[a-z]+", text.lower()) if len(w) > 3 and w in MONTHS}


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
        messages = self._messages(question, base.language, passages)
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
            out.append(meta[cid] | {"sentences": chosen, "evidence": " ".join(text[s:e] for s, e in chosen),
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

    def _messages(self, question: str, lang: str, passages: list[dict]) -> list:
        lang = lang if lang in _LANGUAGE else "id"
        system = _SYSTEM.format(language=_LANGUAGE[lang], when=_WHEN if is_when_question(question) else "")
        body = "\n\n".join(f"[{i}] {p['header']}\n{p['evidence']}" for i, p in enumerate(passages, 1))
        shot_q, shot_a = _SHOT[lang]
        return [SystemMessage(system), HumanMessage(f"{_SHOT_PASSAGES}\n\nQuestion: {shot_q}"), AIMessage(shot_a),
                HumanMessage(f"Passages:\n\n{body}\n\nQuestion: {question}")]

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
        text = _MARKER_AFTER_STOP.sub(lambda m: " " + m.group(2).strip() + m.group(1), raw.strip())
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
        citations = self._citations(text, cited, [vectors[n - 1] for n in order])
        by_chunk = {c.chunk_id: c.n for c in citations}
        dates = [d | {"citation": by_chunk[base.citations[d["citation"] - 1].chunk_id]} for d in base.dates
                 if base.citations[d["citation"] - 1].chunk_id in by_chunk]
        return Answer(question, text, citations, False, dates, language=lang, support=base.support, mode="llm")

    def _cite_dates(self, text: str, passages: list[dict], base: Answer) -> str:
        """When the answer states the date the extractive answerer found (its day number), cite the passage
        that holds that date too, as the extractive answer does (the lead line and the fact)."""
        for d in base.dates:
            chunk = base.citations[d["citation"] - 1].chunk_id
            n = next((i for i, p in enumerate(passages, 1) if p["chunk_id"] == chunk), None)
            if n is None or not d.get("day") or re.search(rf"\[{n}\]", text):
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
                if not any(1 <= int(n) <= len(passages) for m in _MARKER.finditer(s) for n in _NUMBER.findall(m.group(1)))
                and re.search(r"\w", _MARKER.sub("", s))]
        if not bare:
            return text
        owners = [n for n, v in enumerate(vectors, 1) for _ in range(len(v))]
        qv = self.encoder.encode_queries([_MARKER.sub("", sentences[i]) for i in bare])
        sims = qv @ np.concatenate(vectors).T
        for row, i in enumerate(bare):
            body = _MARKER.sub("", sentences[i]).rstrip()
            stop = body[-1] if body and body[-1] in ".!?" else ""
            sentences[i] = f"{body.rstrip('.!?')} [{owners[int(np.argmax(sims[row]))]}]{stop}"
        return " ".join(sentences)

    def _citations(self, text: str, cited: list[dict], vectors: list[np.ndarray]) -> list[Citation]:
        segments = cited_segments(text)
        art_text = {p["article_id"]: self.index.articles[p["article_id"]]["text"] for p in cited}
        qvec = self.encoder.encode_queries([seg for seg, _ in segments]) if segments else np.zeros((0, 1))
        out = []
        for n, (p, block) in enumerate(zip(cited, vectors), 1):
            sents = [(s, e) for s, e in p["sentences"]]
            picks = sorted({int(np.argmax(block @ qvec[i])) for i, (_, nums) in enumerate(segments) if n in nums}) \
                if len(block) else []
            spans = [sents[i] for i in picks] or sents[:1]
            start = p["start"]
            out.append(Citation(n, p["article_id"], p.get("title", ""), p["text"],
                                " … ".join(art_text[p["article_id"]][s:e] for s, e in spans),
                                round(float(p.get("score", 0.0)), 4), p["chunk_id"],
                                [(s - start, e - start) for s, e in spans], list(spans)))
        return out


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:200]

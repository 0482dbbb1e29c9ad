"""Sentence-aware chunks with character offsets into the cleaned article text.

The splitter knows Indonesian abbreviations ("Ir.", "Drh.", "dr.", "H.", "No."), initials, numbers
with dots ("1.000") and closing quotes; the chunker groups a few sentences per chunk with one sentence
of overlap. Every offset points into the cleaned text, so the UI can highlight exact spans.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

ABBREVIATIONS = {
    "ir", "drh", "dr", "drs", "dra", "prof", "h", "hj", "st", "no", "jl", "jln", "kec", "kab", "kel", "sdr", "sdri",
    "bpk", "ibu", "tn", "ny", "nn", "mr", "mrs", "ms", "jr", "sr", "vs", "dll", "dsb", "dkk", "tsb", "yth", "a.n",
    "u.p", "s.h", "s.e", "m.si", "m.m", "s.pd", "s.t", "s.kom", "m.kom", "ph.d", "kol", "letjen", "mayjen", "brigjen",
    "jend", "kapt", "mgr", "pdt", "hlm", "tel", "telp", "vol", "e.g", "i.e", "etc", "inc", "ltd", "co", "corp",
    "gov", "sen", "rep", "u.s", "u.k", "a.s", "p.t", "pt", "tbk", "rp", "km", "kg", "m", "cm", "sept", "okt", "des",
    "jan", "feb", "mar", "apr", "jun", "jul", "agu", "agt", "nov", "aug", "oct", "dec",
}
# A sentence ends at . ! ? … (plus closing quotes/brackets) followed by space and something that can start one.
_BOUNDARY = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9À-Ý])|[.!?…]+[\"'”’)\]]*$|\n+")
_TOKEN_BEFORE = re.compile(r"([\w.]+)\.$")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int


@dataclass
class Chunk:
    chunk_id: str
    article_id: str
    title: str
    text: str
    start: int
    end: int
    sentences: list[tuple[int, int]] = field(default_factory=list)  # offsets in the article's cleaned text


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of ``text`` as (start, end) spans with surrounding whitespace excluded."""
    spans: list[Sentence] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        end = m.end()
        if m.group(0).startswith(".") and not m.group(0).startswith("..") and _is_abbreviation(text, m.start()):
            continue
        _add_span(text, start, end, spans)
        start = end
    _add_span(text, start, len(text), spans)
    return spans


def _is_abbreviation(text: str, dot: int) -> bool:
    m = _TOKEN_BEFORE.search(text[max(0, dot - 12) : dot + 1])
    if not m:
        return False
    token = m.group(1).lower().strip(".")
    last = token.rsplit(".", 1)[-1]
    if token in ABBREVIATIONS or last in ABBREVIATIONS and "." in token:
        return True
    # A single capital letter before the dot is an initial ("A. Yani"), unless the sentence is that letter.
    raw = m.group(1)
    return len(raw) == 1 and raw.isupper() and dot >= 2 and text[dot - 2].isspace()


def _add_span(text: str, start: int, end: int, spans: list[Sentence]) -> None:
    seg = text[start:end]
    lead = len(seg) - len(seg.lstrip())
    trail = len(seg) - len(seg.rstrip())
    s, e = start + lead, end - trail
    if e > s and re.search(r"\w", text[s:e]):
        spans.append(Sentence(s, e))


def chunk_article(
    article_id: str,
    title: str,
    text: str,
    target_words: int = 60,
    max_words: int = 160,
    overlap: int = 1,
) -> list[Chunk]:
    """Group sentences into chunks of about ``target_words`` words, repeating ``overlap`` sentences."""
    sentences = _split_long(text, split_sentences(text), max_words)
    chunks: list[Chunk] = []
    i = 0
    while i < len(sentences):
        j, n_words = i, 0
        while j < len(sentences) and (n_words < target_words or j == i):
            n_words += len(text[sentences[j].start : sentences[j].end].split())
            j += 1
            if j < len(sentences) and n_words + len(text[sentences[j].start : sentences[j].end].split()) > max_words:
                break
        group = sentences[i:j]
        s, e = group[0].start, group[-1].end
        chunks.append(
            Chunk(
                chunk_id=f"{article_id}#{len(chunks)}",
                article_id=article_id,
                title=title,
                text=text[s:e],
                start=s,
                end=e,
                sentences=[(x.start, x.end) for x in group],
            )
        )
        if j >= len(sentences):
            break
        i = max(j - overlap, i + 1)
    return chunks


def _split_long(text: str, sentences: list[Sentence], max_words: int) -> list[Sentence]:
    """Cut run-on "sentences" (a 5 MB line with no full stop) into word windows of at most ``max_words``."""
    out: list[Sentence] = []
    for sent in sentences:
        words = list(re.finditer(r"\S+", text[sent.start : sent.end]))
        if len(words) <= max_words:
            out.append(sent)
            continue
        for k in range(0, len(words), max_words):
            part = words[k : k + max_words]
            out.append(Sentence(sent.start + part[0].start(), sent.start + part[-1].end()))
    return out

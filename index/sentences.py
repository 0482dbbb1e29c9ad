"""The one sentence splitter (chunks, answer sentences, an LLM's answer): it knows Indonesian abbreviations
("Ir.", "Drh.", "dr.", "H.", "No."), initials, numbers with dots ("1.000") and closing quotes."""

from __future__ import annotations

import re
from dataclasses import dataclass

ABBREVIATIONS = {
    "ir", "drh", "dr", "drs", "dra", "prof", "h", "hj", "st", "no", "jl", "jln", "kec", "kab", "kel", "sdr", "sdri",
    "bpk", "ibu", "tn", "ny", "nn", "mr", "mrs", "ms", "jr", "sr", "vs", "dll", "dsb", "dkk", "tsb", "yth", "a.n",
    "u.p", "s.h", "s.e", "m.si", "m.m", "s.pd", "s.t", "s.kom", "m.kom", "ph.d", "kol", "letjen", "mayjen", "brigjen",
    "jend", "kapt", "mgr", "pdt", "hlm", "tel", "telp", "vol", "e.g", "i.e", "etc", "inc", "ltd", "co", "corp",
    "gov", "sen", "rep", "u.s", "u.k", "a.s", "p.t", "pt", "tbk", "rp", "km", "kg", "m", "cm", "sept", "okt", "des",
    "jan", "feb", "mar", "apr", "jun", "jul", "agu", "agt", "nov", "aug", "oct", "dec",
}
# A sentence ends at . ! ? … (plus closing quotes/brackets and footnote marks) followed by space and something that
# can start one. Wikipedia-style footnote marks follow the stop ("Jerman-Jawa.[1] Dia ..."; a third of IDK-MRC's
# paragraphs have them): without them in the boundary, a paragraph of such sentences was one sentence.
_FOOTNOTES = r"(?:\[[^\[\]\n]{1,25}\])*"
_BOUNDARY = re.compile(rf"[.!?…]+[\"'”’)\]]*{_FOOTNOTES}(?=\s+[\"'“‘(\[]?[A-Z0-9À-Ý])|[.!?…]+[\"'”’)\]]*{_FOOTNOTES}$|\n+")
# Where the boundary above splits differently from the splitter before footnote marks were known (index.build
# hashes such articles apart, so that an index built before re-chunks them, and only them).
BRACKET_AFTER_STOP = re.compile(r"[.!?…]+[\"'”’)\]]*\[")
# A numbered footnote mark stuck to the word or stop before it ("1972.[4]"): in an answer it would read as one of
# Kabar's own [n] citation markers, so quoted sentences drop it (the article keeps it).
_NUMBERED_FOOTNOTE = re.compile(r"(?<=[^\s\[])\[\d{1,3}\]")
_TOKEN_BEFORE = re.compile(r"([\w.]+)\.$")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int


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


def sentence_texts(text: str) -> list[str]:
    return [text[s.start : s.end] for s in split_sentences(text)]


def without_footnotes(text: str) -> str:
    """``text`` without numbered footnote marks stuck to what precedes them ("1972.[4]" -> "1972.")."""
    return _NUMBERED_FOOTNOTE.sub("", text)

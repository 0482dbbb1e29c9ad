"""Citation markers in an LLM's answer ("[1]", "[2, 3]") and the cheap checks that keep a small model honest:
markers renumbered by first use, the answer cut at its markers, numbers and months that must occur in the
passages, and the event date a "when" answer must state."""

from __future__ import annotations

import re

from index.dates import MONTHS, WEEKDAY_NAMES, find_dates

MARKER = re.compile(r"\s*\[(\d+(?:\s*[,;]\s*\d+)*)\]")
CITED = re.compile(r"\[(\d+)\]")  # one citation of an extractive answer, as Kabar writes it: "[1]"
NUMBER = re.compile(r"\d+")
MARKER_AFTER_STOP = re.compile(r"([.!?])((?:\s*\[\d+(?:\s*[,;]\s*\d+)*\])+)")  # "x. [1]" -> "x [1]."


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

    return MARKER.sub(sub, text).strip(), order


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
    answer = MARKER.sub(" ", text)
    if not set(NUMBER.findall(answer)) <= set(NUMBER.findall(shown)):
        return False
    months_shown = {m.month for m in find_dates(shown) if m.month} | _month_words(shown)
    return _month_words(answer) <= months_shown


def states_date(text: str, date: dict) -> bool:
    """The answer names the event date the index found (its day number, else its weekday): a "when" answer
    is taken from the dates the index extracted, whoever words it."""
    if date.get("day"):
        return re.search(rf"(?<!\d){date['day']}(?!\d)", MARKER.sub(" ", text)) is not None
    if date.get("weekday") is not None:
        names = {WEEKDAY_NAMES[lang][date["weekday"]].lower() for lang in WEEKDAY_NAMES}
        return any(n in text.lower() for n in names)
    return True


def _month_words(text: str) -> set[int]:
    return {MONTHS[w] for w in re.findall(r"[a-z]+", text.lower()) if len(w) > 3 and w in MONTHS}

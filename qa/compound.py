"""Several questions in one message ("Kapan Xi menelepon Putin? Apa yang mereka bahas?"): each is answered in
turn, a later one read as a follow-up of the answers before it (``qa.followup``), and the answers are joined under
one numbering of citations.

Answered whole, such a message got the first question's answer only ("Selasa 21 Januari"), the second unasked. A
message is cut only after a question mark that a question follows: two or more words with a question word or a
yes/no opening ("Jika demikian, apakah itu dapat ditagih?"), outside quotation marks. A clarification ("Teori siapa
itu? Teori pergeseran benua?") or a stray word stays with the question before it; a question asked twice is
answered once. Of the 22,974 questions in ../shared/training, one is cut so ("Apakah paket dapat dikirim kosong?
Jika demikian, apakah itu dapat ditagih?"; checked by a script, not kept).
"""

from __future__ import annotations

import re
from dataclasses import replace

from qa.lang import has_question_word, is_yes_no_question
from qa.markers import CITED
from qa.records import Answer, Citation

MAX_PARTS = 3  # answered in one message; the rest are named in a notice (each costs a whole answer's time)
_QUESTION_END = re.compile(r"[?？؟]+(?=\s)")


def question_parts(text: str) -> list[str]:
    """The questions of a message in order (see the module's docstring); one question gives ``[text]``."""
    pieces, start = [], 0
    for m in _QUESTION_END.finditer(text):
        if not _inside_quotes(text[:m.start()]):
            pieces.append(text[start:m.end()])
            start = m.end()
    pieces.append(text[start:])
    parts: list[str] = []
    for piece in (p.strip() for p in pieces if p.strip()):
        if parts and not _asks(piece):
            parts[-1] = f"{parts[-1]} {piece}"
        else:
            parts.append(piece)
    unique: dict[str, str] = {}
    for part in parts:  # a question asked twice is answered once
        unique.setdefault(" ".join(part.lower().split()), part)
    return list(unique.values()) or [text]


def _asks(piece: str) -> bool:
    return len(piece.split()) >= 2 and (has_question_word(piece) or is_yes_no_question(piece))


def _inside_quotes(before: str) -> bool:
    return before.count('"') % 2 == 1 or before.count("“") > before.count("”")


def joined_answer(question: str, answers: list[Answer]) -> Answer:
    """One answer to a message of several questions: each part's question and answer as a numbered item, the
    citations numbered once (a passage two parts cite keeps one number), the parts themselves (renumbered so) in
    ``parts``. It abstains only when every part does; its support is the weakest part's."""
    citations: list[Citation] = []
    numbers: dict[tuple, int] = {}  # a passage (article, chunk, quoted sentences) -> its number in the joined answer
    parts = [_renumbered_part(answer, citations, numbers) for answer in answers]
    lines = [f"{i}. {p.question}\n   {p.text}" for i, p in enumerate(parts, 1)]
    notices = _part_notices(parts)
    modes = {a.mode for a in answers}
    return Answer(question, "\n\n".join(lines), citations, all(a.abstained for a in answers),
                  [d for p in parts for d in p.dates], language=answers[0].language, notices=notices,
                  support=min(a.support for a in answers), short_answer=None,
                  mode=modes.pop() if len(modes) == 1 and "timeline" not in modes else "parts", parts=parts,
                  timings_ms={"total": round(sum(a.timings_ms.get("total", 0.0) for a in answers), 1)})


def _renumbered_part(answer: Answer, citations: list[Citation], numbers: dict[tuple, int]) -> Answer:
    """``answer`` with its citations numbered as the joined answer numbers them (new ones added to ``citations``
    and ``numbers``), in its text, citations and dates."""
    renumber = {}
    for c in answer.citations:
        key = (c.source, c.chunk_id, tuple(map(tuple, c.quote_spans)))
        if key not in numbers:
            numbers[key] = len(citations) + 1
            citations.append(replace(c, n=numbers[key]))
        renumber[c.n] = numbers[key]
    text = CITED.sub(lambda m: f"[{renumber.get(int(m.group(1)), m.group(1))}]", answer.text)
    return replace(answer, text=text, citations=[replace(c, n=renumber[c.n]) for c in answer.citations],
                   dates=[_renumbered(d, renumber) for d in answer.dates])


def _renumbered(date: dict, renumber: dict[int, int]) -> dict:
    """A date record with its citation numbers (an answer's "citation", a timeline's "citations") renumbered."""
    out = dict(date)
    if "citation" in out:
        out["citation"] = renumber.get(out["citation"], out["citation"])
    if "citations" in out:
        out["citations"] = [renumber.get(n, n) for n in out["citations"]]
    return out


def _part_notices(parts: list[Answer]) -> list[str]:
    """Each part's notices, numbered as its item ("2. Dibaca sebagai: ...")."""
    return [f"{i}. {n}" for i, p in enumerate(parts, 1) for n in p.notices]


def message_notices(answer: Answer) -> list[str]:
    """A joined answer's notices that are the message's own (a question cut, questions left unanswered), not one of
    its parts' (the web chat shows those under each part)."""
    own = set(_part_notices(answer.parts))
    return [n for n in answer.notices if n not in own]

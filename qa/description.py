"""The name an identity question asks about ("Siapa Denisov?"), where a passage mentions it, and who it is where
news writes that: the description right before the name. "... kata kepala urusan luar negeri
Partai Komunis Tiongkok Yang Jiechi kepada duta besar Rusia untuk Tiongkok Andrey Denisov" answered "Siapa Yang
Jiechi?" with "Partai Komunis Tiongkok" and "Siapa Denisov?" with "Tiongkok": the reader's span ended right before
the name, on the description's last words. Such a span is read back to where the description begins: a comma or
other mark, a verb, a preposition that opens a phrase ("kepada"), a conjunction, a copula. Word rules, no fitted
numbers; ``whole_description`` says what the training questions show."""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Sequence

from qa.countries import spellings
from qa.lang import identity_subject
from qa.speaker import ATTRIBUTION_VERBS, TITLE_WORDS

# words a description never takes in before it: the short verbs of qa.speaker's attributions, prepositions that open a phrase,
# conjunctions, copulas, time words, articles ("kata", "kepada", "dan", "adalah", "pada", "the")
_OPENS = set(ATTRIBUTION_VERBS.split("|")) | {
          "menurut", "kepada", "oleh", "dengan", "bersama", "terhadap", "antara", "pada", "sejak", "dan", "serta",
          "atau", "bahwa", "kalau", "jika", "yang", "ketika", "saat", "sementara", "adalah", "ialah", "merupakan",
          "sebagai", "selaku", "yakni", "yaitu", "ini", "itu", "kemarin", "juga", "pun", "ia", "dia", "mereka",
          "beliau", "kami", "kita", "saya", "bekerja", "belajar", "he", "she", "they", "told", "met", "meets",
          "called", "visited", "asked", "with", "by", "to", "and", "or", "as", "the", "a", "an", "is", "was", "on",
          "at"}
# words a description holds inside ("duta besar Rusia untuk Tiongkok") but never starts with
_INNER = {"untuk", "dari", "di", "ke", "bagi", "asal", "of", "for", "from", "in"}
# an Indonesian verb's prefixes (me-, di-, ber-, ter-): "menelepon Presiden Rusia Vladimir Putin" is a deed and a
# title; these titles and roles are written so too
VERB = r"(?:me|di|ber|ter)[a-z]{3,}"  # qa.span_kind's deed rule reads verbs so too
_VERB = re.compile(VERB)
_NOT_VERBS = {"menteri", "direktur", "diplomat", "dirut", "dirjen", "direksi", "dinas", "terdakwa", "tersangka",
              "terpidana", "mendiang", "dirigen", "berita"}
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_LETTER_WORDS = re.compile(r"[^\W\d_]+")
MAX_WORDS = 8  # a description's words taken in before the span; a bound, not fitted
# the lower-case words of names ("Lula da Silva", "Ludwig van Beethoven")
PARTICLES = {"da", "de", "do", "dos", "das", "del", "della", "van", "von", "der", "den", "ter", "bin", "binti", "al",
             "el", "la", "le", "du", "y"}


def is_name(text: str) -> bool:
    """Every word capitalised but a name's particles: a name or a title ("Vladimir Putin", "Presiden China", "Lula
    da Silva"), not a description ("presiden pertama")."""
    words = _LETTER_WORDS.findall(text)
    return any(w[0].isupper() for w in words) and all(w[0].isupper() or w in PARTICLES for w in words)


def asked_name(question: str) -> re.Pattern | None:
    """The name or title an identity question asks about ("Siapa Xi Jinping?"), compiled to find its mentions;
    None for a described subject ("Siapa penemu telepon?") or another question."""
    subject = identity_subject(question)  # as qa.span_kind.span_check reads it
    return re.compile(re.escape(subject), re.I) if subject is not None and is_name(subject) else None


def names_person_asked(question: str, sentences: list[str]) -> bool:
    """Whether the question asks only who a named person is ("Siapa Peskov?", "Who is Denisov?") and one of
    ``sentences`` names them as a whole word: then the articles say something of who they are, however few words
    the question gives the relevance judge ("Siapa Naryshkin?" was refused with support 0.18 over an article naming
    "Direktur Dinas Intelijen Luar Negeri Rusia Sergei Naryshkin"); the reader still refuses where no span says who.
    Of the 90 such training questions (../shared/training) whose passage names the person so, 89 are answerable
    (checked by a script, not kept); "Apa itu X?" is left to the abstention (5 of its 56 so are not)."""
    subject = asked_name(question)
    if subject is None or not re.match(r"(?i)\s*(siapa|who\b)", question):
        return False
    whole = re.compile(rf"(?<![\w-]){subject.pattern}(?![\w-])", re.I)
    return any(whole.search(s) for s in sentences)


@functools.lru_cache(maxsize=256)
def name_mentions(passage: str, subject: re.Pattern) -> tuple[tuple[int, int], ...]:
    """Where ``passage`` mentions ``subject`` (from ``asked_name``), a one-word subject's given name before it
    taken in (``with_given_name``). Kept for the passages of the last questions: each span the reader offers is cut
    before a mention (``before_mention``) and then checked against them (qa.span_kind.answers_identity)."""
    one_word = " " not in subject.pattern.replace("\\", "")  # re.escape writes "Xi Jinping" "Xi\\ Jinping"
    return tuple((with_given_name(passage, m.start()) if one_word else m.start(), m.end())
                 for m in subject.finditer(passage))


def _capitalised_words(subject: re.Pattern) -> list[str]:
    """The capitalised words of the name or title asked about ("Yang", "Jiechi" of "Yang Jiechi")."""
    return [w for w in _LETTER_WORDS.findall(subject.pattern.replace("\\", "")) if w[0].isupper()]


@functools.lru_cache(maxsize=256)
def names_elsewhere(passage: str, subject: re.Pattern) -> bool:
    """Whether a passage that does not mention ``subject`` as asked may still be about them: it has a word like a
    word of the name (a capitalised one, not a title's; in any case; a country in any spelling: "Who is President
    Putin?" over "Presiden Putin"; "like": the same, or for five letters or more difflib's ratio 0.8 or more, as
    names are transliterated: "Dajjal" is "Dajal"), or the subject is a title alone ("Who is the Foreign
    Minister?" over Indonesian text). A passage that names no word of "Lia" says nothing of who Lia is ("Siapa
    Lia?" was answered "Putin dan Xi"). Of the 179 answerable "who is" training questions read over their passages
    (../shared/training), two answers are lost by it, token F1 0.823 -> 0.815 ("Siapa Istri Raja Stephen?" over a
    passage writing "Étienne"; "Apa itu Rekam Berita Rekayasa?", machine-translated, over "Engineering
    News-Record"; a script, not kept). The 0.8 and the five are round numbers, not fitted."""
    words = [w for w in _capitalised_words(subject) if w not in TITLE_WORDS]
    if not words:
        return True
    asked = {form.lower() for w in words for form in spellings(w)}
    return any(word == form or len(form) >= 5 and difflib.SequenceMatcher(None, word, form).ratio() >= 0.8
               for word in {w.lower() for w in _LETTER_WORDS.findall(passage)} for form in asked)


def part_mentions(passage: str, subject: re.Pattern, whole: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Where ``passage`` names a subject of two words or more by one of them, as news names a person after the
    first time ("Yang mengatakan, ..." of "Yang Jiechi", "Putin menyatakan ..." of "Vladimir Putin"): each
    capitalised word of it as a whole word, written as asked, not a title's word nor a country's; its ``whole``
    mentions (``name_mentions``) aside."""
    words = _capitalised_words(subject)
    if len(words) < 2:
        return []
    return [(m.start(), m.end()) for w in words if w not in TITLE_WORDS and spellings(w) == {w}
            for m in re.finditer(rf"(?<![\w-]){re.escape(w)}(?![\w-])", passage)
            if not any(lo <= m.start() < hi for lo, hi in whole)]


def with_given_name(passage: str, start: int) -> int:
    """Where the name mentioned at ``passage[start:]`` begins, a given name before a one-word subject included:
    "Yuri Ushakov" is the mention of "Who is Ushakov?", so "Yuri" does not answer it and "Pejabat Kremlin, Yuri
    Ushakov" stands beside it. One capitalised word joined by a space, not a title's (``TITLE_WORDS``, or one
    the passage writes in lower case elsewhere: "pejabat" is no name); a subject of two words or more is a name
    whole ("Presiden China" answers "Siapa Xi Jinping?"). Of the 179 answerable "who is <name or title>"
    questions in ../shared/training, one gold answer stands right before the subject ("produser Butch Vig"), in
    lower case (a script, not kept)."""
    m = re.search(r"(?<![\w-])([^\W\d_]+) $", passage[max(0, start - 40):start])
    if m is None or not m.group(1)[0].isupper() \
            or m.group(1) in TITLE_WORDS or re.search(rf"(?<!\w){m.group(1).lower()}(?!\w)", passage):
        return start
    return start - len(m.group(0))


def before_mention(passage: str, start: int, end: int, subject: re.Pattern) -> tuple[int, int]:
    """The span ``passage[start:end]`` cut where a mention of ``subject`` begins inside it, when it begins before
    one: the reader's span for "Siapa Ushakov?" ran into the name ("Pejabat Kremlin, Yuri Ushakov"), and a span
    that holds the name never says who it is (``qa.span_kind.answers_identity``); its description before the name
    does ("Pejabat Kremlin"). Else the span as it is."""
    for lo, _ in name_mentions(passage, subject):
        if start < lo < end:
            kept = re.sub(r"(?:[\s,;:(–—.-]|\b(?:dan|and|serta|atau|or)\b)+$", "", passage[start:lo])
            return (start, start + len(kept)) if kept else (start, end)
    return start, end


def whole_description(passage: str, start: int, end: int, subject: re.Pattern, lo: int = 0) -> int:
    """Where the span ``passage[start:end]`` starts once read back over the description it ends, when it ends
    right before a mention of ``subject`` or a comma before it (a one-word subject's given name counted in the
    mention: "Andrey Denisov"; "Pejabat Kremlin, Yuri Ushakov"); else ``start``. Never before ``lo`` (the
    sentence's start). Of the 179 answerable "who is <name or title>" questions in ../shared/training, the
    reader's span over each gold passage changes for none and token F1 is unchanged, the comma's case and the cut
    of ``before_mention`` included (a script, not kept): Wikipedia describes after the name; news, before it."""
    if not any(at >= end and not passage[end:at].strip(" ,") for at, _ in name_mentions(passage, subject)):
        return start
    crossed: list[re.Match] = []
    for word in reversed(list(_WORD.finditer(passage, lo, start))):
        text = word.group()
        if passage[word.end():(crossed[-1].start() if crossed else start)].strip() or text.lower() in _OPENS \
                or text.islower() and _VERB.fullmatch(text) and text not in _NOT_VERBS or len(crossed) == MAX_WORDS:
            break
        crossed.append(word)
    while crossed and crossed[-1].group().lower() in _INNER:
        crossed.pop()
    return crossed[-1].start() if crossed else start

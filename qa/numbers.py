"""Numbers in an Indonesian span, written for an English reader: "tiga" is 3, "4.000" is 4,000 and "3,717
miliar" is 3.717 billion (Indonesian writes a dot between thousands and a comma before decimals, English the
reverse, so "4.000" and "19,797" each read as another number to an English eye). The span itself stays as the
article wrote it, with the English reading after it in brackets."""

from __future__ import annotations

import re

_UNITS = {"satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7, "delapan": 8,
          "sembilan": 9}
_SE_GROUPS = {"sepuluh": 10, "sebelas": 11, "seratus": 100}  # "se-" is one: ten, eleven, a hundred
_TENS = {"belas": 10, "puluh": 10, "ratus": 100}  # "dua belas" adds ten; "dua puluh", "dua ratus" multiply
_SCALES = {"ribu": 1_000, "juta": 1_000_000, "miliar": 10**9, "milyar": 10**9, "triliun": 10**12}
_SCALE_WORDS = {"ribu": "thousand", "juta": "million", "miliar": "billion", "milyar": "billion",
                "triliun": "trillion"}
_SE_SCALES = {"seribu": 1_000, "sejuta": 1_000_000, "semiliar": 10**9}
_WORD = "|".join(sorted([*_UNITS, *_SE_GROUPS, *_TENS, *_SCALES, *_SE_SCALES], key=len, reverse=True))
# a run of number words, none of them part of a hyphenated word ("satu-satunya" is "the only one")
_WORDS_RUN = re.compile(rf"(?<![\w-])(?:{_WORD})(?:\s+(?:{_WORD}))*(?![\w-])")
# a number right after a letter is part of a word ("9P", "A320"), except after a currency ("Rp5.700", "US$3,5")
_DIGITS = re.compile(r"(?:(?<![\w.,])|(?<=Rp)|(?<=\$))(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?"
                     r"(?:\s+(ribu|juta|miliar|milyar|triliun))?(?![\w]|[.,]\d)")


def words_value(words: str) -> int | None:
    """The value of a run of Indonesian number words ("dua ratus lima puluh tiga ribu" is 253000), or None when
    the run is no number ("ribu" alone, "puluh tiga")."""
    total = group = last = 0
    for w in words.split():
        if w in _UNITS or w in _SE_GROUPS:
            if last:
                return None  # "dua tiga" is no number
            if w in _UNITS:
                last = _UNITS[w]
            else:
                group += _SE_GROUPS[w]
        elif w in _TENS:
            if not last:
                return None
            group, last = group + (last + 10 if w == "belas" else last * _TENS[w]), 0
        elif w in _SE_SCALES:
            if group or last:
                return None
            total, group, last = total + _SE_SCALES[w], 0, 0
        else:
            if not group + last:
                return None
            total, group, last = total + (group + last) * _SCALES[w], 0, 0
    return total + group + last


def english_numbers(span: str) -> str | None:
    """The span's numbers as an English reader writes them ("3", "4,000", "3.717 billion"), joined by "; ", or None
    when every number reads the same in English ("15", "1969")."""
    read: list[tuple[int, str]] = []
    for m in _WORDS_RUN.finditer(span):
        value = words_value(m.group())
        if value is not None:
            read.append((m.start(), f"{value:,}"))
    for m in _DIGITS.finditer(span):
        whole, decimals, scale = m.groups()
        if decimals and len(decimals) == 3 and "." not in whole and not scale:
            continue  # "3,500" is 3.5 in Indonesian, 3500 in English: either may be meant ("3,717 miliar" is not)
        # plain digits stay as written: "1969" is a year, not 1,969
        english = (f"{int(whole.replace('.', '')):,}" if "." in whole else whole) + (f".{decimals}" if decimals else "")
        english += f" {_SCALE_WORDS[scale]}" if scale else ""
        if english != m.group():
            read.append((m.start(), english))
    return "; ".join(text for _, text in sorted(read)) or None


def for_reader(span: str, lang: str) -> str:
    """The span as it leads an answer in ``lang``: to an English question, with its numbers' English reading."""
    english = english_numbers(span) if lang == "en" else None
    return f"{span} ({english})" if english else span

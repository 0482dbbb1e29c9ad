"""Which spans answer a question, by kind (no model): the reader's best span is taken among these only
(``qa.reader.best_span``'s ``accept``, as a SQuAD reader's n-best list is filtered).

Not one that only repeats the question's own words (a question about Putin is not answered "Putin"); not one of a
quantity question that states no quantity ("how many tons" is not answered "Vladimir Putin"; "how many times" not
"24 Februari"), of a year question no year ("in what year" is not answered "24 Februari"), of a duration question
no duration ("how long" not "21/1"), neither by the numbers the question gives itself ("the total of the 2004
election funds" is not "Pemilu 2004"); and not a date alone for a question that asks no time ("Apa yang dikritik
Beijing?" is not "7 Oktober").
"""

from __future__ import annotations

import re
from collections.abc import Callable

from qa.lang import (
    asks_count,
    asks_duration,
    asks_no_time,
    asks_quantity,
    asks_year,
    only_dates,
    states_duration,
    states_quantity,
    states_year,
    without_dates,
)

_WORDS = re.compile(r"\w+")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def span_check(question: str) -> Callable[[str], bool]:
    """Whether a span's text is of the kind ``question`` asks for (see the module's docstring)."""
    asked, given = {w.lower() for w in _WORDS.findall(question)}, set(_NUMBER.findall(question))
    quantity, year, count = asks_quantity(question), asks_year(question), asks_count(question)
    duration, no_time = asks_duration(question), asks_no_time(question)

    def accept(text: str) -> bool:
        return (bool(text) and not {w.lower() for w in _WORDS.findall(text)} <= asked
                and (not quantity or states_quantity(without_numbers(without_dates(text) if count else text, given)))
                and (not year or states_year(without_numbers(text, given)))
                and (not duration or states_duration(text))
                and (not no_time or not only_dates(text)))

    return accept


# Of the 1,972 answerable quantity questions in ../shared/training whose gold answer states a quantity, 3 have one
# whose every number the question gives too ("p - 1"; "20 hektar" of a question cut after "24 Agustus 20"); of the
# 253 year questions, none whose year it gives (checked by a script, not kept).
def without_numbers(text: str, numbers: set[str]) -> str:
    """``text`` without the digits-and-separators numbers in ``numbers`` (the question's own)."""
    return _NUMBER.sub(lambda m: " " if m.group() in numbers else m.group(), text)

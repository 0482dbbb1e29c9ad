"""A question typed as people chat, read as the articles are written: "kpn xi telpon putin" asks what "kapan xi
menelepon putin" asks, and a question in capitals what the same in lower case asks.

News is written in standard Indonesian, so chat spellings find no word of BM25's and pull e5 away: over the sample,
"kpn xi telpon putin" was answered "Ukraina" (not read as a "when" question) and "KAPAN XI MENELEPON PUTIN?" "Rabu"
(the same in lower case: "Rabu 15 Juni 2022"). Only lower-case words of this list are replaced, and only in a
question that is not English: a general slang list (indoNLP's replace_slang, tried on the training questions) also
turns "Dr." into "dari." and "Mao" into "mau", and the English "say" into "sayang".
"""

from __future__ import annotations

import re

from qa.chatwords import CHAT_WORDS
from qa.lang import detect_language

_LOWER_WORD = re.compile(r"(?<![\w-])[a-z]+(?![\w-])")


def standard_question(question: str) -> str:
    """``question`` with capitals lowered when it is all capitals (more than two words) and, unless it is
    English, the chat spellings of ``CHAT_WORDS`` written out."""
    letters = [c for c in question if c.isalpha()]
    if len(question.split()) > 2 and letters and all(c.isupper() for c in letters):
        question = question.lower()
    if detect_language(question) == "en":
        return question
    return _LOWER_WORD.sub(lambda m: CHAT_WORDS.get(m.group(), m.group()), question)

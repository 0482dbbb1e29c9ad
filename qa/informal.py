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
from collections import Counter, defaultdict
from collections.abc import Sequence

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


_LETTERS = re.compile(r"[^\W\d_]+")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\"“(]\s*|\n\s*)$")


def written_as_passages(question: str, passages: Sequence[str]) -> str:
    """A question typed without capitals after its first letter, its words written as ``passages`` write them
    where they capitalise them (a name, a title, an acronym: "siapa presiden tiongkok?" over "... dan Presiden
    Tiongkok Xi Jinping" reads "siapa Presiden Tiongkok?"): a word at least four times as often capitalised there as
    not, a sentence's first word not counted. A question typed with capitals is left as typed. The reader and the
    name rules read case: on 150 FacQA train questions read by the reader over their gold passage (../shared/
    training), token F1 0.922 as written, 0.889 in lower case, 0.908 lower case so rewritten; on 200 questions
    typed in lower case there (IDK-MRC, TyDi, translated SQuAD; 17 rewritten) 0.611 either way (a script, not
    kept). The four is a round number, not fitted (two gave the same F1)."""
    if any(c.isupper() for c in question[1:]):
        return question
    capitalised: dict[str, Counter] = defaultdict(Counter)
    lower: Counter = Counter()
    for passage in passages:
        for m in _LETTERS.finditer(passage):
            if _SENTENCE_START.search(passage[max(0, m.start() - 3):m.start()]):
                continue  # a sentence's first word says nothing of how the word is written
            word = m.group()
            if word[0].isupper():
                capitalised[word.lower()][word] += 1
            else:
                lower[word.lower()] += 1

    def written(m: re.Match) -> str:
        word = m.group()
        forms = capitalised.get(word.lower()) if word.islower() else None
        if not forms or sum(forms.values()) < 4 * lower[word]:
            return word
        return forms.most_common(1)[0][0]

    return _LETTERS.sub(written, question)

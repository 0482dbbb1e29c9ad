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

from qa.lang import detect_language

# chat spellings of question words, function words and the verbs of news questions (not fitted: common usage).
# Not the abbreviations news writes too ("tgl 6/9", "Rp 5 jt"): a question's "tgl" should meet the article's;
# nor words that are standard in another sense ("liat" of "tanah liat" is clay, not "lihat").
CHAT_WORDS = {
    "kpn": "kapan", "dmn": "di mana", "dimn": "di mana", "sp": "siapa", "spa": "siapa", "sapa": "siapa",
    "brp": "berapa", "brapa": "berapa", "knp": "kenapa", "napa": "kenapa", "gmn": "bagaimana", "gmana": "bagaimana",
    "gimana": "bagaimana", "bgmn": "bagaimana", "yg": "yang", "dgn": "dengan", "dg": "dengan", "utk": "untuk",
    "tdk": "tidak", "gak": "tidak", "ga": "tidak", "gk": "tidak", "nggak": "tidak", "ngga": "tidak",
    "enggak": "tidak", "sdh": "sudah", "udah": "sudah", "udh": "sudah", "blm": "belum", "belom": "belum",
    "krn": "karena", "krna": "karena", "aja": "saja", "kyk": "seperti",
    "telpon": "telepon", "telfon": "telepon", "tlp": "telepon", "tilpon": "telepon", "nelpon": "menelepon",
    "nelfon": "menelepon", "menelpon": "menelepon", "menelfon": "menelepon", "ditelpon": "ditelepon",
    "ketemu": "bertemu", "ketemuan": "bertemu", "ngomong": "berbicara", "ngomongin": "membicarakan",
    "deket": "dekat",
}
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

"""What a question asks its answer to state, and whether a span states it: a quantity ("berapa", "how many"),
a year, a duration ("berapa lama"), or, for a question that asks no time, more than a date. Word rules, each
checked on the gold answers of ../shared/training (the figures beside them)."""

from __future__ import annotations

import re

from index.dates import find_dates
from qa.lang import HOW_MUCH_WORDS, is_when_question

# English asks for a quantity in more ways than Indonesian's "berapa": "how large/old/far...", "in what year", "what
# was the volume/number/price...". Checked on the answerable English training questions (eval/facqa_train_en.jsonl,
# eval/relevance_train_en.jsonl): of the 44 that these forms catch and "how many/much" does not, 43 translate a
# "berapa" question and 43 have a gold answer that states a quantity (not: "How large was the territory...?",
# "sebagian Pulau Jawa"). "On what date" is a "when" question, answered by the date logic.
_QUANTITY_QUESTION = re.compile(
    r"\bberapa(kah)?\b|\bhow\s+(" + HOW_MUCH_WORDS + r")\b|"
    r"\b(what|which)\s+(year|percentage|proportion)\b|"
    r"\bwhat\s+(is|was|are|were)\s+(the|([\w-]+\s+){0,4}?[\w-]+'s)\s+([\w'-]+\s+){0,3}?"
    r"(number|amount|total|value|volume|price|cost|percentage|population|size|rate|budget|revenue|income|area|length|"
    r"height|weight|age|capacity|output)\b", re.I)
_QUANTITY = re.compile(
    r"\d|\b(satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|\w*puluh\w*|\w*belas|\w*ratus\w*|\w*ribu\w*|"
    r"\w*juta\w*|\w*miliar\w*|milyar\w*|\w*triliun\w*|setengah|separuh|seper(dua|tiga|empat|lima|sepuluh|seratus)|"
    r"beberapa|banyak|sedikit|"
    r"se(orang|buah|ekor|tahun|bulan|minggu|hari|abad|kali|dekade)|one|two|three|four|five|six|seven|eight|nine|"
    r"ten|eleven|twelve|(thir|four|fif|six|seven|eigh|nine)teen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|"
    r"hundreds?|thousands?|millions?|billions?|half|several|dozens?)\b", re.I)


# A year question wants a year, not any quantity: "24 Februari" does not answer "In what year...?". Of the 313
# answerable "tahun berapa(kah)" questions in ../shared/training, 312 have a gold answer that _YEAR finds (not:
# "Pertempuran Cedar Creek"). "Berapa tahun" (how many years) asks a duration, not a year.
_YEAR_QUESTION = re.compile(r"\b(what|which)\s+year\b|\btahun\s+berapa(kah)?\b", re.I)
_YEAR = re.compile(r"\b\d{3,4}\b|\b\d+\s*(SM|M|BC|AD|BCE|CE)\b|\b(abad|century|centuries|masehi)\b|"
                   r"\btahun\s+(lalu|ini|depan|kemarin)\b|\b(last|this|next)\s+year\b", re.I)


def asks_year(question: str) -> bool:
    """"Pada tahun berapa ...?", "In what year ...?": the answer names a year (``states_year``)."""
    return bool(_YEAR_QUESTION.search(question))


def states_year(text: str) -> bool:
    """Whether ``text`` names a year: three or four digits, an era ("6 SM"), a century, or "tahun lalu"."""
    return bool(_YEAR.search(text))


_DURATION_QUESTION = re.compile(r"\b(berapa\s+lama(kah)?|how\s+long)\b", re.I)
# A duration is a unit of time or length ("85 hari", "1.230 km": translated "how long is the Rhine"), a range
# ("1967 sampai 1998", "25 Juni 1950 sampai 27 Juli 1953") or a year it runs from ("sejak 1950-an"), but not a
# lone date: "Berapa lama Xi dan Putin berbicara?" is not answered "21/1". Of the 109 answerable "berapa lama / how
# long" questions in ../shared/training, 105 had a gold answer that states one (not: "25 Februari 2013", "tetap",
# "sampai setelah berakhirnya Perang Meksiko", "dimulai pada awal September dan berakhir pada pertengahan Mei"),
# 103 since a unit must be counted (``counted_unit``).
_TIME_UNIT = re.compile(
    r"\b\w*(detik|menit|jam|hari|pekan|minggu|bulan|tahun|windu|dekade|dasawarsa|abad|milenium)\b|"
    r"\b(second|minute|hour|day|week|month|year|decade|century|centurie|millenni\w*|km|kilometer|meter|m|mil|mi|"
    r"mile|cm|kaki|feet|foot)s?\b|\b\d{3,4}(-an|s)?\b|\b(sejak|since)\b", re.I)
_RANGE = re.compile(r"\d.*?(\b(hingga|sampai|s/d|to|until|through|dan|and)\b|[–—-]).*?\d", re.I)


def asks_duration(question: str) -> bool:
    """"Berapa lama ...?", "How long ...?": the answer states a duration (``states_duration``)."""
    return bool(_DURATION_QUESTION.search(question))


def states_duration(text: str) -> bool:
    """Whether ``text`` states a duration: a range, or, its dates taken out, a year or a counted unit of time or
    length (``counted_unit``)."""
    if _RANGE.search(text):
        return True
    plain = without_dates(text)
    return any(counted_unit(plain, m) if m.group(1) or m.group(2) else True for m in _TIME_UNIT.finditer(plain))


_SINGLE = re.compile(r"^(a|an|many|few|se\w+|ber\w+)$", re.I)


def counted_unit(text: str, unit: re.Match) -> bool:
    """Whether a unit of time or length in ``text`` is counted: a quantity in the two words before it ("tiga
    jam", "5-10 juta tahun", "beberapa tahun", "an hour"), a unit word that counts itself ("setahun",
    "berbulan-bulan") or a century's ordinal after it ("abad ke-19"). "tiga pertemuannya dengan Putin tahun lalu"
    states no duration ("Berapa lama pertemuan video Xi dan Putin?" was answered with its words). Of the 105
    answerable "berapa lama / how long" questions in ../shared/training whose gold answer stated a unit or a range
    before this rule, 103 still do (not: "detik"; "dimulai pada hari pertama bulan pertama ... berakhir ... pada
    tanggal kelima belas", a description of when a festival runs)."""
    if _SINGLE.match(unit.group(0)) or re.match(r"\s*-?\s*ke\b", text[unit.end():], re.I):
        return True
    before = re.findall(r"[\w.,-]+", text[:unit.start()])[-2:]
    return any(_QUANTITY.search(w) for w in before) or bool(before and _SINGLE.match(before[-1]))


def without_dates(text: str, dates: list | None = None) -> str:
    """``text`` without the dates the index's rules find in it ("24 Februari", "Rabu (15/6)"), or without ``dates``
    when the caller found them already."""
    for m in sorted(find_dates(text) if dates is None else dates, key=lambda m: -m.start):
        text = text[: m.start] + text[m.end :]
    return text


# a time named in the question's own words ("tanggal berapa", "hari apa", "bulan", "date", "year"): a date may answer it
_TIME_ASKED = re.compile(r"\b(tanggal|tgl|hari|bulan|tahun|pekan|minggu|waktu|masa|periode|musim|abad|date|day|month|"
                         r"year|week|time|era|season|century)\b", re.I)
AROUND_DATES = {"pada", "tanggal", "tgl", "hari", "sejak", "hingga", "sampai", "dan", "on", "the", "of", "since",
                "until", "and"}


def asks_no_time(question: str) -> bool:
    """A question that asks neither when, a year nor a duration, nor names a time in its own words: a date alone
    does not answer it ("Apa yang dikritik Beijing terkait Israel?" is not "7 Oktober"). Of the 13,319 answerable
    such factoid questions in ../shared/training, 12 (7 distinct; IDK-MRC and TyDi share some) have gold answers
    that are only a date (``only_dates``), each mislabelled ("Dimana Paus Yohanes XXIII meninggal?" -> "3 Juni
    1963")."""
    return not (is_when_question(question) or asks_year(question) or asks_duration(question)
                or _TIME_ASKED.search(question))


def only_dates(text: str) -> bool:
    """Whether ``text`` is dates and nothing more but the words around them ("7 Oktober", "pada Rabu (15/6)")."""
    dates = find_dates(text)
    return bool(dates) and {w.lower() for w in re.findall(r"[^\W\d_]+", without_dates(text, dates))} <= AROUND_DATES


def asks_count(question: str) -> bool:
    """A quantity question that asks neither a date, a year nor a duration ("berapa lama": gold answers such as "25
    Juni 1950 sampai 27 Juli 1953"): a date does not answer it ("24 Februari" is not "how many times"). Of the 2,306
    answerable such questions in ../shared/training, none has a gold answer whose only quantity is a date."""
    return (asks_quantity(question) and not asks_year(question) and not is_when_question(question)
            and not asks_duration(question))


def asks_quantity(question: str) -> bool:
    """"Berapa ...?", "How many/much/large ...?", "In what year ...?", "What was the volume ...?": the answer
    states a quantity."""
    return bool(_QUANTITY_QUESTION.search(question))


def states_quantity(text: str) -> bool:
    """Whether ``text`` has a digit or a number word. Of the 2,827 answerable quantity questions in
    ../shared/training, 97% have a gold answer that does; the rest mostly ask "how wide" and get places."""
    return bool(_QUANTITY.search(text))


# "Kapan Xi lahir?" was answered "21/1", the date of a report that says nothing of his birth. A question for when
# someone was born or died is answered only by a sentence that states a birth or a death, or gives a lifespan in
# parentheses ("(1534 – 14 April 1578)", "(Sumedang, 5 Desember 1973)", or one the sentence splitter cut at its
# dash). Of the 272 answerable such questions in ../shared/training, the gold answer's sentence (as index.sentences
# splits it) does so for 260 (a script, not kept; not: "Tanggal 30 April 1945, ... keduanya bunuh diri", "Tahun
# 648, Fang merampungkan ...", "Ayahnya naik takhta ... pada tahun 1936" for Elizabeth II's birth). The sentence
# need not name the one asked about: 21 of the 260 name them otherwise ("Cipto" for "Tjipto") or not at all.
_LIFE_QUESTION = re.compile(r"\b(lahir|dilahirkan|born|meninggal|wafat|tewas|die|died)\b", re.I)
_LIFE = re.compile(r"\b(di\s*lahirkan|lahir|kelahiran|born|birth|meninggal|wafat|tewas|mangkat|gugur|kematian|died|"
                   r"death|dibunuh|terbunuh|killed|berpulang|menutup\s+mata|dikremasi|dimakamkan|buried)\w*|"
                   r"\([^()]*\d[^()]*[–—-][^()]*\)|\([A-Z][^()]*,\s*[^()]*\d{4}\s*\)|"  # a lifespan, a birthplace's date
                   r"^\W*(c\.|l\.k\.|\?)?\s*\d[\d/]*\s*(SM|M)?\s*[–—-]|[?]\s*[–—-]\s*\d|"  # one cut at its dash
                   r"\(\s*\d[^()]*[–—-]\s*\d|\)\s*[–—-]\s*\(\s*\d",  # "(5 Januari 1926—30 ...", "(1593) – (1615)"
                   re.I)


def asks_life_date(question: str) -> bool:
    """Whether the question asks when someone was born or died ("Kapan Xi lahir?", "When did Lincoln die?")."""
    asks_time = is_when_question(question) or bool(re.search(r"\b(tanggal|tahun)\s+berapa", question, re.I))
    return asks_time and bool(_LIFE_QUESTION.search(question))


def life_sentences(question: str, cands: list) -> list:
    """The candidates (with ``.text``) that may answer the question: for a birth or death date, those that state a
    birth or a death or give a lifespan (none: the articles do not say); any other question's, all of them."""
    return [c for c in cands if _LIFE.search(c.text)] if asks_life_date(question) else cands

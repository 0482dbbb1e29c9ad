"""The question's language (Indonesian or English) and its kind, by small documented word rules."""

from __future__ import annotations

import re

from index.dates import find_dates

_ID = {"apa", "apakah", "siapa", "kapan", "dimana", "di", "mana", "yang", "dan", "dengan", "bagaimana", "berapa",
       "mengapa", "kenapa", "tanggal", "hari", "pada", "tentang", "ke", "dari", "ini", "itu", "untuk", "tidak",
       "oleh", "saat", "adalah", "bulan", "tahun", "juga", "sebut", "sebutkan", "siapakah", "manakah"}
_EN = {"what", "who", "when", "where", "which", "why", "how", "the", "did", "does", "do", "is", "are", "was",
       "were", "of", "and", "about", "on", "in", "to", "a", "an", "day", "date", "say", "said", "talk", "with"}
# "pada tanggal 20 Agustus" gives a date, it does not ask one: each of the 16 questions in ../shared/training that
# only it made "when" questions asks something else ("Siapakah yang mendirikan KRC pada tanggal 11 April 1852",
# "Negara manakah yang meluncurkan kapsul Shenzhou pada tanggal 12 Oktober 2005")
_WHEN = re.compile(
    r"\b(kapan|kapankah|tanggal berapa(kah)?|hari apa(kah)?|bilamana|when|what day|what date|which day|"
    r"on what date)\b",
    re.I,
)
_WORD = re.compile(r"[a-zA-Z']+")

MESSAGES = {
    "abstain": {
        "id": "Artikel-artikel ini tidak memuat jawaban atas pertanyaan tersebut.",
        "en": "The articles do not say.",
    },
    "llm_failed": {
        "id": "LLM tidak tersedia ({reason}); jawaban ekstraktif ditampilkan.",
        "en": "The LLM was unavailable ({reason}); showing the extractive answer.",
    },
    "llm_uncited": {
        "id": "Jawaban LLM tidak mengutip bagian mana pun; jawaban ekstraktif ditampilkan.",
        "en": "The LLM's answer cited no passage; showing the extractive answer.",
    },
    "llm_unsupported": {
        "id": "Jawaban LLM menyebut angka atau bulan yang tidak ada di bagian yang dikutip; jawaban ekstraktif ditampilkan.",
        "en": "The LLM's answer named a number or month that the passages do not contain; showing the extractive answer.",
    },
    "llm_date": {
        "id": "Jawaban LLM tidak menyebut tanggal yang dimuat artikel; jawaban ekstraktif ditampilkan.",
        "en": "The LLM's answer did not give the date the article states; showing the extractive answer.",
    },
    "outside_window": {
        "id": "Bagian yang paling cocok tidak menyebut tanggal dalam rentang “{window}”; jawabannya mungkin "
              "tentang waktu lain.",
        "en": "The best-matching passage gives no date within “{window}”; the answer may be about another time.",
    },
    "no_span": {"id": "Bagian-bagian yang paling cocok membahas topik ini, tetapi tidak ada yang menyebut hal yang "
                      "ditanyakan.",
                "en": "The closest passages are on this topic, but none of them states what is asked."},
    "no_timeline": {"id": "Artikel-artikel ini tidak memuat peristiwa bertanggal tentang “{query}”.",
                    "en": "The articles give no dated events about “{query}”."},
    "previous_articles": {"id": "Dijawab dari artikel yang dikutip jawaban sebelumnya.",
                          "en": "Answered from the articles the previous answer cited."},
    "read_as": {"id": "Dibaca sebagai: “{question}”.", "en": "Read as: “{question}”."},
    "latest_known_year": {"id": "Yang terbaru di antara laporan yang tahunnya diketahui; yang bertanggal {dates} "
                                "tidak menyebut tahun.",
                          "en": "The latest of the reports whose year is known; those dated {dates} give none."},
    "no_events": {"id": "Artikel-artikel ini tidak menyebut peristiwa bertanggal dalam “{window}”.",
                  "en": "The articles name no dated event within “{window}”."},
    "events_cut": {"id": "Yang ditampilkan: {n} kalimat bertanggal pertama dalam “{window}”; tanyakan rentang "
                         "waktu yang lebih sempit atau sebuah topik untuk sisanya.",
                   "en": "Shown: the first {n} dated sentences within “{window}”; ask about a narrower time or a "
                         "topic for the rest."},
    "quoted_instead": {"id": "Bagian yang dikutip memuat kata-kata {names}, bukan {asked}.",
                       "en": "The quoted passages give the words of {names}, not of {asked}."},
    "from_published": {"id": "dihitung dari tanggal artikel", "en": "counted from the article's date"},
    "from_context": {"id": "tanggal yang disebut sebelumnya", "en": "the date given just before"},
    "empty_scope": {"id": "Tidak ada artikel dalam cakupan yang diminta (sumber atau rentang tanggal).",
                    "en": "No article lies within the scope asked for (sources or date range)."},
    "truncated": {
        "id": "Pertanyaan dipotong menjadi {n} karakter.",
        "en": "The question was cut to {n} characters.",
    },
}


def detect_language(text: str) -> str:
    """'en' when English function words outnumber Indonesian ones, else 'id' (the corpus language)."""
    words = [w.lower() for w in _WORD.findall(text)]
    en = sum(w in _EN for w in words)
    ind = sum(w in _ID for w in words)
    return "en" if en > ind else "id"


_QUOTED = re.compile(r'"[^"]*"|“[^”]*”')
# "How heavy/large/far...": English's "berapa", a quantity question (_QUANTITY_QUESTION), not a "how" one
_HOW_MUCH = r"many|much|large|big|long|tall|high|old|far|wide|heavy|deep"
_NOT_FACTOID = re.compile(
    r"\b(mengapa|kenapa|bagaimana|why|how(?!\s+(" + _HOW_MUCH + r")\b)|jelaskan|explain)\b|"
    # the one who speaks may stand between: "Apa yang mereka bahas?", "Apa yang Xi katakan?"
    r"\bapa\s+(saja\s+)?(yang\s+)?((dia|ia|mereka|beliau|keduanya|(?-i:[A-Z])[\w-]*(\s+(?-i:[A-Z])[\w-]*){0,2})\s+)?"
    r"(di)?(katakan|kata|sampaikan|bahas(?!a)|ungkapkan|nyatakan|isi)\w*\b|"
    r"\bwhat\s+(did|does|do|has|have|was|were)\b.*\b(say|said|tell|discuss|talk|agree|announce|mean)\w*\b|"
    r"\bwhat\s+is\s+the\s+(content|substance)\b|"
    # someone's view or response is a clause too ("Apa sikap China terhadap perang?" is not answered "Tiongkok")
    r"\bapa(kah)?\s+(sikap|tanggapan|reaksi|pendapat|pandangan|komentar)\s+(?-i:[A-Z])|"
    r"\bwhat\s+(is|was|are|were)\s+(?-i:[A-Z])[\w-]*(\s+(?-i:[A-Z])[\w-]*)*(['’]s)\s+"
    r"(stance|position|view|response|reaction|opinion)\b", re.I)


def is_factoid_question(text: str) -> bool:
    """Whether a short span can answer it: who, what (thing), where, when, how many... but not why, how, what
    someone said or discussed, whose answer is a clause, nor a yes/no question. A quoted title is not the question's
    own words ("Siapa penulis buku "Mengapa Kita Gagal"?" asks who), and "bahasa" is a language, not "bahas"."""
    text = _QUOTED.sub(" ", text)
    return not _NOT_FACTOID.search(text) and not is_yes_no_question(text)


# A yes/no question is answered by the sentence that settles it, not by a name in it ("Apakah Xi akan menghadiri
# Olimpiade?" is not "Beijing"). Indonesian "Apakah" mostly asks "what" ("Apakah nama partai ...?"), so only
# "Apakah" + a name or pronoun + a modal or a me-/ber-/di- verb counts. Of the 22,974 questions in
# ../shared/training, 9 are caught, each a yes/no question ("Apakah BSkyB memiliki kendali ...?": "tidak"); of the
# 500 English training questions in eval/, 2 ("Did Paul Baran get help ...?", "Is the Rhine gorge listed?"). A
# choice ("... di utara atau timur?", "internal or external") is answered by a span, so "atau"/"or" rules it out.
_NAMED = r"(?-i:[A-Z])[\w.-]*(\s+(?-i:[A-Z])[\w.-]*){0,3}"
_YES_NO = re.compile(
    r"^\W*apakah\s+(" + _NAMED + r"(\s+(dan|&)\s+" + _NAMED + r")?|ia|dia|beliau|mereka|keduanya|kedua\s+\w+)\s+"
    r"(akan|sudah|telah|pernah|masih|bisa|dapat|boleh|harus|benar|mau|ingin|sedang|tidak|belum|juga|memang|sempat|"
    r"(me|ber|di)\w{3,})\b|"
    r"^\W*(is|are|was|were|do|does|did|will|would|can|could|has|have|had|should)\s+\w", re.I)  # not "May 2022: …"
_CHOICE = re.compile(r"\b(atau|or)\b", re.I)
# "Can you tell me when Xi called Putin?" asks when: a polite frame around a wh-question
_INDIRECT = re.compile(r"^\W*(can|could|would|will)\s+you\s+(please\s+)?(tell|say|explain|show|find)\b|"
                       r"^\W*(do|does)\s+(you|anyone)\s+know\b", re.I)


def is_yes_no_question(text: str) -> bool:
    """"Apakah Xi akan hadir?", "Did Xi call Putin?": asks whether, not what; "X or Y?" asks which, and "Can you
    tell me when …?" asks when."""
    return bool(_YES_NO.search(text)) and not _CHOICE.search(text) and not _INDIRECT.search(text)


# English asks for a quantity in more ways than Indonesian's "berapa": "how large/old/far...", "in what year", "what
# was the volume/number/price...". Checked on the answerable English training questions (eval/facqa_train_en.jsonl,
# eval/relevance_train_en.jsonl): of the 44 that these forms catch and "how many/much" does not, 43 translate a
# "berapa" question and 43 have a gold answer that states a quantity (not: "How large was the territory...?",
# "sebagian Pulau Jawa"). "On what date" is a "when" question, answered by the date logic.
_QUANTITY_QUESTION = re.compile(
    r"\bberapa(kah)?\b|\bhow\s+(" + _HOW_MUCH + r")\b|"
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
_AROUND_DATES = {"pada", "tanggal", "tgl", "hari", "sejak", "hingga", "sampai", "dan", "on", "the", "of", "since",
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
    return bool(dates) and {w.lower() for w in re.findall(r"[^\W\d_]+", without_dates(text, dates))} <= _AROUND_DATES


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


# "Siapa Xi Jinping?", "Siapakah Presiden Rusia?", "Who is Vladimir Putin?": the question names someone (or a role)
# and asks who that is; nothing else is asked ("Siapa yang ...?" asks who did something).
_IDENTITY = re.compile(r"^\W*(?:siapa(?:kah)?(?:\s+itu)?|who\s+(?:is|was|are|were)|who's|apa(?:kah)?\s+itu|"
                       r"what\s+(?:is|was|are|were)|what's)\s+"
                       r"(?P<subject>[^?!.]*?\w)\W*$", re.I)


def identity_subject(question: str) -> str | None:
    """Who an identity question asks about ("Xi Jinping" of "Siapa Xi Jinping?"), else None ("Siapa yang
    menang?" asks who did something; "Siapa Yang Jiechi?" asks who Yang Jiechi is)."""
    m = _IDENTITY.match(question.strip())
    if m is None:
        return None
    subject = m.group("subject")
    who_did = subject.split()[0].lower() == "yang" and not re.match(r"Yang\s+[A-Z]", subject)
    return None if who_did else subject


def is_when_question(text: str) -> bool:
    return bool(_WHEN.search(text))


def listed(items: list[str], lang: str) -> str:
    """"Xinhua, TASS dan Xi" / "Xinhua, TASS and Xi"."""
    last = " dan " if lang != "en" else " and "
    return items[0] if len(items) < 2 else ", ".join(items[:-1]) + last + items[-1]


def message(key: str, lang: str, **kw: object) -> str:
    return MESSAGES[key][lang if lang in ("id", "en") else "id"].format(**kw)

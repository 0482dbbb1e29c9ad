"""Which spans answer a question, by kind (no model): the reader's best span is taken among these only
(``qa.reader.best_span``'s ``accept``, as a SQuAD reader's n-best list is filtered).

Not one that only repeats the question's own words (a question about Putin is not answered "Putin"); not one of a
quantity question that states no quantity ("how many tons" is not answered "Vladimir Putin"; "how many times" not
"24 Februari"), of a year question no year ("in what year" is not answered "24 Februari"), of a duration question
no duration ("how long" not "21/1"), neither by the numbers the question gives itself ("the total of the 2004
election funds" is not "Pemilu 2004"); not a date alone for a question that asks no time ("Apa yang dikritik
Beijing?" is not "7 Oktober"); and, for a question that asks who or what someone is ("Siapakah Emmanuel Macron?",
"Apa itu AUKUS?"), not another name away from that someone ("Kanselir Jerman Friedrich Merz dan Presiden Prancis
Emmanuel Macron ..." answers "Presiden Prancis", not "Friedrich Merz"; "AUKUS dan Indo-Pacific Quad" does not
answer "Indo-Pacific Quad"): a name that answers it stands next to the one asked about ("Sekretaris Jenderal PBB
Kofi Annan"), and a description that ends with another name is that name's. Nor one that only lists the names the
question gives ("Presiden Vladimir Putin dan Xi Jinping" of "Apa hasil pertemuan Xi dan Putin?").
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from index.dates import MONTHS, WEEKDAYS, find_dates
from qa.asked import (
    AROUND_DATES,
    asks_count,
    asks_duration,
    asks_no_time,
    asks_quantity,
    asks_year,
    only_dates,
    states_duration,
    states_quantity,
    states_year,
)
from qa.description import PARTICLES, VERB, asked_name, name_mentions, names_elsewhere, part_mentions
from qa.speaker import TITLE_WORDS, VERBS_OF_SAYING, asks_who_said, reports_saying

_WORDS = re.compile(r"\w+")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
# a span answers "who is X" from beside X: nothing between them but punctuation, a short parenthesis ("(kiri)",
# "(lahir 1953)") and at most three of these words
_BESIDE = {"adalah", "ialah", "merupakan", "yaitu", "yakni", "sang", "selaku", "sebagai", "menjadi", "yang",
           "is", "was", "as", "the", "a", "an"}
# a preposition right after the subject: what follows it in the clause is someone else ("kepada duta besar ...")
_TO_ANOTHER = re.compile(r"\s*(kepada|dengan|bersama|untuk|dari|oleh|terhadap|to|with|for|from|by)(\s[^,.;:!?()\"“”]*)?",
                         re.I)
# a verb right after the subject (not one that says what they are: "merupakan", "menjabat sebagai"): what follows
# it in the clause is what they did ("Lia menyambut kerjasama dan kepercayaan" answered "Siapa Lia?")
_DID = re.compile(r"\s*(?:(?:juga|pun|telah|sudah|akan|tidak|pernah)\s+)*(?!merupakan|menjadi|menjabat|bertugas|"
                  r"berprofesi|bekerja|dikenal|disebut|dijuluki|terpilih|diangkat|ditunjuk|dilantik)"
                  rf"{VERB}(?:\s[^,.;:!?()\"“”]*)?")
# a verb of saying right after the subject: the rest of the sentence is what they said ("Putin menyatakan bahwa 80
# tahun silam, rakyat Rusia dan China melawan ..." answered "Siapa Putin?")
_SAID = re.compile(rf"\s*(?:(?:juga|pun|telah|sudah|also)\s+)*(?:{VERBS_OF_SAYING})\b[^.!?]*", re.I)
_COPULA = re.compile(r"\b(adalah|ialah|merupakan|is|was|are|were)\b", re.I)
_PARENTHESIS = re.compile(r"\([^()]{0,40}\)")
_LETTER_WORDS = re.compile(r"[^\W\d_]+")

SpanCheck = Callable[[str, int, int], bool]  # (passage, start, end) -> whether passage[start:end] may answer


def span_check(question: str) -> SpanCheck:
    """Whether a span (``passage[start:end]``) is of the kind ``question`` asks for (see the module's docstring)."""
    asked, given = {w.lower() for w in _WORDS.findall(question)}, set(_NUMBER.findall(question))
    quantity, year, count = asks_quantity(question), asks_year(question), asks_count(question)
    duration, no_time, who_said = asks_duration(question), asks_no_time(question), asks_who_said(question)
    # only of a name or a title ("Siapa Xi Jinping?", "Siapakah Presiden Rusia?"): a described subject ("Siapa penemu
    # telepon genggam?") is often answered further off ("Penemu telepon genggam yang pertama adalah Martin Cooper");
    # compiled once per question: the check runs on every candidate span of every sentence read
    subject = asked_name(question)
    names = name_runs(question)

    def accept(passage: str, start: int, end: int) -> bool:
        text = passage[start:end]
        # a count is not the day of a date, even one the span cuts ("24" of "24 Februari")
        counted = outside_dates(passage, start, end) if count else text
        return (bool(text) and not {w.lower() for w in _WORDS.findall(text)} <= asked
                and (not quantity or states_quantity(without_numbers(counted, given)))
                and (not year or states_year(without_numbers(text, given)))
                and (not duration or states_duration(text))
                and (not no_time or not (only_dates(text) or within_dates(passage, start, end)))
                and (not who_said or reports_saying(passage, start, end))
                and (subject is None or answers_identity(passage, start, end, subject))
                and not only_names_asked(passage, start, end, names))

    return accept


@functools.lru_cache(maxsize=16)
def _passage_dates(passage: str) -> tuple[tuple[int, int], ...]:
    return tuple((m.start, m.end) for m in find_dates(passage))  # a passage is checked for up to 20 spans a sentence


def outside_dates(passage: str, start: int, end: int) -> str:
    """``passage[start:end]`` without the characters of the dates the index's rules find in the passage."""
    keep = [True] * (end - start)
    for lo, hi in _passage_dates(passage):
        for i in range(max(lo, start), min(hi, end)):
            keep[i - start] = False
    return "".join(c for c, k in zip(passage[start:end], keep) if k)


def within_dates(passage: str, start: int, end: int) -> bool:
    """Whether the span is (a piece of) the dates found in its passage and nothing else but the words around them:
    "15/6" of "Rabu (15/6/2022)", which alone is no date (``only_dates`` reads the span alone). Of the 9,742
    answerable factoid questions in ../shared/training that ask no time, 11 have such a gold answer (8 by
    ``only_dates``), all but two mislabelled ("Dimana Friedrich Nietzsche meninggal?" -> "1900"; checked by a script,
    not kept)."""
    rest = outside_dates(passage, start, end)
    return rest != passage[start:end] and not any(c.isdigit() for c in rest) \
        and {w.lower() for w in _LETTER_WORDS.findall(rest)} <= AROUND_DATES


def answers_identity(passage: str, start: int, end: int, subject: re.Pattern) -> bool:
    """A span may answer "who (or what) is <subject>" (``subject``: the name asked about, compiled to find its
    mentions) unless it overlaps a mention of the subject, leads with a name away from every mention (a name that
    answers stands next to it: "Presiden China Xi Jinping"), or ends with a name and is neither beside a mention,
    set off after one (a comma, a copula: "X (lahir 1961) adalah diplomat asal Republik Prancis"), nor a name or
    title right after one ("Dekan FKH UGM Prof drh ..."): "duta besar Rusia Andrey Denisov" describes Denisov, and
    "Wang Yi bertemu Presiden Rusia Vladimir Putin" says what Wang Yi did; nor (with what it holds) in the clause
    after a preposition or a verb that is not a copula right after a mention ("Yang Jiechi kepada duta besar Rusia"
    answered "Who is Yang Jiechi?", "Lia menyambut kerjasama ..." answered "Siapa Lia?"), a time between or not
    ("Xi Jinping pada Selasa (21/1) mengatakan ..."), the span read up to its clause's end; nor in the rest of the
    sentence after a verb of saying ("Putin menyatakan bahwa 80 tahun silam, rakyat ..."), a mention by one word of
    the name asked counted there too ("Yang mengatakan, ..." of "Who is Yang Jiechi?"; ``part_mentions``: the 179
    training questions below read the same with it). A one-word subject's
    mention takes in a given name before it (``qa.description.name_mentions``). A description ending in
    lowercase ("filsuf Yunani, murid dari Plato") may stand anywhere. Of the 1,027 answerable "who is" questions
    in ../shared/training, none has a gold answer that overlaps the subject. Of the 265 answerable "who/what is"
    questions whose subject is a name or a title, 5 golds are refused: "Kepala Desa Muara Dua di Kabupaten Seruyan
    Jumeri" (a name away from the title), three that hold the subject themselves ("AUSTPAC adalah jaringan ...")
    and one cut at "(" (checked by a script, not kept); the preposition and verb rules refuse none more (over
    ``eval.datasets.training_rows``, without TyDi's repeats: 4 of 179 refused with them and without). Where the
    passage never mentions ``subject`` as written ("Who is President Putin?" over Indonesian text) any span may
    answer if it names a word of the name (``qa.description.names_elsewhere``: 6 of the 179 golds refused with it)."""
    mentions = name_mentions(passage, subject)
    if any(lo < end and start < hi for lo, hi in mentions):
        return False
    start = name_start(passage, start)  # a span that starts inside a name ("Modi di Brasilia") is read from its start
    lead = leading_name(passage[start:end])
    if not mentions:
        return names_elsewhere(passage, subject)
    edges = (start, _clause_end(passage, start, end), end)
    named = [*mentions, *part_mentions(passage, subject, mentions)]
    if any(hi <= start and _deed_or_other(passage, hi, edges) for lo, hi in named):
        return False  # "Yang Jiechi kepada duta besar Rusia": another person; "Lia menyambut kerjasama": a deed
    if lead:
        lead_end = start + len(lead)
        if not any(beside(passage[lead_end:lo] if lead_end <= lo else passage[hi:start]) for lo, hi in mentions):
            return False
    if ends_with_name(passage[start:end]):  # "duta besar Rusia Andrey Denisov" describes Denisov, not the one asked
        capital = passage[start:start + 1].isupper()  # a name or title after a title ("Dekan FKH UGM Prof ...")
        return any(beside(passage[end:lo]) if end <= lo else (copula(passage[hi:start]) or appositive(passage[hi:start])
                                                              or capital and beside(passage[hi:start]))
                   for lo, hi in mentions)
    return True


_JOINERS = {"dan", "and", "serta", "&", "atau", "or"}
_TITLES_LOWER = {w.lower() for w in TITLE_WORDS}


def name_runs(question: str) -> list[tuple[str, ...]]:
    """The names a question gives, each as its words in lower case: its runs of capitalised words after the first
    word, months and weekdays aside ("Xi", "Putin", "Kristen Protestan")."""
    words = list(_WORDS.finditer(question))[1:]
    runs: list[list[str]] = []
    for i, w in enumerate(words):
        if not w.group()[0].isupper() or w.group().lower() in MONTHS or w.group().lower() in WEEKDAYS:
            continue  # "Putin Desember 2021": a month ends a name
        if runs and i and words[i - 1].group()[0].isupper() and question[words[i - 1].end():w.start()] == " ":
            runs[-1].append(w.group().lower())
        else:
            runs.append([w.group().lower()])
    return [tuple(run) for run in runs]


def only_names_asked(passage: str, start: int, end: int, names: list[tuple[str, ...]]) -> bool:
    """Whether ``passage[start:end]`` names only those the question names (``name_runs``), two or more, with their
    titles and full names: "Presiden Vladimir Putin dan Xi Jinping" answers nothing "Apa hasil pertemuan video Xi
    dan Putin?" did not say. A word counts as named when it is a title's word or "dan", or when it stands in one
    capitalised run with the whole of one of the question's names ("Vladimir Putin" holds "Putin"; "Kristen
    Ortodoks" does not hold "Kristen Protestan"), each run a name of its own. None of the 12,786 gold answers of
    the answerable questions in ../shared/training is such; on a quarter of the 5,744 that give two names or more
    (1,436), the reader over the gold passage answers the same (a script, not kept)."""
    words = list(_WORDS.finditer(passage, start, end))
    runs: list[list[re.Match]] = []
    for i, w in enumerate(words):
        joined = i and passage[words[i - 1].end():w.start()] == " " and runs[-1][-1].group()[0].isupper()
        if w.group()[0].isupper() and joined:
            runs[-1].append(w)
        else:
            runs.append([w])
    held = []  # per capitalised run, the question's names it holds whole
    for run in runs:
        lower = tuple(x.group().lower() for x in run)
        held.append({n for n in names if any(lower[i:i + len(n)] == n for i in range(len(lower)))}
                    if run[0].group()[0].isupper() else set())
    named = [h for h in held if h]
    if len(named) < 2 or len(set().union(*named)) < sum(map(len, named)):
        return False  # one name asked, qualified twice ("Siprus Turki dan Siprus Yunani"), is an answer
    return all(h or len(run) == 1 and run[0].group().lower() in _JOINERS | _TITLES_LOWER
               for h, run in zip(held, runs))


def _deed_or_other(passage: str, mention_end: int, edges: tuple[int, ...]) -> bool:
    """Whether the text from a mention's end to any of ``edges`` (the span's start, its clause's end, its end), a
    time it opens with aside, is a preposition's or a verb's clause or a saying: someone else, a deed, words."""
    rests = [after_time(passage, mention_end, edge) for edge in edges]
    return any(clause.fullmatch(rest) for rest in rests for clause in (_TO_ANOTHER, _DID, _SAID))


def _clause_end(passage: str, start: int, end: int) -> int:
    """Where the clause a span starts in ends, within the span: "memuji hasil dari hubungan bilateral kedua negara,
    bunyi pernyataan tersebut" is read as what Denisov did up to its comma."""
    m = re.search(r"[,;:()\"“”]", passage[start:end])
    return start + m.start() if m else end


def after_time(passage: str, start: int, end: int) -> str:
    """``passage[start:end]`` after the time it opens with, if any: "Xi Jinping pada Selasa (21/1) mengatakan ..."
    says what he did as "Xi Jinping mengatakan ..." does."""
    for lo, hi in _passage_dates(passage):
        if start <= lo and hi <= end and re.fullmatch(r"\s*(?:pada|on)?\s*", passage[start:lo], re.I):
            return passage[hi:end]
    return passage[start:end]


def ends_with_name(text: str) -> bool:
    """Whether ``text`` ends with two or more capitalised words after a lowercase one ("kepala urusan luar negeri
    Partai Komunis Tiongkok", "bekerja sama dengan Presiden Rusia Vladimir Putin")."""
    words = _LETTER_WORDS.findall(text)
    run = 0
    while run < len(words) and (words[-1 - run][0].isupper() or words[-1 - run] in PARTICLES):
        run += 1
    return 2 <= run < len(words)


def name_start(passage: str, start: int) -> int:
    """Where the name that ``passage[start:]`` may start inside begins: back over capitalised words joined to it
    by single spaces, when it starts with a capital itself."""
    if not passage[start:start + 1].isupper():
        return start
    while (m := re.search(r"([^\W\d_]+) $", passage[max(0, start - 40):start])) and m.group(1)[0].isupper():
        start -= len(m.group(0))
    return start


def leading_name(text: str) -> str:
    """The name that ``text`` is or starts with ("Presiden Prancis Emmanuel Macron" of "Presiden Prancis Emmanuel
    Macron berjabat tangan"), names joined by "dan"/"and" one ("Putin dan Xi" answered "Siapa Lia?" from a sentence
    away from her); empty when it starts with a lowercase word or with one capitalised word followed by others
    ("Musisi terkenal" is a description)."""
    words = list(_LETTER_WORDS.finditer(text))
    run = 0
    while run < len(words) and (words[run].group()[0].isupper() or words[run].group() in PARTICLES and run
                                or run and words[run].group() in _JOINERS and run + 1 < len(words)
                                and words[run + 1].group()[0].isupper()):
        run += 1
    if run == 0 or (run == 1 and len(words) > 1):
        return ""
    return text[:words[run - 1].end()]


def copula(gap: str) -> bool:
    """Whether the text from a mention to a span after it, in the same sentence, says the mention is the span
    ("Viz Media, LLC adalah perusahaan ...", "Aristoteles (bahasa Yunani: ...) adalah seorang filsuf ...")."""
    return bool(_COPULA.search(gap)) and not re.search(r"[.;!?]\s", gap)


def appositive(gap: str) -> bool:
    """Whether the text from a mention to a span after it sets the span off as the mention's description ("Louis
    Martin, duta besar ..."); "Wang Yi bertemu Presiden Rusia ..." goes on with what he did."""
    gap = _PARENTHESIS.sub(" ", gap)
    return bool(re.fullmatch(r"\s*[,:–—-]\s*", gap))


def beside(gap: str) -> bool:
    """Whether the text between two spans joins them as one phrase (see ``_BESIDE``)."""
    gap = _PARENTHESIS.sub(" ", gap)
    words = [w.lower() for w in _LETTER_WORDS.findall(gap)]
    return len(words) <= 3 and set(words) <= _BESIDE and not re.search(r"[.;!?]", gap)


# Of the 1,972 answerable quantity questions in ../shared/training whose gold answer states a quantity, 3 have one
# whose every number the question gives too ("p - 1"; "20 hektar" of a question cut after "24 Agustus 20"); of the
# 253 year questions, none whose year it gives (checked by a script, not kept).
def without_numbers(text: str, numbers: set[str]) -> str:
    """``text`` without the digits-and-separators numbers in ``numbers`` (the question's own)."""
    return _NUMBER.sub(lambda m: " " if m.group() in numbers else m.group(), text)

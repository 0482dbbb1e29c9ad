"""Who says a sentence, for a question about what someone said ("Apa kata Xi tentang Rusia?", "What did Putin say
about Taiwan?"). News quotes one person beside another's name: '"Di bawah panduan Presiden Xi ...," kata ... Yang
Jiechi' is Yang Jiechi's word, not Xi's, though it names Xi and matches the question's words well. Such a sentence
is not evidence of what Xi said: where another sentence is Xi's, the answer draws on the sentences that are not
another person's, in their order (no number chosen).

Small word rules, no fitted numbers: an attribution after the quote ("kata/ujar/ungkap ... NAME", '"...," said
NAME'), "menurut NAME", "quoting NAME" and a name before a verb of saying ("Xi mengatakan", "Putin said") name a
speaker. Another report's sentence joins a broad answer only where it names the asked person (``about_asked``);
an answer that does not give their words says so (qa.whose_words).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import Any

from qa.countries import COUNTRY_OF
from qa.lang import SAYS_WHAT_VERBS

_NAME = r"[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*"
# the asked person may come after a description: "Apa kata menteri perikanan Solberg?", "What did the Chinese
# foreign minister Wang Yi say?" (up to four words, none a preposition: "Apa kata dunia tentang China?" asks no one;
# nor "bahasa": "Apa kata bahasa Inggris untuk …?" asks a word, not what England said)
_NOT_DESCRIPTION = r"tentang|mengenai|soal|terkait|terhadap|atas|pada|kepada|di|ke|dari|dalam|dengan|untuk|antara|yang|bahasa"
_DESCRIBED_ID = rf"(?:(?!(?:{_NOT_DESCRIPTION})\b)[a-z][\w-]*\s+){{0,4}}?"
_DESCRIBED_EN = r"(?:the\s+)?(?:(?!(?i:about|on|to|of|in|at|for|with|and|or)\b)[\w-]+\s+){0,4}?"
# "Apa kata Xi dan Putin …?" asks about both: either one's words answer it
_NAMES = rf"{_NAME}(?:\s+(?:dan|and|serta|&)\s+{_NAME})*"
AND_WORDS = {"dan", "and", "serta", "&"}
_VIEW = r"(?:tanggapan|reaksi|respons|komentar|pendapat|pandangan|sikap)"
# a description only after a verb of saying or "apa/bagaimana" + a view: "Apa yang disebut siklus Rankine?" asks a
# name, "rapat dengar pendapat antara Ketua API …" names a hearing. Of the 22,974 questions in ../shared/training,
# descriptions so placed add 4 to the 33 asked about before, each a response or a saying ("Apa tanggapan warga
# Britania Raya terhadap …?"); anywhere, they added 26, most of them such names and hearings.
_SAID_STEMS = r"katakan|sampaikan|ungkapkan|nyatakan|tegaskan"  # "dikatakan" / "Apa yang Denisov katakan?"
_ASKED = [
    re.compile(rf"\b(?i:apa\s+(?:yang\s+)?(?:kata|di(?:{_SAID_STEMS}))\s+"
               rf"(?:oleh\s+)?){_DESCRIBED_ID}(?P<name>{_NAMES})"),
    re.compile(rf"\b(?i:apa\s+(?:yang\s+)?disebut\s+(?:oleh\s+)?)(?P<name>{_NAMES})"),
    # the one who speaks between: "Apa yang Denisov katakan?"
    re.compile(rf"\b(?i:apa\s+yang\s+)(?P<name>{_NAMES})\s+(?i:{_SAID_STEMS})\b"),
    # in the order of speech: "Xi mengatakan apa tentang Taiwan?" (not a pronoun: "Mereka bilang apa?" names no one)
    re.compile(rf"^\W*{_DESCRIBED_ID}(?!(?:Ia|Dia|Mereka|Beliau|Kami|Kita|Saya|Aku)\b)(?P<name>{_NAMES})\s+"
               rf"(?i:{SAYS_WHAT_VERBS})\s+(?i:apa)\b"),
    re.compile(rf"\b(?i:what\s+(?:did|does|do|has|have)\s+){_DESCRIBED_EN}(?P<name>{_NAMES})\s+"
               r"(?i:say|said|tell|told|state|announce)"),
    # a response or a view is said too: "Bagaimana tanggapan Xi …?", "How did Putin react …?", "Xi's response"
    re.compile(rf"\b(?i:(?:apa|bagaimana)(?:kah)?\s+{_VIEW}\s+){_DESCRIBED_ID}(?P<name>{_NAMES})"),
    re.compile(rf"\b(?i:{_VIEW}\s+)(?P<name>{_NAMES})"),
    re.compile(rf"\b(?i:how\s+(?:did|does|do|has|have)\s+)(?P<name>{_NAMES})\s+(?i:respond|react|reply|answer)"),
    re.compile(rf"(?P<name>{_NAMES})(?:'s|’s)\s+(?i:response|reaction|reply|view|position|comment)"),
    # asked as a request: "Kutip pernyataan Putin tentang Taiwan", "Show me what Xi said", "Quote Putin on Taiwan"
    re.compile(rf"^\W*(?i:(?:tolong\s+)?(?:kutip(?:kan)?|tampilkan)\s+(?:pernyataan|kata-kata|ucapan|perkataan|kutipan|"
               rf"komentar)\s+(?:dari\s+)?){_DESCRIBED_ID}(?P<name>{_NAMES})"),
    re.compile(rf"^\W*(?i:(?:please\s+)?(?:quote\s+|(?:show|tell)\s+me\s+what\s+)){_DESCRIBED_EN}(?P<name>{_NAMES})"),
]
# the ways of asking above that ask for words said (not "Apa yang disebut ...", nor a view or a response), and what
# was discussed, by anyone ("Apa yang mereka bahas?", "What did Xi and Putin discuss ...?"): talks are reported as
# what was said ("Apa yang dibahas Xi dan Putin dalam telepon Juni 2022?" was answered "Keduanya dikabarkan
# melakukan komunikasi via telepon Rabu (15/6/2022).", the best match, which says nothing discussed). Of the 22,974
# questions in ../shared/training, five ask so, four unanswerable; the answerable one's gold sentence reports neither
# ("Masalah apa yang tidak dibahas dalam Perjanjian Aix-la-Chapelle?": a clause of the treaty; a script, not kept),
# and as a factoid question its span still comes from the reader's order, which follows. No evidence either way.
# what was agreed is asked so too ("Apa yang disepakati Xi dan Putin?", "What did Xi and Putin agree on?": the second
# was answered with the call's date sentence); three of the 22,974 training questions ask of agreeing, none so
_DISCUSSED = re.compile(r"\b(?:apa(?:kah)?\s+(?:saja\s+)?(?:yang\s+)?(?:[\w-]+\s+){0,4}?(?:di)?(?:bahas|bicarakan|"
                        r"diskusikan|rundingkan|sepakati)(?!a)\w*|(?:membahas|membicarakan|berbicara\s+tentang|"
                        r"menyepakati)\s+apa|what\s+(?:did|do|does|will|have|has)\s+[^?]{0,80}?\b(?:discuss|"
                        r"talk\s+about|talked\s+about|agree))",
                        re.I)
_ASKS_WORDS = [_ASKED[i] for i in (0, 2, 3, 4, 9, 10)] + [_DISCUSSED]
# who an attribution names: the words after its verb ('," kata ...', "menurut ...", "quoting ..."), up to where the
# speaker's description ends (``_description``; read ahead, so that "ungkap kantor berita Xinhua yang mengutip
# pernyataan Xi" names both). "tegas", "jelas", "lanjut" are adverbs too: only after a quote or a comma are they verbs;
# so is "sepakat" ("..., sepakat Presiden Vladimir Putin dan Xi Jinping": what both agreed is both one's words)
ATTRIBUTION_VERBS = r"kata|ujar|ungkap|ucap|tutur|jelas|tegas|imbuh|lanjut|tambah|papar|terang|pungkas|sepakat|said|says"
_ATTRIBUTION = re.compile(
    rf"(?:[,\"”]\s*(?i:{ATTRIBUTION_VERBS})"
    r"(?i:nya)?|\b(?i:menurut|mengutip(?:\s+pernyataan)?|quoting|according\s+to))\s+(?=(?P<who>[^,.;:!?\"“”]+))")
_DESCRIPTION_ENDS = {"kepada", "dalam", "di", "pada", "yang", "saat", "ketika", "seperti", "jelang", "menjelang",
                     "usai", "setelah", "sebelum", "bahwa", "to", "in", "on", "at", "who", "after", "before", "that"}
# a name right before a verb of saying is its subject: "Xi mengatakan", "Ushakov juga mengungkapkan", "Putin said",
# "Xi dan Putin menegaskan" (both)
# the verbs of saying news writes, shared by the subject rule here and by ``reports_saying``
# (praising and criticising are said too: "Denisov memuji hasil dari hubungan bilateral ..., bunyi pernyataan")
VERBS_OF_SAYING = (r"mengatakan|menyatakan|menegaskan|menyebut\w*|mengungkapkan|menuturkan|menyampaikan|berkata|"
                    r"menyerukan|menekankan|menilai|menambahkan|menjelaskan|memperingatkan|memuji|mengkritik|mengecam|"
                    r"said|says|told|stated")
_SUBJECT = re.compile(
    rf"(?P<who>{_NAMES})(?:\s+(?:juga|pun|telah|sudah|also|has|had))?\s+(?:{VERBS_OF_SAYING}|added|warned|called)\b")


def asked_speaker(question: str) -> set[str]:
    """The words of the name whose saying the question asks about ("Apa kata Xi ...?" -> {"Xi"}), else empty."""
    asked = speaker_asked(question)
    return set(asked.split()) - AND_WORDS if asked else set()


def speaks_for_itself(question: str, sentences: Sequence[str]) -> bool:
    """Whether the question asks nothing but someone's words ("Apa kata Ushakov?", "What did Putin say?",
    "Bagaimana tanggapan Xi?") and one of ``sentences`` is theirs (``says``): then the articles do say what was asked,
    however few words the question gives the relevance judge ("Apa kata Ushakov?" was refused with support 0.17
    beside his attributed sentence). Nothing is fitted; a question with a topic ("... tentang NATO?") is left to the
    abstention."""
    name = only_words_of(question)
    return bool(name) and any(says(s, name) for s in sentences)


def only_words_of(question: str) -> set[str]:
    """The words of the name whose words are all the question asks for ("Apa kata Ushakov?" -> {"Ushakov"}), else
    empty ("Apa kata Ushakov tentang NATO?" asks about NATO too)."""
    for pattern in _ASKED:
        m = pattern.search(question)
        if m and not question[:m.start()].strip() and not re.search(r"\w", question[m.end():]):
            return set(m.group("name").split()) - AND_WORDS
    return set()


def with_speech_terms(question: str) -> str:
    """The question, for the lexical search and the reranker, with its asked name before the verbs of saying news
    writes when it asks only someone's words: "Apa kata Putin?" found Yang Jiechi's sentence that names Putin and
    none of Putin's own ("Putin mengatakan ...", "Putin menyatakan ..."); any other question as it is."""
    name = " ".join(sorted(only_words_of(question)))
    return f"{question} {name} mengatakan {name} menyatakan" if name else question


def speaker_asked(question: str) -> str | None:
    """The name whose words the question asks for, as written ("Apa kata menteri perikanan Solberg?" -> "Solberg";
    "What did President Putin say?" -> "President Putin"), else None."""
    m = _asked_match(question)
    return m.group("name") if m else None


def asked_name_end(question: str) -> int:
    """Where the name ``speaker_asked`` reads ends in the question (0 when it reads none)."""
    m = _asked_match(question)
    return m.end("name") if m else 0


def speakers_named(sentence: str) -> list[str]:
    """The people whose words ``sentence`` gives, as it names them (an attribution's, a verb of saying's subject)."""
    return [" ".join(words) for words in _named(sentence) if _named_person(words)]


@functools.lru_cache(maxsize=256)  # each answer's checks and notices read the same question's asked name
def _asked_match(question: str) -> re.Match | None:
    return next(filter(None, (pattern.search(question) for pattern in _ASKED)), None)


def asked_of(question: str, name: str) -> str | None:
    """``question`` asked of ``name`` instead, when it asks someone's words: "Apa kata Putin tentang Taiwan?" of
    "Xi" is "Apa kata Xi tentang Taiwan?" (what "Bagaimana dengan Xi?" asks after it); else None. Not of a name
    that reads as a topic when the question has one (a country, an acronym: "Bagaimana dengan Ukraina?" after "Apa
    kata Putin tentang Taiwan?" asks what Putin said of Ukraine), nor of the topic itself."""
    m = _asked_match(question)
    if m is None or re.search(rf"(?<!\w){re.escape(name)}(?!\w)", question[m.end("name"):], re.I):
        return None
    topic_like = name.isupper() or all(w in COUNTRY_OF for w in name.split())
    if topic_like and re.search(r"\w", question[m.end("name"):]):
        return None
    return question[:m.start("name")] + name + question[m.end("name"):]


def says(sentence: str, name: set[str]) -> bool | None:
    """Whether the asked ``name`` says the sentence: True or False where an attribution or the subject of a verb
    of saying names a speaker (the same person when the two share a word other than a title), None where the
    sentence names none."""
    # "Ia mengatakan" names no one
    speakers = [person for person in map(_named_person, _named(sentence)) if person]
    asked = _person(name)
    if any(asked & person for person in speakers):
        return True
    return False if speakers else None


@functools.lru_cache(maxsize=512)
def _named(sentence: str) -> tuple[tuple[str, ...], ...]:
    """The words of each speaker an attribution describes or a verb of saying has as subject, in order (kept for
    the sentences of the last questions: ``said_by_asked`` and ``saying_leads`` ask of the same candidates)."""
    named = [tuple(_description(m.group("who"))) for m in _ATTRIBUTION.finditer(sentence)]
    return tuple(named + [tuple(m.group("who").split()) for m in _SUBJECT.finditer(sentence)])


def about_asked(name: set[str], sentence: str) -> bool:
    """Whether ``sentence`` names the person whose words the question asks for (``name``, from ``asked_speaker``;
    any spelling of a country), or the question asks for no one's: a sentence of another report that does not name
    Putin does not tell what he said (it came into "Bagaimana tanggapan Putin terhadap AUKUS?" for sharing
    "tanggapan … terhadap")."""
    asked = _person(name)
    return not asked or bool(asked & _person({w.strip("'’\"“”,.;:!?()") for w in sentence.split()}))


def _description(who: str) -> list[str]:
    """A speaker's description, up to where it ends (at most ten words): "kepala urusan luar negeri Partai Komunis
    Tiongkok Yang Jiechi kepada duta besar ..." -> "kepala ... Jiechi"; its capitalised words name the speaker."""
    words = []
    for w in who.split()[:10]:
        if w in _DESCRIPTION_ENDS:  # lower-case only: "Yang" is a name, "yang" a pronoun
            break
        words.append(w)
    return words


# the words of titles written before a name ("Menteri Luar Negeri Wang Yi", "Kanselir Merz"), capitalised there
TITLE_WORDS = {"Presiden", "Wakil", "Menteri", "Menlu", "Luar", "Dalam", "Negeri", "Perdana", "PM", "Kepala", "Juru",
               "Bicara", "Ketua", "Sekretaris", "Jenderal", "Direktur", "Duta", "Besar", "Pejabat", "Kanselir", "Raja",
               "Ratu", "Pangeran", "Gubernur", "Bupati", "Wali", "Panglima", "President", "Vice", "Minister", "Foreign",
               "Prime", "Secretary", "General", "Director", "Chairman", "Spokesman", "Spokesperson", "Ambassador",
               "Chancellor", "King", "Queen", "Prince", "Governor", "Mayor", "Pak", "Bu", "Mr", "Mrs", "Ms", "Dr",
               "Prof"}
# a pronoun or a capitalised connector is no one's name: "Ia mengatakan" may well be the asked person speaking
_NOT_NAMES = {"Ia", "Dia", "Mereka", "Beliau", "Kami", "Kita", "Saya", "Aku", "Ini", "Itu", "Namun", "Lalu",
              "Kemudian", "Sementara", "He", "She", "They", "It", "We", "I", "This", "But", "Then"}


def _named_person(words: Sequence[str]) -> set[str]:
    """The person a speaker's words name: their capitalised words as ``_person`` (none: "para analis")."""
    return _person({w for w in words if w[:1].isupper()})


def _person(words: set[str]) -> set[str]:
    """A name's words without its titles and pronouns, a country's spellings as one: "Menteri Luar Negeri Wang Yi"
    and "Wang Yi" share "Wang" and "Yi"; "Tiongkok" and "China" are one."""
    return {COUNTRY_OF.get(w, w) for w in words - TITLE_WORDS - _NOT_NAMES}


def said_by_asked(question: str, cands: Sequence[Any]) -> list[Any]:
    """The candidates (with ``.text``) in their order, less those another person than the one the question asks
    about says, when at least one says the asked person's words: they do not answer what that person said. Without
    one, all of them: a name may be written otherwise in the articles ("China" is "Tiongkok" in Indonesian)."""
    name = asked_speaker(question)
    verdicts = [says(c.text, name) for c in cands] if name else []
    if True not in verdicts:
        return list(cands)
    return [c for c, verdict in zip(cands, verdicts) if verdict is not False]


def saying_leads(question: str, cands: list[Any]) -> list[Any]:
    """The candidates (with ``.text`` and ``.doc``), with the best sentence that reports a saying (a verb of saying,
    an attribution or a quotation mark) first, when the question asks what someone said (not a view or a response,
    which may be a deed) and the best sentence reports none: "Keduanya dikabarkan melakukan komunikasi via telepon
    Rabu (15/6/2022)." matches "Apa yang dikatakan Xi kepada Putin dalam panggilan telepon Juni 2022?" best but says
    nothing said; "Ia menegaskan bahwa Beijing akan terus mendukung Moskow ..." of the same article does. Only a
    sentence of the best one's article is lifted (another article may report another occasion). A question that asks
    nothing but someone's words or view ("Bagaimana tanggapan Putin?", answered with "Beijing mengkritik tanggapan
    Israel ..." for the word "tanggapan") is answered by their own sentences first, wherever they are. What was
    discussed ("Apa yang mereka bahas?") is answered so too, by a sentence that reports a saying or an agreement.
    No number fitted."""
    name = only_words_of(question)
    theirs = [c for c in cands if says(c.text, name)] if name else []
    if theirs:
        return theirs + [c for c in cands if not any(c is t for t in theirs)]
    # what was discussed is reported as said or as agreed ("..., sepakat Presiden Vladimir Putin dan Xi Jinping");
    # what was agreed, by a sentence that reports an agreement first ("Ia menyampaikan ..." says, not agrees)
    if not cands or not any(p.search(question) for p in _ASKS_WORDS):
        return cands
    article = cands[0].doc.metadata["article_id"]
    own = [c for c in cands if c.doc.metadata["article_id"] == article]
    reports = _SAYING_OR_AGREED if _DISCUSSED.search(question) else _SAYING
    if _ASKS_AGREED.search(question) and any(_AGREED.search(c.text) for c in own):
        reports = _AGREED
    if reports.search(cands[0].text):
        return cands
    lifted = next((c for c in own if reports.search(c.text)), None)
    return cands if lifted is None else [lifted] + [c for c in cands if c is not lifted]


# "Siapa yang mengatakan bahwa ...?", "Siapa bilang ...?", "Who said ...?": the answer is whoever reports it
_WHO_SAID = re.compile(r"\b(siapa(kah)?\s+(yang\s+)?(mengatakan|menyatakan|berkata|menyebut\w*|mengucapkan|menegaskan|"
                       r"mengungkapkan|menyampaikan|bilang)|who\s+(said|says|stated|told|claimed))\b", re.I)
_SAYING = re.compile(rf"\b({VERBS_OF_SAYING}|bilang|menulis|kata\w*|ujar\w*|ungkap\w*|tutur\w*|ucap\w*|tegas\w*|"
                     r"imbuh\w*|papar\w*|terang\w*|menurut|mengutip|dikutip|wrote|claimed|according)\b|[\"“”]", re.I)
_STOP = re.compile(r"[.!?](?=\s)")
_AGREED = re.compile(r"\b(sepakat|menyepakati|disepakati|kesepakatan|setuju|agreed?|agreement)\b", re.I)
_SAYING_OR_AGREED = re.compile(_SAYING.pattern + "|" + _AGREED.pattern, re.I)
_ASKS_AGREED = re.compile(r"sepakati|\bagree", re.I)


def asks_who_said(question: str) -> bool:
    """Whether the question asks who said something ("Siapa yang mengatakan bahwa ...?", "Who said ...?")."""
    return bool(_WHO_SAID.search(question))


def reports_saying(passage: str, start: int, end: int) -> bool:
    """Whether the sentence of ``passage`` that holds ``start``..``end`` reports a saying (a verb of saying, an
    attribution or a quotation mark): who said something is not named in "Presiden China Xi Jinping kembali
    muncul." (answered to "Siapa yang mengatakan bahwa hubungan China-Rusia berada pada titik tertinggi?", words no
    article has). Of the 21 answerable "who said" questions in ../shared/training, 20 gold answers stand in such a
    sentence (not: a name in a list of the experts a report spoke to)."""
    before = [m.end() for m in _STOP.finditer(passage, 0, start)]
    after = _STOP.search(passage, end)
    return bool(_SAYING.search(passage, before[-1] if before else 0, after.end() if after else len(passage)))


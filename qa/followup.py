"""Follow-ups in a conversation: a question that leans on the one before ("Apa yang mereka bahas?") made
standalone, and the articles the previous answer cited, which such a question is about first.

History comes in any shape a chat produces: Gradio's message dicts, LangChain messages, (user, assistant) pairs,
or earlier ``Answer`` objects (the Python API's and the web chat's way: an answer carries its question, how it was
read, and what it cited)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from qa.countries import spellings
from qa.description import asked_name
from qa.lang import QUESTION_WORD, detect_language
from qa.records import Answer
from qa.settings import MAX_QUESTION_CHARS
from qa.sources import asks_source_of_previous, previous_answer
from qa.speaker import asked_of, only_words_of
from qa.summary import asks_for_summary

_FOLLOW_UP = re.compile(
    r"^(dan|lalu|kemudian|terus|bagaimana dengan|kalau|and|what about|how about|also)\b|"
    r"\b(dia|ia|mereka|beliau|tersebut|itu|nya|(kepada|pada|dengan|oleh|bagi|untuk|dari|tentang)nya|"
    r"(kata|ujar|tutur|ucap|pesan|sikap|pendapat|tanggapan|komentar|pernyataan|pandangan)nya|"  # "Apa katanya?": his
    r"he|she|they|him|her|them|his|their|its|it|that|this|those)\b",
    re.I,
)


_WHAT_ABOUT = re.compile(r"^\W*(bagaimana\s+dengan|kalau|dan\s+soal|what\s+about|how\s+about|and\s+about)\b", re.I)
# "yang" in lower case only: "Yang" is a name too ("Who is Yang Jiechi?" has the topic "Yang Jiechi", not "Jiechi")
_ASKING_HELPERS = re.compile(r"\b(?:(?i:did|does|do|is|are|was|were)|yang)\b")
# one person, as a follow-up names them: put the name asked about before in its place
_HE_OR_SHE = re.compile(r"\b(dia|ia|beliau|he|she|him)\b", re.I)
_CONNECTOR = re.compile(r"^\W*(dan|lalu|kemudian|terus|and|also|then)\b\W*", re.I)


def standalone_question(question: str, history: Sequence | None) -> str:
    """Without an LLM, a follow-up (a pronoun, "and ...", or a question of at most four words that names nothing
    new: ``_read``) is made standalone with the previous user question. One that asks a question of its own ("and
    what did Putin say?" after "When did Xi and Putin talk about Taiwan?") leads, with the previous question's topic
    after it ("what did Putin say? Xi and Putin talk about Taiwan"): what kind of answer it wants is its own (here
    Putin's words, not a date). One that asks nothing of its own or asks the previous question again of something
    else ("Bagaimana dengan Taiwan?", "Taiwan?") follows the previous question whole. Other questions stand as they
    are."""
    return _read(question, history)[0]


def _read(question: str, history: Sequence | None, written: str | None = None) -> tuple[str, str | None]:
    """(the standalone question, how it follows up: None (it does not), "asked again" (the previous question of
    something else, or no question of its own), "refers back" (a question of its own about what came before:
    a pronoun, "and ...", or a few words that name nothing new)). A short question of its own that names its
    subject stands alone: "Kapan Xi menelepon Putin?" after a question on an Arctic submarine was read "Kapan Xi
    menelepon Putin? Pesan dikirim Putin tentang kapal selam Arktik" (the web chat's notice showed it).
    ``written``: the question with its names capitalised as the articles write them, for one typed in lower case
    (qa.informal.written_as_passages; "kapan xi menelepon putin?" names Xi and Putin as "Kapan Xi menelepon
    Putin?" does)."""
    previous = _last_user_turn(history)
    words = (written or question).split()
    # a pronoun or "and ...", or a few words that name nothing new ("Siapa yang hadir?", not "Siapa Yuri Ushakov?"),
    # or the words of someone the question before named ("What did Putin say?" after "When did Xi and Putin talk
    # about Taiwan?": there, not anywhere)
    refers = _FOLLOW_UP.search(question) or (len(words) <= 4 and not any(w[:1].isupper() for w in words[1:])) \
        or bool(previous and _words_of_named(written or question, previous))
    if not previous or not (refers or len(words) <= 4):
        return question, None
    if (about := _about_that(question, previous)) is not None:  # "soal itu": the topic the question before named,
        return about, "asked again"  # asked anew of every article (Putin's words on it may be in another report)
    if asks_source_of_previous(question):  # after a chat's text turns: the outlets of the topic's articles (qa.about)
        asked = "Which outlet reported" if detect_language(question) == "en" else "Media apa yang memberitakan"
        return f"{asked} {topic_of(previous)}?", "refers back"
    if asks_for_summary(question):  # "Ringkas artikelnya" / "Summarize that article": the one just cited
        return f"{_CONNECTOR.sub('', question).strip(' ?!.')} {topic_of(previous)}", "refers back"
    if _WHAT_ABOUT.match(question) or not QUESTION_WORD.search(question):
        # "Bagaimana dengan Xi?" after "Apa kata Putin tentang Taiwan?": what Xi said of it, not Putin again
        other = _CONNECTOR.sub("", _WHAT_ABOUT.sub("", written or question)).strip(" ?!.")  # "and xi?" names Xi
        named = other and all(w[:1].isupper() for w in other.split())
        return (named and asked_of(previous, other)) or f"{previous} {question}", "asked again"
    if not refers:  # a short question of its own that names its subject: "Kapan Xi menelepon Putin?" stands alone
        return question, None
    person = asked_name(previous)
    if person is not None and _HE_OR_SHE.search(question):
        # "Apa yang dia katakan?" after "Siapa Denisov?" asks "Apa yang Denisov katakan?", what he said
        return _HE_OR_SHE.sub(lambda _: person.pattern.replace("\\", ""), question, count=1), "refers back"
    return f"{_CONNECTOR.sub('', question)} {topic_of(previous)}".strip(), "refers back"


# "soal itu", "tentang hal tersebut", "about that": the topic the question before named, after its own preposition
_ABOUT_THAT = re.compile(r"\b(?:soal|tentang|mengenai|terkait|perihal|about|on|regarding)\s+(?:hal\s+)?"
                         r"(?:itu|ini|tersebut|that|it|this)\b", re.I)
_TOPIC_PHRASE = re.compile(r"\b(?:soal|tentang|mengenai|terkait|perihal|about|regarding|concerning)\s+(?P<topic>[^?!.]+)",
                           re.I)


def _about_that(question: str, previous: str) -> str | None:
    """``question`` with its "soal itu" / "about that" put as the question before put its topic: "Kutip pernyataan
    Putin soal itu" after "Apa kata Xi tentang Taiwan?" is "Kutip pernyataan Putin tentang Taiwan" (it was read as
    both questions at once, and answered with Xi's words again); None when either has no such phrase."""
    that, topic = _ABOUT_THAT.search(question), _TOPIC_PHRASE.search(previous)
    if that is None or topic is None or _ABOUT_THAT.match(topic.group()):
        return None
    return question[:that.start()] + topic.group().strip() + question[that.end():]


def _words_of_named(question: str, previous: str) -> bool:
    """Whether ``question`` asks nothing but the words of someone ``previous`` names (qa.speaker.only_words_of)."""
    speaker = {w.lower() for w in only_words_of(question)}
    return bool(speaker) and speaker <= {w.lower() for w in names_in(previous, first=True)}


def topic_of(question: str) -> str:
    """A question's words without its question words and their helpers: "When did Xi and Putin talk about
    Taiwan?" -> "Xi and Putin talk about Taiwan"."""
    words = _ASKING_HELPERS.sub(" ", QUESTION_WORD.sub(" ", _CONNECTOR.sub("", question)))
    return " ".join(words.replace("?", " ").split())


def turn_text(content: object) -> str | None:
    """The text of one chat turn's content in any shape Gradio or LangChain produce: a string, a list of parts
    (strings or ``{"type": "text", "text": ...}``; Gradio 6 sends this), or one such part; files and images are
    not text."""
    if isinstance(content, str):
        return content
    if isinstance(content, dict):
        text = content.get("text") if content.get("type", "text") == "text" else None
        return text if isinstance(text, str) else None
    if isinstance(content, (list, tuple)):
        parts = [t for t in (turn_text(p) for p in content) if t]
        return " ".join(parts) if parts else None
    return None


def _user_turn(turn: object) -> str | None:
    if isinstance(turn, Answer):  # an earlier answer stands for its question, as it was read
        return turn.standalone_question or turn.question
    if isinstance(turn, dict):
        return turn_text(turn.get("content")) if turn.get("role") in ("user", "human") else None
    if getattr(turn, "type", None) == "human":  # a LangChain HumanMessage
        return turn_text(getattr(turn, "content", None))
    if isinstance(turn, (list, tuple)) and turn:  # the old (user, assistant) pairs
        return turn_text(turn[0])
    return None


def _last_user_turn(history: Sequence | None) -> str | None:
    for turn in reversed(list(history or [])[-50:]):
        text = _user_turn(turn)
        if text and text.strip():
            return " ".join(text.split())[:MAX_QUESTION_CHARS]
    return None


def names_in(question: str, first: bool = False) -> list[str]:
    """The names and numbers a question gives: its capitalised words after the first (``first``: the first too, for
    text whose first word is no question word), and words with a digit ("Taiwan", "AUKUS", "2022" of "Apa kata
    mereka tentang Taiwan pada 2022?")."""
    words = re.findall(r"\w[\w'’-]*", question)
    return [w for i, w in enumerate(words) if ((i or first) and w[:1].isupper()) or any(ch.isdigit() for ch in w)]


def mentions_all(texts: Sequence[str], names: Sequence[str]) -> bool:
    """Whether every name occurs, as a word, in at least one of ``texts`` (case aside; a country in any of its
    spellings: "Ukraine" of an English question is "Ukraina" in the articles)."""
    return all(any(re.search(rf"(?<!\w){re.escape(form)}(?!\w)", t, re.I) for t in texts for form in spellings(n))
               for n in names)


def previous_articles(question: str, history: Sequence | None) -> tuple[str, ...]:
    """The article ids the previous answer cited, in citation order, when ``question`` asks about what that
    answer found ("Apa yang mereka bahas?", "and what did Putin say?") and that answer is an ``Answer`` (a chat's
    plain text turns do not say what they cited); else (). A question that changes the subject ("Bagaimana dengan
    Taiwan?") or names a new one in a few words ("Siapa Yuri Ushakov?") is not held to those articles."""
    return read_follow_up(question, history)[1]


# a question word alone: "Kapan?", "Di mana?", "Where?" asks it of what the answer before quoted
_BARE = re.compile(r"^\W*(?:(?:dan|lalu|and|so)\W+)?(?:kapan|di\s*mana|ke\s*mana|dari\s*mana|siapa|berapa|mengapa|"
                   r"kenapa|bagaimana|when|where|who|why|how(?:\s+many|\s+much)?)(?:kah)?\W*$", re.I)


def previous_passages(question: str, history: Sequence | None) -> tuple[str, ...]:
    """The chunk ids the previous answer quoted, when ``question`` is a question word alone ("Kapan?" after "Di mana
    Xi dan Putin bertemu?" asks when that meeting was: the quoted passage's date, not another of the article's, as the
    whole article gave: "12/9", the day of another event), and the last turn is an answer that cited something."""
    previous = previous_answer(history) if _BARE.match(question) else None
    return tuple(dict.fromkeys(c.chunk_id for c in previous.citations if c.chunk_id)) if previous else ()


def read_follow_up(question: str, history: Sequence | None, written: str | None = None
                   ) -> tuple[str, tuple[str, ...]]:
    """``standalone_question`` and ``previous_articles`` of one question, the follow-up read once; ``written`` as
    ``_read`` takes it."""
    turns = list(history or [])[-50:]
    standalone, kind = _read(question, turns, written)
    last = previous_answer(turns)
    if last is None or kind != "refers back":
        return standalone, ()
    return standalone, tuple(dict.fromkeys(c.source for c in last.citations))

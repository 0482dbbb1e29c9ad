"""Whether an answer to what someone said gives their words, and a notice where it does not: an answer made only of
other people's words says whose they are (``quoted_instead``); one whose sentences do not name the asked person at
all says the articles do not give their words on it (``speaker_unnamed``); one whose sentences do not name the topic
asked about says so (``topic_unnamed``). Word rules (qa.speaker), no fitted numbers."""

from __future__ import annotations

import re
from collections.abc import Sequence

from qa.followup import mentions_all, names_in
from qa.lang import is_factoid_question
from qa.messages import listed, message
from qa.speaker import AND_WORDS, VERBS_OF_SAYING, about_asked, asked_name_end, says, speaker_asked, speakers_named


def words_notices(question: str, sentences: Sequence[str], lang: str) -> list[str]:
    """The notices an answer of ``sentences`` to ``question`` carries when they are not the asked person's words,
    or not on the topic asked."""
    notices = []
    quoted = quoted_instead(question, sentences)
    if quoted is not None:
        notices.append(message("quoted_instead", lang, asked=quoted[0], names=listed(quoted[1], lang)))
    elif (unnamed := speaker_unnamed(question, sentences)) is not None:
        notices.append(message("speaker_unnamed", lang, asked=unnamed))
    if (topic := topic_unnamed(question, sentences)) is not None:
        notices.append(message("topic_unnamed", lang, topic=listed([f"“{n}”" for n in topic], lang)))
    return notices


# what a question for someone's words is about, after the name: "tentang Olimpiade", "about the Olympics"
# (a verb of saying may come between: "What did Xi say about"; not "on": "say on Monday" names a time)
_ON_TOPIC = re.compile(r"^\W*(?:[\w'’]+\s+){0,2}?(?:tentang|mengenai|soal|terkait|perihal|about|regarding|concerning)"
                       r"\s+(?P<topic>.+)", re.I)
_NOT_TOPIC_NAMES = {"the", "a", "an", "this", "that", "these", "those", "his", "her", "their", "its"}


def topic_unnamed(question: str, sentences: Sequence[str]) -> list[str] | None:
    """The names of the topic a question for someone's words asks about when no sentence of the answer names them
    all (a country in any spelling): "Apa kata Xi tentang Olimpiade?" was answered with Xi's words on interference
    in other countries' affairs, without a word of warning (the articles quote Putin, not Xi, on the Olympics).
    None when the question asks no one's words, gives no named topic, or a sentence names it."""
    m = _ON_TOPIC.match(question[asked_name_end(question):]) if _words_asked(question, sentences) else None
    names = [n for n in names_in(m.group("topic"), first=True) if n.lower() not in _NOT_TOPIC_NAMES] if m else []
    return names if names and not mentions_all(sentences, names) else None


def quoted_instead(question: str, sentences: Sequence[str]) -> tuple[str, list[str]] | None:
    """(the asked name, the names quoted instead) when the question asks what someone said and every sentence of
    the answer is another person's words: the answer then says so ("Apa kata Putin …?" answered with a sentence
    that quotes Xi is not Putin's view). Never for a question a span answers: "Apa yang disebut X?" asks a name,
    and its answer is no quote."""
    asked = _words_asked(question, sentences)
    if asked is None or any(says(s, asked[1]) is not False for s in sentences):
        return None
    return asked[0], list(dict.fromkeys(who for s in sentences for who in speakers_named(s)))


# a pronoun that says something ("Ia menegaskan ...") may be the asked person, named a sentence before
_PRONOUN_SAYS = re.compile(rf"\b(?:Ia|Dia|Beliau|He|She)\s+(?:(?:juga|pun|telah|also|has|had)\s+)?(?:{VERBS_OF_SAYING})\b")


def speaker_unnamed(question: str, sentences: Sequence[str]) -> str | None:
    """The asked name when the question asks what someone said and no sentence of the answer names them nor gives a
    pronoun's words: "Apa kata Xi tentang Ukraina?" was answered, without a word of warning, with "China sendiri telah
    menolak mengutuk serangan tersebut ...": China's stance, not Xi's words, which the articles do not give; the
    answer says so. Never for a question a span answers (as ``quoted_instead``). No number fitted."""
    asked = _words_asked(question, sentences)
    if asked is None or any(about_asked(asked[1], s) or _PRONOUN_SAYS.search(s) for s in sentences):
        return None
    return asked[0]


def _words_asked(question: str, sentences: Sequence[str]) -> tuple[str, set[str]] | None:
    """(the name whose words the question asks for, as written; its words) when it asks for someone's words and a
    span does not answer it and there are sentences to judge, else None."""
    asked = speaker_asked(question)
    if asked is None or is_factoid_question(question) or not sentences:
        return None
    return asked, set(asked.split()) - AND_WORDS

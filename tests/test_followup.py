"""Follow-ups: which questions are held to the articles the previous answer cited (pure functions, no model)."""

from __future__ import annotations

import pytest

from qa.followup import previous_articles, read_follow_up, standalone_question, topic_of
from qa.records import Answer, Citation


def _answer(question: str, sources: list[str], abstained: bool = False, standalone: str | None = None) -> Answer:
    citations = [Citation(n, source, "", "", "", 0.0, f"{source}#0") for n, source in enumerate(sources, 1)]
    return Answer(question, "…", citations, abstained, standalone_question=standalone)


CALL = _answer("Kapan Xi menelepon Putin?", ["call.txt", "call.txt", "later.txt"])


@pytest.mark.parametrize(("question", "held"), [
    ("Apa yang mereka bahas?", True),  # a pronoun: what they discussed in that call
    ("and what did Putin say?", True),  # "and ...": the same conversation
    ("Siapa yang hadir?", True),
    ("Apa yang dikatakan Xi kepadanya?", True),  # "-nya" after a preposition: him, the one before
    ("What was their message?", True),  # a few words that name nothing new
    ("Bagaimana dengan Taiwan?", False),  # the previous question of something else: the whole index
    ("Taiwan?", False),
    ("Siapa Yuri Ushakov?", False),  # a new name in a few words
    ("Kapan Xi menelepon Putin?", False),  # a short question of its own that names its subject stands alone
    ("Apa sikap Tiongkok terhadap perang di Ukraina menurut para analis Barat?", False),  # a question of its own
])
def test_a_follow_up_that_refers_back_is_about_the_articles_cited(question, held):
    expected = ("call.txt", "later.txt") if held else ()  # each article once, in citation order
    assert previous_articles(question, [CALL]) == expected


def test_only_the_last_turn_as_an_answer_says_what_was_cited():
    assert previous_articles("Apa yang mereka bahas?", None) == ()
    refused = _answer("Kapan Xi menelepon Putin?", [], abstained=True)
    assert previous_articles("Apa yang mereka bahas?", [refused]) == ()
    text_turns = [{"role": "user", "content": "Kapan Xi menelepon Putin?"}, {"role": "assistant", "content": "Rabu [1]."}]
    assert previous_articles("Apa yang mereka bahas?", text_turns) == ()  # plain text says nothing of its sources
    assert previous_articles("Apa yang mereka bahas?", [CALL, *text_turns]) == ()  # a later turn came after it
    assert previous_articles("Apa yang mereka bahas?", [*text_turns, CALL]) == ("call.txt", "later.txt")


def test_a_short_question_that_names_its_subject_stands_alone():
    history = [{"role": "user", "content": "Pesan apa yang dikirim Putin tentang kapal selam Arktik?"}]
    assert standalone_question("Kapan Xi menelepon Putin?", history) == "Kapan Xi menelepon Putin?"
    assert standalone_question("Siapa Yuri Ushakov?", history) == "Siapa Yuri Ushakov?"
    assert standalone_question("Kapan?", history) == "Kapan? Pesan dikirim Putin tentang kapal selam Arktik"


def test_a_question_typed_in_lower_case_names_what_the_articles_capitalise():
    """Typed without capitals, "kapan xi menelepon putin?" names nothing to a reader of case; written as the articles
    write it, it names Xi and Putin and stands alone. Its own text is kept as typed; a word the articles write in
    lower case still names nothing."""
    history = [{"role": "user", "content": "Aliansi militer apa yang dikritik Xi dan Putin?"}]
    typed = "kapan xi menelepon putin?"
    assert standalone_question(typed, history) == f"{typed} Aliansi militer dikritik Xi dan Putin"
    assert read_follow_up(typed, history, "kapan Xi menelepon Putin?") == (typed, ())
    assert read_follow_up("siapa yang hadir?", [CALL], "siapa yang hadir?") == (
        "siapa yang hadir? Xi menelepon Putin", ("call.txt", "later.txt"))


def test_asking_for_the_words_of_someone_named_before_follows_up():
    """"What did Putin say?" after "When did Xi and Putin talk about Taiwan?" asks what he said there (it stood
    alone, naming Putin, and was answered with his words on another day); "Apa katanya tentang AUKUS?" after
    "Siapa Yuri Ushakov?" asks what Ushakov said ("-nya": his)."""
    taiwan = [{"role": "user", "content": "When did Xi and Putin talk about Taiwan?"}]
    assert standalone_question("What did Putin say?", taiwan) == "What did Putin say? Xi and Putin talk about Taiwan"
    assert standalone_question("Apa kata Biden?", taiwan) == "Apa kata Biden?"  # someone not named before
    ushakov = [{"role": "user", "content": "Siapa Yuri Ushakov?"}]
    assert standalone_question("Apa katanya tentang AUKUS?", ushakov) == "Apa katanya tentang AUKUS? Yuri Ushakov"


def test_what_about_someone_else_asks_the_same_words_of_them():
    """"Bagaimana dengan Xi?" after "Apa kata Putin tentang Taiwan?" was read "Apa kata Putin tentang Taiwan?
    Bagaimana dengan Xi?" and answered with Putin's words again; it asks Xi's. A country or an acronym after a
    question with a topic, or the topic itself, is not someone whose words are asked."""
    def after(previous: str, question: str) -> str:
        return standalone_question(question, [{"role": "user", "content": previous}])

    assert after("Apa kata Putin tentang Taiwan?", "Bagaimana dengan Xi?") == "Apa kata Xi tentang Taiwan?"
    assert after("What did Putin say about Taiwan?", "and Xi?") == "What did Xi say about Taiwan?"
    assert after("Apa kata Putin?", "Bagaimana dengan China?") == "Apa kata China?"
    for question in ["Bagaimana dengan Ukraina?", "Bagaimana dengan Taiwan?", "Bagaimana dengan NATO?"]:
        assert after("Apa kata Putin tentang Taiwan?", question) == f"Apa kata Putin tentang Taiwan? {question}"
    assert after("Kapan Xi menelepon Putin?", "dan Putin?") == "Kapan Xi menelepon Putin? dan Putin?"  # no one's words
    typed = [{"role": "user", "content": "What did Putin say about Taiwan?"}]  # "and xi?" as the articles write it
    assert read_follow_up("and xi?", typed, "and Xi?") == ("What did Xi say about Taiwan?", ())


def test_an_answer_in_the_history_stands_for_its_question_as_it_was_read():
    """A chain of follow-ups keeps its subject: the third question sees the second as it was read, not as typed."""
    second = _answer("Apa yang mereka bahas?", ["call.txt"], standalone="Apa yang mereka bahas? Xi menelepon Putin")
    assert standalone_question("Dan soal Taiwan?", [second]) == "Apa yang mereka bahas? Xi menelepon Putin Dan soal Taiwan?"
    assert standalone_question("Apa yang mereka bahas?", [CALL]) == "Apa yang mereka bahas? Xi menelepon Putin"


def test_a_follow_up_naming_what_the_articles_never_mention_asks_beyond_them():
    from qa.followup import mentions_all, names_in

    assert names_in("Apa kata mereka tentang Taiwan pada 2022?") == ["Taiwan", "2022"]
    assert names_in("Apa yang mereka bahas?") == []  # the first word's capital names nothing
    texts = ["Xi menelepon Putin, Rabu (15/6/2022).", "Taiwan-nya? Tidak disebut."]
    assert mentions_all(texts, ["taiwan", "Putin"]) and mentions_all(texts, [])
    assert not mentions_all(texts, ["AUKUS"]) and not mentions_all(texts, ["Tai"])  # a whole word, not a part
    assert mentions_all(["Invasi Rusia ke Ukraina."], ["Ukraine", "Russia"])  # a country in another spelling


def test_he_or_she_after_a_question_about_someone_is_that_someone():
    """"Apa yang dia katakan?" after "Siapa Denisov?" was read "Apa yang dia katakan? Denisov" (no one's words
    asked for) and "What did he say?" after "Who is Yang Jiechi?" "What did he say? Jiechi" ("Yang" was dropped
    as the pronoun "yang"): the person asked about stands in the pronoun's place."""
    denisov = [{"role": "user", "content": "Siapa Denisov?"}]
    assert standalone_question("Apa yang dia katakan?", denisov) == "Apa yang Denisov katakan?"
    assert standalone_question("Ke mana dia berkunjung?", denisov) == "Ke mana Denisov berkunjung?"
    assert standalone_question("What did he say?", [{"role": "user", "content": "Who is Yang Jiechi?"}]) == (
        "What did Yang Jiechi say?")
    # a question about something else keeps the previous question's topic after it, "Yang" included
    assert standalone_question("Kapan dia datang?", [{"role": "user", "content": "Kapan Xi menelepon Putin?"}]) == (
        "Kapan dia datang? Xi menelepon Putin")
    assert topic_of("Who is Yang Jiechi?") == "Yang Jiechi" and topic_of("Siapa yang hadir?") == "hadir"


@pytest.mark.parametrize(("previous", "question", "read"), [
    ("Apa kata Xi tentang Taiwan?", "Kutip pernyataan Putin soal itu", "Kutip pernyataan Putin tentang Taiwan"),
    ("What did Xi say about Ukraine?", "What did Putin say about that?", "What did Putin say about Ukraine?"),
    ("Apa kata Putin tentang AUKUS?", "Bagaimana tanggapan Xi soal hal itu?", "Bagaimana tanggapan Xi tentang AUKUS?"),
])
def test_about_that_is_the_topic_the_question_before_named(previous, question, read):
    """"Kutip pernyataan Putin soal itu" after "Apa kata Xi tentang Taiwan?" was read as both questions at once and
    answered with Xi's words again; it asks Putin's on Taiwan, of every article (not only the one cited)."""
    standalone, held = read_follow_up(question, [_answer(previous, ["a.txt"])])
    assert (standalone, held) == (read, ())
    assert standalone_question("Apa yang mereka bahas soal itu?", [{"role": "user", "content": "Kapan Xi menelepon Putin?"}]) \
        != "Apa yang mereka bahas soal itu?"  # no topic phrase before: a plain follow-up, as it was


def test_a_question_word_alone_asks_of_the_passages_just_quoted():
    from qa.followup import previous_passages

    meeting = Answer("Di mana Xi dan Putin bertemu?", "…", [Citation(1, "m.txt", "", "", "", 0.0, "m.txt#2")], False)
    assert previous_passages("Kapan?", [meeting]) == ("m.txt#2",)
    assert previous_passages("When?", [meeting]) == previous_passages("dan di mana?", [meeting]) == ("m.txt#2",)
    assert previous_passages("Kapan mereka bertemu?", [meeting]) == ()  # a question of its own: the articles
    assert previous_passages("Kapan?", [Answer("x", "…", [], True)]) == ()  # a refusal quoted nothing


def test_when_alone_after_where_is_the_quoted_meetings_date(sample_index):
    """"Kapan?" after "Di mana Xi dan Putin bertemu?" (Uzbekistan, "Minggu ini") was answered "12/9", the day of
    another event in the same article; it is the quoted sentence's time."""
    from qa import Assistant

    assistant = Assistant.load(sample_index)
    where = assistant.ask("Di mana Xi dan Putin bertemu?")
    assert where.short_answer == "Uzbekistan", where.text
    when = assistant.ask("Kapan?", history=[where])
    assert when.short_answer == "September 2022" and "Minggu ini" in when.text, when.text

"""Where the answer just given came from (qa/sources.py): "Siapa yang melaporkannya?", "Who reported it?" are
answered from that answer's own citations (outlet, title, date, the same passages), not read as a question about a
person."""

from __future__ import annotations

import pytest

from qa.sources import asks_source_of_previous


@pytest.mark.parametrize("question", [
    "Siapa yang melaporkannya?", "Apa sumbernya?", "Sumbernya?", "Dari mana sumbernya?", "Dari mana berita itu?",
    "Media apa yang memberitakannya?", "Who reported it?", "What's the source?", "Source?", "Which outlet?",
    "Where is this from?", "And who wrote that?",
])
def test_asking_where_the_answer_came_from(question):
    assert asks_source_of_previous(question)


@pytest.mark.parametrize("question", [
    "Siapa yang melaporkan kasus itu ke polisi?", "What is the source of the Nile?", "Siapa Ushakov?",
    "Media apa yang memberitakan AUKUS?",  # names its topic: which articles (qa.about), not the previous answer's
    "Who reported the attack to the police?",
])
def test_a_question_of_its_own_is_not_asking_the_source(question):
    assert not asks_source_of_previous(question)


def test_the_source_of_the_previous_answer(sample_index):
    """After "When did Xi and Putin talk about Taiwan?" (BERITAJA's report), "Who reported it?" was answered "Xi
    Jinping"; after "Apa kata Putin tentang AUKUS?", "Apa sumbernya?" quoted another sentence of a new search."""
    from qa import Assistant

    assistant = Assistant.load(sample_index)
    taiwan = assistant.ask("When did Xi and Putin talk about Taiwan?")
    source = assistant.ask("Who reported it?", history=[taiwan])
    assert (source.mode, source.short_answer, source.language) == ("sources", "BERITAJA", "en"), source.text
    assert source.text.startswith(f"BERITAJA, “{taiwan.citations[0].title}” [1]"), source.text
    assert [(c.source, c.quote) for c in source.citations] == [(c.source, c.quote) for c in taiwan.citations]
    aukus = assistant.ask("Apa kata Putin tentang AUKUS?")
    unnamed = assistant.ask("Apa sumbernya?", history=[aukus])
    assert unnamed.short_answer == aukus.citations[0].title and unnamed.language == "id", unnamed.text
    assert any("tidak menyebut medianya" in n for n in unnamed.notices)
    after = assistant.ask("Ringkas artikelnya", history=[aukus, unnamed])  # about the question before the source
    assert after.citations[0].source == aukus.citations[0].source and after.text.startswith("“"), after.text
    refused = assistant.ask("Kapan Obama menelepon Putin?")
    assert assistant.ask("Sumbernya?", history=[refused]).mode != "sources"  # nothing was cited

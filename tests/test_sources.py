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
    assert any("pembuka artikel itu" in n for n in after.notices) and after.timings_ms["total"] >= 0, after.notices
    refused = assistant.ask("Kapan Obama menelepon Putin?")
    nothing = assistant.ask("Sumbernya?", history=[refused])  # nothing was cited: no search for a source
    assert (nothing.abstained, nothing.citations) == (True, []) and nothing.text.startswith("Jawaban sebelumnya tidak")


@pytest.mark.parametrize("question", [
    "Kapan artikel itu diterbitkan?", "Kapan diterbitkan?", "Tanggal berapa berita itu dimuat?", "Tanggal terbitnya?",
    "When was it published?", "When was that article written?", "Publication date?",
])
def test_asking_when_the_article_came_out(question):
    from qa.sources import _PUBLISHED_OF_IT

    assert _PUBLISHED_OF_IT.match(question) and not asks_source_of_previous(question)


@pytest.mark.slow
def test_when_the_cited_article_came_out_is_its_record_not_an_event(tmp_path):
    """"Kapan artikel itu diterbitkan?" after "Kapan Xi menelepon Putin?" was answered with the call's date, an event
    the article reports; it is the article's publication date, or that its record gives none."""
    from tests.conftest import assistant_over

    assistant = assistant_over(tmp_path, {
        "dated.md": "---\ntitle: Telepon Xi dan Putin\ndate: 2022-06-16\n---\nXi menelepon Putin pada Rabu (15/6/2022). "
                    "Keduanya membahas kerja sama energi.",
        "undated.txt": "Pertemuan di Samarkand\n\nXi dan Putin bertemu di Samarkand pada 15 September 2022. Mereka "
                       "membahas perdagangan.",
    })
    call = assistant.ask("Kapan Xi menelepon Putin?")
    assert call.citations[0].source == "dated.md", call.text
    out = assistant.ask("Kapan artikel itu diterbitkan?", history=[call])
    assert (out.mode, out.short_answer) == ("sources", "16 Juni 2022"), out.text
    assert out.text.startswith("“Telepon Xi dan Putin” [1]: terbit 16 Juni 2022") and not out.notices, out.text
    english = assistant.ask("When was it published?", history=[call])
    assert english.short_answer == "June 16, 2022", english.text
    meeting = assistant.ask("Di mana Xi dan Putin bertemu?")
    assert meeting.citations[0].source == "undated.txt", meeting.text
    unknown = assistant.ask("Kapan artikel itu diterbitkan?", history=[meeting])
    assert unknown.short_answer is None and "tidak tercatat" in unknown.text and "15 September" not in unknown.text
    assert any("--published" in n for n in unknown.notices)
    asked = assistant.ask("Kapan artikel tentang telepon Xi dan Putin diterbitkan?")  # no history: the best match's
    assert (asked.short_answer, asked.citations[0].source) == ("16 Juni 2022", "dated.md"), asked.text
    english = assistant.ask("When was the article about the Samarkand meeting published?")
    assert english.citations[0].source == "undated.txt" and "no publication date" in english.text, english.text

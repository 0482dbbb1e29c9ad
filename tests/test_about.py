"""Questions about the articles themselves (qa/about.py): which article covers something is answered with its
title, cited, not with a span of its text."""

from __future__ import annotations

import pytest

from qa.about import article_topic, asks_for_article, asks_for_outlet, naming_all


class _Sentence:
    def __init__(self, text: str):
        self.text = text


def test_the_sentences_that_name_what_the_topic_names():
    xinjiang, other = _Sentence("Barat memboikot Olimpiade karena Xinjiang."), _Sentence("Xi menelepon Putin.")
    assert naming_all(article_topic("Which article mentions Xinjiang?"), [other, xinjiang]) == [xinjiang]
    assert naming_all(article_topic("What is the title of the article about Xinjiang?"), [other, xinjiang]) == [xinjiang]
    assert naming_all(article_topic("Artikel mana yang membahas resep rendang?"), [other, xinjiang]) == []  # no name
    assert naming_all(article_topic("Which article mentions Obama?"), [other, xinjiang]) == []


@pytest.mark.parametrize(("question", "asks"), [
    ("Artikel mana yang membahas AUKUS?", True), ("Apa judul artikel tentang telepon Xi dan Putin?", True),
    ("Di artikel mana Putin menyebut Taiwan?", False),  # no word of covering: the rule stays out
    ("Berita apa saja tentang Taiwan?", True), ("Media apa yang memberitakan telepon Xi?", True),
    ("Which article mentions the Winter Olympics?", True), ("Which source reported the call?", True),
    ("What is the headline of the article about the Lunar New Year call?", True),
    # what the articles say, not which article says it
    ("What did the article say about Taiwan?", False),
    ("Apa isi berita tentang AUKUS?", True),  # the article's content: its opening (qa.summary); it was refused
    ("Siapa yang menulis artikel tentang Tatanan Dunia?", False),
    # a report or a treaty's article in the text is a span: "Artikel apa yang menyatakan bahwa ...?"
    ("Laporan apakah yang menyebut Norwegia di posisi teratas?", False),
    ("Artikel apa yang menyatakan bahwa kekuasaan tetap ada di negara anggota?", False),
    ("Apa judul dari laporan yang dikeluarkan organisasi itu?", False),
    # bare, after a question or a count (qa.followup adds the topic before): "Artikel mana saja?", "Which articles?"
    ("Artikel mana saja?", True), ("Artikel mana saja? artikel menyebut Taiwan", True), ("Which articles?", True),
    ("Artikel mana yang lebih baru?", False), ("Mana artikelnya?", False),
    # asked as a search (each was refused)
    ("Tampilkan artikel tentang Taiwan", True), ("Cari berita tentang AUKUS", True),
    ("Find articles about Xinjiang", True), ("Show me the article on the phone call", True),
    ("Tolong carikan semua berita-berita yang membahas Taiwan", True),
    ("Cari tahu siapa yang menelepon Putin", False), ("Find out who called Putin", False),  # not a search of articles
    # when an article came out (each was refused)
    ("Kapan artikel tentang AUKUS diterbitkan?", True), ("When was the article about the call published?", True),
    ("Kapan perjanjian tentang perbatasan diterbitkan?", False),  # a treaty, not an article
])
def test_a_question_about_the_articles_is_told_from_one_about_their_content(question, asks):
    assert asks_for_article(question) is asks


@pytest.mark.parametrize(("question", "asks"), [
    ("Media apa yang memberitakan telepon Xi?", True), ("Which outlet reported the call?", True),
    ("Which news outlet reported the call?", True), ("Kantor berita apa yang melaporkan telepon itu?", True),
    ("Sumber mana yang menyebut AUKUS?", True), ("Media apa yang memberitakannya?", True),  # "-nya": it
    ("Artikel mana yang membahas AUKUS?", False), ("Apa judul artikel tentang telepon Xi dan Putin?", False),
    ("Apa sumber energi Rusia?", False),  # not a question about the articles at all
])
def test_a_question_for_the_outlet_is_told_from_one_for_the_title(question, asks):
    assert asks_for_outlet(question) is asks


@pytest.mark.parametrize(("question", "names"), [
    ("Find articles about Xinjiang", ("Xinjiang",)), ("Tampilkan semua berita tentang Xi dan Putin", ("Xi", "Putin")),
    ("Cari berita tentang kerja sama ekonomi", ()), ("Artikel mana yang membahas AUKUS?", ()),  # no search
])
def test_the_names_a_search_for_articles_gives(question, names):
    from qa.about import searches_articles

    assert searches_articles(question) == names


def test_the_topic_is_what_remains():
    assert article_topic("Artikel mana yang membahas AUKUS?") == "AUKUS?"
    assert article_topic("Which article mentions the Winter Olympics?") == "the Winter Olympics?"
    assert article_topic("Kapan Xi menelepon Putin?") == "Kapan Xi menelepon Putin?"


def test_which_article_is_answered_with_its_title(sample_index):
    """"Artikel mana yang membahas AUKUS?" was answered "Indo-Pacific Quad"; each article on a topic is named."""
    from index import load_index
    from qa import Assistant

    assistant, titles = Assistant.load(sample_index), {a: r["title"] for a, r in load_index(sample_index).articles.items()}
    aukus = assistant.ask("Artikel mana yang membahas AUKUS?")
    assert not aukus.abstained and aukus.citations[0].source.startswith("004_"), aukus.text
    assert aukus.short_answer == titles[aukus.citations[0].source] and aukus.text.startswith("“"), aukus.text
    calls = assistant.ask("Apa judul artikel tentang telepon Xi dan Putin?")
    sources = {c.source[:3] for c in calls.citations}
    assert {"000", "001"} <= sources, calls.text  # the Lunar New Year call and the June 2022 call
    assert all(f"“{' '.join(titles[c.source].split())}”" in calls.text for c in calls.citations), calls.text
    assert assistant.ask("Artikel mana yang membahas resep rendang?").abstained
    # an English question over Indonesian text: a name it gives, found, shows the article (it was refused)
    xinjiang = assistant.ask("Which article mentions Xinjiang?")
    assert not xinjiang.abstained and "Xinjiang" in xinjiang.citations[0].quote, xinjiang.text
    taiwan = assistant.ask("What is the title of the article about Taiwan?")
    assert not taiwan.abstained and "Taiwan" in taiwan.citations[0].quote, taiwan.text
    assert assistant.ask("Which article mentions Obama?").abstained
    for search in ("Tampilkan artikel tentang Taiwan", "Find articles about Xinjiang"):  # each was refused
        found = assistant.ask(search)  # every article naming it, listed as a count lists them (qa.tally)
        assert (found.mode, found.short_answer) == ("count", "1"), found.text
        assert f"“{' '.join(titles[found.citations[0].source].split())}”" in found.text, found.text
    ukraine = assistant.ask("Find articles about Ukraine")  # the best match alone was given
    assert ukraine.short_answer == "4" and len(ukraine.citations) == 4, ukraine.text
    assert assistant.ask("Cari berita tentang resep rendang").abstained  # no name to list by: the retrieval's topic


def test_which_outlet_is_answered_with_the_outlet_the_article_names(sample_index):
    """"Media apa yang memberitakan ...?" was answered with a title only; the outlet an article's dateline names
    ("Beijing (BERITAJA) - ...") leads, and one that names none is given by its title, with a notice saying so."""
    from qa import Assistant

    assistant = Assistant.load(sample_index)
    for question in ["Media apa yang memberitakan pertemuan video Xi dan Putin pada Januari?",
                     "Which outlet reported the video meeting between Xi and Putin?"]:
        ans = assistant.ask(question)
        assert not ans.abstained and ans.citations[0].source.startswith("003_"), (question, ans.text)
        assert ans.short_answer == "BERITAJA" == ans.citations[0].outlet and ans.text.startswith("BERITAJA, “")
        assert not ans.notices, ans.notices
    call = assistant.ask("Media apa yang memberitakan telepon 15 Juni 2022?")
    assert call.citations[0].source.startswith("001_") and call.text.startswith("“"), call.text  # names no outlet
    assert call.notices == ["Artikel yang tidak menyebut medianya disebut dengan judulnya."]


def test_which_outlet_reported_what_was_just_asked(sample_index):
    """"Media apa yang memberitakannya?" after a question was answered "via video" (its "-nya" hid the asking)."""
    from qa import Assistant

    assistant = Assistant.load(sample_index)
    first = assistant.ask("Kapan Xi dan Putin bertemu lewat video?")
    outlet = assistant.ask("Media apa yang memberitakannya?", history=[first])
    assert outlet.short_answer == "BERITAJA" and outlet.citations[0].source.startswith("003_"), outlet.text


def test_which_articles_after_a_count_lists_them(sample_index):
    """"Artikel mana saja?" after "Berapa artikel yang menyebut Taiwan?" was answered "Rusia" (a span)."""
    from qa import Assistant

    assistant = Assistant.load(sample_index)
    count = assistant.ask("Berapa artikel yang menyebut Taiwan?")
    which = assistant.ask("Artikel mana saja?", history=[count])
    assert which.short_answer == count.citations[0].title and which.citations[0].source == count.citations[0].source
    english = assistant.ask("Which articles?", history=[assistant.ask("How many articles mention Ukraine?")])
    assert english.text.startswith("“") and len(english.citations) >= 2, english.text

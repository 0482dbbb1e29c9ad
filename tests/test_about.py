"""Questions about the articles themselves (qa/about.py): which article covers something is answered with its
title, cited, not with a span of its text."""

from __future__ import annotations

import pytest

from qa.about import article_topic, asks_for_article, naming_all


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
    ("Apa isi berita tentang AUKUS?", False), ("What did the article say about Taiwan?", False),
    ("Siapa yang menulis artikel tentang Tatanan Dunia?", False),
    # a report or a treaty's article in the text is a span: "Artikel apa yang menyatakan bahwa ...?"
    ("Laporan apakah yang menyebut Norwegia di posisi teratas?", False),
    ("Artikel apa yang menyatakan bahwa kekuasaan tetap ada di negara anggota?", False),
    ("Apa judul dari laporan yang dikeluarkan organisasi itu?", False),
])
def test_a_question_about_the_articles_is_told_from_one_about_their_content(question, asks):
    assert asks_for_article(question) is asks


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

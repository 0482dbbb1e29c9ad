"""How many articles name something: counted over every article's text, each counted one cited."""

from __future__ import annotations

import pytest

from qa.tally import counted_names, counts_articles


@pytest.mark.parametrize(("question", "names"), [
    ("Ada berapa artikel tentang Taiwan?", ["Taiwan"]),
    ("Berapa artikel yang menyebut Xi dan Putin?", ["Xi", "Putin"]),
    ("How many articles mention the Winter Olympics?", ["Winter Olympics"]),
    ("Berapa banyak berita tentang Joe Biden pada 2022?", ["Joe Biden", "2022"]),
    ("Berapa jumlah artikel tentang perang?", None),  # no name: a topic is the retrieval's guess, a count is exact
    ("Berapa kali Xi menelepon Putin?", None),  # a count of calls, not of articles
    ("Apa judul artikel tentang Taiwan?", None),
])
def test_a_count_of_articles_is_asked_of_the_names_the_question_gives(question, names):
    assert counted_names(question) == names
    assert counts_articles(question) is (names is not None or "jumlah artikel" in question)


@pytest.mark.slow
def test_how_many_articles_name_something_is_counted_over_every_text(tmp_path):
    """"Ada berapa artikel tentang Taiwan?" was refused (no passage states a number); it is counted over every
    article: each spelling of a country, any case, whole words only, and every counted article cited."""
    from tests.conftest import assistant_over

    assistant = assistant_over(tmp_path, {
        "a.txt": "Ketegangan di Selat Taiwan\n\nPresiden Tiongkok berbicara tentang Taiwan pada Senin. Ia menegaskan "
                 "sikap negaranya soal kedaulatan.",
        "b.txt": "Kunjungan ke Moskow\n\nMenteri luar negeri China tiba di Moskow. Pembicaraan juga menyinggung "
                 "isu TAIWAN secara singkat.",
        "c.txt": "Pameran dagang\n\nPengusaha Taiwanese dan Cina membuka pameran dagang di Jakarta pada Selasa. "
                 "Give us a call, as they say.",
    })
    taiwan = assistant.ask("Ada berapa artikel tentang Taiwan?")
    assert (taiwan.short_answer, taiwan.mode, taiwan.abstained) == ("2", "count", False), taiwan.text
    assert taiwan.text.startswith("2 artikel menyebut “Taiwan”")
    assert sorted(c.source for c in taiwan.citations) == ["a.txt", "b.txt"]  # not "Taiwanese"
    assert all("Taiwan" in c.quote or "TAIWAN" in c.quote for c in taiwan.citations)
    china = assistant.ask("How many articles mention China?")  # written "Tiongkok", "China" and "Cina"
    assert china.short_answer == "3" and china.text.startswith("3 articles mention “China”"), china.text
    assert assistant.ask("how many articles mention taiwan?").short_answer == "2"  # typed in lower case
    none = assistant.ask("Berapa banyak berita tentang Joe Biden?")
    assert (none.short_answer, none.citations, none.abstained) == ("0", [], False)
    assert none.text == "Tidak ada artikel yang menyebut “Joe Biden”."
    assert assistant.ask("How many articles mention the US?").short_answer == "0"  # not the word "us"
    scoped = assistant.ask("Ada berapa artikel tentang Taiwan?", sources=["b.txt"])
    assert scoped.short_answer == "1" and [c.source for c in scoped.citations] == ["b.txt"]

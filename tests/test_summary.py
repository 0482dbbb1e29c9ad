"""A request to summarise an article (qa/summary.py): told apart from questions, its topic, and the answer over the
sample: the best-matching article's opening sentences under its title, each cited."""

from __future__ import annotations

import pytest

from qa.summary import asks_for_summary, summary_topic


@pytest.mark.parametrize(("question", "topic"), [
    ("Ringkas artikel tentang telepon Xi dan Putin", "telepon Xi dan Putin"),
    ("Tolong rangkum berita soal AUKUS", "AUKUS"),
    ("Buatkan ringkasan artikel tentang Uzbekistan", "Uzbekistan"),
    ("Summarize the article about the call.", "the call"),
    ("Can you summarize the news story on Taiwan?", "Taiwan"),
    ("Give me a summary of the report on sanctions", "sanctions"),
    # what an article holds (the first was refused: "isi artikel" matched nothing)
    ("Apa isi artikel tentang AUKUS?", "AUKUS"), ("Apa inti berita soal telepon Xi?", "telepon Xi"),
    ("What does the article about the phone call say?", "the phone call"),
])
def test_a_request_for_a_summary_and_its_topic(question, topic):
    assert asks_for_summary(question) and summary_topic(question) == topic


@pytest.mark.parametrize("question", [
    "Ringkasan apa yang mengatakan bahwa aktivitas manusia bertanggung jawab?",  # which summary: a span (training)
    "Kapan Xi menelepon Putin?", "What did the summary say?", "Apa isi perjanjian itu?", "What did Putin say?",
])
def test_a_question_is_not_a_request_for_a_summary(question):
    assert not asks_for_summary(question)


def test_a_summary_asked_after_a_question_is_of_the_article_just_cited():
    """"Ringkas artikelnya" after "Kapan Xi menelepon Putin?" was read "Kapan Xi menelepon Putin? Ringkas artikelnya"
    and answered with the date again; "Summarize that article" was read as Indonesian (its notices so)."""
    from qa.followup import standalone_question
    from qa.lang import detect_language

    call = [{"role": "user", "content": "Kapan Xi menelepon Putin?"}]
    assert standalone_question("Ringkas artikelnya", call) == "Ringkas artikelnya Xi menelepon Putin"
    assert summary_topic("Ringkas artikelnya Xi menelepon Putin") == "Xi menelepon Putin"
    video = [{"role": "user", "content": "When did Xi and Putin meet by video?"}]
    assert summary_topic(standalone_question("Summarize that article", video)) == "Xi and Putin meet by video"
    assert detect_language("Summarize that article") == "en"


def test_a_summary_is_the_best_articles_opening_sentences(sample_index):
    """"Ringkas artikel tentang telepon Xi dan Putin" was answered "Vladimir Putin" and its English form "Ukraina"."""
    from index.store import load_index
    from qa import Assistant
    from qa.summary import lede

    assistant = Assistant.load(sample_index)
    for question, notice in [("Ringkas artikel tentang telepon Xi dan Putin", "kalimat-kalimat pembuka"),
                             ("Summarize the article about the Xi-Putin phone call", "opening sentences")]:
        answer = assistant.ask(question)
        assert not answer.abstained and answer.short_answer is None, answer.text
        cited = answer.citations[0]
        assert answer.text.startswith(f"“{cited.title}”: ") and "Telepon" in cited.title, answer.text
        text = load_index(sample_index).articles[cited.source]["text"]
        opening = lede(load_index(sample_index), cited.source)
        assert len(opening) == 3 and cited.article_spans == opening and opening[0][0] <= 80
        assert all(text[s:e] in answer.text for s, e in opening) and any(notice in n for n in answer.notices)
    assert assistant.ask("Ringkas artikel tentang Obama").abstained  # no article covers it
    held = assistant.ask("Apa isi artikel tentang AUKUS?")  # was refused
    assert not held.abstained and held.citations[0].source.startswith("004_") and held.text.startswith("“"), held.text


def test_a_summary_asked_in_a_conversation(sample_index):
    from qa import Assistant

    assistant = Assistant.load(sample_index)
    call = assistant.ask("Kapan Xi menelepon Putin?")
    summary = assistant.ask("Ringkas artikelnya", history=[call])
    assert summary.citations[0].source == call.citations[0].source and summary.short_answer is None, summary.text
    assert summary.text.startswith(f"“{call.citations[0].title}”: "), summary.text


@pytest.mark.parametrize(("question", "several", "topic"), [
    ("Ringkas semua berita tentang Taiwan", True, "Taiwan"),
    ("Rangkum artikel-artikel tentang AUKUS", True, "AUKUS"),  # was "-artikel tentang AUKUS"
    ("Summarize all the articles about Ukraine", True, "Ukraine"),
    ("Summarize the stories on the Lunar New Year call", True, "the Lunar New Year call"),
    ("Ringkas berita tentang Taiwan", False, "Taiwan"),  # one article: the best
    ("Summarize the article about all the sanctions", False, "all the sanctions"),  # "all" of the topic, not articles
    ("Summarize them", True, "them"), ("Ringkas semuanya", True, "semuanya"),  # the cited ones
])
def test_a_request_for_several_articles(question, several, topic):
    from qa.summary import asks_for_several

    assert asks_for_summary(question) and asks_for_several(question) is several
    assert summary_topic(question) == topic


@pytest.mark.slow
def test_a_digest_of_every_article_naming_the_topic(tmp_path):
    """"Ringkas semua berita tentang Taiwan" was answered with one article's lede: each article naming Taiwan gets its
    title and first sentences, the newest five when more do, shown oldest first; a dateline standing alone is not
    one of the sentences; an article that does not name the topic is left out."""
    from tests.conftest import assistant_over

    articles = {f"t{i}.md": f"---\ntitle: Laporan Taiwan nomor {i}\ndate: 2024-0{i}-10\n---\nKabar{i}.id-Taipei.\n\n"
                f"Pejabat Taiwan bertemu delegasi dagang pada bulan ke-{i}. Pertemuan itu membahas ekspor cip. "
                f"Kalimat ketiga artikel {i} tidak masuk ringkasan." for i in range(1, 8)}
    articles["x.md"] = "---\ntitle: Pameran buku\ndate: 2024-09-01\n---\nPameran buku dibuka di Jakarta. Ramai."
    assistant = assistant_over(tmp_path, articles)
    digest = assistant.ask("Ringkas semua berita tentang Taiwan")
    assert (digest.mode, digest.abstained) == ("summary", False), digest.text
    assert [c.source for c in digest.citations] == [f"t{i}.md" for i in range(3, 8)], digest.text  # newest five
    paragraphs = digest.text.split("\n\n")
    assert [p.split("”")[0] for p in paragraphs] == [f"“Laporan Taiwan nomor {i}" for i in range(3, 8)]
    assert "Kabar3.id" not in digest.text and "ekspor cip" in paragraphs[0] and "ketiga" not in digest.text
    assert any("terlama" in n for n in digest.notices) and any(n.startswith("2 artikel lain") for n in digest.notices)
    english = assistant.ask("Summarize all the articles about Taiwan")
    assert english.language == "en" and any("oldest first" in n for n in english.notices), english.notices
    assert assistant.ask("Ringkas semua berita tentang Obama").abstained  # no article names him
    latest = assistant.ask("Apa berita terbaru tentang Taiwan?")  # the three last published, by their records
    assert [c.source for c in latest.citations] == ["t5.md", "t6.md", "t7.md"] and latest.mode == "summary"
    assert latest.notices[0].startswith("Berita terbaru: kalimat-kalimat pembuka 3 artikel"), latest.notices
    anything = assistant.ask("What is the latest news?")  # no topic: every article, the book fair's the newest
    assert [c.source for c in anything.citations] == ["t6.md", "t7.md", "x.md"], anything.text


@pytest.mark.parametrize(("question", "topic"), [
    ("Apa berita terbaru tentang Taiwan?", "Taiwan"), ("Berita terkini soal Xi dan Putin", "Xi dan Putin"),
    ("What's the latest news on Ukraine?", "Ukraine"), ("Apa berita terbaru?", ""), ("Latest updates?", ""),
    ("Kapan terakhir kali Xi menelepon Putin?", None), ("Apa isi berita tentang AUKUS?", None),
])
def test_a_request_for_the_latest_news_and_its_topic(question, topic):
    from qa.summary import latest_topic

    assert latest_topic(question) == topic


def test_the_latest_news_of_undated_articles_is_not_made_up(sample_index):
    """The sample's articles record no publication date: which is newest is not known, and the answer says so ("What
    is the latest news?" was refused as if the articles said nothing; with a topic, the best-matching sentences were
    given as the latest)."""
    from qa import Assistant

    assistant = Assistant.load(sample_index)
    bare = assistant.ask("Apa berita terbaru?")
    assert bare.abstained and "tanggal terbit" in bare.text and "--published" in bare.text, bare.text
    ukraine = assistant.ask("What is the latest news on Ukraine?")
    assert not ukraine.abstained and len(ukraine.citations) >= 3 and "not known" in ukraine.notices[0], ukraine.notices


def test_a_digest_asked_of_the_sample(sample_index):
    """Over the sample (undated articles): every article naming Ukraine, in an English request; no order claimed."""
    from qa import Assistant

    answer = Assistant.load(sample_index).ask("Summarize all the articles about Ukraine")
    assert answer.mode == "summary" and len(answer.citations) >= 3, answer.text
    assert all("Ukraina" in load_text(sample_index, c.source) for c in answer.citations)
    assert not any("oldest" in n for n in answer.notices) and answer.text.count("\n\n") == len(answer.citations) - 1


def load_text(index_dir, article_id: str) -> str:
    from index.store import load_index

    return load_index(index_dir).articles[article_id]["text"]

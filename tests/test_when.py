"""What leads a "when" answer (qa/when.py): the pure rules, then the real reader choosing among a sentence's dates."""

from __future__ import annotations

import pytest

from index.dates import DateMention, find_dates
from qa.when import event_date, event_lead, mention_in, names_time, span_lead
from qa.window import question_window


def _mention(text: str, published=None) -> DateMention:
    return find_dates(text, published)[0]


@pytest.mark.parametrize(("span", "is_time"), [
    ("1994", True), ("212 SM", True), ("abad ke-16 hingga abad ke-19", True), ("awal Maret", True),
    ("hari Kamis", True), ("Beijing", False), ("Presiden Joko Widodo", False), ("kapal selam", False),
])
def test_a_span_answers_when_only_if_it_names_a_time(span, is_time):
    assert names_time(span, None) is is_time


def test_a_span_on_a_date_the_index_resolved_answers_when_whatever_its_words():
    assert names_time("kemarin", _mention("Ia tiba kemarin.", __import__("datetime").date(2024, 2, 8)))


def test_a_relative_date_leads_as_its_calendar_date_with_the_articles_words():
    import datetime as dt

    m = _mention("Putin tiba di Beijing kemarin.", dt.date(2024, 2, 8))
    lead = span_lead("kemarin", m, holder=None, lang="id")
    assert lead.short == "Rabu 7 Februari 2024" and lead.from_reader
    assert lead.text.startswith("Rabu 7 Februari 2024 (“kemarin”") and "dihitung dari tanggal artikel" in lead.text
    assert span_lead("kemarin", m, None, "en").short == "Wednesday, February 7, 2024"


def test_a_written_date_leads_in_the_articles_words_with_what_the_calendar_adds():
    m = _mention("Xi menelepon Putin pada Rabu (15/6/2022).")
    lead = span_lead("15/6/2022", m, holder=None, lang="id")
    assert lead.short == "15/6/2022" and lead.text == "15/6/2022 (Rabu 15 Juni 2022)"
    plain = _mention("Ia wafat pada 30 Oktober 1910 di Heiden.")
    assert span_lead("30 Oktober 1910", plain, None, "id").text == "30 Oktober 1910"  # nothing to add
    assert span_lead("1994", None, None, "id").text == "1994"


def test_the_event_date_is_the_sentences_own_else_the_articles_first_full_one():
    text = "Pada 4 Februari 2022 keduanya bertemu. Sebelumnya, pada 16 Desember 2021, mereka berbicara. Lalu 20 Juni."
    mentions = find_dates(text)
    second = text.index("Sebelumnya")
    assert event_date(mentions, second, text.index("Lalu"), None).month == 12  # the sentence's own date
    assert event_date(mentions, text.index("Lalu") + 4, len(text), None).day == 20
    assert event_date(mentions, 0, 0, None).day == 4  # no date in the sentence: the first full date
    march = question_window("Apa yang terjadi pada Maret 2023?")
    assert event_date(mentions, 0, 0, march) is None  # none inside the window: no date is passed off as inside
    assert mention_in(mentions, second, second + 30).month == 12 and mention_in(mentions, 0, 2) is None
    lead = event_lead(mentions[0], holder=None, lang="en")
    assert lead.short == "February 4, 2022" and not lead.from_reader


def test_the_reader_picks_which_date_of_a_sentence_is_asked_about(tmp_path, encoder):
    """A sentence with two dates, the asked one second: the event-date rule alone would lead with the first."""
    from index import build_index
    from qa import Assistant

    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "euro.md").write_text(
        "---\ntitle: Mata uang bersama\ndate: 2010-05-02\n---\n\n"
        "Mata uang bersama itu mulai dipakai dalam transaksi bank pada 1 Januari 1999, tetapi uang kertas dan "
        "koinnya baru beredar di tangan warga pada 1 Januari 2002. Sebelumnya setiap negara memakai mata uangnya "
        "sendiri.\n", encoding="utf-8")
    (folder / "port.md").write_text(
        "---\ntitle: Pelabuhan baru\ndate: 2010-05-03\n---\n\n"
        "Pelabuhan peti kemas yang baru di pantai utara mulai beroperasi pada Mei 2009. Pelabuhan itu dibangun "
        "dengan biaya sekitar dua triliun rupiah.\n", encoding="utf-8")
    build_index([folder], tmp_path / "ix")
    assistant = Assistant.load(tmp_path / "ix")
    ans = assistant.ask("Kapan uang kertas dan koin mata uang bersama itu beredar di tangan warga?")
    assert ans.short_answer is not None and "2002" in ans.short_answer and "1999" not in ans.short_answer
    assert ans.text.startswith(ans.short_answer) and ans.dates and ans.dates[0]["year"] == 2002
    assert ans.short_answer in ans.citations[0].quote  # read from the cited sentence

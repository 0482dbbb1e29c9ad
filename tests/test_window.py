"""Time windows read from questions, and which dates fall inside them (no model needed)."""

from __future__ import annotations

import datetime as dt

import pytest

from index.dates import DateMention
from qa.window import passage_in_window, question_window

TODAY = dt.date(2026, 11, 24)
D = dt.date


@pytest.mark.parametrize(("question", "start", "end"), [
    ("Kapan Xi menelepon Putin pada Juni 2022?", D(2022, 6, 1), D(2022, 6, 30)),
    ("What did Putin say in December 2021?", D(2021, 12, 1), D(2021, 12, 31)),
    ("Apa yang terjadi pada 15 Juni 2022?", D(2022, 6, 15), D(2022, 6, 15)),
    ("Apa yang terjadi pada 2022?", D(2022, 1, 1), D(2022, 12, 31)),
    ("Kapan mereka bertemu menjelang Tahun Baru Imlek 2025?", D(2025, 1, 1), D(2025, 12, 31)),
    ("Apa yang dibahas Xi dan Putin tahun lalu?", D(2025, 1, 1), D(2025, 12, 31)),
    ("What did they discuss last month?", D(2026, 10, 1), D(2026, 10, 31)),
    ("Apa yang terjadi sejak 24 Februari 2022?", D(2022, 2, 24), D(2100, 12, 31)),
    # "after" leaves out the time it names, as "before" does ("setelah Juni 2022" listed 15 Juni 2022 first)
    ("Apa yang terjadi setelah 24 Februari 2022?", D(2022, 2, 25), D(2100, 12, 31)),
    ("What happened after June 2022?", D(2022, 7, 1), D(2100, 12, 31)),
    ("Apa yang terjadi sesudah tahun 2021?", D(2022, 1, 1), D(2100, 12, 31)),
    ("Apa yang terjadi sebelum tahun 2021?", D(1900, 1, 1), D(2020, 12, 31)),  # was read as 2021 itself
    ("What happened since the year 2021?", D(2021, 1, 1), D(2100, 12, 31)),
    ("What happened since 24 February?", D(2026, 2, 24), D(2100, 12, 31)),  # the latest 24 February
    ("What happened before 2020?", D(1900, 1, 1), D(2019, 12, 31)),
    ("Xi dan Putin bertemu antara Maret 2022 dan Juni 2023?", D(2022, 3, 1), D(2023, 6, 30)),
])
def test_windows_read_from_questions(question, start, end):
    window = question_window(question, TODAY)
    assert (window.start, window.end) == (start, end)
    assert window.text in question


def test_questions_without_a_window():
    assert question_window("When did Xi and Putin talk about Taiwan?", TODAY) is None
    assert question_window("Kapan Xi dan Putin bertemu pada hari Kamis?", TODAY) is None  # Thursdays, not last one
    month = question_window("Apa yang dikatakan Putin pada bulan Juni?", TODAY)
    assert (month.start, month.month) == (None, 6)


def _m(year=None, month=None, day=None, weekday=None, start=0):
    return DateMention("x", start, start + 1, year, month, day, weekday)


def test_which_mentions_fall_inside():
    june = question_window("pada Juni 2022", TODAY)
    assert june.contains(_m(2022, 6, 15)) and june.contains(_m(2022, 6)) and june.contains(_m(2022))
    assert not june.contains(_m(2022, 7, 1)) and not june.contains(_m(2021, 6, 15))
    assert june.contains(_m(None, 6, 15))  # a day-month without a year fits the window's year
    assert not june.contains(_m(weekday=2))  # a weekday alone cannot be placed


def test_passages_inside_outside_or_unknown():
    june = question_window("pada Juni 2022", TODAY)
    dates = [_m(2022, 6, 15, start=10).to_dict(), _m(2021, 3, 1, start=100).to_dict()]
    assert passage_in_window(june, dates, 0, 50, None) == 1.0  # its own date is inside
    assert passage_in_window(june, dates, 90, 150, None) == 0.0  # its own date is outside
    assert passage_in_window(june, dates, 200, 250, None) == 0.5  # none of its own; the article's is inside
    assert passage_in_window(june, [], 0, 50, "2022-06-20") == 0.5  # the article's publication date
    assert passage_in_window(june, [], 0, 50, None, "Harga naik pada Juni 2022.") == 1.0  # a month with its year
    assert passage_in_window(june, [], 0, 50, None, "Partai Mesir 2000 ikut.") is None  # a number, not a year
    assert passage_in_window(june, [], 0, 50, None, "Sejak tahun 2000 harga naik.") == 0.0


@pytest.mark.parametrize(("question", "topic"), [
    ("kronologi hubungan Xi dan Putin", "hubungan Xi dan Putin"),
    ("Kronologis: Xi dan Putin", "Xi dan Putin"),
    ("Timeline of Xi and Putin's calls?", "Xi and Putin's calls"),
    ("kapan saja Xi bertemu Putin?", "Xi bertemu Putin"),
    ("Kapan Xi bertemu Putin?", None),
    ("timeline", None),
])
def test_timeline_questions(question, topic):
    from qa.timeline import timeline_query

    assert timeline_query(question) == topic


def test_timeline_order_puts_dates_first_and_coarse_before_fine():
    from qa.timeline import _order

    dates = ["--01-21", "2022-06-15", "2022", "2021-12-16", "2022-06", "--02-24"]
    assert sorted(dates, key=_order) == ["2021-12-16", "2022", "2022-06", "2022-06-15", "--01-21", "--02-24"]


def test_a_timeline_in_the_chat_escapes_article_text():
    from qa.records import Answer, Citation
    from ui.render import answer_markdown

    answer = Answer("kronologi x", "-", [Citation(1, "a.txt", "A", "q", "q", 0.0, "")], False,
                    [{"date": "2022-06-15", "shown": "15 Juni 2022", "date_text": "Rabu (15/6/2022)",
                      "quote": "<img src=x onerror=alert(1)> **bold** Rabu (15/6/2022)", "citations": [1]}],
                    mode="timeline")
    md = answer_markdown(answer)
    assert md.startswith("- **15 Juni 2022**") and "<img" not in md and "&lt;img" in md and "\\*\\*bold" in md
    assert 'href="#kabar-src-1"' in md


def test_a_timeline_in_the_chat_keeps_its_notices():
    from qa.records import Answer, Citation
    from ui.render import answer_markdown

    answer = Answer("Apa yang terjadi pada 2022?", "-", [Citation(1, "a.txt", "A", "q", "q", 0.0, "")], False,
                    [{"date": "2022-06-15", "shown": "15 Juni 2022", "date_text": "Rabu (15/6/2022)",
                      "quote": "Xi menelepon Putin.", "citations": [1]}], mode="timeline",
                    notices=["Yang ditampilkan: 40 kalimat bertanggal pertama <dalam> 2022"])
    assert answer_markdown(answer).endswith("_Yang ditampilkan: 40 kalimat bertanggal pertama &lt;dalam&gt; 2022_")


@pytest.mark.parametrize(("question", "month"), [
    ("Apa yang terjadi pada bulan Mei?", 5), ("What happened in May?", 5), ("pada bulan Jun", 6),
    ("Who in may be there?", None), ("What happened in Jun?", None),
])
def test_a_month_of_any_year_by_a_short_name(question, month):
    """"pada bulan Mei" set no window: a three-letter name was taken for another word even after "bulan"."""
    from qa.window import question_window

    window = question_window(question)
    assert (window.month if window else None) == month

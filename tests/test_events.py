"""What happened on a date: the questions that ask only that, the index's dated sentences inside the window."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from index.dates import MONTH_NAMES, DateMention, find_dates
from qa.events import DateTable, date_question
from qa.window import question_window
from tests.conftest import assistant_over

AS_OF = dt.date(2026, 12, 7)


@pytest.mark.parametrize(("question", "window"), [
    ("Apa yang terjadi pada 16 Desember 2021?", "16 Desember 2021"),
    ("What happened on 4 February 2022?", "4 February 2022"),
    ("What happened in June 2022?", "June 2022"),
    ("Peristiwa apa saja pada bulan Februari?", "pada bulan Februari"),
    ("Berita apa yang ada pada tahun 2021?", "2021"),
    ("Apa yang terjadi sebelum 2022?", "sebelum 2022"),
    ("What events took place in 2021?", "2021"),
])
def test_questions_that_ask_what_happened_in_a_time(question, window):
    found = date_question(question, AS_OF)
    assert found is not None and found.text == window


@pytest.mark.parametrize("question", [
    "Apa yang dibahas Xi pada Juni 2022?",  # a topic: answered from its passages
    "What happened to Putin in June 2022?",
    "Kapan Xi menelepon Putin?",
    "What happened on Tuesday?",  # a weekday alone sets no window
    "Apa yang terjadi selama 2000-2017?",  # a range the window does not read
    "Siapa presiden pada 2021?",
])
def test_questions_that_do_not(question):
    assert date_question(question, AS_OF) is None


DATED = {
    "a": "Pertemuan pada Kamis (16/12/2021) membahas Barat. Lalu pada 4 Februari 2022 keduanya bertemu.",
    "b": "Sejak Maret 2022 harga naik. Pada Selasa (21/1) keduanya berbicara.",
    "c": "Pada 2 Februari 2022 menteri tiba. Pada hari Kamis rapat digelar.",
}


def test_the_mentions_inside_a_window_in_date_order():
    articles = {aid: {"text": text, "dates": [m.to_dict() for m in find_dates(text)]} for aid, text in DATED.items()}
    table = DateTable.build(SimpleNamespace(meta={a: {} for a in articles}, articles=articles))
    said = {(aid, m.start): m.text for aid, text in DATED.items() for m in find_dates(text)}

    def inside(question: str) -> list[str]:
        rows = table.inside(question_window(question, AS_OF))
        return [said[table.articles[table.article[r]], int(table.start[r])] for r in rows]

    assert inside("Apa yang terjadi pada Februari 2022?") == ["2 Februari 2022", "4 Februari 2022"]
    assert inside("What happened in 2022?") == ["2 Februari 2022", "4 Februari 2022", "Maret 2022"]
    assert inside("Apa yang terjadi sebelum 2022?") == ["Kamis (16/12/2021)"]  # "Selasa (21/1)": its year unknown
    assert inside("Apa yang terjadi pada 21 Januari 2025?") == ["Selasa (21/1)"]  # a day asked: it may be that day
    assert inside("Peristiwa apa pada bulan Februari?") == ["2 Februari 2022", "4 Februari 2022"]
    assert inside("What happened in 2019?") == []


def test_what_happened_on_a_date_lists_the_dated_sentences_with_their_sources(tmp_path, monkeypatch, encoder):
    assistant = assistant_over(tmp_path, {
        "a.txt": "Rapat daring\n\nPresiden Xi Jinping dan Presiden Vladimir Putin menggelar rapat daring pada Kamis "
                 "(16/12/2021) untuk membahas tekanan Barat. Keduanya sepakat memperkuat kerja sama pertahanan.\n",
        "b.txt": "Rapat Xi dan Putin\n\nPresiden Xi Jinping dan Presiden Vladimir Putin menggelar rapat daring pada "
                 "Kamis (16/12/2021) untuk membahas tekanan negara Barat. Pasar saham di Shanghai naik.\n",
        "c.txt": "Pertemuan di Beijing\n\nPutin dan Xi bertemu di Beijing pada 4 Februari 2022 menjelang Olimpiade "
                 "Musim Dingin. Sebulan kemudian, pada Maret 2022, harga gandum naik tajam.\n",
    })
    answer = assistant.ask("Apa yang terjadi pada 16 Desember 2021?")
    assert answer.mode == "timeline" and not answer.abstained
    assert [e["date"] for e in answer.dates] == ["2021-12-16"]  # one event, reported twice
    assert sorted(c.source for c in answer.citations) == ["a.txt", "b.txt"]
    assert "rapat daring" in answer.text and answer.text.startswith("- **16 Desember 2021**")

    english = assistant.ask("What happened in February 2022?")
    assert [e["date"] for e in english.dates] == ["2022-02-04"] and "**February 4, 2022**" in english.text
    assert [c.source for c in english.citations] == ["c.txt"]

    scoped = assistant.ask("Apa yang terjadi pada 16 Desember 2021?", sources=["b.txt"])
    assert [c.source for c in scoped.citations] == ["b.txt"]
    streamed = list(assistant.stream("Apa yang terjadi pada tahun 2022?"))
    assert [e["date"] for e in streamed[-1].dates] == ["2022-02-04", "2022-03"]

    nothing = assistant.ask("What happened in January 2020?")
    assert nothing.abstained and nothing.text == "The articles name no dated event within “January 2020”."
    topic = assistant.ask("Apa yang dibahas Xi dan Putin pada 16 Desember 2021?")  # a topic: read as usual
    assert topic.mode == "extractive" and "tekanan" in topic.text

    assert [e.date for e in assistant.timeline("Xi dan Putin").events] == ["2021-12-16", "2022-02-04", "2022-03"]
    in_2022 = assistant.ask("Kronologi Xi dan Putin pada tahun 2022")  # a timeline keeps the time it names
    assert [e["date"] for e in in_2022.dates] == ["2022-02-04", "2022-03"]

    monkeypatch.setattr("qa.events.MAX_EVENT_SENTENCES", 1)
    cut = assistant.ask("Apa yang terjadi sebelum 2023?")
    assert [e["date"] for e in cut.dates] == ["2021-12-16"]
    assert any("narrower" in n or "lebih sempit" in n for n in cut.notices)


def test_a_coarser_mention_does_not_place_an_event_inside_a_finer_window():
    text = "Pada tahun 2022 harga naik. Pada Juni 2022 pasar tutup. Pada Rabu (15/6/2022) Xi menelepon Putin."
    articles = {"a": {"text": text, "dates": [m.to_dict() for m in find_dates(text)]}}
    table = DateTable.build(SimpleNamespace(meta={"a": {}}, articles=articles))
    for question, expected in [("Apa yang terjadi pada 15 Juni 2022?", 1), ("What happened in June 2022?", 2),
                               ("What happened in 2022?", 3)]:
        assert len(table.inside(question_window(question, AS_OF))) == expected, question


MENTIONS = st.builds(
    lambda y, mo, d, kind: DateMention("x", 0, 1, None if kind == "day-month" else y,
                                       None if kind == "year" else mo, d if kind in ("day", "day-month") else None,
                                       None),
    st.integers(1990, 2030), st.integers(1, 12), st.integers(1, 28),
    st.sampled_from(["day", "month", "year", "day-month"]))
WINDOW_QUESTIONS = st.builds(
    lambda y, mo, d, form: form.format(y=y, mo=MONTH_NAMES["id"][mo - 1], d=d),
    st.integers(1990, 2030), st.integers(1, 12), st.integers(1, 28),
    st.sampled_from(["pada {d} {mo} {y}", "pada {mo} {y}", "pada tahun {y}", "sebelum {y}", "setelah {d} {mo} {y}",
                     "pada bulan {mo}", "antara {mo} {y} dan {d} {mo} 2031"]))


@settings(max_examples=300, deadline=None)
@given(st.lists(MENTIONS, max_size=30), WINDOW_QUESTIONS)
def test_the_date_table_finds_what_the_window_holds(mentions, question):
    """The arrays' answer is the one ``DateWindow.holds`` gives mention by mention."""
    window = question_window(f"Apa yang terjadi {question}?", AS_OF)
    articles = {"a": {"text": "", "dates": [{**m.to_dict(), "start": i} for i, m in enumerate(mentions)]}}
    table = DateTable.build(SimpleNamespace(meta={"a": {}}, articles=articles))
    assert sorted(int(table.start[r]) for r in table.inside(window)) == [
        i for i, m in enumerate(mentions) if window.holds(m)]

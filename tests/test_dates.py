from __future__ import annotations

import datetime as dt

from index.dates import find_dates


def _one(text, **kw):
    found = find_dates(text, **kw)
    assert len(found) == 1, found
    return found[0]


def test_indonesian_forms():
    d = _one("Keduanya berkomunikasi via telepon Rabu (15/6/2022).")
    assert (d.year, d.month, d.day, d.weekday, d.iso) == (2022, 6, 15, 2, "2022-06-15")
    d = _one("Xi pada Selasa (21/1) mengatakan")
    assert (d.year, d.month, d.day, d.weekday) == (None, 1, 21, 1)  # no year in the text: none guessed
    d = _one("pertemuan di Beijing, 4 Februari 2022.")
    assert d.iso == "2022-02-04"
    d = _one("sejak Putin menyerang Ukraina 24 Februari.")
    assert (d.year, d.month, d.day) == (None, 2, 24)
    d = _one("dalam percakapan telepon pada hari Kamis yang")
    assert (d.weekday, d.day) == (3, None)


def test_english_forms():
    assert _one("They met on February 4, 2022 in Beijing.").iso == "2022-02-04"
    assert _one("Talks were held on Thursday.").weekday == 3


def test_weekday_fixes_the_year_only_among_years_the_text_names():
    text = "Pada 2024 dan 2025 mereka bertemu. Xi pada Selasa (21/1) berkata."
    d = [x for x in find_dates(text) if x.day == 21][0]
    assert d.year == 2025 and d.year_inferred  # 21 January 2025 was a Tuesday, 2024's was a Sunday
    d = _one("Xi pada Selasa (21/1) berkata.", published=dt.date(2025, 2, 20))
    assert d.year == 2025


def test_invalid_and_ambiguous():
    assert find_dates("skor 31/2 di babak kedua (31/2)") == []
    assert find_dates("pada minggu lalu") == []  # "minggu" = week
    assert _one("pada hari Minggu").weekday == 6

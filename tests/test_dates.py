from __future__ import annotations

import datetime as dt

import pytest

from index.dates import find_dates, report_date


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
    last_week = _one("pada minggu lalu")  # "minggu" = week here, not Sunday
    assert (last_week.weekday, last_week.resolution, last_week.known) == (None, "unresolved", False)
    assert _one("pada hari Minggu").weekday == 6
    assert _one("pada hari Minggu ini").weekday == 6  # "this Sunday", not "this week"


THU = dt.date(2024, 2, 8)  # a Thursday


@pytest.mark.parametrize(("text", "iso", "resolution"), [
    ("Presiden bertemu Putin hari ini.", "2024-02-08", "published"),
    ("Presiden bertemu Putin kemarin.", "2024-02-07", "published"),
    ("Presiden akan bertemu Putin besok.", "2024-02-09", "published"),
    ("Pertemuan digelar esok.", "2024-02-09", "published"),
    ("Pertemuan digelar lusa.", "2024-02-10", "published"),
    ("Mereka bertemu kemarin lusa.", "2024-02-06", "published"),
    ("Mereka bertemu tiga hari lalu.", "2024-02-05", "published"),
    ("Mereka bertemu 10 hari yang lalu.", "2024-01-29", "published"),
    ("They met today.", "2024-02-08", "published"),
    ("They met yesterday.", "2024-02-07", "published"),
    ("They will meet tomorrow.", "2024-02-09", "published"),
    ("They met two days ago.", "2024-02-06", "published"),
    ("They met the day before yesterday.", "2024-02-06", "published"),
    ("Xi menelepon Putin pada hari Senin.", "2024-02-05", "published"),  # the latest Monday on or before
    ("Xi menelepon Putin pada hari Kamis.", "2024-02-08", "published"),  # the dateline's own weekday
    ("Xi akan menelepon Putin pada hari Senin.", "2024-02-12", "published"),  # looks ahead: the next Monday
    ("Xi spoke to Putin on Tuesday.", "2024-02-06", "published"),
    ("Putin tiba di Beijing 3 Februari.", "2024-02-03", "published"),  # day-month takes the dateline's year
    ("Putin tiba di Beijing 28 Desember.", "2023-12-28", "published"),  # ... or the year before, when later
    ("Putin akan tiba di Beijing 5 Januari.", "2025-01-05", "published"),  # looking ahead: the next one
])
def test_relative_dates_resolve_against_the_publication_date(text, iso, resolution):
    d = _one(text, published=THU)
    assert (d.iso, d.resolution) == (iso, resolution)
    alone = _one(text)  # without a publication date nothing is invented: no year, nothing counted
    assert alone.year is None and alone.resolution in ("written", "unresolved")


@pytest.mark.parametrize(("text", "year", "month"), [
    ("Kunjungan itu terjadi pekan lalu.", 2024, None),  # Mon 29 Jan - Sun 4 Feb: the month is not fixed
    ("Kunjungan itu terjadi minggu lalu.", 2024, None),
    ("The visit took place last week.", 2024, None),
    ("Kunjungan dijadwalkan pekan depan.", 2024, 2),
    ("Minggu ini, Putin dan Xi akan bertemu di Uzbekistan.", 2024, 2),  # Mon 5 - Sun 11 Feb
    ("They will meet this week.", 2024, 2),
    ("Kunjungan itu terjadi bulan lalu.", 2024, 1),
    ("The visit is planned for next month.", 2024, 3),
    ("Kunjungan itu terjadi tahun lalu.", 2023, None),
    ("Kunjungan dijadwalkan tahun depan.", 2025, None),
    ("The visit happened last year.", 2023, None),
    ("Kunjungan itu terjadi tahun ini.", 2024, None),
])
def test_weeks_months_and_years_resolve_to_what_they_fix(text, year, month):
    d = _one(text, published=THU)
    assert (d.year, d.month, d.day, d.resolution) == (year, month, None, "published")


def test_a_week_inside_one_month_fixes_the_month():
    d = _one("Kunjungan itu terjadi pekan lalu.", published=dt.date(2024, 3, 14))  # Mon 4 Mar - Sun 10 Mar
    assert (d.year, d.month, d.day) == (2024, 3, None)


@pytest.mark.parametrize(("phrase", "iso"), [
    ("Hari itu Xi menyambut Putin.", "2022-02-04"),
    ("Saat itu Xi menyambut Putin.", "2022-02-04"),
    ("Pada tanggal tersebut Xi menyambut Putin.", "2022-02-04"),
    ("On that day Xi welcomed Putin.", "2022-02-04"),
    ("Sehari kemudian Xi menyambut Putin.", "2022-02-05"),
    ("Keesokan harinya Xi menyambut Putin.", "2022-02-05"),
    ("Dua hari kemudian Xi menyambut Putin.", "2022-02-06"),
    ("Two days later Xi welcomed Putin.", "2022-02-06"),
    ("The next day Xi welcomed Putin.", "2022-02-05"),
])
def test_context_phrases_take_the_last_date_written_before_them(phrase, iso):
    found = find_dates(f"Putin tiba di Beijing pada 4 Februari 2022. {phrase}")
    assert (found[-1].iso, found[-1].resolution) == (iso, "context")
    alone = _one(phrase)  # nothing written before: unresolved, never invented
    assert (alone.iso, alone.resolution, alone.known) == (None, "unresolved", False)


def test_find_dates_is_public_and_records_provenance():
    from index import find_dates as public

    mentions = public("JAKARTA - Xi menelepon Putin kemarin, Rabu (15/6/2022).", published=dt.date(2022, 6, 16))
    assert [(m.text, m.iso, m.resolution) for m in mentions] == [
        ("kemarin", "2022-06-15", "published"), ("Rabu (15/6/2022)", "2022-06-15", "written")]
    assert mentions[0].to_dict()["resolution"] == "published"


@pytest.mark.parametrize(("text", "found"), [
    ("Ia pindah ke Jakarta pada Maret 1973.", [("Maret 1973", "1973-03", "Maret 1973")]),
    ("They met in May 2022 in Moscow.", [("May 2022", "2022-05", "Mei 2022")]),  # described in Indonesian
    ("Dia memulai karier pada 1972.", [("1972", "1972", "1972")]),
    ("Sejak tahun 2014 kedua negara berdagang.", [("2014", "2014", "2014")]),
    ("Ia lahir pada 2 Maret 1973 dan pindah pada Juni 1990.", [("2 Maret 1973", "1973-03-02", "2 Maret 1973"),
                                                             ("Juni 1990", "1990-06", "Juni 1990")]),
    # not dates: the verb "may", a span of years, a decade, a count, an abbreviation before a year
    ("They may 2022 be wrong.", []), ("pada 2019-2020", []), ("in the 1990s", []), ("pada tahun 1990-an", []),
    ("kepada 2000 orang", []), ("Mar 2022", []), ("sebanyak 1998 peserta", []),
])
def test_a_month_with_its_year_or_a_year_alone_is_a_coarse_date(text, found):
    """What "pada 2019" or "Maret 2022" means, at its own precision; the timeline and "when" answers read them."""
    assert [(m.text, m.value, m.describe("id")) for m in find_dates(text)] == found


def test_a_month_without_its_year_is_described_by_its_name():
    """A "when" answer led by "bulan Februari nanti" read " (“Februari”)": a month alone was described as nothing."""
    from qa.compose import date_lead

    (feb,) = find_dates("Putin ingin bertemu Xi pada bulan Februari nanti.")
    assert (feb.year, feb.month, feb.describe("id"), feb.describe("en")) == (None, 2, "Februari", "February")
    assert (date_lead(feb, "id"), date_lead(feb, "en")) == ("Februari", "February (“Februari”)")


@pytest.mark.parametrize(("text", "value"), [
    ("Perundingan berlangsung sejak Februari.", "2024-02"),  # the latest February up to the dateline
    ("Kunjungan itu terjadi pada bulan Oktober.", "2023-10"),
    ("Putin akan berkunjung pada Oktober mendatang.", "2024-10"),  # looking ahead: the next October
    ("The talks began in March.", "2023-03"),
])
def test_a_month_alone_takes_its_year_from_the_articles_date(text, value):
    mention = _one(text, published=THU)
    assert (mention.value, mention.resolution) == (value, "published")
    assert _one(text).value is None  # no dateline: the year stays unknown


def test_names_that_hold_a_date_word_are_not_dates():
    assert find_dates("Menurut Russia Today, pertemuan berlangsung.", published=THU) == []


def test_the_date_scorer_counts_right_wrong_missing_and_invented(tmp_path):
    import json

    from eval.dates import score_dates

    rows = [
        {"id": "a", "published": "2024-02-08", "text": "Putin tiba kemarin. Xi datang 3 Maret.",
         "dates": [{"text": "kemarin", "date": "2024-02-07", "kind": "relative"},
                   {"text": "3 Maret", "date": "2024-03-03", "kind": "explicit"}]},  # Kabar: 2023-03-03
        {"id": "b", "published": None, "text": "Mereka bertemu kemarin. Sejak Februari.",
         "dates": [{"text": "kemarin", "date": None, "kind": "relative"},
                   {"text": "Februari", "date": "2022-02", "kind": "explicit"}]},  # a month alone: not found
        {"id": "c", "published": "2024-02-08", "text": "Pertemuan hari ini.", "dates": []},  # unannotated
    ]
    path = tmp_path / "set.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows))
    kinds = score_dates(path)["kinds"]
    assert kinds["relative"] == {"gold_dates": 1, "recall": 1.0, "precision": 0.5, "unresolvable_in_gold": 1,
                                 "invented": 0}
    assert kinds["explicit"] == {"gold_dates": 2, "recall": 0.0, "precision": 0.0, "unresolvable_in_gold": 0,
                                 "invented": 0}


def test_a_report_without_a_publication_date_counts_from_the_day_it_reports():
    """Indonesian news dates what it reports with its weekday, "Senin (12/9)": an article with no publication date
    counts "minggu ini", "minggu lalu" and dates without a year from that day (resolution "reported"), not from a
    caption's date, which names no weekday; with no such day, nothing is counted."""
    text = ("Putin dan Xi berpose saat pertemuan di Beijing, 4 Februari 2022. Tiongkok ingin tatanan baru, kata Yang "
            "Jiechi, Senin (12/9). Minggu ini, Putin dan Xi akan bertemu di Uzbekistan. Li berkunjung pada minggu "
            "lalu. Serangan dimulai 24 Februari. Mereka akan bertemu lagi pada bulan Desember nanti.")
    found = {m.text: m for m in find_dates(text)}
    assert report_date(list(found.values())) == dt.date(2022, 9, 12)
    this_week, last_week = found["Minggu ini"], found["minggu lalu"]
    assert (this_week.year, this_week.month, this_week.resolution) == (2022, 9, "reported")
    assert (last_week.year, last_week.month, last_week.resolution) == (2022, 9, "reported")  # Mon 5 - Sun 11 Sep
    assert (found["24 Februari"].iso, found["24 Februari"].resolution) == ("2022-02-24", "reported")
    assert (found["Desember"].year, found["Desember"].month) == (2022, 12)  # "nanti": ahead of the report's day
    assert found["4 Februari 2022"].resolution == "written"
    # a publication date, when known, is what is counted from
    published = {m.text: m for m in find_dates(text, dt.date(2022, 9, 20))}["Minggu ini"]
    assert (published.month, published.resolution) == (9, "published")
    alone = {m.text: m for m in find_dates("Berpose di Beijing, 4 Februari 2022. Minggu ini mereka bertemu.")}
    assert alone["Minggu ini"].resolution == "unresolved"  # no day the report gives: none invented


def test_a_timeline_sentence_is_dated_by_its_event_not_by_the_report():
    """"... pertemuan onlinenya pada hari Rabu, Kamis (16/12/2021)." was listed on 15 and on 16 December: the
    Wednesday is counted from the report's Thursday, which dates the report. Another date the sentence gives stays."""
    from qa.timeline import event_dates

    text = ("Putin dan Xi sepakat dalam pertemuan onlinenya pada hari Rabu, Kamis (16/12/2021). Mereka bertemu "
            "pada hari Rabu, Kamis (16/12/2021), dan lagi pada 4 Februari 2022.")
    mentions = find_dates(text)
    day = report_date([m for m in mentions if m.resolution == "written"])
    first, second = text.index("Mereka"), len(text)
    assert [m.value for m in event_dates([m for m in mentions if m.start < first], day)] == ["2021-12-15"]
    assert [m.value for m in event_dates([m for m in mentions if first <= m.start < second], day)] == [
        "2021-12-15", "2022-02-04"]
    plain = find_dates("Keduanya bertemu Rabu (15/6/2022).")
    assert event_dates(plain, report_date(plain)) == plain  # nothing counted from the report: every date stays

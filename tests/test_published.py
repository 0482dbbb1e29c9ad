"""Publication dates from every place an article gives one, with where each came from (no model needed)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from index.build import clean_articles
from index.ingest import read_paths
from index.published import date_in_url, dateline_date, dateline_outlet, parse_published, split_front_matter


@pytest.mark.parametrize(("value", "date"), [
    ("2022-06-15", dt.date(2022, 6, 15)),
    ("2022-06-15T10:00:00+07:00", dt.date(2022, 6, 15)),
    ("Rabu, 15 Juni 2022 10:00 WIB", dt.date(2022, 6, 15)),
    ("June 15, 2022", dt.date(2022, 6, 15)),
    ("2022-02-30", None),
    ("kemarin", None),
    ("", None),
    (None, None),
])
def test_metadata_values(value, date):
    assert parse_published(value) == date


@pytest.mark.parametrize(("url", "date"), [
    ("https://internasional.kompas.com/read/2022/06/15/200000/xi-telepon-putin", dt.date(2022, 6, 15)),
    ("https://example.com/news/20220615/xi-putin", dt.date(2022, 6, 15)),
    ("https://example.com/2022/13/40/x", None),
    ("https://example.com/berita/123456/xi", None),
])
def test_dates_in_url_paths(url, date):
    assert date_in_url(url) == date


def test_datelines():
    text = "Xi menelepon Putin\nJAKARTA, KOMPAS.com - Presiden China Xi Jinping menelepon Putin, Kamis (17/10/2013)."
    assert dateline_date(text) == dt.date(2013, 10, 17)
    assert dateline_date("Beijing (ANTARA) - Xi bertemu Putin pada 4 Februari 2022.") == dt.date(2022, 2, 4)
    # no dateline, or a dateline without a full date: no publication date
    assert dateline_date("Xi bertemu Putin pada 4 Februari 2022.") is None
    assert dateline_date("Beijing (BERITAJA) - Presiden China Xi Jinping pada Selasa (21/1) mengatakan") is None


def test_the_outlet_a_dateline_names():
    assert dateline_outlet("Xi menelepon Putin\nJAKARTA, KOMPAS.com - Presiden China Xi Jinping menelepon.") == "KOMPAS.com"
    assert dateline_outlet("Beijing (BERITAJA) - Presiden China Xi Jinping pada Selasa (21/1) mengatakan") == "BERITAJA"
    assert dateline_outlet("LONDON (Reuters) – Putin said on Monday ...") == "Reuters"
    assert dateline_outlet("Liputan6.com, Jakarta - Presiden Joko Widodo ...") == "Liputan6.com"  # the site first
    assert dateline_outlet("TEMPO.CO, Jakarta - Menteri Luar Negeri ...") == "TEMPO.CO"
    # a day, lower-case words, no dateline, or a dateline past the first paragraphs: no outlet
    assert dateline_outlet("JAKARTA, Senin - Presiden menelepon.") is None
    assert dateline_outlet("Beijing (kata dia) - hubungan membaik.") is None
    assert dateline_outlet("BEIJING - Tiongkok ingin membentuk tatanan internasional.") is None
    assert dateline_outlet("Satu.\nDua.\nTiga.\nBeijing (ANTARA) - Xi bertemu Putin.") is None


def test_front_matter():
    meta, body = split_front_matter("---\ntitle: Xi dan Putin\ndate: 2024-02-08\nsource: 'Kompas'\n---\n# Isi\n")
    assert meta == {"title": "Xi dan Putin", "date": "2024-02-08", "source": "Kompas"} and body == "# Isi\n"
    assert split_front_matter("# Tanpa front matter\n---\n") == ({}, "# Tanpa front matter\n---\n")


def _by_id(folder, **kw):
    raw, skipped = read_paths([folder])
    assert not skipped
    articles, _ = clean_articles(raw, **kw)
    return {a.article_id: a for a in articles}


def test_every_source_of_a_publication_date_is_read_and_named(tmp_path):
    (tmp_path / "front.md").write_text("---\ntitle: Kunjungan Putin\ndate: 2024-02-08\n---\n\n"
                                       "Putin tiba di Beijing kemarin untuk bertemu Xi Jinping dalam kunjungan resmi.\n")
    (tmp_path / "feed.jsonl").write_text(
        json.dumps({"id": "meta", "title": "A", "published": "2023-05-01", "text": "Xi bertemu Putin di Moskow hari ini."})
        + "\n" + json.dumps({"id": "url", "title": "B", "url": "https://x.id/read/2021/12/15/a",
                             "text": "Xi dan Putin berbicara melalui video kemarin."}) + "\n")
    (tmp_path / "page.html").write_text(
        '<html><head><meta property="article:published_time" content="2022-06-15T09:00:00+07:00">'
        "<title>Xi menelepon Putin</title></head><body><article><p>Presiden China Xi Jinping menelepon Presiden "
        "Rusia Vladimir Putin hari ini untuk membahas hubungan kedua negara.</p></article></body></html>")
    (tmp_path / "dateline.txt").write_text("Xi dan Putin\n\nMOSKOW, KOMPAS.com - Putin menerima Xi di Kremlin, "
                                           "Senin (20/3/2023). Keduanya membahas perang di Ukraina.\n")
    (tmp_path / "plain.txt").write_text("Tanpa tanggal\n\nXi dan Putin bertemu kemarin untuk membahas kerja sama.\n")
    arts = _by_id(tmp_path, published=dt.date(2020, 1, 1))
    got = {aid: (a.published, a.published_from) for aid, a in arts.items()}
    assert got["front.md"] == ("2024-02-08", "front matter") and arts["front.md"].title == "Kunjungan Putin"
    assert got["meta"] == ("2023-05-01", "metadata")
    assert got["url"] == ("2021-12-15", "url")
    assert got["page.html"] == ("2022-06-15", "metadata")
    assert got["dateline.txt"] == ("2023-03-20", "dateline")
    assert got["plain.txt"] == ("2020-01-01", "option")  # only what carries no date takes --published
    assert _by_id(tmp_path)["plain.txt"].published is None  # and without it, none is invented

from __future__ import annotations

import re

from index.build import clean_articles
from index.clean import clean_lines, common_lines, line_noise_reason
from index.ingest import read_paths
from tests.conftest import SAMPLE

# The noise in the sample, as a reader would mark it; the rules that remove it are general (see index/clean.py).
NOISE = [
    "Berita Update : Xi dari Tiongkok",  # repeated site-prefixed title
    "jasa backlink pbn",
    "Baca Juga: Lord Rangga",
    "Baca Juga: Ukraina Status Darurat",
    "Nasional Mondial Ekonomi Megapolitan",
    "Foto : CNA/AFP",
    "Pengaturan Font",
    "Redaktur : Lili Lestari",
    "Penulis : CNA",
    "Sedang Trending 1 bulan yang lalu",
    "Silakan baca konten menarik lainnya",
    "Baca juga: NATO Bantah",
    "Tinggalkan Balasan",
    "Alamat email Anda tidak akan dipublikasikan",
    "Rusia dan Cina Eratkan Hubungan Setelah Ditekan Negara Barat",
]


def _sample():
    raw, skipped = read_paths([SAMPLE])
    assert not skipped
    arts, skipped = clean_articles(raw)
    assert not skipped
    return raw, arts


def test_sample_keeps_every_paragraph_and_drops_the_noise():
    raw, arts = _sample()
    assert len(arts) == 5
    for r, a in zip(raw, arts):
        for noise in NOISE:
            assert noise not in a.text, (a.article_id, noise)
        paragraphs = [x.strip() for x in r.lines if len(x.split()) >= 8 and re.search(r"[.!?\"”]$", x.strip())]
        for p in paragraphs:
            if any(p.startswith(n) for n in NOISE) or p == a.title:
                continue
            assert a.text.count(p) == 1, (a.article_id, p[:60])  # kept exactly once (duplicates dropped)
        assert "Taiwan" in a.text or a.article_id != "003_8ea2e4786c536e84.txt"


def test_titles_are_found_and_cleaned():
    _, arts = _sample()
    titles = {a.article_id: a.title for a in arts}
    assert titles["000_a95050f8437f20de.txt"].startswith("Xi dari Tiongkok menyerukan")
    assert titles["002_427624c5e50957f0.txt"].startswith("Lawan Dominasi AS")  # not the menu above it
    assert titles["003_8ea2e4786c536e84.txt"] == "Xi Jinping Dan Putin Gelar Dialog Bahas Kesetaraan Internasional"


def test_rules_are_general_not_sample_strings():
    assert line_noise_reason("Baca juga:  Harga BBM naik lagi pekan depan") == "related link"
    assert line_noise_reason("Read more: Biden meets Xi in San Francisco") == "related link"
    assert line_noise_reason("Leave a Reply") == "comment form"
    assert line_noise_reason("Editor : Budi Santoso") == "credit line"
    assert line_noise_reason("3 + 4 = ?") == "captcha"
    assert line_noise_reason("Home Berita Politik Hukum Ekonomi Bisnis Olahraga Hiburan Gaya Hidup Otomotif") == (
        "navigation menu")
    assert line_noise_reason("Presiden Joko Widodo meresmikan jalan tol baru di Medan, Senin (3/4).") is None


def test_near_duplicate_and_cross_article_lines():
    res = clean_lines(["Judul berita hari ini", "Kalimat pertama yang panjang tentang sesuatu.",
                       "Kalimat pertama yang panjang tentang sesuatu!", "Kalimat lain yang berbeda sama sekali."])
    assert res.title == "Judul berita hari ini"
    assert res.kept == ["Kalimat pertama yang panjang tentang sesuatu.", "Kalimat lain yang berbeda sama sekali."]
    footer = "Dapatkan update berita pilihan setiap hari dari Kabarku."
    arts = [[f"Judul berita nomor {i}", f"Isi berita nomor {i} yang unik sekali.", footer] for i in range(4)]
    common = common_lines(arts)
    assert footer in common
    assert clean_lines(arts[0], common=common).kept == ["Isi berita nomor 0 yang unik sekali."]

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


def test_cleaner_removes_nothing_from_clean_benchmark_text():
    """Passages nobody here wrote: every removal there is a lost sentence. Whole passages, and each passage as an
    article with one sentence per line (no sentence-shaped line may go)."""
    import json

    from index.clean import is_sentence
    from index.sentences import split_sentences
    from tests.conftest import SHARED

    files = sorted((SHARED / "benchmarks").glob("*/corpus.jsonl"))
    assert files, "../shared/benchmarks is missing"
    passages = 0
    for f in files:
        for line in f.open(encoding="utf-8"):
            rec = json.loads(line)
            text = rec["text"]
            assert clean_lines(text.splitlines(), title=rec.get("title") or "").removed == [], rec["_id"]
            sentences = [text[s.start : s.end] for s in split_sentences(text)]
            res = clean_lines(sentences, title="")
            lost = [x for x, _ in res.removed if is_sentence(x)]
            assert not lost, (rec["_id"], lost)
            passages += 1
    assert passages > 5000


def test_news_sentences_that_used_to_be_cut_stay():
    body = [
        "Film Baru Rilis Pekan Ini",
        "Diangkat dari Kisah Nyata",
        "Film ini diangkat dari kisah nyata seorang guru di pedalaman Papua yang mengajar tanpa gaji.",
        "Komentar itu disampaikan sutradara kepada wartawan di Jakarta pada Senin sore.",
        "Komentar tersebut memicu perdebatan panjang di kalangan penonton dan kritikus film.",
        "Ia mengaku kagum pada Casino Royale sejak remaja dan ingin membuat film seperti itu.",
        "Pelanggaran hak cipta film itu dilaporkan ke polisi oleh rumah produksinya pekan lalu.",
        "Penonton yang berlangganan layanan streaming dapat menontonnya mulai bulan depan.",
    ]
    res = clean_lines(body)
    for sentence in body[2:]:
        assert sentence in res.kept, sentence
    assert res.title == "Film Baru Rilis Pekan Ini"


def test_one_line_articles_keep_their_line():
    line = "Xi dan Putin bertemu di Astana pada Rabu (3/7/2024)."
    res = clean_lines([line])
    assert res.kept == [line] and res.title == line
    assert clean_lines([line], title="").kept == [line]
    res = clean_lines(["Pertemuan", line])  # a short heading, then the one sentence
    assert line in res.kept


def test_site_trailer_goes_only_at_the_end():
    lines = ["Judul berita tentang pertemuan dua presiden",
             "Kedua presiden bertemu di Beijing untuk membahas kerja sama ekonomi dan energi.",
             "Ikuti berita terbaru dari contohsitus.com di Google News dan WhatsApp Channel!"]
    res = clean_lines(lines)
    assert lines[1] in res.kept and lines[2] not in res.kept
    res = clean_lines([lines[0], lines[2], lines[1]])
    assert lines[2] in res.kept  # not the last line: a sentence stays

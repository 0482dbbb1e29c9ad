from __future__ import annotations

from index.chunk import chunk_article
from index.sentences import split_sentences


def _texts(text):
    return [text[s.start : s.end] for s in split_sentences(text)]


def test_indonesian_abbreviations_numbers_and_quotes():
    text = ("Ir. Budi dan Drh. Sari bertemu dr. Andi di Jl. Merdeka No. 5 pada Rabu (15/6/2022). "
            "Harga naik menjadi Rp 1.000 per kilo. \"Kami setuju,\" kata Xi. Lalu A. Yani pergi.")
    assert _texts(text) == [
        "Ir. Budi dan Drh. Sari bertemu dr. Andi di Jl. Merdeka No. 5 pada Rabu (15/6/2022).",
        "Harga naik menjadi Rp 1.000 per kilo.",
        "\"Kami setuju,\" kata Xi.",
        "Lalu A. Yani pergi.",
    ]


def test_lowercase_after_dot_does_not_split():
    assert len(_texts("Disampaikan pada hari Sabtu. adalah perbincangan terbaru.")) == 1


def test_chunks_overlap_by_one_sentence_and_offsets_point_at_text():
    sents = [f"Kalimat nomor {i} berisi beberapa kata tambahan untuk panjang." for i in range(30)]
    text = " ".join(sents)
    chunks = chunk_article("a.txt", "Judul", text, target_words=30)
    assert len(chunks) > 3
    for c in chunks:
        assert text[c.start : c.end] == c.text
        for s, e in c.sentences:
            assert text[s:e] in sents
    for a, b in zip(chunks, chunks[1:]):
        assert a.sentences[-1] == b.sentences[0]
    covered = {s for c in chunks for s in c.sentences}
    assert len(covered) == 30


def test_run_on_line_is_cut():
    text = "kata " * 2000
    chunks = chunk_article("big.txt", "", text.strip(), max_words=160)
    assert all(len(c.text.split()) <= 320 for c in chunks)
    assert chunks[-1].end == len(text.strip())

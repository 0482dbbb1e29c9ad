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


def test_footnote_marks_after_a_stop_end_the_sentence_and_stay_with_it():
    from index.sentences import without_footnotes

    text = ("Ia lahir di Pekalongan dari pasangan Jerman-Jawa.[1] Dia menulis mode sejak 1972.[4][5] Lahir 29 Mei "
            "1917[10] di Brookline. Ia [butuh rujukan] datang.[b] Pasal [3] berlaku.[7]")
    assert _texts(text) == ["Ia lahir di Pekalongan dari pasangan Jerman-Jawa.[1]",
                            "Dia menulis mode sejak 1972.[4][5]",
                            "Lahir 29 Mei 1917[10] di Brookline.",
                            "Ia [butuh rujukan] datang.[b]",
                            "Pasal [3] berlaku.[7]"]
    # a numbered mark stuck to what precedes it goes; one standing apart is text, not a footnote
    assert [without_footnotes(t) for t in _texts(text)] == ["Ia lahir di Pekalongan dari pasangan Jerman-Jawa.",
                                                            "Dia menulis mode sejak 1972.", "Lahir 29 Mei 1917 di Brookline.",
                                                            "Ia [butuh rujukan] datang.[b]", "Pasal [3] berlaku."]


def test_lowercase_after_dot_does_not_split():
    assert len(_texts("Disampaikan pada hari Sabtu. adalah perbincangan terbaru.")) == 1


SENTS = [f"Kalimat nomor {i} berisi beberapa kata tambahan untuk panjang." for i in range(30)]


def _check_offsets(text, chunks):
    assert len(chunks) > 3
    for c in chunks:
        assert text[c.start : c.end] == c.text
        for s, e in c.sentences:
            assert text[s:e] in SENTS
    assert len({s for c in chunks for s in c.sentences}) == 30  # every sentence is in a chunk


def test_by_default_each_sentence_is_in_one_chunk_and_offsets_point_at_text():
    text = " ".join(SENTS)
    chunks = chunk_article("a.txt", "Judul", text, target_words=30)
    _check_offsets(text, chunks)
    assert sum(len(c.sentences) for c in chunks) == 30
    for a, b in zip(chunks, chunks[1:]):
        assert a.end < b.start


def test_overlap_repeats_the_last_sentence_of_the_chunk_before():
    text = " ".join(SENTS)
    chunks = chunk_article("a.txt", "Judul", text, target_words=30, overlap=1)
    _check_offsets(text, chunks)
    for a, b in zip(chunks, chunks[1:]):
        assert a.sentences[-1] == b.sentences[0]


def test_run_on_line_is_cut():
    text = "kata " * 2000
    chunks = chunk_article("big.txt", "", text.strip(), max_words=160)
    assert all(len(c.text.split()) <= 320 for c in chunks)
    assert chunks[-1].end == len(text.strip())


def test_a_short_tail_joins_the_last_chunk_instead_of_standing_alone():
    text = " ".join(SENTS[:8]) + " (XYZ)"  # sentences of 9 words: chunks of 4, then a tail of one word
    chunks = chunk_article("a.txt", "Judul", text, target_words=30)
    assert [len(c.sentences) for c in chunks] == [4, 5] and chunks[-1].text.endswith(" (XYZ)")
    # a tail of a third of the target or more stands alone
    long_tail = chunk_article("a.txt", "Judul", " ".join(SENTS[:6]), target_words=30)
    assert long_tail[-1].text == " ".join(SENTS[4:6])


def test_an_index_built_before_re_chunks_only_the_articles_with_footnote_marks():
    """The content hash as it was before the footnote-aware splitter: kept for every other article, so an older
    index keeps their chunks and vectors."""
    import hashlib
    from dataclasses import asdict

    from index.articles import CleanArticle
    from index.build import content_hash
    from index.settings import IndexSettings

    def hash_before(art: CleanArticle) -> str:
        h = hashlib.sha256()
        for part in ("some-model", repr(sorted(asdict(IndexSettings().chunker).items())), art.title, art.text,
                     art.published or ""):
            h.update(part.encode())
            h.update(b"\x00")
        return h.hexdigest()

    plain = CleanArticle("a", "Judul", "Xi bertemu Putin [foto]. Keduanya berbicara.", "a.txt", "a.txt", None, [])
    marked = CleanArticle("b", "Judul", "Ia lahir di Pekalongan.[1] Dia menulis.", "b.txt", "b.txt", None, [])
    assert content_hash("some-model", plain) == hash_before(plain)
    assert content_hash("some-model", marked) != hash_before(marked)

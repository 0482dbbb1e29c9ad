"""Numbers in an Indonesian span read for an English question (qa/numbers.py): pure rules, no model."""

from __future__ import annotations

import pytest

from qa.numbers import english_numbers, for_reader, words_value


@pytest.mark.parametrize(("words", "value"), [
    ("tiga", 3), ("sebelas", 11), ("dua belas", 12), ("seratus dua puluh", 120), ("seribu dua ratus", 1200),
    ("dua ratus lima puluh tiga ribu empat ratus", 253_400), ("dua juta tiga ratus ribu", 2_300_000),
    ("sejuta", 1_000_000), ("ribu", None), ("puluh tiga", None), ("dua tiga", None),
])
def test_indonesian_number_words_have_their_value(words, value):
    assert words_value(words) == value


@pytest.mark.parametrize(("span", "english"), [
    ("tiga pertemuan", "3"), ("lebih dari 4.000 ekor", "4,000"), ("Rp 3,717 miliar", "3.717 billion"),
    ("12,5 persen", "12.5"), ("2,5 juta orang", "2.5 million"), ("7.000- 7.500 ekor", "7,000; 7,500"),
    ("Rp5.700", "5,700"), ("US$3,5 juta", "3.5 million"), ("komet 9P", None), ("GA-181", None),
    ("3,500 troops", None), ("1.5 million", None),  # an English article's own numbers, or an ambiguous one
    ("15 kali", None), ("tahun 1969", None), ("pukul 09.30 WIB", None), ("9/9", None),
    ("satu-satunya", None), ("Seoul National University", None), ("Lima", None),
])
def test_a_number_is_glossed_only_where_english_reads_it_otherwise(span, english):
    assert english_numbers(span) == english


def test_the_span_leads_as_written_with_the_english_reading_after_it_for_english_only():
    assert for_reader("tiga", "en") == "tiga (3)"
    assert for_reader("tiga", "id") == "tiga"
    assert for_reader("Seoul National University", "en") == "Seoul National University"

"""Questions typed as people chat: chat spellings and capitals read as the articles are written."""

from __future__ import annotations

import pytest

from qa.informal import standard_question


@pytest.mark.parametrize(("typed", "read"), [
    ("kpn xi telpon putin", "kapan xi telepon putin"),
    ("dmn putin ketemu xi?", "di mana putin bertemu xi?"),
    ("sp yg nelpon putin?", "siapa yang menelepon putin?"),
    ("KAPAN XI MENELEPON PUTIN?", "kapan xi menelepon putin?"),
    ("WHEN DID XI AND PUTIN TALK?", "when did xi and putin talk?"),
    ("Apa kata NATO?", "Apa kata NATO?"),  # an acronym in a short question stays
    ("What did Xi say about Taiwan?", "What did Xi say about Taiwan?"),  # English is left alone
    ("Apakah kandungan yang terdapat pada tanah liat?", "Apakah kandungan yang terdapat pada tanah liat?"),
    ("Siapa pilot pesawat yang berangkat tgl 6/9?", "Siapa pilot pesawat yang berangkat tgl 6/9?"),  # news writes it
    ("Siapa Yg Menelpon?", "Siapa Yg Menelpon?"),  # capitalised words are not replaced: they may be names
    ("Kapan Gak-sa dibangun?", "Kapan Gak-sa dibangun?"),
])
def test_chat_spellings_are_read_as_standard_indonesian(typed, read):
    assert standard_question(typed) == read


def test_chat_questions_are_answered_as_the_standard_ones(sample_index):
    """Before: "kpn xi nelpon putin bulan juni 2022?" was refused, "KAPAN XI MENELEPON PUTIN?" answered "Rabu" and
    "kpn xi telpon putin" "Ukraina" (not read as a "when" question)."""
    from qa import Assistant

    assistant = Assistant.load(sample_index)
    for typed in ["kpn xi nelpon putin bulan juni 2022?", "KAPAN XI MENELEPON PUTIN?"]:
        answer = assistant.ask(typed)
        assert answer.question == typed and answer.short_answer is not None, answer.text
        assert "15/6/2022" in answer.short_answer or "15 Juni 2022" in answer.text.split("[1]")[0], answer.text
    chat = assistant.ask("kpn xi telpon putin")
    assert chat.dates and chat.standalone_question == "kapan xi telepon putin", chat.text
    assert chat.notices[0] == "Dibaca sebagai: “kapan xi telepon putin”."  # the reader sees how it was read


PASSAGES = ["Pada foto itu, Presiden Rusia Vladimir Putin dan Presiden Tiongkok Xi Jinping berpose di Beijing.",
            "Lembaga IRRI menawarkan konsep baru kepada presiden terpilih, kata Presiden Xi.",
            "Juru bicara Kremlin mengatakan Presiden Putin dan Presiden Xi sepakat. Presiden pertama hadir."]


@pytest.mark.parametrize(("typed", "read"), [
    ("siapa presiden tiongkok?", "siapa Presiden Tiongkok?"),  # capitalised 5 times in a sentence, once not
    ("apa yang ditawarkan irri?", "apa yang ditawarkan IRRI?"),  # an acronym as written
    ("kapan xi menelepon putin?", "kapan Xi menelepon Putin?"),
    ("apa kata kremlin?", "apa kata Kremlin?"),
    ("Siapa presiden Tiongkok?", "Siapa presiden Tiongkok?"),  # typed with capitals: left as typed
    ("siapa yang bertemu?", "siapa yang bertemu?"),  # "Lembaga", "Kremlin": only words the passages capitalise
])
def test_a_question_typed_in_lower_case_is_written_as_the_passages_write_it(typed, read):
    from qa.informal import written_as_passages

    assert written_as_passages(typed, PASSAGES) == read


def test_a_title_typed_in_lower_case_is_answered_as_the_title(sample_index):
    """"siapa presiden tiongkok?" was answered "Andrey Denisov" and "Siapa presiden Tiongkok?" "Vladimir Putin":
    the reader and the who-is rule read case; "Siapa Presiden Tiongkok?" was answered "Xi Jinping"."""
    from qa import Assistant

    assistant = Assistant.load(sample_index)
    answer = assistant.ask("siapa presiden tiongkok?")
    assert answer.short_answer == "Xi Jinping", answer.text
    assert answer.question == "siapa presiden tiongkok?"  # shown as typed

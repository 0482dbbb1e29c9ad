"""Several questions in one message (qa.compound): where a message is cut, how answers are joined, and the
real model answering each part."""

from __future__ import annotations

import re

import pytest

from qa.compound import joined_answer, question_parts
from qa.records import Answer, Citation


@pytest.mark.parametrize(("message", "parts"), [
    ("Kapan Xi menelepon Putin? Apa yang mereka bahas?", ["Kapan Xi menelepon Putin?", "Apa yang mereka bahas?"]),
    ("When did Xi call Putin? And what did they discuss?", ["When did Xi call Putin?",
                                                           "And what did they discuss?"]),
    ("Apakah paket dapat dikirim kosong? Jika demikian, apakah itu dapat ditagih?",
     ["Apakah paket dapat dikirim kosong?", "Jika demikian, apakah itu dapat ditagih?"]),
    ("Siapa Xi? Did Xi call Putin?", ["Siapa Xi?", "Did Xi call Putin?"]),
    ("Kapan Xi menelepon Putin?", ["Kapan Xi menelepon Putin?"]),
    ("Teori siapa itu? Teori pergeseran benua?", ["Teori siapa itu? Teori pergeseran benua?"]),  # a clarification
    ("Berapa penurunan populasi? Panggilan", ["Berapa penurunan populasi? Panggilan"]),  # a stray word
    ('Siapa penulis kolom " Soeharto atau Suharto? "?', ['Siapa penulis kolom " Soeharto atau Suharto? "?']),
    ("Siapa yang menulis “Mengapa Kita Gagal? Apa sebabnya?”", ["Siapa yang menulis “Mengapa Kita Gagal? Apa "
                                                               "sebabnya?”"]),  # a quoted title
    ("Siapakah presiden Venezuela saat ini??", ["Siapakah presiden Venezuela saat ini??"]),
    ("Kapan?Siapa?", ["Kapan?Siapa?"]),  # no space after the mark: one question typed oddly, not cut
    ("Siapa Xi? Apa itu AUKUS? siapa  xi?", ["Siapa Xi?", "Apa itu AUKUS?"]),  # asked twice: answered once
])
def test_a_message_is_cut_only_where_a_question_follows(message, parts):
    assert question_parts(message) == parts


def _citation(n: int, source: str, quote: str) -> Citation:
    return Citation(n, source, source.upper(), quote, quote, 1.0, f"{source}#0", [(0, len(quote))])


def test_joined_answers_number_each_passage_once_and_abstain_only_together():
    call = _citation(1, "a", "Xi menelepon Putin pada Rabu.")
    first = Answer("Kapan?", "Rabu [1].", [call], False, [{"text": "Rabu", "citation": 1}], support=0.9,
                   short_answer="Rabu")
    second = Answer("Apa yang dibahas?", "Taiwan [2]. Rabu [1].",
                    [_citation(1, "a", "Xi menelepon Putin pada Rabu."), _citation(2, "b", "Mereka membahas Taiwan.")],
                    False, support=0.4)
    refused = Answer("Siapa Obama?", "Artikel-artikel ini tidak memuat jawaban.", [], True, support=0.1)
    joined = joined_answer("Kapan? Apa yang dibahas? Siapa Obama?", [first, second, refused])
    assert [(c.n, c.source) for c in joined.citations] == [(1, "a"), (2, "b")]
    # the second part's own [1] (the other article) is [2] now, and its [2] (the same passage as the first's) is [1]
    assert "Taiwan [2]. Rabu [1]." in joined.text and joined.text.startswith("1. Kapan?\n   Rabu [1].")
    assert {int(n) for n in re.findall(r"\[(\d+)\]", joined.text)} == {c.n for c in joined.citations}
    assert [p.citations[0].n for p in joined.parts[:2]] == [1, 1] and joined.parts[1].citations[1].n == 2
    assert joined.dates == [{"text": "Rabu", "citation": 1}] and joined.short_answer is None
    assert not joined.abstained and joined.support == 0.1 and len(joined.to_dict()["parts"]) == 3
    assert joined_answer("?", [refused, refused]).abstained


def test_each_question_of_a_message_is_answered_and_a_later_one_follows_up(sample_index):
    """Asked whole, the message was answered with the first question's date alone."""
    from qa import Assistant

    assistant = Assistant.load(sample_index)
    alone = assistant.ask("Kapan Xi menelepon Putin?")
    joined = assistant.ask("Kapan Xi menelepon Putin? Dan apa yang mereka bahas? Siapa Yuri Ushakov? Apa itu AUKUS?")
    first, second, third = joined.parts
    assert first.short_answer == alone.short_answer and first.text.split(" [")[0] in joined.text
    # "mereka" is Xi and Putin of the first answer: read so, and answered from the article it cited
    assert second.standalone_question and "Xi menelepon Putin" in second.standalone_question
    assert second.citations[0].source in {c.source for c in first.citations}
    assert "Kremlin" in third.short_answer
    assert any("first 3 questions" in n or "3 pertanyaan pertama" in n for n in joined.notices)  # AUKUS: not asked
    markers = {int(n) for n in re.findall(r"\[(\d+)\]", joined.text)}
    assert markers == {c.n for c in joined.citations} == set(range(1, len(joined.citations) + 1))
    assert len({(c.source, c.quote) for c in joined.citations}) == len(joined.citations)


def test_the_chat_shows_each_question_in_bold_with_its_own_answer_and_notices():
    from ui.render import answer_markdown

    first = Answer("Kapan <b>Xi</b> menelepon?", "Rabu [1].", [_citation(1, "a", "Rabu.")], False,
                   notices=["Dibaca sebagai: “x”."])
    second = Answer("Siapa Obama?", "Artikel-artikel ini tidak memuat jawaban.", [], True)
    joined = joined_answer("Kapan <b>Xi</b> menelepon? Siapa Obama?", [first, second])
    joined.notices.append("Hanya 2 pertanyaan pertama yang dijawab.")
    md = answer_markdown(joined)
    assert md.startswith("**Kapan &lt;b&gt;Xi&lt;/b&gt; menelepon?**\n\nRabu ") and "<b>" not in md
    assert 'href="#kabar-src-1"' in md and "⚠️ **Artikel-artikel ini tidak memuat jawaban.**" in md
    # each part's notice under its own answer, once; the message's own notice at the end
    assert md.count("Dibaca sebagai") == 1 and md.index("Dibaca sebagai") < md.index("Siapa Obama")
    assert md.endswith("_Hanya 2 pertanyaan pertama yang dijawab._")

"""The reader's abstention: a factoid question whose top sentences hold no span the reader is sure of is refused
(the decision, without a model), and how its margin is chosen on training questions (eval.fit_reader_gate)."""

from dataclasses import replace

import pytest
from langchain_core.documents import Document

from eval.fit_reader_gate import choose_margin, refused_by_kind
from qa.answer import ExtractiveAnswerer
from qa.messages import message
from qa.reader import Span
from qa.reading import Candidate
from qa.settings import AnswerSettings

CITY = "Di kota mana Xi dan Putin bertemu?"


def _answerer(**settings) -> ExtractiveAnswerer:
    answerer = object.__new__(ExtractiveAnswerer)  # the decision reads only the settings and whether a reader is loaded
    answerer.settings, answerer.reader = replace(AnswerSettings(), **settings), object()
    return answerer


def _read(*margins: float | None) -> list[Candidate]:
    doc = Document(page_content="", metadata={"article_id": "a"})
    return [Candidate(doc, 0, 0, 1, "x", span=None if m is None else Span("x", 0, 1, m, 0.0), read=True)
            for m in margins]


def test_a_factoid_question_is_refused_when_no_top_sentence_has_a_sure_span():
    answerer = _answerer(reader_abstain_margin=-1.0)
    assert answerer._reader_finds_nothing(CITY, _read(-3.0, None, -1.5))
    assert not answerer._reader_finds_nothing(CITY, _read(-3.0, None, -0.5))  # one sure enough span: answered
    assert not answerer._reader_finds_nothing(CITY, _read(-3.0, None, -1.5) + _read(2.0) * 8)  # past the top 8
    assert not answerer._reader_finds_nothing("Mengapa Xi dan Putin bertemu?", _read(-3.0, -2.0))  # no span wanted
    assert not _answerer(when_abstain_margin=None)._reader_finds_nothing("Kapan Xi dan Putin bertemu?", _read(-3.0, -2.0))
    unread = _read(-3.0, -2.0)
    unread[1].read = False
    assert not answerer._reader_finds_nothing(CITY, unread)
    assert not _answerer(reader_abstain_margin=None)._reader_finds_nothing(CITY, _read(-3.0, -2.0))
    assert not _answerer(reader_rerank=0)._reader_finds_nothing(CITY, _read(-3.0, -2.0))


def test_a_when_question_has_a_margin_of_its_own():
    answerer = _answerer(reader_abstain_margin=-3.0, when_abstain_margin=0.5)
    when = "Kapan Xi dan Putin bertemu?"
    assert answerer._reader_finds_nothing(when, _read(0.2, None, -1.5))  # no time the reader is sure of
    assert not answerer._reader_finds_nothing(when, _read(0.2, None, 0.7))
    assert not answerer._reader_finds_nothing(CITY, _read(0.2, None, -1.5))  # a span question keeps its own margin
    assert not _answerer(reader_abstain_margin=-3.0, when_abstain_margin=None)._reader_finds_nothing(when, _read(-5.0, -6.0))


def test_the_margin_chosen_is_the_highest_that_adds_few_refusals_in_either_language():
    rows = ([{"kind": "answerable", "refused": False, "margin": m} for m in [-3.2, -1.2, 0.6, 4.0] * 25] +
            [{"kind": "answerable/tr", "refused": i < 4, "margin": -0.8 if i == 50 else 5.0} for i in range(100)] +
            [{"kind": "unanswerable", "refused": False, "margin": m} for m in [-5.0, -2.2, -0.7, 3.0]] +
            [{"kind": "out_of_corpus", "refused": True, "margin": None}])
    assert refused_by_kind(rows, None) == {"answerable": 0.0, "answerable/tr": 0.04, "out_of_corpus": 1.0,
                                           "unanswerable": 0.0}
    assert refused_by_kind(rows, -2.0)["unanswerable"] == 0.5 and refused_by_kind(rows, -2.0)["answerable"] == 0.25
    fit = choose_margin(rows, max_added=0.25)
    assert fit["reader_abstain_margin"] == -1.5  # -1.0 would refuse half the answerable ones as written
    assert fit["refused_by_margin"]["-1.5"]["unanswerable"] == 0.5
    assert choose_margin(rows, max_added=0.005)["reader_abstain_margin"] == -3.5  # at -3.0 a quarter more are refused
    rows[100 + 50]["margin"] = -3.8  # a translated question below every margin from -3.5 up: -4.0 is the highest
    assert choose_margin(rows, max_added=0.0)["reader_abstain_margin"] == -4.0
    assert choose_margin(rows, max_added=0.0)["when_abstain_margin"] is None  # no "when" question among them


def test_the_when_margin_is_chosen_after_the_other_within_the_same_added_refusals():
    span = [{"kind": "answerable", "refused": False, "margin": m, "when": False} for m in [-3.2] * 6 + [0.6] * 10 + [4.0] * 84]
    when = [{"kind": "answerable", "refused": False, "margin": m, "when": True} for m in [-0.2] + [1.2] * 4 + [3.0] * 95]
    tr = [{"kind": "answerable/tr", "refused": False, "margin": 3.0, "when": i < 10} for i in range(100)]
    unanswerable = [{"kind": "unanswerable", "refused": False, "margin": m, "when": True} for m in [-2.5, -0.5, 1.0]]
    rows = span + when + tr + unanswerable
    fit = choose_margin(rows, max_added=0.04, when_max_added=0.005)  # 8 of the 200 answerable ones; then one more
    assert fit["reader_abstain_margin"] == 0.5  # 6 refused; 1.0 would refuse the 10 at 0.6 too
    assert fit["when_abstain_margin"] == 1.0  # one more (7); 1.5 would add the four at 1.2 (11)
    assert choose_margin(rows, max_added=0.04)["when_abstain_margin"] == -0.5  # by default none more: 0.0 adds one
    assert fit["refused_by_when_margin"]["1.0"] == {"answerable": 0.035, "answerable/tr": 0.0, "unanswerable": 0.6667}
    assert fit["when_kinds"] == {"answerable": 100, "answerable/tr": 10, "unanswerable": 3}


@pytest.fixture(scope="module")
def assistant(sample_index):
    from qa import Assistant

    return Assistant.load(sample_index)


@pytest.mark.parametrize("question, lang", [
    ("Berapa ton beras yang dibeli Rusia dari China?", "id"),
    ("Berapa ton gandum yang dibeli China dari Rusia?", "id"),
    ("How many tons of rice did Russia buy from China?", "en"),
])
def test_a_question_the_on_topic_passages_do_not_answer_is_refused_by_the_reader(assistant, question, lang):
    """The sample articles speak of trade and energy between China and Russia but give no tonnage of any good: the
    evidence score lets these questions through, the reader finds no span in the top sentences."""
    ans = assistant.ask(question)
    assert ans.abstained and ans.text == message("abstain", lang) and not ans.citations
    assert ans.support >= assistant.settings.answer.abstain_threshold  # refused by the reader, not the evidence
    assert ans.notices == [message("no_span", lang)]
    answerer, settings = assistant.answerer, assistant.answerer.settings
    try:
        answerer.settings = replace(settings, reader_abstain_margin=None, when_abstain_margin=None)
        assert not assistant.ask(question).abstained  # without the reader's margins it is answered
    finally:
        answerer.settings = settings


@pytest.mark.parametrize("question, lead", [
    ("Di mana Putin ingin bertemu Xi pada bulan Februari?", "Beijing"),
    ("Aliansi militer apa yang dikritik Xi dan Putin?", "AUKUS"),
])
def test_questions_the_passages_answer_still_lead_with_their_span(assistant, question, lead):
    ans = assistant.ask(question)
    assert not ans.abstained and ans.short_answer.startswith(lead) and ans.citations


@pytest.mark.parametrize("question, lang", [
    ("Pada tahun berapa Xi dan Putin menandatangani pernyataan bersama?", "id"),
    ("In what year did Xi and Putin sign the joint statement?", "en"),
])
def test_a_year_question_is_not_answered_with_a_date_that_names_no_year(assistant, question, lang):
    """The sample articles name no joint statement; the reader's best span for these was a day and month of
    another event ("24 Februari"), which a year question does not take: the question is refused as on topic but
    not answered."""
    from qa.asked import asks_year, states_year

    assert asks_year(question)
    ans = assistant.ask(question)
    assert ans.short_answer is None or states_year(ans.short_answer)
    assert ans.abstained and ans.notices == [message("no_span", lang)]


@pytest.mark.parametrize("question", ["How many times has Xi called Putin since the invasion?",
                                      "Berapa kali Xi menelepon Putin sejak invasi?"])
def test_a_count_question_is_not_answered_with_a_date(assistant, question):
    """The best sentence for these calls the call the second since the invasion of 24 Februari: the reader was sure
    of that date, which states no count."""
    from qa.asked import without_dates

    ans = assistant.ask(question)
    assert ans.short_answer is None or without_dates(ans.short_answer).strip(), ans.short_answer

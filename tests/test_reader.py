"""The short-answer reader: span decoding (no model), the shipped weights' pin, and answers led by a span."""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass

import numpy as np
import pytest

from qa.reader import MAX_ANSWER_TOKENS, READER_DIR, best_span
from tests.conftest import tampered_copy


@dataclass
class FakeEncoding:  # what tokenizers.Encoding gives best_span: sequence ids and character offsets
    sequence_ids: list
    offsets: list


PASSAGE = "Xi dan Putin mengkritik AUKUS dan Quad di Beijing."


def _encoding():
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", PASSAGE)]
    # <s> question(2) </s></s> passage </s>
    return FakeEncoding([None, 0, 0, None, None] + [1] * len(words) + [None],
                        [(0, 0), (0, 5), (6, 9), (0, 0), (0, 0)] + words + [(0, 0)])


def test_the_best_span_lies_in_the_passage_and_ends_after_it_starts():
    enc = _encoding()
    start, end = np.zeros(len(enc.offsets)), np.zeros(len(enc.offsets))
    start[1], end[2] = 9.0, 9.0  # the question's own tokens score highest: never an answer
    start[9], end[11] = 5.0, 5.0  # "AUKUS dan Quad"
    start[0], end[0] = 1.0, 1.0  # no-answer
    span = best_span(enc, start, end, PASSAGE)
    assert span.text == "AUKUS dan Quad" and PASSAGE[span.start : span.end] == span.text
    assert span.margin == pytest.approx(8.0)
    start[:], end[:] = 0.0, 0.0
    end[6] = 5.0  # an end before every start with a score: the best valid pair is taken instead
    start[9] = 5.0
    span = best_span(enc, start, end, PASSAGE)
    assert span.start >= enc.offsets[9][0] and len(span.text.split()) <= MAX_ANSWER_TOKENS


def test_a_sentence_read_inside_its_chunk_gets_a_span_of_its_own_words_only():
    two = "Xi dan Putin bertemu. Mereka mengkritik AUKUS dan Quad di Beijing."
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", two)]
    enc = FakeEncoding([None] + [1] * len(words) + [None], [(0, 0)] + words + [(0, 0)])
    start, end = np.zeros(len(enc.offsets)), np.zeros(len(enc.offsets))
    start[7], end[9] = 6.0, 6.0  # "AUKUS dan Quad" in the second sentence: the chunk's best span
    start[1], end[3] = 4.0, 4.0  # "Xi dan Putin" in the first
    first, second = (0, two.index(".") + 1), (two.index("Mereka"), len(two))
    assert best_span(enc, start, end, two).text == "AUKUS dan Quad"
    assert best_span(enc, start, end, two, *second).text == "AUKUS dan Quad"
    inside = best_span(enc, start, end, two, *first)
    assert inside.text == "Xi dan Putin" and inside.score == pytest.approx(8.0)  # never a span across the boundary
    end[:] = 0.0
    end[9] = 9.0  # the best end lies in the next sentence: the first sentence's span stops at its own edge
    span = best_span(enc, start, end, two, *first)
    assert first[0] <= span.start < span.end <= first[1]


def test_the_length_prior_chooses_the_text_but_not_the_score():
    enc = _encoding()
    start, end = np.zeros(len(enc.offsets)), np.zeros(len(enc.offsets))
    start[9], end[9], end[13] = 5.0, 4.0, 4.5  # "AUKUS" (9.0) or, by half a logit more, "AUKUS dan Quad di Beijing"
    start[0], end[0] = 1.0, 1.0
    long = best_span(enc, start, end, PASSAGE)
    assert long.text == "AUKUS dan Quad di Beijing" and long.margin == pytest.approx(7.5)
    short = best_span(enc, start, end, PASSAGE, length_penalty=0.2)  # four tokens longer: 0.8 off, more than 0.5
    assert short.text == "AUKUS" and short.score == long.score  # the margins fitted on the raw score hold
    assert best_span(enc, start, end, PASSAGE, length_penalty=0.1).text == long.text  # 0.4 off: the long one holds


def test_a_span_of_the_kind_asked_is_the_best_one_the_check_accepts():
    enc = _encoding()
    start, end = np.zeros(len(enc.offsets)), np.zeros(len(enc.offsets))
    start[9], end[11] = 5.0, 5.0  # "AUKUS dan Quad" (10.0)
    start[13], end[13] = 4.0, 4.0  # "Beijing." (8.0)
    start[0], end[0] = 1.0, 1.0
    assert best_span(enc, start, end, PASSAGE).text == "AUKUS dan Quad"
    place = best_span(enc, start, end, PASSAGE, accept=lambda passage, a, b: passage[a:b].startswith("Beijing"))
    assert place.text == "Beijing" and place.margin == pytest.approx(6.0)  # its own score, not the rejected one's
    assert best_span(enc, start, end, PASSAGE, accept=lambda passage, a, b: False) is None
    assert best_span(enc, start, end, PASSAGE, accept=lambda passage, a, b: True) == best_span(enc, start, end, PASSAGE)


@pytest.mark.slow
def test_the_shipped_reader_is_pinned(tmp_path, encoder):
    from index.embed import resolve_model
    from qa.reader import Reader

    with pytest.raises(RuntimeError, match="sha256"):
        Reader(resolve_model(), tampered_copy(READER_DIR, "reader.json", tmp_path))
    meta = json.loads((READER_DIR / "reader.json").read_text(encoding="utf-8"))
    assert Reader(resolve_model()).length_penalty == meta["length_penalty"]  # the fitted prior is the one used
    refitted = tmp_path / "refitted"
    shutil.copytree(READER_DIR, refitted)
    (refitted / "reader.json").write_text(json.dumps({**meta, "length_penalty": 0.25}), encoding="utf-8")
    assert Reader(resolve_model(), refitted).length_penalty == 0.25


@pytest.fixture(scope="module")
def assistant(sample_index):
    from qa import Assistant

    return Assistant.load(sample_index)


def test_answers_lead_with_a_span_from_the_cited_sentence(assistant):
    led = 0
    for q in ["Aliansi militer apa yang dikritik Xi dan Putin?", "Siapa yang menelepon Putin pada Juni 2022?",
              "Which military alliances did Xi and Putin criticise?"]:
        ans = assistant.ask(q)
        if ans.short_answer:
            led += 1
            assert ans.text.startswith(f"{ans.short_answer} [1]. ")
            assert ans.short_answer in ans.citations[0].quote  # the span is quoted where it was read
    assert led >= 2


def test_spans_lose_unmatched_brackets_and_edge_punctuation():
    from qa.spantext import trim

    text = "komunikasi via telepon Rabu (15/6/2022), kata dia."
    a = text.index("(")
    assert text[slice(*trim(text, a, a + 5))] == "15/6"
    b = text.index("Rabu")
    assert text[slice(*trim(text, b, text.index(",") + 1))] == "Rabu (15/6/2022)"


def test_a_span_never_cuts_a_quotation_in_half():
    """"Putin bilang apa soal Taiwan?" was once answered 'kemerdekaan Taiwan" dalam corak apa pun'."""
    from qa.spantext import whole_quotes

    text = 'dengan tegas menentang "kemerdekaan Taiwan" dalam corak apa pun, kata “Xi Jinping” kemarin.'
    a = text.index("kemerdekaan")
    assert text[slice(*whole_quotes(text, a, text.index(",")))] == '"kemerdekaan Taiwan" dalam corak apa pun'
    a = text.index('"kemerdekaan')
    assert text[slice(*whole_quotes(text, a, text.index(" Taiwan") + 7))] == '"kemerdekaan Taiwan"'
    a = text.index("Xi")
    assert text[slice(*whole_quotes(text, a, text.index(" kemarin")))] == "“Xi Jinping”"
    assert text[slice(*whole_quotes(text, a - 1, a + 2))] == "“Xi"  # its closer is not at the edge: left as it is
    assert text[slice(*whole_quotes(text, 0, 6))] == "dengan"  # no quotation: unchanged


def test_spans_take_whole_words_never_half_of_one():
    from qa.spantext import trim, whole_words

    text = "komunikasi via telepon Rabu (15/6/2022), kata dia. Catatan 1868.[11] rambut indahmu"
    a = text.index("15/6")
    assert text[slice(*trim(text, *whole_words(text, a, a + 5)))] == "15/6/2022"  # a subword cut mid-date
    a = text.index(" telepon")  # a token's offsets taking in the space before it: no cut, no earlier word
    assert text[slice(*whole_words(text, a, a + 8))] == "telepon"
    a = text.index("1868")
    assert text[slice(*whole_words(text, a, a + 4))] == "1868"  # punctuation and brackets are not widened over
    a = text.index("indah")
    assert text[slice(*whole_words(text, a - 1, a + 5))] == "indahmu"


def test_only_factoid_questions_get_a_span():
    from qa.lang import is_factoid_question

    assert is_factoid_question("Di mana Putin ingin bertemu Xi?") and is_factoid_question("How many tanks were sent?")
    assert is_factoid_question("Apa bahasa resmi Kazakhstan?")  # a language, not "bahas" (discuss)
    assert is_factoid_question("Apa respons imun yang tidak spesifik?")  # no one's view: a thing
    assert is_factoid_question("What is the position of the ministry?") and is_factoid_question("What is Gazprom's revenue?")
    assert is_factoid_question('Siapa penulis buku "Mengapa Rusia Bertahan"?')  # the "why" is the title's
    for q in ["How heavy was the impactor?", "Roughly how large is the orangutan population?", "How deep is the lake?"]:
        assert is_factoid_question(q)  # English's "berapa": a quantity, not a "how"
    assert not is_factoid_question('Mengapa buku "Rusia" dilarang?') and not is_factoid_question("Apa yang dibahas?")
    for q in ["Apa yang dikatakan Putin tentang Taiwan?", "What did Putin say about Taiwan?", "Mengapa Xi menelepon?",
              "How did the talks go?", "Apa sikap China terhadap perang di Ukraina?", "What is China's position on it?",
              "Xi mengatakan apa tentang Taiwan?", "Putin bilang apa soal Taiwan?", "Mereka membahas apa?",
              "Xi berbicara apa tentang Taiwan?", "Apa yang disepakati Xi dan Putin?"]:
        assert not is_factoid_question(q)  # the last four: the same asked in the order of speech
    # a message is what someone said ("Apa pesan Xi untuk dunia?" was answered "Vladimir Putin"); an order is not
    assert not is_factoid_question("Apa pesan Xi untuk dunia?") and not is_factoid_question("What was Xi's message?")
    assert is_factoid_question("Apa yang dipesan Xi?") and is_factoid_question("Berita apa yang dimuat koran itu?")
    for q in ["What is the latest news about Xi and Putin?", "Apa berita terbaru tentang Xi dan Putin?",
              "Apa kabar terbaru soal Taiwan?", "What are the recent developments in Ukraine?",
              "Berita terbaru tentang Xi dan Putin?", "Latest news on Xi and Putin?"]:  # asked as a heading
        assert not is_factoid_question(q)  # news is reports, not a span


def test_a_quantity_question_wants_a_span_that_states_a_quantity():
    from qa.asked import asks_quantity, states_quantity

    assert asks_quantity("Berapa ton beras yang dibeli Rusia?") and asks_quantity("Pada tahun berapakah ia lahir?")
    assert asks_quantity("How many tanks were sent?") and asks_quantity("How much gas does China buy?")
    assert not asks_quantity("Siapa presiden Rusia?") and not asks_quantity("How did the talks go?")
    # English asks for quantities in more ways than "how many"; names, capitals and what someone said are not asked so
    for q in ["How large is the new port?", "How old was the minister?", "In what year did the pipeline open?",
              "What was the trade volume between the two countries?", "What is the population of Kazan?",
              "What percentage of the gas goes to China?", "What was the total value of the deal?"]:
        assert asks_quantity(q), q
    for q in ["What is the name of the pipeline?", "What is the capital of Kazakhstan?", "What did the minister say?",
              "Which country sent the tanks?", "What was the deal called?"]:
        assert not asks_quantity(q), q
    for span in ["1,5 juta ton", "dua", "seratus", "ratusan orang", "seperempat", "seorang", "fifteen", "2022"]:
        assert states_quantity(span), span
    for span in ["Vladimir Putin", "Beijing", "kota Daud", "seperti Beijing", "the canteen", "security"]:
        assert not states_quantity(span), span


def test_a_year_question_wants_a_span_that_names_a_year():
    from qa.asked import asks_quantity, asks_year, states_year

    for q in ["Pada tahun berapa pipa itu dibuka?", "Tahun berapakah ia lahir?", "In what year did the pipeline open?",
              "Which year was the treaty signed?"]:
        assert asks_year(q) and asks_quantity(q), q
    for q in ["Berapa tahun perjanjian itu berlaku?", "How many years did the war last?", "Kapan pipa itu dibuka?",
              "What did the minister say about this year?"]:
        assert not asks_year(q), q
    for span in ["2022", "Rabu (15/6/2022)", "tahun 1998", "753 SM", "abad ke-16", "the 19th century", "tahun lalu"]:
        assert states_year(span), span
    for span in ["24 Februari", "Rabu (15/6)", "dua", "Vladimir Putin", "17 tahun"]:
        assert not states_year(span), span
    # a count is not answered by a date; a date, a year or a duration question is
    from qa.asked import asks_count, without_dates

    assert asks_count("How many times has Xi called Putin?") and asks_count("Berapa kali Xi menelepon Putin?")
    for q in ["Tanggal berapakah mereka bertemu?", "Berapa lama perang itu berlangsung?", "How long did it last?",
              "In what year did the pipeline open?", "Siapa presiden Rusia?"]:
        assert not asks_count(q), q
    assert without_dates("24 Februari").strip() == "" and without_dates("Rabu (15/6)").strip() == ""
    assert without_dates("dua kali") == "dua kali" and without_dates("1,5 juta ton") == "1,5 juta ton"
    # the question's own numbers are no answer to it
    from qa.asked import states_quantity
    from qa.span_kind import without_numbers

    given = {"2004"}
    assert not states_quantity(without_numbers("Pemilu 2004", given)) and not states_year(without_numbers("2004", given))
    assert states_quantity(without_numbers("Rp 19,797 miliar", given)) and states_year(without_numbers("2005", given))
    # a possessive asks a quantity as "the" does
    assert asks_quantity("What are Gazprom's total assets?") and not asks_quantity("What is Putin's title?")


def test_training_reads_chunks_as_kabar_does_at_question_time():
    from eval.train_reader import passage_examples
    from index.chunk import chunk_article

    goods = "minyak, gas, gandum, pupuk, listrik, jalan tol, pelabuhan, kereta cepat, satelit, obat, vaksin, beras, "
    first = f"Pertemuan itu berlangsung di Moskow. Kedua pemimpin membahas {goods * 4}kapas dan baja. "
    second = "Putin menyebut kerja sama itu sangat penting bagi Rusia dan bagi rakyatnya di kota-kota besar. "
    context = first + second * 4
    chunks = [c.text for c in chunk_article("a", "", context)]
    assert len(chunks) == 2 and "Moskow" in chunks[0] and "Putin" not in chunks[0]
    start = context.index("Moskow")
    answerable = {"question": "Di kota mana pertemuan itu berlangsung?", "context": context,
                  "answers": [{"text": "Moskow", "start": start}], "answerable": True}
    twisted = {"question": "Kerja sama apa yang disebut Xi penting bagi Rusia?", "context": context, "answers": [],
               "answerable": False}
    out = passage_examples([answerable] * 40 + [twisted], seed=None)
    held = [x for x in out if x["answerable"]]
    assert len(held) == 40 and all(x["context"] == chunks[0] for x in held)  # the chunk, not the whole context
    a = held[0]["answers"][0]
    assert held[0]["context"][a["start"] : a["start"] + len(a["text"])] == "Moskow"
    negatives = [x for x in out if not x["answerable"]]
    assert negatives[-1]["context"].startswith("Putin menyebut kerja sama")  # the near miss shares the most words
    assert 0 < len(negatives) - 1 < 40  # only a share of the answerable questions add a near miss
    assert all("Moskow" not in x["context"] for x in negatives)


def test_a_sentence_with_no_sure_span_hands_over_to_the_next_one(assistant):
    from dataclasses import replace

    from langchain_core.documents import Document

    from qa.reading import Candidate

    doc = Document(page_content="", metadata={"article_id": "a"})
    first = "Xi dan Putin membahas kerja sama energi dan keamanan kedua negara."
    second = "Keduanya bertemu di Beijing pada awal Februari 2022."
    cands = [Candidate(doc, 0, 0, len(first), first), Candidate(doc, 0, len(first) + 1, 0, second)]
    question = "Di kota mana Xi dan Putin bertemu?"
    answerer = assistant.answerer
    settings = answerer.settings
    # sure means a margin over "no answer" of 0 here: the shipped lead margin (about -3.7, chosen on sentences that
    # hold the answer) takes nearly any span of a sentence read alone, as these are (they name no chunk)
    sure = {"reader_sentences": 1, "reader_margin": 0.0}
    try:
        answerer.settings = replace(settings, reader_fallback=0, **sure)
        assert answerer._short_span(question, cands) is None  # the best sentence names no city
        answerer.settings = replace(settings, reader_fallback=1, **sure)
        span, holder = answerer._short_span(question, cands)
        assert span.text == "Beijing" and holder is cands[1]  # the span's sentence becomes the evidence
    finally:
        answerer.settings = settings


def test_the_reader_lifts_the_sentence_that_holds_what_is_asked(assistant):
    from dataclasses import replace

    from langchain_core.documents import Document

    from qa.reading import Candidate

    doc = Document(page_content="", metadata={"article_id": "a"})
    words = "Xi dan Putin bertemu untuk membahas kerja sama energi kedua negara."
    place = "Pertemuan kedua pemimpin itu berlangsung di Beijing."
    question = "Di kota mana Xi dan Putin bertemu?"
    answerer = assistant.answerer
    settings = answerer.settings
    try:
        for rerank, leader in [(0, words), (5, place)]:  # off: the sentence score; on: the fitted order
            cands = [Candidate(doc, 0, 0, 1, words, score=0.85), Candidate(doc, 0, 2, 3, place, score=0.83)]
            answerer.settings = replace(settings, reader_rerank=rerank)
            assert answerer._rerank_by_reader(question, cands)[0].text == leader
        cands = [Candidate(doc, 0, 0, 1, words, score=0.85), Candidate(doc, 0, 2, 3, place, score=0.83)]
        answerer.settings = replace(settings, reader_rerank=5)
        why = "Mengapa Xi dan Putin bertemu?"  # no span is wanted, so the order stays the sentences' own
        assert answerer._rerank_by_reader(why, cands)[0].text == words
    finally:
        answerer.settings = settings


def test_sentence_order_features_and_weights():
    from langchain_core.documents import Document

    from qa.evidence_order import NO_SPAN_MARGIN, order_sentences, sentence_features
    from qa.reader import Span
    from qa.reading import Candidate

    a, b = (Document(page_content="", metadata={"article_id": x, "dense": 0.8}) for x in "ab")
    first = Candidate(a, 0, 0, 1, "satu", score=0.9, cos=0.8)
    second = Candidate(b, 1, 0, 1, "dua", score=0.7, cos=0.85, span=Span("dua", 0, 3, 9.0, 1.0))
    feats = sentence_features([first, second])
    assert feats[0]["margin"] == NO_SPAN_MARGIN and feats[0]["no_span"] == 1.0 and feats[1]["margin"] == 8.0
    assert feats[1]["score_gap"] == -0.9 + 0.7 and feats[0]["cos_gap"] == 0.8 - 0.85 and feats[1]["cos_gap"] == 0.0
    assert feats[1]["same_article"] == 0.0 and feats[1]["margin_gap"] == 0.0 and feats[1]["position"] == 1.0
    assert order_sentences([first, second], {}) == [first, second]  # ties keep the sentence-score order
    assert order_sentences([first, second], {"margin": 1.0}) == [second, first]
    assert order_sentences([first, second], {"margin": 1.0, "same_article": 100.0}) == [first, second]


def test_when_questions_are_ordered_but_only_span_questions_are_refused_by_the_reader():
    from qa.evidence_order import orders_question, span_question

    for q in ["Kapan Xi menelepon Putin?", "When did Xi and Putin talk about Taiwan?"]:
        assert orders_question(q) and not span_question(q), q
    for q in ["Di mana Putin ingin bertemu Xi?", "How many tanks were sent?"]:
        assert orders_question(q) and span_question(q), q
    for q in ["Mengapa Xi menelepon Putin?", "What did Putin say about Taiwan?"]:
        assert not orders_question(q) and not span_question(q), q


def test_the_order_is_scored_by_which_sentence_comes_first():
    from eval.fit_reader_rerank import first_holds

    rows = [{"gold": [False, True], "gold_article": [True, True]}, {"gold": [True, False], "gold_article": [True, False]}]
    assert first_holds(rows, [[0.0, -1.0], [0.0, -1.0]]) == 0.5
    assert first_holds(rows, [[0.1, 0.2], [0.3, 0.2]]) == 1.0
    assert first_holds(rows, [[0.5, 0.5], [0.2, 0.9]], "gold_article") == 0.5  # a tie goes to the earlier sentence


def test_the_order_fit_compares_its_weights_with_the_shipped_ones():
    """Sentences whose reader margin alone says which holds the answer: the fit learns it out of fold, shipped weights
    on the margin find it too, and weights on something else do not."""
    import random

    from eval.fit_reader_rerank import fit_order
    from qa.evidence_order import FEATURES

    rng, rows = random.Random(), []
    for q in range(60):
        gold = rng.randrange(4)
        feats = [{**{k: rng.random() for k in FEATURES}, "margin": 5.0 if i == gold else rng.uniform(-10.0, 0.0),
                  "position": float(i)} for i in range(4)]
        rows.append({"translated": q % 3 == 0, "features": feats, "gold": [i == gold for i in range(4)],
                     "gold_article": [True] * 4})
    out = fit_order(rows, {"margin": 1.0})
    assert out["learned_out_of_fold"]["first_holds_gold"] == 1.0
    assert out["shipped_weights"]["first_holds_gold"] == 1.0
    assert out["weights"]["margin"] > 0
    assert fit_order(rows, {"lex": 1.0})["shipped_weights"]["first_holds_gold"] < 0.6


@pytest.mark.slow
def test_a_long_question_leaves_room_for_the_passage(encoder):
    """A question of hundreds of tokens (any script) is cut, so every window still holds passage tokens (the
    tokenizer panicked when the room left for the passage was no more than the stride)."""
    from index.embed import resolve_model
    from index.settings import DEFAULT_MODEL
    from qa.reader import reader_for, tokenizer, windows

    question = "習近平とプーチンはいつ台湾について話しましたか " * 30
    for tok in (tokenizer(resolve_model()), reader_for(DEFAULT_MODEL).tok):
        encs = windows(tok, question, PASSAGE * 20)
        assert encs and all(1 in e.sequence_ids for e in encs)


def test_an_english_question_reads_the_spans_numbers_in_english(tmp_path, encoder):
    """A span with Indonesian number words or separators leads as written, its English reading after it; the same
    question in Indonesian gets the span alone. Also "how heavy" is a quantity question, not a "how" one."""
    from tests.conftest import assistant_over

    assistant = assistant_over(tmp_path, {
        "port.md": "---\ntitle: Pelabuhan baru\ndate: 2010-05-03\n---\n\n"
                   "Pelabuhan peti kemas yang baru di pantai utara mulai beroperasi pada Mei 2009. Pembangunan "
                   "pelabuhan itu menghabiskan biaya Rp 3,5 triliun. Setiap hari pelabuhan itu melayani "
                   "tujuh kapal besar dari luar negeri. Derek peti kemas terbesar di pelabuhan baru itu memiliki "
                   "berat 1.200 ton.\n"})
    english = assistant.ask("How much did it cost to build the new container port?")
    assert english.short_answer and "3,5 triliun" in english.short_answer, english.text
    assert english.text.startswith(f"{english.short_answer} (3.5 trillion) [1]. "), english.text
    ships = assistant.ask("How many large foreign ships does the port serve every day?")
    assert ships.short_answer and "tujuh" in ships.short_answer and "(7)" in ships.text, ships.text
    crane = assistant.ask("How heavy is the largest container crane at the new port?")
    assert crane.short_answer and "1.200" in crane.short_answer and "(1,200) [1]" in crane.text, crane.text
    indonesian = assistant.ask("Berapa biaya pembangunan pelabuhan itu?")
    assert indonesian.short_answer and indonesian.text.startswith(f"{indonesian.short_answer} [1]. "), indonesian.text


@pytest.mark.slow  # reads the training files whole, twice (seconds)
def test_the_readers_second_pass_reads_the_unanswerable_questions_the_first_left_out():
    """eval/reader_unanswerable.py on the real training data: every unanswerable IDK-MRC question the first pass
    did not read, none of a held-out context or asked by the calibration, beside a replay of answerable ones."""
    import json

    from eval.reader_unanswerable import REPLAY, SQUAD, stage_examples
    from eval.train_reader import held_out_contexts, load_examples
    from tests.conftest import SHARED

    training = SHARED / "training"
    first = load_examples(training)
    held, used = held_out_contexts(first), {ex["id"] for ex in first}
    tydi = {json.loads(x)["id"] for x in (training / "tydiqa_goldp_id_train.jsonl").read_text().splitlines()}
    left = [r for r in map(json.loads, (training / "idk_mrc_train.jsonl").read_text().splitlines())
            if not r["answerable"] and r["id"] not in used | tydi and r["context"] not in held]
    asked = {r["id"] for r in left[:7]}  # as if the calibration asked these
    mix = stage_examples(training, asked)
    ids = [ex["id"] for ex in mix]
    assert len(ids) == len(set(ids)) and not asked & set(ids) and not any(ex["context"] in held for ex in mix)
    new = [ex for ex in mix if ex["id"] not in used]
    assert not any(ex["answerable"] for ex in new)
    assert {ex["id"] for ex in new if ex["source"] == "idk_mrc"} == {r["id"] for r in left} - asked
    assert sum(ex["source"] == "trans_squad_id" for ex in new) == SQUAD
    replay = [ex for ex in mix if ex["id"] in used]
    assert len(replay) == REPLAY and all(ex["answerable"] for ex in replay)
    assert [ex["id"] for ex in stage_examples(training, asked)] == ids  # seeded: the pass can be reproduced
    assert [ex["id"] for ex in stage_examples(training, asked, first)] == ids  # the first pass's questions passed in


def test_the_reader_check_scores_each_setting_once(monkeypatch):
    """Each compared setting asks its questions once (it asked them once per metric kept, six times over)."""
    import eval.reader_check as check

    calls = []
    monkeypatch.setattr(check, "score_answers", lambda assistant, questions: calls.append(questions) or
                        {k: len(calls) for k in [*check.KEPT, "answer_p50_ms"]})
    assert check.kept_scores(None, ["q1", "q2"]) == {k: 1 for k in check.KEPT}
    assert calls == [["q1", "q2"]]

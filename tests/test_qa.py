"""The answer path through the Python API and the CLI, on the real model and the sample corpus."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

from qa import Assistant
from qa.followup import standalone_question
from qa.lang import detect_language, is_when_question
from tests.conftest import ROOT, write_articles

TAIWAN = "003_8ea2e4786c536e84.txt"
CALL = "001_4c1271fe611ef779.txt"  # the phone call of 15 June 2022


@pytest.fixture(scope="module")
def assistant(sample_index):
    return Assistant.load(sample_index)


def _check_citations(ans):
    markers = {int(n) for n in re.findall(r"\[(\d+)\]", ans.text)}
    assert markers == {c.n for c in ans.citations}  # every marker names a listed passage and every passage is used
    for c in ans.citations:
        for s, e in c.quote_spans:
            assert c.text[s:e] in c.quote
    return markers


def test_taiwan_question_in_english(assistant):
    ans = assistant.ask("When did Xi and Putin talk about Taiwan?")
    assert not ans.abstained
    assert "Tuesday" in ans.text and "January 21" in ans.text
    _check_citations(ans)
    quotes = " ".join(c.quote for c in ans.citations if c.source == TAIWAN)
    assert "Taiwan" in quotes and "Selasa (21/1)" in quotes  # the fact and the lead with its date, both cited
    assert ans.dates and ans.dates[0]["month"] == 1 and ans.dates[0]["day"] == 21


@pytest.mark.parametrize(("question", "month_day"), [
    ("Kapan Xi menelepon Putin?", (6, 15)), ("When did Xi call Putin?", (6, 15)),
    ("Kapan Putin melancarkan serangan ke Ukraina?", (2, 24)), ("When did Putin launch the attack on Ukraine?", (2, 24)),
])
def test_a_since_clause_date_answers_only_a_question_about_its_own_event(assistant, question, month_day):
    """The sentence that matches both: "Ini merupakan panggilan kedua Xi sejak Putin melancarkan serangan ke Ukraina
    24 Februari". The call's date is the article's (Rabu 15/6/2022); the attack's is the clause's."""
    ans = assistant.ask(question)
    assert not ans.abstained and ans.dates and (ans.dates[0]["month"], ans.dates[0]["day"]) == month_day, ans.text


def test_june_2022_call_in_indonesian(assistant):
    ans = assistant.ask("Kapan Xi menelepon Putin pada Juni 2022?")
    assert not ans.abstained
    assert "15/6/2022" in ans.text and "Juni 2022" in ans.text
    assert ans.citations[0].source == "001_4c1271fe611ef779.txt"
    assert ans.language == "id"
    _check_citations(ans)


def test_answer_text_is_only_cited_sentences(assistant):
    ans = assistant.ask("Siapa pejabat Kremlin yang berbicara kepada wartawan tentang dukungan Xi?")
    assert not ans.abstained and "Ushakov" in ans.text
    body = re.sub(r"\s*\[\d+\]", "", ans.text)
    quotes = " ".join(c.quote for c in ans.citations)
    if ans.short_answer:  # the reader's span leads, read from the cited sentence
        assert body.startswith(ans.short_answer + ". ") and ans.short_answer in quotes
        body = body[len(ans.short_answer) + 2 :]
    for sentence in filter(None, (x.strip() for x in re.split(r"(?<=[.!?])\s+", body))):
        assert sentence in quotes


@pytest.mark.parametrize("question", ["Siapa yang memenangkan Piala Dunia FIFA 2022?", "What is the capital of Australia?",
                                      "Apa resep rendang yang paling enak?"])
def test_unanswerable_questions_abstain(assistant, question):
    ans = assistant.ask(question)
    assert ans.abstained and ans.citations == []
    if detect_language(question) == "en":
        assert ans.text == "The articles do not say."
    else:
        assert ans.text.startswith("Artikel-artikel ini tidak memuat")


ALLIANCES_EN = "Which new military alliances did Xi and Putin criticise?"


def test_cross_lingual_retrieval_finds_the_passage(assistant):
    """Both languages find the passage among those the retriever hands over; in Indonesian it comes first."""
    en = assistant.retriever.retrieve(ALLIANCES_EN)
    ind = assistant.retriever.retrieve("Aliansi militer baru apa yang dipandang negatif oleh kedua pemimpin?")
    assert "AUKUS" in " ".join(d.page_content for d in en)
    assert "AUKUS" in ind[0].page_content


@pytest.mark.xfail(strict=True, reason="known gap (issue 13): the English question's cosines to the sample's Xi-Putin "
                   "passages lie within 0.01 of each other and the AUKUS passage ranks 4th (0.8215 against 0.8230 for the "
                   "3rd), below the three the answerer reads; the judge's second look, when on, reorders only those three")
def test_cross_lingual_retrieval_puts_the_passage_where_the_answerer_reads(assistant):
    en = assistant.retriever.retrieve(ALLIANCES_EN)
    assert "AUKUS" in " ".join(d.page_content for d in en[: assistant.settings.answer.passages])


def test_bad_questions(assistant):
    with pytest.raises(ValueError, match="empty"):
        assistant.ask("   ")
    with pytest.raises(ValueError, match="no words"):
        assistant.ask("?!?! ...")
    long = "Kapan Xi menelepon Putin? " * 4000  # 100,000 characters
    ans = assistant.ask(long)
    assert ans.notices and "2000" in ans.notices[0]
    assert len(ans.question) == 2000


def test_follow_up_rule():
    history = [{"role": "user", "content": "When did Xi and Putin talk about Taiwan?"},
               {"role": "assistant", "content": "Tuesday, January 21 [1]."}]
    # a follow-up with a question of its own leads (Putin's words are asked, not a date); the topic follows
    assert standalone_question("and what did Putin say?", history) == "what did Putin say? Xi and Putin talk about Taiwan"
    assert standalone_question("Bagaimana dengan Rusia?", history) == (  # the previous question, of something else
        "When did Xi and Putin talk about Taiwan? Bagaimana dengan Rusia?")
    assert standalone_question("Taiwan?", history) == "When did Xi and Putin talk about Taiwan? Taiwan?"
    assert standalone_question("Siapa Yuri Ushakov dan apa perannya di Kremlin?", history) == (
        "Siapa Yuri Ushakov dan apa perannya di Kremlin?")
    assert standalone_question("and what did Putin say?", None) == "and what did Putin say?"
    # Gradio 6 sends content as a list of parts; LangChain sends message objects.
    from langchain_core.messages import AIMessage, HumanMessage

    parts = [{"role": "user", "content": [{"type": "text", "text": "When did Xi and Putin talk about Taiwan?"}]},
             {"role": "assistant", "content": [{"type": "text", "text": "Tuesday [1]."}]}]
    assert standalone_question("and what did Putin say?", parts).endswith("Xi and Putin talk about Taiwan")
    messages = [HumanMessage("Kapan Xi menelepon Putin?"), AIMessage("Rabu [1].")]
    assert standalone_question("dan apa katanya?", messages) == "apa katanya? Xi menelepon Putin"


def test_a_follow_up_gets_the_kind_of_answer_it_asks_for(assistant):
    """"and what did Putin say?" after a "when" question was answered with the date again (the previous question
    led the standalone one, and with it the "when"); "Apa yang dia katakan?" after "Siapa Yuri Ushakov?" with "Xi"."""
    taiwan = [{"role": "user", "content": "When did Xi and Putin talk about Taiwan?"},
              {"role": "assistant", "content": "Tuesday, January 21 [1]."}]
    said = assistant.ask("and what did Putin say?", history=taiwan)
    assert said.text.startswith("Putin mengatakan") and "Taiwan" in said.text and not said.dates, said.text
    ushakov = [{"role": "user", "content": "Siapa Yuri Ushakov?"}, {"role": "assistant", "content": "Pejabat Kremlin [1]."}]
    words = assistant.ask("Apa yang dia katakan?", history=ushakov)
    assert words.short_answer is None and "Ushakov menuturkan" in words.text, words.text


def test_a_follow_up_stays_with_the_articles_the_answer_before_it_cited(assistant, sample_index):
    """"Apa yang dikatakan Xi kepadanya?" after the answer on the phone call was answered from the video call's
    and the Lunar New Year call's reports (the previous question's words find them too); held to the answer's
    articles, it is answered from the phone call's report. A follow-up naming what those articles never mention
    goes to the whole index."""
    call = assistant.ask("Kapan Xi menelepon Putin?")
    assert {c.source for c in call.citations} == {CALL}, call.text
    said = assistant.ask("Apa yang dikatakan Xi kepadanya?", history=[call])
    assert not said.abstained and {c.source for c in said.citations} == {CALL}, said.text
    assert "Dijawab dari artikel yang dikutip jawaban sebelumnya." in said.notices
    typed = [{"role": "user", "content": call.question}, {"role": "assistant", "content": call.text}]
    assert CALL not in {c.source for c in assistant.ask("Apa yang dikatakan Xi kepadanya?", history=typed).citations}
    taiwan = assistant.ask("Apa kata mereka tentang Taiwan?", history=[call])
    assert TAIWAN in {c.source for c in taiwan.citations} and "Taiwan" in taiwan.text, taiwan.text
    assert not any("sebelumnya" in n for n in taiwan.notices)
    # the CLI holds a conversation the same way
    out = subprocess.run([sys.executable, "-m", "ui", "ask", "-", "--conversation", "--json", "--index",
                          str(sample_index)], input="Kapan Xi menelepon Putin?\nApa yang dikatakan Xi kepadanya?\n",
                         capture_output=True, text=True, check=True, cwd=ROOT).stdout
    first, second = (json.loads(line) for line in out.splitlines())
    assert {c["source"] for c in second["citations"]} == {CALL} and second["standalone_question"], second


def test_a_question_typed_in_lower_case_after_another_stands_alone(assistant):
    """"kapan xi menelepon putin?" after the question on military alliances was read as its follow-up ("names
    nothing new": no capitals) and answered from the alliance report with another date; the index's passages
    capitalise Xi and Putin, so it stands alone as its capitalised twin does. "siapa yang hadir?" still follows."""
    alliances = assistant.ask("Aliansi militer apa yang dikritik Xi dan Putin?")
    typed = assistant.ask("kapan xi menelepon putin?", history=[alliances])
    assert typed.standalone_question is None and not typed.notices, typed.notices
    assert typed.short_answer == assistant.ask("Kapan Xi menelepon Putin?").short_answer
    present = assistant.ask("siapa yang hadir?", history=[typed])
    assert present.standalone_question == "siapa yang hadir? xi menelepon putin", present.standalone_question


def test_a_keyword_query_is_answered_with_its_passages_not_a_span(assistant):
    """"Xi Putin Taiwan" was answered "Rusia", "putin olimpiade" "Beijing": words from the right sentence."""
    for query, lead in [("Xi Putin Taiwan", "Putin mengatakan"), ("putin olimpiade", "Putin menambahkan")]:
        answer = assistant.ask(query)
        assert not answer.abstained and answer.short_answer is None and answer.text.startswith(lead), answer.text


def test_language_and_kind():
    assert detect_language("When did Xi call Putin?") == "en"
    assert detect_language("Kapan Xi menelepon Putin?") == "id"
    assert is_when_question("Tanggal berapa mereka bertemu?") and is_when_question("what day was it")
    assert is_when_question("Tanggal berapakah mereka bertemu?") and is_when_question("Hari apakah itu?")
    assert not is_when_question("Siapa Denisov?")


def test_langchain_interfaces(assistant):
    docs = assistant.retriever.invoke("Taiwan")
    assert docs[0].metadata["article_id"] == TAIWAN
    ans = assistant.chain.invoke({"question": "Taiwan"})
    assert ans.citations


def test_cli_ask_json_contract(sample_index):
    out = subprocess.run([sys.executable, "-m", "ui", "ask", "When did Xi and Putin talk about Taiwan?", "--index",
                          str(sample_index), "--json"], capture_output=True, text=True, check=True, cwd=ROOT)
    data = json.loads(out.stdout)
    assert {"question", "answer", "abstained", "citations", "dates", "timings_ms"} <= data.keys()
    assert data["abstained"] is False and "January 21" in data["answer"]
    c = data["citations"][0]
    assert {"n", "source", "title", "text", "quote", "score"} <= c.keys() and c["source"] == TAIWAN
    text = subprocess.run([sys.executable, "-m", "ui", "ask", "Kapan Xi menelepon Putin pada Juni 2022?", "--index",
                           str(sample_index)], capture_output=True, text=True, check=True, cwd=ROOT).stdout
    assert "15/6/2022" in text and "001_4c1271fe611ef779.txt" in text
    many = subprocess.run([sys.executable, "-m", "ui", "ask", "-", "--index", str(sample_index), "--json"],
                          input="When did Xi and Putin talk about Taiwan?\n\nKapan Xi menelepon Putin pada Juni 2022?\n",
                          capture_output=True, text=True, check=True, cwd=ROOT).stdout.splitlines()
    assert [json.loads(x)["question"] for x in many] == ["When did Xi and Putin talk about Taiwan?",
                                                         "Kapan Xi menelepon Putin pada Juni 2022?"]
    missing = subprocess.run([sys.executable, "-m", "ui", "ask", "x", "--index", str(sample_index) + "-nope"],
                             capture_output=True, text=True, cwd=ROOT)
    assert missing.returncode == 2 and "no index" in missing.stderr


def test_every_example_question_of_the_web_chat_answers(assistant):
    from ui.app import EXAMPLES

    for question in EXAMPLES:
        answer = assistant.ask(question)
        assert not answer.abstained and answer.citations, question


def test_settings_from_the_environment_reach_the_answer_and_the_reranker(sample_index):
    from qa.config import load_settings

    strict = Assistant.load(sample_index, load_settings(environ={"KABAR_ANSWER__ABSTAIN_THRESHOLD": "0.999"}))
    assert strict.ask("Kapan Xi menelepon Putin pada Juni 2022?").abstained
    plain = Assistant.load(sample_index, load_settings(environ={"KABAR_RERANKER__NAME": "none"}))
    assert plain.retriever.reranker is None
    weighted = Assistant.load(sample_index, load_settings(environ={"KABAR_RERANKER__LEXICAL_WEIGHT": "0.7"}))
    assert weighted.retriever.reranker.weights == (1.0, 0.7, 2.0)
    judged = Assistant.load(sample_index, load_settings(environ={"KABAR_RERANKER__JUDGE_PASSAGES": "3",
                                                                 "KABAR_RERANKER__LEXICAL_WEIGHT": "0.7"}))
    assert judged.retriever.reranker.top == 3 and judged.retriever.reranker.base.weights == (1.0, 0.7, 2.0)


def test_cli_reads_a_settings_file_and_refuses_a_bad_one(sample_index, tmp_path):
    good = tmp_path / "kabar.toml"
    good.write_text("[answer]\nabstain_threshold = 0.999\n")
    out = subprocess.run([sys.executable, "-m", "ui", "ask", "Kapan Xi menelepon Putin pada Juni 2022?", "--index",
                          str(sample_index), "--json", "--config", str(good)],
                         capture_output=True, text=True, check=True, cwd=ROOT)
    assert json.loads(out.stdout)["abstained"] is True
    bad = tmp_path / "bad.toml"
    bad.write_text("[retrieval]\nkk = 3\n")
    failed = subprocess.run([sys.executable, "-m", "ui", "ask", "x", "--index", str(sample_index), "--config", str(bad)],
                            capture_output=True, text=True, cwd=ROOT, env={**os.environ, "KABAR_RETRIEVAL__K": "4"})
    assert failed.returncode == 2 and "'retrieval.kk' is not a setting" in failed.stderr


def test_a_relative_date_is_answered_from_the_articles_date(tmp_path, encoder):
    from index import build_index

    folder = write_articles(tmp_path / "articles", {
        "visit.md": "---\ntitle: Putin tiba di Beijing\ndate: 2024-02-08\nsource: Kabar Uji\n---\n\n"
                    "Presiden Rusia Vladimir Putin tiba di Beijing kemarin untuk bertemu Presiden China Xi Jinping. "
                    "Kedua pemimpin membahas kerja sama energi dan perdagangan.\n",
        "plain.txt": "Festival layang-layang\n\nRibuan warga menghadiri festival layang-layang di pantai kemarin. "
                     "Panitia menyebut acara itu sebagai yang terbesar dalam sejarah kota.\n"})
    build_index([folder], tmp_path / "ix")
    assistant = Assistant.load(tmp_path / "ix")
    ans = assistant.ask("Kapan Putin tiba di Beijing?")
    assert "7 Februari 2024" in ans.text and "dihitung dari tanggal artikel" in ans.text and "kemarin" in ans.text
    assert ans.dates[0]["resolution"] == "published" and ans.dates[0]["iso"] == "2024-02-07"
    assert ans.citations[0].published == "2024-02-08"
    english = assistant.ask("When did Putin arrive in Beijing?")
    assert "February 7, 2024" in english.text and "counted from the article's date" in english.text
    kites = assistant.ask("Kapan festival layang-layang digelar?")  # no publication date: no date is invented
    assert not kites.dates and "2024" not in kites.text
    bad = subprocess.run([sys.executable, "-m", "ui", "index", str(folder), "--index", str(tmp_path / "ix"),
                          "--published", "kemarin"], capture_output=True, text=True, cwd=ROOT)
    assert bad.returncode == 2 and "--published wants a date" in bad.stderr


def test_a_date_window_picks_the_right_article_and_never_passes_another_time_off_as_inside(assistant):
    december = assistant.ask("Kapan Xi dan Putin berbicara pada Desember 2021?")
    assert december.citations[0].source == "004_9d28d38699084251.txt" and "16 Desember 2021" in december.text
    june = assistant.ask("When did Xi and Putin talk in June 2022?")
    assert june.citations[0].source == "001_4c1271fe611ef779.txt" and "June 15, 2022" in june.text
    wrong_year = assistant.ask("Kapan Xi menelepon Putin pada Juni 2021?")
    assert not wrong_year.dates and "Juni 2021" in " ".join(wrong_year.notices)  # no date given as if inside
    assert "2021" not in wrong_year.text.split("(")[0]


def test_this_week_in_a_report_is_the_week_it_reports_from(assistant):
    """The September 2022 report (no publication date; "kata Yang Jiechi ..., Senin (12/9)") says "Minggu ini,
    Putin dan Xi akan bertemu di Uzbekistan": that meeting is September 2022's, and a question about February 2022
    (a caption in the same report dates a meeting in Beijing then) is not answered "Uzbekistan"."""
    when = assistant.ask("Kapan Putin dan Xi akan bertemu di Uzbekistan?")
    assert when.short_answer == "September 2022" and "dihitung dari hari yang dilaporkan artikel" in when.text, when.text
    assert assistant.ask("Di mana Xi dan Putin akan bertemu pada September 2022?").short_answer == "Uzbekistan"
    february = assistant.ask("Di mana Xi dan Putin bertemu pada Februari 2022?")
    assert not february.abstained and "Beijing" in february.short_answer, february.text
    assert "Uzbekistan" not in february.text, february.text


def test_timeline_of_the_sample_in_date_order_with_its_sources(assistant, sample_index):
    timeline = assistant.timeline("Xi dan Putin")
    data = timeline.to_dict()
    assert data["query"] == "Xi dan Putin" and data["events"]
    full = [e["date"] for e in data["events"] if not e["date"].startswith("--")]
    assert full == sorted(full) and {"2021-12-15", "2022-06-15"} <= set(full)
    # "... dalam pertemuan onlinenya pada hari Rabu, Kamis (16/12/2021)": the Wednesday counted from the report's
    # Thursday dates the meeting; the Thursday dates the report, not an event of its own
    assert "2021-12-16" not in full
    for e in data["events"]:
        assert {"date", "date_text", "quote", "source", "title", "n"} <= e.keys()
        assert e["date_text"] in e["quote"]  # the date as the article wrote it, in the quoted sentence
    chat = assistant.ask("kronologi Xi dan Putin")
    assert chat.mode == "timeline" and chat.text.startswith("- **")
    assert {int(n) for n in re.findall(r"\[(\d+)\]", chat.text)} == {c.n for c in chat.citations}
    out = subprocess.run([sys.executable, "-m", "ui", "timeline", "Xi dan Putin", "--index", str(sample_index),
                          "--json"], capture_output=True, text=True, check=True, cwd=ROOT)
    assert [e["date"] for e in json.loads(out.stdout)["events"]] == [e["date"] for e in data["events"]]


def test_the_same_event_reported_twice_is_one_timeline_line_with_both_sources(tmp_path, encoder):
    from index import build_index

    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text("Xi menelepon Putin\n\nPresiden Xi Jinping menelepon Presiden Vladimir Putin pada "
                                  "Rabu (15/6/2022) untuk membahas kerja sama. Keduanya juga membahas perdagangan.\n")
    (folder / "b.txt").write_text("Telepon Xi dan Putin\n\nPresiden Xi Jinping menelepon Presiden Vladimir Putin "
                                  "pada Rabu (15/6/2022) untuk membahas kerja sama kedua negara. Pasar saham naik.\n")
    build_index([folder], tmp_path / "ix")
    events = Assistant.load(tmp_path / "ix").timeline("Xi menelepon Putin").events
    assert len(events) == 1 and events[0].date == "2022-06-15"
    assert sorted(c.source for c in events[0].sources) == ["a.txt", "b.txt"]


def test_the_prompt_offers_the_readers_span_as_a_hint_to_check():
    from qa.prompt import build_messages

    passages = [{"header": "Judul", "evidence": "Xi dan Putin mengkritik AUKUS di Beijing."}]
    plain = build_messages("Apa yang dikritik Xi?", "id", passages)
    hinted = build_messages("Apa yang dikritik Xi?", "id", passages, "AUKUS")
    assert "AUKUS" not in plain[-1].content.split("Question:")[1]
    assert hinted[-1].content.endswith("(A reading model found this answer in the passages: AUKUS)")
    assert [type(m) for m in plain] == [type(m) for m in hinted]


def test_a_broad_question_draws_on_several_articles_and_a_factoid_one_on_one(assistant):
    broad = assistant.ask("What did China say about the war in Ukraine?")
    assert not broad.abstained and broad.short_answer is None
    assert len({c.source for c in broad.citations}) >= 2  # two reports, each cited
    assert all(f"[{c.n}]" in broad.text for c in broad.citations)
    factoid = assistant.ask("Aliansi militer apa yang dikritik Xi dan Putin?")
    assert len({c.source for c in factoid.citations}) == 1 and "AUKUS" in factoid.text


def test_an_answer_exports_as_markdown_with_numbered_references_and_escaped_markup():
    from qa.records import Answer, Citation

    cite = Citation(1, "001.txt", "Xi <i>Telepon</i> Putin", "chunk", "Xi menelepon\n Putin.", 0.9, "c1",
                    published="2022-06-15")
    md = Answer("Kapan Xi menelepon?", "Rabu (15/6) [1]. Xi *menelepon* Putin. [1]", [cite], False).to_markdown()
    assert md.splitlines()[0] == "**Kapan Xi menelepon?**"
    assert "Xi \\*menelepon\\* Putin. [1]" in md and "<i>" not in md
    assert md.splitlines()[-1] == "[1] Xi \\<i\\>Telepon\\</i\\> Putin (001.txt, 2022-06-15): “Xi menelepon Putin.”"


def test_a_scoped_question_answers_from_the_sources_and_dates_asked_for(tmp_path, encoder):
    from index import build_index

    folder = tmp_path / "articles"
    folder.mkdir()
    for name, date, outlet, place in (("a.md", "2023-03-21", "Harian Satu", "Moskwa"),
                                      ("b.md", "2024-05-16", "Warta Dua", "Beijing"),
                                      ("c.md", "2024-10-22", "Harian Satu", "Kazan")):
        (folder / name).write_text(
            f"---\ntitle: Xi dan Putin bertemu di {place}\ndate: {date}\nsource: {outlet}\n---\n\n"
            f"Presiden China Xi Jinping dan Presiden Rusia Vladimir Putin bertemu di {place} untuk membahas kerja "
            "sama energi. Kedua pemimpin menandatangani sejumlah perjanjian dagang.\n", encoding="utf-8")
    build_index([folder], tmp_path / "ix")
    assistant = Assistant.load(tmp_path / "ix")
    question = "Di mana Xi dan Putin bertemu?"
    cited = lambda ans: {c.source for c in ans.citations}  # noqa: E731
    assert cited(assistant.ask(question, since="2024-01-01", until="2024-06-30")) == {"b.md"}
    assert cited(assistant.ask(question, sources=["a.md"])) == {"a.md"}
    assert cited(assistant.ask(question, sources="Harian Satu", since="2024-01-01")) == {"c.md"}
    none = assistant.ask(question, since="2025-01-01")
    assert none.abstained and none.notices and not none.citations
    with pytest.raises(ValueError, match="since wants a date"):
        assistant.ask(question, since="kemarin")
    out = subprocess.run([sys.executable, "-m", "ui", "ask", question, "--index", str(tmp_path / "ix"), "--json",
                          "--source", "Warta Dua"], capture_output=True, text=True, check=True, cwd=ROOT)
    assert {c["source"] for c in json.loads(out.stdout)["citations"]} == {"b.md"}


def test_a_scope_admits_by_id_source_and_publication_date():
    from qa.scope import Scope

    assert Scope.make() is None and Scope.make([" "], "", None) is None
    scope = Scope.make("Warta Dua", since="2024-01-01")
    assert scope.admits("b.md", {"source": "Warta Dua", "published": "2024-05-16"})
    assert not scope.admits("b.md", {"source": "Warta Dua", "published": "2023-12-31"})
    assert not scope.admits("b.md", {"source": "Warta Dua", "published": None})  # undated: outside any range
    assert not scope.admits("c.md", {"source": "Harian Satu", "published": "2024-05-16"})
    assert Scope.make(["c.md"]).admits("c.md", {"source": "Harian Satu", "published": None})
    with pytest.raises(ValueError, match="after until"):
        Scope.make(since="2024-02-01", until="2024-01-01")


def test_an_articles_footnote_marks_are_neither_citations_nor_glued_sentences(tmp_path, encoder):
    """Wikipedia-style text ("...Jerman-Jawa.[1] Dia ..."): each answer quotes its one sentence, and every [n] in
    the answer (and in the web chat's links) is one of the answer's own citations."""
    from tests.conftest import assistant_over
    from ui.render import answer_markdown

    assistant = assistant_over(tmp_path, {
        "tokoh.txt": "Profil penulis\n\nIrma Hardisurya lahir di Pekalongan, Jawa Tengah, dari pasangan Jerman-Jawa.[1] "
                     "Dia memulai karier sebagai penulis mode pada 1972.[4] Saat itu ia diminta menulis rubrik "
                     "busana.[5][6]\n",
        "cuaca.txt": "Berita cuaca\n\nHujan deras mengguyur Jakarta pada Senin. Banjir merendam jalan utama.\n"})
    ans = assistant.ask("Pada tahun berapa Irma memulai karier sebagai penulis mode?")
    assert not ans.abstained and "1972" in ans.text
    assert "Pekalongan" not in ans.text and "busana" not in ans.text  # one sentence, not the paragraph
    cited = {str(c.n) for c in ans.citations}
    assert set(re.findall(r"\[(\d+)\]", ans.text)) <= cited
    assert set(re.findall(r'href="#kabar-src-(\d+)"', answer_markdown(ans))) <= cited
    events = assistant.timeline("Irma Hardisurya penulis mode").events  # a timeline quotes its sentence alone too
    assert [e.date for e in events] == ["1972"], events
    assert events[0].quote == "Dia memulai karier sebagai penulis mode pada 1972."


def test_a_when_answers_date_is_quoted_in_its_own_sentence(tmp_path, encoder):
    """The date that leads a "when" answer is shown where the article writes it, beside the sentence that matches
    the question ("Pembangunan ... dimulai pada 2016" matched "mulai beroperasi", the date came from the next one),
    and coarse dates ("Oktober 2023", "pada 2016") are read as dates."""
    from tests.conftest import assistant_over

    assistant = assistant_over(tmp_path, {
        "kereta.md": "---\ntitle: Kereta cepat\ndate: 2024-05-10\n---\n\n"
                     "Jakarta (ANTARA) - Kementerian Perhubungan pada Jumat (10/5/2024) mengumumkan jadwal baru kereta "
                     "cepat. Pembangunan jalur kereta cepat Jakarta-Bandung dimulai pada 2016. Jalur itu mulai "
                     "beroperasi pada Oktober 2023. Penumpang meningkat sejak Februari.\n"})
    for question, date in [("Kapan jalur kereta cepat mulai beroperasi?", "Oktober 2023"),
                           ("Kapan pembangunan jalur kereta cepat dimulai?", "2016")]:
        answer = assistant.ask(question)
        assert answer.short_answer == date, answer.text
        lead, quoted = answer.text.split("]. ", 1)
        assert date in quoted, answer.text  # the date's own sentence is quoted
    events = assistant.timeline("kereta cepat").events
    assert [e.date for e in events] == ["2016", "2023-10", "2024-02", "2024-05-10"]


def test_a_sentence_that_only_repeats_the_question_does_not_answer_it(assistant):
    """A heading's remains, "Amerika Serikat.", matched "Apa yang dikatakan Xi dan Putin tentang Amerika Serikat?"
    best and was the whole answer."""
    from qa.answer import adds_nothing

    assert adds_nothing("Amerika Serikat.", "Apa kata Xi tentang Amerika Serikat?")
    assert adds_nothing("—", "Apa kata Xi?")
    assert not adds_nothing("Amerika Serikat menolak.", "Apa kata Xi tentang Amerika Serikat?")
    for question in ["Apa yang dikatakan Xi dan Putin tentang Amerika Serikat?", "Xi Putin Amerika Serikat"]:
        ans = assistant.ask(question)
        assert ans.citations and not any(adds_nothing(c.quote, question) for c in ans.citations), (question, ans.text)

"""What leads a "when" answer (qa/when.py): the pure rules, then the real reader choosing among a sentence's dates."""

from __future__ import annotations

import pytest

from index.dates import DateMention, find_dates
from qa.when import event_date, event_lead, mention_in, names_time, since_rule, span_lead
from qa.window import question_window
from tests.conftest import write_articles


def _mention(text: str, published=None) -> DateMention:
    return find_dates(text, published)[0]


@pytest.mark.parametrize(("span", "is_time"), [
    ("1994", True), ("212 SM", True), ("abad ke-16 hingga abad ke-19", True), ("awal Maret", True),
    ("hari Kamis", True), ("Beijing", False), ("Presiden Joko Widodo", False), ("kapal selam", False),
])
def test_a_span_answers_when_only_if_it_names_a_time(span, is_time):
    assert names_time(span, None) is is_time


def test_a_span_on_a_date_the_index_resolved_answers_when_whatever_its_words():
    assert names_time("kemarin", _mention("Ia tiba kemarin.", __import__("datetime").date(2024, 2, 8)))


def _lead(text: str, span: str, published=None, lang: str = "id"):
    """``span_lead`` for the first occurrence of ``span`` in ``text`` and the date it overlaps."""
    start = text.index(span)
    mention = mention_in(find_dates(text, published), start, start + len(span))
    return span_lead(text, (start, start + len(span)), mention, holder=None, lang=lang)


def test_a_relative_date_leads_as_its_calendar_date_with_the_articles_words():
    import datetime as dt

    lead = _lead("Putin tiba di Beijing kemarin.", "kemarin", dt.date(2024, 2, 8))
    assert lead.short == "Rabu 7 Februari 2024" and lead.from_reader
    assert lead.text.startswith("Rabu 7 Februari 2024 (“kemarin”") and "dihitung dari tanggal artikel" in lead.text
    english = _lead("Putin tiba di Beijing kemarin.", "kemarin", dt.date(2024, 2, 8), "en")
    assert english.short == "Wednesday, February 7, 2024"


def test_a_written_date_leads_in_the_articles_words_with_what_the_calendar_adds():
    lead = _lead("Xi menelepon Putin pada Rabu (15/6/2022).", "15/6/2022")
    assert lead.short == "15/6/2022" and lead.text == "15/6/2022 (Rabu 15 Juni 2022)"
    assert _lead("Ia wafat pada 30 Oktober 1910 di Heiden.", "30 Oktober 1910").text == "30 Oktober 1910"
    assert _lead("Bendungan itu dibangun pada 1994.", "1994").text == "1994"  # no date the rules read: as read


def test_an_english_question_gets_the_calendar_date_first_when_the_span_is_only_a_date():
    lead = _lead("Xi pada Selasa (21/1) mengatakan hal itu.", "21/1", lang="en")
    assert lead.text == "Tuesday, January 21 (“Selasa (21/1)”)" and lead.short == "Tuesday, January 21"
    month = _lead("Serangan itu dimulai 24 Februari 2022 pagi.", "24 Februari 2022", lang="en")
    assert month.text.startswith("February 24, 2022") and "“24 Februari 2022”" in month.text
    wider = _lead("Ia menjabat dari 1945 sampai 5 Oktober 1998.", "1945 sampai 5 Oktober", lang="en")
    assert wider.short == "1945 sampai 5 Oktober 1998"  # more than a date: the article's words, as read
    assert _lead("Xi pada Selasa (21/1) mengatakan hal itu.", "21/1").short == "21/1"  # Indonesian: as written


@pytest.mark.parametrize(("text", "span", "short"), [
    ("Xi menelepon Putin pada Rabu (15/6/2022) malam.", "15/6", "15/6/2022"),
    ("Kushner lahir November 16, 1966 di New York.", "16, 1966", "November 16, 1966"),
    ("Pesawat itu jatuh Selasa (23/8) pagi.", "23/8", "23/8"),  # already whole: the weekday stays out
    ("Ia menjabat dari 1945 sampai 5 Oktober 1998.", "1945 sampai 5 Oktober", "1945 sampai 5 Oktober 1998"),
])
def test_a_span_that_cuts_into_a_date_widens_to_the_whole_date(text, span, short):
    assert _lead(text, span).short == short


@pytest.mark.parametrize(("text", "span", "short"), [
    ("Minggu ini, Putin dan Xi akan bertemu di Uzbekistan.", "Minggu", "Minggu ini"),  # this week, not Sunday
    ("Kedua menteri bertemu pekan lalu di Jakarta.", "pekan", "pekan lalu"),
    ("Pameran itu dibuka bulan depan.", "bulan", "bulan depan"),
    ("Ia tiba hari Minggu dan pulang.", "hari Minggu", "hari Minggu"),  # a weekday: no deictic word follows
    ("Pameran itu berlangsung tiga bulan di Jakarta.", "tiga bulan", "tiga bulan"),
])
def test_a_span_that_ends_on_a_unit_of_time_takes_the_word_that_places_it(text, span, short):
    assert _lead(text, span).short == short


def test_the_event_date_is_the_sentences_own_else_the_articles_first_full_one():
    text = "Pada 4 Februari 2022 keduanya bertemu. Sebelumnya, pada 16 Desember 2021, mereka berbicara. Lalu 20 Juni."
    mentions = find_dates(text)
    second = text.index("Sebelumnya")
    assert event_date(mentions, second, text.index("Lalu"), None).month == 12  # the sentence's own date
    assert event_date(mentions, text.index("Lalu") + 4, len(text), None).day == 20
    assert event_date(mentions, 0, 0, None).day == 4  # no date in the sentence: the first full date
    march = question_window("Apa yang terjadi pada Maret 2023?")
    assert event_date(mentions, 0, 0, march) is None  # none inside the window: no date is passed off as inside
    assert mention_in(mentions, second, second + 30).month == 12 and mention_in(mentions, 0, 2) is None
    lead = event_lead(mentions[0], holder=None, lang="en")
    assert lead.short == "February 4, 2022" and not lead.from_reader


def test_a_date_that_ends_a_since_clause_dates_another_event_unless_a_beginning_is_asked():
    text = ("Pada 15 Juni 2022 keduanya berbicara. Ini panggilan kedua sejak perang pecah 24 Februari. "
            "Forum itu digelar sejak 1948 hingga 1960.")
    mentions = find_dates(text)
    second = text.index("Ini")
    since = since_rule("Kapan keduanya berbicara?", text)
    assert since(text.index("24 Februari")) and since(text.index("1948")) and not since(text.index("1960"))
    assert not since(text.index("15 Juni"))
    # the sentence's only date is a "since" date: the article's first full date is the event's
    assert event_date(mentions, second, text.index("Forum"), None, since).day == 15
    assert event_date(mentions, second, text.index("Forum"), None).day == 24  # without the rule
    for question in ["Kapan perang dimulai?", "Sejak kapan forum itu digelar?", "When did the war start?"]:
        begins = since_rule(question, text)
        assert not begins(text.index("24 Februari")), question
        assert event_date(mentions, second, text.index("Forum"), None, begins).day == 24, question
    # a question about the clause's own event: its date answers (shared words, stemmed; else, across languages,
    # the question's nearness to the clause rather than to the sentence before it)
    assert not since_rule("Kapan perang itu pecah?", text)(text.index("24 Februari"))
    assert since_rule("Kapan panggilan kedua itu?", text)(text.index("24 Februari"))
    assert not since_rule("When did the war break out?", text, lambda clause, before: "perang" in clause)(
        text.index("24 Februari"))
    assert since_rule("When was the second call?", text, lambda clause, before: "panggilan" in clause)(
        text.index("24 Februari"))


def test_the_since_rule_stems_as_the_indexs_bm25_language():
    text = "This is the second call since Putin launched attacks on Ukraine on 24 February."
    at = text.index("24 February")
    assert not since_rule("When did Putin attack Ukraine?", text, language="english")(at)  # attacks = attack
    assert since_rule("When did Putin attack Ukraine?", text, language="indonesian")(at)  # no shared stem


def test_a_when_question_is_not_answered_with_the_date_a_since_clause_gives(tmp_path, encoder):
    """The best sentence reports the call but dates only what it came after: the call's date is the article's."""
    from index import build_index
    from qa import Assistant

    folder = write_articles(tmp_path / "articles", {
        "call.md": "---\ntitle: Menteri menelepon mitranya\ndate: 2022-06-16\n---\n\n"
                   "Menteri luar negeri Norwegia berbicara dengan mitranya dari Chile melalui telepon pada Rabu "
                   "(15/6/2022). Ini merupakan panggilan kedua sang menteri kepada mitranya sejak banjir besar "
                   "melanda pelabuhan itu pada 24 Februari.\n"})
    build_index([folder], tmp_path / "ix")
    assistant = Assistant.load(tmp_path / "ix")
    for question in ["Kapan panggilan kedua sang menteri kepada mitranya?", "When was the minister's second call?"]:
        ans = assistant.ask(question)
        assert ans.citations and "panggilan kedua" in ans.text, question
        assert ans.dates and (ans.dates[0]["month"], ans.dates[0]["day"]) == (6, 15), ans.text
    ans = assistant.ask("Kapan banjir besar melanda pelabuhan itu?")  # the clause's own event: its date answers
    assert ans.dates and (ans.dates[0]["month"], ans.dates[0]["day"]) == (2, 24), ans.text


def test_the_reader_picks_which_date_of_a_sentence_is_asked_about(tmp_path, encoder):
    """A sentence with two dates, the asked one second: the event-date rule alone would lead with the first."""
    from index import build_index
    from qa import Assistant

    folder = write_articles(tmp_path / "articles", {
        "euro.md": "---\ntitle: Mata uang bersama\ndate: 2010-05-02\n---\n\n"
                   "Mata uang bersama itu mulai dipakai dalam transaksi bank pada 1 Januari 1999, tetapi uang kertas "
                   "dan koinnya baru beredar di tangan warga pada 1 Januari 2002. Sebelumnya setiap negara memakai "
                   "mata uangnya sendiri.\n",
        "port.md": "---\ntitle: Pelabuhan baru\ndate: 2010-05-03\n---\n\n"
                   "Pelabuhan peti kemas yang baru di pantai utara mulai beroperasi pada Mei 2009. Pelabuhan itu "
                   "dibangun dengan biaya sekitar dua triliun rupiah.\n"})
    build_index([folder], tmp_path / "ix")
    assistant = Assistant.load(tmp_path / "ix")
    ans = assistant.ask("Kapan uang kertas dan koin mata uang bersama itu beredar di tangan warga?")
    assert ans.short_answer is not None and "2002" in ans.short_answer and "1999" not in ans.short_answer
    assert ans.text.startswith(ans.short_answer) and ans.dates and ans.dates[0]["year"] == 2002
    assert ans.short_answer in ans.citations[0].quote  # read from the cited sentence


@pytest.mark.parametrize(("question", "latest"), [
    ("Kapan terakhir kali Xi menelepon Putin?", True), ("When did Xi last call Putin?", True),
    ("Kapan panggilan telepon terbaru antara Xi dan Putin?", True), ("When was the most recent call?", True),
    ("When did Xi visit Moscow last year?", False),  # a window, not an order
    ("Tanggal berapa hari terakhir Grand Prix Asia 2005?", False),  # the last day of something
    ("Kapan Xi menelepon Putin?", False),
])
def test_questions_that_ask_for_the_latest_time(question, latest):
    from qa.when import asks_latest

    assert asks_latest(question) is latest


def test_the_latest_near_report_leads_and_the_yearless_ones_are_named():
    from types import SimpleNamespace as C

    from qa.when import latest_first

    dates = {"a": _mention("pada Rabu (15/6/2022)"), "b": _mention("pada 8 Mei 2024"), "c": _mention("Selasa (21/1)"),
             "d": _mention("pada 1 Januari 2030"), "e": None}
    cands = [C(name="a", score=1.0), C(name="c", score=0.98), C(name="b", score=0.95), C(name="e", score=0.93),
             C(name="d", score=0.5)]  # "d" is later but far from the best: another event
    ordered, yearless, compared = latest_first(cands, lambda c: dates[c.name], margin=0.1)
    assert [c.name for c in ordered] == ["b", "a", "c", "e", "d"] and yearless == ["Selasa (21/1)"] and compared
    # no near report's year known: the best match leads, and its date is named as one whose year is unknown
    assert latest_first(cands[1:2], lambda c: dates[c.name], 0.1) == (cands[1:2], ["Selasa (21/1)"], False)
    assert latest_first(cands[3:4], lambda c: dates[c.name], 0.1) == (cands[3:4], [], False)  # no date at all


def test_when_someone_last_did_something_is_the_latest_report(tmp_path, encoder):
    """Three reports of calls on three dates score within a few hundredths of each other; the best-matching one
    (24 Februari 2023) answered "Kapan terakhir kali Xi menelepon Putin?"."""
    from tests.conftest import assistant_over

    assistant = assistant_over(tmp_path, {
        "a.md": "---\ntitle: Xi telepon Putin\ndate: 2022-06-16\n---\n\nPresiden China Xi Jinping menelepon Presiden "
                "Rusia Vladimir Putin pada Rabu (15/6/2022). Keduanya membahas kerja sama ekonomi dan keamanan.\n",
        "b.md": "---\ntitle: Telepon kedua pemimpin\ndate: 2024-05-09\n---\n\nXi Jinping kembali menelepon Vladimir "
                "Putin pada 8 Mei 2024 untuk membahas perdagangan energi. Pembicaraan berlangsung satu jam.\n",
        "c.md": "---\ntitle: Percakapan Xi dan Putin\ndate: 2023-02-25\n---\n\nXi Jinping menelepon Vladimir Putin pada "
                "24 Februari 2023, setahun setelah invasi ke Ukraina. Putin berterima kasih atas dukungan China.\n"})
    last = assistant.ask("Kapan terakhir kali Xi menelepon Putin?")
    assert last.short_answer == "8 Mei 2024" and [c.source for c in last.citations] == ["b.md"], last.text
    assert assistant.ask("When did Xi last call Putin?").short_answer == "May 8, 2024"
    assert assistant.ask("Kapan Xi menelepon Putin pada 2022?").short_answer.startswith("15/6/2022")


@pytest.mark.parametrize(("question", "asks"), [
    ("Kapan Xi lahir?", True), ("When was Xi born?", True), ("Tahun berapa Sunan Giri lahir?", True),
    ("When did Lincoln die?", True), ("Kapan Kartono Ryadi meninggal dunia?", True),
    ("Kapan Xi menelepon Putin?", False), ("Siapa yang lahir di Beijing?", False),  # not a time
])
def test_a_question_for_a_birth_or_death_date_is_told(question, asks):
    from qa.asked import asks_life_date

    assert asks_life_date(question) is asks


def test_a_birth_date_comes_only_from_a_sentence_that_states_a_birth_or_a_lifespan():
    from types import SimpleNamespace as C

    from qa.asked import life_sentences

    report = C(text="Beijing - Presiden China Xi Jinping pada Selasa (21/1) mengatakan dirinya bersedia bekerja sama.")
    born = C(text="Xi Jinping lahir di Beijing pada 15 Juni 1953.")
    span = C(text="Konstantin Stanislavski (5 Januari 1863 – 7 Agustus 1938) adalah sutradara Rusia.")
    assert life_sentences("Kapan Xi lahir?", [report, born, span]) == [born, span]
    assert life_sentences("Kapan Xi lahir?", [report]) == []  # none: the articles do not say
    assert life_sentences("Kapan Xi menelepon Putin?", [report, born]) == [report, born]  # another question


def test_when_someone_was_born_is_not_answered_with_a_report_date(tmp_path, encoder):
    """"Kapan Xi lahir?" over the sample was answered "21/1" (a report's date); it is refused there, and answered
    where an article states his birth."""
    from tests.conftest import assistant_over

    assistant = assistant_over(tmp_path, {
        "telepon.md": "---\ntitle: Xi menelepon Putin\ndate: 2022-06-16\n---\n\n"
                      "Presiden China Xi Jinping menelepon Presiden Rusia Vladimir Putin pada Rabu (15/6/2022). "
                      "Keduanya membahas kerja sama energi.\n",
        "profil.md": "---\ntitle: Profil Xi Jinping\ndate: 2022-06-16\n---\n\n"
                     "Xi Jinping lahir di Beijing pada 15 Juni 1953. Ia menjadi presiden China pada 2013.\n"})
    born = assistant.ask("Kapan Xi lahir?")
    assert not born.abstained and "1953" in (born.short_answer or ""), born.text
    call = assistant.ask("Kapan Xi menelepon Putin?")  # other "when" questions as before
    assert not call.abstained and "2022" in (call.short_answer or ""), call.text


def test_when_someone_was_born_over_the_sample_is_refused(sample_index):
    from qa import Assistant

    assistant = Assistant.load(sample_index)
    for question in ["Kapan Xi lahir?", "When was Xi born?"]:  # "21/1" and a report date before
        answer = assistant.ask(question)
        assert answer.abstained, (question, answer.text)

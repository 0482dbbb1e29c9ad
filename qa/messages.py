"""What Kabar says in its own words, in Indonesian and English: refusals, notices, fixed phrases of answers."""

from __future__ import annotations

MESSAGES = {
    "abstain": {
        "id": "Artikel-artikel ini tidak memuat jawaban atas pertanyaan tersebut.",
        "en": "The articles do not say.",
    },
    "llm_failed": {
        "id": "LLM tidak tersedia ({reason}); jawaban ekstraktif ditampilkan.",
        "en": "The LLM was unavailable ({reason}); showing the extractive answer.",
    },
    "llm_uncited": {
        "id": "Jawaban LLM tidak mengutip bagian mana pun; jawaban ekstraktif ditampilkan.",
        "en": "The LLM's answer cited no passage; showing the extractive answer.",
    },
    "llm_unsupported": {
        "id": "Jawaban LLM menyebut angka atau bulan yang tidak ada di bagian yang dikutip; jawaban ekstraktif ditampilkan.",
        "en": "The LLM's answer named a number or month that the passages do not contain; showing the extractive answer.",
    },
    "llm_date": {
        "id": "Jawaban LLM tidak menyebut tanggal yang dimuat artikel; jawaban ekstraktif ditampilkan.",
        "en": "The LLM's answer did not give the date the article states; showing the extractive answer.",
    },
    "outside_window": {
        "id": "Bagian yang paling cocok tidak menyebut tanggal dalam rentang “{window}”; jawabannya mungkin "
              "tentang waktu lain.",
        "en": "The best-matching passage gives no date within “{window}”; the answer may be about another time.",
    },
    "no_span": {"id": "Bagian-bagian yang paling cocok membahas topik ini, tetapi tidak ada yang menyebut hal yang "
                      "ditanyakan.",
                "en": "The closest passages are on this topic, but none of them states what is asked."},
    "no_timeline": {"id": "Artikel-artikel ini tidak memuat peristiwa bertanggal tentang “{query}”.",
                    "en": "The articles give no dated events about “{query}”."},
    "previous_articles": {"id": "Dijawab dari artikel yang dikutip jawaban sebelumnya.",
                          "en": "Answered from the articles the previous answer cited."},
    "read_as": {"id": "Dibaca sebagai: “{question}”.", "en": "Read as: “{question}”."},
    "latest_known_year": {"id": "Yang terbaru di antara laporan yang tahunnya diketahui; yang bertanggal {dates} "
                                "tidak menyebut tahun.",
                          "en": "The latest of the reports whose year is known; those dated {dates} give none."},
    "latest_unknown_year": {"id": "Laporan yang bertanggal {dates} tidak menyebut tahun; mana yang terbaru tidak dapat "
                                  "dipastikan.",
                            "en": "The reports dated {dates} give no year; which is the latest cannot be told."},
    "no_events": {"id": "Artikel-artikel ini tidak menyebut peristiwa bertanggal dalam “{window}”.",
                  "en": "The articles name no dated event within “{window}”."},
    "events_cut": {"id": "Yang ditampilkan: {n} kalimat bertanggal pertama dalam “{window}”; tanyakan rentang "
                         "waktu yang lebih sempit atau sebuah topik untuk sisanya.",
                   "en": "Shown: the first {n} dated sentences within “{window}”; ask about a narrower time or a "
                         "topic for the rest."},
    "outlet_unnamed": {"id": "Artikel yang tidak menyebut medianya disebut dengan judulnya.",
                       "en": "An article that names no outlet is given by its title."},
    "quoted_instead": {"id": "Bagian yang dikutip memuat kata-kata {names}, bukan {asked}.",
                       "en": "The quoted passages give the words of {names}, not of {asked}."},
    "topic_unnamed": {"id": "Bagian yang dikutip tidak menyebut {topic}.",
                      "en": "The quoted passages do not name {topic}."},
    "speaker_unnamed": {"id": "Bagian yang dikutip tidak menyebut {asked}: kata-katanya tentang hal ini tidak "
                               "ditemukan dalam artikel.",
                        "en": "The quoted passages do not name {asked}: the articles do not give their words on this."},
    "nothing_cited": {"id": "Jawaban sebelumnya tidak mengutip artikel apa pun.",
                      "en": "The previous answer cited no article."},
    "published_on": {"id": "terbit {date}", "en": "published {date}"},
    "published_unknown": {"id": "tanggal terbitnya tidak tercatat", "en": "no publication date recorded"},
    "published_missing": {"id": "Tanggal terbit diambil dari data artikel, bukan dari isinya; file tanpa tanggal dapat "
                                 "diberi tanggal dengan kabar index --published.",
                          "en": "Publication dates come from the article's record, not its text; files without one can "
                                "be dated with kabar index --published."},
    "summary_digest": {"id": "Ringkasan ini adalah kalimat-kalimat pembuka {n} artikel (berita menaruh pokok beritanya "
                              "di awal).",
                       "en": "This summary is the opening sentences of {n} articles (news puts its main facts first)."},
    "summary_digest_dated": {"id": "Ringkasan ini adalah kalimat-kalimat pembuka {n} artikel, dari yang terlama (berita "
                                    "menaruh pokok beritanya di awal).",
                             "en": "This summary is the opening sentences of {n} articles, oldest first (news puts its "
                                   "main facts first)."},
    "latest_digest": {"id": "Berita terbaru: kalimat-kalimat pembuka {n} artikel yang terakhir terbit, dari yang terlama.",
                      "en": "The latest news: the opening sentences of the {n} most recently published articles, oldest "
                            "first."},
    "latest_undated": {"id": "{n} artikel lain tidak mencatat tanggal terbit dan tidak dapat diurutkan.",
                       "en": "{n} more articles record no publication date and cannot be placed in time."},
    "latest_unknown": {"id": "Tidak ada artikel yang mencatat tanggal terbit, jadi mana yang terbaru tidak diketahui "
                              "(file tanpa tanggal dapat diberi tanggal dengan kabar index --published).",
                       "en": "No article records a publication date, so which is the latest is not known (files without "
                             "one can be dated with kabar index --published)."},
    "summary_more": {"id": "{n} artikel lain juga menyebutnya (yang lebih lama atau tanpa tanggal); tanyakan topik yang "
                           "lebih sempit untuk meringkasnya.",
                     "en": "{n} more articles name it too (older or undated ones); ask about a narrower topic to "
                           "summarise them."},
    "summary_lede_named": {"id": "Ringkasan ini adalah kalimat-kalimat pembuka artikel itu (berita menaruh pokok "
                                  "beritanya di awal).",
                           "en": "This summary is the article's opening sentences (news puts its main facts first)."},
    "summary_lede": {"id": "Ringkasan ini adalah kalimat-kalimat pembuka artikel yang paling cocok (berita menaruh "
                            "pokok beritanya di awal).",
                     "en": "This summary is the opening sentences of the best-matching article (news puts its main "
                           "facts first)."},
    "from_published": {"id": "dihitung dari tanggal artikel", "en": "counted from the article's date"},
    "from_reported": {"id": "dihitung dari hari yang dilaporkan artikel", "en": "counted from the day the article reports"},
    "from_context": {"id": "tanggal yang disebut sebelumnya", "en": "the date given just before"},
    "empty_scope": {"id": "Tidak ada artikel dalam cakupan yang diminta (sumber atau rentang tanggal).",
                    "en": "No article lies within the scope asked for (sources or date range)."},
    "foreign": {
        "id": "Kabar membaca pertanyaan berbahasa Indonesia dan Inggris; pertanyaan ini tampaknya dalam bahasa lain, "
              "jadi dijawab dengan bagian yang paling cocok saja, tanpa jawaban singkat.",
        "en": "Kabar reads questions in Indonesian and English; this one seems to be in another language, so it is "
              "answered with the closest passages only, without a short answer.",
    },
    "articles_named": {"id": "{n} artikel menyebut {names}: {titles}.", "en": "{n} articles mention {names}: {titles}."},
    "articles_one": {"id": "Satu artikel menyebut {names}: {titles}.", "en": "One article mentions {names}: {titles}."},
    "articles_none": {"id": "Tidak ada artikel yang menyebut {names}.", "en": "No article mentions {names}."},
    "articles_more": {"id": "dan {n} lainnya", "en": "and {n} more"},
    "parts_cut": {"id": "Hanya {n} pertanyaan pertama yang dijawab; tanyakan sisanya terpisah.",
                  "en": "Only the first {n} questions were answered; ask the rest separately."},
    "truncated": {
        "id": "Pertanyaan dipotong menjadi {n} karakter.",
        "en": "The question was cut to {n} characters.",
    },
}


def listed(items: list[str], lang: str) -> str:
    """"Xinhua, TASS dan Xi" / "Xinhua, TASS and Xi"."""
    last = " dan " if lang != "en" else " and "
    return items[0] if len(items) < 2 else ", ".join(items[:-1]) + last + items[-1]


def message(key: str, lang: str, **kw: object) -> str:
    return MESSAGES[key][lang if lang in ("id", "en") else "id"].format(**kw)

"""PDF and DOCX articles: their text (sentences whole across PDF line breaks), metadata, and a clear reason when
there is no text; then indexed and answered from with the real model."""

from __future__ import annotations

import datetime as dt

from index.documents import pdf_text, reflow
from index.ingest import read_paths


def minimal_pdf(lines: list[str], title: str | None = None, date: str | None = None,
                more_pages: list[list[str]] = ()) -> bytes:
    """A PDF whose text layer holds ``lines`` (Helvetica) on page 1 and ``more_pages`` after it, written by hand:
    no PDF writer needed."""
    pages = [lines, *more_pages]
    info = (f"/Title ({title})" if title else "") + (f"/CreationDate (D:{date})" if date else "")
    first = 4 + len(pages)  # objects: catalog, pages, info, then the font, then a page and its content per page
    kids = " ".join(f"{first + 2 * i} 0 R" for i in range(len(pages)))
    objs = ["<< /Type /Catalog /Pages 2 0 R >>", f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>",
            f"<< {info} >>", "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    objs += ["<< >>"] * (first - 1 - len(objs))  # unused numbers keep the layout simple
    for i, page in enumerate(pages):
        body = " ".join("(" + x.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ") Tj T*"
                        for x in page)
        content = f"BT /F1 11 Tf 50 780 Td 14 TL {body} ET"
        objs += [f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {first + 2 * i + 1} 0 R "
                 "/Resources << /Font << /F1 4 0 R >> >> >>",
                 f"<< /Length {len(content)} >>\nstream\n{content}\nendstream"]
    out, offsets = "%PDF-1.4\n", []
    for i, obj in enumerate(objs, 1):
        offsets.append(len(out.encode("latin-1")))
        out += f"{i} 0 obj\n{obj}\nendobj\n"
    xref = len(out.encode("latin-1"))
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n" + "".join(f"{o:010d} 00000 n \n" for o in offsets)
    out += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R /Info 3 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    return out.encode("latin-1")


def minimal_docx(path, paragraphs: list[str], title: str | None = None, created: dt.datetime | None = None) -> None:
    import docx

    doc = docx.Document()
    for p in paragraphs:
        doc.add_paragraph(p)
    doc.core_properties.title = title or ""
    if created:
        doc.core_properties.created = created
    doc.save(str(path))


PDF_LINES = ["Presiden Rusia Vladimir Putin tiba di Beijing pada", "Kamis untuk bertemu Presiden China Xi Jin-",
             "ping. Keduanya membahas kerja sama energi."]


def test_pdf_lines_are_joined_into_whole_sentences_with_the_metadata():
    lines, title, created, _ = pdf_text(minimal_pdf(PDF_LINES, "Putin di Beijing", "20240516090000"))
    assert lines[0] == ("Presiden Rusia Vladimir Putin tiba di Beijing pada Kamis untuk bertemu Presiden China "
                        "Xi Jinping. Keduanya membahas kerja sama energi.")
    assert title == "Putin di Beijing" and created.date() == dt.date(2024, 5, 16)
    assert reflow(["Judul", "", "Satu kalimat.", "Dua", "baris."]) == ["Judul", "Satu kalimat.", "Dua baris."]


def test_page_starts_follow_the_cleaned_text():
    from index.documents import page_starts
    from qa.records import provenance

    lines = ["Judul laporan", "Kalimat pertama di halaman satu.", "", "Kalimat di halaman dua.", "",
             "Kaki halaman", "", "Kalimat di halaman empat."]
    pages = [1, 1, 1, 2, 2, 3, 3, 4]
    text = "Kalimat pertama di halaman satu.\nKalimat di halaman dua.\nKalimat di halaman empat."
    starts = page_starts(lines, pages, text)
    assert starts == [[0, 1], [33, 2], [text.index("Kalimat di halaman empat"), 4]]  # page 3 was all boilerplate
    art = {"source": "laporan", "published": None, "pages": starts}
    assert [provenance(art, at)["page"] for at in (0, 32, 33, 60, len(text) - 1)] == [1, 1, 2, 4, 4]
    assert provenance({"source": "", "published": "2024-01-02"}, 5) == {"published": "2024-01-02", "outlet": None,
                                                                       "page": None}


def test_the_outlet_cited_is_the_one_an_article_names():
    """A text file's source is its folder: the outlet its dateline names is cited instead; a source the file names
    (a site, an address, front matter) stays."""
    from qa.records import named_outlet, provenance

    text = "Beijing (ANTARA) - Xi bertemu Putin."
    in_folder = {"source": "berita", "path": "data/berita/a.txt", "text": text}
    assert named_outlet(in_folder) == "ANTARA" and provenance(in_folder, 0)["outlet"] == "ANTARA"
    named = {"source": "https://example.com/xi", "path": "data/berita/a.html", "text": text}
    assert named_outlet(named) == "https://example.com/xi"
    plain = {"source": "berita", "path": "data/berita/b.txt", "text": "Xi bertemu Putin."}
    assert named_outlet(plain) is None and provenance(plain, 0)["outlet"] == "berita"  # the folder, as before


def test_documents_are_read_and_one_without_text_is_skipped_with_its_reason(tmp_path):
    (tmp_path / "putin.pdf").write_bytes(minimal_pdf(PDF_LINES, "Putin di Beijing", "20240516090000"))
    (tmp_path / "scan.pdf").write_bytes(minimal_pdf([]))
    minimal_docx(tmp_path / "xi.docx", ["Xi Jinping menelepon Putin.", "Keduanya membahas Ukraina."], "Xi menelepon",
                 dt.datetime(2022, 6, 15, 8, 0))
    (tmp_path / "broken.docx").write_bytes(b"PK\x03\x04 not a real zip")
    arts, skipped = read_paths([tmp_path])
    by_id = {a.article_id: a for a in arts}
    assert set(by_id) == {"putin.pdf", "xi.docx"}
    assert by_id["putin.pdf"].published == dt.date(2024, 5, 16) and by_id["putin.pdf"].title == "Putin di Beijing"
    assert by_id["xi.docx"].lines == ["Xi Jinping menelepon Putin.", "Keduanya membahas Ukraina."]
    assert by_id["xi.docx"].published == dt.date(2022, 6, 15) and by_id["xi.docx"].published_from == "metadata"
    reasons = {s.path.rsplit("/", 1)[-1]: s.reason for s in skipped}
    assert "no text layer" in reasons["scan.pdf"] and reasons["broken.docx"].startswith("unreadable DOCX")


def test_a_docx_table_is_read_cell_by_cell_in_reading_order_each_merged_cell_once(tmp_path):
    import docx

    doc = docx.Document()
    doc.add_paragraph("Xi menelepon Putin")
    table = doc.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Presiden China Xi Jinping menelepon Presiden Rusia Vladimir Putin pada Rabu."
    table.cell(0, 1).text = "Rabu (15/6/2022)"
    table.cell(0, 1).add_table(rows=1, cols=1).cell(0, 0).text = "Panggilan itu berlangsung satu jam."
    merged = table.cell(1, 0).merge(table.cell(1, 1))
    merged.text = "Keduanya membahas perdagangan dan keamanan kawasan."
    doc.add_paragraph("Beijing menegaskan dukungannya bagi Moskow.")
    doc.save(str(tmp_path / "telepon.docx"))
    only = docx.Document()
    only.add_table(rows=1, cols=1).cell(0, 0).text = "Seluruh isi dokumen ini berada di dalam satu tabel saja."
    only.save(str(tmp_path / "tabel.docx"))
    by_id = {a.article_id: [line for line in a.lines if line] for a in read_paths([tmp_path])[0]}
    assert by_id["telepon.docx"] == ["Xi menelepon Putin",
                                     "Presiden China Xi Jinping menelepon Presiden Rusia Vladimir Putin pada Rabu.",
                                     "Rabu (15/6/2022)", "Panggilan itu berlangsung satu jam.",
                                     "Keduanya membahas perdagangan dan keamanan kawasan.",
                                     "Beijing menegaskan dukungannya bagi Moskow."]
    assert by_id["tabel.docx"] == ["Seluruh isi dokumen ini berada di dalam satu tabel saja."]


def test_a_pdf_and_a_docx_are_indexed_and_answered_from(tmp_path, encoder):
    from index import build_index
    from qa import Assistant

    folder = tmp_path / "pile"
    folder.mkdir()
    (folder / "putin.pdf").write_bytes(minimal_pdf(PDF_LINES, "Putin di Beijing", "20240516090000"))
    minimal_docx(folder / "xi.docx", ["Xi menelepon Putin", "Presiden China Xi Jinping menelepon Presiden Rusia "
                                      "Vladimir Putin pada Rabu untuk membahas perang di Ukraina."],
                 "Xi menelepon Putin", dt.datetime(2022, 6, 15, 8, 0))
    report = build_index([folder], tmp_path / "ix")
    assert report.articles == 2 and not report.skipped
    assistant = Assistant.load(tmp_path / "ix")
    answer = assistant.ask("Kapan Putin tiba di Beijing?")
    assert answer.citations[0].source == "putin.pdf" and answer.citations[0].published == "2024-05-16"
    assert "Kamis" in answer.text
    call = assistant.ask("What did Xi discuss with Putin on the phone?")
    assert "xi.docx" in {c.source for c in call.citations}


def test_a_citation_from_a_pdf_names_its_page_and_outlet(tmp_path, encoder):
    from index import build_index
    from qa import Assistant

    folder = tmp_path / "kantor-berita"
    folder.mkdir()
    pages = [["Laporan kunjungan kenegaraan.", "Halaman ini memuat daftar isi laporan."],
             ["Menteri luar negeri kedua negara menandatangani perjanjian", "pelabuhan di Vladivostok pada Senin."],
             ["Pada hari Selasa rombongan presiden mengunjungi pabrik", "pesawat terbang di Kazan."]]
    (folder / "laporan.pdf").write_bytes(minimal_pdf(pages[0], "Laporan kunjungan", "20240516090000", pages[1:]))
    build_index([folder], tmp_path / "ix")
    assistant = Assistant.load(tmp_path / "ix")
    for question, page in (("Di mana perjanjian pelabuhan ditandatangani?", 2), ("Pabrik apa yang dikunjungi di Kazan?", 3)):
        answer = assistant.ask(question)
        first = answer.citations[0]
        assert (first.source, first.page, first.outlet) == ("laporan.pdf", page, "kantor-berita"), question
        assert f"kantor-berita, p. {page}, 2024-05-16" in answer.to_markdown()


PAGE = """<!doctype html><html><head><title>Xi dan Putin bertemu di Kazan | Warta Uji</title>
<meta property="og:site_name" content="Warta Uji"><meta name="date" content="2024-10-22"></head><body>
<nav>Beranda | Politik | Ekonomi</nav><article><h1>Xi dan Putin bertemu di Kazan</h1>
<p>Presiden China Xi Jinping dan Presiden Rusia Vladimir Putin bertemu di Kazan pada Selasa di sela pertemuan
puncak BRICS. Keduanya membahas perdagangan dan kerja sama energi antara kedua negara.</p>
<p>Putin menyebut hubungan Rusia dan China sebagai contoh kerja sama antarnegara yang saling menghormati.</p>
</article><footer>Hak cipta Warta Uji</footer></body></html>"""


def test_web_pages_are_fetched_by_address_once_and_answered_from_with_their_url(tmp_path, encoder):
    import subprocess
    import sys

    from eval.loadtest import free_port, wait_for
    from index import build_index
    from qa import Assistant

    site = tmp_path / "site"
    site.mkdir()
    (site / "kazan.html").write_text(PAGE, encoding="utf-8")
    (site / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"], cwd=site,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(f"{base}/kazan.html", server, 30)
        urls = [f"{base}/kazan.html", f"{base}/missing.html", f"{base}/logo.png", "http://127.0.0.1:9/closed.html"]
        report = build_index(urls, tmp_path / "ix")
        reasons = {s["path"]: s["reason"] for s in report.skipped}
        assert report.articles == 1
        assert reasons[urls[1]].startswith("HTTP 404") and reasons[urls[2]] == "not an HTML page or a feed (image/png)"
        assert reasons[urls[3]].startswith("could not fetch")
        answer = Assistant.load(tmp_path / "ix").ask("Di mana Xi dan Putin bertemu?")
        assert answer.citations[0].source == urls[0] and answer.citations[0].published == "2024-10-22"
        assert answer.citations[0].outlet == urls[0] and f"({urls[0]}, 2024-10-22)" in answer.to_markdown()
        assert "Kazan" in answer.text and "Beranda" not in answer.citations[0].text
        (site / "kazan.html").write_text(PAGE.replace("Kazan", "Ufa"), encoding="utf-8")
        again = build_index([urls[0]], tmp_path / "ix")  # fetched once: the stored page is reused
        assert again.embedded == 0
        fresh = build_index([urls[0]], tmp_path / "ix", refresh=True)
        assert fresh.embedded > 0 and "Ufa" in Assistant.load(tmp_path / "ix").ask("Di mana Xi dan Putin bertemu?").text
        # A feed: each item's link is a page, dated by the item when the page gives no date.
        (site / "telepon.html").write_text(
            "<html><head><title>Xi menelepon Putin</title></head><body><article><h1>Xi menelepon Putin</h1>"
            "<p>Presiden China Xi Jinping menelepon Presiden Rusia Vladimir Putin untuk membahas perang di Ukraina "
            "dan perdagangan gandum antara kedua negara.</p></article></body></html>", encoding="utf-8")
        (site / "feed.xml").write_text(
            '<?xml version="1.0"?><rss version="2.0"><channel><title>Warta Uji</title>'
            f"<item><title>Telepon</title><link>{base}/telepon.html</link>"
            "<pubDate>Wed, 15 Jun 2022 10:00:00 +0700</pubDate></item>"
            f"<item><title>Hilang</title><link>{base}/hilang.html</link></item></channel></rss>", encoding="utf-8")
        fed = build_index([f"{base}/feed.xml"], tmp_path / "ix")
        assert [s["path"] for s in fed.skipped] == [f"{base}/hilang.html"] and fed.embedded > 0
        call = Assistant.load(tmp_path / "ix").ask("Apa yang dibahas Xi dan Putin di telepon?")
        assert call.citations[0].source == f"{base}/telepon.html" and call.citations[0].published == "2022-06-15"
    finally:
        server.terminate()
        server.wait(10)

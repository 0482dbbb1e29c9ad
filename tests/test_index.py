from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys

import numpy as np
import pytest

from index import IndexLockedError, ModelMismatchError, build_index, load_index
from index.store import writer_lock
from tests.conftest import ROOT


def _top(ix, enc, question):
    hits = ix.search_dense(enc.encode_queries([question]), 1)[0]
    return ix.chunks[hits[0][0]]


def test_sample_index_finds_the_right_chunks(sample_index, encoder):
    ix = load_index(sample_index)
    assert len(ix.articles) == 5 and len(ix) > 20
    assert ix.manifest["model"] == "multilingual-e5-small@onnx-int8" and ix.manifest["dim"] == 384  # the default
    top = _top(ix, encoder, "Taiwan")
    assert top["article_id"] == "003_8ea2e4786c536e84.txt" and "Taiwan" in top["text"]
    assert _top(ix, encoder, "Kapan Xi menelepon Putin pada Juni 2022?")["article_id"] == "001_4c1271fe611ef779.txt"
    bm = ix.search_bm25(["Taiwan"], 3)[0]
    assert "Taiwan" in ix.chunks[bm[0][0]]["text"]
    assert ix.search_bm25(["zzzz qqqq"], 3) == [[]]


def test_chunk_records_carry_offsets_and_article_dates(sample_index):
    ix = load_index(sample_index)
    for c in ix.chunks:
        text = ix.articles[c["article_id"]]["text"]
        assert text[c["start"] : c["end"]] == c["text"]
        assert all(c["start"] <= s < e <= c["end"] for s, e in c["sentences"])
    dates = ix.articles["001_4c1271fe611ef779.txt"]["dates"]
    assert any(d["iso"] == "2022-06-15" and d["weekday"] == 2 for d in dates)


def test_incremental_update(sample_copy, tmp_path, encoder):
    ixdir = tmp_path / "ix"
    first = build_index([sample_copy], ixdir)
    assert first.embedded == first.chunks and first.articles == 5
    again = build_index([sample_copy], ixdir)
    assert (again.embedded, again.removed, again.changed) == (0, 0, False)
    gen = (ixdir / "CURRENT").read_text()
    added = {aid: rec["added"] for aid, rec in load_index(ixdir).articles.items()}
    assert all(dt.datetime.fromisoformat(a).tzinfo is not None for a in added.values())

    victim = sample_copy / "000_a95050f8437f20de.txt"
    victim.write_text(victim.read_text(encoding="utf-8") + "\nPutin juga berbicara tentang Arktik dan kapal es.\n",
                      encoding="utf-8")
    (sample_copy / "004_9d28d38699084251.txt").unlink()
    (sample_copy / "005_new.md").write_text("# Kapal es Rusia\n\nRusia membangun kapal pemecah es nuklir baru.\n")
    third = build_index([sample_copy], ixdir)
    assert third.removed == 1 and third.articles == 5
    ix = load_index(ixdir)
    changed = len(ix.rows_of("000_a95050f8437f20de.txt")) + len(ix.rows_of("005_new.md"))
    assert third.embedded == changed
    assert (ixdir / "CURRENT").read_text() != gen
    assert len(list(ixdir.glob("gen-*"))) == 1
    # Reused vectors are the very vectors the model gives: nothing shifted rows.
    rows = ix.rows_of("003_8ea2e4786c536e84.txt")
    fresh = encoder.encode_passages([f"{ix.chunks[r]['title']}\n{ix.chunks[r]['text']}" for r in rows])
    assert np.allclose(np.asarray(ix.vectors[rows]), fresh, atol=1e-4)
    assert _top(ix, encoder, "kapal pemecah es nuklir")["article_id"] == "005_new.md"
    # an article keeps the time it first entered the index when its content changes; a new one gets its own
    assert ix.articles["000_a95050f8437f20de.txt"]["added"] == added["000_a95050f8437f20de.txt"]
    assert ix.articles["005_new.md"]["added"] >= max(added.values())


def test_vectors_of_another_engine_recipe_are_embedded_again(tmp_path, monkeypatch):
    """An index whose vectors another recipe of the engine made (an older Kabar's eight-bit graph) is embedded again
    by the next ``kabar index``, the articles kept from a folder not indexed now too, their records unchanged."""
    import index.onnx_encoder
    from index.embed import engine_recipe
    from tests.conftest import write_articles

    ixdir = tmp_path / "ix"
    north = write_articles(tmp_path / "north", {"a.txt": "Kapal es\nRusia membangun kapal pemecah es di Arktik.\n"})
    south = write_articles(tmp_path / "south", {"b.txt": "Panen padi\nPetani di Jawa memanen padi lebih awal.\n"})
    build_index([north], ixdir)
    build_index([south], ixdir)  # a.txt lies outside the folder indexed now: kept
    before = load_index(ixdir)
    assert before.manifest["engine"] == engine_recipe(before.model) == "int7-ffn4"
    added = {aid: rec["added"] for aid, rec in before.articles.items()}
    assert build_index([south], ixdir).embedded == 0

    monkeypatch.setattr(index.onnx_encoder, "int8_recipe", lambda: "int6-ffn4")  # a later recipe
    report = build_index([south], ixdir)
    after = load_index(ixdir)
    assert report.embedded == report.chunks == len(after.chunks) and set(after.articles) == {"a.txt", "b.txt"}
    assert after.manifest["engine"] == "int6-ffn4" and any("embedding every article again" in w for w in report.warnings)
    info = json.loads(subprocess.run([sys.executable, "-m", "ui", "model", "info", "--index", str(ixdir)],
                                     capture_output=True, text=True, cwd=ROOT, timeout=300, check=True).stdout)
    assert (info["index_engine"], info["engine"], info["embed_again"]) == ("int6-ffn4", "int7-ffn4", True)
    assert {aid: rec["added"] for aid, rec in after.articles.items()} == added
    assert after.articles["a.txt"]["text"] == before.articles["a.txt"]["text"]
    assert build_index([south], ixdir).embedded == 0  # once


def test_dates_an_older_date_finder_read_are_read_again_without_embedding(tmp_path, monkeypatch):
    """An index whose article dates an older date finder read (one that missed "Maret 2022") gets them read again by
    the next ``kabar index``, with nothing embedded again; the run after it changes nothing."""
    import index.build
    from tests.conftest import write_articles

    folder = write_articles(tmp_path / "a", {"a.txt": "Kunjungan\nPutin berkunjung ke Beijing pada Maret 2022.\n"})
    ixdir = tmp_path / "ix"
    build_index([folder], ixdir)
    generation = load_index(ixdir).root
    assert [d["text"] for d in load_index(ixdir).articles["a.txt"]["dates"]] == ["Maret 2022"]

    monkeypatch.setattr(index.build, "DATES_VERSION", index.build.DATES_VERSION + 1)  # a newer date finder
    report = build_index([folder], ixdir)
    after = load_index(ixdir)
    assert report.changed and report.embedded == 0 and after.root != generation
    assert after.articles["a.txt"]["dates_version"] == index.build.DATES_VERSION
    assert [(d["year"], d["month"], d["day"]) for d in after.articles["a.txt"]["dates"]] == [(2022, 3, None)]
    again = build_index([folder], ixdir)
    assert not again.changed and load_index(ixdir).root == after.root


def test_interrupted_write_leaves_the_old_index(sample_copy, tmp_path, monkeypatch, encoder):
    ixdir = tmp_path / "ix"
    build_index([sample_copy], ixdir)
    (sample_copy / "006.txt").write_text("Judul baru sekali\nIsi artikel baru tentang Putin dan Xi di Kazan.\n")
    from index import textsearch

    def boom(self, folder):
        raise KeyboardInterrupt("killed mid-write")

    monkeypatch.setattr(textsearch.BM25Index, "save", boom)
    with pytest.raises(KeyboardInterrupt):
        build_index([sample_copy], ixdir)
    monkeypatch.undo()
    ix = load_index(ixdir)
    assert "006.txt" not in ix.articles and len(ix.articles) == 5
    report = build_index([sample_copy], ixdir)
    assert "006.txt" in load_index(ixdir).articles and report.embedded >= 1


def test_model_mismatch_is_a_clear_error(sample_index):
    with pytest.raises(ModelMismatchError, match="multilingual-e5-small"):
        load_index(sample_index, expect_model="intfloat/other-model")
    with pytest.raises(ModelMismatchError, match="--rebuild"):
        build_index([ROOT / "data" / "articles"], sample_index, model="intfloat/other-model")


def test_bad_files_are_skipped_with_reasons(tmp_path, encoder):
    d = tmp_path / "mixed"
    d.mkdir()
    (d / "good.txt").write_text("Judul yang baik sekali\nXi dan Putin bertemu di Moskow pada Selasa (21/3/2023).\n")
    (d / "empty.txt").write_text("")
    (d / "blank.txt").write_text("   \n\n  ")
    (d / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (d / "latin1.txt").write_bytes("Judul berita Latin satu\nCafé di Jakarta dibuka kembali oleh pemiliknya.\n"
                                   .encode("latin-1"))
    (d / "utf16.txt").write_bytes("Judul berita UTF enam belas\nPutin tiba di Beijing pada Kamis pagi.\n"
                                  .encode("utf-16"))
    (d / "big.txt").write_bytes(b"a " * (2 * 1024 * 1024))
    (d / "notes.pdf").write_bytes(b"%PDF-1.4")  # cut off after its header
    (d / "slides.pptx").write_bytes(b"PK\x03\x04")
    (d / "zcopy.txt").write_text((d / "good.txt").read_text())
    (d / "broken.jsonl").write_text('{"id": "j1", "title": "Judul JSON", "text": "Isi berita dari JSONL."}\n'
                                    '{not json\n{"id": "j2"}\n')
    report = build_index([d], tmp_path / "ix", max_file_bytes=1024 * 1024)
    reasons = {os.path.basename(s["path"]): s["reason"] for s in report.skipped}
    assert reasons["empty.txt"] == "empty file"
    assert reasons["blank.txt"] == "empty file"
    assert reasons["image.txt"].startswith("binary")
    assert reasons["big.txt"].startswith("too large")
    assert reasons["notes.pdf"].startswith("unreadable PDF (PdfStreamError")
    assert reasons["slides.pptx"] == "unsupported type .pptx"
    assert reasons["zcopy.txt"].startswith("duplicate of")
    assert reasons["broken.jsonl:2"].startswith("broken JSON")
    assert reasons["broken.jsonl:3"] == "missing field 'text'"
    ix = load_index(tmp_path / "ix")
    assert set(ix.articles) == {"good.txt", "latin1.txt", "utf16.txt", "j1"}
    assert "Café" in ix.articles["latin1.txt"]["text"]


def test_second_writer_fails_clearly(tmp_path):
    with writer_lock(tmp_path / "ix"):
        with pytest.raises(IndexLockedError, match="another `kabar index`"):
            build_index([ROOT / "data" / "articles"], tmp_path / "ix")


def test_cli_index_json_contract(tmp_path, sample_copy):
    out = subprocess.run([sys.executable, "-m", "ui", "index", str(sample_copy), "--index", str(tmp_path / "ix"),
                          "--json"], capture_output=True, text=True, check=True, cwd=ROOT)
    report = json.loads(out.stdout)
    assert {"articles", "chunks", "embedded", "removed", "skipped", "seconds"} <= report.keys()
    assert report["articles"] == 5 and report["embedded"] == report["chunks"]
    bad = subprocess.run([sys.executable, "-m", "ui", "index", str(tmp_path / "nope"), "--index", str(tmp_path / "x")],
                         capture_output=True, text=True, cwd=ROOT)
    assert bad.returncode == 2 and "no such file" in bad.stderr


def test_chunker_settings_shape_the_index_and_are_recorded(sample_copy, tmp_path, encoder):
    from index.settings import ChunkerSettings, IndexSettings

    ixdir = tmp_path / "ix"
    default = build_index([sample_copy], ixdir)
    small = build_index([sample_copy], ixdir, settings=IndexSettings(chunker=ChunkerSettings(target_words=25)))
    assert small.chunks > default.chunks and small.embedded == small.chunks  # a new chunker re-embeds all
    ix = load_index(ixdir)
    assert ix.manifest["chunker"]["target_words"] == 25 and ix.manifest["bm25"]["k1"] == 1.2
    assert max(len(c["text"].split()) for c in ix.chunks) <= 160


def test_list_and_remove_articles_through_the_cli(sample_index, tmp_path):
    import shutil

    from qa import Assistant

    ix = tmp_path / "ix"
    shutil.copytree(sample_index, ix)
    run = [sys.executable, "-m", "ui"]
    listed = json.loads(subprocess.run([*run, "list", "--index", str(ix), "--json"], capture_output=True, text=True,
                                       check=True, cwd=ROOT).stdout)
    assert len(listed) == 5 and all(r["chunks"] > 0 and r["title"] and r["added"] for r in listed)
    call = next(r["id"] for r in listed if "Telepon" in r["title"])
    bad = subprocess.run([*run, "remove", "nope.txt", "--index", str(ix)], capture_output=True, text=True, cwd=ROOT)
    assert bad.returncode == 2 and "nope.txt" in bad.stderr
    out = subprocess.run([*run, "remove", call, "--index", str(ix), "--json"], capture_output=True, text=True,
                         check=True, cwd=ROOT)
    assert json.loads(out.stdout) == {"removed": [call]}
    left = load_index(ix)
    assert call not in left.articles and len(left.articles) == 4
    assert len(left.chunks) == len(left.vectors) == sum(r["chunks"] for r in listed if r["id"] != call)
    answer = Assistant.load(ix).ask("Kapan Xi menelepon Putin?")
    assert all(c.source != call for c in answer.citations)


def test_the_outlet_an_article_names_is_kept_listed_and_added_to_older_records(tmp_path):
    """A text file's source is only its folder: the outlet its dateline names is kept in its record at indexing and
    listed (`kabar list`, the Index tab); records of an index built before that get it at the next update, from
    their text, without re-embedding them."""
    from index.catalog import list_articles
    from index.store import resolve_generation

    folder = tmp_path / "berita"
    folder.mkdir()
    (folder / "a.txt").write_text("Xi bertemu Putin\n\nBeijing (ANTARA) - Presiden Xi Jinping bertemu Presiden Vladimir "
                                  "Putin di Beijing pada Kamis.\n", encoding="utf-8")
    (folder / "b.txt").write_text("Putin di Moskow\n\nPresiden Vladimir Putin berbicara di Moskow pada Jumat.\n",
                                  encoding="utf-8")
    ix = tmp_path / "ix"
    build_index([folder], ix)
    outlets = {a.article_id: (a.source, a.outlet) for a in list_articles(ix)}
    assert outlets == {"a.txt": ("berita", "ANTARA"), "b.txt": ("berita", None)}
    records = resolve_generation(ix)[0] / "articles.jsonl"
    older = [{k: v for k, v in json.loads(line).items() if k != "outlet"} for line in records.read_text().splitlines()]
    records.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in older), encoding="utf-8")
    assert {a.article_id: a.outlet for a in list_articles(ix)} == {"a.txt": "ANTARA", "b.txt": None}  # read from text
    (folder / "c.txt").write_text("Xi di Kazan\n\nKAZAN, KOMPAS.com - Xi tiba di Kazan.\n", encoding="utf-8")
    report = build_index([folder], ix)
    assert report.embedded == 1, report  # the two older ones are reused, not embedded again
    kept = [json.loads(line) for line in (resolve_generation(ix)[0] / "articles.jsonl").read_text().splitlines()]
    assert {r["article_id"]: r["outlet"] for r in kept} == {"a.txt": "ANTARA", "b.txt": None, "c.txt": "KOMPAS.com"}

"""The defects found by attacking the index and the server (issue 17): each reproduction is a test."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import numpy as np
import pytest

from index import IndexStoreError, build_index, load_index
from index.ingest import markdown_lines, read_paths
from index.store import resolve_generation
from tests.conftest import ROOT

KABAR = [sys.executable, "-m", "ui"]


def _kabar(*args: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([*KABAR, *args], cwd=ROOT, capture_output=True, text=True, timeout=300, **kw)


def test_single_line_articles_are_indexed(tmp_path, encoder):
    d = tmp_path / "d"
    d.mkdir()
    line = "Xi dan Putin bertemu di Astana pada Rabu (3/7/2024)."
    (d / "r.jsonl").write_text(json.dumps({"id": "a", "text": line}) + "\n" +
                               json.dumps({"id": "b", "title": "Judul", "text": "Putin tiba di Beijing pada Kamis."}))
    (d / "one.txt").write_text("Putin mengunjungi Pyongyang pada Rabu (19/6/2024).\n")
    (d / "head.md").write_text("# Kazan\n\nPutin dan Xi bertemu di Kazan pada Selasa (22/10/2024).\n")
    report = build_index([d], tmp_path / "ix")
    assert report.skipped == []
    ix = load_index(tmp_path / "ix")
    assert ix.articles["a"]["text"] == line
    assert "Putin tiba di Beijing" in ix.articles["b"]["text"]
    assert "Pyongyang" in ix.articles["one.txt"]["text"]
    assert "Kazan pada Selasa" in ix.articles["head.md"]["text"]


def test_undecodable_file_name_is_indexed_under_an_escaped_id(tmp_path, encoder):
    d = tmp_path / "d"
    d.mkdir()
    (d / os.fsdecode(b"caf\xe9.txt")).write_text("Kafe di Moskow\nPutin minum kopi di sebuah kafe di Moskow.\n")
    (d / "ok.txt").write_text("Berita lain\nXi berbicara di Beijing pada Senin.\n")
    report = build_index([d], tmp_path / "ix")
    assert report.skipped == []
    assert set(load_index(tmp_path / "ix").articles) == {"caf\\xe9.txt", "ok.txt"}
    (d / "new.txt").write_text("Berita baru\nPutin tiba di Astana pada Rabu.\n")
    build_index([d], tmp_path / "ix")  # the next update of the same folder works too
    assert "new.txt" in load_index(tmp_path / "ix").articles
    assert not list((tmp_path / "ix").glob(".tmp-*"))


def test_damaged_current_recovers_and_loses_nothing(tmp_path, encoder):
    a, b, ix = tmp_path / "A", tmp_path / "B", tmp_path / "ix"
    a.mkdir()
    b.mkdir()
    for i in range(3):
        (a / f"a{i}.txt").write_text(f"Berita A{i}\nPutin bertemu Xi pada pertemuan ke-{i} di Moskow.\n")
    (b / "b0.txt").write_text("Berita B\nXi tiba di Kazan untuk KTT BRICS.\n")
    build_index([a], ix)
    build_index([b], ix)
    (ix / "CURRENT").write_text("gen-000099")
    gen, warning = resolve_generation(ix)
    assert gen is not None and "gen-000099" in warning
    report = build_index([b], ix)
    assert report.warnings and "newest complete generation" in report.warnings[0]
    assert set(load_index(ix).articles) == {"a0.txt", "a1.txt", "a2.txt", "b0.txt"}
    assert resolve_generation(ix)[1] is None  # CURRENT repaired


def test_interrupted_writes_are_cleaned_at_the_start(tmp_path, encoder):
    d = tmp_path / "d"
    d.mkdir()
    (d / "x.txt").write_text("Judul\nPutin bertemu Xi di Moskow pada Senin.\n")
    build_index([d], tmp_path / "ix")
    junk = tmp_path / "ix" / ".tmp-gen-000002-12345"
    junk.mkdir()
    (junk / "vectors.npy").write_bytes(b"x" * 1000)
    build_index([d], tmp_path / "ix")  # unchanged corpus: nothing written, yet the junk goes
    assert not junk.exists()


@pytest.mark.parametrize("unit", [" _a", "[a ", "**a ", "[a]("])
def test_markdown_reader_is_linear(unit):
    """Adversarial Markdown that made the old regular expression quadratic (40 KB: 3.4 s, 200 KB: 96 s). Counted,
    not timed, so a busy machine cannot decide: the calls the parser makes (Python and C) for 4x the input are
    about 4x when linear (measured 4.0x), 16x when quadratic."""
    def calls(n: int) -> int:
        count = 0

        def profile(frame, event, arg):
            nonlocal count
            count += event in ("call", "c_call")

        sys.setprofile(profile)
        try:
            markdown_lines(unit * n)
        finally:
            sys.setprofile(None)
        return count

    calls(100)  # imports and first-use caches out of the count
    small, big = calls(2_000), calls(8_000)
    assert 3.5 * small < big < 6 * small
    # A quadratic regular expression runs in one C call, which the count cannot see: a ceiling on this process's
    # CPU seconds for 130 KB (the old one: about 40 s; the parser: under 1 s), far from any speed target.
    t = time.process_time()
    markdown_lines(unit * 32_000)
    assert time.process_time() - t < 15.0


def test_markdown_keeps_text_of_links_and_emphasis():
    lines = markdown_lines("# Judul\n\nXi bertemu **Putin** di [Kazan](http://x/y) ![foto](a.png) pada `Selasa`.\n")
    assert "Judul" in lines
    assert "Xi bertemu Putin di Kazan  pada Selasa." in lines


def test_markdown_raw_html_shows_what_a_browser_shows():
    """HTML inside Markdown is read as a saved page's visible text: scripts and styles go (a regular expression
    over tags kept "alert(1)"), blocks stay apart, a caption is kept, and inline tags keep their words."""
    lines = markdown_lines(
        "<div><script>alert(1)</script><p>Xi tiba di Moskwa.</p><p>Putin menyambutnya.</p></div>\n\n"
        "Xi <b>bertemu</b> Putin <script>track()</script>di Kremlin.<style>p{color:red}</style>\n\n"
        "<figure><img src=a.png><figcaption>Xi dan Putin berjabat tangan di Kremlin.</figcaption></figure>\n")
    text = [line for line in lines if line.strip()]
    assert text == ["Xi tiba di Moskwa.", "Putin menyambutnya.", "Xi bertemu Putin di Kremlin.",
                    "Xi dan Putin berjabat tangan di Kremlin."]


def test_a_crashing_reader_skips_only_its_file(tmp_path, monkeypatch):
    import index.ingest as ingest

    d = tmp_path / "d"
    d.mkdir()
    (d / "a.html").write_text("<html><body><p>Putin tiba di Beijing pada Kamis untuk bertemu Xi.</p></body></html>")
    (d / "b.txt").write_text("Judul\nXi bertemu Putin.\n")

    def broken(*_a, **_k):
        raise ImportError("lxml.html.clean module is now a separate project lxml_html_clean")

    monkeypatch.setattr(ingest, "_read_html", broken)
    arts, skipped = read_paths([d])
    assert [a.article_id for a in arts] == ["b.txt"]
    assert "lxml_html_clean" in skipped[0].reason and skipped[0].path.endswith("a.html")


def test_html_reads_with_the_declared_dependencies(tmp_path):
    """The real HTML path (trafilatura -> jusText -> lxml_html_clean) works as installed."""
    d = tmp_path / "d"
    d.mkdir()
    (d / "a.html").write_text("<html><head><title>Putin di Beijing</title></head><body><article><p>"
                              + "Putin tiba di Beijing pada Kamis untuk bertemu Xi dan membahas kerja sama energi. " * 3
                              + "</p></article></body></html>")
    arts, skipped = read_paths([d])
    assert skipped == [] and "Putin tiba di Beijing" in "\n".join(arts[0].lines)


@pytest.fixture
def small_index(tmp_path, encoder):
    d = tmp_path / "d"
    d.mkdir()
    (d / "x.txt").write_text("Judul\nPutin bertemu Xi di Moskow pada Senin (20/3/2023).\n")
    build_index([d], tmp_path / "ix")
    return tmp_path / "ix"


@pytest.mark.parametrize("damage", ["half vectors", "no chunks", "garbage manifest"])
def test_damaged_index_is_one_clear_line_with_exit_2(small_index, damage):
    gen, _ = resolve_generation(small_index)
    if damage == "half vectors":
        data = (gen / "vectors.npy").read_bytes()
        (gen / "vectors.npy").write_bytes(data[: len(data) // 2])
        name = "vectors.npy"
    elif damage == "no chunks":
        (gen / "chunks.jsonl").unlink()
        name = "chunks.jsonl"
    else:
        (gen / "manifest.json").write_text("{garbage")
        name = "manifest.json"
    with pytest.raises(IndexStoreError, match=name):
        load_index(small_index)
    for args in (["ask", "Kapan Putin bertemu Xi?", "--index", str(small_index)],
                 ["index", str(small_index.parent / "d"), "--index", str(small_index)]):
        proc = _kabar(*args)
        assert proc.returncode == 2, proc.stderr
        assert name in proc.stderr and "--rebuild" in proc.stderr
        assert "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


def _make_read_only(path) -> tuple:
    """(undo, how): the immutable flag for root (which ignores file modes), else chmod."""
    if os.geteuid() == 0:
        if subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode == 0:
            return (lambda: subprocess.run(["chattr", "-i", str(path)], check=True)), "chattr +i"
        pytest.skip("running as root and chattr +i is not available here, so no folder can be made read-only")
    os.chmod(path, 0o555)
    return (lambda: os.chmod(path, 0o755)), "chmod 555"


def test_read_only_index_fails_before_any_work(small_index, tmp_path):
    d = tmp_path / "more"
    d.mkdir()
    (d / "y.txt").write_text("Judul lain\nXi tiba di Kazan.\n")
    undo, _ = _make_read_only(small_index)
    try:
        proc = _kabar("index", str(d), "--index", str(small_index))
    finally:
        undo()
    assert proc.returncode == 2, proc.stderr
    assert "cannot write to the index folder" in proc.stderr and "Traceback" not in proc.stderr
    assert "y.txt" not in load_index(small_index).articles


def test_assistant_picks_up_a_generation_written_by_another_process(small_index, tmp_path):
    from qa import Assistant

    assistant = Assistant.load(small_index)
    d = tmp_path / "d"
    (d / "z.txt").write_text("Kunjungan ke Pyongyang\nPutin tiba di Pyongyang pada Rabu (19/6/2024).\n")
    proc = _kabar("index", str(d), "--index", str(small_index))
    assert proc.returncode == 0, proc.stderr
    answer = assistant.ask("Kapan Putin tiba di Pyongyang?")
    assert "z.txt" in {c.source for c in answer.citations}
    assert np.asarray(assistant.index.vectors).shape[0] == len(assistant.index.chunks)

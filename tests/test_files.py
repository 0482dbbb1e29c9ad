"""The one durable-write helper every publisher uses (index generations, CURRENT, models, the GGUF)."""

from __future__ import annotations

import json

import pytest

from index.files import atomic_path, read_jsonl, write_json_atomic, write_jsonl, write_text_atomic


def test_a_finished_write_replaces_the_target_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "CURRENT"
    target.write_text("gen-000001")
    write_text_atomic(target, "gen-000002")
    assert target.read_text() == "gen-000002"
    assert [p.name for p in tmp_path.iterdir()] == ["CURRENT"]


def test_a_failed_write_leaves_the_old_target_whole(tmp_path):
    target = tmp_path / "model.bin"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError), atomic_path(target) as tmp:
        tmp.write_bytes(b"half of the new")
        raise RuntimeError("disk full")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["model.bin"]


def test_a_folder_replaces_an_existing_folder(tmp_path):
    target = tmp_path / "e5"
    (target / "old").mkdir(parents=True)
    with atomic_path(target) as tmp:
        tmp.mkdir()
        (tmp / "config.json").write_text("{}")
    assert sorted(p.name for p in target.iterdir()) == ["config.json"]
    assert [p.name for p in tmp_path.iterdir()] == ["e5"]


def test_json_and_jsonl_round_trip_non_ascii(tmp_path):
    rows = [{"title": "Xi dan Putin", "quote": "“Kamis (17/10)”"}, {"n": 2}]
    write_jsonl(tmp_path / "rows.jsonl", rows)
    assert list(read_jsonl(tmp_path / "rows.jsonl")) == rows
    write_json_atomic(tmp_path / "r.json", rows[0])
    assert json.loads((tmp_path / "r.json").read_text(encoding="utf-8")) == rows[0]

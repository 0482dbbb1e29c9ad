"""The relevance judge: its weights' pin, and its verdicts on sentences written here (not from the sample)."""

from __future__ import annotations

import shutil

import pytest

from qa.relevance import RELEVANCE_DIR, RelevanceJudge


@pytest.fixture(scope="module")
def reader(encoder):
    from index.settings import DEFAULT_MODEL
    from qa.reader import reader_for

    return reader_for(DEFAULT_MODEL)


@pytest.mark.slow
def test_the_shipped_judge_is_pinned(tmp_path, reader):
    if not (RELEVANCE_DIR / "relevance.json").exists():
        pytest.fail("qa/relevance/ ships no judge")
    copy = tmp_path / "relevance"
    shutil.copytree(RELEVANCE_DIR, copy)
    weights = copy / "top_layers.safetensors"
    weights.write_bytes(weights.read_bytes()[:-8] + b"tampered")
    with pytest.raises(RuntimeError, match="sha256"):
        RelevanceJudge(reader, copy)


ANSWERS = "Presiden Prancis Emmanuel Macron tiba di Jakarta pada Selasa untuk membahas perdagangan nikel."
SAME_KIND = "Presiden Brasil Luiz Inacio Lula da Silva tiba di Buenos Aires pada Selasa untuk membahas kedelai."
ELSEWHERE = "Harga cabai rawit di pasar tradisional Surabaya naik dua kali lipat menjelang Lebaran."


@pytest.mark.slow
@pytest.mark.parametrize("question", ["Siapa presiden yang tiba di Jakarta untuk membahas nikel?",
                                      "Which president arrived in Jakarta to discuss nickel?"])
def test_the_judge_prefers_the_sentence_that_answers(reader, question):
    from qa.relevance import judge_for

    judge = judge_for(reader)
    answers, same_kind, elsewhere = judge.scores(question, [ANSWERS, SAME_KIND, ELSEWHERE])
    assert answers > same_kind and answers > elsewhere

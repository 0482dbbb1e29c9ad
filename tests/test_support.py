"""qa.support: the evidence features abstention weighs (pure functions; the fitted weights are tested through the
answers in test_qa)."""

from dataclasses import dataclass

import pytest
from langchain_core.documents import Document

from qa.settings import ABSTAIN_WEIGHTS
from qa.support import MARGIN_PASSAGES, answer_features


@dataclass
class Best:
    cos: float
    lex: float


def _docs(*pairs: tuple[float | None, float | None]) -> list[Document]:
    return [Document(page_content="x", metadata={"dense": d, "lexical": lx}) for d, lx in pairs]


def test_cosines_are_relative_to_the_background_and_margins_compare_the_top_passage_with_the_next():
    docs = _docs((0.9, 0.8), (0.7, 0.2), (0.5, 0.4))
    f = answer_features(docs, Best(cos=0.85, lex=0.6), background=0.75, relevance=1.5)
    assert f["sentence_cos"] == pytest.approx(0.10)
    assert f["passage_cos"] == pytest.approx(0.15)
    assert f["passage_lex"] == pytest.approx(0.8)
    assert f["relevance"] == 1.5
    assert f["passage_cos_margin"] == pytest.approx(0.9 - 0.6)
    assert f["passage_lex_margin"] == pytest.approx(0.8 - 0.3)


def test_margins_read_only_the_first_five_passages_and_skip_missing_scores():
    docs = _docs((0.9, 1.0), *[(0.5, 0.0)] * (MARGIN_PASSAGES - 1), (-5.0, -5.0))
    f = answer_features(docs, Best(0.9, 1.0), background=0.0)
    assert f["passage_cos_margin"] == pytest.approx(0.4)
    assert f["passage_lex_margin"] == pytest.approx(1.0)
    f = answer_features(_docs((0.9, None), (None, None), (0.7, None)), Best(0.9, 0.0), background=0.0)
    assert f["passage_cos_margin"] == pytest.approx(0.2) and f["passage_lex_margin"] == 0.0
    # a top passage without a score has no margin (not the next passage's against the rest)
    f = answer_features(_docs((None, None), (0.9, 0.5), (0.1, 0.1)), Best(0.9, 0.0), background=0.0)
    assert f["passage_cos_margin"] == 0.0 and f["passage_lex_margin"] == 0.0


def test_a_single_passage_has_no_margin_and_every_feature_has_a_fitted_weight():
    f = answer_features(_docs((0.9, 0.5)), Best(0.9, 0.5), background=0.7)
    assert f["passage_cos_margin"] == 0.0 and f["passage_lex_margin"] == 0.0
    assert set(f) == set(ABSTAIN_WEIGHTS) - {"bias"}


def test_the_passage_features_read_the_order_before_the_judge_reordered_it():
    before = _docs((0.9, 0.8), (0.7, 0.2), (0.5, 0.4), (0.4, 0.1))
    for rank, d in enumerate(before):
        d.metadata["unjudged_rank"] = rank
    judged = [before[2], before[0], before[1], before[3]]  # the judge put the third passage first
    expected = answer_features(before, Best(0.85, 0.6), background=0.75)
    assert answer_features(judged, Best(0.85, 0.6), background=0.75) == expected
    assert expected["passage_cos"] == pytest.approx(0.15)

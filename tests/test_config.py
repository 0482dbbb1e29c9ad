"""Settings from kabar.toml and KABAR_* variables: every part of the tree reachable, typos and wrong kinds refused."""

from __future__ import annotations

import pytest

from qa.config import SettingsError, changed_settings, load_settings
from qa.settings import ABSTAIN_WEIGHTS, Settings

TOML = """
max_question_chars = 500

[index]
model = "multilingual-e5-small"

[index.chunker]
target_words = 80

[retrieval]
k = 8
rerank = false

[reranker]
lexical_weight = 0.25

[answer]
abstain_threshold = 0.5

[answer.abstain_weights]
bias = -1.0

[llm]
provider = "openai"
base_url = "http://127.0.0.1:8080/v1"
api_key = "secret"
"""


def test_a_settings_file_reaches_every_layer(tmp_path):
    path = tmp_path / "kabar.toml"
    path.write_text(TOML)
    s = load_settings(path, environ={})
    assert s.max_question_chars == 500
    assert s.index.model == "multilingual-e5-small" and s.index.chunker.target_words == 80  # the fp32 engine
    assert s.index.chunker.max_words == 160  # untouched settings keep their defaults
    assert (s.retrieval.k, s.retrieval.rerank, s.reranker.lexical_weight) == (8, False, 0.25)
    assert s.answer.abstain_threshold == 0.5
    weights = s.answer.abstain_weights
    assert weights["bias"] == -1.0 and weights["passage_cos"] == pytest.approx(ABSTAIN_WEIGHTS["passage_cos"])
    assert s.llm.provider == "openai" and s.llm.enabled


def test_environment_variables_win_over_the_file_and_other_kabar_variables_are_left_alone(tmp_path):
    path = tmp_path / "kabar.toml"
    path.write_text(TOML)
    env = {"KABAR_RETRIEVAL__K": "3", "KABAR_RETRIEVAL__RERANK": "yes", "KABAR_INDEX__CHUNKER__OVERLAP": "2",
           "KABAR_LLM__N_THREADS": "none", "KABAR_ANSWER__ABSTAIN_WEIGHTS__BIAS": "-2.5",
           "KABAR_LLM_API_KEY": "not a setting", "KABAR_TEST_LAYER": "fast"}
    s = load_settings(path, environ=env)
    assert (s.retrieval.k, s.retrieval.rerank, s.index.chunker.overlap) == (3, True, 2)
    assert s.llm.n_threads is None and s.answer.abstain_weights["bias"] == -2.5


def test_the_config_file_is_found_by_variable_then_in_the_working_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert load_settings(environ={}).retrieval.k == 5  # no file: the defaults
    (tmp_path / "kabar.toml").write_text("[retrieval]\nk = 7\n")
    assert load_settings(environ={}).retrieval.k == 7
    other = tmp_path / "other.toml"
    other.write_text("[retrieval]\nk = 9\n")
    assert load_settings(environ={"KABAR_CONFIG": str(other)}).retrieval.k == 9
    with pytest.raises(SettingsError, match="not found"):
        load_settings(tmp_path / "missing.toml", environ={})


@pytest.mark.parametrize(("text", "env", "message"), [
    ("[retrieval]\nkk = 8\n", {}, "'retrieval.kk' is not a setting"),
    ("[retreival]\nk = 8\n", {}, "'retreival' is not a setting"),
    ("[retrieval]\nk = 'many'\n", {}, "'retrieval.k' wants a int"),
    ("[retrieval]\nk = 2.5\n", {}, "'retrieval.k' wants a int"),
    ("retrieval = 3\n", {}, "is a table of settings"),
    ("[retrieval\n", {}, "kabar.toml"),
    ("", {"KABAR_RETRIEVAL__RERANK": "maybe"}, "the environment: 'retrieval.rerank' wants a bool"),
    ("", {"KABAR_INDEX__CHUNKER__WORDS": "5"}, "'index.chunker.words' is not a setting"),
])
def test_typos_and_wrong_kinds_are_errors_that_name_the_setting(tmp_path, text, env, message):
    path = tmp_path / "kabar.toml"
    path.write_text(text)
    with pytest.raises(SettingsError, match=message.replace("(", r"\(").replace(".", r"\.")):
        load_settings(path, environ=env)


def test_changed_settings_name_what_differs_and_hide_secrets(tmp_path):
    path = tmp_path / "kabar.toml"
    path.write_text(TOML)
    changed = changed_settings(load_settings(path, environ={}))
    assert changed["retrieval.k"] == 8 and changed["answer.abstain_weights.bias"] == -1.0
    assert changed["llm.api_key"] == "***"
    assert "retrieval.candidates" not in changed
    assert changed_settings(Settings()) == {}


def test_the_readme_example_is_a_valid_settings_file(tmp_path):
    import re

    from tests.conftest import ROOT

    block = re.search(r"```toml\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S).group(1)
    path = tmp_path / "kabar.toml"
    path.write_text(block)
    s = load_settings(path, environ={})
    assert s.index.model == "multilingual-e5-small" and s.llm.provider == "local"


def test_rerankers_are_chosen_by_name_and_a_new_one_can_be_registered():
    from qa.rerank import make_reranker, register_reranker
    from qa.settings import RerankerSettings

    class Reverse:
        def rerank(self, query, docs, query_vector):
            return docs[::-1]

    register_reranker("reverse", lambda settings, index, arg: Reverse())
    assert isinstance(make_reranker("reverse", index=None), Reverse)
    assert make_reranker(RerankerSettings(name="none"), index=None) is None
    with pytest.raises(ValueError, match="unknown reranker 'hybird'"):
        make_reranker("hybird", index=None)


def test_the_judge_reorders_only_the_top_passages_by_score_plus_weighted_verdict():
    from langchain_core.documents import Document

    from qa.rerank import HybridReranker, JudgedReranker, judged, judged_order
    from qa.settings import RerankerSettings

    class Keep:
        def rerank(self, query, docs, query_vector):
            return docs

    docs = [Document(page_content=t, metadata={"score": s}) for t, s in
            [("a", 0.90), ("b", 0.89), ("c", 0.88), ("d", 0.50), ("e", 0.49)]]
    verdicts = {"a": -2.0, "b": 0.0, "c": 3.0, "d": 9.0, "e": 9.0}
    judge = JudgedReranker(Keep(), lambda q, texts: [verdicts[t] for t in texts], top=3, weight=0.01)
    ranked = judge.rerank("q", docs, None)
    assert [d.page_content for d in ranked] == ["c", "b", "a", "d", "e"]  # d and e are never read
    assert ranked[0].metadata["judge"] == 3.0 and ranked[0].metadata["score"] == pytest.approx(0.91)
    assert "judge" not in ranked[3].metadata
    assert [d.metadata["unjudged_rank"] for d in ranked] == [2, 1, 0, 3, 4]  # what the evidence features read
    docs = [Document(page_content=t, metadata={"score": s}) for t, s in [("a", 0.90), ("b", 0.89), ("d", 0.885)]]
    ranked = JudgedReranker(Keep(), lambda q, texts: [-5.0] * len(texts), top=2, weight=0.01).rerank("q", docs, None)
    assert [d.metadata["score"] for d in ranked] == pytest.approx([0.85, 0.84, 0.84])  # the unread one stays below
    # the order alone, as eval.fit_judge_rerank reads it on cached rows: the judge moves only what it read
    assert judged_order([0.90, 0.89, 0.88, 0.5], [-5.0, 0.0, 3.0], 0.01) == [2, 1, 0, 3]
    assert judged_order([0.90, 0.89], [0.0, 0.0], 0.01) == [0, 1]  # ties keep the base order
    # only the hybrid reranker gets the judge (its weight is fitted on that scale), and only when asked
    hybrid = HybridReranker.__new__(HybridReranker)
    fake_judge = type("Judge", (), {"scores": staticmethod(lambda q, texts: [0.0] * len(texts))})()
    assert isinstance(judged(hybrid, fake_judge, RerankerSettings(judge_passages=4)), JudgedReranker)
    assert judged(hybrid, None, RerankerSettings()) is hybrid
    assert judged(hybrid, fake_judge, RerankerSettings(judge_passages=0)) is hybrid
    assert judged(hybrid, fake_judge, RerankerSettings(judge_passages=1)) is hybrid  # one passage: no order to change
    assert judged(hybrid, fake_judge, RerankerSettings()) is hybrid  # off by default (qa.settings says why)
    assert judged(Keep(), fake_judge, RerankerSettings()).__class__ is Keep

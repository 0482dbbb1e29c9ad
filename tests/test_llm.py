"""The optional LLM answer mode. Real path: the Qwen2.5 GGUF (joined from its PyPI parts) served by llama.cpp's
OpenAI-compatible server on loopback, and the same file loaded in process. Beside them, scripted chat models
pin down the rules that keep an LLM answer honest (markers, invented dates, timeouts, failures)."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
import threading

import pytest
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage
from langchain_core.runnables import RunnableLambda

from eval.loadtest import free_port, wait_for
from qa import Assistant, Settings
from qa.generate import LLMAnswerer
from qa.llm import GGUF_SHA256, LLMSettings, parse_llm_spec, prepare_gguf
from qa.markers import facts_supported, renumber_markers, states_date
from tests.conftest import ROOT, call_gradio

TAIWAN = "003_8ea2e4786c536e84.txt"
JUNE_CALL = "001_4c1271fe611ef779.txt"


# `make test` installs llama-cpp-python and sets KABAR_REQUIRE_LLM, so there these tests can only pass or fail.
needs_llama = pytest.mark.skipif(importlib.util.find_spec("llama_cpp") is None and not os.environ.get("KABAR_REQUIRE_LLM"),
                                 reason="llama-cpp-python is not installed (pip install -e '.[llm]')")


@pytest.fixture(scope="module")
def gguf():
    return prepare_gguf()


@pytest.fixture(scope="module")
def llm_server(gguf):
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "llama_cpp.server", "--model", str(gguf), "--host", "127.0.0.1",
                             "--port", str(port), "--n_ctx", "4096", "--n_batch", "512", "--model_alias", "kabar-test"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/v1"
    try:
        wait_for(url + "/models", proc)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def _check(answer_text: str, citations: list) -> None:
    markers = {int(n) for n in re.findall(r"\[(\d+)\]", answer_text)}
    assert markers == {c["n"] if isinstance(c, dict) else c.n for c in citations}  # no marker names a missing passage


@needs_llama
def test_endpoint_answers_taiwan_question_through_cli(sample_index, llm_server):
    out = subprocess.run([sys.executable, "-m", "ui", "ask", "When did Xi and Putin talk about Taiwan?", "--index",
                          str(sample_index), "--llm", llm_server, "--llm-model", "kabar-test", "--json"],
                         capture_output=True, text=True, check=True, cwd=ROOT, timeout=300)
    data = json.loads(out.stdout)
    assert data["mode"] == "llm" and not data["abstained"], data
    assert "21" in data["answer"] and ("Tuesday" in data["answer"] or "January" in data["answer"]), data["answer"]
    _check(data["answer"], data["citations"])
    quotes = " ".join(c["quote"] for c in data["citations"] if c["source"] == TAIWAN)
    assert "Taiwan" in quotes and "Selasa (21/1)" in quotes  # the fact and the dated lead, both cited


@needs_llama
def test_local_gguf_in_process_streams_indonesian_answer(sample_index, gguf):
    assistant = Assistant.load(sample_index, Settings(llm=LLMSettings(provider="local", model_path=str(gguf))))
    assert assistant.modes == ["extractive", "llm"] and assistant.default_mode == "llm"
    items = list(assistant.stream("Kapan Xi menelepon Putin pada Juni 2022?"))
    answer = items[-1]
    assert all(isinstance(i, str) for i in items[:-1]) and len(items) > 2  # tokens arrive before the answer
    assert answer.mode == "llm" and not answer.abstained, answer.notices
    assert "15" in answer.text and any(c.source == JUNE_CALL for c in answer.citations), answer.text
    _check(answer.text, answer.citations)
    assert assistant.ask("Kapan Xi menelepon Putin pada Juni 2022?", mode="extractive").mode == "extractive"


def test_gguf_is_joined_and_verified(gguf):
    import hashlib

    assert gguf.stat().st_size == 1_117_320_768 and gguf.read_bytes()[:4] == b"GGUF"
    with open(gguf, "rb") as fh:
        assert hashlib.file_digest(fh, "sha256").hexdigest() == GGUF_SHA256


# --- the honesty rules, on scripted chat models beside the real ones above ---

@pytest.fixture(scope="module")
def plain(sample_index):
    return Assistant.load(sample_index)


def _scripted(plain: Assistant, chat, timeout_s: float = 30.0) -> LLMAnswerer:
    return LLMAnswerer(plain.index, plain.answerer.encoder, plain.answerer, LLMSettings(provider="openai",
                       timeout_s=timeout_s), chat=chat)


def _ask(plain: Assistant, answerer: LLMAnswerer, question: str):
    state = plain.retrieval.invoke({"question": question})
    return answerer.answer(question, state["docs"], state["qvec"])


def _fake(text: str) -> GenericFakeChatModel:
    return GenericFakeChatModel(messages=iter([AIMessage(text)]))


def test_markers_naming_no_passage_are_removed(plain):
    ans = _ask(plain, _scripted(plain, _fake("Xi menelepon Putin pada Rabu (15/6/2022) [1][9]. Itu penting [42].")),
               "Kapan Xi menelepon Putin pada Juni 2022?")
    assert ans.mode == "llm" and "[9]" not in ans.text and "[42]" not in ans.text
    _check(ans.text, ans.citations)
    assert "Itu penting [" in ans.text  # the sentence whose marker was bogus is attributed to a real passage


def test_invented_date_falls_back_to_extractive(plain):
    ans = _ask(plain, _scripted(plain, _fake("Xi and Putin talked about Taiwan on 3 March 2019 [1].")),
               "When did Xi and Putin talk about Taiwan?")
    assert ans.mode == "extractive" and "January 21" in ans.text and ans.notices
    # a date that is in the passages but is not the event's date the index found
    ans = _ask(plain, _scripted(plain, _fake("They talked on Wednesday [1].")), "When did Xi and Putin talk about Taiwan?")
    assert ans.mode == "extractive" and "January 21" in ans.text and ans.notices


def test_no_answer_and_gate(plain):
    ans = _ask(plain, _scripted(plain, _fake("NO_ANSWER")), "Apa kata Putin tentang Taiwan?")
    assert ans.abstained and ans.mode == "llm" and not ans.citations

    def must_not_run(_):
        raise AssertionError("the LLM was called for a question the passages cannot answer")

    ans = _ask(plain, _scripted(plain, RunnableLambda(must_not_run)), "Siapa yang memenangkan Piala Dunia FIFA 2022?")
    assert ans.abstained and not ans.notices


def test_failure_and_timeout_fall_back(plain):
    def boom(_):
        raise ConnectionError("connection refused")

    ans = _ask(plain, _scripted(plain, RunnableLambda(boom)), "Kapan Xi menelepon Putin pada Juni 2022?")
    assert ans.mode == "extractive" and "15/6/2022" in ans.text and "connection refused" in ans.notices[0]
    # the model answers only once released: the answer must come back while it is still busy (a behaviour, not a
    # speed target, so a loaded machine cannot fail it)
    release, finished = threading.Event(), threading.Event()

    def slow(_):
        release.wait(60)
        finished.set()
        return AIMessage("late [1]")

    ans = _ask(plain, _scripted(plain, RunnableLambda(slow), timeout_s=0.5), "Kapan Xi menelepon Putin pada Juni 2022?")
    returned_while_busy = not finished.is_set()
    release.set()
    assert returned_while_busy and ans.mode == "extractive" and "0.5 s" in ans.notices[0]


def test_rules_as_functions():
    assert renumber_markers("a [3]. b [1, 7] c [3]", 3) == ("a [1]. b [2] c [1]", [3, 1])
    shown = [{"header": "Judul (dated Tuesday, January 21)", "evidence": "Xi pada Selasa (21/1) berbicara."}]
    assert facts_supported("They spoke on Tuesday, January 21 [1].", shown)
    assert not facts_supported("They spoke on January 22 [1].", shown)
    assert not facts_supported("They spoke in March [1].", shown)
    assert facts_supported("They spoke in 2025 [1].", shown, "When in 2025 did they speak?")
    assert states_date("On Thursday [1].", {"day": None, "weekday": 3}) and states_date("Kamis", {"weekday": 3})
    assert not states_date("On 21 January", {"day": 12, "weekday": 3})
    assert parse_llm_spec("http://127.0.0.1:8080/v1/", "m").base_url == "http://127.0.0.1:8080/v1"
    assert parse_llm_spec("local").provider == "local" and not parse_llm_spec(None).enabled
    with pytest.raises(ValueError):
        parse_llm_spec("gpt")


def test_web_chat_streams_llm_text_escaped(sample_index):
    """The UI in LLM mode: tokens stream in, and model output that holds HTML is shown as text."""
    from gradio_client import Client

    from ui.app import build_app
    from ui.render import CSS

    assistant = Assistant.load(sample_index, Settings(llm=LLMSettings(provider="openai", base_url="http://127.0.0.1:9")))
    assistant.answerers["llm"]._chat = _fake(
        "Xi menelepon Putin pada Rabu (15/6/2022) <img src=x onerror=alert(document.domain)> [1].")
    demo = build_app(assistant)
    port = free_port()
    demo.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, css=CSS, quiet=True)
    try:
        client = Client(f"http://127.0.0.1:{port}/", verbose=False)
        chat, sources, _pick, _state = call_gradio(client, "Kapan Xi menelepon Putin pada Juni 2022?", [], 5, True, "llm",
                                                      api_name="/ask")
        text = chat[-1]["content"][0]["text"] if isinstance(chat[-1]["content"], list) else chat[-1]["content"]
        assert "&lt;img" in text and "<img" not in text and 'href="#kabar-src-1"' in text and "Written by the LLM" in text
        assert JUNE_CALL in sources
    finally:
        demo.close()

"""The relevance judge: its weights' pin, and its verdicts on sentences written here (not from the sample)."""

from __future__ import annotations

import pytest

from qa.relevance import RELEVANCE_DIR, RelevanceJudge
from tests.conftest import tampered_copy


@pytest.fixture(scope="module")
def reader(encoder):
    from index.settings import DEFAULT_MODEL
    from qa.reader import reader_for

    return reader_for(DEFAULT_MODEL)


@pytest.mark.slow
def test_the_shipped_judge_is_pinned(tmp_path, reader):
    with pytest.raises(RuntimeError, match="sha256"):
        RelevanceJudge(reader, tampered_copy(RELEVANCE_DIR, "relevance.json", tmp_path))


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


@pytest.mark.slow  # imports torch and trains (seconds; the fast layer stays under its minute in a cold clone)
def test_the_shared_training_loop_learns_a_separable_toy_task(tmp_path):
    """eval.finetune.fine_tune (the reader's and the judge's loop) on a toy head over cached "frozen" outputs:
    the loss falls and the head ends up telling the two kinds of input apart; save_top_head writes what it pins."""
    import hashlib

    import numpy as np
    import torch
    from safetensors.torch import load_file

    from eval.finetune import fine_tune, save_top_head

    class Toy:  # what fine_tune reads of a TopHead: trainable layers and a head
        def __init__(self):
            self.layers = [torch.nn.Linear(4, 4)]
            self.head = torch.nn.Linear(4, 1)

    rng = np.random.default_rng()
    labels = [int(i % 2) for i in range(64)]
    cached = [(rng.normal(size=(3, 4)) + (3.0 if y else -3.0)).astype(np.float16) for y in labels]
    toy, logged, batch_losses = Toy(), [], []

    def loss_of(x, mask, idx):
        logit = toy.head(toy.layers[0](x)[:, 0])[:, 0]
        loss = torch.nn.functional.binary_cross_entropy_with_logits(logit, torch.tensor([float(labels[i]) for i in idx]))
        batch_losses.append(float(loss.detach()))
        return loss

    # 20 epochs of 8 steps: with 6, a rare start (once, in a fresh-clone run; never in 3,000 tries by hand) ended
    # at 69% right, the warm-up and decay leaving too few full-rate steps to undo it
    fine_tune(toy, cached, loss_of, epochs=20, layer_lr=1e-2, batch=8, log=logged.append)
    # the epoch means at full precision (the log rounds to 3 decimals: a lucky start logs 0.000 twice)
    first, last = np.mean(batch_losses[:8]), np.mean(batch_losses[-8:])
    assert len(logged) == 20 and len(batch_losses) == 160 and last < first
    with torch.no_grad():
        x = torch.from_numpy(np.stack([c[0] for c in cached]).astype(np.float32))
        predicted = (toy.head(toy.layers[0](x))[:, 0] > 0).int().tolist()
    assert np.mean(np.array(predicted) == np.array(labels)) >= 0.9
    digest = save_top_head(toy.layers, toy.head, tmp_path)
    assert digest == hashlib.sha256((tmp_path / "top_layers.safetensors").read_bytes()).hexdigest()
    state = load_file(str(tmp_path / "top_layers.safetensors"))
    assert set(state) == {"layers.0.weight", "layers.0.bias", "head.weight", "head.bias"}
    assert all(v.dtype == torch.float16 for v in state.values())


def test_english_copies_keep_their_labels_and_go_where_their_original_goes(tmp_path):
    """eval.train_relevance: a translated question's pairs come again with the English text and the same labels,
    and the held-out split never puts a question on one side and its English version on the other."""
    import json
    import random

    from eval.train_relevance import split_questions, with_english

    rows = [{"qid": f"q{i}", "question": f"Pertanyaan {i}?", "sentence": f"Kalimat {i}.{k}", "label": int(k == 0)}
            for i in range(60) for k in range(3)]
    translated = random.sample(range(60), 20)
    path = tmp_path / "en.jsonl"
    path.write_text("".join(json.dumps({"_id": f"q{i}", "text": f"Question {i}?"}) + "\n" for i in translated))
    both = with_english(rows, path)
    english = [r for r in both if r["qid"].endswith("@en")]
    assert len(both) == len(rows) + 3 * len(translated) and len(english) == 3 * len(translated)
    for r in english:
        i = int(r["qid"][1:-3])
        assert r["question"] == f"Question {i}?" and r["label"] == int(r["sentence"].endswith(".0"))
    fit, held = split_questions(both)
    held_ids = {r["qid"].removesuffix("@en") for r in held}
    assert held_ids and not held_ids & {r["qid"].removesuffix("@en") for r in fit}
    assert len(fit) + len(held) == len(both)
    assert with_english(rows, None) == rows


@pytest.mark.slow
def test_the_judge_second_look_puts_the_passage_it_prefers_first_in_either_language(tmp_path):
    """With ``reranker.judge_passages`` set (off by default, qa.settings), the retriever's reranker takes the judge's
    second look at the top passages (qa.rerank.JudgedReranker)."""
    from dataclasses import replace

    from index import build_index
    from qa import Assistant
    from qa.settings import Settings
    from tests.conftest import write_articles

    articles = write_articles(tmp_path / "articles", {"macron.txt": ANSWERS, "lula.txt": SAME_KIND, "cabai.txt": ELSEWHERE})
    build_index([articles], tmp_path / "ix")
    settings = Settings()
    settings.reranker = replace(settings.reranker, judge_passages=3)
    assistant = Assistant.load(tmp_path / "ix", settings)
    for question in ["Siapa presiden yang tiba di Jakarta untuk membahas nikel?",
                     "Which president arrived in Jakarta to discuss nickel?"]:
        docs = assistant.retriever.retrieve(question)
        assert docs[0].metadata["article_id"] == "macron.txt"
        assert all("judge" in d.metadata for d in docs[:3])

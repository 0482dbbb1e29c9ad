"""Choose how the answer uses the reader, on training questions the reader never saw (its 5% held-out contexts):

    python -m eval.reader_check --training ../shared/training

The held-out questions (answerable and not) are asked over their contexts plus distractor training contexts,
through the whole pipeline, once per ``reader_sentences`` value (how many of the top sentences the reader
reads, the surest span winning), per ``reader_fallback`` value (how many further sentences it reads, one by one,
when the best sentence has no sure span) and per ``reader_rerank`` value (how many top sentences its margin
reorders), and the answer metrics printed as JSON; ``--when-reader`` and ``--when-rerank`` compare settings on the
"when" questions. Never a valid or test split, never the sample questions.
"""

from __future__ import annotations

import argparse
import json
import random
from dataclasses import replace
from pathlib import Path

from eval.cache import prepare_index
from eval.datasets import Benchmark, Question, context_id, write_once
from eval.runner import score_answers
from eval.train_reader import held_out, held_out_contexts, load_examples


def held_out_bench(training: Path, cache: Path, distractors: int = 600, seed: int = 13) -> Benchmark:
    """The reader's held-out training questions over their contexts plus ``distractors`` other training
    contexts the reader was trained on (BEIR ids ``ctx-<sha1>``)."""
    examples = load_examples(training)
    held = held_out_contexts(examples)
    check = held_out(examples, held)
    others = sorted({ex["context"] for ex in examples} - held)
    corpus = sorted({ex["context"] for ex in check} | set(random.Random(seed).sample(others, distractors)))
    path = cache / f"reader-held-out-{seed}-{distractors}.corpus.jsonl"
    cache.mkdir(parents=True, exist_ok=True)
    write_once(path, ({"_id": context_id(text), "title": "", "text": text} for text in corpus))
    questions = [Question(ex["id"], ex["question"], {context_id(ex["context"]): 1} if ex["answerable"] else {},
                          [a["text"] for a in ex["answers"]], answerable=bool(ex["answerable"])) for ex in check]
    return Benchmark("reader-held-out", "train", questions, path)


KEPT = ["answer_f1", "answer_em", "answer_words", "answer_accuracy", "gold_cited", "short_answers"]


def kept(scores: dict) -> dict:
    """The answer metrics this check compares, picked from one scoring (``score_answers`` or a baseline's)."""
    return {k: scores.get(k) for k in KEPT}


def kept_scores(assistant, questions: list[Question]) -> dict:
    """The compared metrics of one scoring of the questions (each question asked once)."""
    return kept(score_answers(assistant, questions))


def _values(text: str) -> list[str]:
    return [x for x in text.split(",") if x.strip()]


def main() -> None:
    from qa import Assistant
    from qa.lang import is_when_question

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--training", default="../shared/training")
    ap.add_argument("--cache", default=".kabar/eval-cache")
    ap.add_argument("--sentences", default="1,2,3", help="reader_sentences values to compare (alone)")
    ap.add_argument("--fallback", default="1,2", help="reader_fallback values to compare (alone)")
    ap.add_argument("--rerank", default="3", help="reader_rerank values to compare (with reader_fallback=1)")
    ap.add_argument("--length-penalty", default="", help="reader length priors to compare (with the shipped settings)")
    ap.add_argument("--when-reader", default="", help="answer.when_reader values (0, 1) to compare (with the shipped "
                                                      "settings), on every question and on the \"when\" ones alone")
    ap.add_argument("--when-only", action="store_true", help="compare --when-reader on the \"when\" questions only")
    ap.add_argument("--when-rerank", default="", help="answer.reader_rerank values to compare (with the shipped "
                                                      "settings) on the \"when\" questions: 1 keeps their sentences' "
                                                      "own order")
    args = ap.parse_args()
    bench = held_out_bench(Path(args.training), Path(args.cache))
    assistant = Assistant.load(prepare_index(bench, Path(args.cache)))
    out = {"questions": len(bench.questions), "answerable": sum(q.answerable for q in bench.questions)}
    plain = {"reader_sentences": 1, "reader_fallback": 0, "reader_rerank": 0}
    variants = [{**plain, "reader_sentences": int(n)} for n in _values(args.sentences)] + \
               [{**plain, "reader_fallback": int(f)} for f in _values(args.fallback)] + \
               [{**plain, "reader_fallback": 1, "reader_rerank": int(r)} for r in _values(args.rerank)]
    base = assistant.answerer.settings
    for variant in variants:
        assistant.answerer.settings = replace(base, **variant)
        scores = score_answers(assistant, bench.questions)
        out[",".join(f"{k}={v}" for k, v in variant.items())] = kept(scores)
        out.setdefault("whole_sentence", kept(scores["answer_baselines"]["whole_sentence"]))
    when = [(", when questions", [q for q in bench.questions if is_when_question(q.text)])]
    question_sets = when if args.when_only else [("", bench.questions), *when]
    for value in _values(args.when_reader):
        assistant.answerer.settings = replace(base, when_reader=bool(int(value)))
        for name, questions in question_sets:
            out[f"when_reader={value}{name}"] = kept_scores(assistant, questions)
    for value in _values(args.when_rerank):
        assistant.answerer.settings = replace(base, reader_rerank=int(value))
        out[f"reader_rerank={value}{when[0][0]}"] = kept_scores(assistant, when[0][1])
    assistant.answerer.settings = base
    reader = assistant.answerer.reader
    if reader is not None:  # with the reader off there is no prior to compare
        shipped = reader.length_penalty
        for penalty in _values(args.length_penalty):
            reader.length_penalty = float(penalty)
            out[f"length_penalty={penalty}"] = kept_scores(assistant, bench.questions)
        reader.length_penalty = shipped
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()

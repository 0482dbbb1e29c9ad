"""Question sets: BEIR folders and Kabar article-question files."""

from __future__ import annotations

import csv
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from index.files import atomic_path, write_jsonl


@dataclass
class Question:
    qid: str
    text: str
    relevant: dict[str, int] = field(default_factory=dict)  # doc id -> grade
    answers: list[str] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)
    answerable: bool = True


@dataclass
class Benchmark:
    name: str
    split: str
    questions: list[Question]
    corpus_path: Path  # a JSONL file or a folder of articles that `kabar index` reads


def _jsonl(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]


def read_translations(path: str | Path) -> dict[str, str]:
    """Question id -> its translation, from a JSONL file of ``{"_id", "text"}`` (none when the file is missing)."""
    return {r["_id"]: r["text"] for r in _jsonl(Path(path))}


def load_beir(folder: str | Path, split: str) -> Benchmark:
    """corpus.jsonl, queries.<split>.jsonl (else queries.jsonl), qrels/<split>.tsv, optional answers and unanswerable."""
    folder = Path(folder)
    qrels_path = folder / "qrels" / f"{split}.tsv"
    if not qrels_path.exists():
        raise FileNotFoundError(f"{qrels_path} not found (split {split!r})")
    qrels: dict[str, dict[str, int]] = {}
    with qrels_path.open(encoding="utf-8") as fh:
        for row in csv.reader(fh, delimiter="\t"):
            if len(row) < 3 or row[0] == "query-id":
                continue
            if int(row[2]) > 0:
                qrels.setdefault(row[0], {})[row[1]] = int(row[2])
    queries_path = folder / f"queries.{split}.jsonl"
    queries = _jsonl(queries_path if queries_path.exists() else folder / "queries.jsonl")
    answers = {r["_id"]: r.get("answers", []) for r in _jsonl(folder / f"answers.{split}.jsonl")}
    questions = [Question(q["_id"], q["text"], qrels[q["_id"]], answers.get(q["_id"], []))
                 for q in queries if q["_id"] in qrels]
    for u in _jsonl(folder / f"unanswerable.{split}.jsonl"):
        questions.append(Question(u["_id"], u["text"], {}, [], answerable=False))
    return Benchmark(folder.name, split, questions, folder / "corpus.jsonl")


def out_of_corpus(questions: Benchmark, corpus: Benchmark) -> Benchmark:
    """``questions``' answerable questions asked against ``corpus``'s passages (another dataset: news questions
    over Wikipedia, Wikipedia questions over news), so none of them is answered there: every one should be
    refused. The way to measure "the articles do not say" on questions nobody wrote for it."""
    asked = [Question(q.qid, q.text, answerable=False) for q in questions.questions if q.answerable]
    return Benchmark(f"{questions.name}-against-{corpus.name}", questions.split, asked, corpus.corpus_path)


def with_translations(bench: Benchmark, path: str | Path) -> Benchmark:
    """Only the questions that ``path`` translates (JSONL ``{"_id", "text"}``, by hand), each asked twice: as
    written and as translated (id ``<id>@tr``), with the same gold passages and answers: cross-lingual pairs."""
    translated = read_translations(path)
    if not translated:
        raise FileNotFoundError(f"no translations in {path}")
    pairs = []
    for q in bench.questions:
        if q.qid in translated:
            pairs += [q, Question(q.qid + "@tr", translated[q.qid], q.relevant, q.answers, q.evidence, q.answerable)]
    return Benchmark(f"{bench.name}-{Path(path).stem}", bench.split, pairs, bench.corpus_path)


def load_question_file(path: str | Path, articles: str | Path) -> Benchmark:
    """JSONL lines {"id", "question", "gold_sources", "evidence", "answers", "answerable"}."""
    questions = []
    for r in _jsonl(Path(path)):
        questions.append(Question(r["id"], r["question"], {s: 1 for s in r.get("gold_sources", [])},
                                  r.get("answers", []), r.get("evidence", []), bool(r.get("answerable", True))))
    return Benchmark(Path(path).stem, "all", questions, Path(articles))


def beir_corpus_as_articles(corpus: Path, out: Path) -> Path:
    """BEIR corpus.jsonl -> Kabar JSONL articles (id, title, text), written once next to the cached index."""
    write_once(out, ({"id": r["_id"], "title": r.get("title", ""), "text": r["text"]} for r in _jsonl(corpus)))
    return out


def write_once(path: Path, rows) -> None:
    """A cached JSONL file, written atomically the first time and reused after."""
    if not path.exists():
        with atomic_path(path, durable=False) as tmp:
            write_jsonl(tmp, rows)


def context_id(text: str) -> str:
    """A training context's corpus id."""
    return "ctx-" + hashlib.sha1(text.encode()).hexdigest()[:16]


TRAINING_FILES = ["facqa_train.jsonl", "idk_mrc_train.jsonl", "tydiqa_goldp_id_train.jsonl", "trans_squad_id_dev.jsonl"]


def load_training(folder: str | Path, out_dir: Path, per_file: int = 300, distractors: int = 600,
                  seed: int = 13, translations: str | Path | None = None) -> Benchmark:
    """A fitting set from ``../shared/training`` (never a valid or test split): ``per_file`` questions drawn
    from each file with ``seed``, their contexts plus ``distractors`` other contexts as the corpus (BEIR ids
    ``ctx-<sha1>``). TyDi rows whose id IDK-MRC also has are dropped (the training README says so)."""
    import random

    folder = Path(folder)
    rng = random.Random(seed)
    picked: list[dict] = []
    contexts: dict[str, str] = {}
    every = training_rows(folder)
    for name in TRAINING_FILES:
        rows = every[name]
        for r in rows:
            contexts.setdefault(context_id(r["context"]), r["context"])
        picked += rng.sample(rows, min(per_file, len(rows)))
    if not picked:
        raise FileNotFoundError(f"no training data in {folder}")
    translated = _translated_rows(every, translations)
    picked += translated
    cid = {text: key for key, text in contexts.items()}
    keep = {cid[r["context"]] for r in picked}
    others = sorted(set(contexts) - keep)
    keep |= set(rng.sample(others, min(distractors, len(others))))
    out_dir.mkdir(parents=True, exist_ok=True)
    tag = f"-tr{len(translated)}" if translated else ""
    corpus = out_dir / f"training-{seed}-{per_file}-{distractors}{tag}.corpus.jsonl"
    write_once(corpus, ({"_id": key, "title": "", "text": contexts[key]} for key in sorted(keep)))
    questions = [Question(r["id"], r["question"], {cid[r["context"]]: 1} if r["answerable"] else {},
                          [a["text"] for a in r["answers"]], answerable=bool(r["answerable"])) for r in picked]
    return Benchmark("training", "train", questions, corpus)


def training_rows(folder: str | Path) -> dict[str, list[dict]]:
    """Each training file's rows (TRAINING_FILES, in that order) without the TyDi rows whose id IDK-MRC also has
    (the training README says so)."""
    seen: set[str] = set()
    out: dict[str, list[dict]] = {}
    for name in TRAINING_FILES:
        out[name] = [r for r in _jsonl(Path(folder) / name) if r["id"] not in seen]
        seen |= {r["id"] for r in out[name]}
    return out


NEWS_FILES = ["facqa_train.jsonl"]  # the rest of TRAINING_FILES are Wikipedia (translated SQuAD: English Wikipedia)


def _translated_rows(rows: dict[str, list[dict]], translations: str | Path | None) -> list[dict]:
    """Training rows (``rows``: per training file) with their question replaced by a translation (id
    ``<id>@tr``)."""
    if translations is None:
        return []
    text = read_translations(translations)
    return [{**r, "id": r["id"] + "@tr", "question": text[r["id"]]} for name in TRAINING_FILES
            for r in rows[name] if r["id"] in text]


def load_training_out_of_corpus(folder: str | Path, out_dir: Path, per_file: int = 300, contexts: int = 1500,
                                seed: int = 13, translations: str | Path | None = None) -> list[Benchmark]:
    """Out-of-corpus fitting sets from ``../shared/training``, made the way the valid figures are measured: news
    questions asked against Wikipedia contexts only, and Wikipedia questions against news contexts only (all
    answerable where they came from, so all labelled unanswerable here). ``per_file`` questions per file,
    ``contexts`` contexts in each corpus at most; ``translations``: as in ``load_training``, asked on the other side
    too."""
    import random

    folder = Path(folder)
    rng = random.Random(seed + 1)
    rows = {name: _jsonl(folder / name) for name in TRAINING_FILES}
    extra = _translated_rows(rows, translations)
    out = []
    for side in ("news", "wikipedia"):
        asked = [n for n in TRAINING_FILES if (n in NEWS_FILES) == (side == "news")]
        corpus_files = [n for n in TRAINING_FILES if n not in asked]
        texts = sorted({r["context"] for n in corpus_files for r in rows[n]})
        texts = rng.sample(texts, min(contexts, len(texts)))
        questions = []
        for name in asked:
            pool = [r for r in rows[name] if r["answerable"]]
            questions += [Question("ooc-" + r["id"], r["question"], answerable=False)
                          for r in rng.sample(pool, min(per_file, len(pool)))]
        origin = {r["id"]: n for n in asked for r in rows[n]}
        questions += [Question("ooc-" + r["id"], r["question"], answerable=False) for r in extra
                      if r["id"].removesuffix("@tr") in origin]
        corpus = out_dir / f"training-ooc-{side}-{seed}-{per_file}-{contexts}.corpus.jsonl"
        write_once(corpus, ({"_id": context_id(t), "title": "", "text": t} for t in texts))
        out.append(Benchmark(f"training-ooc-{side}", "train", questions, corpus))
    return out

"""How much each chunk repeats of its neighbour (index.settings.ChunkerSettings), measured on training articles
of many chunks: `python -m eval.chunking --training ../shared/training` (eval/results/chunking.json).

FacQA's passages are one chunk each (median 39 words), so its nDCG cannot see the chunker. Here the translated
SQuAD 2.0 dev paragraphs are joined in file order, ``PER_ARTICLE`` to an article (consecutive paragraphs of one
Wikipedia article, mostly: about eight chunks each), and IDK-MRC's TyDi paragraphs stand alone (one to three
chunks); sampled answerable questions are asked of each. For every chunker tried it reports what indexing costs
(tokens embedded, seconds) beside what it finds: nDCG@10 of the gold article, the rank of the first retrieved
chunk of the gold article that holds a gold answer (hit@1, hit@5, MRR@10), and the answers (token F1, gold
article cited, answerable refused).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from eval.cache import prepare_index
from eval.datasets import Benchmark, Question, training_rows
from eval.metrics import normalise_answer
from eval.runner import run_benchmark
from index.files import write_jsonl
from qa import Assistant, Settings

PER_ARTICLE = 5  # translated SQuAD paragraphs per article
CHUNKERS = [{"target_words": 60, "overlap": 1}, {"target_words": 60, "overlap": 0}, {"target_words": 90, "overlap": 0}]


def training_articles(folder: str | Path, out_dir: Path, questions: int = 400, contexts: int = 1500,
                      seed: int = 0) -> list[Benchmark]:
    """Two BEIR sets from ``../shared/training``: "squad-articles" (translated SQuAD paragraphs joined into
    articles) and "tydi-paragraphs" (IDK-MRC answerable paragraphs, ``contexts`` of them, alone)."""
    rows = training_rows(folder)
    rng = random.Random(seed)
    squad = rows["trans_squad_id_dev.jsonl"]
    paragraphs = list(dict.fromkeys(r["context"] for r in squad))
    article_of = {p: f"sq-{i // PER_ARTICLE:04d}" for i, p in enumerate(paragraphs)}
    squad_corpus = {}
    for p in paragraphs:
        squad_corpus.setdefault(article_of[p], []).append(p)
    idk = [r for r in rows["idk_mrc_train.jsonl"] if r["answerable"]]
    kept = rng.sample(sorted({r["context"] for r in idk}), contexts)
    tydi_of = {p: f"ty-{i:04d}" for i, p in enumerate(kept)}
    sets = [("squad-articles", squad, article_of, {k: "\n\n".join(v) for k, v in squad_corpus.items()}),
            ("tydi-paragraphs", [r for r in idk if r["context"] in tydi_of], tydi_of, {v: k for k, v in tydi_of.items()})]
    out_dir.mkdir(parents=True, exist_ok=True)
    benches = []
    for name, pool, doc_of, corpus in sets:
        asked = rng.sample([r for r in pool if r["answerable"]], questions)
        path = out_dir / f"{name}.corpus.jsonl"
        write_jsonl(path, ({"_id": k, "title": "", "text": corpus[k]} for k in sorted(corpus)))
        qs = [Question(r["id"], r["question"], {doc_of[r["context"]]: 1}, [a["text"] for a in r["answers"]])
              for r in asked]
        benches.append(Benchmark(name, "train", qs, path))
    return benches


def answer_chunk_ranks(assistant: Assistant, bench: Benchmark, k: int = 10) -> dict:
    """hit@1, hit@5 and MRR@k of the first retrieved chunk that is of the gold article and holds a gold answer."""
    ranks = []
    for q in bench.questions:
        golds = [normalise_answer(a) for a in q.answers if a.strip()]
        docs = assistant.retriever.retrieve(q.text, replace(assistant.settings.retrieval, k=k))
        ranks.append(next((i + 1 for i, d in enumerate(docs) if d.metadata["article_id"] in q.relevant
                           and any(g in normalise_answer(d.page_content) for g in golds)), None))
    n = len(ranks)
    return {"answer_chunk_hit@1": round(sum(r == 1 for r in ranks if r) / n, 4),
            "answer_chunk_hit@5": round(sum(r <= 5 for r in ranks if r) / n, 4),
            "answer_chunk_mrr@10": round(sum(1 / r for r in ranks if r) / n, 4)}


def measure(bench: Benchmark, chunker: dict, cache: Path) -> dict:
    """Index ``bench`` with ``chunker`` (timed, from nothing) and score retrieval and answers on it."""
    from eval.bench import passage_tokens
    from index.build import embedding_text

    settings = Settings()
    settings = replace(settings, index=replace(settings.index, chunker=replace(settings.index.chunker, **chunker)))
    shutil.rmtree(cache, ignore_errors=True)
    t = time.perf_counter()
    ix = prepare_index(bench, cache, settings=settings)
    seconds = time.perf_counter() - t
    assistant = Assistant.load(ix, settings)
    texts = [embedding_text(c["title"], c["text"]) for c in assistant.index.chunks]
    kabar = run_benchmark(bench, ["kabar"], cache, settings=settings)["systems"]["kabar"]
    return {**chunker, "chunks": len(texts), "tokens": sum(passage_tokens(texts)),
            "index_s": round(seconds, 1), "ndcg@10": kabar["ndcg@10"], **answer_chunk_ranks(assistant, bench),
            **{k: kabar[k] for k in ("answer_f1", "answer_em", "gold_cited", "refused_answerable")}}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--training", default="../shared/training")
    ap.add_argument("--questions", type=int, default=400)
    ap.add_argument("--out", default="eval/results/chunking.json")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="kabar-chunking-"))
    try:
        results = {}
        for bench in training_articles(args.training, work / "sets", args.questions):
            results[bench.name] = [measure(bench, c, work / "cache") for c in CHUNKERS]
            print(json.dumps({bench.name: results[bench.name]}, indent=1), flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    Path(args.out).write_text(json.dumps({"command": "python -m eval.chunking --training " + args.training,
                                          "questions_per_set": args.questions, "sets": results}, indent=1) + "\n")


if __name__ == "__main__":
    main()

"""`kabar bench dates`: what a "what happened on <date>" question (qa.events) costs on a large index.

The first such question reads every article's dates once (``DateTable.build``); later ones select from the arrays.
The articles are the sample articles' texts, repeated with their own date mentions, in the index's article file
read as the index reads it (``ArticleTable``): the JSON parse of each whole record is most of the first cost.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
WINDOWS = ["Apa yang terjadi pada 15 Juni 2022?", "What happened in 2022?", "Apa yang terjadi sebelum 2022?"]


def bench_dates(n_articles: int = 100_000) -> dict:
    from index.articletable import ArticleTable
    from index.dates import find_dates
    from qa.events import DateTable
    from qa.window import question_window

    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "data" / "articles").glob("*.txt"))]
    records = [{"title": "", "text": t, "dates": [m.to_dict() for m in find_dates(t)]} for t in texts]
    work = Path(tempfile.mkdtemp(prefix="kabar-bench-dates-"))
    try:
        with open(work / "articles.jsonl", "w", encoding="utf-8") as fh:
            for i in range(n_articles):
                fh.write(json.dumps({"article_id": f"a{i:07d}", **records[i % len(records)]}, ensure_ascii=False) + "\n")
        table = ArticleTable(work / "articles.jsonl")
        t = time.perf_counter()
        dates = DateTable.build(SimpleNamespace(meta=table.meta, articles=table))
        build_s = time.perf_counter() - t
        selections = []
        for question in WINDOWS:
            window = question_window(question)
            t = time.perf_counter()
            rows = dates.inside(window)
            selections.append({"question": question, "mentions": int(len(rows)),
                               "ms": round((time.perf_counter() - t) * 1000, 1)})
        return {"articles": n_articles, "mentions": int(len(dates.start)),
                "mean_article_chars": round(sum(map(len, texts)) / len(texts)), "first_question_build_s":
                round(build_s, 2), "selections": selections}
    finally:
        shutil.rmtree(work, ignore_errors=True)

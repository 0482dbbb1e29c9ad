"""Score date resolution on hand-annotated paragraphs (``eval/dated_paragraphs.jsonl``: each paragraph's text,
publication date or null, and every date a reader would mark with the day, month or year it means, or null when
nothing in the text fixes it). Explicit dates (written out) and relative ones are scored apart:

- recall: gold dates (not null) that Kabar resolves to exactly the gold value, over all gold dates;
- precision: Kabar's resolved mentions that are right, over all it resolves (a resolved mention that matches
  no gold mention counts against it);
- invented: gold-null mentions to which Kabar nonetheless gives a calendar date (the rule is: never).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from index.dates import find_dates

DEFAULT_SET = Path(__file__).with_name("dated_paragraphs.jsonl")


def score_dates(path: Path = DEFAULT_SET) -> dict:
    counts = {k: {"gold": 0, "found": 0, "resolved": 0, "right": 0, "null_gold": 0, "invented": 0}
              for k in ("explicit", "relative")}
    errors = []
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        published = dt.date.fromisoformat(row["published"]) if row.get("published") else None
        predicted = [m for m in find_dates(row["text"], published) if m.value]
        matched: set[int] = set()
        for gold in row["dates"]:
            start = row["text"].index(gold["text"])
            end = start + len(gold["text"])
            c = counts[gold["kind"]]
            hit = next((i for i, m in enumerate(predicted) if m.start < end and start < m.end), None)
            value = predicted[hit].value if hit is not None else None
            if hit is not None:
                matched.add(hit)
                c["resolved"] += 1
            if gold["date"] is None:
                c["null_gold"] += 1
                c["invented"] += value is not None
                continue
            c["gold"] += 1
            c["found"] += hit is not None
            c["right"] += value == gold["date"]
            if value != gold["date"]:
                errors.append({"id": row["id"], "text": gold["text"], "gold": gold["date"], "kabar": value})
        for i, m in enumerate(predicted):
            if i not in matched:
                kind = "explicit" if m.resolution == "written" else "relative"
                counts[kind]["resolved"] += 1
                errors.append({"id": row["id"], "text": m.text, "gold": None, "kabar": m.value})
    out = {}
    for kind, c in counts.items():
        out[kind] = {"gold_dates": c["gold"], "recall": round(c["right"] / c["gold"], 3) if c["gold"] else None,
                     "precision": round(c["right"] / c["resolved"], 3) if c["resolved"] else None,
                     "unresolvable_in_gold": c["null_gold"], "invented": c["invented"]}
    return {"set": path.name, "kinds": out, "errors": errors}

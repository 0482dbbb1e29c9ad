"""Report tables (Markdown), JSON files and a Recall@k plot for eval results."""

from __future__ import annotations

import json
from pathlib import Path

COLUMNS = ["recall@1", "recall@5", "recall@10", "mrr@10", "ndcg@10", "citation_accuracy", "abstention_precision",
           "abstention_recall", "p50_ms", "p95_ms"]
# Answers, lenient beside strict: a gold string occurs in the answer | token F1 | exact match | words | refused.
ANSWER_COLUMNS = ["answer_accuracy", "answer_f1", "answer_em", "answer_words", "refused_answerable",
                  "short_answers", "gold_cited", "answered_questions"]


def markdown_table(result: dict) -> str:
    head = "| system | " + " | ".join(COLUMNS) + " |"
    rule = "|---" * (len(COLUMNS) + 1) + "|"
    rows = []
    for name, m in result["systems"].items():
        label = f"**{name}** (default)" if name == result["default"] else name
        rows.append("| " + label + " | " + " | ".join(_fmt(m.get(c)) for c in COLUMNS) + " |")
        for lang, by in m.get("retrieval_by_language", {}).items():  # the ranking columns only
            rows.append(f"| {name}, {lang} | " + " | ".join(_fmt(by.get(c)) for c in COLUMNS) + " |")
    title = f"### {result['benchmark']} ({result['split']})"
    if result.get("llm"):
        fallbacks = result["systems"].get(result["default"], {}).get("llm_fallbacks")
        title += f" — answers by LLM {result['llm']} ({fallbacks} fell back to extractive)"
    lines = [title, "", head, rule, *rows]
    default = result["systems"].get(result["default"], {})
    if default.get("answer_f1") is not None:
        lines += ["", "Answers of the default system (answerable questions with gold answers; answer_accuracy is "
                  "lenient: a gold string occurs in the answer; F1, EM and words are strict, against the short answer "
                  "that leads the answer where there is one (the reader's span, or a \"when\" answer's date), else "
                  "the answer text; short_answers: the share led by one):", "",
                  "| questions | " + " | ".join(ANSWER_COLUMNS) + " |", "|---" * (len(ANSWER_COLUMNS) + 1) + "|",
                  "| all | " + " | ".join(_fmt(default.get(c)) for c in ANSWER_COLUMNS) + " |"]
        for lang, m in default.get("by_language", {}).items():
            lines.append(f"| {lang} | " + " | ".join(_fmt(m.get(c)) for c in ANSWER_COLUMNS) + " |")
        for name, base in default.get("answer_baselines", {}).items():
            label = "baseline " + name.replace("_", " ")
            for lang, m in [("all", base), *base.get("by_language", {}).items()]:
                lines.append(f"| {label}, {lang} | " + " | ".join(_fmt(m.get(c)) for c in ANSWER_COLUMNS) + " |")
    return "\n".join(lines)


def _fmt(v) -> str:
    if v is None:
        return "–"
    return f"{v:.1f}" if isinstance(v, float) and v > 1.5 else f"{v:.3f}" if isinstance(v, float) else str(v)


def plot_recall(result: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ks = [1, 5, 10]
    fig, ax = plt.subplots(figsize=(5, 3.5))
    for name, m in result["systems"].items():
        ys = [m.get(f"recall@{k}") for k in ks]
        if None not in ys:
            ax.plot(ks, ys, marker="o", label=name, linewidth=2.5 if name == result["default"] else 1.2)
    ax.set_xlabel("k")
    ax.set_ylabel("Recall@k")
    ax.set_xticks(ks)
    ax.set_title(f"{result['benchmark']} ({result['split']})")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def save(result: dict, folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"{result['benchmark']}-{result['split']}" + (f"-{result['model']}" if result.get("model") else "") + \
        ("-llm" if result.get("llm") else "")
    paths = {"json": folder / f"{stem}.json", "md": folder / f"{stem}.md", "png": folder / f"{stem}.png"}
    paths["json"].write_text(json.dumps(result, indent=2), encoding="utf-8")
    paths["md"].write_text(markdown_table(result) + "\n", encoding="utf-8")
    plot_recall(result, paths["png"])
    return paths

"""What the web chat does on each event (a question, a source picked, an upload, the article list, an export);
the layout is ui.app.
Every answer comes from qa.Assistant; this module only bounds what a request carries and renders the result."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import gradio as gr

from index import build_index, list_articles, remove_articles
from index.ingest import SUFFIXES
from qa import Answer, Assistant
from qa.chain import bound_question
from qa.followup import turn_text
from ui.render import answer_markdown, article_html, sources_html, text_markdown

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
# What one request may carry back and forth: the chat history is sent with every question and returned with
# every streamed step, so it is bounded at the server (turns kept, characters per turn).
MAX_HISTORY_TURNS = 20
MAX_TURN_CHARS = 8000
MAX_K = 20


def safe_upload_name(name: str) -> str:
    """A file name that cannot leave the uploads folder: no separators, no leading dots, allowed suffix only."""
    base = Path(name.replace("\\", "/")).name
    stem, suffix = Path(base).stem, Path(base).suffix.lower()
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", stem).lstrip("._-")[:100] or "upload"
    if suffix not in SUFFIXES:
        raise ValueError(f"{base}: only {', '.join(sorted(SUFFIXES))} files are accepted")
    return stem + suffix


def store_uploads(paths: list[str], index_dir: Path) -> list[Path]:
    """Copy uploaded temp files into ``index_dir/uploads`` under safe names, refusing big or foreign files."""
    target = (index_dir / "uploads").resolve()
    target.mkdir(parents=True, exist_ok=True)
    stored = []
    for p in paths:
        src = Path(p)
        if src.stat().st_size > MAX_UPLOAD_BYTES:
            raise ValueError(f"{src.name}: larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB")
        dst = (target / safe_upload_name(src.name)).resolve()
        if dst.parent != target:
            raise ValueError(f"{src.name}: unsafe name")
        shutil.copyfile(src, dst)
        stored.append(dst)
    return stored


def bounded_history(history: object) -> list[dict]:
    """The last ``MAX_HISTORY_TURNS`` turns as role/content messages, each cut to ``MAX_TURN_CHARS``; any
    shape Gradio sends (content as a string or a list of parts) is accepted, anything else dropped."""
    if not isinstance(history, list):
        return []
    out = []
    for turn in history[-MAX_HISTORY_TURNS:]:
        if not isinstance(turn, dict) or turn.get("role") not in ("user", "assistant"):
            continue
        text = turn_text(turn.get("content"))
        if text is not None:
            out.append({"role": turn["role"], "content": text[:MAX_TURN_CHARS]})
    return out


def corpus_summary(assistant: Assistant) -> str:
    m = assistant.index.manifest
    updated = dt.datetime.fromtimestamp(m.get("updated", 0)).strftime("%Y-%m-%d %H:%M")
    store = f" · store `{m['store']}`" if m.get("store") else ""
    return (f"**{len(assistant.index.articles)}** articles · **{len(assistant.index)}** chunks · "
            f"model `{m['model']}`{store} · updated {updated}")


def answers_last_turn(answer: object, history: list[dict]) -> bool:
    """Whether ``answer`` is the answer to the chat's last question (not one from before a cleared chat)."""
    users = [turn_text(t.get("content")) for t in history if t.get("role") == "user"]
    return isinstance(answer, Answer) and bool(users) and users[-1] == answer.question


class ChatHandlers:
    """The event handlers of one web chat, bound to its assistant."""

    def __init__(self, assistant: Assistant):
        self.assistant = assistant

    def respond(self, message: str, history: list, k: int, rerank: bool, mode: str | None = None,
                sources: list[str] | None = None, since: str = "", until: str = "",
                previous: Answer | None = None) -> Iterator[tuple]:
        """Answer ``message`` after ``history``; ``previous`` is this browser's last answer (a ``gr.State``),
        which tells a follow-up what the answer before it cited."""
        assistant = self.assistant
        history = bounded_history(history)
        message = message if isinstance(message, str) else ""
        if not message.strip():  # Enter on an empty box: no bubble, nothing asked
            yield history, gr.update(), gr.update(), gr.update(), ""
            return
        # what is echoed is the question answered
        message, _ = bound_question(message, assistant.settings.max_question_chars)
        k = min(max(int(k or 1), 1), MAX_K)
        if mode not in (None, *assistant.modes):
            mode = None
        asked = history + ([previous] if answers_last_turn(previous, history) else [])
        history.append({"role": "user", "content": message})
        history.append({"role": "assistant", "content": "…"})
        answer: Answer | None = None
        streamed = ""
        try:
            for item in assistant.stream(message, history=asked, k=int(k), rerank=bool(rerank), mode=mode,
                                         sources=[x for x in sources or [] if isinstance(x, str)],
                                         since=(since or "").strip() or None, until=(until or "").strip() or None):
                if isinstance(item, Answer):
                    answer = item
                else:  # LLM tokens as they come; the checked answer replaces them at the end
                    streamed += item
                    history[-1] = {"role": "assistant", "content": text_markdown(streamed)}
                    yield history, "", gr.update(), None, ""
        except ValueError as exc:
            history[-1] = {"role": "assistant", "content": f"⚠️ {exc}"}
            yield history, "", gr.update(choices=[], value=None), None, ""
            return
        assert answer is not None
        full = answer_markdown(answer)
        if not streamed:  # an extractive answer is ready at once; reveal it in steps so it reads like a chat
            words = full.split(" ")
            step = max(1, len(words) // 12)
            for i in range(0, len(words), step):
                history[-1] = {"role": "assistant", "content": " ".join(words[: i + step])}
                yield history, "", gr.update(), None, ""
                time.sleep(0.02)
        history[-1] = {"role": "assistant", "content": full}
        choices = [(f"[{c.n}] {c.title or c.source}", i) for i, c in enumerate(answer.citations)]
        yield history, sources_html(answer), gr.update(choices=choices, value=None), answer, ""

    def current_summary(self) -> str:
        assistant = self.assistant
        assistant.refresh()
        return corpus_summary(assistant)

    def open_source(self, choice, answer: Answer | None) -> str:
        assistant = self.assistant
        if answer is None or choice is None or not (0 <= int(choice) < len(answer.citations)):
            return ""
        c = answer.citations[int(choice)]
        art = assistant.index.articles.get(c.source)
        if art is None:
            return ""
        return article_html(art["title"], c.source, art["text"], c.article_spans)

    def upload(self, files: list | None, progress=gr.Progress()) -> tuple:  # noqa: B008 - Gradio's injection
        assistant, index_dir = self.assistant, self.assistant.index.root.parent
        if not files:
            return corpus_summary(assistant), "No file chosen.", gr.update()
        try:
            stored = store_uploads([f if isinstance(f, str) else f.name for f in files], index_dir)
        except ValueError as exc:
            return corpus_summary(assistant), f"⚠️ {exc}", gr.update()
        progress(0.05, desc="Indexing")
        report = build_index(stored, index_dir, prune=False, lock_wait_s=30, settings=assistant.settings.index,
                             on_progress=lambda done, total: progress(done / max(total, 1), desc="Embedding"))
        assistant.reload()
        skipped = "".join(f"\n- skipped `{Path(s['path']).name}`: {s['reason']}" for s in report.skipped)
        # The list is cleared so the next click does not send the same files again.
        return (corpus_summary(assistant), f"Indexed {len(stored)} file(s): {report.embedded} new chunks.{skipped}",
                gr.update(value=None))

    def article_rows(self) -> list[list]:
        """The article list: id, title, source, the outlet it names, publication date, chunks, when added (newest
        first)."""
        self.assistant.refresh()
        return [[a.article_id, a.title, a.source, a.outlet or "", a.published or "", a.chunks,
                 (a.added or "").replace("T", " ").removesuffix("+00:00")] for a in list_articles(self.assistant.index)]

    def corpus_lists(self) -> tuple:
        """Everything that lists the corpus, as it is now: the article table, the removal and scope choices
        (after an upload, a removal, or an update made elsewhere and seen at page load)."""
        rows = self.article_rows()
        return (rows, gr.update(choices=sorted(self.assistant.index.articles)),
                gr.update(choices=self.scope_choices()))

    def scope_choices(self) -> list[str]:
        """What a question can be limited to: the sources, then the article ids."""
        arts = self.assistant.index.meta
        return sorted({r.get("source") or "" for r in arts.values()} - {""}) + sorted(arts)

    def remove(self, ids: list[str] | None) -> tuple:
        assistant = self.assistant
        ids = [i for i in ids or [] if isinstance(i, str)]
        if not ids:
            return self.article_rows(), corpus_summary(assistant), "No article chosen.", gr.update()
        try:
            gone = remove_articles(assistant.index.root.parent, ids, lock_wait_s=30)
        except KeyError as exc:
            return self.article_rows(), corpus_summary(assistant), f"⚠️ {exc.args[0]}", gr.update()
        assistant.reload()
        return (self.article_rows(), corpus_summary(assistant), f"Removed {len(gone)} article(s).",
                gr.update(choices=sorted(assistant.index.articles), value=[]))

    def export_answer(self, answer: Answer | None) -> str | None:
        """The last answer as a Markdown file with numbered references (None before any answer)."""
        return _markdown_file("kabar-answer.md", answer.to_markdown()) if answer is not None else None

    def export_chat(self, history: list) -> str | None:
        """The whole conversation as a Markdown file."""
        turns = bounded_history(history)
        if not turns:
            return None
        text = "\n\n".join(f"**{t['content']}**" if t["role"] == "user" else t["content"] for t in turns)
        return _markdown_file("kabar-conversation.md", "# Kabar conversation\n\n" + text + "\n")


def _markdown_file(name: str, text: str) -> str:
    """One small file per distinct text (named by its hash, so a repeated export is not a new file)."""
    import hashlib
    import tempfile

    folder = Path(tempfile.gettempdir()) / "kabar-export" / hashlib.sha1(text.encode()).hexdigest()[:16]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return str(folder / name)

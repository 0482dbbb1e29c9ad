"""HTML for answers, sources and articles. Article text is untrusted: every piece of it is escaped here,
and highlights are inserted between escaped segments, never inside them."""

from __future__ import annotations

import html
import re

from qa import Answer
from qa.compound import message_notices
from qa.markers import CITED


def highlight(text: str, spans: list[tuple[int, int]], anchor: str | None = None) -> str:
    """``text`` escaped, with each (start, end) span wrapped in <mark>; the first mark gets id ``anchor``."""
    out, pos = [], 0
    for i, (s, e) in enumerate(sorted((max(0, s), min(len(text), e)) for s, e in spans)):
        if s < pos or s >= e:
            continue
        out.append(html.escape(text[pos:s]))
        mark_id = f' id="{anchor}"' if anchor and i == 0 else ""
        out.append(f"<mark{mark_id}>{html.escape(text[s:e])}</mark>")
        pos = e
    out.append(html.escape(text[pos:]))
    return "".join(out).replace("\n", "<br>")


def text_markdown(text: str) -> str:
    """Escaped text (article sentences and LLM output may hold HTML), markers shown as superscripts."""
    body = html.escape(text, quote=False)
    body = re.sub(r"([*_`#~|\\])", r"\\\1", body)  # keep article text from turning into Markdown
    return CITED.sub(lambda m: f'<sup><a href="#kabar-src-{m.group(1)}" class="kabar-ref">[{m.group(1)}]</a></sup>', body)


def timeline_markdown(answer: Answer) -> str:
    """A timeline as a dated list: each line its date (bold), the date as written, the quoted sentence and its
    sources, every piece of article text escaped."""
    lines = []
    for e in answer.dates:
        refs = "".join(f"[{n}]" for n in e["citations"])
        lines.append(f"- **{html.escape(e['shown'])}** · {text_markdown(e['date_text'])}: "
                     f"{text_markdown(e['quote'] + ' ' + refs)}")
    return "\n".join(lines)


def answer_markdown(answer: Answer) -> str:
    """The chat message for a finished answer, with its notices; a message of several questions shows each question
    in bold with its own answer and notices, as one question's would be shown."""
    if answer.parts:
        body = "\n\n".join(f"**{text_markdown(p.question)}**\n\n{answer_markdown(p)}" for p in answer.parts)
        return body + "".join(f"\n\n_{html.escape(n)}_" for n in message_notices(answer))
    notes = "".join(f"\n\n_{html.escape(n)}_" for n in answer.notices)
    if answer.mode == "timeline" and not answer.abstained:
        return timeline_markdown(answer) + notes  # a long window's list says where it was cut
    body = text_markdown(answer.text)
    if answer.mode == "llm" and not answer.abstained:
        notes += "\n\n_Written by the LLM from the cited passages._"
    if answer.abstained:
        return f"⚠️ **{body}**{notes}"
    return body + notes


def sources_html(answer: Answer) -> str:
    if answer.abstained:
        return '<div class="kabar-empty">No passage supports an answer, so none is cited.</div>'
    if not answer.citations:
        return ""
    dates = {d.get("citation"): d for d in answer.dates}
    cards = []
    for c in answer.citations:
        date = dates.get(c.n)
        date_line = f'<div class="kabar-date">Date in the article: {html.escape(date["text"])}</div>' if date else ""
        if c.place(besides=c.source):
            date_line = f'<div class="kabar-date">{html.escape(c.place(besides=c.source))}</div>' + date_line
        cards.append(
            f'<div class="kabar-source" id="kabar-src-{c.n}" data-n="{c.n}">'
            f'<div class="kabar-head"><b>[{c.n}]</b> {html.escape(c.title or c.source)}</div>'
            f'<div class="kabar-id">{html.escape(c.source)}</div>{date_line}'
            f'<div class="kabar-passage">{highlight(c.text, c.quote_spans)}</div></div>'
        )
    return "\n".join(cards)


def article_html(title: str, article_id: str, text: str, spans: list[tuple[int, int]]) -> str:
    return (
        f'<div class="kabar-article"><h3>{html.escape(title or article_id)}</h3>'
        f'<div class="kabar-id">{html.escape(article_id)}</div>'
        f"<p>{highlight(text, spans, anchor='kabar-cited')}</p></div>"
    )


CSS = """
.kabar-source {border: 1px solid #d0d7de; border-radius: 8px; padding: 8px 10px; margin-bottom: 8px;}
.kabar-head {font-size: 0.95em;} .kabar-id {color: #6b7280; font-size: 0.8em;}
.kabar-date {font-size: 0.85em; margin-top: 2px;} .kabar-passage {margin-top: 6px; font-size: 0.9em;}
.kabar-passage mark, .kabar-article mark {background: #fde68a; padding: 0 2px;}
.kabar-article {max-height: 420px; overflow-y: auto;}
.kabar-source.kabar-flash {outline: 3px solid #f59e0b; transition: outline 0.3s;}
"""

# A click on an answer's [n] scrolls to source n and marks it (the chat renders markers as links to #kabar-src-n;
# the browser's own jump would be swallowed by the chat's scrolling container).
HEAD = """<script>
document.addEventListener("click", (event) => {
  const link = event.target.closest && event.target.closest("a.kabar-ref");
  if (!link) return;
  const card = document.getElementById(link.getAttribute("href").slice(1));
  if (!card) return;
  event.preventDefault();
  card.scrollIntoView({behavior: "smooth", block: "center"});
  card.classList.add("kabar-flash");
  setTimeout(() => card.classList.remove("kabar-flash"), 1500);
}, true);
</script>"""

"""What a question gets back: an ``Answer`` with numbered ``Citation``s, and its one JSON form (the
`kabar ask --json` contract, the eval's records and the Python API's ``to_dict`` are the same object)."""

from __future__ import annotations

from dataclasses import dataclass, field

from index.published import named_outlet


@dataclass
class Citation:
    n: int  # the [n] marker in the answer text
    source: str  # article id (file name, or file#record for JSONL)
    title: str
    text: str  # the chunk
    quote: str  # the supporting sentence(s)
    score: float
    chunk_id: str
    quote_spans: list[tuple[int, int]] = field(default_factory=list)  # offsets in ``text``
    article_spans: list[tuple[int, int]] = field(default_factory=list)  # offsets in the cleaned article
    published: str | None = None  # the article's publication date (ISO), when known
    outlet: str | None = None  # where the article came from: its outlet (``named_outlet``), else its folder
    page: int | None = None  # the PDF page the quote starts on

    def to_dict(self) -> dict:
        return {"n": self.n, "source": self.source, "title": self.title, "text": self.text, "quote": self.quote,
                "score": self.score, "chunk_id": self.chunk_id, "quote_spans": [list(s) for s in self.quote_spans],
                "article_spans": [list(s) for s in self.article_spans], "published": self.published,
                "outlet": self.outlet, "page": self.page}

    def place(self, besides: str = "") -> str:
        """Where to find the quote: outlet, page and publication date, as a reader writes them (the outlet left
        out when it is ``besides``, e.g. a web page's address shown as its id already)."""
        page = f"p. {self.page}" if self.page is not None else None
        return ", ".join(x for x in (self.outlet if self.outlet != besides else None, page, self.published) if x)


def provenance(article: dict, offset: int) -> dict:
    """The Citation fields an article gives at ``offset``: publication date, outlet, PDF page."""
    page = None
    for start, number in article.get("pages") or ():
        if start > offset and page is not None:
            break
        page = number
    return {"published": article.get("published"), "outlet": named_outlet(article) or article.get("source") or None,
            "page": page}


def article_citation(citations: dict[str, Citation], art: dict, span: tuple[int, int]) -> Citation:
    """The citation of an article's own sentences, not of a retrieved chunk (a timeline's events, a count's
    articles): one per article in ``citations`` (numbered as added), the sentence at ``span`` added to its quote."""
    cite = citations.get(art["article_id"])
    if cite is None:
        cite = Citation(len(citations) + 1, art["article_id"], art.get("title", ""), "", "", 0.0, "",
                        **provenance(art, span[0]))
        citations[art["article_id"]] = cite
    if span not in cite.article_spans:
        cite.article_spans.append(span)
        cite.quote = cite.text = " … ".join(art["text"][s:e] for s, e in cite.article_spans)
        cite.quote_spans = [(0, len(cite.text))]
    return cite


def title_line(title: str | None, article_id: str) -> str:
    """An article's title on one line, its id where it has none (as answers list articles)."""
    return " ".join(str(title or article_id).split())


@dataclass
class Answer:
    question: str
    text: str
    citations: list[Citation]
    abstained: bool
    # the event dates the answer gives: index.dates.DateMention fields plus "article_id" and "citation" (its n);
    # for a timeline (mode "timeline"), its events: date, shown, date_text, quote, citations
    dates: list[dict] = field(default_factory=list)
    timings_ms: dict[str, float] = field(default_factory=dict)
    language: str = "id"  # of the question: "id" or "en"
    notices: list[str] = field(default_factory=list)
    standalone_question: str | None = None  # the follow-up made standalone, when it was
    support: float = 0.0  # the evidence score the abstention threshold is applied to
    short_answer: str | None = None  # what leads the answer, when it is short: the reader's span, or a "when" answer's date
    mode: str = "extractive"  # "llm": a chat model wrote it; "timeline", "count" (qa.tally), "summary" (a
    # digest of every article naming a topic: qa.summary), "sources" (the previous answer's: qa.sources), "parts" (mixed)
    parts: list[Answer] = field(default_factory=list)  # a message of several questions: each one's answer (qa.compound)

    def to_markdown(self) -> str:
        """The answer to take elsewhere: the question, the answer with its [n] markers, and numbered references
        (title, source, outlet, page, publication date, the quoted sentence)."""
        lines = [f"**{_md_escape(self.question)}**", "", _md_escape(self.text)]
        lines += ["", *(f"> {_md_escape(n)}" for n in self.notices)] if self.notices else []
        if self.citations:
            lines += [""]
            for c in self.citations:
                where = ", ".join(x for x in (c.source, c.place(besides=c.source)) if x)
                quote = " ".join(c.quote.split())
                lines.append(f"[{c.n}] {_md_escape(c.title or c.source)} ({_md_escape(where)}): “{_md_escape(quote)}”")
        return "\n".join(lines) + "\n"

    def to_dict(self) -> dict:
        """The JSON form of an answer (README, "JSON output")."""
        return {
            "question": self.question,
            "answer": self.text,
            "abstained": self.abstained,
            "citations": [c.to_dict() for c in self.citations],
            "dates": self.dates,
            "timings_ms": self.timings_ms,
            "language": self.language,
            "notices": self.notices,
            "standalone_question": self.standalone_question,
            "short_answer": self.short_answer,
            "support": round(self.support, 4),
            "mode": self.mode,
            "parts": [p.to_dict() for p in self.parts],
        }


def _md_escape(text: str) -> str:
    """Text shown as written in Markdown: characters that would start markup (or HTML) are escaped; the answer's
    own [n] markers stay readable."""
    out = []
    for ch in text:
        out.append("\\" + ch if ch in "\\`*_{}<>#|~" else ch)
    return "".join(out)

"""An HTML page's article text: trafilatura's main text, plus what it leaves out that is still the article's.

trafilatura finds the main text and leaves the page's boilerplate out, but it also leaves out text that is news:
photo captions ("Xi dan Putin berjabat tangan di Kremlin, Senin (20/3/2023).") and table cells; and a file with
text but no markup to speak of (a fragment, plain text saved as .html) gives nothing at all. So a caption or a
cell that reads as a sentence (``index.clean.is_sentence``, the cleaning's own test) and is not in the text
already is added at the end, and a page where trafilatura finds nothing is read as its visible text, a line per
block. The cleaning step then judges every line as it judges any other article's.
"""

from __future__ import annotations

from dataclasses import dataclass

from index.clean import is_sentence, normalise_line

HIDDEN_TAGS = ("script", "style", "noscript", "template", "head")  # what a browser does not show
_BLOCKS = ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th", "blockquote", "section",
           "article", "main", "header", "footer", "nav", "aside", "figure", "figcaption", "pre", "dd", "dt")
_PARAGRAPHS = ("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "table", "section", "article")


@dataclass(frozen=True)
class HtmlArticle:
    lines: list[str]
    title: str | None
    date: str | None
    url: str | None
    site: str | None


def read_html(html: str, url: str | None = None) -> HtmlArticle:
    """The article in ``html`` (``url``: the page's address, when fetched)."""
    import trafilatura

    # tables stay out of trafilatura's text: a page laid out in a table would come back as one merged row
    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False, include_tables=False)
    text = (getattr(doc, "text", None) or "") if doc is not None else ""
    lines = text.splitlines()
    if not any(line.strip() for line in lines):
        lines = visible_lines(html)
    have = " ".join(normalise_line(line) for line in lines)
    lines += [s for s in left_out_sentences(html) if s not in have]
    return HtmlArticle(lines, getattr(doc, "title", None), getattr(doc, "date", None), getattr(doc, "url", None),
                       getattr(doc, "sitename", None))


def visible_lines(html: str) -> list[str]:
    """The text a browser shows, one line per block (scripts, styles and the head left out); none when lxml
    cannot read the page."""
    tree = _tree(html)
    if tree is None:
        return []
    for element in tree.iter(*_BLOCKS):
        element.text = "\n" + (element.text or "")
        element.tail = "\n" + (element.tail or "")
    return [normalise_line(line) for line in tree.text_content().splitlines()]


def left_out_sentences(html: str) -> list[str]:
    """The photo captions and table cells (those holding no paragraphs of their own) that read as sentences, in
    page order: the parts of an article trafilatura leaves out."""
    tree = _tree(html)
    out: list[str] = []
    for element in tree.iter("figcaption", "td", "th") if tree is not None else ():
        if element.tag != "figcaption" and any(True for _ in element.iter(*_PARAGRAPHS)):
            continue  # a cell of a page laid out in a table: its paragraphs are trafilatura's to read
        sentence = normalise_line(element.text_content())
        if is_sentence(sentence) and sentence not in out:
            out.append(sentence)
    return out


def _tree(html: str):
    """The parsed page without its hidden parts, or None (lxml parses in linear time; a page it cannot read is
    left to trafilatura alone)."""
    from lxml import etree
    from lxml import html as lxml_html

    try:
        tree = lxml_html.document_fromstring(html)
    except (ValueError, etree.LxmlError):
        return None
    for element in list(tree.iter(*HIDDEN_TAGS)):
        element.drop_tree()
    return tree

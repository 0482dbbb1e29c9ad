"""Sentence-aware chunks with character offsets into the cleaned article text: a few sentences per chunk
(index.sentences), by default each sentence in one chunk only (``overlap`` repeats some). Every offset points
into the cleaned text, so the UI can highlight exact spans."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import accumulate

from index.sentences import Sentence, split_sentences


@dataclass
class Chunk:
    chunk_id: str
    article_id: str
    title: str
    text: str
    start: int
    end: int
    sentences: list[tuple[int, int]] = field(default_factory=list)  # offsets in the article's cleaned text


def chunk_article(
    article_id: str,
    title: str,
    text: str,
    target_words: int = 60,
    max_words: int = 160,
    overlap: int = 0,
) -> list[Chunk]:
    """Group sentences into chunks of about ``target_words`` words, repeating ``overlap`` sentences."""
    sentences = _split_long(text, split_sentences(text), max_words)
    words = [len(text[x.start : x.end].split()) for x in sentences]
    after = list(accumulate(reversed(words), initial=0))[::-1]  # after[k]: words from sentence k to the end
    chunks: list[Chunk] = []
    i = 0
    while i < len(sentences):
        j, n_words = i, 0
        while j < len(sentences) and (n_words < target_words or j == i):
            n_words += words[j]
            j += 1
            if j < len(sentences) and n_words + words[j] > max_words:
                break
        if after[j] < target_words // 3 and n_words + after[j] <= max_words:
            j = len(sentences)  # a short tail (a byline, an agency's initials) joins this chunk: alone, it means little
        group = sentences[i:j]
        s, e = group[0].start, group[-1].end
        chunks.append(
            Chunk(
                chunk_id=f"{article_id}#{len(chunks)}",
                article_id=article_id,
                title=title,
                text=text[s:e],
                start=s,
                end=e,
                sentences=[(x.start, x.end) for x in group],
            )
        )
        if j >= len(sentences):
            break
        i = max(j - overlap, i + 1)
    return chunks


def _split_long(text: str, sentences: list[Sentence], max_words: int) -> list[Sentence]:
    """Cut run-on "sentences" (a 5 MB line with no full stop) into word windows of at most ``max_words``."""
    out: list[Sentence] = []
    for sent in sentences:
        words = list(re.finditer(r"\S+", text[sent.start : sent.end]))
        if len(words) <= max_words:
            out.append(sent)
            continue
        for k in range(0, len(words), max_words):
            part = words[k : k + max_words]
            out.append(Sentence(sent.start + part[0].start(), sent.start + part[-1].end()))
    return out

"""BM25 over chunks with bm25s: Indonesian Snowball stemmer (PyStemmer) and Indonesian + English stopwords."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np

# A common Indonesian function-word list (Tala 2003, abridged) plus bm25s's English list.
_STOPWORDS_ID = """ada adalah adanya agar akan akankah aku anda antara apa apakah atau bagaimana bagi bahwa banyak
begitu beberapa belum berapa bisa boleh bukan dalam dan dapat dari daripada demikian dengan di dia dulu guna hal hanya
harus hingga ia ialah ini itu jadi jika juga kalau kami kamu kapan karena ke kemudian kenapa kepada ketika kini kita
lagi lain lalu maka mana masih mereka meski mungkin namun nya oleh pada para per pernah pula saat saja sama sambil
sampai sangat saya se sebagai sebelum sedang sehingga sejak sekali selain seperti serta sesudah setelah siapa
sudah supaya tak tanpa telah tentang terhadap tetapi tidak untuk yaitu yakni yang""".split()


def _stopwords() -> list[str]:
    from bm25s.stopwords import STOPWORDS_EN

    return sorted(set(_STOPWORDS_ID) | set(STOPWORDS_EN))


def top_scores(scores: np.ndarray, k: int) -> list[tuple[int, float]]:
    """The ``k`` best documents with a positive score, best first, ties by row. Only the documents a query term
    occurs in are ranked: a full argpartition over a million scores took 35 ms, this takes one."""
    hits = np.flatnonzero(scores > 0)
    if len(hits) > k:
        hits = hits[np.argpartition(-scores[hits], k - 1)[:k]]
    hits = hits[np.lexsort((hits, -scores[hits]))]
    return [(int(i), float(scores[i])) for i in hits]


class BM25Index:
    """bm25s with the tokenizer settings persisted next to the index, so queries are tokenised alike."""

    def __init__(self, k1: float = 1.2, b: float = 0.75, language: str = "indonesian") -> None:
        import bm25s

        self.params = {"k1": k1, "b": b, "language": language}
        self.model = bm25s.BM25(k1=k1, b=b)
        self.size = 0

    def tokenize(self, texts: list[str]) -> list[list[str]]:
        import bm25s
        import Stemmer

        stemmer = Stemmer.Stemmer(self.params["language"])
        return bm25s.tokenize(texts, stopwords=_stopwords(), stemmer=stemmer, show_progress=False, return_ids=False)

    def fit(self, texts: list[str]) -> BM25Index:
        self.size = len(texts)
        if texts:
            tokens = self.tokenize(texts)
            # bm25s cannot index an all-empty corpus; a placeholder token keeps it valid without matching queries.
            self.model.index([t or ["\x00"] for t in tokens], show_progress=False)
        return self

    def search(self, queries: list[str], k: int, rows: np.ndarray | None = None) -> list[list[tuple[int, float]]]:
        """``rows``: score only these documents (bm25s's weight mask)."""
        if self.size == 0 or (rows is not None and len(rows) == 0):
            return [[] for _ in queries]
        k = min(k, self.size if rows is None else len(rows))
        mask = None
        if rows is not None:
            mask = np.zeros(self.size, dtype=np.float32)
            mask[rows] = 1.0
        out = []
        vocab = self.model.vocab_dict
        for tokens in self.tokenize(queries):
            known = [t for t in tokens if t in vocab]
            if not known:
                out.append([])
                continue
            out.append(top_scores(self.model.get_scores(known, weight_mask=mask), k))
        return out

    def idf(self) -> dict[str, float]:
        """BM25's IDF per vocabulary term (document frequency from the CSC column lengths), cached."""
        if getattr(self, "_idf", None) is None:
            self._idf = {}
            if self.size:
                df = np.diff(self.model.scores["indptr"])
                n = self.size
                self._idf = {t: math.log(1 + (n - int(df[i]) + 0.5) / (int(df[i]) + 0.5))
                             for t, i in self.model.vocab_dict.items() if i < len(df)}
        return self._idf

    def unknown_idf(self) -> float:
        """The IDF a term absent from the corpus would have."""
        return math.log(1 + (self.size + 0.5) / 0.5)

    def known_share(self, query: str) -> float:
        """IDF-weighted share of the query's terms that occur in the corpus: near 0 for a question in another
        language than the articles, where BM25 can only match names and should count for little."""
        tokens = set(self.tokenize([query])[0]) if self.size else set()
        if not tokens:
            return 0.0
        idf = self.idf()
        found = sum(idf[t] for t in tokens if t in idf)
        total = found + self.unknown_idf() * sum(1 for t in tokens if t not in idf)
        return found / total if total else 0.0

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "kabar_bm25.json").write_text(json.dumps({**self.params, "size": self.size}))
        if self.size:
            self.model.save(str(folder), show_progress=False)

    @classmethod
    def load(cls, folder: Path) -> BM25Index:
        import bm25s

        meta = json.loads((folder / "kabar_bm25.json").read_text())
        obj = cls(meta["k1"], meta["b"], meta["language"])
        obj.size = meta["size"]
        if obj.size:
            # mapped, not read: a query touches the score columns of its own terms only
            obj.model = bm25s.BM25.load(str(folder), show_progress=False, mmap=True)
        return obj


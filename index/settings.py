"""The index layer's settings: what shapes an index (model, chunker, BM25, the approximate search) and the
bounds on what is read. The shaping parts are written into each generation's manifest, so a reader knows how
its index was built; changing the chunker or the model re-embeds the articles on the next `kabar index`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

DEFAULT_MODEL = "multilingual-e5-small"  # the base model (fp32, sentence-transformers); the reader sits on it
# What a new index embeds with: the same model through the int8 ONNX Runtime engine (index/onnx_encoder.py),
# about twice as fast on a CPU. An existing index keeps the model its manifest names.
DEFAULT_INDEX_MODEL = DEFAULT_MODEL + "@onnx-int8"


@dataclass
class ChunkerSettings:
    target_words: int = 60  # words per chunk, about three news sentences
    max_words: int = 160  # e5-small reads 512 tokens; 160 Indonesian words stay well inside
    # Sentences repeated between neighbouring chunks. None by default: one sentence of overlap cost a third more
    # tokens to embed (and 1.4x the indexing time) for next to nothing, measured on training articles of many
    # chunks (`python -m eval.chunking`, eval/results/chunking.json, 400 questions a set): without it nDCG@10 is
    # 0.003 / 0.0015 lower, answer F1 +0.003 / -0.006, gold article cited -0.008 / -0.003 (a few questions).
    overlap: int = 0


@dataclass
class BM25Settings:
    k1: float = 1.2  # the textbook defaults (Robertson et al.); not fitted
    b: float = 0.75
    language: str = "indonesian"  # the stemmer and stopwords


@dataclass
class ANNSettings:
    exact_below: int = 200_000  # chunks; exact inner-product search below, HNSW from here on
    hnsw_m: int = 32
    # HNSW search breadth above exact_below. On the synthetic 1M-chunk index of `kabar bench scale` (8-bit codes,
    # exact rescoring), recall@10 against exact search was 0.94 at 256, 0.95 at 512, 0.97 at 1024 (3.8 ms).
    ef_search: int = 1024
    ef_construction: int = 80
    rescore: int = 4  # HNSW proposes this many times k candidates, ranked exactly from the float32 vectors


@dataclass
class IndexSettings:
    model: str = DEFAULT_INDEX_MODEL
    batch_size: int = 32  # passages per encoder batch
    max_file_bytes: int = 20 * 1024 * 1024
    chunker: ChunkerSettings = field(default_factory=ChunkerSettings)
    bm25: BM25Settings = field(default_factory=BM25Settings)
    ann: ANNSettings = field(default_factory=ANNSettings)

    def shape(self) -> dict:
        """The settings that decide an index's content, as the manifest stores them."""
        return {"chunker": asdict(self.chunker), "bm25": asdict(self.bm25), "ann": asdict(self.ann)}

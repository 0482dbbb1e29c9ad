"""The index directory: generations written whole, then published by one atomic rename.

    DIR/CURRENT            name of the live generation (replaced atomically with os.replace)
    DIR/gen-NNNNNN/        manifest.json, articles.jsonl, chunks.jsonl (+ chunk_offsets.npy, chunk_articles.npy),
                           vectors.npy, bm25/, [ann.faiss]
    DIR/.lock              held (flock) by the one writer

A reader opens whatever CURRENT names; a writer killed at any point leaves CURRENT on the old,
complete generation. Vectors are plain float32 .npy, memory-mapped on load and the only copy (index.dense: exact
search below ``ANNSettings.exact_below`` chunks, HNSW over 8-bit codes with exact rescoring above); chunk records
are read on demand (index.chunktable). An index whose
manifest names a Milvus store keeps no vectors here: search goes to Milvus (index.milvus), the folder is its catalog.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from index.articletable import ArticleTable
from index.chunktable import ChunkTable, read_chunks, write_chunks
from index.dense import ann_search, build_ann, exact_search, random_access, read_rows
from index.errors import IndexLockedError, IndexStoreError, ModelMismatchError  # noqa: F401 - re-exported
from index.files import atomic_path, remove_path, write_jsonl, write_text_atomic
from index.milvus import MilvusStore, is_milvus
from index.records import ArticleRecord, ChunkRecord
from index.settings import ANNSettings
from index.textsearch import BM25Index
from index.writelock import check_writable, writer_lock  # noqa: F401 - re-exported

FORMAT_VERSION = 1


@dataclass
class Index:
    """A loaded index: chunk records, article records, vectors, FAISS and BM25."""

    root: Path
    manifest: dict
    articles: Mapping[str, ArticleRecord]  # an ArticleTable once loaded (index.articletable)
    chunks: list[ChunkRecord] | ChunkTable
    vectors: np.ndarray
    bm25: BM25Index
    faiss_index: object = None
    remote: MilvusStore | None = None  # set when the vectors and BM25 live in Milvus (index.milvus)
    warning: str | None = None  # set when CURRENT was damaged and another generation was opened
    _by_article: dict[str, list[int]] = field(default_factory=dict)

    @property
    def model(self) -> str:
        return self.manifest["model"]

    def __len__(self) -> int:
        return len(self.chunks)

    @property
    def meta(self) -> Mapping[str, dict]:
        """Every article's light fields (all but its text and dates), without reading the heavy ones."""
        return getattr(self.articles, "meta", self.articles)

    def rows_of(self, article_id: str) -> list[int]:
        if not self._by_article:
            if isinstance(self.chunks, ChunkTable):
                self._by_article = self.chunks.rows_by_article()  # from its article column: nothing parsed
            else:
                for row, c in enumerate(self.chunks):
                    self._by_article.setdefault(c["article_id"], []).append(row)
        return self._by_article.get(article_id, [])

    def sentence_at(self, article_id: str, offset: int) -> tuple[int, int, int] | None:
        """(chunk row, start, end) of the chunk sentence that holds the article offset, else None."""
        for row in self.rows_of(article_id):
            for s, e in self.chunks[row]["sentences"]:
                if s <= offset < e:
                    return row, int(s), int(e)
        return None

    def search_dense(self, query_vectors: np.ndarray, k: int, rows: np.ndarray | None = None
                     ) -> list[list[tuple[int, float]]]:
        """The top ``k`` chunks per query vector; ``rows``: only among these (scored exactly)."""
        if self.remote is not None:
            return self.remote.search_dense(query_vectors, k, rows)
        if len(self.chunks) == 0 or (rows is not None and len(rows) == 0):
            return [[] for _ in range(len(query_vectors))]
        if rows is not None or self.faiss_index is None:
            return exact_search(self.vectors, query_vectors, k, rows)
        return ann_search(self.faiss_index, self.vectors, query_vectors, k, manifest_ann(self.manifest).rescore)

    def search_bm25(self, queries: list[str], k: int, rows: np.ndarray | None = None
                    ) -> list[list[tuple[int, float]]]:
        """BM25's top ``k`` chunks per query; ``rows``: only among these."""
        if self.remote is not None:
            return self.remote.search_terms(self.bm25.tokenize(queries), k, rows)
        return self.bm25.search(queries, k, rows)

    def vectors_at(self, rows: list[int]) -> np.ndarray:
        """The stored vectors of these chunk rows, wherever they live."""
        if self.remote is not None:
            return self.remote.vectors_at(rows, self.vectors.shape[1])
        return read_rows(self.vectors, rows)


def generation_number(gen: Path) -> int:
    try:
        return int(gen.name.split("-", 1)[1])
    except (IndexError, ValueError):
        return -1


def complete_generations(root: Path) -> list[Path]:
    """Generations with a manifest (written whole), newest first."""
    gens = [g for g in root.glob("gen-*") if generation_number(g) >= 0 and (g / "manifest.json").exists()]
    return sorted(gens, key=generation_number, reverse=True)


def resolve_generation(root: Path) -> tuple[Path | None, str | None]:
    """The live generation and, when ``CURRENT`` is missing or names no complete generation while one exists,
    a warning saying which generation is used instead (the newest complete one)."""
    pointer = root / "CURRENT"
    named = ""
    if pointer.exists():
        try:
            named = pointer.read_text(encoding="utf-8", errors="replace").strip()
        except OSError:
            named = ""
        gen = root / named
        if named and "/" not in named and gen.name.startswith("gen-") and (gen / "manifest.json").exists():
            return gen, None
    gens = complete_generations(root) if root.is_dir() else []
    if not gens:
        return None, None
    what = f"CURRENT names {named!r}, which is not a complete generation" if pointer.exists() else "CURRENT is missing"
    return gens[0], f"{root}: {what}; using the newest complete generation {gens[0].name}"


def current_manifest(root: str | Path) -> dict:
    """The live generation's manifest (what built the index: model, chunker, store...); {} when there is none."""
    gen = resolve_generation(Path(root))[0]
    return json.loads((gen / "manifest.json").read_text(encoding="utf-8")) if gen else {}


def load_index(root: str | Path, expect_model: str | None = None) -> Index:
    """Open the live generation of ``root``; raise a clear error when there is none, it is damaged, or the
    model differs. A damaged ``CURRENT`` falls back to the newest complete generation (``Index.warning``)."""
    root = Path(root)
    gen, warning = resolve_generation(root)
    if gen is None:
        raise IndexStoreError(f"no index at {root} (build one with `kabar index FOLDER --index {root}`)")
    try:
        index = _load_generation(root, gen, expect_model)
    except IndexStoreError:
        raise
    except (OSError, ValueError, KeyError, TypeError, RuntimeError, EOFError) as exc:
        raise IndexStoreError(damaged_message(root, gen, exc)) from exc
    index.warning = warning
    return index


def damaged_message(root: Path, gen: Path, exc: BaseException) -> str:
    name = getattr(exc, "filename", None) or getattr(exc, "kabar_file", None) or "a file"
    older = [g.name for g in complete_generations(root) if generation_number(g) < generation_number(gen)]
    way_out = f"rebuild with `kabar index FOLDER --index {root} --rebuild`"
    if older:
        way_out += f", or point {root / 'CURRENT'} at the previous generation {older[0]}"
    reason = (exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)).splitlines()[0][:160]
    return f"index at {root} is damaged: {Path(str(name)).name} in {gen.name}: {reason}; {way_out}"


def _load_generation(root: Path, gen: Path, expect_model: str | None) -> Index:
    manifest = _guarded(gen / "manifest.json", lambda p: json.loads(p.read_text(encoding="utf-8")))
    if not isinstance(manifest, dict) or "model" not in manifest:
        raise IndexStoreError(damaged_message(root, gen, _FileError(gen / "manifest.json", "not an index manifest")))
    if manifest.get("format") != FORMAT_VERSION:
        raise IndexStoreError(f"index at {root} has format {manifest.get('format')}, this Kabar reads {FORMAT_VERSION}; "
                              "rebuild it with `kabar index --rebuild`")
    if expect_model and manifest["model"] != expect_model:
        raise ModelMismatchError(
            f"index at {root} was built with model {manifest['model']!r}, not {expect_model!r}; "
            f"use --model {manifest['model']} or rebuild with `kabar index --rebuild --model {expect_model}`"
        )
    articles = _guarded(gen / "articles.jsonl", ArticleTable)
    chunks = _guarded(gen / "chunks.jsonl", lambda p: read_chunks(gen, list(articles)))
    if is_milvus(manifest.get("store")):
        remote = MilvusStore.from_manifest(manifest).attach(articles.meta, chunks)  # its own errors say what is wrong
        bm25 = _guarded(gen / "bm25", BM25Index.load)
        return Index(gen, manifest, articles, chunks, np.zeros((0, manifest["dim"]), np.float32), bm25, remote=remote)
    vectors = _guarded(gen / "vectors.npy", lambda p: np.load(p, mmap_mode="r"))
    if len(vectors) != len(chunks):
        raise IndexStoreError(damaged_message(root, gen, _FileError(
            gen / "vectors.npy", f"{len(vectors)} vectors for {len(chunks)} chunks")))
    ann = gen / "ann.faiss"
    if ann.exists():
        import faiss

        faiss_index = _guarded(ann, lambda p: faiss.read_index(str(p)))
        faiss_index.hnsw.efSearch = manifest_ann(manifest).ef_search
        random_access(vectors)  # a large index: rescoring reads a few scattered rows, not whole regions
    else:
        faiss_index = None  # exact search straight over the mapped vectors (index.dense)
    bm25 = _guarded(gen / "bm25", BM25Index.load)
    return Index(gen, manifest, articles, chunks, vectors, bm25, faiss_index)


def manifest_ann(manifest: dict) -> ANNSettings:
    """The approximate-search settings an index was built with (the defaults for indexes that predate them)."""
    return ANNSettings(**manifest.get("ann", {}))


class _FileError(ValueError):
    def __init__(self, path: Path, reason: str):
        super().__init__(reason)
        self.kabar_file = str(path)


def _guarded(path: Path, read):
    """Read one file of a generation; any failure names that file."""
    try:
        return read(path)
    except Exception as exc:  # noqa: BLE001 - re-raised with the file's name
        raise _FileError(path, f"{type(exc).__name__}: {exc}") from exc


def write_generation(
    root: Path, manifest: dict, articles: list[ArticleRecord], chunks: list[ChunkRecord], vectors: np.ndarray | None,
    bm25: BM25Index,
    replaces: Path | None = None,
) -> Path:
    """Write a complete new generation, publish it atomically, then remove the one it replaces (and no other:
    a generation this run did not read stays where it is). A failure removes the half-written folder.
    ``vectors`` None: they live in the store the manifest names (Milvus), not in the folder."""
    root.mkdir(parents=True, exist_ok=True)
    numbers = [generation_number(g) for g in root.glob("gen-*")]
    gen = root / f"gen-{max(numbers, default=0) + 1:06d}"
    # temporary names that remove_temporary recognises after a crash
    with atomic_path(gen, temp=root / f".tmp-{gen.name}-{os.getpid()}") as tmp:
        tmp.mkdir()
        write_jsonl(tmp / "articles.jsonl", articles)
        write_chunks(tmp / "chunks.jsonl", chunks, [a["article_id"] for a in articles])
        if vectors is not None:
            with open(tmp / "vectors.npy", "wb") as fh:
                np.save(fh, np.ascontiguousarray(vectors, dtype=np.float32))
        bm25.save(tmp / "bm25")
        ann = manifest_ann(manifest)
        if vectors is not None and len(vectors) >= ann.exact_below:
            import faiss

            faiss.write_index(build_ann(vectors, ann), str(tmp / "ann.faiss"))
        manifest = {**manifest, "format": FORMAT_VERSION, "generation": gen.name, "updated": time.time()}
        (tmp / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8")
    write_text_atomic(root / "CURRENT", gen.name, temp=root / f".CURRENT.{os.getpid()}")
    if replaces is not None and replaces.resolve() != gen.resolve() and replaces.parent.resolve() == root.resolve():
        shutil.rmtree(replaces, ignore_errors=True)
    remove_temporary(root)
    return gen


def remove_temporary(root: Path) -> None:
    """Half-written generations and pointers left by an interrupted writer (call only under the lock)."""
    for stale in [*root.glob(".tmp-*"), *root.glob(".CURRENT.*")]:
        remove_path(stale)

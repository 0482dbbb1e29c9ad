"""Turn article files into a searchable, versioned index (FAISS + BM25) on disk."""

from index.build import BuildReport, build_index
from index.catalog import ArticleSummary, list_articles, remove_articles
from index.dates import DateMention, find_dates
from index.embed import DEFAULT_MODEL, Encoder, get_encoder
from index.settings import DEFAULT_INDEX_MODEL
from index.store import Index, IndexLockedError, IndexStoreError, ModelMismatchError, load_index

__all__ = [
    "DEFAULT_INDEX_MODEL",
    "DEFAULT_MODEL",
    "ArticleSummary",
    "BuildReport",
    "DateMention",
    "Encoder",
    "Index",
    "IndexLockedError",
    "IndexStoreError",
    "ModelMismatchError",
    "build_index",
    "find_dates",
    "get_encoder",
    "list_articles",
    "load_index",
    "remove_articles",
]

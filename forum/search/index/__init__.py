"""The Whoosh index: the only code that imports whoosh.

    store.py     schema, documents, generations on disk, writing (IndexStore)
    reading.py   the pool of open searchers, searches, highlights, spelling (Reader)
    scoring.py   BM25F over the postings, grouped by thread (Scorer)
"""

from forum.search.index.reading import Filters, Hit, IndexUnavailable, Matches, Reader, forget
from forum.search.index.store import ANALYZER, SCHEMA, SCHEMA_VERSION, Document, IndexStore

__all__ = [
    "ANALYZER",
    "SCHEMA",
    "SCHEMA_VERSION",
    "Document",
    "Filters",
    "Hit",
    "IndexStore",
    "IndexUnavailable",
    "Matches",
    "Reader",
    "forget",
]

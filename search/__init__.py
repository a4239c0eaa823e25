"""search: the index. ``open_backend(url)`` picks the backend from the URL's scheme."""
from __future__ import annotations

from pathlib import Path
from typing import Callable
from urllib.parse import urlparse

from .base import (FACET_FIELDS, Backend, FileEntry, Hit, IndexUnavailable, Query, QueryError,
                   SearchResult, StoredItem, Term)
from .query import parse


def _sqlite(url: str, **options) -> Backend:
    from .sqlite import SQLiteBackend

    path = url[len("sqlite:///"):] if url.startswith("sqlite:///") else url[len("sqlite:"):]
    if not path:
        raise IndexUnavailable(url, "a SQLite index URL needs a path: sqlite:///path/to/index.db")
    return SQLiteBackend(Path(path), **options)


def _elasticsearch(url: str, **options) -> Backend:
    try:
        from .elastic import ElasticsearchBackend
    except ImportError as exc:
        raise IndexUnavailable(url, f"the Elasticsearch backend is not available: {exc}") from exc
    return ElasticsearchBackend(url, **options)


BACKENDS: dict[str, Callable[..., Backend]] = {
    "sqlite": _sqlite,
    "http": _elasticsearch,
    "https": _elasticsearch,
}


def open_backend(url: str, **options) -> Backend:
    """``sqlite:///path.db`` → the embedded index; ``http(s)://host:9200`` → Elasticsearch."""
    scheme = urlparse(url).scheme
    factory = BACKENDS.get(scheme)
    if factory is None:
        raise IndexUnavailable(url, f"unknown index URL scheme {scheme!r}; use sqlite:///path.db or "
                                    "http(s)://host:9200")
    return factory(url, **options)


__all__ = ["Backend", "FACET_FIELDS", "FileEntry", "Hit", "IndexUnavailable", "Query", "QueryError",
           "SearchResult", "StoredItem", "Term", "open_backend", "parse", "BACKENDS"]

"""The embedded default backend: one SQLite file with an FTS5 index over diacritic-folded text.

- ``backend``: ``SQLiteBackend``, its schema and queries;
- ``columns``: the filter, sort and count data held as numpy arrays, one copy per write generation;
- ``changes``: write generations and the change log the columns are patched from;
- ``ranking``: BM25 of a large index in two halves at once, the second in a helper process;
- ``_rank_server``: that helper process, run as a script by path (standard library only).
"""
from __future__ import annotations

from .backend import RANK_LIMIT, SCHEMA, SCHEMA_VERSION, SQLiteBackend, _fts_expr
from .changes import KEPT_GENERATIONS

__all__ = ["SQLiteBackend", "SCHEMA", "SCHEMA_VERSION", "RANK_LIMIT", "KEPT_GENERATIONS", "_fts_expr"]

"""The SQLite index's write generations and change log.

Every write transaction moves the index's generation on (``meta`` key ``generation``), so caches of
derived data know. Every write also logs the rowids of the documents it wrote or deleted under its
generation, plus a row with doc -1 saying the generation was logged (table ``changes``), so a reader
holding the columns of an older generation patches them (``Columns.updated``) instead of loading them
whole (0.65 s at 100,000 documents). A reader loads the whole when a generation since its own has no
log (pruned: the log keeps the last KEPT_GENERATIONS; or written without one, as by a schema
migration), or when more than a quarter of the documents changed.
"""
from __future__ import annotations

from typing import Iterable

import numpy as np

from .columns import ints

KEPT_GENERATIONS = 1000


def bump(conn, changed: Iterable[int] | None) -> None:
    """Every write transaction moves the generation on, so caches of derived data know, and logs
    the rowids of the documents it ``changed`` (None: anything may have changed)."""
    (generation,) = conn.execute(
        "INSERT INTO meta VALUES ('generation', '1') ON CONFLICT(key) DO UPDATE "
        "SET value = CAST(value AS INTEGER) + 1 RETURNING CAST(value AS INTEGER)").fetchone()
    if changed is not None:
        conn.executemany("INSERT INTO changes(generation, doc) VALUES (?, ?)",
                         [(generation, doc) for doc in {-1, *changed}])
    if generation % 100 == 0:
        conn.execute("DELETE FROM changes WHERE generation <= ?", (generation - KEPT_GENERATIONS,))


def changed_since(conn, since: int, now: int, count: int) -> np.ndarray | None:
    """The rowids of the documents written or deleted after generation ``since`` up to ``now``;
    None if a generation between has no log, or they are too many to patch."""
    logged = conn.execute("SELECT count(*) FROM changes WHERE doc = -1 AND generation > ? AND generation <= ?",
                          (since, now)).fetchone()[0]
    if logged != now - since:
        return None
    limit = max(1000, count // 4)
    changed = ints(conn.execute("SELECT group_concat(doc) FROM (SELECT DISTINCT doc FROM changes WHERE "
                                "generation > ? AND doc >= 0 LIMIT ?)", (since, limit + 1)).fetchone()[0])
    return changed if len(changed) <= limit else None


def generation(conn) -> int:
    """The index's write generation as ``conn`` sees it."""
    row = conn.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
    return int(row[0]) if row else 0

"""The SQLite index's filter, sort and count data held as numpy arrays, one copy per write generation.

SQLite answers "which documents contain these words" fast (FTS5), but everything around it, on a
query matching most of 100,000 documents, is slow in SQL: joining facet rows for filters, grouping
them for counts, sorting by date, aggregating findings per year. Those all work on a few integers per
document, so they are done here on arrays indexed by document rowid instead: filters become boolean
masks, counts ``bincount``, sorts ``argsort`` over one integer key. The arrays are rebuilt when the
index's write generation moves on, and read by any number of request threads (never written after
loading).
"""
from __future__ import annotations

import numpy as np

from nlp.normalize import fold
from nlp.record import FINDING_KINDS

from .base import FACET_FIELDS, UNIT_FIELDS, Query
from .query import ref_key

_NO_DATE = np.int64(10**8)  # sorts after every yyyymmdd


def date_int(iso: str | None) -> int:
    """``'2022-05-04'`` → ``20220504``; 0 when there is no date."""
    return int(iso[:4] + iso[5:7] + iso[8:10]) if iso else 0


def ints(joined: str | None) -> np.ndarray:
    """The integers of SQLite's ``group_concat`` as an array: one string crosses into Python instead
    of a tuple per row (several times faster for a million rows)."""
    return np.fromstring(joined, dtype=np.int64, sep=",") if joined else np.zeros(0, dtype=np.int64)


def int_rows(conn, sql: str, columns: int, args=()) -> np.ndarray:
    """Integer rows of ``sql`` (which selects ``columns`` integer expressions, joined with ``','``
    into one value per row) as a ``(rows, columns)`` array."""
    return ints(conn.execute(f"SELECT group_concat(v) FROM ({sql})", args).fetchone()[0]).reshape(-1, columns)


class Postings:
    """Integer ids for a set of ``(field, key)`` pairs, the document rows carrying each, and for
    every id the sorted documents that carry it (a CSR layout)."""

    def __init__(self, docs: np.ndarray, ids: np.ndarray, fields: list[str], keys: list[str],
                 values: list[str]):
        self.docs, self.ids = docs, ids
        self.fields, self.keys, self.values = fields, keys, values
        order = np.argsort(ids, kind="stable")
        self.post = docs[order]
        self.ptr = np.zeros(len(fields) + 1, dtype=np.int64)
        np.cumsum(np.bincount(ids, minlength=len(fields)), out=self.ptr[1:])
        self.by_field: dict[str, dict[str, int]] = {}
        for i, (f, k) in enumerate(zip(fields, keys)):
            self.by_field.setdefault(f, {})[k] = i

    def ids_where(self, fields, accept) -> list[int]:
        return [i for f in fields for k, i in self.by_field.get(f, {}).items() if accept(k)]

    def docs_of(self, ids: list[int], size: int) -> np.ndarray:
        """A mask over rowids: the documents carrying any of ``ids``."""
        mask = np.zeros(size, dtype=bool)
        if ids:
            mask[np.concatenate([self.post[self.ptr[i]:self.ptr[i + 1]] for i in ids])] = True
        return mask


class Columns:
    generation: int

    def __init__(self, conn, generation: int):
        self.generation = generation
        docs = int_rows(conn, "SELECT rowid || ',' || coalesce(CAST(replace(date, '-', '') AS INTEGER), 0) AS v "
                            "FROM docs INDEXED BY docs_date", 2)
        self.size = int(docs[:, 0].max()) + 1 if len(docs) else 1
        self.live = np.zeros(self.size, dtype=bool)
        self.live[docs[:, 0]] = True
        self.date = np.zeros(self.size, dtype=np.int64)
        self.date[docs[:, 0]] = docs[:, 1]
        self.count = len(docs)

        # facets: the values, then which document carries which
        meta = conn.execute("SELECT id, field, key, value FROM facet_keys ORDER BY id").fetchall()
        position = np.zeros(meta[-1][0] + 1 if meta else 1, dtype=np.int64)
        position[[m[0] for m in meta]] = np.arange(len(meta))
        links = int_rows(conn, "SELECT doc || ',' || kid AS v FROM doc_facets INDEXED BY doc_facets_by_doc", 2)
        self.facets = Postings(links[:, 0], position[links[:, 1]], [m[1] for m in meta], [m[2] for m in meta],
                               [m[3] for m in meta])
        self.has_activity = self.facets.docs_of(self.facets.ids_where(("activity",), lambda k: True), self.size)

        # findings: rowid, document and kind of each (kinds not in the closed list count as none of them)
        self.kinds = sorted(FINDING_KINDS)  # codes in the order statistics list kinds
        case = " ".join(f"WHEN ? THEN {i}" for i in range(len(self.kinds)))
        f = int_rows(conn, f"SELECT rowid || ',' || doc || ',' || CASE kind {case} ELSE {len(self.kinds)} END AS v "
                         f"FROM findings ORDER BY rowid", 3, self.kinds)
        self.f_rowid, self.f_doc, self.f_kind = f[:, 0], f[:, 1], f[:, 2]
        self.f_pos = np.full(int(self.f_rowid.max()) + 1 if len(f) else 1, -1, dtype=np.int64)
        self.f_pos[self.f_rowid] = np.arange(len(f))

    # -- filters ---------------------------------------------------------------------------------
    def mask(self, q: Query, text: np.ndarray | None = None, exclude: np.ndarray | None = None) -> np.ndarray:
        """The documents matching the query's filters, as a mask over rowids; ``text`` (rowids that
        match the words) and ``exclude`` (rowids that match a negated word) come from FTS5."""
        mask = self.live.copy()
        if text is not None:
            keep = np.zeros(self.size, dtype=bool)
            keep[text[text < self.size]] = True
            mask &= keep
        if exclude is not None and len(exclude):
            mask[exclude[exclude < self.size]] = False
        fp = self.facets
        if q.units:
            needles = [fold(u).strip() for u in q.units]
            mask &= fp.docs_of(fp.ids_where(UNIT_FIELDS, lambda k: any(n in k for n in needles)), self.size)
        for fields, keys in ((("ref", "refnum"), {ref_key(r) for r in q.refs}), (("kind",), set(q.kinds)),
                             (("activity",), set(q.activity)), (("format",), set(q.formats)),
                             (("year",), {str(y) for y in q.years})):
            if keys:
                mask &= fp.docs_of(fp.ids_where(fields, keys.__contains__), self.size)
        if q.date_from:
            mask &= self.date >= date_int(q.date_from)
        if q.date_to:
            mask &= (self.date <= date_int(q.date_to)) & (self.date > 0)
        return mask

    # -- orders ----------------------------------------------------------------------------------
    def date_key(self, docs: np.ndarray, ascending: bool) -> np.ndarray:
        """Sort keys for documents by date (undated last), ties in ``docs`` order."""
        d = self.date[docs]
        return np.where(d > 0, d if ascending else _NO_DATE - 1 - d, _NO_DATE)

    @staticmethod
    def top(keys: tuple[np.ndarray, ...], ids: np.ndarray, offset: int, limit: int) -> np.ndarray:
        """``ids[offset:offset+limit]`` in the order of ``keys`` (most significant last, as
        ``np.lexsort``), then of ``ids`` themselves."""
        if not len(ids) or offset >= len(ids):
            return ids[:0]
        order = np.lexsort((ids, *keys))
        return ids[order[offset:offset + limit]]

    # -- counts ----------------------------------------------------------------------------------
    def facet_counts(self, mask: np.ndarray | None, size: int, fields=FACET_FIELDS) -> dict:
        """The ``size`` most frequent values of each of ``fields`` among the documents in ``mask``
        (every document when None), with their counts."""
        fp = self.facets
        ids = fp.ids if mask is None else fp.ids[mask[fp.docs]]
        n = np.bincount(ids, minlength=len(fp.fields))
        out: dict[str, list] = {f: [] for f in fields}
        for i in np.nonzero(n)[0]:
            if fp.fields[i] in out:
                out[fp.fields[i]].append((fp.values[i], int(n[i])))
        return {f: tuple(sorted(v, key=lambda vn: (-vn[1], vn[0]))[:size]) for f, v in out.items()}

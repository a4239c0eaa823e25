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

from nlp.record import FINDING_KINDS

from ..base import FACET_FIELDS, Query
from ..filters import FILTERS

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
    """Integer ids for a set of ``(field, key)`` pairs and, for every id, the documents that carry it
    (a CSR layout: ``docs[ptr[i]:ptr[i + 1]]`` carry id ``i``; ``ids`` is the id of each entry)."""

    def __init__(self, docs: np.ndarray, ids: np.ndarray, fields: list[str], keys: list[str],
                 values: list[str]):
        order = np.argsort(ids, kind="stable")
        self._set(docs[order], ids[order], fields, keys, values)

    def _set(self, docs: np.ndarray, ids: np.ndarray, fields: list[str], keys: list[str],
             values: list[str]) -> None:
        self.docs, self.ids = docs, ids
        self.fields, self.keys, self.values = fields, keys, values
        self.ptr = np.zeros(len(fields) + 1, dtype=np.int64)
        np.cumsum(np.bincount(ids, minlength=len(fields)), out=self.ptr[1:])
        self.by_field: dict[str, dict[str, int]] = {}
        for i, (f, k) in enumerate(zip(fields, keys)):
            self.by_field.setdefault(f, {})[k] = i

    def updated(self, changed: np.ndarray, docs: np.ndarray, ids: np.ndarray, fields: list[str],
                keys: list[str], values: list[str]) -> "Postings":
        """These postings with every entry of the documents in the mask ``changed`` replaced by
        ``(docs, ids)``; ``fields``/``keys``/``values`` extend the current ones (same ids first)."""
        keep = ~changed[self.docs]
        kept_docs, kept_ids = self.docs[keep], self.ids[keep]
        order = np.argsort(ids, kind="stable")
        docs, ids = docs[order], ids[order]
        ends = np.cumsum(np.bincount(kept_ids, minlength=len(fields)))  # end of each id's run
        at = ends[ids] if len(ids) else np.zeros(0, dtype=np.int64)
        out = object.__new__(Postings)
        out._set(np.insert(kept_docs, at, docs), np.insert(kept_ids, at, ids), fields, keys, values)
        return out

    def ids_where(self, fields, accept) -> list[int]:
        return [i for f in fields for k, i in self.by_field.get(f, {}).items() if accept(k)]

    def docs_of(self, ids: list[int], size: int) -> np.ndarray:
        """A mask over rowids: the documents carrying any of ``ids``."""
        mask = np.zeros(size, dtype=bool)
        if ids:
            mask[np.concatenate([self.docs[self.ptr[i]:self.ptr[i + 1]] for i in ids])] = True
        return mask


_DOC_ROWS = "SELECT rowid || ',' || coalesce(CAST(replace(date, '-', '') AS INTEGER), 0) AS v FROM docs"
_LINK_ROWS = "SELECT doc || ',' || kid AS v FROM doc_facets"


def _finding_rows(conn, kinds: list[str], where: str = "") -> np.ndarray:
    """``(rowid, document, kind code)`` of findings (kinds not in ``kinds`` get ``len(kinds)``)."""
    case = " ".join(f"WHEN ? THEN {i}" for i in range(len(kinds)))
    return int_rows(conn, f"SELECT rowid || ',' || doc || ',' || CASE kind {case} ELSE {len(kinds)} END AS v "
                          f"FROM findings {where}", 3, kinds)


class Columns:
    """Loaded whole (``Columns(conn, generation)``), or from the previous generation's columns and
    the documents written since (``updated``)."""

    generation: int

    def __init__(self, conn, generation: int):
        self.generation = generation
        self.incremental = False
        docs = int_rows(conn, f"{_DOC_ROWS} INDEXED BY docs_date", 2)
        self.size = int(docs[:, 0].max()) + 1 if len(docs) else 1
        self.live = np.zeros(self.size, dtype=bool)
        self.live[docs[:, 0]] = True
        self.date = np.zeros(self.size, dtype=np.int64)
        self.date[docs[:, 0]] = docs[:, 1]
        self.count = len(docs)

        # facets: the values, then which document carries which
        meta = self._facet_keys(conn)
        links = int_rows(conn, f"{_LINK_ROWS} INDEXED BY doc_facets_by_doc", 2)
        self.facets = Postings(links[:, 0], self._position[links[:, 1]], *meta)
        self.has_activity = self.facets.docs_of(self.facets.ids_where(("activity",), lambda k: True), self.size)

        # findings: rowid, document and kind of each (kinds not in the closed list count as none of them)
        self.kinds = sorted(FINDING_KINDS)  # codes in the order statistics list kinds
        self._set_findings(_finding_rows(conn, self.kinds, "ORDER BY rowid"))

    def _facet_keys(self, conn) -> tuple[list[str], list[str], list[str]]:
        """Read the facet values; set ``_key_ids`` (facet_keys ids in position order) and
        ``_position`` (facet_keys id → position)."""
        meta = conn.execute("SELECT id, field, key, value FROM facet_keys ORDER BY id").fetchall()
        self._key_ids = np.array([m[0] for m in meta], dtype=np.int64)
        self._position = np.zeros(meta[-1][0] + 1 if meta else 1, dtype=np.int64)
        self._position[self._key_ids] = np.arange(len(meta))
        return [m[1] for m in meta], [m[2] for m in meta], [m[3] for m in meta]

    def _set_findings(self, f: np.ndarray) -> None:
        self.f_rowid, self.f_doc, self.f_kind = f[:, 0], f[:, 1], f[:, 2]
        self.f_pos = np.full(int(self.f_rowid.max()) + 1 if len(f) else 1, -1, dtype=np.int64)
        self.f_pos[self.f_rowid] = np.arange(len(f))

    def updated(self, conn, generation: int, changed: np.ndarray) -> "Columns | None":
        """The columns of ``generation``, made from these and the rowids of the documents written
        or deleted since (``changed``); None when that cannot be done (a facet value was removed):
        load the whole then. These columns are left as they are (other threads may be reading them)."""
        out = object.__new__(Columns)
        out.generation, out.incremental, out.kinds = generation, True, self.kinds
        ids = ",".join(map(str, changed.tolist()))
        docs = int_rows(conn, f"{_DOC_ROWS} WHERE rowid IN ({ids})", 2)
        out.size = max(self.size, int(changed.max()) + 1 if len(changed) else 1)
        out.live = np.zeros(out.size, dtype=bool)
        out.live[:self.size] = self.live
        out.date = np.zeros(out.size, dtype=np.int64)
        out.date[:self.size] = self.date
        out.live[changed] = False
        out.date[changed] = 0
        out.live[docs[:, 0]] = True
        out.date[docs[:, 0]] = docs[:, 1]
        out.count = int(out.live.sum())

        meta = out._facet_keys(conn)
        if len(out._key_ids) < len(self._key_ids) or not np.array_equal(out._key_ids[:len(self._key_ids)],
                                                                         self._key_ids):
            return None
        was = np.zeros(out.size, dtype=bool)
        was[changed] = True
        links = int_rows(conn, f"{_LINK_ROWS} WHERE doc IN ({ids})", 2)
        out.facets = self.facets.updated(was, links[:, 0], out._position[links[:, 1]], *meta)
        out.has_activity = out.facets.docs_of(out.facets.ids_where(("activity",), lambda k: True), out.size)

        keep = ~was[self.f_doc]
        fresh = _finding_rows(conn, self.kinds, f"WHERE doc IN ({ids})")
        out._set_findings(np.concatenate([np.stack([self.f_rowid[keep], self.f_doc[keep], self.f_kind[keep]],
                                                   axis=1), fresh]))
        return out

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
        for name, values in q.filters:
            f = FILTERS[name]
            mask &= fp.docs_of(fp.ids_where(f.fields, f.matches(f.keys(values))), self.size)
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

"""The embedded default backend: one SQLite file with an FTS5 index over diacritic-folded text.

Tables: ``docs`` (one row per distinct file content, the record as JSON and the original text),
``docs_fts`` (folded title and body; rowid = docs.rowid), ``facet_keys`` (each distinct facet value:
field, normalized ``key`` for matching, value shown) with ``doc_facets`` (which document carries which,
as integers), ``findings`` and ``figures`` (extracted items, findings searchable through
``findings_fts``) and ``files`` (the ingest manifest). Filters, counts and sorts run on numpy copies of
the integer columns (``columns.py``), patched from the change log (``changes.py``); BM25 of a large
index can be scored in two processes (``ranking.py``).
"""
from __future__ import annotations

import json
import sqlite3
import threading
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

import numpy as np

from nlp.normalize import fold
from nlp.record import Record

from dataclasses import replace

from ..base import (FileEntry, FindingHit, FindingsResult, Hit, IndexUnavailable, Query,
                    SearchResult, Stats, StoredItem)
from .. import nearcopy
from ..facets import facet_rows, record_date
from ..highlight import match_spans, segments, snippet
from ..query import words
from .changes import bump, changed_since, generation
from .columns import Columns, int_rows, ints
from .ranking import Ranker
from .ranking import bm25 as ranking_bm25

SCHEMA_VERSION = 5  # 4: the change log (older kiemtra would write without logging); 5: near-copy bands
SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS changes(generation INTEGER NOT NULL, doc INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS changes_by_generation ON changes(generation, doc);
CREATE TABLE IF NOT EXISTS docs(
    rowid INTEGER PRIMARY KEY,
    doc_id TEXT NOT NULL UNIQUE,
    source TEXT NOT NULL,
    format TEXT NOT NULL,
    title TEXT,
    date TEXT,
    record TEXT NOT NULL,
    text TEXT NOT NULL,
    indexed_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS docs_date ON docs(date);
CREATE INDEX IF NOT EXISTS docs_newest ON docs(date IS NULL, date DESC);
CREATE INDEX IF NOT EXISTS docs_oldest ON docs(date IS NULL, date ASC);
CREATE INDEX IF NOT EXISTS docs_indexed ON docs(indexed_at);
CREATE VIRTUAL TABLE IF NOT EXISTS docs_fts USING fts5(
    title, body, tokenize = 'unicode61 remove_diacritics 0'
);
CREATE TABLE IF NOT EXISTS facet_keys(
    id INTEGER PRIMARY KEY, field TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, UNIQUE(field, key)
);
CREATE TABLE IF NOT EXISTS doc_facets(doc INTEGER NOT NULL, kid INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS doc_facets_by_doc ON doc_facets(doc, kid);
CREATE TABLE IF NOT EXISTS files(
    path TEXT PRIMARY KEY, sha256 TEXT, size INTEGER, format TEXT,
    status TEXT NOT NULL, error TEXT, updated TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS files_status ON files(status);
CREATE TABLE IF NOT EXISTS bands(band INTEGER NOT NULL, doc INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS bands_by_band ON bands(band);
CREATE INDEX IF NOT EXISTS bands_by_doc ON bands(doc);
CREATE TABLE IF NOT EXISTS items(
    kind TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, updated TEXT NOT NULL, PRIMARY KEY(kind, key)
);
CREATE TABLE IF NOT EXISTS findings(
    rowid INTEGER PRIMARY KEY, doc INTEGER NOT NULL, kind TEXT NOT NULL, text TEXT NOT NULL,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS findings_doc ON findings(doc);
CREATE VIRTUAL TABLE IF NOT EXISTS findings_fts USING fts5(
    text, tokenize = 'unicode61 remove_diacritics 0'
);
CREATE TABLE IF NOT EXISTS figures(
    doc INTEGER NOT NULL, value REAL NOT NULL, unit TEXT, unit_key TEXT, text TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS figures_doc ON figures(doc);
CREATE INDEX IF NOT EXISTS figures_unit ON figures(unit_key, doc);
"""
# Relevance ranking computes BM25 for every document that matches, at a cost that grows with the
# matches and the phrases. In an index of more than RANK_LIMIT documents, a word found in more than
# half of them gets the weight 1e-6 from FTS5's BM25 (its IDF floor): it still filters, but it is left
# out of the ranking expression, which moves a score by at most about 1e-5 per word left out and
# spares decoding its positions in every match. A query with no word left to rank is ordered newest
# first, as a date sort would.
RANK_LIMIT = 20_000
SUMMARY_RECORDS = 2000  # records read by ``summary`` for how the references it counts are written


def _fts_rowids(conn, fts: str, expr: str) -> np.ndarray:
    """The rowids matching an FTS5 expression; one joined string crosses into Python, not a row each."""
    return ints(conn.execute(f"SELECT group_concat(rowid) FROM {fts} WHERE {fts} MATCH ?", (expr,)).fetchone()[0])


def _negated(q: Query) -> str:
    return " OR ".join(f"({_fts_expr([t])})" for t in q.terms if t.negate and words(t.text))


def _like_escape(s: str) -> str:
    return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _in_order(conn, sql: str, ids: list[int]) -> list[tuple]:
    """The rows of ``sql`` (which selects a rowid first and ends in ``IN``) for ``ids``, in the order of
    ``ids``, without their rowid."""
    rows = {r[0]: r[1:] for r in conn.execute(f"{sql} ({','.join('?' * len(ids))})", ids)}
    return [rows[i] for i in ids]


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _fts_expr(terms, keep: Callable[[str], bool] | None = None) -> str:
    """The FTS5 expression of query terms; ``keep``: which words outside phrases to put in it."""
    parts = []
    for t in terms:
        ws = words(t.text)
        if not ws:
            continue
        if t.phrase:
            parts.append('"' + " ".join(ws) + '"')
        else:
            parts += (f'"{w}"' for w in ws if keep is None or keep(w))
    return " ".join(parts)


class SQLiteBackend:
    def __init__(self, path: str | Path, *, rank_process: bool = False):
        """``rank_process``: score large result sets in two processes (``ranking.py``), for a
        long-running server."""
        self.path = Path(path)
        self.url = f"sqlite:///{self.path}"
        self._ranker = Ranker(str(self.path)) if rank_process else None
        self._local = threading.local()
        self._columns_lock = threading.Lock()
        self._columns_cache: Columns | None = None
        self._columns_previous: Columns | None = None  # for a reader whose snapshot is one write behind
        self._df_lock = threading.Lock()
        self._df: tuple[int, dict[str, int]] = (-1, {})  # generation, documents containing each word
        self._conn()  # fail early with a clear error

    # -- connection ---------------------------------------------------------------------------
    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
                conn.execute("PRAGMA journal_mode=WAL")
                conn.execute("PRAGMA synchronous=NORMAL")
                conn.executescript(SCHEMA)
                self._migrate(conn)
            except (sqlite3.Error, OSError) as exc:
                raise IndexUnavailable(self.url, f"cannot open the SQLite index: {exc}") from exc
            self._local.conn = conn
        return conn

    def _migrate(self, conn) -> None:
        """Bring an index written by an older kiemtra up to this schema (derived tables only)."""
        row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        version = int(row[0]) if row else SCHEMA_VERSION
        if row is None:
            empty = conn.execute("SELECT count(*) FROM docs").fetchone()[0] == 0
            version = SCHEMA_VERSION if empty else 1
        if version > SCHEMA_VERSION:
            raise IndexUnavailable(self.url, f"the index was written by a newer kiemtra (schema {version}, "
                                             f"this one knows {SCHEMA_VERSION}); upgrade kiemtra")
        if version < 2:
            with self._writing(conn):
                for rowid, data in conn.execute("SELECT rowid, record FROM docs").fetchall():
                    self._write_items(conn, rowid, json.loads(data))
                bump(conn, None)
        if version < 3 and conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'facets'").fetchone():
            # schema 2 kept facet rows as text, one row per document and value
            with self._writing(conn):
                conn.execute("INSERT OR IGNORE INTO facet_keys(field, key, value) SELECT field, key, min(value) "
                             "FROM facets GROUP BY field, key")
                conn.execute("INSERT INTO doc_facets(doc, kid) SELECT f.doc, k.id FROM facets f JOIN facet_keys "
                             "k ON k.field = f.field AND k.key = f.key")
                conn.execute("DROP TABLE facets")
                bump(conn, None)
        if version < 5:     # near-copy bands (search.nearcopy) of the documents already indexed
            with self._writing(conn):
                for rowid, text in conn.execute("SELECT rowid, text FROM docs").fetchall():
                    self._write_bands(conn, rowid, text)
        conn.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))

    def close(self) -> None:
        if self._ranker is not None:
            self._ranker.close()
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    # -- writing ------------------------------------------------------------------------------
    def upsert(self, records: Iterable[Record], *, refresh: bool = True) -> int:
        """Write records by sha256 in one transaction; they are searchable when it commits
        (``refresh`` is for backends that make writes searchable later)."""
        changed = []
        with self._writing() as conn:
            for rec in records:
                changed.append(self._upsert_one(conn, rec))
            bump(conn, changed)
        return len(changed)

    @contextmanager
    def _writing(self, conn: sqlite3.Connection | None = None):
        """One write transaction (on this thread's connection, or ``conn``), rolled back if anything
        in it fails (its COMMIT included)."""
        conn = conn or self._conn()
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    def refresh(self) -> None:
        """Nothing to do: a write is searchable when it commits."""

    def _upsert_one(self, conn, rec: Record) -> int:
        """Write one record; its rowid."""
        row = conn.execute("SELECT rowid FROM docs WHERE doc_id = ?", (rec.doc_id,)).fetchone()
        data = json.dumps(rec.to_json(), ensure_ascii=False)
        values = (rec.document.source, rec.document.format, rec.title, record_date(rec), data,
                  rec.text, _now())
        if row:
            rowid = row[0]
            conn.execute("UPDATE docs SET source=?, format=?, title=?, date=?, record=?, text=?, "
                         "indexed_at=? WHERE rowid=?", (*values, rowid))
            self._delete_derived(conn, rowid)
        else:
            rowid = conn.execute("INSERT INTO docs(doc_id, source, format, title, date, record, text, "
                                 "indexed_at) VALUES (?,?,?,?,?,?,?,?)", (rec.doc_id, *values)).lastrowid
        conn.execute("INSERT INTO docs_fts(rowid, title, body) VALUES (?,?,?)",
                     (rowid, fold(rec.title or ""), fold(rec.text)))
        self._write_facets(conn, rowid, facet_rows(rec))
        self._write_items(conn, rowid, {"findings": [{"kind": f.kind, "text": f.text, "span": f.span}
                                                     for f in rec.findings],
                                        "figures": [{"value": f.value, "unit": f.unit, "text": f.text}
                                                    for f in rec.figures]})
        self._write_bands(conn, rowid, rec.text)
        return rowid

    @staticmethod
    def _write_bands(conn, rowid: int, text: str) -> None:
        conn.executemany("INSERT INTO bands(band, doc) VALUES (?,?)", [(b, rowid) for b in nearcopy.bands(text)])

    @staticmethod
    def _write_facets(conn, rowid: int, rows) -> None:
        """Link the document to its facet values, adding values not seen before; a key shows the
        smallest of the values written for it."""
        for field, value, key in rows:
            (kid,) = conn.execute(
                "INSERT INTO facet_keys(field, key, value) VALUES (?,?,?) ON CONFLICT(field, key) DO UPDATE "
                "SET value = min(value, excluded.value) RETURNING id", (field, key, value)).fetchone()
            conn.execute("INSERT INTO doc_facets(doc, kid) VALUES (?,?)", (rowid, kid))

    @staticmethod
    def _write_items(conn, rowid: int, data: dict) -> None:
        for f in data.get("findings") or ():
            fid = conn.execute('INSERT INTO findings(doc, kind, text, start, "end") VALUES (?,?,?,?,?)',
                               (rowid, f["kind"], f["text"], *f["span"])).lastrowid
            conn.execute("INSERT INTO findings_fts(rowid, text) VALUES (?,?)", (fid, fold(f["text"])))
        conn.executemany("INSERT INTO figures(doc, value, unit, unit_key, text) VALUES (?,?,?,?,?)",
                         [(rowid, g["value"], g["unit"], fold(g["unit"] or ""), g["text"])
                          for g in data.get("figures") or () if isinstance(g.get("value"), (int, float))])

    @staticmethod
    def _delete_derived(conn, rowid: int) -> None:
        conn.execute("DELETE FROM docs_fts WHERE rowid = ?", (rowid,))
        conn.execute("DELETE FROM doc_facets WHERE doc = ?", (rowid,))
        conn.execute("DELETE FROM findings_fts WHERE rowid IN (SELECT rowid FROM findings WHERE doc = ?)",
                     (rowid,))
        conn.execute("DELETE FROM findings WHERE doc = ?", (rowid,))
        conn.execute("DELETE FROM figures WHERE doc = ?", (rowid,))
        conn.execute("DELETE FROM bands WHERE doc = ?", (rowid,))

    def delete(self, doc_id: str) -> bool:
        with self._writing() as conn:
            row = conn.execute("SELECT rowid FROM docs WHERE doc_id = ?", (doc_id,)).fetchone()
            if row:
                self._delete_derived(conn, row[0])
                conn.execute("DELETE FROM docs WHERE rowid = ?", row)
                bump(conn, row)
        return bool(row)

    # -- reading ------------------------------------------------------------------------------
    def count(self) -> int:
        return self._conn().execute("SELECT count(*) FROM docs").fetchone()[0]

    def get(self, doc_id: str) -> Record | None:
        row = self._conn().execute("SELECT record, text FROM docs WHERE doc_id = ?", (doc_id,)).fetchone()
        return Record.from_json(json.loads(row[0]), row[1]) if row else None

    def get_many(self, doc_ids: Sequence[str]) -> dict[str, Record]:
        ids = list(dict.fromkeys(doc_ids))
        out: dict[str, Record] = {}
        with self._reading() as conn:
            for start in range(0, len(ids), 500):
                part = ids[start:start + 500]
                rows = conn.execute(f"SELECT doc_id, record, text FROM docs WHERE doc_id IN ({','.join('?' * len(part))})",
                                    part).fetchall()
                out.update((r[0], Record.from_json(json.loads(r[1]), r[2])) for r in rows)
        return out

    @contextmanager
    def _reading(self):
        """One read transaction: the columns, FTS5 and the rows fetched all see the same index."""
        conn = self._conn()
        if conn.in_transaction:
            yield conn
            return
        conn.execute("BEGIN")
        try:
            yield conn
        finally:
            conn.execute("COMMIT")

    def _columns(self, conn) -> Columns:
        gen = generation(conn)
        with self._columns_lock:
            cached, previous = self._columns_cache, self._columns_previous
            for cols in (cached, previous):
                if cols is not None and cols.generation == gen:
                    return cols
            if cached is not None and cached.generation > gen:
                # this reader's snapshot is older than what another reader loaded: rare, not kept
                return Columns(conn, gen)
            changed = changed_since(conn, cached.generation, gen, cached.count) if cached else None
            cols = (changed is not None and cached.updated(conn, gen, changed)) or Columns(conn, gen)
            self._columns_previous, self._columns_cache = cached, cols
            return cols

    def _mask(self, conn, cols: Columns, q: Query, text: np.ndarray | None = None) -> np.ndarray:
        """The documents matching ``q``: its words through FTS5 (unless ``text`` has them already),
        everything else through the columns."""
        pos = _fts_expr(q.positive_terms)
        if text is None and pos:
            text = _fts_rowids(conn, "docs_fts", pos)
        neg = _negated(q)
        return cols.mask(q, text, _fts_rowids(conn, "docs_fts", neg) if neg else None)

    def search(self, q: Query) -> SearchResult:
        with self._reading() as conn:
            cols = self._columns(conn)
            pos = _fts_expr(q.positive_terms)
            scores = text = None
            ranking = self._ranking(conn, cols, q) if pos and q.sort == "relevance" else None
            if ranking:
                if self._ranker is not None and cols.count > RANK_LIMIT:
                    rowids, bm25 = self._ranker.bm25(conn, ranking, cols.generation, cols.size)
                else:
                    rowids, bm25 = ranking_bm25(conn, ranking)
                scores = np.zeros(cols.size)
                inside = rowids < cols.size
                scores[rowids[inside]] = bm25[inside]
                if ranking == pos:
                    text = rowids
            mask = self._mask(conn, cols, q, text)
            hits = np.flatnonzero(mask)
            offset = (q.page - 1) * q.per_page
            if scores is not None:
                keys = (scores[hits],)
            else:
                keys = (cols.date_key(hits, ascending=q.sort == "date"),)
            page = Columns.top(keys, hits, offset, q.per_page)
            rows = _in_order(conn, "SELECT rowid, doc_id, source, title, date, format, text, record FROM docs "
                                   "WHERE rowid IN", [int(i) for i in page])
            facets = cols.facet_counts(None if q.is_empty else mask, q.facet_size)
        out = []
        for i, (doc_id, source, title, date, fmt, text, record) in zip(page, rows):
            data = json.loads(record)
            others = (data.get("meta") or {}).get(nearcopy.COPIES) or ()
            out.append(Hit(doc_id=doc_id, source=source, title=title, date=date, format=fmt,
                           snippet=snippet(text, q) if q.snippets else (),
                           score=-float(scores[i]) if scores is not None else 0.0,
                           inspected_units=tuple(data.get("inspected_units", ())),
                           formats=tuple(dict.fromkeys([fmt, *(c["format"] for c in others)])) if others else ()))
        return SearchResult(total=len(hits), hits=tuple(out), query=q, facets=facets)

    def _ranking(self, conn, cols: Columns, q: Query) -> str | None:
        """The FTS5 expression BM25 ranks a query's hits by: its positive terms, less the words
        found in more than half of an index larger than RANK_LIMIT (phrases are kept whole); None
        if no word is left."""
        if cols.count <= RANK_LIMIT:
            return _fts_expr(q.positive_terms)
        weighs = lambda w: 2 * self._documents_with(conn, cols.generation, w) <= cols.count  # noqa: E731
        return _fts_expr(q.positive_terms, keep=weighs) or None

    def _documents_with(self, conn, generation: int, word: str) -> int:
        """How many documents contain ``word`` (remembered until the next write)."""
        with self._df_lock:
            if self._df[0] != generation:
                self._df = (generation, {})
            cache = self._df[1]
            n = cache.get(word)
        if n is None:
            n = conn.execute("SELECT count(*) FROM docs_fts WHERE docs_fts MATCH ?", (f'"{word}"',)).fetchone()[0]
            with self._df_lock:
                if self._df[0] == generation and len(cache) < 4096:
                    cache[word] = n
        return n

    def iter_records(self, query: Query | None = None) -> Iterator[Record]:
        with self._reading() as conn:
            ids = [int(i) for i in np.flatnonzero(self._mask(conn, self._columns(conn), query or Query()))]
        for i in range(0, len(ids), 200):
            for data, text in _in_order(self._conn(), "SELECT rowid, record, text FROM docs WHERE rowid IN",
                                        ids[i:i + 200]):
                yield Record.from_json(json.loads(data), text)

    def search_findings(self, q: Query) -> FindingsResult:
        with self._reading() as conn:
            cols = self._columns(conn)
            sel = cols.mask(replace(q.without("kind"), terms=()))[cols.f_doc]
            for expr, keep in ((_fts_expr(q.positive_terms), True), (_negated(q), False)):
                if not expr:
                    continue
                rowids = _fts_rowids(conn, "findings_fts", expr)
                pos = cols.f_pos[rowids[rowids < len(cols.f_pos)]]
                pos = pos[pos >= 0]
                if keep:
                    matched = np.zeros(len(sel), dtype=bool)
                    matched[pos] = True
                    sel &= matched
                else:
                    sel[pos] = False
            n = np.bincount(cols.f_kind[sel], minlength=len(cols.kinds))
            counts = {k: int(n[i]) for i, k in enumerate(cols.kinds) if n[i]}
            if q.values("kind"):
                sel &= np.isin(cols.f_kind, [i for i, k in enumerate(cols.kinds) if k in q.values("kind")])
            found = np.flatnonzero(sel)
            page = Columns.top((cols.date_key(cols.f_doc[found], ascending=q.sort == "date"),),
                               cols.f_rowid[found], (q.page - 1) * q.per_page, q.per_page)
            rows = _in_order(conn, 'SELECT f.rowid, d.doc_id, d.source, d.title, d.date, f.kind, f.text, f.start, '
                                   'f."end", d.record FROM findings f JOIN docs d ON d.rowid = f.doc WHERE f.rowid IN',
                             [int(i) for i in page])
        hits = []
        for doc_id, source, title, date, kind, text, start, end, record in rows:
            hits.append(FindingHit(doc_id=doc_id, source=source, title=title, date=date, kind=kind, text=text,
                                   span=(start, end),
                                   inspected_units=tuple(json.loads(record).get("inspected_units", ())),
                                   marked=segments(text, match_spans(text, q))))
        return FindingsResult(total=len(found), hits=tuple(hits), query=q, counts=counts)

    def stats(self, q: Query, indicator: str | None = None) -> Stats:
        with self._reading() as conn:
            cols = self._columns(conn)
            mask = self._mask(conn, cols, q)
            # findings per year and kind, of dated documents
            fdate = cols.date[cols.f_doc]
            fsel = mask[cols.f_doc] & (fdate > 0) & (cols.f_kind < len(cols.kinds))
            k = len(cols.kinds) or 1
            combos, n = np.unique(fdate[fsel] // 10000 * k + cols.f_kind[fsel], return_counts=True)
            by_year = tuple((str(c // k), cols.kinds[c % k], int(m)) for c, m in zip(combos.tolist(), n))
            # documents reporting an activity, per month
            months, n = np.unique(cols.date[mask & cols.has_activity & (cols.date > 0)] // 100, return_counts=True)
            by_month = tuple((f"{m // 100:04d}-{m % 100:02d}", int(c)) for m, c in zip(months.tolist(), n))
            units = cols.facet_counts(mask, 15, ("inspected_unit",))["inspected_unit"]
            figures = ()
            needle = fold(indicator or "").strip()
            if needle:
                g = int_rows(conn, "SELECT rowid || ',' || doc AS v FROM figures WHERE unit_key LIKE ? ESCAPE '\\'",
                             2, ["%" + _like_escape(needle) + "%"])
                g = g[mask[g[:, 1]]]
                gdate = cols.date[g[:, 1]]
                g, gdate = g[gdate > 0], gdate[gdate > 0]
                figures = tuple(_in_order(conn, "SELECT g.rowid, d.date, g.value, g.unit, d.doc_id FROM figures g "
                                                "JOIN docs d ON d.rowid = g.doc WHERE g.rowid IN",
                                          [int(i) for i in Columns.top((gdate,), g[:, 0], 0, 2000)]))
        return Stats(documents=int(mask.sum()), findings_by_year=by_year, documents_by_month=by_month,
                     top_units=units, figures=figures, indicator=indicator or None)

    def summary(self, queries: tuple[Query, ...], references: int = 100):
        """See ``Backend.summary``: the queries' masks ORed; months from the date column, references
        counted on the ``ref`` facet postings; then how the references counted are written, from
        the records of the documents citing them (of a reference cited by many, the newest: about
        SUMMARY_RECORDS records in all)."""
        from ..base import Summary
        from ..filters import ref_key
        with self._reading() as conn:
            cols = self._columns(conn)
            mask = np.zeros(cols.size, dtype=bool)
            for q in queries:
                mask |= self._mask(conn, cols, q)
            docs = np.flatnonzero(mask)
            months, n = np.unique(cols.date[docs] // 100, return_counts=True)
            by_month = tuple((f"{m // 100:04d}-{m % 100:02d}" if m else "", int(c)) for m, c in zip(months.tolist(), n))
            ref_docs, ref_ids = self._ref_postings(cols)
            inside = mask[ref_docs]
            ids, n = np.unique(ref_ids[inside], return_counts=True)
            top = sorted(zip((-n).tolist(), (cols.facets.keys[i] for i in ids.tolist()), ids.tolist()))
            top = top[:max(0, references)]
            fp, each = cols.facets, max(20, SUMMARY_RECORDS // max(1, len(top)))
            citing = [d[mask[d]] for d in (fp.docs[fp.ptr[i]:fp.ptr[i + 1]] for *_, i in top)]
            citing = np.unique(np.concatenate([d if len(d) <= each else Columns.top(
                (cols.date_key(d, ascending=False),), d, 0, each) for d in citing] or [docs[:0]]))
            rows = _in_order(conn, "SELECT rowid, record -> '$.references' FROM docs WHERE rowid IN",
                             [int(i) for i in citing]) if len(citing) else []
        wanted = {key: {} for _, key, _ in top}
        for (refs,) in rows:
            for r in json.loads(refs or "[]"):
                writing = (r.get("type") or "", r.get("number") or "", r.get("symbol") or "")
                w = wanted.get(ref_key(writing[1] + writing[2]))
                if w is not None:
                    w[writing] = w.get(writing, 0) + 1
        out = tuple((*min(wanted[key], key=lambda w: (-wanted[key][w], w)), -n)
                    for n, key, _ in top if wanted[key])
        return Summary(documents=len(docs), months=by_month, references=out)

    def _ref_postings(self, cols: Columns) -> tuple[np.ndarray, np.ndarray]:
        """The ``ref`` facet's entries of the facet postings of ``cols`` (documents, facet ids), kept
        with the columns they come from (one generation of the index)."""
        kept = getattr(self, "_refs_kept", None)
        if kept is not None and kept[0] is cols:
            return kept[1], kept[2]
        fp = cols.facets
        inside = np.isin(fp.ids, np.fromiter(fp.by_field.get("ref", {}).values(), dtype=np.int64))
        kept = self._refs_kept = (cols, fp.docs[inside], fp.ids[inside])
        return kept[1], kept[2]

    # -- manifest -----------------------------------------------------------------------------
    def record_file(self, entry: FileEntry) -> None:
        self.record_files([entry])

    def record_files(self, entries: Iterable[FileEntry]) -> None:
        """Write manifest lines (a path's line replaces the one it had), in one transaction."""
        now = _now()
        rows = [(e.path, e.sha256, e.size, e.format, e.status, e.error, now) for e in entries]
        with self._writing() as conn:
            conn.executemany(
                "INSERT INTO files(path, sha256, size, format, status, error, updated) VALUES (?,?,?,?,?,?,?) "
                "ON CONFLICT(path) DO UPDATE SET sha256=excluded.sha256, size=excluded.size, "
                "format=excluded.format, status=excluded.status, error=excluded.error, updated=excluded.updated",
                rows)

    def file(self, path: str) -> FileEntry | None:
        row = self._conn().execute("SELECT path, sha256, size, format, status, error, updated FROM files "
                                   "WHERE path = ?", (path,)).fetchone()
        return FileEntry(*row) if row else None

    def files(self, status: str | None = None) -> list[FileEntry]:
        sql = "SELECT path, sha256, size, format, status, error, updated FROM files"
        rows = self._conn().execute(sql + (" WHERE status = ? ORDER BY path" if status else " ORDER BY path"),
                                    (status,) if status else ()).fetchall()
        return [FileEntry(*r) for r in rows]

    # -- files of one report ------------------------------------------------------------------
    def near_copies(self, texts: Sequence[str], limit: int = 10) -> list[list[str]]:
        """For each of ``texts``, the documents that share near-copy bands with it
        (``search.nearcopy``), the most shared first: candidates to check, not yet copies."""
        found = []
        with self._reading() as conn:
            for text in texts:
                keys = nearcopy.bands(text)
                rows = conn.execute(
                    f"SELECT d.doc_id FROM bands b JOIN docs d ON d.rowid = b.doc WHERE b.band IN "
                    f"({','.join('?' * len(keys))}) GROUP BY b.doc HAVING count(*) >= ? ORDER BY count(*) DESC, "
                    f"d.rowid LIMIT ?", (*keys, nearcopy.SHARED, limit)).fetchall() if keys else []
                found.append([r[0] for r in rows])
        return found

    # -- items people keep (saved searches, corrections) ----------------------------------------
    @staticmethod
    def _read_item(conn, kind: str, key: str) -> dict | None:
        row = conn.execute("SELECT value FROM items WHERE kind = ? AND key = ?", (kind, key)).fetchone()
        return json.loads(row[0]) if row else None

    @staticmethod
    def _write_item(conn, kind: str, key: str, value: dict | None) -> bool:
        """Store ``value`` (None: delete the item); whether a row changed."""
        if value is None:
            return conn.execute("DELETE FROM items WHERE kind = ? AND key = ?", (kind, key)).rowcount > 0
        conn.execute("INSERT OR REPLACE INTO items(kind, key, value, updated) VALUES (?,?,?,?)",
                     (kind, key, json.dumps(value, ensure_ascii=False), _now()))
        return True

    def put_item(self, kind: str, key: str, value: dict) -> None:
        with self._writing() as conn:
            self._write_item(conn, kind, key, value)

    def item(self, kind: str, key: str) -> dict | None:
        return self._read_item(self._conn(), kind, key)

    def items(self, kind: str) -> list[StoredItem]:
        rows = self._conn().execute("SELECT kind, key, value, updated FROM items WHERE kind = ? ORDER BY key",
                                    (kind,)).fetchall()
        return [StoredItem(k, key, json.loads(v), u) for k, key, v, u in rows]

    def delete_item(self, kind: str, key: str) -> bool:
        with self._writing() as conn:
            return self._write_item(conn, kind, key, None)

    def update_item(self, kind: str, key: str, change: Callable[[dict | None], dict | None]) -> dict | None:
        """See ``Backend.update_item``: read and written in one ``BEGIN IMMEDIATE`` transaction, which
        holds the index's write lock from the read on (other threads and processes wait for it)."""
        with self._writing() as conn:
            value = change(self._read_item(conn, kind, key))
            self._write_item(conn, kind, key, value)
        return value

    # -- what was written lately (saved searches' feeds and alerts) -------------------------------
    def indexed_since(self, query: Query, since: str | None = None, limit: int = 50) -> list[tuple[str, str]]:
        """See ``Backend.indexed_since``: ``docs.indexed_at`` walked newest first on its index, each row
        kept where the query's mask holds, until ``limit`` are kept."""
        if limit <= 0:
            return []
        kept: list[tuple[int, str]] = []
        with self._reading() as conn:
            mask = self._mask(conn, self._columns(conn), query)
            for rowid, at in conn.execute("SELECT rowid, indexed_at FROM docs INDEXED BY docs_indexed WHERE "
                                          "indexed_at >= ? ORDER BY indexed_at DESC, rowid DESC", (since or "",)):
                if rowid < len(mask) and mask[rowid]:
                    kept.append((rowid, at))
                    if len(kept) >= limit:
                        break
            ids = _in_order(conn, "SELECT rowid, doc_id FROM docs WHERE rowid IN", [r for r, _ in kept]) if kept else []
        return [(doc_id, at) for (doc_id,), (_, at) in zip(ids, kept)]

    # -- unit names as one types (autocompletion) -------------------------------------------------
    def unit_suggestions(self, text: str, limit: int = 10, fields: tuple[str, ...] | None = None,
                         query: Query | None = None) -> tuple[tuple[str, int], ...]:
        """See ``Backend.unit_suggestions``: read from the in-memory facet postings, no facet counted
        (with a ``query``, a name's documents are counted in the query's mask)."""
        from ..base import UNIT_SUGGEST_FIELDS, suggestion_needle, top_suggestions
        fields = fields or UNIT_SUGGEST_FIELDS
        needle = suggestion_needle(text)
        if not needle:
            return ()
        with self._reading() as conn:
            cols = self._columns(conn)
            mask = None if query is None or query.is_empty else self._mask(conn, cols, query)
        fp = cols.facets
        found: dict[str, list] = {}
        for f in fields:
            for k, i in fp.by_field.get(f, {}).items():
                if needle in k:
                    n = int(fp.ptr[i + 1] - fp.ptr[i]) if mask is None else \
                        int(np.count_nonzero(mask[fp.docs[fp.ptr[i]:fp.ptr[i + 1]]]))
                    if n:
                        row = found.setdefault(k, [fp.values[i], 0, 0])
                        if n > row[2]:
                            row[0], row[2] = fp.values[i], n
                        row[1] += n
        return top_suggestions(((v, n) for v, n, _ in found.values()), limit)

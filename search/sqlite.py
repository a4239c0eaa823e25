"""The embedded default backend: one SQLite file with an FTS5 index over diacritic-folded text.

Tables: ``docs`` (one row per distinct file content, the record as JSON and the original text),
``docs_fts`` (folded title and body; rowid = docs.rowid), ``facets`` (one row per facet value of a
document, with a normalized ``key`` for matching) and ``files`` (the ingest manifest).
"""
from __future__ import annotations

import json
import sqlite3
import threading
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable, Iterator

import numpy as np

from nlp.normalize import fold
from nlp.record import Record

from dataclasses import replace

from .base import (FACET_FIELDS, FileEntry, FindingHit, FindingsResult, Hit, IndexUnavailable, Query,
                   SearchResult, Stats)
from .facets import facet_rows, record_date
from .highlight import match_spans, segments, snippet
from .query import ref_key, words

SCHEMA_VERSION = 2
SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);
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
CREATE VIRTUAL TABLE IF NOT EXISTS docs_fts USING fts5(
    title, body, tokenize = 'unicode61 remove_diacritics 0'
);
CREATE TABLE IF NOT EXISTS facets(
    doc INTEGER NOT NULL, field TEXT NOT NULL, value TEXT NOT NULL, key TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS facets_key ON facets(field, key);
DROP INDEX IF EXISTS facets_doc;
CREATE INDEX IF NOT EXISTS facets_by_doc ON facets(doc, field, key, value);
CREATE TABLE IF NOT EXISTS files(
    path TEXT PRIMARY KEY, sha256 TEXT, size INTEGER, format TEXT,
    status TEXT NOT NULL, error TEXT, updated TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS files_status ON files(status);
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
"""
UNIT_FIELDS = ("inspected_unit", "inspecting_body", "organization")


def _text_conditions(q: Query, rowid: str, fts: str) -> tuple[list[str], list]:
    """SQL conditions (and their arguments) for the query's words on the FTS table ``fts``: every
    positive term must match, no negative one may."""
    conds, args = [], []
    pos = _fts_expr(q.positive_terms)
    if pos:
        conds.append(f"{rowid} IN (SELECT rowid FROM {fts} WHERE {fts} MATCH ?)")
        args.append(pos)
    neg = " OR ".join(f"({_fts_expr([t])})" for t in q.terms if t.negate and words(t.text))
    if neg:
        conds.append(f"{rowid} NOT IN (SELECT rowid FROM {fts} WHERE {fts} MATCH ?)")
        args.append(neg)
    return conds, args


class _FacetTable:
    """The facet rows of the whole index as integer arrays, for exact counts over any set of
    documents in milliseconds (``bincount``) where SQL grouping over text takes seconds at 100k
    documents. Rebuilt when the index's write generation moves on."""

    def __init__(self, generation: int, docs, ids, fields: list[str], values: list[str]):
        self.generation = generation
        self.docs, self.ids, self.fields, self.values = docs, ids, fields, values
        self.size = int(docs.max()) + 1 if len(docs) else 1

    @classmethod
    def load(cls, conn, generation: int) -> "_FacetTable":
        marks = ",".join("?" * len(FACET_FIELDS))
        index: dict[tuple[str, str], int] = {}
        fields: list[str] = []
        values: list[str] = []
        docs, ids = [], []
        for doc, field, key, value in conn.execute(
                f"SELECT doc, field, key, value FROM facets WHERE field IN ({marks})", FACET_FIELDS):
            i = index.get((field, key))
            if i is None:
                i = index[(field, key)] = len(fields)
                fields.append(field)
                values.append(value)
            elif value < values[i]:
                values[i] = value  # the same value SQL's min(value) shows
            docs.append(doc)
            ids.append(i)
        return cls(generation, np.array(docs, dtype=np.int64), np.array(ids, dtype=np.int64), fields, values)

    def counts(self, hits, size: int) -> dict:
        if hits is None:
            ids = self.ids
        else:
            selected = np.zeros(self.size, dtype=bool)  # per call: requests run in parallel threads
            selected[hits[hits < self.size]] = True
            ids = self.ids[selected[self.docs]]
        n = np.bincount(ids, minlength=len(self.fields)) if len(self.fields) else np.zeros(0, dtype=np.int64)
        out: dict[str, list] = {field: [] for field in FACET_FIELDS}
        for i in np.nonzero(n)[0]:
            out[self.fields[i]].append((self.values[i], int(n[i])))
        return {f: tuple(sorted(v, key=lambda vn: (-vn[1], vn[0]))[:size]) for f, v in out.items()}


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _like_escape(s: str) -> str:
    return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _fts_expr(terms) -> str:
    parts = []
    for t in terms:
        ws = words(t.text)
        if not ws:
            continue
        parts.append('"' + " ".join(ws) + '"' if t.phrase else " ".join(f'"{w}"' for w in ws))
    return " ".join(parts)


class SQLiteBackend:
    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.url = f"sqlite:///{self.path}"
        self._local = threading.local()
        self._facet_lock = threading.Lock()
        self._facet_cache: _FacetTable | None = None
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

    @staticmethod
    def _bump(conn) -> None:
        """Every write transaction moves the generation on, so caches of derived data know."""
        conn.execute("INSERT INTO meta VALUES ('generation', '1') ON CONFLICT(key) DO UPDATE "
                     "SET value = CAST(value AS INTEGER) + 1")

    def _generation(self, conn) -> int:
        row = conn.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
        return int(row[0]) if row else 0

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
            conn.execute("BEGIN IMMEDIATE")
            for rowid, data in conn.execute("SELECT rowid, record FROM docs").fetchall():
                self._write_items(conn, rowid, json.loads(data))
            conn.execute("COMMIT")
        conn.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    # -- writing ------------------------------------------------------------------------------
    def upsert(self, records: Iterable[Record]) -> int:
        conn = self._conn()
        n = 0
        conn.execute("BEGIN IMMEDIATE")
        try:
            for rec in records:
                self._upsert_one(conn, rec)
                n += 1
            self._bump(conn)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        return n

    def _upsert_one(self, conn, rec: Record) -> None:
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
        conn.executemany("INSERT INTO facets(doc, field, value, key) VALUES (?,?,?,?)",
                         [(rowid, f, v, k) for f, v, k in facet_rows(rec)])
        self._write_items(conn, rowid, {"findings": [{"kind": f.kind, "text": f.text, "span": f.span}
                                                     for f in rec.findings],
                                        "figures": [{"value": f.value, "unit": f.unit, "text": f.text}
                                                    for f in rec.figures]})

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
        conn.execute("DELETE FROM facets WHERE doc = ?", (rowid,))
        conn.execute("DELETE FROM findings_fts WHERE rowid IN (SELECT rowid FROM findings WHERE doc = ?)",
                     (rowid,))
        conn.execute("DELETE FROM findings WHERE doc = ?", (rowid,))
        conn.execute("DELETE FROM figures WHERE doc = ?", (rowid,))

    def delete(self, doc_id: str) -> bool:
        conn = self._conn()
        row = conn.execute("SELECT rowid FROM docs WHERE doc_id = ?", (doc_id,)).fetchone()
        if not row:
            return False
        conn.execute("BEGIN IMMEDIATE")
        self._delete_derived(conn, row[0])
        conn.execute("DELETE FROM docs WHERE rowid = ?", row)
        self._bump(conn)
        conn.execute("COMMIT")
        return True

    # -- reading ------------------------------------------------------------------------------
    def count(self) -> int:
        return self._conn().execute("SELECT count(*) FROM docs").fetchone()[0]

    def get(self, doc_id: str) -> Record | None:
        row = self._conn().execute("SELECT record, text FROM docs WHERE doc_id = ?", (doc_id,)).fetchone()
        return Record.from_json(json.loads(row[0]), row[1]) if row else None

    def _where(self, q: Query) -> tuple[str, list]:
        conds, args = _text_conditions(q, "d.rowid", "docs_fts")

        def facet(fields, keys, like=False):
            op = "LIKE ? ESCAPE '\\'" if like else "= ?"
            ors = " OR ".join(f"f.key {op}" for _ in keys)
            marks = ",".join("?" * len(fields))
            conds.append(f"EXISTS (SELECT 1 FROM facets f WHERE f.doc = d.rowid AND f.field IN ({marks}) "
                         f"AND ({ors}))")
            args.extend(fields)
            args.extend(keys)

        if q.units:
            facet(UNIT_FIELDS, ["%" + _like_escape(fold(u).strip()) + "%" for u in q.units], like=True)
        if q.refs:
            facet(("ref", "refnum"), [ref_key(r) for r in q.refs])
        if q.kinds:
            facet(("kind",), list(q.kinds))
        if q.activity:
            facet(("activity",), list(q.activity))
        if q.formats:
            facet(("format",), list(q.formats))
        if q.years:
            facet(("year",), [str(y) for y in q.years])
        if q.date_from:
            conds.append("d.date >= ?")
            args.append(q.date_from)
        if q.date_to:
            conds.append("d.date <= ?")
            args.append(q.date_to)
        return (" AND ".join(conds) or "1"), args

    def _select_hits(self, conn, where: str, args: list) -> int:
        """Materialize the matching documents' rowids in ``temp.hits`` (per connection) once, so
        counting, facets and statistics each join a small table instead of re-running the query."""
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS hits(rowid INTEGER PRIMARY KEY)")
        conn.execute("DELETE FROM temp.hits")
        if where == "1":
            return conn.execute("SELECT count(*) FROM docs").fetchone()[0]
        return conn.execute(f"INSERT INTO temp.hits SELECT d.rowid FROM docs d WHERE {where}", args).rowcount

    def search(self, q: Query) -> SearchResult:
        conn = self._conn()
        where, args = self._where(q)
        total = self._select_hits(conn, where, args)
        pos = _fts_expr(q.positive_terms)
        if pos and q.sort == "relevance":
            sql = (f"SELECT d.doc_id, d.source, d.title, d.date, d.format, d.text, d.record, "
                   f"bm25(docs_fts, 5.0, 1.0) AS score FROM docs_fts JOIN docs d ON d.rowid = docs_fts.rowid "
                   f"WHERE docs_fts MATCH ? AND {where} ORDER BY score, d.rowid LIMIT ? OFFSET ?")
            params = [pos, *args]
        else:
            order = "d.date IS NULL, d.date ASC" if q.sort == "date" else "d.date IS NULL, d.date DESC"
            sql = (f"SELECT d.doc_id, d.source, d.title, d.date, d.format, d.text, d.record, 0 "
                   f"FROM docs d WHERE {where} ORDER BY {order}, d.rowid LIMIT ? OFFSET ?")
            params = list(args)
        params += [q.per_page, (q.page - 1) * q.per_page]
        hits = []
        for doc_id, source, title, date, fmt, text, record, score in conn.execute(sql, params):
            units = tuple(json.loads(record).get("inspected_units", ()))
            hits.append(Hit(doc_id=doc_id, source=source, title=title, date=date, format=fmt,
                            snippet=snippet(text, q), score=-float(score or 0), inspected_units=units))
        return SearchResult(total=total, hits=tuple(hits), query=q, facets=self._facets(conn, where == "1"))

    def _facet_table(self, conn) -> "_FacetTable":
        gen = self._generation(conn)
        with self._facet_lock:
            if self._facet_cache is None or self._facet_cache.generation != gen:
                self._facet_cache = _FacetTable.load(conn, gen)
            return self._facet_cache

    def _facets(self, conn, everything: bool, size: int = 15) -> dict:
        """Counts per facet value over ``temp.hits`` (or every document), ``size`` values per field."""
        table = self._facet_table(conn)
        hits = None if everything else np.fromiter(
            (r for (r,) in conn.execute("SELECT rowid FROM temp.hits")), dtype=np.int64)
        return table.counts(hits, size)

    def iter_records(self, query: Query | None = None) -> Iterator[Record]:
        where, args = self._where(query or Query())
        cur = self._conn().execute(f"SELECT d.record, d.text FROM docs d WHERE {where} ORDER BY d.rowid", args)
        while rows := cur.fetchmany(200):
            for data, text in rows:
                yield Record.from_json(json.loads(data), text)

    def search_findings(self, q: Query) -> FindingsResult:
        conn = self._conn()
        doc_where, doc_args = self._where(replace(q, terms=(), kinds=()))
        text_conds, text_args = _text_conditions(q, "f.rowid", "findings_fts")
        conds = [f"f.doc IN (SELECT d.rowid FROM docs d WHERE {doc_where})", *text_conds]
        args = [*doc_args, *text_args]
        base = " AND ".join(conds)
        counts = dict(conn.execute(f"SELECT f.kind, count(*) FROM findings f WHERE {base} GROUP BY f.kind",
                                   args).fetchall())
        if q.kinds:
            base += f" AND f.kind IN ({','.join('?' * len(q.kinds))})"
            args += list(q.kinds)
        total = conn.execute(f"SELECT count(*) FROM findings f WHERE {base}", args).fetchone()[0]
        order = {"date": "d.date IS NULL, d.date ASC", "-date": "d.date IS NULL, d.date DESC"}.get(
            q.sort, "d.date IS NULL, d.date DESC")
        rows = conn.execute(
            f"SELECT d.doc_id, d.source, d.title, d.date, f.kind, f.text, f.start, f.\"end\", d.record "
            f"FROM findings f JOIN docs d ON d.rowid = f.doc WHERE {base} ORDER BY {order}, f.rowid "
            f"LIMIT ? OFFSET ?", [*args, q.per_page, (q.page - 1) * q.per_page]).fetchall()
        hits = tuple(
            FindingHit(doc_id=doc_id, source=source, title=title, date=date, kind=kind, text=text,
                       span=(start, end), inspected_units=tuple(json.loads(record).get("inspected_units", ())),
                       marked=segments(text, match_spans(text, q)))
            for doc_id, source, title, date, kind, text, start, end, record in rows)
        return FindingsResult(total=total, hits=hits, query=q, counts=counts)

    def stats(self, q: Query, indicator: str | None = None) -> Stats:
        conn = self._conn()
        where, args = self._where(q)
        n = self._select_hits(conn, where, args)
        everything = where == "1"
        docs = "docs d" if everything else "temp.hits h JOIN docs d ON d.rowid = h.rowid"
        by_year = conn.execute(
            f"SELECT substr(d.date, 1, 4), f.kind, count(*) FROM {docs} JOIN findings f ON f.doc = d.rowid "
            f"WHERE d.date IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2").fetchall()
        by_month = conn.execute(
            f"SELECT substr(d.date, 1, 7), count(*) FROM {docs} WHERE d.date IS NOT NULL AND "
            f"EXISTS (SELECT 1 FROM facets f WHERE f.doc = d.rowid AND f.field = 'activity') "
            f"GROUP BY 1 ORDER BY 1").fetchall()
        units = conn.execute(
            f"SELECT min(f.value), count(*) AS n FROM {docs} JOIN facets f ON f.doc = d.rowid "
            f"WHERE f.field = 'inspected_unit' GROUP BY f.key ORDER BY n DESC, min(f.value) LIMIT 15").fetchall()
        figures = ()
        if indicator and indicator.strip():
            figures = tuple(conn.execute(
                f"SELECT d.date, g.value, g.unit, d.doc_id FROM {docs} JOIN figures g ON g.doc = d.rowid "
                f"WHERE d.date IS NOT NULL AND g.unit_key LIKE ? ESCAPE '\\' ORDER BY d.date, g.rowid LIMIT 2000",
                ["%" + _like_escape(fold(indicator).strip()) + "%"]).fetchall())
        return Stats(documents=n, findings_by_year=tuple(map(tuple, by_year)),
                     documents_by_month=tuple(map(tuple, by_month)), top_units=tuple(map(tuple, units)),
                     figures=tuple(map(tuple, figures)), indicator=indicator or None)

    # -- manifest -----------------------------------------------------------------------------
    def record_file(self, entry: FileEntry) -> None:
        self._conn().execute(
            "INSERT INTO files(path, sha256, size, format, status, error, updated) VALUES (?,?,?,?,?,?,?) "
            "ON CONFLICT(path) DO UPDATE SET sha256=excluded.sha256, size=excluded.size, "
            "format=excluded.format, status=excluded.status, error=excluded.error, updated=excluded.updated",
            (entry.path, entry.sha256, entry.size, entry.format, entry.status, entry.error, _now()))

    def file(self, path: str) -> FileEntry | None:
        row = self._conn().execute("SELECT path, sha256, size, format, status, error, updated FROM files "
                                   "WHERE path = ?", (path,)).fetchone()
        return FileEntry(*row) if row else None

    def files(self, status: str | None = None) -> list[FileEntry]:
        sql = "SELECT path, sha256, size, format, status, error, updated FROM files"
        rows = self._conn().execute(sql + (" WHERE status = ? ORDER BY path" if status else " ORDER BY path"),
                                    (status,) if status else ()).fetchall()
        return [FileEntry(*r) for r in rows]

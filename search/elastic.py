"""The scale-out backend: Elasticsearch through the official client.

Works on a bare server (no analysis-common, Painless, reindex or ingest modules): diacritic folding is
done here in Python, so the index only needs the ``standard`` analyzer, ``keyword``, ``nested``,
bool/match_phrase/terms/range/wildcard queries, terms/nested aggregations and PIT + ``search_after``.

Layout: documents live in ``<index>-v<MAPPING_VERSION>-<timestamp>`` behind the alias ``<index>``
(default ``kiemtra``); one finding per document in ``<index>-findings-v<MAPPING_VERSION>-<timestamp>``
behind ``<index>-findings``; the ingest manifest in ``<index>-files``. One document per distinct file
content, ``_id`` = sha256. Each document carries

- ``title``/``body``: the original text (``body`` is what snippets and ``get`` are built from);
- ``title_folded``/``body_folded``: ``search.query.words`` of the text joined by spaces, so the
  standard analyzer sees exactly the words the SQLite backend indexes (not kept in ``_source``);
- ``facets``: nested ``{field, value, key}`` rows from ``search.facets.facet_rows`` (filters, as
  SQLite's ``facets`` table);
- ``fk.<field>`` (the keys of each facet field, on the document itself, not nested: facet counts
  are a plain ``terms`` aggregation, five times cheaper than over nested rows) and ``fv.<field>``
  (``key<US>value`` pairs: the value shown for a key is the smallest pair with its prefix);
- ``figs``: ``date<US>wseq<US>position<US>value<US>unit<US>sha256<US>unit key`` of each figure of a
  dated document, doc values only: the figures of the statistics are read from an aggregation of
  them in key order (date, then write order), never from ``_source``; ``figure_units``, their unit
  keys, narrows the documents first;
- ``date`` (``search.facets.record_date``, an ISO string compared as text, as SQLite does), its
  ``year`` and ``month``; ``seq`` (first insertion, kept on re-upsert: the tie-break of document
  sorts) and ``wseq`` (last write: the order of findings and figures, as SQLite's row ids);
- ``findings`` and ``figures`` (nested: statistics), ``references``, ``people`` (nested);
- ``record``: ``Record.to_json()`` as stored, not indexed, to rebuild the Record.

A finding document (``<sha256>:<n>``) repeats what findings search filters and shows of its
document (``facets``, ``date``, ``wseq``, source, title, units), since the bare server has no join.
"""
from __future__ import annotations

import hashlib
import itertools
import logging
import os
import queue
import socket
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from typing import Callable, Iterable, Iterator

import elastic_transport
from elasticsearch import (ApiError, AuthenticationException, AuthorizationException, Elasticsearch,
                           NotFoundError, UnsupportedProductError, helpers)
from elasticsearch.serializer import JsonSerializer

from nlp.normalize import fold
from nlp.record import Record

from .base import (FACET_FIELDS, UNIT_FIELDS, FileEntry, FindingHit, FindingsResult, Hit, IndexUnavailable, Query,
                   Reindexed, SearchResult, Stats, Term)
from .facets import facet_rows, record_date
from .highlight import match_spans, segments, snippet
from .query import MAX_PAGE, MAX_PER_PAGE, ref_key, words

log = logging.getLogger(__name__)

MAPPING_VERSION = 3
META_KEY = "kiemtra_mapping_version"
TITLE_BOOST = 5.0   # as SQLite's bm25(docs_fts, 5.0, 1.0)
FACET_SIZE = 15     # values per facet field, as SQLite
TRANSIENT_STATUS = (429, 502, 503, 504)
HIT_SOURCE = ["sha256", "source", "title", "date", "format", "body", "inspected_units"]
MAX_BUCKETS = 65536  # Elasticsearch's default search.max_buckets
FIGURES_LIMIT = 2000  # figures per statistics answer, as SQLite
US = "\x1f"           # joins the parts of ``fv`` and ``figs`` values (never in folded text)

_KW = {"type": "keyword", "ignore_above": 4096}
_TEXT = {"type": "text", "analyzer": "standard"}
_STORED = {"type": "keyword", "index": False, "doc_values": False}  # shown, never searched
_FACETS = {"type": "nested", "properties": {"field": {"type": "keyword"}, "value": _KW, "key": _KW}}
_AGG_KW = {**_KW, "eager_global_ordinals": True}  # aggregated by every search: ordinals built at refresh

MAPPINGS = {
    "dynamic": "strict",
    "_meta": {META_KEY: MAPPING_VERSION, "app": "kiemtra"},
    "_source": {"excludes": ["title_folded", "body_folded"]},
    "properties": {
        "sha256": {"type": "keyword"},
        "seq": {"type": "long"},
        "source": {"type": "keyword"},
        "format": {"type": "keyword"},
        "title": _TEXT,
        "title_folded": _TEXT,
        "body": _TEXT,
        "body_folded": _TEXT,
        "date": {"type": "keyword"},
        "year": {"type": "keyword"},
        "month": {"type": "keyword"},
        "published": {"type": "keyword"},
        "wseq": {"type": "long"},
        "nfindings": {"type": "integer"},
        "indexed_at": {"type": "date"},
        "activity": _KW,
        "inspected_units": _KW,
        "inspecting_bodies": _KW,
        "organizations": _KW,
        "facets": _FACETS,
        "fk": {"properties": {f: _AGG_KW for f in FACET_FIELDS}},
        "fv": {"properties": {f: _AGG_KW for f in FACET_FIELDS}},
        "figs": {"type": "keyword", "index": False, "ignore_above": 8192},
        "figure_units": _KW,
        "references": {"type": "nested", "properties": {
            "text": _TEXT, "type": _KW, "number": _KW, "symbol": _KW, "key": _KW, "date": _KW,
            "issuer": _KW}},
        "people": {"type": "nested", "properties": {"name": _KW, "role": _KW}},
        "figures": {"type": "nested", "properties": {
            "text": _TEXT, "value": {"type": "double"}, "unit": _KW, "unit_key": _KW}},
        "findings": {"type": "nested", "properties": {"kind": {"type": "keyword"}, "text": _TEXT}},
        "record": {"type": "object", "enabled": False},
    },
}
SETTINGS = {
    "number_of_shards": 1,              # exact facet counts; one shard holds millions of reports
    "auto_expand_replicas": "0-1",      # green on one node, a replica once there are two
    "max_result_window": MAX_PAGE * MAX_PER_PAGE,  # any page the query syntax allows, as SQLite
}
FINDINGS_MAPPINGS = {
    "dynamic": "strict",
    "_meta": {META_KEY: MAPPING_VERSION, "app": "kiemtra"},
    "_source": {"excludes": ["text_folded"]},
    "properties": {
        "doc_id": {"type": "keyword"}, "n": {"type": "integer"}, "kind": {"type": "keyword"},
        "text": {"type": "text", "index": False}, "text_folded": _TEXT,
        "start": {"type": "integer"}, "end": {"type": "integer"},
        "date": {"type": "keyword"}, "wseq": {"type": "long"}, "facets": _FACETS,
        "source": _STORED, "title": {"type": "text", "index": False}, "inspected_units": _STORED,
    },
}
FINDINGS_SETTINGS = SETTINGS
FILES_MAPPINGS = {
    "dynamic": "strict",
    "_meta": {META_KEY: MAPPING_VERSION, "app": "kiemtra"},
    "properties": {
        "path": {"type": "keyword"}, "sha256": {"type": "keyword"}, "size": {"type": "long"},
        "format": {"type": "keyword"}, "status": {"type": "keyword"},
        "error": {"type": "keyword", "index": False, "doc_values": False}, "updated": {"type": "keyword"},
    },
}


REINDEX_HINT = ("Upgrade it in place with `kiemtra reindex`: it copies every document into a new index "
                "with this version's mapping and moves the alias there; searches keep working meanwhile")


class MappingVersionError(IndexUnavailable):
    """The index was made by another version of kiemtra's mapping: ``kiemtra reindex`` upgrades an
    older one."""

    def __init__(self, url: str, index: str, found, expected: int, alias: str):
        if isinstance(found, int) and found < expected:
            why = (f"index {index!r} (alias {alias!r}) has mapping version {found}, older than this "
                   f"kiemtra's version {expected}. {REINDEX_HINT}")
        elif isinstance(found, int):
            why = (f"index {index!r} (alias {alias!r}) has mapping version {found}, newer than this "
                   f"kiemtra's version {expected}: upgrade kiemtra, or use another index name")
        else:
            why = (f"index {index!r} (alias {alias!r}) was not made by kiemtra (no {META_KEY} in its "
                   f"_meta): use another index name")
        super().__init__(url, why)
        self.index, self.found, self.expected = index, found, expected

    @property
    def older(self) -> bool:
        return isinstance(self.found, int) and self.found < self.expected


_UPGRADING: ContextVar[bool] = ContextVar("kiemtra_es_upgrading", default=False)


@contextmanager
def opening_for_reindex():
    """Backends opened inside accept an index with an older mapping version (or no findings index),
    for ``reindex()`` to upgrade; until then only ``reindex``, ``count`` and ``drop`` are safe."""
    token = _UPGRADING.set(True)
    try:
        yield
    finally:
        _UPGRADING.reset(token)


class BulkIndexingFailed(IndexUnavailable):
    """Bulk indexing stopped: the cluster stopped answering, or refused some documents."""

    def __init__(self, url: str, reason: str, written: int, failures: list | None = None,
                 cause: str | None = None):
        super().__init__(url, reason)
        self.written = written
        self.failures = failures or []
        self.cause = cause or reason  # what stopped it, without what to do about it


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _folded(text: str | None) -> str:
    return " ".join(words(text or ""))


def _item(failure: dict) -> dict:
    """The info of a failed bulk item ``{op: info}``."""
    return next(iter(failure.values()))


def _describe(cause) -> str:
    """``ConnectionError: ... [Errno 111] Connection refused`` (the client's ``str()`` drops the why)."""
    if isinstance(cause, elastic_transport.TransportError) and not isinstance(cause, ApiError):
        return f"{type(cause).__name__}: {cause.message}"
    return f"{type(cause).__name__}: {cause}" if isinstance(cause, Exception) else str(cause)


def _reason(exc: ApiError) -> str:
    body = exc.body if isinstance(exc.body, dict) else {}
    error = body.get("error")
    return (error.get("reason") if isinstance(error, dict) else None) or str(exc.message)


def _blocked(reason: str | None) -> str:
    """What a write refused by an index block means, and what to do."""
    return (f"{reason or 'index write block'}. `kiemtra reindex` blocks writes to the old index while "
            "it copies it; run the same command again once it has finished (records are upserted by "
            "sha256, nothing is duplicated). If no reindex is running, the index was made read-only "
            "(index.blocks.write, or a full disk)")


def _wildcard_escape(s: str) -> str:
    return s.replace("\\", "\\\\").replace("*", "\\*").replace("?", "\\?")


def _redact(url: str) -> str:
    """The URL without a password, for messages."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        return f"{scheme}://***@{rest.split('@', 1)[1]}"
    return url


def document(rec: Record, seq: int, wseq: int | None = None) -> dict:
    """The Elasticsearch document for a record (``_id`` is ``rec.doc_id``), written as write number
    ``seq`` (its ``seq`` too, unless the document exists: then ``upsert`` keeps the old ``seq``);
    ``wseq``, the write number, defaults to ``seq``."""
    data = rec.to_json()
    date = record_date(rec)
    rows = facet_rows(rec)
    figures = [{"text": f.text, "value": f.value, "unit": f.unit, "unit_key": fold(f.unit or "")}
               for f in rec.figures if isinstance(f.value, (int, float))]
    wseq = seq if wseq is None else wseq
    return {
        "sha256": rec.doc_id,
        "seq": seq,
        "wseq": wseq,
        "source": rec.document.source,
        "format": rec.document.format,
        "title": rec.title,
        "title_folded": _folded(rec.title),
        "body": rec.text,
        "body_folded": _folded(rec.text),
        "date": date,
        "year": date[:4] if date else None,
        "month": date[:7] if date else None,
        "published": rec.published,
        "indexed_at": _now(),
        "activity": data["activity"],
        "inspected_units": data["inspected_units"],
        "inspecting_bodies": data["inspecting_bodies"],
        "organizations": data["organizations"],
        "facets": [{"field": f, "value": v, "key": k} for f, v, k in rows],
        "fk": {f: [k for g, _, k in rows if g == f] for f in FACET_FIELDS},
        "fv": {f: [f"{k}{US}{v}" for g, v, k in rows if g == f] for f in FACET_FIELDS},
        "references": [{"text": r.text, "type": r.type, "number": r.number, "symbol": r.symbol,
                        "key": ref_key(r.number + r.symbol), "date": r.date, "issuer": r.issuer}
                       for r in rec.references],
        "people": [{"name": p.name, "role": p.role} for p in rec.people],
        "figures": figures,
        "figs": [US.join((date, f"{wseq:012d}", f"{i:05d}", repr(f["value"]), f["unit"] or "", rec.doc_id,
                          f["unit_key"])) for i, f in enumerate(figures)] if date else [],
        "figure_units": sorted({f["unit_key"] for f in figures}),
        "findings": [{"kind": f.kind, "text": f.text} for f in rec.findings],
        "nfindings": len(rec.findings),
        "record": data,
    }


def finding_documents(doc: dict) -> list[tuple[str, dict]]:
    """``(_id, document)`` of each finding of a record's document, for the findings index."""
    findings = doc["record"]["findings"]
    shared = {"doc_id": doc["sha256"], "date": doc["date"], "wseq": doc["wseq"], "facets": doc["facets"],
              "source": doc["source"], "title": doc["title"], "inspected_units": doc["inspected_units"]}
    return [(f"{doc['sha256']}:{n}", {**shared, "n": n, "kind": f["kind"], "text": f["text"],
                                      "text_folded": _folded(f["text"]), "start": f["span"][0],
                                      "end": f["span"][1]})
            for n, f in enumerate(findings)]


_JSON = JsonSerializer()  # the client's own JSON encoding, called where the bodies are built


@dataclass
class _Body:
    """One bulk request, already serialized: NDJSON ``lines`` writing ``docs`` (by ``_id``) into
    ``index`` and ``findings`` finding documents of theirs into ``findings_index``."""

    index: str
    findings_index: str
    lines: list[bytes] = field(default_factory=list)
    size: int = 0
    docs: dict[str, dict] = field(default_factory=dict)
    findings: int = 0

    def data(self) -> bytes:
        return b"\n".join(self.lines) + b"\n"


def _bodies(docs: Iterable[tuple[str, dict]], op: str, index: str, findings_index: str, *,
            max_docs: int, max_bytes: int) -> Iterator[_Body]:
    """Bulk bodies writing each ``(_id, document)`` with ``op`` into ``index`` followed by its
    findings into ``findings_index``: at most ``max_docs`` documents and ``max_bytes`` per body (a
    larger document goes alone)."""
    body = _Body(index, findings_index)
    for doc_id, doc in docs:
        lines = [_JSON.dumps({op: {"_index": index, "_id": doc_id}}), _JSON.dumps(doc)]
        findings = finding_documents(doc)
        for fid, fdoc in findings:
            lines += (_JSON.dumps({"index": {"_index": findings_index, "_id": fid}}), _JSON.dumps(fdoc))
        size = sum(map(len, lines)) + len(lines)
        if body.docs and (len(body.docs) >= max_docs or body.size + size > max_bytes):
            yield body
            body = _Body(index, findings_index)
        body.lines += lines
        body.size += size
        body.docs[doc_id] = doc
        body.findings += len(findings)
    if body.docs:
        yield body


def _finding_deletions(findings_index: str, doc_id: str, numbers: range) -> Iterator[dict]:
    """Bulk actions deleting findings ``numbers`` of a document (``<sha256>:<n>``)."""
    return ({"_op_type": "delete", "_index": findings_index, "_id": f"{doc_id}:{n}"} for n in numbers)


def _ahead(items: Iterator, depth: int = 2) -> Iterator:
    """The items of ``items``, produced in a thread up to ``depth`` ahead of the consumer (whose
    waits on the network then overlap the producer's work). The producer's exception is raised
    in the consumer; a consumer that stops early stops the producer and closes ``items``."""
    q: queue.Queue = queue.Queue(depth)
    stop = threading.Event()
    end = object()

    def put(entry) -> bool:
        while not stop.is_set():
            try:
                q.put(entry, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        try:
            for item in items:
                if not put((item, None)):
                    return
            put((end, None))
        except BaseException as exc:  # noqa: BLE001 - handed to the consumer
            put((end, exc))
        finally:
            close = getattr(items, "close", None)
            if close:
                close()

    thread = threading.Thread(target=produce, name="kiemtra-ahead", daemon=True)
    thread.start()
    try:
        while True:
            item, exc = q.get()
            if item is end:
                if exc is not None:
                    raise exc
                return
            yield item
    finally:
        stop.set()
        thread.join()


DOC_FIELDS = (("title_folded", TITLE_BOOST), ("body_folded", 1.0))


def _term_clause(t: Term, fields=DOC_FIELDS) -> dict | None:
    """Where one query term matches: all its words (or its phrase) within one of ``fields`` (the
    title or the body, as SQLite's FTS5 columns)."""
    ws = words(t.text)
    if not ws:
        return None

    def either(phrase: str) -> dict:
        return {"bool": {"should": [{"match_phrase": {f: {"query": phrase, "boost": boost}}}
                                    for f, boost in fields], "minimum_should_match": 1}}

    if t.phrase:
        return either(" ".join(ws))
    if len(ws) == 1:
        return either(ws[0])
    return {"bool": {"must": [either(w) for w in ws]}}


def _facet_filter(fields, keys, *, wildcard: bool = False) -> dict:
    if wildcard:
        match = {"bool": {"should": [{"wildcard": {"facets.key": {"value": f"*{_wildcard_escape(k)}*"}}}
                                     for k in keys], "minimum_should_match": 1}}
    else:
        match = {"terms": {"facets.key": list(keys)}}
    return {"nested": {"path": "facets", "query": {"bool": {"filter": [
        {"terms": {"facets.field": list(fields)}}, match]}}}}


def build_query(q: Query, fields=DOC_FIELDS, scored: bool = True) -> dict:
    """The bool query for ``q``'s text (searched in ``fields``) and filters: the conditions of
    SQLite's ``_where``. Works on both indices: each has ``facets`` and ``date``. Unless
    ``scored``, the text is matched in filter context too (no scores; cached per segment)."""
    must = [c for c in (_term_clause(t, fields) for t in q.positive_terms) if c]
    must_not = [c for c in (_term_clause(t, fields) for t in q.terms if t.negate) if c]
    flt: list[dict] = []
    if q.units:
        flt.append(_facet_filter(UNIT_FIELDS, [fold(u).strip() for u in q.units], wildcard=True))
    if q.refs:
        flt.append(_facet_filter(("ref", "refnum"), [ref_key(r) for r in q.refs]))
    if q.kinds:
        flt.append(_facet_filter(("kind",), q.kinds))
    if q.activity:
        flt.append(_facet_filter(("activity",), q.activity))
    if q.formats:
        flt.append(_facet_filter(("format",), q.formats))
    if q.years:
        flt.append(_facet_filter(("year",), [str(y) for y in q.years]))
    if q.date_from or q.date_to:
        rng = {}
        if q.date_from:
            rng["gte"] = q.date_from
        if q.date_to:
            rng["lte"] = q.date_to
        flt.append({"range": {"date": rng}})
    if not (must or must_not or flt):
        return {"match_all": {}}
    if not scored:
        flt, must = must + flt, []
    return {"bool": {"must": must, "must_not": must_not, "filter": flt}}


def _sort(q: Query, scored: bool) -> list:
    if scored:
        return [{"_score": "desc"}, {"seq": "asc"}, {"sha256": "asc"}]
    order = "asc" if q.sort == "date" else "desc"
    return [{"date": {"order": order, "missing": "_last"}}, {"seq": "asc"}, {"sha256": "asc"}]


def _facet_aggs(sizes: dict[str, int]) -> dict:
    """The top keys of each field by document count (ties by key)."""
    return {f"fk_{field}": {"terms": {"field": f"fk.{field}", "size": size,
                                      "order": [{"_count": "desc"}, {"_key": "asc"}]}}
            for field, size in sizes.items()}


def _regex_literal(s: str) -> str:
    return "".join(c if c.isalnum() else "\\" + c for c in s)


def _value_aggs(keys: dict[str, list[str]], per_key: int) -> dict:
    """For each field, the ``key<US>value`` pairs of the given keys in key order: the first pair of
    a key holds the smallest value shown for it (as SQLite shows it)."""
    return {f"fv_{field}": {"terms": {
        "field": f"fv.{field}", "size": max(1, len(ks) * per_key), "order": {"_key": "asc"},
        "include": "(" + "|".join(_regex_literal(k) for k in ks) + ")" + _regex_literal(US) + ".*"}}
        for field, ks in keys.items() if ks}


def _facet_rows(buckets: list[dict], other: int, values: dict[str, str],
                limit: int) -> tuple[list[tuple[str, int]], bool]:
    """``((value, count), ...)`` ordered as SQLite orders them (count desc, then the smallest value
    shown for the key), and whether that top ``limit`` is exact given the buckets returned."""
    rows = [(values.get(b["key"], b["key"]), b["doc_count"]) for b in buckets]
    rows.sort(key=lambda r: (-r[1], r[0]))
    top = rows[:limit]
    exact = other == 0 or len(top) < limit or buckets[-1]["doc_count"] < top[-1][1]
    return top, exact


class ElasticsearchBackend:
    def __init__(self, url: str, api_key=None, user: str | None = None, password: str | None = None,
                 ca_certs: str | None = None, timeout: float = 30, index: str = "kiemtra", *,
                 chunk_size: int = 500, max_chunk_bytes: int = 20 * 1024 * 1024, max_retries: int = 4,
                 initial_backoff: float = 2.0, max_backoff: float = 60.0):
        self.url = url
        self.alias = index
        self.findings_alias = f"{index}-findings"
        self.files_index = f"{index}-files"
        self.chunk_size = chunk_size
        self.max_chunk_bytes = max_chunk_bytes
        self.max_retries = max_retries
        self.initial_backoff = initial_backoff
        self.max_backoff = max_backoff
        options: dict = {"request_timeout": timeout, "max_retries": 2, "retry_on_timeout": True}
        if api_key:
            options["api_key"] = api_key
        if user:
            options["basic_auth"] = (user, password or "")
        if ca_certs:
            options["ca_certs"] = ca_certs
        try:
            self.client = Elasticsearch(url, **options)
        except ValueError as exc:
            raise IndexUnavailable(_redact(url), f"bad Elasticsearch URL or options: {exc}") from exc
        self.index = self._open()
        self._last_seq = 0  # the last write number this object used (its writes may not be searchable yet)

    # -- errors -------------------------------------------------------------------------------
    @contextmanager
    def _errors(self, doing: str):
        """Turn the client's connection, auth and server errors into ``IndexUnavailable``."""
        url = _redact(self.url)
        try:
            yield
        except IndexUnavailable:
            raise
        except elastic_transport.TransportError as exc:  # connection refused, timeout, TLS
            raise IndexUnavailable(url, f"cannot reach Elasticsearch while {doing} ({_describe(exc)}). Is it "
                                        "running? (scripts/elasticsearch.sh start runs one)") from exc
        except AuthenticationException as exc:
            raise IndexUnavailable(url, f"Elasticsearch refused the credentials while {doing}: check "
                                        "the API key or user and password") from exc
        except AuthorizationException as exc:
            if exc.error == "cluster_block_exception":
                raise IndexUnavailable(url, f"the index refuses writes while {doing}: "
                                            f"{_blocked(_reason(exc))}") from exc
            raise IndexUnavailable(url, f"these credentials may not {doing}: {exc.message}") from exc
        except UnsupportedProductError as exc:
            raise IndexUnavailable(url, f"the server is not Elasticsearch: {exc}") from exc
        except NotFoundError as exc:
            if exc.error == "index_not_found_exception":
                raise IndexUnavailable(url, f"the index {self.alias!r} was deleted while {doing}") from exc
            raise
        except ApiError as exc:
            if exc.meta.status >= 500:
                raise IndexUnavailable(url, f"Elasticsearch failed while {doing}: {exc}") from exc
            raise

    # -- opening ------------------------------------------------------------------------------
    def _open(self) -> str:
        """Check the cluster answers; find (or create) the documents and findings indices behind
        their aliases; check their mapping version; make sure the manifest index exists. Returns
        the real documents index name."""
        with self._errors("connecting"):
            try:
                self.client.options(max_retries=1).cluster.health()
            except AuthorizationException:
                pass  # a restricted key may not read cluster health; the index calls below will tell
            index = self._resolve(self.alias)
            findings = self._resolve(self.findings_alias)
            if index is None:
                for old in ([findings] if findings else []):  # findings of a deleted index
                    self.client.indices.delete(index=old)
                index = self._create(self.alias, MAPPINGS, SETTINGS)
                findings = self._create(self.findings_alias, FINDINGS_MAPPINGS, FINDINGS_SETTINGS)
            upgrading = _UPGRADING.get()
            self.mapping_version = self._check_version(index, self.alias, upgrading)
            if findings is None and not upgrading:
                raise IndexUnavailable(_redact(self.url), f"index {index!r} has no findings index "
                                       f"{self.findings_alias!r} beside it (it was made by an older "
                                       f"kiemtra). {REINDEX_HINT}")
            if findings is not None:
                self._check_version(findings, self.findings_alias, upgrading)
            self.findings_index = findings
            if not self.client.indices.exists(index=self.files_index):
                try:
                    self.client.indices.create(index=self.files_index, mappings=FILES_MAPPINGS,
                                               settings={"number_of_shards": 1, "auto_expand_replicas": "0-1"})
                except ApiError as exc:
                    if exc.error != "resource_already_exists_exception":
                        raise
        return index

    def _resolve(self, alias: str) -> str | None:
        """The index behind ``alias`` (or an index of that very name), None if there is none."""
        try:
            indices = sorted(self.client.indices.get_alias(name=alias))
        except NotFoundError:
            return alias if self.client.indices.exists(index=alias) else None
        if len(indices) > 1:
            raise IndexUnavailable(_redact(self.url), f"alias {alias!r} points to several indices "
                                                      f"({', '.join(indices)}); keep one")
        return indices[0]

    def _create(self, alias: str, mappings: dict, settings: dict, *, behind_alias: bool = True) -> str:
        """Create ``<alias>-v<MAPPING_VERSION>-<timestamp>``, behind ``alias`` unless told not to."""
        stamp = datetime.now(timezone.utc).strftime("%Y%m%d%H%M%S%f")
        index = f"{alias}-v{MAPPING_VERSION}-{stamp}"
        self.client.indices.create(index=index, mappings=mappings, settings=settings,
                                   aliases={alias: {"is_write_index": True}} if behind_alias else None,
                                   wait_for_active_shards="1")
        if not behind_alias:
            return index
        # two processes may have created an index at once: keep the older one
        indices = sorted(self.client.indices.get_alias(name=alias))
        if len(indices) > 1 and indices[0] != index:
            self.client.indices.delete(index=index)
            return indices[0]
        return index

    def _check_version(self, index: str, alias: str, older_ok: bool = False):
        """The mapping version of ``index``; raises MappingVersionError unless it is this code's
        (or older, when ``older_ok``)."""
        mapping = self.client.indices.get_mapping(index=index)
        meta = next(iter(mapping.values()))["mappings"].get("_meta") or {}
        found = meta.get(META_KEY)
        if found != MAPPING_VERSION:
            err = MappingVersionError(_redact(self.url), index, found, MAPPING_VERSION, alias)
            if not (older_ok and err.older):
                raise err
        return found

    def close(self) -> None:
        self.client.close()

    def drop(self) -> None:
        """Delete this backend's indices (behind both aliases, and the manifest)."""
        with self._errors("deleting the index"):
            names = [self.files_index]
            for alias in (self.alias, self.findings_alias):
                try:
                    names += list(self.client.indices.get_alias(name=alias))
                except NotFoundError:
                    pass
            for name in names:
                self.client.indices.delete(index=name, ignore_unavailable=True)

    def refresh(self) -> None:
        with self._errors("refreshing the index"):
            self.client.indices.refresh(index=[self.alias, self.findings_alias])

    # -- re-indexing --------------------------------------------------------------------------
    def reindex(self, keep_old: bool = False,
                progress: Callable[[int, int], None] | None = None) -> Reindexed:
        """Copy every document into new indices made with this code's mapping, move both aliases
        to them in one atomic ``update_aliases`` call, then delete the old indices (``keep_old``:
        keep them, read-only, for a rollback; their names are in the answer).

        Needs no ``_reindex`` module: documents are read with point-in-time + ``search_after`` and
        rebuilt from their stored record, so whatever this mapping derives (folded text, facet rows,
        findings) is computed anew; insertion and write order (``seq``, ``wseq``) are kept. This is
        also how an index with an older mapping version is upgraded.

        Searches are answered by the old indices until the swap and by the new ones after it.
        Writes are refused while the copy runs: the old indices get a write block, so an ingest at
        that moment stops with a message saying so and is run again afterwards; nothing is lost
        silently. If anything fails before the swap, the new indices are deleted and the block is
        lifted, leaving the index as it was. ``progress(done, total)`` follows the copy."""
        started = time.monotonic()
        with self._errors("re-indexing"), self._reindex_lock():
            old = self._resolve(self.alias)
            if old is None:
                raise IndexUnavailable(_redact(self.url), f"there is no index {self.alias!r} to re-index")
            from_version = self._check_version(old, self.alias, older_ok=True)
            old_findings = self._resolve(self.findings_alias)
            olds = [i for i in (old, old_findings) if i]
            self.client.indices.put_settings(index=olds, settings={"index.blocks.write": True})
            new = new_findings = None
            swapped = False
            try:
                self.client.indices.refresh(index=olds)  # what was written before the block is copied
                total = self.client.count(index=old)["count"]
                copying = {"refresh_interval": "-1"}
                new = self._create(self.alias, MAPPINGS, {**SETTINGS, **copying}, behind_alias=False)
                new_findings = self._create(self.findings_alias, FINDINGS_MAPPINGS,
                                            {**FINDINGS_SETTINGS, **copying}, behind_alias=False)
                copied = {"documents": 0, "findings": 0}
                for body in _ahead(_bodies(self._copied_documents(old), "index", new, new_findings,
                                           max_docs=self.chunk_size, max_bytes=self.max_chunk_bytes)):
                    try:
                        self._write([body], copied["documents"])
                    except BulkIndexingFailed as exc:
                        raise BulkIndexingFailed(
                            _redact(self.url), f"re-indexing stopped after {copied['documents']} of {total} "
                            f"documents: {exc.cause} Nothing was changed: the index "
                            f"is as it was.", copied["documents"], exc.failures) from exc
                    copied["documents"] += len(body.docs)
                    copied["findings"] += body.findings
                    if progress:
                        progress(copied["documents"], total)
                news = [new, new_findings]
                self.client.indices.put_settings(index=news, settings={"index.refresh_interval": None})
                self.client.indices.refresh(index=[*news, *olds])
                counts = [self.client.count(index=i)["count"] for i in (old, new, new_findings)]
                if counts != [copied["documents"], copied["documents"], copied["findings"]]:
                    raise IndexUnavailable(_redact(self.url), f"the copy does not match: {old!r} holds "
                                           f"{counts[0]} documents, {new!r} {counts[1]} of "
                                           f"{copied['documents']} copied and {new_findings!r} {counts[2]} "
                                           f"of {copied['findings']} findings; nothing was changed")
                self.client.indices.update_aliases(actions=[
                    *self._alias_moves(self.alias, old, new),
                    *self._alias_moves(self.findings_alias, old_findings, new_findings)])
                swapped = True
            finally:
                if not swapped:
                    made = [i for i in (new, new_findings) if i]
                    if made:
                        self._quietly(lambda: self.client.indices.delete(index=made, ignore_unavailable=True))
                    self._quietly(lambda: self.client.indices.put_settings(
                        index=olds, settings={"index.blocks.write": None}))
            self.index, self.findings_index, self.mapping_version = new, new_findings, MAPPING_VERSION
            left = [i for i in olds if i not in (self.alias, self.findings_alias)]  # named as an alias: gone
            if left and not keep_old:
                self.client.indices.delete(index=left, ignore_unavailable=True)
        return Reindexed(documents=copied["documents"], findings=copied["findings"],
                         seconds=time.monotonic() - started, old=tuple(olds), new=(new, new_findings),
                         kept=tuple(left) if keep_old else (), from_version=from_version,
                         to_version=MAPPING_VERSION)

    @contextmanager
    def _reindex_lock(self):
        """One reindex of an index at a time: the lock is the index ``<index>-reindexing``, whose
        creation is atomic on the cluster; a second reindex is refused at once, before it touches
        anything (it would otherwise lift the write block the first one relies on)."""
        lock = f"{self.alias}-reindexing"
        holder = {"host": socket.gethostname(), "pid": os.getpid(), "started": _now(),
                  "token": uuid.uuid4().hex}
        try:
            self.client.indices.create(index=lock, mappings={"_meta": holder},
                                       settings={"number_of_shards": 1, "auto_expand_replicas": "0-1"})
        except ApiError as exc:
            if exc.meta.status != 400 or "resource_already_exists" not in str(exc.error):
                raise
            meta = {}
            with suppress(ApiError):
                meta = self.client.indices.get_mapping(index=lock)[lock]["mappings"].get("_meta", {})
            raise IndexUnavailable(
                _redact(self.url), f"another `kiemtra reindex` of {self.alias!r} is running (started "
                f"{meta.get('started', '?')} by process {meta.get('pid', '?')} on {meta.get('host', '?')}); "
                f"wait for it to end. If it is no longer running, delete the index {lock!r} that marks "
                f"it, then run `kiemtra reindex` again.") from exc
        try:
            yield
        finally:
            def release():  # only our own: after a stale lock was cleared by hand, another run holds it
                mapping = self.client.indices.get_mapping(index=lock, ignore_unavailable=True)
                if mapping.get(lock, {}).get("mappings", {}).get("_meta", {}).get("token") == holder["token"]:
                    self.client.indices.delete(index=lock, ignore_unavailable=True)
            self._quietly(release)

    def _copied_documents(self, old: str) -> Iterator[tuple[str, dict]]:
        """``(_id, document)`` of each document of ``old``, rebuilt with this code from its record."""
        for h in self._scan(old, {"match_all": {}}, [], ["record", "body", "seq", "wseq", "indexed_at"],
                            page=1000):
            s = h["_source"]
            # mapping version 1 had no write order
            doc = document(Record.from_json(s["record"], s["body"]), s["seq"], s.get("wseq", s["seq"]))
            doc["indexed_at"] = s.get("indexed_at") or doc["indexed_at"]
            yield h["_id"], doc

    @staticmethod
    def _alias_moves(alias: str, old: str | None, new: str) -> list[dict]:
        """``update_aliases`` actions moving ``alias`` from ``old`` to ``new``; ``must_exist`` makes
        the whole call fail if another reindex moved it first."""
        if old is None:
            moves = []
        elif old == alias:  # an index bearing the alias's name: it goes, the alias takes its place
            moves = [{"remove_index": {"index": old}}]
        else:
            moves = [{"remove": {"index": old, "alias": alias, "must_exist": True}}]
        return [*moves, {"add": {"index": new, "alias": alias, "is_write_index": True}}]

    @staticmethod
    def _quietly(call) -> None:
        """Clean up after a failure without hiding it."""
        try:
            call()
        except (ApiError, elastic_transport.TransportError) as exc:
            log.warning("cleaning up after a failed reindex: %s", _describe(exc))

    # -- writing ------------------------------------------------------------------------------
    def _next_seq(self) -> int:
        """The next write number: after the highest searchable one, and after this object's own
        writes (``upsert(refresh=False)`` leaves them unsearchable for up to a second)."""
        res = self.client.search(index=self.alias, size=1, sort=[{"wseq": "desc"}], source=False,
                                 track_total_hits=False)
        hits = res["hits"]["hits"]
        return max(int(hits[0]["sort"][0]) if hits else 0, self._last_seq) + 1

    def upsert(self, records: Iterable[Record], *, refresh: bool = True) -> int:
        """Index records by sha256 in bulk; a record already indexed is replaced, keeping its place
        in insertion order. A cluster that stops answering is retried with backoff; after
        ``max_retries`` this raises ``BulkIndexingFailed``, and running the same upsert again
        completes it (no duplicates: documents are keyed by sha256).

        Records are read ``chunk_size`` at a time, one batch ahead: while batch k is written (this
        thread waits on the network), a thread builds batch k+1's documents and serializes them
        into bulk bodies, so Python's work overlaps the cluster's.

        ``refresh``: make the records searchable before returning (else within the index's refresh
        interval, 1 s by default; ``get`` sees them at once either way). A batch ingest writes
        without it and refreshes once at the end: a refresh per small write makes a segment each."""
        it = iter(records)
        n = 0
        with self._errors("indexing"), ThreadPoolExecutor(1, thread_name_prefix="kiemtra-build") as pool:
            seq = self._next_seq()
            batch = list(itertools.islice(it, self.chunk_size))
            building = pool.submit(self._build_batch, batch, seq)
            while batch:
                seq += len(batch)
                following = list(itertools.islice(it, self.chunk_size))
                bodies = building.result()
                building = pool.submit(self._build_batch, following, seq)
                self._write(bodies, written=n)
                self._last_seq = seq - 1
                n += len(batch)
                batch = following
            if refresh:
                self.client.indices.refresh(index=[self.alias, self.findings_alias])
        return n

    def _build_batch(self, batch: list[Record], seq: int) -> list[_Body]:
        """The bulk bodies creating the documents of records written from number ``seq`` on."""
        return list(_bodies(((rec.doc_id, document(rec, seq + i)) for i, rec in enumerate(batch)), "create",
                            self.alias, self.findings_alias, max_docs=self.chunk_size,
                            max_bytes=self.max_chunk_bytes))

    def _write(self, bodies: list[_Body], written: int) -> None:
        """Write bodies, retrying them whole (they are idempotent) while the cluster is unreachable
        or overloaded, with exponential backoff. ``written``: records written before them, for the
        message."""
        delay = self.initial_backoff
        docs = sum(len(b.docs) for b in bodies)
        for attempt in range(self.max_retries + 1):
            try:
                errors = [e for body in bodies for e in self._create_or_replace(body)]
            except (elastic_transport.TransportError, ApiError) as exc:
                if isinstance(exc, ApiError) and exc.meta.status not in TRANSIENT_STATUS:
                    raise
                cause: Exception | str = exc
            else:
                transient = [e for e in errors if _item(e).get("status") in TRANSIENT_STATUS]
                if not transient:
                    break
                cause = f"{len(transient)} documents not taken: {_item(transient[0]).get('error')}"
            if attempt == self.max_retries:
                orphans = "" if self._drop_orphans(bodies) else (
                    " Findings of theirs may be searchable without them until then.")
                stopped = (f"Elasticsearch stopped answering during bulk indexing ({_describe(cause)}); gave "
                           f"up after {self.max_retries} retries.")
                raise BulkIndexingFailed(
                    _redact(self.url),
                    f"{stopped} The first {written} records given were written, the {docs} after them maybe "
                    f"not. Run the same ingest again: records are upserted by sha256, so nothing is "
                    f"duplicated.{orphans}", written, cause=stopped)
            log.warning("Elasticsearch at %s did not take a bulk batch (%s); retry %d/%d in %.1fs",
                        _redact(self.url), _describe(cause), attempt + 1, self.max_retries, delay)
            time.sleep(delay)
            delay = min(self.max_backoff, delay * 2)
        if errors:
            first = _item(errors[0])
            error = first.get("error") or {}
            if isinstance(error, dict) and error.get("type") == "cluster_block_exception":
                blocked = f"the index refuses writes: {_blocked(error.get('reason'))}."
                raise BulkIndexingFailed(_redact(self.url), f"{blocked} The first {written} records given "
                                                            f"were written", written, errors, cause=blocked)
            raise BulkIndexingFailed(
                _redact(self.url), f"Elasticsearch refused {len(errors)} of {docs} documents; the "
                                   f"first, {first.get('_id')}: {first.get('error')}", written, errors)

    def _restore_findings(self, body: _Body, refused: set[str]) -> list[dict]:
        """Actions undoing the findings a body wrote for documents the cluster refused: a refused
        document that exists keeps the findings of its stored version, one that does not gets
        none."""
        fields = ["sha256", "date", "wseq", "facets", "source", "title", "inspected_units", "nfindings",
                  "record.findings"]
        found = self.client.mget(index=body.index, ids=sorted(refused), source_includes=fields)["docs"]
        actions = []
        for d in found:
            written = body.docs[d["_id"]]["nfindings"]
            kept = []
            if d.get("found"):
                kept = finding_documents(d["_source"])
                actions += ({"_op_type": "index", "_index": body.findings_index, "_id": fid, "_source": f}
                            for fid, f in kept)
            actions += _finding_deletions(body.findings_index, d["_id"], range(len(kept), written))
        return actions

    def _drop_orphans(self, bodies: list[_Body]) -> bool:
        """After a write given up on: delete the findings written for documents that are not in
        the index (best effort; False if the cluster did not answer)."""
        try:
            actions = []
            for body in bodies:
                found = self.client.options(max_retries=0).mget(index=body.index, ids=list(body.docs),
                                                                source=False)["docs"]
                for d in found:
                    if not d.get("found"):
                        actions += _finding_deletions(body.findings_index, d["_id"],
                                                      range(body.docs[d["_id"]]["nfindings"]))
            return not (actions and self._bulk(actions))
        except (elastic_transport.TransportError, ApiError):
            return False

    def _send(self, body: _Body) -> list[dict]:
        """Send one serialized bulk body; return its failed items (``{op: info}``); transport
        errors propagate (``_write`` retries)."""
        res = self.client.options(max_retries=0).bulk(
            operations=body.data(), filter_path="errors,items.*._id,items.*.status,items.*.error")
        if not res.get("errors"):
            return []
        return [item for item in res["items"] if next(iter(item.values())).get("status", 500) >= 300]

    def _bulk(self, actions: list[dict]) -> list[dict]:
        """Send actions; return the failed items (``{op: info}``; deleting what is not there is no
        failure); transport errors propagate."""
        client = self.client.options(max_retries=0)
        return [info for ok, info in helpers.streaming_bulk(
            client, actions, chunk_size=self.chunk_size, max_chunk_bytes=self.max_chunk_bytes,
            raise_on_error=False, raise_on_exception=True, yield_ok=False,
            max_retries=self.max_retries, initial_backoff=self.initial_backoff,
            max_backoff=self.max_backoff, retry_on_status=TRANSIENT_STATUS)
            if not ok and not ("delete" in info and info["delete"].get("status") == 404)]

    def _create_or_replace(self, body: _Body) -> list[dict]:
        """Send a body (documents, each followed by its findings: the two indices' shards work on
        it side by side); then replace the documents a ``create`` found existing, keeping their
        ``seq``, and delete the findings a replaced document no longer has, or a refused one was
        given. Returns the items that failed."""
        docs = body.docs
        failed = self._send(body)
        exists = [_item(i)["_id"] for i in failed if "create" in i and i["create"].get("status") == 409]
        errors = [i for i in failed if not ("create" in i and i["create"].get("status") == 409)]
        stale: dict[str, int] = {}  # doc id -> findings it had
        if exists:
            ids = list(dict.fromkeys(exists))
            found = self.client.mget(index=body.index, ids=ids, source_includes=["seq", "nfindings"])["docs"]
            replace = []
            for d in found:
                doc = docs[d["_id"]]
                if d.get("found"):
                    doc = docs[d["_id"]] = {**doc, "seq": d["_source"]["seq"]}
                    stale[d["_id"]] = d["_source"].get("nfindings") or 0
                replace.append({"_op_type": "index", "_index": body.index, "_id": d["_id"], "_source": doc})
            errors += self._bulk(replace)
        refused = {_item(e).get("_id") for e in errors
                   if _item(e).get("status") not in TRANSIENT_STATUS} & docs.keys()  # transient: retried
        cleanup = [a for doc_id, old_n in stale.items() if doc_id not in refused
                   for a in _finding_deletions(body.findings_index, doc_id, range(docs[doc_id]["nfindings"], old_n))]
        if refused:
            cleanup += self._restore_findings(body, refused)
        if cleanup:
            errors += self._bulk(cleanup)
        return errors

    def delete(self, doc_id: str) -> bool:
        with self._errors("deleting a document"):
            try:
                old = self.client.get(index=self.alias, id=doc_id, source_includes=["nfindings"])
            except NotFoundError as exc:
                if exc.error == "index_not_found_exception":
                    raise
                return False
            n = old["_source"].get("nfindings") or 0
            try:
                self.client.delete(index=self.alias, id=doc_id, refresh=True)
            except NotFoundError as exc:
                if exc.error == "index_not_found_exception":
                    raise
                return False  # deleted meanwhile
            if n:
                self._bulk(list(_finding_deletions(self.findings_alias, doc_id, range(n))))
                self.client.indices.refresh(index=self.findings_alias)
        return True

    # -- reading ------------------------------------------------------------------------------
    def count(self) -> int:
        with self._errors("counting documents"):
            return self.client.count(index=self.alias)["count"]

    def get(self, doc_id: str) -> Record | None:
        with self._errors("reading a document"):
            try:
                doc = self.client.get(index=self.alias, id=doc_id, source_includes=["record", "body"])
            except NotFoundError as exc:
                if exc.error == "index_not_found_exception":
                    raise
                return None
        return Record.from_json(doc["_source"]["record"], doc["_source"]["body"])

    def search(self, q: Query) -> SearchResult:
        scored = bool(q.sort == "relevance" and any(words(t.text) for t in q.positive_terms))
        query = build_query(q, scored=scored)
        sizes = {f: 2 * FACET_SIZE for f in FACET_FIELDS}
        with self._errors("searching"):
            # the page, then the facets apart: an aggregation-only request (size 0) is answered from
            # the shard request cache until the index changes, so paging and repeated searches skip it
            res = self.client.search(
                index=self.alias, query=query, sort=_sort(q, scored), from_=(q.page - 1) * q.per_page,
                size=q.per_page, source_includes=HIT_SOURCE, track_total_hits=True)
            facets = self._facets(query, sizes)
        hits = []
        for h in res["hits"]["hits"]:
            s = h["_source"]
            hits.append(Hit(doc_id=s["sha256"], source=s["source"], title=s.get("title"), date=s.get("date"),
                            format=s["format"], snippet=snippet(s.get("body") or "", q),
                            score=float(h["_score"] or 0) if scored else 0.0,
                            inspected_units=tuple(s.get("inspected_units") or ())))
        return SearchResult(total=res["hits"]["total"]["value"], hits=tuple(hits), query=q,
                            facets={f: facets[f] for f in FACET_FIELDS})

    def _facets(self, query: dict, sizes: dict[str, int], aggs: dict | None = None) -> dict:
        """Top ``FACET_SIZE`` ``(value, count)`` per field for documents matching ``query``, cut as
        SQLite cuts them: when values tie at the cut, ask again for more buckets until the
        ones returned hold every value that could make the cut. The value shown for each key
        returned is then read in one more request."""
        sizes = dict(sizes)
        buckets: dict[str, tuple[list, int]] = {}
        while sizes:
            if aggs is None:
                aggs = self.client.search(index=self.alias, query=query, size=0, track_total_hits=False,
                                          aggs=_facet_aggs(sizes))["aggregations"]
            for name in list(sizes):
                agg = aggs[f"fk_{name}"]
                buckets[name] = (agg["buckets"], agg["sum_other_doc_count"])
                _, exact = _facet_rows(*buckets[name], {}, FACET_SIZE)
                if exact or sizes[name] >= MAX_BUCKETS:
                    sizes.pop(name)
                else:
                    sizes[name] = min(MAX_BUCKETS, sizes[name] * 4)
            aggs = None
        values = self._facet_values(query, {f: [b["key"] for b in bs] for f, (bs, _) in buckets.items()})
        return {f: tuple(_facet_rows(bs, other, values[f], FACET_SIZE)[0]) for f, (bs, other) in buckets.items()}

    def _facet_values(self, query: dict, keys: dict[str, list[str]]) -> dict[str, dict[str, str]]:
        """``{field: {key: smallest value shown}}`` in documents matching ``query``."""
        values: dict[str, dict[str, str]] = {f: {} for f in keys}
        missing = {f: ks for f, ks in keys.items() if ks}
        per_key = 2
        while missing:
            aggs = self.client.search(index=self.alias, query=query, size=0, track_total_hits=False,
                                      aggs=_value_aggs(missing, per_key))["aggregations"]
            for name, ks in list(missing.items()):
                found = values[name]
                for b in aggs[f"fv_{name}"]["buckets"]:
                    key, _, value = b["key"].partition(US)
                    found.setdefault(key, value)
                if aggs[f"fv_{name}"]["sum_other_doc_count"] == 0:
                    missing.pop(name)  # every pair of these keys was returned
                else:
                    missing[name] = [k for k in ks if k not in found]
                    if not missing[name]:
                        missing.pop(name)
            per_key *= 4
        return values

    def search_findings(self, q: Query) -> FindingsResult:
        """Findings whose text matches ``q``'s words, in documents matching ``q``'s filters;
        ``counts`` per kind before the ``kind:`` filter; documents' date order, then write order."""
        query = build_query(replace(q, kinds=()), fields=(("text_folded", 1.0),), scored=False)
        order = "asc" if q.sort == "date" else "desc"
        with self._errors("searching findings"):
            res = self.client.search(
                index=self.findings_alias, query=query,
                post_filter={"terms": {"kind": list(q.kinds)}} if q.kinds else None,
                sort=[{"date": {"order": order, "missing": "_last"}}, {"wseq": "asc"}, {"n": "asc"}],
                from_=(q.page - 1) * q.per_page, size=q.per_page, track_total_hits=True,
                aggs={"kinds": {"terms": {"field": "kind", "size": 100}}})
        hits = []
        for h in res["hits"]["hits"]:
            s = h["_source"]
            hits.append(FindingHit(doc_id=s["doc_id"], source=s["source"], title=s.get("title"),
                                   date=s.get("date"), kind=s["kind"], text=s["text"],
                                   span=(s["start"], s["end"]),
                                   inspected_units=tuple(s.get("inspected_units") or ()),
                                   marked=segments(s["text"], match_spans(s["text"], q))))
        counts = {b["key"]: b["doc_count"] for b in res["aggregations"]["kinds"]["buckets"]}
        return FindingsResult(total=res["hits"]["total"]["value"], hits=tuple(hits), query=q, counts=counts)

    def stats(self, q: Query, indicator: str | None = None) -> Stats:
        query = build_query(q, scored=False)
        activity = {"exists": {"field": "fk.activity"}}
        sizes = {"inspected_unit": 2 * FACET_SIZE}
        with self._errors("computing statistics"):
            res = self.client.search(index=self.alias, query=query, size=0, track_total_hits=True, aggs={
                "years": {"terms": {"field": "year", "size": 10_000, "order": {"_key": "asc"}}, "aggs": {
                    "findings": {"nested": {"path": "findings"}, "aggs": {
                        "kinds": {"terms": {"field": "findings.kind", "size": 100, "order": {"_key": "asc"}}}}}}},
                "active": {"filter": activity, "aggs": {
                    "months": {"terms": {"field": "month", "size": MAX_BUCKETS, "order": {"_key": "asc"}}}}},
                **_facet_aggs(sizes)})
            aggs = res["aggregations"]
            units = self._facets(query, sizes, aggs)["inspected_unit"]
            figures = self._figures(query, indicator) if indicator and indicator.strip() else ()
        by_year = tuple((y["key"], k["key"], k["doc_count"]) for y in aggs["years"]["buckets"]
                        for k in y["findings"]["kinds"]["buckets"])
        by_month = tuple((m["key"], m["doc_count"]) for m in aggs["active"]["months"]["buckets"])
        return Stats(documents=res["hits"]["total"]["value"], findings_by_year=by_year,
                     documents_by_month=by_month, top_units=units, figures=figures,
                     indicator=indicator or None)

    def _figures(self, query: dict, indicator: str) -> tuple:
        """``(date, value, unit, doc_id)`` of the figures whose unit contains ``indicator`` (folded),
        in dated documents matching ``query``: by date, then write order; at most FIGURES_LIMIT.
        The ``figs`` keys of the documents with such a figure, paged in key order by a composite
        aggregation (an ``include`` pattern for the unit would cost more than reading past the
        documents' other figures here)."""
        key = fold(indicator).strip()
        full = {"bool": {"must": [query], "filter": [
            {"wildcard": {"figure_units": {"value": f"*{_wildcard_escape(key)}*"}}}]}}
        out: list[tuple] = []
        after = None
        while len(out) < FIGURES_LIMIT:
            composite = {"size": FIGURES_LIMIT, "sources": [{"fig": {"terms": {"field": "figs"}}}]}
            if after:
                composite["after"] = after
            agg = self.client.search(index=self.alias, query=full, size=0, track_total_hits=False,
                                     aggs={"figs": {"composite": composite}})["aggregations"]["figs"]
            for b in agg["buckets"]:
                date, _, _, value, unit, doc_id, unit_key = b["key"]["fig"].split(US)
                if key in unit_key:
                    out.append((date, float(value), unit or None, doc_id))
            after = agg.get("after_key")
            if len(agg["buckets"]) < FIGURES_LIMIT or not after:
                break
        return tuple(out[:FIGURES_LIMIT])

    def _scan(self, index: str, query: dict, sort: list, source: list[str], page: int = 500):
        """Every hit of ``query`` in ``sort`` order, by point-in-time + ``search_after``."""
        pit = self.client.open_point_in_time(index=index, keep_alive="2m")["id"]
        try:
            after = None
            while True:
                res = self.client.search(pit={"id": pit, "keep_alive": "2m"}, query=query,
                                         sort=[*sort, {"_shard_doc": "asc"}], size=page,
                                         source_includes=source, search_after=after, track_total_hits=False)
                pit = res.get("pit_id", pit)
                hits = res["hits"]["hits"]
                yield from hits
                if len(hits) < page:
                    return
                after = hits[-1]["sort"]
        finally:
            try:
                self.client.close_point_in_time(id=pit)
            except (ApiError, elastic_transport.TransportError):
                pass  # it expires by itself

    def iter_records(self, query: Query | None = None) -> Iterator[Record]:
        with self._errors("reading documents"):
            for h in self._scan(self.alias, build_query(query or Query(), scored=False), [{"seq": "asc"}],
                                ["record", "body"]):
                yield Record.from_json(h["_source"]["record"], h["_source"]["body"])

    # -- manifest -----------------------------------------------------------------------------
    @staticmethod
    def _file_id(path: str) -> str:
        return hashlib.sha256(path.encode("utf-8", "surrogatepass")).hexdigest()

    def record_file(self, entry: FileEntry) -> None:
        self.record_files([entry])

    def record_files(self, entries: Iterable[FileEntry]) -> None:
        """Write manifest lines (a path's line replaces the one it had) in one bulk request."""
        now = _now()
        actions = [{"_op_type": "index", "_index": self.files_index, "_id": self._file_id(e.path), "_source": {
            "path": e.path, "sha256": e.sha256, "size": e.size, "format": e.format, "status": e.status,
            "error": e.error, "updated": now}} for e in entries]
        with self._errors("recording files in the manifest"):
            errors = self._bulk(actions)
        if errors:
            raise IndexUnavailable(_redact(self.url), f"Elasticsearch refused {len(errors)} of {len(actions)} "
                                   f"manifest lines; the first: {_item(errors[0]).get('error')}")

    def file(self, path: str) -> FileEntry | None:
        with self._errors("reading the manifest"):
            try:
                s = self.client.get(index=self.files_index, id=self._file_id(path))["_source"]
            except NotFoundError as exc:
                if exc.error == "index_not_found_exception":
                    raise
                return None
        return FileEntry(**s)

    def files(self, status: str | None = None) -> list[FileEntry]:
        query = {"term": {"status": status}} if status else {"match_all": {}}
        with self._errors("reading the manifest"):
            self.client.indices.refresh(index=self.files_index)
            return [FileEntry(**h["_source"]) for h in
                    self._scan(self.files_index, query, [{"path": "asc"}], list(FileEntry.__dataclass_fields__))]

"""``ElasticsearchBackend``: the ``search.Backend`` on an Elasticsearch cluster, composed of the
parts beside it: the indices and their mapping version (``mapping``), the documents written for a
record (``documents``), the query compiler (``query``), the bulk writer (``bulk``) and
``kiemtra reindex`` (``reindex``)."""
from __future__ import annotations

import hashlib
import itertools
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Callable, Iterable, Iterator, Sequence

import elastic_transport
from elasticsearch import (ApiError, AuthenticationException, AuthorizationException, Elasticsearch,
                           NotFoundError, UnsupportedProductError)
from elasticsearch.exceptions import HTTP_EXCEPTIONS

from nlp.record import Record

from ..base import (FACET_FIELDS, FileEntry, FindingHit, FindingsResult, Hit, IndexUnavailable, Query, Reindexed,
                    SearchResult, Stats, StoredItem)
from .. import nearcopy
from ..highlight import match_spans, segments, snippet
from ..query import words
from .bulk import BulkWriter, _Body, _bodies, _finding_deletions, _item
from .documents import _now, document
from .errors import _blocked, _describe, _reason, _redact
from .mapping import (FILES_MAPPINGS, ITEMS_MAPPINGS, FINDINGS_MAPPINGS, FINDINGS_SETTINGS, MAPPINGS, REINDEX_HINT, SETTINGS,
                      check_version, create_index)
from .query import FACET_SIZE, HIT_SOURCE, _sort, _stats_aggs, build_query, read_facets, read_figures
from .reindex import Reindexer


def _formats(source: dict) -> tuple[str, ...]:
    """A hit's formats when its report is held in several files (the format facet keys, its own first)."""
    keys = (source.get("fk") or {}).get("format") or ()
    return tuple(keys) if len(keys) > 1 else ()


def _writer_setting(name: str) -> property:
    """A setting of the backend's bulk writer, read and set on the backend."""
    return property(lambda self: getattr(self.writer, name), lambda self, value: setattr(self.writer, name, value),
                    doc=f"The bulk writer's ``{name}``.")


class ElasticsearchBackend:
    """``allow_old_mapping``: accept an index with an older mapping version (or no findings index
    beside it), for ``reindex()`` to upgrade; until then only ``reindex``, ``count`` and ``drop``
    are safe. Without it such an index is refused with a ``MappingVersionError`` naming
    ``kiemtra reindex``. ``chunk_size`` .. ``max_backoff``: the bulk writer's (``bulk.BulkWriter``)."""

    chunk_size = _writer_setting("chunk_size")
    max_chunk_bytes = _writer_setting("max_chunk_bytes")
    max_retries = _writer_setting("max_retries")
    initial_backoff = _writer_setting("initial_backoff")
    max_backoff = _writer_setting("max_backoff")

    def __init__(self, url: str, api_key=None, user: str | None = None, password: str | None = None,
                 ca_certs: str | None = None, timeout: float = 30, index: str = "kiemtra", *,
                 chunk_size: int = 500, max_chunk_bytes: int = 20 * 1024 * 1024, max_retries: int = 4,
                 initial_backoff: float = 2.0, max_backoff: float = 60.0, allow_old_mapping: bool = False):
        self.url = url
        self.alias = index
        self.findings_alias = f"{index}-findings"
        self.files_index = f"{index}-files"
        self.items_index = f"{index}-items"       # what people keep: never touched by reindex
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
        self.writer = BulkWriter(self.client, url, chunk_size=chunk_size, max_chunk_bytes=max_chunk_bytes,
                                 max_retries=max_retries, initial_backoff=initial_backoff,
                                 max_backoff=max_backoff)
        self.index = self._open(allow_old_mapping)
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
    def _open(self, allow_old_mapping: bool = False) -> str:
        """Check the cluster answers; find (or create) the documents and findings indices behind
        their aliases; check their mapping version (an older one, or no findings index, is
        accepted when ``allow_old_mapping``); make sure the manifest index exists. Returns the real
        documents index name."""
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
                index = create_index(self.client, self.alias, MAPPINGS, SETTINGS)
                findings = create_index(self.client, self.findings_alias, FINDINGS_MAPPINGS, FINDINGS_SETTINGS)
            self.mapping_version = check_version(self.client, _redact(self.url), index, self.alias,
                                                 allow_old_mapping)
            if findings is None and not allow_old_mapping:
                raise IndexUnavailable(_redact(self.url), f"index {index!r} has no findings index "
                                       f"{self.findings_alias!r} beside it (it was made by an older "
                                       f"kiemtra). {REINDEX_HINT}")
            if findings is not None:
                check_version(self.client, _redact(self.url), findings, self.findings_alias, allow_old_mapping)
            self.findings_index = findings
            for name, mappings in ((self.files_index, FILES_MAPPINGS), (self.items_index, ITEMS_MAPPINGS)):
                if not self.client.indices.exists(index=name):
                    try:
                        self.client.indices.create(index=name, mappings=mappings,
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

    def close(self) -> None:
        self.client.close()

    def drop(self) -> None:
        """Delete this backend's indices (behind both aliases, and the manifest)."""
        with self._errors("deleting the index"):
            names = [self.files_index, self.items_index]
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
        also how an index with an older mapping version is upgraded (open it with
        ``allow_old_mapping=True``).

        Searches are answered by the old indices until the swap and by the new ones after it.
        Writes are refused while the copy runs: the old indices get a write block, so an ingest at
        that moment stops with a message saying so and is run again afterwards; nothing is lost
        silently. If anything fails before the swap, the new indices are deleted and the block is
        lifted, leaving the index as it was. ``progress(done, total)`` follows the copy."""
        return Reindexer(self).run(keep_old, progress)

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
                self.writer.write(bodies, written=n)
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
                self.writer.bulk(list(_finding_deletions(self.findings_alias, doc_id, range(n))))
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

    def get_many(self, doc_ids: Sequence[str]) -> dict[str, Record]:
        ids = list(dict.fromkeys(doc_ids))
        if not ids:
            return {}
        with self._errors("reading documents"):
            res = self.client.mget(index=self.alias, ids=ids, source_includes=["record", "body"])
        return {d["_id"]: Record.from_json(d["_source"]["record"], d["_source"]["body"])
                for d in res["docs"] if d.get("found")}

    def search(self, q: Query) -> SearchResult:
        scored = bool(q.sort == "relevance" and any(words(t.text) for t in q.positive_terms))
        query = build_query(q, scored=scored)
        sizes = {f: 2 * q.facet_size for f in FACET_FIELDS}
        with self._errors("searching"):
            # the page, then the facets apart: an aggregation-only request (size 0) is answered from
            # the shard request cache until the index changes, so paging and repeated searches skip it
            res = self.client.search(
                index=self.alias, query=query, sort=_sort(q, scored), from_=(q.page - 1) * q.per_page,
                size=q.per_page, source_includes=HIT_SOURCE if q.snippets else [f for f in HIT_SOURCE if f != "body"],
                track_total_hits=True)
            facets = read_facets(self.client, self.alias, query, sizes, limit=q.facet_size)
        hits = []
        for h in res["hits"]["hits"]:
            s = h["_source"]
            hits.append(Hit(doc_id=s["sha256"], source=s["source"], title=s.get("title"), date=s.get("date"),
                            format=s["format"], snippet=snippet(s.get("body") or "", q) if q.snippets else (),
                            score=float(h["_score"] or 0) if scored else 0.0,
                            inspected_units=tuple(s.get("inspected_units") or ()),
                            formats=_formats(s)))
        return SearchResult(total=res["hits"]["total"]["value"], hits=tuple(hits), query=q,
                            facets={f: facets[f] for f in FACET_FIELDS})

    def search_findings(self, q: Query) -> FindingsResult:
        """Findings whose text matches ``q``'s words, in documents matching ``q``'s filters;
        ``counts`` per kind before the ``kind:`` filter; documents' date order, then write order."""
        query = build_query(q.without("kind"), fields=(("text_folded", 1.0),), scored=False)
        order = "asc" if q.sort == "date" else "desc"
        with self._errors("searching findings"):
            res = self.client.search(
                index=self.findings_alias, query=query,
                post_filter={"terms": {"kind": list(q.values("kind"))}} if q.values("kind") else None,
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
        sizes = {"inspected_unit": 2 * FACET_SIZE}
        with self._errors("computing statistics"):
            res = self.client.search(index=self.alias, query=query, size=0, track_total_hits=True,
                                     aggs=_stats_aggs(sizes))
            aggs = res["aggregations"]
            units = read_facets(self.client, self.alias, query, sizes, aggs)["inspected_unit"]
            figures = (read_figures(self.client, self.alias, query, indicator)
                       if indicator and indicator.strip() else ())
        by_year = tuple((y["key"], k["key"], k["doc_count"]) for y in aggs["years"]["buckets"]
                        for k in y["findings"]["kinds"]["buckets"])
        by_month = tuple((m["key"], m["doc_count"]) for m in aggs["active"]["months"]["buckets"])
        return Stats(documents=res["hits"]["total"]["value"], findings_by_year=by_year,
                     documents_by_month=by_month, top_units=units, figures=figures,
                     indicator=indicator or None)

    def summary(self, queries: tuple[Query, ...], references: int = 100):
        """See ``Backend.summary``: one aggregation request over the queries ORed: ``month`` terms,
        and the nested references' keys ordered by the documents citing them (``reverse_nested``),
        each with how it is written (type, then number, then symbol terms; the most frequent is kept)."""
        from ..base import Summary
        from .query import MAX_BUCKETS
        query = {"bool": {"should": [build_query(q, scored=False) for q in queries] or [{"match_none": {}}],
                          "minimum_should_match": 1}}
        written: dict = {}
        for part in ("symbol", "number", "type"):     # the innermost first
            written = {part: {"terms": {"field": f"references.{part}", "missing": "", "size": 10}, "aggs": written}}
        aggs = {
            "months": {"terms": {"field": "month", "size": MAX_BUCKETS, "missing": "", "order": {"_key": "asc"}}},
            "refs": {"nested": {"path": "references"}, "aggs": {"keys": {
                "terms": {"field": "references.key", "size": max(1, references),
                          "order": [{"docs": "desc"}, {"_key": "asc"}]},
                "aggs": {"docs": {"reverse_nested": {}}, **written}}}}}
        with self._errors("summarizing documents"):
            res = self.client.search(index=self.alias, query=query, size=0, track_total_hits=True, aggs=aggs)
        a = res["aggregations"]

        def most_written(b) -> tuple[str, str, str] | None:
            rows = [(-s["doc_count"], (t["key"], n["key"], s["key"])) for t in b["type"]["buckets"]
                    for n in t["number"]["buckets"] for s in n["symbol"]["buckets"]]
            return min(rows)[1] if rows else None

        refs = tuple((*w, b["docs"]["doc_count"]) for b in a["refs"]["keys"]["buckets"]
                     if (w := most_written(b)) is not None)
        return Summary(documents=res["hits"]["total"]["value"], references=refs[:max(0, references)],
                       months=tuple((b["key"], b["doc_count"]) for b in a["months"]["buckets"]))

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
            errors = self.writer.bulk(actions)
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

    # -- files of one report ------------------------------------------------------------------
    def near_copies(self, texts: Sequence[str], limit: int = 10) -> list[list[str]]:
        """For each of ``texts``, the documents that share near-copy bands with it
        (``search.nearcopy``), the most shared first: candidates to check, not yet copies. One
        multi-search for all of them."""
        keys = [nearcopy.bands(t) for t in texts]
        asked = [i for i, k in enumerate(keys) if k]
        found: list[list[str]] = [[] for _ in texts]
        if not asked:
            return found
        searches = []
        for i in asked:
            query = {"bool": {"should": [{"constant_score": {"filter": {"term": {"bands": k}}}} for k in keys[i]],
                              "minimum_should_match": nearcopy.SHARED}}
            searches += [{}, {"query": query, "size": limit, "_source": False, "track_total_hits": False,
                              "sort": ["_score", {"seq": "asc"}]}]
        with self._errors("looking for other files of a report"):
            res = self.client.msearch(index=self.alias, searches=searches)
            for i, r in zip(asked, res["responses"]):
                if "error" in r:
                    raise _search_error(res.meta, r)
                found[i] = [h["_id"] for h in r["hits"]["hits"]]
        return found

    # -- items people keep (saved searches, corrections) ----------------------------------------
    @staticmethod
    def _item_id(kind: str, key: str) -> str:
        return hashlib.sha256(f"{kind}\0{key}".encode("utf-8", "surrogatepass")).hexdigest()

    def put_item(self, kind: str, key: str, value: dict) -> None:
        with self._errors("saving"):
            self.client.index(index=self.items_index, id=self._item_id(kind, key), refresh="wait_for",
                              document={"kind": kind, "key": key, "value": value, "updated": _now()})

    def item(self, kind: str, key: str) -> dict | None:
        with self._errors("reading saved items"):
            try:
                return self.client.get(index=self.items_index, id=self._item_id(kind, key))["_source"]["value"]
            except NotFoundError as exc:
                if exc.error == "index_not_found_exception":
                    raise
                return None

    def items(self, kind: str) -> list[StoredItem]:
        with self._errors("reading saved items"):
            return [StoredItem(**h["_source"]) for h in
                    self._scan(self.items_index, {"term": {"kind": kind}}, [{"key": "asc"}],
                               ["kind", "key", "value", "updated"])]

    def delete_item(self, kind: str, key: str) -> bool:
        with self._errors("deleting a saved item"):
            try:
                self.client.delete(index=self.items_index, id=self._item_id(kind, key), refresh="wait_for")
            except NotFoundError as exc:
                if exc.error == "index_not_found_exception":
                    raise
                return False
        return True

    ITEM_UPDATE_TRIES = 100

    def update_item(self, kind: str, key: str, change: Callable[[dict | None], dict | None]) -> dict | None:
        """See ``Backend.update_item``: optimistic concurrency. The item is read (a real-time get) with
        its ``_seq_no`` and ``_primary_term`` and written only if they are still its own
        (``if_seq_no``/``if_primary_term``; a new item with ``op_type=create``); when another writer
        came first (409), it is read and changed again, after a short random wait."""
        import random
        import time

        from elasticsearch import ConflictError

        doc_id = self._item_id(kind, key)
        with self._errors("saving"):
            for attempt in range(self.ITEM_UPDATE_TRIES):
                try:
                    got = self.client.get(index=self.items_index, id=doc_id)
                except NotFoundError as exc:
                    if exc.error == "index_not_found_exception":
                        raise
                    got = None
                value = change(got["_source"]["value"] if got else None)
                held = {"if_seq_no": got["_seq_no"], "if_primary_term": got["_primary_term"]} if got else \
                    {"op_type": "create"}
                try:
                    if value is not None:
                        self.client.index(index=self.items_index, id=doc_id, refresh="wait_for", **held,
                                          document={"kind": kind, "key": key, "value": value, "updated": _now()})
                    elif got:
                        self.client.delete(index=self.items_index, id=doc_id, refresh="wait_for", **held)
                    return value
                except ConflictError:
                    pass
                except NotFoundError as exc:     # deleted meanwhile
                    if exc.error == "index_not_found_exception":
                        raise
                time.sleep(random.uniform(0, min(0.2, 0.005 * 2 ** attempt)))
        raise IndexUnavailable(_redact(self.url), f"the saved item {kind}/{key} kept changing while it was "
                                                  f"saved ({self.ITEM_UPDATE_TRIES} tries); try again")

    # -- what was written lately (saved searches' feeds and alerts) -------------------------------
    def indexed_since(self, query: Query, since: str | None = None, limit: int = 50) -> list[tuple[str, str]]:
        """See ``Backend.indexed_since``: the query filtered on the documents' ``indexed_at``, sorted on it."""
        if limit <= 0:
            return []
        q = build_query(query, scored=False)
        if since:
            q = {"bool": {"filter": [q, {"range": {"indexed_at": {"gte": since}}}]}}
        with self._errors("reading what was indexed lately"):
            res = self.client.search(index=self.alias, query=q, size=min(limit, 10_000), track_total_hits=False,
                                     sort=[{"indexed_at": "desc"}, {"wseq": "desc"}],
                                     source_includes=["sha256", "indexed_at"])
        return [(h["_source"]["sha256"], h["_source"]["indexed_at"]) for h in res["hits"]["hits"]]

    # -- unit names as one types (autocompletion) -------------------------------------------------
    def unit_suggestions(self, text: str, limit: int = 10, fields: tuple[str, ...] | None = None,
                         query: Query | None = None) -> tuple[tuple[str, int], ...]:
        """See ``Backend.unit_suggestions``: one terms aggregation per field over the folded facet
        keys (``include`` holds the folded text) of the documents matching ``query`` (all without
        one), then the value shown for each key returned, read as the search's facets read it."""
        from ..base import UNIT_SUGGEST_FIELDS, suggestion_needle, top_suggestions
        from .query import _regex_literal, read_facet_values
        fields = fields or UNIT_SUGGEST_FIELDS
        needle = suggestion_needle(text)
        if not needle:
            return ()
        size = max(5 * limit, 50)
        pattern = ".*" + _regex_literal(needle) + ".*"
        among = {"match_all": {}} if query is None or query.is_empty else build_query(query, scored=False)
        with self._errors("suggesting unit names"):
            aggs = self.client.search(index=self.alias, query=among, size=0, track_total_hits=False, aggs={
                f"su_{f}": {"terms": {"field": f"fk.{f}", "size": size, "include": pattern,
                                      "order": [{"_count": "desc"}, {"_key": "asc"}]}} for f in fields})["aggregations"]
            counts = {f: {b["key"]: b["doc_count"] for b in aggs[f"su_{f}"]["buckets"]} for f in fields}
            values = read_facet_values(self.client, self.alias, among, {f: list(c) for f, c in counts.items()})
        found: dict[str, list] = {}
        for f in fields:
            for k, n in counts[f].items():
                row = found.setdefault(k, [values[f].get(k, k), 0, 0])
                if n > row[2]:
                    row[0], row[2] = values[f].get(k, k), n
                row[1] += n
        return top_suggestions(((v, n) for v, n, _ in found.values()), limit)


def _search_error(meta: elastic_transport.ApiResponseMeta, response: dict) -> ApiError:
    """The error one search of a multi-search answered, as the client raises it for a search sent alone
    (its status's exception, its error type as message), so that ``_errors`` maps it the same way."""
    status = response.get("status", 500)
    error = response["error"] if isinstance(response["error"], dict) else {"type": str(response["error"])}
    meta = elastic_transport.ApiResponseMeta(status, meta.http_version, meta.headers, meta.duration, meta.node)
    return HTTP_EXCEPTIONS.get(status, ApiError)(str(error.get("type")), meta, {"error": error, "status": status})

"""The bulk writer: documents and their findings serialized into bulk bodies (one request each),
written with retries and backoff while the cluster is unreachable or overloaded; a ``create`` that
finds the document existing becomes a replace keeping its ``seq``; a document the cluster refuses
keeps the version (and findings) it had; a write given up on says what was written and what to do.
"""
from __future__ import annotations

import logging
import queue
import threading
import time
from dataclasses import dataclass, field
from typing import Iterable, Iterator

import elastic_transport
from elasticsearch import ApiError, helpers
from elasticsearch.serializer import JsonSerializer

from ..base import IndexUnavailable
from .documents import finding_documents
from .errors import _blocked, _describe, _redact

log = logging.getLogger(__name__)

TRANSIENT_STATUS = (429, 502, 503, 504)


class BulkIndexingFailed(IndexUnavailable):
    """Bulk indexing stopped: the cluster stopped answering, or refused some documents."""

    def __init__(self, url: str, reason: str, written: int, failures: list | None = None,
                 cause: str | None = None):
        super().__init__(url, reason)
        self.written = written
        self.failures = failures or []
        self.cause = cause or reason  # what stopped it, without what to do about it


def _item(failure: dict) -> dict:
    """The info of a failed bulk item ``{op: info}``."""
    return next(iter(failure.values()))


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


class BulkWriter:
    """Writes bulk bodies and actions through ``client`` (of the cluster at ``url``): at most
    ``chunk_size`` documents and ``max_chunk_bytes`` per request, ``max_retries`` retries with
    exponential backoff from ``initial_backoff`` up to ``max_backoff`` seconds."""

    def __init__(self, client, url: str, *, chunk_size: int = 500, max_chunk_bytes: int = 20 * 1024 * 1024,
                 max_retries: int = 4, initial_backoff: float = 2.0, max_backoff: float = 60.0):
        self.client = client
        self.url = url
        self.chunk_size = chunk_size
        self.max_chunk_bytes = max_chunk_bytes
        self.max_retries = max_retries
        self.initial_backoff = initial_backoff
        self.max_backoff = max_backoff

    def write(self, bodies: list[_Body], written: int) -> None:
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
            return not (actions and self.bulk(actions))
        except (elastic_transport.TransportError, ApiError):
            return False

    def _send(self, body: _Body) -> list[dict]:
        """Send one serialized bulk body; return its failed items (``{op: info}``); transport
        errors propagate (``write`` retries)."""
        res = self.client.options(max_retries=0).bulk(
            operations=body.data(), filter_path="errors,items.*._id,items.*.status,items.*.error")
        if not res.get("errors"):
            return []
        return [item for item in res["items"] if next(iter(item.values())).get("status", 500) >= 300]

    def bulk(self, actions: list[dict]) -> list[dict]:
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
            errors += self.bulk(replace)
        refused = {_item(e).get("_id") for e in errors
                   if _item(e).get("status") not in TRANSIENT_STATUS} & docs.keys()  # transient: retried
        cleanup = [a for doc_id, old_n in stale.items() if doc_id not in refused
                   for a in _finding_deletions(body.findings_index, doc_id, range(docs[doc_id]["nfindings"], old_n))]
        if refused:
            cleanup += self._restore_findings(body, refused)
        if cleanup:
            errors += self.bulk(cleanup)
        return errors

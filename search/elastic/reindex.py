"""``kiemtra reindex``: a backend's documents copied into new indices made with this code's
mapping (point-in-time + ``search_after``, each document rebuilt from its stored record), both
aliases moved to them in one atomic call, the old indices deleted or kept read-only; one reindex
of an index at a time, marked by the lock index ``<index>-reindexing``."""
from __future__ import annotations

import logging
import os
import socket
import time
import uuid
from contextlib import contextmanager, suppress
from typing import TYPE_CHECKING, Callable, Iterator

import elastic_transport
from elasticsearch import ApiError

from nlp.record import Record

from ..base import IndexUnavailable, Reindexed
from .bulk import BulkIndexingFailed, _ahead, _bodies
from .documents import _now, document
from .errors import _describe, _redact
from .mapping import (FINDINGS_MAPPINGS, FINDINGS_SETTINGS, MAPPING_VERSION, MAPPINGS, SETTINGS, check_version,
                      create_index)

if TYPE_CHECKING:
    from .backend import ElasticsearchBackend

log = logging.getLogger(__name__)


class Reindexer:
    """Re-indexes one backend's indices (``ElasticsearchBackend.reindex``); when the aliases have
    moved, the backend's ``index``, ``findings_index`` and ``mapping_version`` are the new ones."""

    def __init__(self, backend: ElasticsearchBackend):
        self.backend = backend
        self.client = backend.client

    def run(self, keep_old: bool = False, progress: Callable[[int, int], None] | None = None) -> Reindexed:
        """See ``ElasticsearchBackend.reindex``."""
        b, client = self.backend, self.client
        started = time.monotonic()
        with b._errors("re-indexing"), self._lock():
            old = b._resolve(b.alias)
            if old is None:
                raise IndexUnavailable(_redact(b.url), f"there is no index {b.alias!r} to re-index")
            from_version = check_version(client, _redact(b.url), old, b.alias, older_ok=True)
            old_findings = b._resolve(b.findings_alias)
            olds = [i for i in (old, old_findings) if i]
            client.indices.put_settings(index=olds, settings={"index.blocks.write": True})
            new = new_findings = None
            swapped = False
            try:
                client.indices.refresh(index=olds)  # what was written before the block is copied
                total = client.count(index=old)["count"]
                copying = {"refresh_interval": "-1"}
                new = create_index(client, b.alias, MAPPINGS, {**SETTINGS, **copying}, behind_alias=False)
                new_findings = create_index(client, b.findings_alias, FINDINGS_MAPPINGS,
                                            {**FINDINGS_SETTINGS, **copying}, behind_alias=False)
                copied = {"documents": 0, "findings": 0}
                for body in _ahead(_bodies(self._copied_documents(old), "index", new, new_findings,
                                           max_docs=b.chunk_size, max_bytes=b.max_chunk_bytes)):
                    try:
                        b.writer.write([body], copied["documents"])
                    except BulkIndexingFailed as exc:
                        raise BulkIndexingFailed(
                            _redact(b.url), f"re-indexing stopped after {copied['documents']} of {total} "
                            f"documents: {exc.cause} Nothing was changed: the index "
                            f"is as it was.", copied["documents"], exc.failures) from exc
                    copied["documents"] += len(body.docs)
                    copied["findings"] += body.findings
                    if progress:
                        progress(copied["documents"], total)
                news = [new, new_findings]
                client.indices.put_settings(index=news, settings={"index.refresh_interval": None})
                client.indices.refresh(index=[*news, *olds])
                counts = [client.count(index=i)["count"] for i in (old, new, new_findings)]
                if counts != [copied["documents"], copied["documents"], copied["findings"]]:
                    raise IndexUnavailable(_redact(b.url), f"the copy does not match: {old!r} holds "
                                           f"{counts[0]} documents, {new!r} {counts[1]} of "
                                           f"{copied['documents']} copied and {new_findings!r} {counts[2]} "
                                           f"of {copied['findings']} findings; nothing was changed")
                client.indices.update_aliases(actions=[
                    *self._alias_moves(b.alias, old, new),
                    *self._alias_moves(b.findings_alias, old_findings, new_findings)])
                swapped = True
            finally:
                if not swapped:
                    made = [i for i in (new, new_findings) if i]
                    if made:
                        self._quietly(lambda: client.indices.delete(index=made, ignore_unavailable=True))
                    self._quietly(lambda: client.indices.put_settings(
                        index=olds, settings={"index.blocks.write": None}))
            b.index, b.findings_index, b.mapping_version = new, new_findings, MAPPING_VERSION
            left = [i for i in olds if i not in (b.alias, b.findings_alias)]  # named as an alias: gone
            if left and not keep_old:
                client.indices.delete(index=left, ignore_unavailable=True)
        return Reindexed(documents=copied["documents"], findings=copied["findings"],
                         seconds=time.monotonic() - started, old=tuple(olds), new=(new, new_findings),
                         kept=tuple(left) if keep_old else (), from_version=from_version,
                         to_version=MAPPING_VERSION)

    @contextmanager
    def _lock(self):
        """One reindex of an index at a time: the lock is the index ``<index>-reindexing``, whose
        creation is atomic on the cluster; a second reindex is refused at once, before it touches
        anything (it would otherwise lift the write block the first one relies on)."""
        b, client = self.backend, self.client
        lock = f"{b.alias}-reindexing"
        holder = {"host": socket.gethostname(), "pid": os.getpid(), "started": _now(),
                  "token": uuid.uuid4().hex}
        try:
            client.indices.create(index=lock, mappings={"_meta": holder},
                                  settings={"number_of_shards": 1, "auto_expand_replicas": "0-1"})
        except ApiError as exc:
            if exc.meta.status != 400 or "resource_already_exists" not in str(exc.error):
                raise
            meta = {}
            with suppress(ApiError):
                meta = client.indices.get_mapping(index=lock)[lock]["mappings"].get("_meta", {})
            raise IndexUnavailable(
                _redact(b.url), f"another `kiemtra reindex` of {b.alias!r} is running (started "
                f"{meta.get('started', '?')} by process {meta.get('pid', '?')} on {meta.get('host', '?')}); "
                f"wait for it to end. If it is no longer running, delete the index {lock!r} that marks "
                f"it, then run `kiemtra reindex` again.") from exc
        try:
            yield
        finally:
            def release():  # only our own: after a stale lock was cleared by hand, another run holds it
                mapping = client.indices.get_mapping(index=lock, ignore_unavailable=True)
                if mapping.get(lock, {}).get("mappings", {}).get("_meta", {}).get("token") == holder["token"]:
                    client.indices.delete(index=lock, ignore_unavailable=True)
            self._quietly(release)

    def _copied_documents(self, old: str) -> Iterator[tuple[str, dict]]:
        """``(_id, document)`` of each document of ``old``, rebuilt with this code from its record."""
        for h in self.backend._scan(old, {"match_all": {}}, [], ["record", "body", "seq", "wseq", "indexed_at"],
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

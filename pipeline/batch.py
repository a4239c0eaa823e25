"""A batch: walk paths, read and extract each file, index the records, keep the manifest.

Every input ends up either indexed or in the manifest as failed with its reason; one bad file never
stops a batch. A re-run skips files whose path and content are unchanged and retries failed ones.

How a batch runs (``jobs`` worker processes; ``jobs=0`` does everything in this process):

- The main process streams ``ingest.walk`` (nothing is listed up front), hashes each file in chunks
  (a member of an archive on disk too: the worker reads it out of the archive again; only a member of
  an archive inside an archive is held, with that archive), and consults the manifest: an unchanged
  path is skipped; content already in the index under another path is not read again, the path is
  only added to the manifest (identical files are stored once, with all their paths).
- What becomes of a file depends on that file alone, so that every run gives it the same outcome: a
  file takes the verdict of another with the same content only when reading the two is the same
  thing, that is when their names also end in the same suffix (``ingest.detect.name_suffix``, the one
  part of a name that reading looks at: ``a.pdf`` holding plain text is a damaged PDF, ``a.txt`` with
  the same bytes is a text). Otherwise the file is read on its own; if it reads, the content already
  indexed stays as it is and the file is one more path of it (a duplicate), and if it fails, it fails
  with its own reason.
- Reading and extraction happen in the workers (``pool.Pool``), one file at a time each, through
  ``process.process``, so at most ``jobs`` files are in flight and memory stays flat however large
  the archive; each worker has a time and a memory limit.
- Only the main process writes: records are upserted in batches, and a file's manifest line is
  written after its record. A batch killed at any point (even ``kill -9``) leaves nothing that a
  re-run does not repair: records are keyed by content (sha256), manifest lines by path.
"""
from __future__ import annotations

import hashlib
import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

import ingest
import nlp
from nlp.record import Record
from search import Backend, FileEntry

from . import copies
from .pool import MEMORY_LIMIT_MB, Pool
from .process import TIME_LIMIT, Result, Task, internal, process

BATCH = 50                 # records per index write
FLUSH_SECONDS = 2.0        # ... or this often, whichever comes first
MAX_LISTED = 1000          # failures kept in the report (all are in the manifest)


@dataclass
class BatchReport:
    indexed: int = 0          # files read, extracted and indexed
    duplicates: int = 0       # files whose content was already indexed under another path
    skipped: int = 0          # unchanged since an earlier run
    ignored: list[tuple[str, str]] = field(default_factory=list)  # the first MAX_LISTED (path, reason)
    ignored_count: int = 0    # not documents: links out of the folder, special files (in the manifest)
    failed: list[tuple[str, str]] = field(default_factory=list)   # the first MAX_LISTED (path, reason)
    failed_count: int = 0
    seconds: float = 0.0

    @property
    def seen(self) -> int:
        return self.indexed + self.duplicates + self.skipped + self.failed_count + self.ignored_count


@dataclass(frozen=True)
class Outcome:
    """What became of one input of a batch (kept only when asked for: uploads)."""

    source: str
    status: str                  # indexed | duplicate | unchanged | failed | skipped
    sha256: str | None = None    # the document's id when it is in the index
    code: str | None = None
    reason: str | None = None


def run_batch(paths: Iterable[Path | str], backend: Backend, *, retry_failed: bool = True,
              force: bool = False, progress: bool = False, jobs: int = 0,
              time_limit: float = TIME_LIMIT, memory_limit_mb: int | None = MEMORY_LIMIT_MB,
              extract: Callable[[ingest.Document], Record] = nlp.extract,
              names: dict[str, str] | None = None, outcomes: list[Outcome] | None = None,
              roots: bool = True) -> BatchReport:
    """Ingest ``paths`` into ``backend``. ``jobs`` worker processes (0: in this process, no limits).
    ``names``: the source to name a given file by (``ingest.walk``); ``outcomes``: a list to append
    each input's ``Outcome`` to; ``roots``: remember the paths as roots originals are served from."""
    paths = [str(p) for p in paths]
    batch = _Batch(backend, retry_failed=retry_failed, force=force, progress=progress, paths=paths,
                   outcomes=outcomes)
    started = time.perf_counter()
    try:
        if roots:
            record_roots(backend, paths)
        tasks = batch.tasks(ingest.walk(paths, names=names))
        if jobs <= 0:
            for task in tasks:
                batch.done(process(task, extract, None))
        else:
            with Pool(jobs, extract, time_limit, memory_limit_mb) as pool:
                pool.run(tasks, batch.done)
        batch.flush(refresh=True)
    finally:
        batch.close()
        ingest.close_archives()     # read in this process (no workers)
    batch.report.seconds = time.perf_counter() - started
    return batch.report


ROOT = "root"     # the manifest status of a folder or file given to a batch (see ``record_roots``)


def record_roots(backend: Backend, paths: Iterable[str]) -> None:
    """Remember where each given path really is: originals of files ingested from disk are served
    only from inside these roots (``originals.read``)."""
    backend.record_files(FileEntry(ingest.shown(ingest.root(p)), None, None, None, ROOT) for p in paths)


def known_roots(backend: Backend) -> list[str]:
    return [ingest.disk_path(entry.path) for entry in backend.files(status=ROOT)]


def failed_paths(backend: Backend) -> list[str]:
    """What to walk again to retry every failure in the manifest: failed files, and the archives
    that held failed members (each once, in manifest order)."""
    seen: dict[str, None] = {}
    for entry in backend.files(status="failed"):
        seen.setdefault(ingest.disk_path(entry.path.split(ingest.MEMBER_SEP, 1)[0]), None)
    return list(seen)


# -- the main process's side --------------------------------------------------------------------------
class _Batch:
    def __init__(self, backend: Backend, *, retry_failed: bool, force: bool, progress: bool, paths: list[str],
                 outcomes: list[Outcome] | None = None):
        self.backend = backend
        self.outcomes = outcomes
        self.retry_failed = retry_failed
        self.force = force
        self.report = BatchReport()
        # doc id -> what the next flush writes: the record, its files' manifest lines, their outcomes
        self.pending: dict[str, _Pending] = {}
        self.retired: set[str] = set()       # records in the index that became a file of another report
        self.moved: dict[str, str] = {}      # doc id -> the report it became a file of (for ``outcomes``)
        self.wrote: set[int] = set()         # the reports this batch wrote (the first 8 bytes of their ids)
        self.reports = copies.Reports(backend)
        self.last_flush = time.monotonic()
        self.written = False                                     # records upserted by this batch
        # (sha256, name suffix) being read -> other paths with that content and suffix
        self.in_flight: dict[tuple[str, str], list[tuple[str, int]]] = {}
        self.elsewhere: set[str] = set()     # content read again because it is indexed from another suffix
        self.bar = _progress_bar(progress, paths)

    # what to read
    def tasks(self, items: Iterator[ingest.Item]) -> Iterator[Task]:
        for item in items:
            try:
                task = self._task(item)
            except Exception as exc:    # noqa: BLE001 - one file never stops a batch
                self.fail(item.source, "error", internal(exc))
                task = None
            if task is not None:
                self.in_flight[_reading(task.sha256, task.source)] = []
                yield task
            self.maybe_flush()

    def _task(self, item: ingest.Item) -> Task | None:
        if isinstance(item.error, ingest.Skipped):
            self.ignore(item.source, item.error.reason)
            return None
        if item.error is not None:
            self.fail(item.source, item.error.code, item.error.reason)
            return None
        data = None
        try:
            if item.parent is None:
                sha, size = ingest.hash_file(item.disk_path, item.source)
            elif item.digest is not None:          # streamed: the worker reads it from the archive
                sha, size = item.digest()
            else:
                data = item.load()
                sha, size = hashlib.sha256(data).hexdigest(), len(data)
        except ingest.Skipped as err:
            self.ignore(item.source, err.reason)
            return None
        except ingest.IngestError as err:
            self.fail(item.source, err.code, err.reason)
            return None
        known = self.backend.file(item.source)
        if known and known.sha256 == sha and not self.force and (
                known.status == "indexed" or not self.retry_failed):
            self.report.skipped += 1
            self._outcome(item.source, "unchanged" if known.status == "indexed" else "failed", sha,
                          *(known.error or "").partition(": ")[::2])
            self._tick()
            return None
        reading = _reading(sha, item.source)
        if reading in self.in_flight:                # the same content is being read the same way now
            self.in_flight[reading].append((item.source, size))
            return None
        if any(key[0] == sha for key in self.in_flight):   # ... or another way: see ``done``
            self.elsewhere.add(sha)
        if not self.force:
            record = self._indexed(sha)
            existing = record.document.format if record is not None else None
            if record is not None and _reading(sha, record.document.source) != reading:
                existing = None                      # read on its own, see ``done``
                self.elsewhere.add(sha)
            if existing is not None:
                self.backend.record_file(FileEntry(item.source, sha, size, existing, "indexed"))
                self.report.duplicates += 1
                self._outcome(item.source, "duplicate", sha)
                self._tick()
                return None
        return Task(item.source, sha, size, path=item.disk_path if data is None and item.member is None else None,
                    data=data, member=item.member)

    def _indexed(self, sha: str, pending_only: bool = False) -> Record | None:
        """The record indexed for this content, if any (pending ones included)."""
        held = self.pending.get(sha)
        record = held.record if held is not None else None
        if record is None and not pending_only:
            record = self.backend.get(sha)
        return record

    # what came back
    def done(self, result: Result) -> None:
        task = result.task
        others = self.in_flight.pop(_reading(task.sha256, task.source), [])
        if result.record is None:
            self.fail(task.source, result.code, result.reason, task.sha256, task.size, result.format)
            for source, size in others:
                self.fail(source, result.code, result.reason, task.sha256, size, result.format)
            return
        record = None if self.force else self._indexed(task.sha256, pending_only=task.sha256 not in self.elsewhere)
        if record is not None:
            existing = record.document.format
            # read on its own (a name with another suffix), and readable: one more path of the content
            # already indexed, which stays as it was read first
            entries = [FileEntry(source, task.sha256, size, existing, "indexed")
                       for source, size in [(task.source, task.size), *others]]
            waiting = self.pending.get(task.sha256)
            if waiting is not None:      # written with that record's lines, after it
                waiting.entries.extend(entries)
            else:
                self.backend.record_files(entries)
            for entry in entries:
                self._outcome(entry.path, "duplicate", task.sha256)
            self.report.duplicates += len(entries)
            self._tick(len(entries))
            return
        entries = [FileEntry(task.source, task.sha256, task.size, result.format, "indexed")]
        entries += [FileEntry(source, task.sha256, size, result.format, "indexed") for source, size in others]
        self._tick(1 + len(others))
        self._report_file(result.record, entries, [task.source, *(source for source, _ in others)])
        self.maybe_flush()

    def _report_file(self, record: Record, entries: list[FileEntry], outcomes: list[str]) -> None:
        """A record read from a file: a report of its own, or one more file of a report the batch
        or the index holds (``pipeline.copies``), whichever file's reading stands for it."""
        held = self.pending.pop(record.doc_id, None)
        if held is not None:                   # read again (--force) after files joined its report
            record = copies.merged(record, held.record)
            entries, outcomes = [*held.entries, *entries], [*held.outcomes, *outcomes]
        elif self.force:
            record = copies.carried(record, self.backend.get(record.doc_id))
        report = self.reports.find(record, {k: p.record for k, p in self.pending.items()})
        if report is None:
            self.pending[record.doc_id] = _Pending(record, entries, outcomes)
            self.retired.discard(record.doc_id)
            self.reports.remember(record)
            return
        other = self.pending.pop(report.doc_id, None)
        if other is None:
            other = _Pending(report, [], [])
        kept, left = copies.joined(record, report)
        if left == report.doc_id and left not in self.retired and report.document.source not in other.outcomes:
            self._uncount(report)
        self.retired.add(left)                   # if the index holds it, it leaves at the next flush
        if self.outcomes is not None:
            self.moved[left] = kept.doc_id
        self.reports.forget(left)
        self.pending[kept.doc_id] = _Pending(kept, [*other.entries, *entries], [*other.outcomes, *outcomes])
        self.retired.discard(kept.doc_id)
        self.reports.remember(kept)

    def _uncount(self, report: Record) -> None:
        """A report this batch wrote and counted as indexed is now a file of another report."""
        if int(report.doc_id[:16], 16) in self.wrote:
            self.report.indexed -= 1
            self.report.duplicates += 1

    def fail(self, source: str, code: str | None, reason: str | None, sha=None, size=None, fmt=None) -> None:
        self.report.failed_count += 1
        if len(self.report.failed) < MAX_LISTED:
            self.report.failed.append((source, reason or ""))
        self.backend.record_file(FileEntry(source, sha, size, fmt, "failed", f"{code}: {reason}"))
        self._outcome(source, "failed", None, code, reason)
        self.bar.set_postfix_str(f"lỗi: {self.report.failed_count}", refresh=False)
        self._tick()

    def ignore(self, source: str, reason: str) -> None:
        """Not a document (a link out of the folder, a special file): listed, not a failure."""
        self.report.ignored_count += 1
        if len(self.report.ignored) < MAX_LISTED:
            self.report.ignored.append((source, reason))
        self.backend.record_file(FileEntry(source, None, None, None, "skipped", f"skipped: {reason}"))
        self._outcome(source, "skipped", None, "skipped", reason)
        self._tick()

    def _outcome(self, source: str, status: str, sha: str | None, code: str | None = None,
                 reason: str | None = None) -> None:
        if self.outcomes is not None:
            self.outcomes.append(Outcome(source, status, sha, code or None, reason or None))

    def _tick(self, n: int = 1) -> None:
        self.bar.update(n)

    # writing
    def maybe_flush(self) -> None:
        if len(self.pending) >= BATCH or (self.pending and time.monotonic() - self.last_flush > FLUSH_SECONDS):
            self.flush()

    def flush(self, refresh: bool = False) -> None:
        """Index the pending records, then their manifest lines; ``refresh``: make them searchable
        now (the last flush of a batch), else as the index does by itself (Elasticsearch: within a
        second)."""
        if self.pending:
            from .corrections import corrected      # what staff corrected is applied to every record written
            self.backend.upsert(corrected(self.backend, (held.record for held in self.pending.values())),
                                refresh=False)
            for doc_id in self.retired - self.pending.keys():     # now a file of another report
                self.backend.delete(doc_id)
            self.retired.clear()
            # after the records: a manifest line means "done"
            self.backend.record_files(entry for held in self.pending.values() for entry in held.entries)
            for doc_id, held in self.pending.items():      # a file read for a report stands for it or is one
                for source in held.outcomes:                # more of its files
                    own = source == held.record.document.source
                    self.report.indexed += own
                    if own:
                        self.wrote.add(int(doc_id[:16], 16))
                    self.report.duplicates += not own
                    self._outcome(source, "indexed" if own else "duplicate", doc_id)
            written = list(self.pending)
            self.pending.clear()
            self.reports.flushed(written)
            self.written = True
        if refresh and self.written:
            self.backend.refresh()
        self.last_flush = time.monotonic()

    def close(self) -> None:
        self.bar.close()
        if self.outcomes and self.moved:        # a file whose report another file stands for now
            for i, o in enumerate(self.outcomes):
                if o.sha256 in self.moved:
                    final = o.sha256
                    while final in self.moved:
                        final = self.moved[final]
                    self.outcomes[i] = Outcome(o.source, "duplicate", final, o.code, o.reason)


@dataclass
class _Pending:
    record: Record
    entries: list[FileEntry]
    outcomes: list[str]                  # the sources of the files read for it in this batch


def _reading(sha: str, source: str) -> tuple[str, str]:
    """What reading a file depends on: its content and its name's suffix. Two files with the same
    ``_reading`` get the same outcome, so one may take the other's."""
    return sha, ingest.detect.name_suffix(source)


# -- progress -----------------------------------------------------------------------------------------
def _progress_bar(enabled: bool, paths: list[str]):
    from tqdm import tqdm

    bar = tqdm(disable=not enabled, unit=" tệp", desc="Nhập", dynamic_ncols=True, smoothing=0.05)
    bar.set_postfix_str("lỗi: 0", refresh=False)
    if enabled:
        threading.Thread(target=_count_files, args=(bar, paths), daemon=True).start()
    return bar


def _count_files(bar, paths: list[str]) -> None:
    """The number of files under ``paths`` (an archive counts once), for the bar's ETA; counted
    beside the batch so that the batch starts at once."""
    total = 0
    for path in paths:
        if os.path.isfile(path):
            total += 1
            continue
        for _, _, files in os.walk(path):
            total += len(files)
    bar.total = max(total, bar.n)
    bar.refresh()

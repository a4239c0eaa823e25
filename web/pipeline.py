"""A batch: walk paths, read and extract each file, index the records, keep the manifest.

Every input ends up either indexed or in the manifest as failed with its reason; one bad file never
stops a batch. A re-run skips files whose path and content are unchanged and retries failed ones.

How a batch runs (``jobs`` worker processes; ``jobs=0`` does everything in this process):

- The main process streams ``ingest.walk`` (nothing is listed up front), hashes each file (in chunks
  for files on disk; a zip member's bytes are loaded), and consults the manifest: an unchanged path is
  skipped; content already in the index under another path is not read again, the path is only added
  to the manifest (identical files are stored once, with all their paths).
- Reading and extraction happen in the workers, one file at a time each, so at most ``jobs`` files
  are in flight and memory stays flat however large the archive. Each worker limits its address
  space (``resource.setrlimit``: what it started with plus ``memory_limit_mb``) and each file's time
  (``SIGALRM``, which also stops a converter it started); a worker that does not answer in time
  anyway is killed and replaced, as is one that crashes.
- Only the main process writes: records are upserted in batches, and a file's manifest line is
  written after its record. A batch killed at any point (even ``kill -9``) leaves nothing that a
  re-run does not repair: records are keyed by content (sha256), manifest lines by path.
"""
from __future__ import annotations

import hashlib
import multiprocessing
import os
import signal
import threading
import time
import traceback
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from pathlib import Path
from typing import Callable, Iterable, Iterator

import ingest
import nlp
from nlp.record import Record
from search import Backend, FileEntry

BATCH = 50                 # records per index write
FLUSH_SECONDS = 2.0        # ... or this often, whichever comes first
TIME_LIMIT = 300.0         # seconds to read and extract one file
MEMORY_LIMIT_MB = 2048     # address space one worker may add to what it starts with
GRACE = 30.0               # past the time limit, a worker that has not answered is killed
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
class _Task:
    source: str
    sha256: str
    size: int
    path: str | None = None       # a file on disk, read by the worker
    data: bytes | None = None     # or its bytes (a zip member)


@dataclass(frozen=True)
class _Result:
    task: _Task
    record: Record | None = None
    format: str | None = None
    code: str | None = None
    reason: str | None = None


def run_batch(paths: Iterable[Path | str], backend: Backend, *, retry_failed: bool = True,
              force: bool = False, progress: bool = False, jobs: int = 0,
              time_limit: float = TIME_LIMIT, memory_limit_mb: int | None = MEMORY_LIMIT_MB,
              extract: Callable[[ingest.Document], Record] = nlp.extract) -> BatchReport:
    """Ingest ``paths`` into ``backend``. ``jobs`` worker processes (0: in this process, no limits)."""
    paths = [str(p) for p in paths]
    batch = _Batch(backend, retry_failed=retry_failed, force=force, progress=progress, paths=paths)
    started = time.perf_counter()
    try:
        record_roots(backend, paths)
        tasks = batch.tasks(ingest.walk(paths))
        if jobs <= 0:
            for task in tasks:
                batch.done(_process(task, extract, None))
        else:
            with _Pool(jobs, extract, time_limit, memory_limit_mb) as pool:
                pool.run(tasks, batch.done)
        batch.flush(refresh=True)
    finally:
        batch.close()
    batch.report.seconds = time.perf_counter() - started
    return batch.report


ROOT = "root"     # the manifest status of a folder or file given to a batch (see ``record_roots``)


def record_roots(backend: Backend, paths: Iterable[str]) -> None:
    """Remember where each given path really is: originals of files ingested from disk are served
    only from inside these roots (``originals.read``)."""
    backend.record_files(FileEntry(ingest.shown(ingest.root(p)), None, None, None, ROOT) for p in paths)


def roots(backend: Backend) -> list[str]:
    return [ingest.disk_path(entry.path) for entry in backend.files(status=ROOT)]


def failed_paths(backend: Backend) -> list[str]:
    """What to walk again to retry every failure in the manifest: failed files, and the archives
    that held failed members (each once, in manifest order)."""
    seen: dict[str, None] = {}
    for entry in backend.files(status="failed"):
        seen.setdefault(entry.path.split(ingest.MEMBER_SEP, 1)[0], None)
    return list(seen)


# -- the main process's side --------------------------------------------------------------------------
class _Batch:
    def __init__(self, backend: Backend, *, retry_failed: bool, force: bool, progress: bool, paths: list[str]):
        self.backend = backend
        self.retry_failed = retry_failed
        self.force = force
        self.report = BatchReport()
        self.pending: list[tuple[Record, list[FileEntry]]] = []
        self.last_flush = time.monotonic()
        self.written = False                                     # records upserted by this batch
        self.in_flight: dict[str, list[tuple[str, int]]] = {}    # sha256 -> other paths with that content
        self.bar = _progress_bar(progress, paths)

    # what to read
    def tasks(self, items: Iterator[ingest.Item]) -> Iterator[_Task]:
        for item in items:
            try:
                task = self._task(item)
            except Exception as exc:    # noqa: BLE001 - one file never stops a batch
                self.fail(item.source, "error", _internal(exc))
                task = None
            if task is not None:
                self.in_flight[task.sha256] = []
                yield task
            self.maybe_flush()

    def _task(self, item: ingest.Item) -> _Task | None:
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
            self._tick()
            return None
        if sha in self.in_flight:                    # the same content is being read right now
            self.in_flight[sha].append((item.source, size))
            return None
        if not self.force:
            existing = self._indexed(sha)
            if existing is not None:
                self.backend.record_file(FileEntry(item.source, sha, size, existing, "indexed"))
                self.report.duplicates += 1
                self._tick()
                return None
        return _Task(item.source, sha, size, path=item.disk_path if data is None else None, data=data)

    def _indexed(self, sha: str) -> str | None:
        """The format of the record indexed for this content, if any (pending ones included)."""
        for record, _ in self.pending:
            if record.doc_id == sha:
                return record.document.format
        record = self.backend.get(sha)
        return record.document.format if record is not None else None

    # what came back
    def done(self, result: _Result) -> None:
        task = result.task
        others = self.in_flight.pop(task.sha256, [])
        if result.record is None:
            self.fail(task.source, result.code, result.reason, task.sha256, task.size, result.format)
            for source, size in others:
                self.fail(source, result.code, result.reason, task.sha256, size, result.format)
            return
        entries = [FileEntry(task.source, task.sha256, task.size, result.format, "indexed")]
        entries += [FileEntry(source, task.sha256, size, result.format, "indexed") for source, size in others]
        self.pending.append((result.record, entries))
        self.report.indexed += 1
        self.report.duplicates += len(others)
        self._tick(1 + len(others))
        self.maybe_flush()

    def fail(self, source: str, code: str | None, reason: str | None, sha=None, size=None, fmt=None) -> None:
        self.report.failed_count += 1
        if len(self.report.failed) < MAX_LISTED:
            self.report.failed.append((source, reason or ""))
        self.backend.record_file(FileEntry(source, sha, size, fmt, "failed", f"{code}: {reason}"))
        self.bar.set_postfix_str(f"lỗi: {self.report.failed_count}", refresh=False)
        self._tick()

    def ignore(self, source: str, reason: str) -> None:
        """Not a document (a link out of the folder, a special file): listed, not a failure."""
        self.report.ignored_count += 1
        if len(self.report.ignored) < MAX_LISTED:
            self.report.ignored.append((source, reason))
        self.backend.record_file(FileEntry(source, None, None, None, "skipped", f"skipped: {reason}"))
        self._tick()

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
            self.backend.upsert((record for record, _ in self.pending), refresh=False)
            # after the records: a manifest line means "done"
            self.backend.record_files(entry for _, entries in self.pending for entry in entries)
            self.pending.clear()
            self.written = True
        if refresh and self.written:
            self.backend.refresh()
        self.last_flush = time.monotonic()

    def close(self) -> None:
        self.bar.close()


# -- reading one file (in a worker, or here when jobs=0) ----------------------------------------------
class _Timeout(BaseException):
    """Raised by SIGALRM inside a worker; a BaseException so that no reader's handler swallows it."""


def _process(task: _Task, extract, time_limit: float | None) -> _Result:
    if time_limit:
        signal.setitimer(signal.ITIMER_REAL, time_limit)
    head = b""
    try:
        data = task.data if task.data is not None else ingest.read_file(task.path, task.source)
        head = data[:4096]
        document = ingest.read_bytes(data, task.source, sha256=task.sha256)
        del data
        record = extract(document)
        return _Result(task, record, document.format)
    except ingest.IngestError as err:
        return _Result(task, format=_format_of(head, task.source), code=err.code, reason=err.reason)
    except _Timeout:
        return _Result(task, format=_format_of(head, task.source), code="timeout",
                       reason=f"reading took longer than {time_limit:.0f} s")
    except MemoryError:
        return _Result(task, format=_format_of(head, task.source), code="too-large",
                       reason="ran out of memory reading it (worker memory limit)")
    except Exception as exc:     # a bug in a reader or extractor: reported with the file, batch goes on
        return _Result(task, format=_format_of(head, task.source), code="error", reason=_internal(exc))
    finally:
        if time_limit:
            signal.setitimer(signal.ITIMER_REAL, 0)


def _internal(exc: BaseException) -> str:
    """The reason given for a bug met on one file: what and where, for a bug report."""
    where = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    at = f" ({Path(where.filename).name}:{where.lineno})" if where else ""
    return f"internal error {type(exc).__name__}: {exc}{at}"


def _format_of(head: bytes, source: str) -> str | None:
    """What a file that failed claims to be (for the manifest), if its first bytes say."""
    if not head:
        return None
    try:
        return ingest.sniff(head, source)
    except ingest.IngestError:
        return None


def _on_alarm(signum, frame):
    raise _Timeout()


def _worker(conn, extract, time_limit: float, memory_limit_mb: int | None) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)          # Ctrl-C is the main process's to handle
    signal.signal(signal.SIGALRM, _on_alarm)
    if memory_limit_mb:
        import resource

        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = _address_space() + memory_limit_mb * 2**20     # on top of what the fork inherited
        if hard == resource.RLIM_INFINITY or hard > limit:
            resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    _warm_up(extract)
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return                                        # the main process is gone
        if task is None:
            return
        result = _process(task, extract, time_limit)
        try:
            conn.send(result)
        except (BrokenPipeError, OSError):
            return


def _address_space() -> int:
    """This process's virtual memory size in bytes (0 where /proc is missing)."""
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _warm_up(extract) -> None:
    """Load the extractor's models before the first file, so that its time limit is its own."""
    try:
        extract(ingest.read_bytes("Báo cáo kết quả kiểm tra.".encode(), "warm-up.txt"))
    except Exception:      # noqa: BLE001 - the first real file will meet the same error and report it
        pass


class _Worker:
    def __init__(self, ctx, extract, time_limit, memory_limit_mb):
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker, args=(child, extract, time_limit, memory_limit_mb),
                                   daemon=True, name="kiemtra-ingest")
        self.process.start()
        child.close()
        self.task: _Task | None = None
        self.deadline = 0.0

    def give(self, task: _Task, deadline: float) -> None:
        self.task, self.deadline = task, deadline
        self.conn.send(task)

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()


class _Pool:
    def __init__(self, jobs: int, extract, time_limit: float, memory_limit_mb: int | None):
        ctx = multiprocessing.get_context("fork")
        self.new = lambda: _Worker(ctx, extract, time_limit, memory_limit_mb)
        self.time_limit = time_limit
        self.workers = [self.new() for _ in range(jobs)]

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        for w in self.workers:
            if w.task is None and w.process.is_alive():
                try:
                    w.conn.send(None)
                except OSError:
                    pass
        for w in self.workers:
            w.process.join(2 if w.task is None else 0)
            w.kill()

    def run(self, tasks: Iterator[_Task], done: Callable[[_Result], None]) -> None:
        tasks = iter(tasks)
        more = True
        while True:
            for i, w in enumerate(self.workers):
                if more and w.task is None:
                    task = next(tasks, None)
                    if task is None:
                        more = False
                        break
                    try:
                        w.give(task, time.monotonic() + self.time_limit + GRACE)
                    except OSError:
                        done(self._lost(i, task))
            busy = [w for w in self.workers if w.task is not None]
            if not busy:
                if not more:
                    return
                continue
            ready = wait([w.conn for w in busy] + [w.process.sentinel for w in busy], timeout=1.0)
            now = time.monotonic()
            for i, w in enumerate(self.workers):
                if w.task is None:
                    continue
                if w.conn in ready:
                    try:
                        result = w.conn.recv()
                    except (EOFError, OSError):
                        done(self._lost(i, w.task))
                        continue
                    w.task = None
                    done(result)
                elif w.process.sentinel in ready or not w.process.is_alive():
                    done(self._lost(i, w.task))
                elif now > w.deadline:
                    done(self._lost(i, w.task, timed_out=True))

    def _lost(self, i: int, task: _Task, timed_out: bool = False) -> _Result:
        """The worker died or hung on ``task``: replace it and report the file."""
        w = self.workers[i]
        w.kill()
        code = w.process.exitcode
        self.workers[i] = self.new()
        if timed_out:
            return _Result(task, code="timeout", reason=f"reading took longer than {self.time_limit:.0f} s "
                                                        "(worker killed)")
        if code is not None and code < 0:
            why = signal.Signals(-code).name
            reason = (f"the reader crashed ({why})" if why != "SIGKILL"
                      else "the reader was killed (out of memory?)")
        else:
            reason = f"the reader exited unexpectedly (exit code {code})"
        return _Result(task, code="crashed", reason=reason)


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

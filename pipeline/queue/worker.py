"""``kiemtra worker``: take jobs from the queue, read and extract files, write the shared index.

A worker runs Procrastinate's worker loop with ``concurrency`` job slots; each slot owns a
``pipeline.pool.Pool`` of one process, so every file is read by ``pipeline.process`` under the same
time limit, memory limit and crash isolation as ``kiemtra ingest``. The job's own thread hashes the
file, asks the index whether this content is already there, and hands the record and its manifest
line to the worker's gathered writes (``writes``: up to 50 jobs' writes in one bulk request, sent
within a second), returning, so that the job is marked done, only once they are written. What makes
a file counted once, whatever dies:

- the index is keyed by content (sha256) and the manifest by path: a job run twice (a worker killed
  after writing, before the queue heard of it) writes the same document and line again, and a job
  whose path and content are already in the manifest is not read again;
- one job per path waits in the queue at a time (queueing lock), one runs at a time (lock);
- a worker sends a heartbeat; the jobs of a worker whose heartbeat stops are put back in the queue by
  the others (``recover_stalled``), counted as an attempt; so are jobs whose writes were still
  gathering when it died (not yet marked done), and their files are read again;
- a transient failure (index unreachable, a reader process killed) is tried again with growing waits
  (``RETRIES``, ``BACKOFF``), then ends as a failure with its reason, in the manifest and the status.

Text first, OCR later: the first job reads a file with OCR deferred; a PDF whose pages are all scans
(``needs-ocr``) or that has pages without text goes to the OCR queue (lower priority), its text pages
already searchable.
"""
from __future__ import annotations

import asyncio
import hashlib
import logging
import os
import queue
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Callable

import ingest
from ingest.messages import msg
import nlp
from search import Backend, FileEntry, IndexUnavailable

from ..batch import record_roots
from ..pool import MEMORY_LIMIT_MB, Pool, warm_up
from ..process import TIME_LIMIT, Result, Task
from . import store
from .app import (INGEST_TASK, OCR_PRIORITY, OCR_QUEUE, RETRIES, QueueUnavailable, Transient, _reason, apply_schema,
                  connect, lock_key, make_app)
from .enqueue import archive_of
from .writes import LendingSlots, Writes, lending_worker_class

log = logging.getLogger("kiemtra.worker")
STALLED_AFTER = 30.0        # seconds without a heartbeat before a worker's jobs are taken back
AHEAD = 1                   # jobs taken beyond the reading processes: their checks run while the processes read
DB_TIMEOUT = 5.0            # seconds to wait for a connection to the queue's database
_INDEX_LOCK = 0x6B69656E     # pg_advisory_lock key: one worker at a time opens (creates) the index


def complete(record) -> bool:
    """Whether an indexed record has all its text (no scanned page left for OCR)."""
    meta = record.document.meta or {}
    return record.document.format != "pdf" or not meta.get("pages_without_text") or "ocr_pages" in meta


class Runtime:
    """What the tasks of one worker share: its reading processes, its index connections, its name."""

    def __init__(self, app, url: str, open_index: Callable[[], Backend], *, name: str, concurrency: int,
                 time_limit: float = TIME_LIMIT, memory_limit_mb: int | None = MEMORY_LIMIT_MB,
                 extract=nlp.extract):
        import psycopg_pool

        self.app = app
        self.name = name
        self.open_index = open_index
        warm_up(extract)               # the reading processes start with the models loaded
        self._pools = [Pool(1, extract, time_limit, memory_limit_mb) for _ in range(concurrency)]
        self.slots: queue.Queue[Pool] = queue.Queue()
        for pool in self._pools:
            self.slots.put(pool)
        self._local = threading.local()
        self._backends: list[Backend] = []
        self._lock = threading.Lock()
        self.writes = Writes(open_index)
        self.loop: asyncio.AbstractEventLoop | None = None       # set by ``_main``: Procrastinate's loop
        self.worker = None                                        # and its worker, whose job slots are lent
        self.db = psycopg_pool.ConnectionPool(url, min_size=1, max_size=concurrency + 2, open=True,
                                              timeout=DB_TIMEOUT, kwargs={"autocommit": True, "connect_timeout": 10})

    def close(self) -> None:
        self.writes.close()
        for pool in self._pools:
            pool.__exit__(None, None, None)
        for backend in self._backends:
            try:
                backend.close()
            except Exception:      # noqa: BLE001 - closing at exit: nothing left to report to
                pass
        self.db.close()

    # -- parts ------------------------------------------------------------------------------------
    def backend(self) -> Backend:
        backend = getattr(self._local, "backend", None)
        if backend is None:
            backend = self.open_index()
            self._local.backend = backend
            with self._lock:
                self._backends.append(backend)
        return backend

    def mark(self, batch: int, source: str, state: str, **kwargs) -> None:
        import psycopg

        try:
            with self.db.connection() as conn:
                store.mark(conn, batch, source, state, worker=self.name, **kwargs)
        except psycopg.Error as exc:          # PoolTimeout included: the queue's database is away
            raise Transient("queue-unavailable", _reason(exc)) from exc

    def read(self, task: Task) -> Result:
        pool = self.slots.get()
        try:
            results: list[Result] = []
            pool.run([task], results.append)
            return results[0]
        finally:
            self.slots.put(pool)

    # -- tasks ------------------------------------------------------------------------------------
    def record_roots(self, paths: list[str]) -> None:
        try:
            record_roots(self.backend(), paths)
        except IndexUnavailable as exc:
            raise Transient("index-unavailable", exc.reason) from exc

    def ingest(self, job, batch: int, source: str, *, ocr: bool = False, error: list | None = None) -> str:
        attempts = job.attempts
        self.mark(batch, source, "running", attempts=attempts)
        try:
            state, details = self._gathered(batch, source, ocr, error)
        except Transient as exc:
            if attempts < RETRIES:
                self.mark(batch, source, "queued", code=exc.code, reason=exc.reason, attempts=attempts + 1)
                raise
            reason = f"{exc.reason} (sau {attempts + 1} lần thử)"
            try:
                self.backend().record_file(FileEntry(source, None, None, None, "failed", f"{exc.code}: {reason}"))
            except IndexUnavailable:
                pass                       # the queue's status keeps the reason
            state, details = "failed", {"code": exc.code, "reason": reason}
        self.mark(batch, source, state, attempts=attempts, **details)
        return state

    def _gathered(self, batch: int, source: str, ocr: bool, error: list | None) -> tuple[str, dict]:
        """``_ingest``, its index writes gathered with the other jobs' (``writes``)."""
        self._local.wrote = False
        self.writes.begin()
        try:
            return self._ingest(batch, source, ocr, error)
        finally:
            if not self._local.wrote:
                self.writes.end()

    def _write(self, records: list, entries: list[FileEntry]) -> None:
        """Write with the other jobs' writes and return once written; meanwhile this job's slot is
        lent to Procrastinate, which takes the next job for the reading process this job left."""
        self._local.wrote = True
        self._on_loop("lend")
        try:
            self.writes.write(records, entries)
        finally:
            self._on_loop("take_back")

    def _on_loop(self, what: str) -> None:
        slots = getattr(self.worker, "_kiemtra_slots", None)
        if self.loop is None or not isinstance(slots, LendingSlots):
            return                      # no lending: writes are sent when every job waits for them
        try:
            self.loop.call_soon_threadsafe(getattr(slots, what))
        except RuntimeError:            # the loop is closed: the worker is gone
            pass

    def _ingest(self, batch: int, source: str, ocr: bool, error: list | None) -> tuple[str, dict]:
        try:
            backend = self.backend()
            if error is not None:
                return self._refused(backend, source, *error)
            try:
                sha, size, data = self._hash(source)
            except ingest.IngestError as err:
                return self._refused(backend, source, err.code, err.reason)
            if not ocr:
                known = backend.file(source)
                if known and known.sha256 == sha and known.status == "indexed":
                    return "done", {"outcome": "unchanged", "sha256": sha}
            existing = backend.get(sha)
            if existing is not None and complete(existing):
                self._write([], [FileEntry(source, sha, size, existing.document.format, "indexed")])
                return "done", {"outcome": "duplicate", "sha256": sha}
            task = Task(source, sha, size, path=ingest.disk_path(source) if data is None else None, data=data,
                        ocr=ocr)
            result = self.read(task)
            if result.code == "crashed":
                raise Transient(result.code, result.reason)
            if not ocr and result.code == "needs-ocr":
                self._defer_ocr(batch, source, sha)
                return "ocr", {"outcome": "waiting", "sha256": sha}
            if result.record is None:
                self._write([], [FileEntry(source, sha, size, result.format, "failed",
                                           f"{result.code}: {result.reason}")])
                return "failed", {"code": result.code, "reason": result.reason, "sha256": sha}
            self._write([result.record], [FileEntry(source, sha, size, result.format, "indexed")])
            if not ocr and not complete(result.record):
                self._defer_ocr(batch, source, sha)
                return "ocr", {"outcome": "text-indexed", "sha256": sha}
            return "done", {"outcome": "indexed", "sha256": sha}
        except IndexUnavailable as exc:
            raise Transient("index-unavailable", exc.reason) from exc

    def _refused(self, backend: Backend, source: str, code: str, reason: str) -> tuple[str, dict]:
        if code == "skipped":
            self._write([], [FileEntry(source, None, None, None, "skipped", f"skipped: {reason}")])
            return "skipped", {"code": code, "reason": reason}
        self._write([], [FileEntry(source, None, None, None, "failed", f"{code}: {reason}")])
        return "failed", {"code": code, "reason": reason}

    def _hash(self, source: str) -> tuple[str, int, bytes | None]:
        archive = archive_of(source)
        if archive is None:
            sha, size = ingest.hash_file(ingest.disk_path(source), source)
            return sha, size, None
        data = member_bytes(archive, source)
        return hashlib.sha256(data).hexdigest(), len(data), data

    def _defer_ocr(self, batch: int, source: str, sha: str) -> None:
        from procrastinate.exceptions import AlreadyEnqueued

        try:
            self.app.configure_task(INGEST_TASK, queue=OCR_QUEUE, priority=OCR_PRIORITY, lock=lock_key("sha", sha),
                                    queueing_lock=lock_key("ocr", source),
                                    task_kwargs={"batch": batch, "source": source, "ocr": True}).defer()
        except AlreadyEnqueued:
            pass


def member_bytes(archive: str, source: str) -> bytes:
    """The bytes of the archive member ``source`` names, found by walking ``archive`` as the caller
    did (same names, same limits); an IngestError when it is refused or gone."""
    for item in ingest.walk([ingest.disk_path(archive)], names={ingest.disk_path(archive): archive}):
        if item.source == source:
            if item.error is not None:
                raise item.error
            return item.load()
    raise ingest.Unreadable(source, msg("archive-member-gone"))


# -- the worker process ---------------------------------------------------------------------------------
def run_worker(url: str, open_index: Callable[[], Backend], *, concurrency: int = 1, queues: list[str] | None = None,
               name: str | None = None, time_limit: float = TIME_LIMIT,
               memory_limit_mb: int | None = MEMORY_LIMIT_MB, stalled_after: float = STALLED_AFTER,
               extract=nlp.extract) -> None:
    """Run a worker until it is stopped (SIGINT/SIGTERM: the files being read are finished first).
    Raises ``QueueUnavailable`` when PostgreSQL cannot be reached or goes away."""
    import psycopg
    from procrastinate.exceptions import ConnectorException

    name = name or f"{store.host()}-{os.getpid()}"
    apply_schema(url)
    open_index_once(url, open_index)
    app = make_app(url, pool_size=concurrency + 4, timeout=DB_TIMEOUT)
    runtime = Runtime(app, url, open_index, name=name, concurrency=concurrency, time_limit=time_limit,
                      memory_limit_mb=memory_limit_mb, extract=extract)
    try:
        with runtime.db.connection() as conn:
            store.register_worker(conn, name, os.getpid(), concurrency, ",".join(queues or ["text", "ocr"]))
        asyncio.run(_main(app, runtime, concurrency, queues, stalled_after))
    except QueueUnavailable as exc:
        raise QueueUnavailable(url, exc.reason) from exc
    except (psycopg.Error, ConnectorException, OSError) as exc:
        raise QueueUnavailable(url, _reason(exc.__cause__ or exc)) from exc
    finally:
        try:
            runtime.close()
        except Exception:     # noqa: BLE001 - the pool of a dead database may refuse to close cleanly
            pass


def open_index_once(url: str, open_index: Callable[[], Backend]) -> None:
    """Open (and, the first time, create) the index while holding a PostgreSQL advisory lock: workers
    starting together on several machines would otherwise each create the index behind its alias.
    Raises ``IndexUnavailable`` when the index does not answer or is refused."""
    with connect(url, autocommit=True) as conn:
        conn.execute("SELECT pg_advisory_lock(%s)", (_INDEX_LOCK,))
        try:
            open_index().close()
        finally:
            conn.execute("SELECT pg_advisory_unlock(%s)", (_INDEX_LOCK,))


async def _main(app, runtime: Runtime, concurrency: int, queues: list[str] | None, stalled_after: float) -> None:
    async with app.open_async():
        housekeeping = asyncio.create_task(_housekeeping(app, runtime, stalled_after))
        try:
            # Procrastinate's worker (``App.run_worker_async`` builds the same), with job slots that a
            # job waiting for its gathered write lends back (``writes``)
            app.perform_import_paths()
            # one job more than reading processes: while they read, the next job hashes its file and asks
            # the index and the queue's tables about it, then waits for the first process free (``read``)
            options = dict(app.worker_defaults, queues=queues, concurrency=concurrency + AHEAD, name=runtime.name,
                           additional_context={"kiemtra": runtime}, delete_jobs="successful",
                           update_heartbeat_interval=max(1.0, stalled_after / 3),
                           stalled_worker_timeout=stalled_after, fetch_job_polling_interval=2.0)
            runtime.worker = lending_worker_class()(app=app, **options)
            runtime.loop = asyncio.get_running_loop()
            # a job runs in a thread of the loop's executor, also while it waits for its write: room
            # for every reading slot and every job a write may gather
            runtime.loop.set_default_executor(ThreadPoolExecutor(concurrency + AHEAD + runtime.writes.records + 4,
                                                                 thread_name_prefix="kiemtra-job"))
            await runtime.worker.run()
        finally:
            housekeeping.cancel()
        if housekeeping.done() and not housekeeping.cancelled() and housekeeping.exception():
            raise housekeeping.exception()
        if not await app.check_connection_async():
            raise QueueUnavailable("", "PostgreSQL stopped answering")


async def _housekeeping(app, runtime: Runtime, stalled_after: float) -> None:
    """Every few seconds: say this worker is alive (for the status page), and put back in their queue
    the jobs of workers whose heartbeat stopped (killed, machine gone)."""
    interval = max(1.0, stalled_after / 3)
    failures = 0
    while True:
        await asyncio.sleep(interval)
        try:
            await asyncio.to_thread(_seen, runtime)
            await recover_stalled(app, runtime, stalled_after)
            failures = 0
        except Exception as exc:     # noqa: BLE001 - the worker loop itself stops on a lost database
            failures += 1
            log.warning("housekeeping failed (%s)", exc)


def _seen(runtime: Runtime) -> None:
    with runtime.db.connection() as conn:
        conn.execute("UPDATE kiemtra_queue_workers SET seen = now() WHERE name = %s", (runtime.name,))


async def recover_stalled(app, runtime: Runtime | None, stalled_after: float) -> int:
    """Put back in their queue the jobs held by workers with no heartbeat for ``stalled_after``."""
    from procrastinate import jobs
    from procrastinate.exceptions import UniqueViolation

    n = 0
    for job in await app.job_manager.get_stalled_jobs(seconds_since_heartbeat=stalled_after):
        try:
            await app.job_manager.retry_job(job)
        except UniqueViolation:
            # another job for the same file waits already (queued while this one was held): that one
            # reads it; this one ends, freeing the file's lock
            await app.job_manager.finish_job(job, status=jobs.Status.FAILED, delete_job=True)
            continue
        except Exception:         # noqa: BLE001 - another worker took it back first
            continue
        n += 1
        kwargs = job.task_kwargs or {}
        if runtime is not None and "batch" in kwargs and "source" in kwargs:
            log.warning("job %s (%s) taken back from a worker that stopped", job.id, kwargs["source"])
            await asyncio.to_thread(runtime.mark, kwargs["batch"], kwargs["source"], "queued",
                                    code="worker-lost", reason="the worker reading it stopped; queued again")
    return n

"""``kiemtra ingest --queue URL PATH...``: walk the paths and enqueue one job per file, nothing more.

The caller lists folders and archives (``ingest.walk``: a zip's directory is read to name its
members, nothing is decompressed but nested archives) and writes, per chunk of files and in one
transaction, the jobs and the batch's file lines. It does not hash, read or extract: workers do.
Each job carries a queueing lock per file path, so a file already waiting in the queue is not queued
twice (the same folder enqueued twice gives each file once); a file queued again after it was done
is found unchanged by the worker and not read again. Files are reached by their path: every worker
must see the same paths (a shared folder mounted at the same place on every machine).
"""
from __future__ import annotations

import os
import time
from dataclasses import dataclass
from typing import Callable, Iterable

import ingest

from . import store
from .app import (INGEST_TASK, ROOTS_TASK, TEXT_PRIORITY, TEXT_QUEUE, QueueUnavailable, _reason, apply_schema,
                  connect, lock_key, make_app)

CHUNK = 500        # jobs deferred per transaction
# PostgreSQL plans the workers' job fetch (Procrastinate's ``procrastinate_fetch_job_v2``: the next
# job whose lock no other job holds) from the table's statistics. Until autovacuum analyzes the table
# (at the earliest a minute later) a table that was empty when last analyzed is planned as empty: on
# 5,000 waiting jobs each fetch then takes about 0.4 s instead of 0.5 ms. The caller of a bulk
# insert analyzes: after the first chunk, each time the batch's jobs have doubled, and at its end.
ANALYZED = ("procrastinate_jobs", "kiemtra_queue_files")


@dataclass
class Enqueued:
    batch: int
    files: int = 0          # jobs created (files and refused walk items)
    already: int = 0        # files already waiting in the queue (not queued twice)
    seconds: float = 0.0


def archive_of(source: str) -> str | None:
    """The archive on disk a member's source starts with (``a.zip`` for ``a.zip!/b.zip!/c.pdf``), or
    None for a file on disk (a folder may have ``!`` at the end of its name: it is not a file)."""
    i = source.find(ingest.MEMBER_SEP)
    while i != -1:
        prefix = source[:i]
        if os.path.isfile(ingest.disk_path(prefix)):
            return prefix
        i = source.find(ingest.MEMBER_SEP, i + 1)
    return None


def file_job(batch: int, source: str, error: ingest.IngestError | None = None):
    from procrastinate import jobs

    kwargs: dict = {"batch": batch, "source": source}
    if error is not None:
        kwargs["error"] = [error.code, error.reason]
    return jobs.Job(id=None, queue=TEXT_QUEUE, priority=TEXT_PRIORITY, task_name=INGEST_TASK,
                    lock=lock_key("path", source), queueing_lock=lock_key("file", source), task_kwargs=kwargs)


def enqueue(url: str, paths: Iterable[str], *, progress: Callable[[int], None] | None = None) -> Enqueued:
    """Walk ``paths`` and queue a job per file in a new batch. Raises ``QueueUnavailable`` (with how
    far it got) when PostgreSQL cannot be reached or goes away; running it again completes it."""
    import psycopg
    from procrastinate import jobs

    paths = [os.fspath(p) for p in paths]
    started = time.perf_counter()
    apply_schema(url)
    app = make_app(url)
    conn = connect(url, autocommit=True)
    done = None
    try:
        with conn.transaction():
            done = Enqueued(store.new_batch(conn, paths))
        roots = jobs.Job(id=None, queue=TEXT_QUEUE, priority=TEXT_PRIORITY + 1, task_name=ROOTS_TASK, lock=None,
                         queueing_lock=None, task_kwargs={"paths": paths})
        app.job_manager.defer_job(roots, connection=conn)
        chunk: list[ingest.Item] = []
        analyzed = 0
        for item in ingest.walk(paths):
            chunk.append(item)
            if len(chunk) >= CHUNK:
                _flush(app, conn, done, chunk)
                if done.files >= 2 * analyzed:
                    analyze(conn)
                    analyzed = max(done.files, 1)
                if progress:
                    progress(len(chunk))
                chunk = []
        if chunk:
            _flush(app, conn, done, chunk)
            if progress:
                progress(len(chunk))
        with conn.transaction():
            store.end_batch(conn, done.batch, done.files, done.already)
        if done.files != analyzed:
            analyze(conn)
    except psycopg.Error as exc:
        got = f" (lô {done.batch}: đã xếp {done.files} tệp)" if done else ""
        raise QueueUnavailable(url, _reason(exc) + got) from exc
    except Exception as exc:
        from procrastinate.exceptions import ConnectorException

        if isinstance(exc, ConnectorException):
            got = f" (lô {done.batch}: đã xếp {done.files} tệp)" if done else ""
            raise QueueUnavailable(url, _reason(exc.__cause__ or exc) + got) from exc
        raise
    finally:
        try:
            conn.close()
        except psycopg.Error:
            pass
    done.seconds = time.perf_counter() - started
    return done


def analyze(conn) -> None:
    """Bring the statistics of the jobs' tables up to date (``ANALYZED``). A user who does not own
    them gets a warning from PostgreSQL, not an error, and autovacuum does it later."""
    for table in ANALYZED:
        conn.execute(f"ANALYZE {table}")


def _flush(app, conn, done: Enqueued, items: list[ingest.Item]) -> None:
    from procrastinate.exceptions import AlreadyEnqueued

    pairs = [(item, file_job(done.batch, item.source, item.error)) for item in items]
    # a file whose job waits (todo) or is being read (doing) is not queued again: its job says what
    # becomes of it (the queueing lock covers waiting jobs only)
    busy = {row[0] for row in conn.execute(
        "SELECT lock FROM procrastinate_jobs WHERE status = 'doing' AND lock = ANY(%s) UNION "
        "SELECT lock FROM procrastinate_jobs WHERE status = 'todo' AND queueing_lock = ANY(%s)",
        ([job.lock for _, job in pairs], [job.queueing_lock for _, job in pairs])).fetchall()}
    if busy:
        done.already += sum(job.lock in busy for _, job in pairs)
        pairs = [(item, job) for item, job in pairs if job.lock not in busy]
        if not pairs:
            return
    try:
        with conn.transaction():
            app.job_manager.batch_defer_jobs([job for _, job in pairs], connection=conn)
            store.add_files(conn, done.batch, [(item.source, "queued", None, None) for item, _ in pairs])
        done.files += len(pairs)
        return
    except AlreadyEnqueued:
        pass
    for item, job in pairs:          # some are waiting already: one by one
        try:
            with conn.transaction():
                app.job_manager.defer_job(job, connection=conn)
                store.add_files(conn, done.batch, [(item.source, "queued", None, None)])
            done.files += 1
        except AlreadyEnqueued:
            done.already += 1


def retry_failed(url: str, batch: int | None = None) -> int:
    """Queue again every file that ended as failed (in ``batch``, or in all batches); returns how many."""
    import psycopg
    from procrastinate.exceptions import AlreadyEnqueued, ConnectorException

    app = make_app(url)
    n = 0
    try:
        with connect(url, autocommit=True) as conn:
            for b, source in store.failed_files(conn, batch):
                try:
                    with conn.transaction():
                        app.job_manager.defer_job(file_job(b, source), connection=conn)
                        store.mark(conn, b, source, "queued")
                    n += 1
                except AlreadyEnqueued:            # its job waits already: it is read again anyway
                    with conn.transaction():
                        store.mark(conn, b, source, "queued")
                    n += 1
    except (psycopg.Error, ConnectorException) as exc:
        raise QueueUnavailable(url, _reason(exc)) from exc
    return n


def queue_status(url: str, **kwargs) -> store.QueueStatus:
    import psycopg

    try:
        with connect(url, autocommit=True) as conn:
            if conn.execute("SELECT to_regclass('kiemtra_queue_batches')").fetchone()[0] is None:
                return store.QueueStatus([], [], [], 0, {})
            return store.status(conn, **kwargs)
    except psycopg.Error as exc:
        raise QueueUnavailable(url, _reason(exc)) from exc

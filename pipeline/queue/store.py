"""What the queue's people see, kept beside Procrastinate's tables in the same PostgreSQL database.

Procrastinate keeps the jobs (``procrastinate_jobs``: one per file to read, one per file waiting for
OCR); these tables keep what a status page needs and the jobs do not say: the batches as they were
enqueued, each file's state in its batch (with its failure reason), and the workers seen.

    kiemtra_queue_batches   id, created, host, paths, files (enqueued), already (queued elsewhere), enqueued
    kiemtra_queue_files     batch, source, state, outcome, code, reason, sha256, worker, attempts, updated
    kiemtra_queue_workers   name, host, pid, concurrency, queues, started, seen, files

and one index on Procrastinate's ``procrastinate_jobs`` (``kiemtra_procrastinate_jobs_lock``).

A file's ``state`` is one of ``STATES``; ``outcome`` says what ``done`` meant (indexed, duplicate,
unchanged) and ``ocr`` is a file whose text is in the index (or that has none yet) and whose scanned
pages wait in the OCR queue.
"""
from __future__ import annotations

import socket
from dataclasses import dataclass, field
from typing import Iterable

STATES = ("queued", "running", "ocr", "done", "failed", "skipped")
FINISHED = ("done", "failed", "skipped")
RATE_WINDOW = 300          # seconds of finished files the rate is measured over
WORKER_SEEN = 120          # a worker whose heartbeat is older than this is listed as gone

SCHEMA = """
CREATE TABLE IF NOT EXISTS kiemtra_queue_batches (
    id bigserial PRIMARY KEY,
    created timestamptz NOT NULL DEFAULT now(),
    host text NOT NULL DEFAULT '',
    paths text[] NOT NULL DEFAULT '{}',
    files bigint NOT NULL DEFAULT 0,
    already bigint NOT NULL DEFAULT 0,
    enqueued boolean NOT NULL DEFAULT false
);
CREATE TABLE IF NOT EXISTS kiemtra_queue_files (
    batch bigint NOT NULL REFERENCES kiemtra_queue_batches (id) ON DELETE CASCADE,
    source text NOT NULL,
    state text NOT NULL DEFAULT 'queued',
    outcome text,
    code text,
    reason text,
    sha256 text,
    worker text,
    attempts integer NOT NULL DEFAULT 0,
    updated timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (batch, source)
);
CREATE INDEX IF NOT EXISTS kiemtra_queue_files_state ON kiemtra_queue_files (batch, state);
CREATE INDEX IF NOT EXISTS kiemtra_queue_files_updated ON kiemtra_queue_files (updated) WHERE state IN
    ('done', 'failed', 'skipped');
CREATE INDEX IF NOT EXISTS kiemtra_queue_files_batch_updated ON kiemtra_queue_files (batch, updated);
-- Procrastinate's job fetch looks, for each job it may take, for another job holding the same lock;
-- its own indexes let PostgreSQL find those only by scanning, fast only while the table's statistics
-- are fresh (``enqueue.analyze``): with this one the look-up is a seek however stale they are
CREATE INDEX IF NOT EXISTS kiemtra_procrastinate_jobs_lock ON procrastinate_jobs (lock)
    WHERE status IN ('todo', 'doing');
CREATE TABLE IF NOT EXISTS kiemtra_queue_workers (
    name text PRIMARY KEY,
    host text NOT NULL,
    pid integer NOT NULL,
    concurrency integer NOT NULL,
    queues text NOT NULL,
    started timestamptz NOT NULL DEFAULT now(),
    seen timestamptz NOT NULL DEFAULT now(),
    files bigint NOT NULL DEFAULT 0
);
"""


@dataclass
class BatchStatus:
    id: int
    created: str
    host: str
    paths: list[str]
    enqueued: bool
    already: int
    counts: dict[str, int] = field(default_factory=dict)
    rate: float = 0.0              # files finished per second over the last RATE_WINDOW seconds
    eta_seconds: float | None = None

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def left(self) -> int:
        return sum(self.counts.get(s, 0) for s in ("queued", "running", "ocr"))

    def to_json(self) -> dict:
        return {"id": self.id, "created": self.created, "host": self.host, "paths": self.paths,
                "enqueued": self.enqueued, "already_queued": self.already, "total": self.total,
                "counts": {s: self.counts.get(s, 0) for s in STATES}, "rate": round(self.rate, 3),
                "eta_seconds": None if self.eta_seconds is None else round(self.eta_seconds)}


@dataclass
class WorkerStatus:
    name: str
    host: str
    pid: int
    concurrency: int
    queues: str
    started: str
    seen: str
    seconds_since_seen: float
    files: int

    @property
    def alive(self) -> bool:
        return self.seconds_since_seen < WORKER_SEEN

    def to_json(self) -> dict:
        return {"name": self.name, "host": self.host, "pid": self.pid, "concurrency": self.concurrency,
                "queues": self.queues, "started": self.started, "seen": self.seen,
                "seconds_since_seen": round(self.seconds_since_seen, 1), "alive": self.alive,
                "files": self.files}


@dataclass
class FailedFile:
    batch: int
    source: str
    code: str | None
    reason: str | None
    attempts: int
    updated: str

    def to_json(self) -> dict:
        return {"batch": self.batch, "source": self.source, "code": self.code, "reason": self.reason,
                "attempts": self.attempts, "updated": self.updated}


@dataclass
class QueueStatus:
    batches: list[BatchStatus]
    workers: list[WorkerStatus]
    failures: list[FailedFile]
    failures_total: int
    jobs: dict[str, dict[str, int]]     # queue -> procrastinate job status -> count

    def to_json(self) -> dict:
        return {"batches": [b.to_json() for b in self.batches], "workers": [w.to_json() for w in self.workers],
                "failures": [f.to_json() for f in self.failures], "failures_total": self.failures_total,
                "jobs": self.jobs}


def host() -> str:
    return socket.gethostname()


# -- writes (a psycopg connection or cursor is passed in: callers own transactions) --------------------
def new_batch(conn, paths: Iterable[str]) -> int:
    return conn.execute("INSERT INTO kiemtra_queue_batches (host, paths) VALUES (%s, %s) RETURNING id",
                        (host(), list(paths))).fetchone()[0]


def add_files(conn, batch: int, rows: list[tuple[str, str, str | None, str | None]]) -> None:
    """``rows``: (source, state, code, reason) of files enqueued (``queued``) or refused by the walk."""
    if not rows:
        return
    with conn.cursor() as cur:
        cur.executemany(
            "INSERT INTO kiemtra_queue_files (batch, source, state, code, reason) VALUES (%s, %s, %s, %s, %s) "
            "ON CONFLICT (batch, source) DO NOTHING", [(batch, *row) for row in rows])


def end_batch(conn, batch: int, files: int, already: int) -> None:
    conn.execute("UPDATE kiemtra_queue_batches SET files = %s, already = %s, enqueued = true WHERE id = %s",
                 (files, already, batch))


def mark(conn, batch: int, source: str, state: str, *, outcome: str | None = None, code: str | None = None,
         reason: str | None = None, sha256: str | None = None, worker: str | None = None,
         attempts: int | None = None) -> None:
    conn.execute(
        "UPDATE kiemtra_queue_files SET state = %s, outcome = %s, code = %s, reason = %s, "
        "sha256 = coalesce(%s, sha256), worker = coalesce(%s, worker), attempts = coalesce(%s, attempts), "
        "updated = now() WHERE batch = %s AND source = %s",
        (state, outcome, code, reason, sha256, worker, attempts, batch, source))
    if state in FINISHED and worker:
        conn.execute("UPDATE kiemtra_queue_workers SET files = files + 1 WHERE name = %s", (worker,))


def register_worker(conn, name: str, pid: int, concurrency: int, queues: str) -> None:
    conn.execute(
        "INSERT INTO kiemtra_queue_workers (name, host, pid, concurrency, queues) VALUES (%s, %s, %s, %s, %s) "
        "ON CONFLICT (name) DO UPDATE SET host = excluded.host, pid = excluded.pid, concurrency = "
        "excluded.concurrency, queues = excluded.queues, started = now(), seen = now()",
        (name, host(), pid, concurrency, queues))


def failed_files(conn, batch: int | None = None) -> list[tuple[int, str]]:
    """(batch, source) of every file that ended as failed (in one batch, or in all)."""
    rows = conn.execute("SELECT batch, source FROM kiemtra_queue_files WHERE state = 'failed' "
                        "AND (%s::bigint IS NULL OR batch = %s) ORDER BY batch, source", (batch, batch)).fetchall()
    return [(b, s) for b, s in rows]


# -- reads --------------------------------------------------------------------------------------------
def status(conn, *, batches: int = 20, failures: int = 100) -> QueueStatus:
    rows = conn.execute(
        "SELECT id, created, host, paths, enqueued, already FROM kiemtra_queue_batches "
        "ORDER BY id DESC LIMIT %s", (batches,)).fetchall()
    out = [BatchStatus(r[0], r[1].isoformat(timespec="seconds"), r[2], list(r[3]), r[4], r[5]) for r in rows]
    by_id = {b.id: b for b in out}
    if by_id:
        ids = list(by_id)
        for batch, state, n in conn.execute(
                "SELECT batch, state, count(*) FROM kiemtra_queue_files WHERE batch = ANY(%s) GROUP BY 1, 2",
                (ids,)).fetchall():
            by_id[batch].counts[state] = n
        # the rate over the last RATE_WINDOW seconds of each batch's finished files: up to now while
        # files are left, up to its last finished file once it is done
        # (each batch's last change is read once, from the index on (batch, updated): the time this
        # takes grows with the files of the window, not with the square of the batch's files)
        for batch, n, since_first, since_last in conn.execute(
                "SELECT f.batch, count(*), extract(epoch FROM now() - min(f.updated)), "
                "extract(epoch FROM now() - max(f.updated)) FROM (SELECT b AS batch, (SELECT max(updated) "
                "FROM kiemtra_queue_files WHERE batch = b) AS last FROM unnest(%s::bigint[]) AS b) l "
                "JOIN kiemtra_queue_files f ON f.batch = l.batch AND f.updated > l.last - make_interval(secs => %s) "
                "WHERE f.state IN ('done', 'failed', 'skipped') GROUP BY 1",
                (ids, RATE_WINDOW)).fetchall():
            b = by_id[batch]
            span = float(since_first) - (0.0 if b.left else float(since_last))
            b.rate = n / max(span, 1.0)
        for b in out:
            if b.rate > 0 and b.left:
                b.eta_seconds = b.left / b.rate
    workers = [WorkerStatus(r[0], r[1], r[2], r[3], r[4], r[5].isoformat(timespec="seconds"),
                            r[6].isoformat(timespec="seconds"), float(r[7]), r[8])
               for r in conn.execute(
                   "SELECT name, host, pid, concurrency, queues, started, seen, extract(epoch FROM now() - seen), "
                   "files FROM kiemtra_queue_workers ORDER BY seen DESC LIMIT 200").fetchall()]
    failed = [FailedFile(r[0], r[1], r[2], r[3], r[4], r[5].isoformat(timespec="seconds"))
              for r in conn.execute(
                  "SELECT batch, source, code, reason, attempts, updated FROM kiemtra_queue_files "
                  "WHERE state = 'failed' ORDER BY updated DESC LIMIT %s", (failures,)).fetchall()]
    total = conn.execute("SELECT count(*) FROM kiemtra_queue_files WHERE state = 'failed'").fetchone()[0]
    jobs: dict[str, dict[str, int]] = {}
    for queue, st, n in conn.execute(
            "SELECT queue_name, status::text, count(*) FROM procrastinate_jobs WHERE queue_name LIKE 'kiemtra-%%' "
            "GROUP BY 1, 2").fetchall():
        jobs.setdefault(queue, {})[st] = n
    return QueueStatus(out, workers, failed, total, jobs)

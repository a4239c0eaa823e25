"""The Procrastinate application on a ``postgresql://`` URL, its queues, and the schema.

Two queues: ``kiemtra-text`` (read every file without OCR: text formats and text layers, searchable
early) and ``kiemtra-ocr`` (the scanned pages, at a lower priority: a worker listening to both takes
an OCR job only when no text job waits). Jobs are rows in ``procrastinate_jobs``, taken with
``FOR UPDATE SKIP LOCKED``; each worker sends a heartbeat, and the jobs of a worker whose heartbeat
stops (killed, machine gone) are put back in their queue by the other workers (``recover_stalled``).
"""
from __future__ import annotations

from urllib.parse import urlparse

TEXT_QUEUE = "kiemtra-text"
OCR_QUEUE = "kiemtra-ocr"
QUEUES = {"text": TEXT_QUEUE, "ocr": OCR_QUEUE}
TEXT_PRIORITY = 0
OCR_PRIORITY = -10            # Procrastinate runs higher priorities first
RETRIES = 3                   # a transient failure is tried again this many times (4 runs in all)
BACKOFF = 4                   # seconds: waits of 4, 16, 64 s between the runs
INGEST_TASK = "kiemtra.ingest_file"
ROOTS_TASK = "kiemtra.record_roots"
_SCHEMA_LOCK = 0x6B69656D      # pg_advisory_xact_lock key: one schema apply at a time


class QueueUnavailable(Exception):
    """The queue's PostgreSQL cannot be reached or used. ``reason`` is for people."""

    def __init__(self, url: str, reason: str):
        super().__init__(f"{redact(url)}: {reason}")
        self.url = redact(url)
        self.reason = reason


class Transient(Exception):
    """A failure worth trying again later (index unreachable, a worker process killed)."""

    def __init__(self, code: str, reason: str):
        super().__init__(f"{code}: {reason}")
        self.code = code
        self.reason = reason


def redact(url: str) -> str:
    """The URL without its password, for messages."""
    parts = urlparse(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return parts._replace(netloc=netloc).geturl()
    return url


def check_url(url: str) -> str:
    if urlparse(url).scheme not in ("postgresql", "postgres"):
        raise QueueUnavailable(url, "the queue URL must be postgresql://user:password@host:5432/database")
    return url


def lock_key(prefix: str, value: str) -> str:
    """A short, fixed-size key for Procrastinate's lock columns (paths can be long)."""
    import hashlib

    return f"{prefix}:{hashlib.sha1(value.encode('utf-8', 'surrogatepass')).hexdigest()}"


def connect(url: str, **kwargs):
    """A psycopg connection to the queue's database, or ``QueueUnavailable``."""
    import psycopg

    check_url(url)
    try:
        return psycopg.connect(url, connect_timeout=10, **kwargs)
    except psycopg.Error as exc:
        raise QueueUnavailable(url, _reason(exc)) from exc


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def apply_schema(url: str) -> None:
    """Create Procrastinate's tables and kiemtra's once (safe to call from many workers at once)."""
    import psycopg
    from procrastinate.schema import SchemaManager

    from . import store

    with connect(url, autocommit=False) as conn:
        try:
            with conn.transaction():
                conn.execute("SELECT pg_advisory_xact_lock(%s)", (_SCHEMA_LOCK,))
                if conn.execute("SELECT to_regclass('procrastinate_jobs')").fetchone()[0] is None:
                    conn.execute(SchemaManager.get_schema())
                conn.execute(store.SCHEMA)
        except psycopg.Error as exc:
            raise QueueUnavailable(url, _reason(exc)) from exc


def make_app(url: str, *, pool_size: int = 4, timeout: float = 30.0):
    """The Procrastinate app on ``url`` with kiemtra's tasks registered (opened by the caller);
    ``timeout``: seconds to wait for a connection from its pool."""
    import procrastinate

    from . import tasks

    check_url(url)
    app = procrastinate.App(connector=procrastinate.PsycopgConnector(
        conninfo=url, min_size=1, max_size=pool_size, timeout=timeout, kwargs={"connect_timeout": 10}))
    tasks.register(app)
    return app

"""One file through the whole path: bytes → ``ingest.read_bytes`` → ``nlp.extract`` → a ``Result``.

``process`` is the one place where every way a file can fail becomes a code and a reason for people:
an ``IngestError`` keeps its own, the time limit (``SIGALRM``) gives ``timeout``, running out of the
worker's memory gives ``too-large``, and a bug in a reader or the extractor gives ``error`` with where
it happened. The batch, uploads, ``kiemtra extract`` and the evaluation all read files through it.
"""
from __future__ import annotations

import contextlib
import hashlib
import signal
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import ingest
import nlp
from ingest import ocr
from ingest.messages import msg
from nlp.record import Record

TIME_LIMIT = 300.0         # seconds to read and extract one file


@dataclass(frozen=True)
class Task:
    source: str
    sha256: str | None
    size: int | None
    path: str | None = None       # a file on disk, read by the worker
    data: bytes | None = None     # or its bytes (a member of an archive inside an archive)
    member: tuple | None = None   # or a member of an archive on disk: ``ingest.Item.member``
    ocr: bool = True              # False: scanned pages are left for later (``ingest.ocr.deferred``)


@dataclass(frozen=True)
class Result:
    task: Task
    record: Record | None = None
    format: str | None = None
    code: str | None = None
    reason: str | None = None
    bands: tuple[int, ...] | None = None      # the record's near-copy keys, computed where it was read

    @property
    def ok(self) -> bool:
        return self.record is not None


class Timeout(BaseException):
    """Raised by SIGALRM; a BaseException so that no reader's handler swallows it."""


def _on_alarm(signum, frame):
    raise Timeout()


def process(task: Task, extract: Callable[[ingest.Document], Record] = nlp.extract,
            time_limit: float | None = None) -> Result:
    """Read and extract one file, every failure mapped to ``Result.code`` and ``reason``.
    ``time_limit``: seconds, by ``SIGALRM`` (main thread of a process only)."""
    if time_limit:
        previous = signal.signal(signal.SIGALRM, _on_alarm)
        signal.setitimer(signal.ITIMER_REAL, time_limit)
    head = b""
    try:
        data = _data(task)
        head = data[:4096]
        with contextlib.nullcontext() if task.ocr else ocr.deferred():
            document = ingest.read_bytes(data, task.source, sha256=task.sha256)
        del data
        record = extract(document)
        return Result(task, record, document.format)
    except ingest.IngestError as err:
        return Result(task, format=_format_of(head, task.source), code=err.code, reason=err.reason)
    except Timeout:
        return Result(task, format=_format_of(head, task.source), code="timeout",
                      reason=msg("read-timeout", seconds=f"{time_limit:.0f}"))
    except MemoryError:
        return Result(task, format=_format_of(head, task.source), code="too-large",
                      reason=msg("out-of-memory"))
    except Exception as exc:  # noqa: BLE001 - a bug in a reader or extractor: reported with the file
        return Result(task, format=_format_of(head, task.source), code="error", reason=internal(exc))
    finally:
        if time_limit:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)


def _data(task: Task) -> bytes:
    """The task's bytes. A member of an archive on disk is read out of it here, in the worker (the
    main process only streamed it through sha256): what is read must be what was hashed."""
    if task.data is not None:
        return task.data
    if task.member is None:
        return ingest.read_file(task.path, task.source)
    data = ingest.read_member(*task.member, task.source)
    if task.sha256 is not None and hashlib.sha256(data).hexdigest() != task.sha256:
        raise ingest.Unreadable(task.source, msg("archive-changed"))
    return data


def internal(exc: BaseException) -> str:
    """The reason given for a bug met on one file: what and where, for a bug report."""
    where = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    at = f" ({Path(where.filename).name}:{where.lineno})" if where else ""
    return msg("internal-error", type=type(exc).__name__, detail=exc, where=at)


def _format_of(head: bytes, source: str) -> str | None:
    """What a file that failed claims to be (for the manifest), if its first bytes say."""
    if not head:
        return None
    try:
        return ingest.sniff(head, source)
    except ingest.IngestError:
        return None

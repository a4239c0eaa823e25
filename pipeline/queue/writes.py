"""A worker's index writes, gathered: the records and manifest lines of many jobs in one bulk request
each, as ``kiemtra ingest`` writes 50 records at a time.

A job that has read its file hands its record and manifest line to ``Writes.write`` and waits there
until they are in the index; only then does it return, and only then does Procrastinate mark the job
done. A worker killed while jobs wait here (``kill -9``, a machine gone) leaves those jobs ``doing``
with no heartbeat: they are put back in the queue, and the file is read again (or, if the write went
through before the kill, found unchanged). Nothing is marked done before it is written.

The gathered writes are sent when ``records`` jobs wait, when the oldest has waited ``seconds``, or at
once when no job of this worker is still reading (the last files of a batch, a worker stopping).

While a job waits here it does not hold one of the worker's job slots: ``LendingSlots`` lends its
slot back to Procrastinate, which takes the next job at once, so the reading processes stay busy
while writes gather, and a worker never holds more jobs than its reading processes and the one it
takes ahead (``worker.AHEAD``).
"""
from __future__ import annotations

import asyncio
import threading
import time
from collections import OrderedDict
from concurrent.futures import Future
from typing import Callable

from nlp import Record
from search import Backend, FileEntry

from ..copies import grouped
from ..corrections import corrected

RECORDS = 50        # jobs whose writes go in one bulk request
SECONDS = 1.0       # the longest a job waits for others to share its write


class Writes:
    """The write buffer of one worker, flushed by a thread of its own through its own index connection."""

    def __init__(self, open_index: Callable[[], Backend], *, records: int = RECORDS, seconds: float = SECONDS):
        self._open_index = open_index
        self.records = records
        self.seconds = seconds
        self._cond = threading.Condition()
        self._pending: list[tuple[list[Record], list[FileEntry], Future]] = []
        self._oldest = 0.0
        self._reading = 0          # jobs of this worker between taking their file and their write
        self._closed = False
        self._backend: Backend | None = None
        self._numbers: OrderedDict = OrderedDict()   # the numbers of the look-alikes read (``copies.Reports``)
        self.flushes = 0
        self._thread = threading.Thread(target=self._run, name="kiemtra-writes", daemon=True)
        self._thread.start()

    # -- the jobs' side ---------------------------------------------------------------------------
    def begin(self) -> None:
        """A job starts: while it reads, writes may wait for it (up to ``seconds``)."""
        with self._cond:
            self._reading += 1

    def end(self) -> None:
        """A job ends without a write to wait for."""
        with self._cond:
            self._reading -= 1
            self._cond.notify()

    def write(self, records: list[Record], entries: list[FileEntry]) -> None:
        """Write ``records`` then ``entries`` with the other jobs' writes; return once they are in the
        index, or raise what the bulk request raised (``IndexUnavailable``...). Ends the job's reading."""
        done: Future = Future()
        with self._cond:
            self._reading -= 1
            if self._closed:
                raise RuntimeError("the worker's writes are closed")
            if not self._pending:
                self._oldest = time.monotonic()
            self._pending.append((records, entries, done))
            self._cond.notify()
        done.result()

    # -- the flushing thread ----------------------------------------------------------------------
    def _due(self) -> bool:
        if not self._pending:
            return False
        return (self._closed or self._reading <= 0 or len(self._pending) >= self.records
                or time.monotonic() - self._oldest >= self.seconds)

    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._due():
                    if self._closed and not self._pending:
                        return
                    wait = None if not self._pending else max(0.0, self._oldest + self.seconds - time.monotonic())
                    self._cond.wait(wait)
                batch, self._pending = self._pending, []
            self._flush(batch)

    def _flush(self, batch: list[tuple[list[Record], list[FileEntry], Future]]) -> None:
        try:
            if self._backend is None:
                self._backend = self._open_index()
            records = [r for rs, _, _ in batch for r in rs]
            entries = [e for _, es, _ in batch for e in es]
            if records:
                # each report once, with its other files (pipeline.copies); what staff corrected applied
                records, retired = grouped(self._backend, records, self._numbers)
                self._backend.upsert(corrected(self._backend, records), refresh=False)
                for doc_id in retired:
                    self._backend.delete(doc_id)
            if entries:
                self._backend.record_files(entries)
        except BaseException as exc:      # noqa: BLE001 - handed to every job of the batch, which retries
            for _, _, done in batch:
                done.set_exception(exc)
            if not isinstance(exc, Exception):
                raise
            return
        self.flushes += 1
        for _, _, done in batch:
            done.set_result(None)

    def close(self) -> None:
        """Send what waits, then stop the thread and close its index connection."""
        with self._cond:
            self._closed = True
            self._cond.notify()
        self._thread.join(60)
        if self._backend is not None:
            try:
                self._backend.close()
            except Exception:      # noqa: BLE001 - closing at exit: nothing left to report to
                pass


class LendingSlots(asyncio.Semaphore):
    """Procrastinate's job slots (one per reading process) that a job waiting for its write lends back,
    so the worker takes the next job at once, and takes back, without waiting, when its write is done.
    A slot taken back while none is free is owed: the next slot released pays it."""

    def __init__(self, value: int):
        super().__init__(value)
        self._owed = 0

    def lend(self) -> None:
        super().release()

    def take_back(self) -> None:
        if not self.locked():
            self._value -= 1          # what acquire does when a slot is free, without waiting
        else:
            self._owed += 1

    def release(self) -> None:
        if self._owed:
            self._owed -= 1
            return
        super().release()


def lending_worker_class():
    """Procrastinate's ``Worker`` whose job slots are ``LendingSlots`` (it makes them anew at each run)."""
    from procrastinate.worker import Worker

    class LendingWorker(Worker):
        @property
        def _job_semaphore(self):
            return self._kiemtra_slots

        @_job_semaphore.setter
        def _job_semaphore(self, _value):
            self._kiemtra_slots = LendingSlots(self.concurrency)

    return LendingWorker

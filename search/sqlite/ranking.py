"""BM25 of a large SQLite index in two halves at once: this process scores the documents below a
rowid, a second process those above it.

FTS5 computes BM25 for every document that matches, about 1.6 µs each: a query matching 30,000 of
100,000 reports spends 35–45 ms there, most of its time. Split by rowid, the two halves give exactly
the scores of the whole (IDF and average length are computed over the whole index either way) in
about 60% of the time on two cores. Threads do not help: SQLite's global memory accounting makes two
threads of one process contend, so the second half runs in a process of its own, with its own
connection, started in the background by a long-running server (``SQLiteBackend(path,
rank_process=True)``); until it is ready, or while another request uses it, or if it dies, the
whole is scored here.
"""
from __future__ import annotations

import json
import logging
import os
import select
import subprocess
import sys
import threading
from pathlib import Path

import numpy as np

from ._rank_server import BM25
from .columns import ints

log = logging.getLogger(__name__)

ALL = (0, 2**62)
ANSWER_SECONDS = 30.0


def bm25(conn, expr: str, lo: int = ALL[0], hi: int = ALL[1]) -> tuple[np.ndarray, np.ndarray]:
    """The rowids in ``lo..hi`` matching an FTS5 expression and their BM25 scores (title weighs 5,
    body 1), as two joined strings rather than a row each."""
    return _arrays(conn.execute(BM25, (expr, lo, hi)).fetchone())


def _arrays(row) -> tuple[np.ndarray, np.ndarray]:
    ids, scores = row
    return ints(ids), np.fromstring(scores, dtype=np.float64, sep=",") if scores else np.zeros(0)


class Ranker:
    """The second process for one index file, started on first use and used by one request at a
    time."""

    def __init__(self, path: str):
        self.path = path
        self._lock = threading.Lock()
        self._process: subprocess.Popen | None = None
        self._ready = False
        self._failed = (os.cpu_count() or 1) < 2  # one core: nothing to gain

    def bm25(self, conn, expr: str, generation: int, size: int) -> tuple[np.ndarray, np.ndarray]:
        """``bm25(conn, expr)`` of the index at ``generation`` (read by ``conn``), whose rowids
        are below ``size``: the upper half scored by the second process when it is free."""
        if self._failed or not self._lock.acquire(blocking=False):
            return bm25(conn, expr)
        try:
            if not self._started():
                return bm25(conn, expr)
            mid = size // 2
            try:
                self._process.stdin.write(json.dumps([expr, mid, ALL[1], generation]) + "\n")
                self._process.stdin.flush()
                low = bm25(conn, expr, ALL[0], mid - 1)
                if not self._answered(ANSWER_SECONDS):
                    raise TimeoutError(f"no answer in {ANSWER_SECONDS:.0f} s")
                line = self._process.stdout.readline()
                if not line:
                    raise EOFError(f"it exited with {self._process.poll()}")
                answer = json.loads(line)
            except (OSError, EOFError, TimeoutError, ValueError) as exc:
                self._fail(exc)
                return bm25(conn, expr)
            high = _arrays(answer) if answer is not None else bm25(conn, expr, mid, ALL[1])
            return np.concatenate([low[0], high[0]]), np.concatenate([low[1], high[1]])
        finally:
            self._lock.release()

    def _started(self) -> bool:
        """Start the process (in the background) or see whether it is ready; never waits."""
        if self._process is None:
            try:
                self._process = subprocess.Popen(
                    [sys.executable, str(Path(__file__).with_name("_rank_server.py")), self.path],
                    stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, encoding="utf-8")
            except OSError as exc:
                self._fail(exc)
            return False
        if not self._ready:
            try:
                if self._answered(0):
                    self._ready = json.loads(self._process.stdout.readline()) == "ready"
                elif self._process.poll() is not None:
                    raise EOFError(f"it exited with {self._process.returncode}")
            except (OSError, EOFError, ValueError) as exc:
                self._fail(exc)
        return self._ready

    def _answered(self, seconds: float) -> bool:
        return bool(select.select([self._process.stdout], [], [], seconds)[0])

    def _fail(self, exc: BaseException) -> None:
        log.warning("the ranking process of %s stopped (%s); ranking in one process from now on",
                    self.path, exc)
        self._failed = True
        self.close()

    def close(self) -> None:
        process, self._process, self._ready = self._process, None, False
        if process is not None:
            try:
                process.stdin.close()  # its input ends: it exits
                process.wait(2)
            except (OSError, subprocess.TimeoutExpired):
                process.kill()
                process.wait()
            process.stdout.close()

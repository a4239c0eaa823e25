"""The worker pool: files read in separate processes, each under a time and a memory limit.

Each worker is a forked process that limits its address space (``resource.setrlimit``: what it
started with plus ``memory_limit_mb``) and each file's time (``SIGALRM`` in ``process``, which also
stops a converter it started); a worker that does not answer in time anyway is killed and replaced,
as is one that crashes. Workers end with the main process, however it ends: the kernel's
parent-death signal, and no worker holds the main process's end of any pipe.
"""
from __future__ import annotations

import dataclasses
import multiprocessing
import os
import signal
import time
from multiprocessing.connection import wait
from typing import Callable, Iterator

import ingest
import nlp
from ingest.messages import msg
from search import nearcopy

from .process import TIME_LIMIT, Result, Task, process

MEMORY_LIMIT_MB = 2048     # address space one worker may add to what it starts with
GRACE = 30.0               # past the time limit, a worker that has not answered is killed


def _worker(conn, inherited, parent: int, extract, time_limit: float, memory_limit_mb: int | None) -> None:
    _die_with(parent)
    for other in inherited:      # the main process's ends of this and earlier workers' pipes
        other.close()
    signal.signal(signal.SIGINT, signal.SIG_IGN)          # Ctrl-C is the main process's to handle
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
        result = process(task, extract, time_limit)
        if result.record is not None:
            # the near-copy keys (MinHash) here, in parallel, not in the process that indexes
            result = dataclasses.replace(result, bands=nearcopy.bands(result.record.text))
        try:
            conn.send(result)
        except (BrokenPipeError, OSError):
            return


def _die_with(parent: int) -> None:
    """End this worker when the main process ends, however it ends (``kill -9`` included): the
    kernel's parent-death signal, checked once for a parent that died before it was set."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)           # PR_SET_PDEATHSIG
    except (OSError, AttributeError):                   # not Linux: EOF on the pipe still ends it
        pass
    if os.getppid() != parent:
        os._exit(0)


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
        text = "Báo cáo kết quả kiểm tra."
        extract(ingest.Document("warm-up.txt", "0" * 64, "txt", text))
    except Exception:      # noqa: BLE001 - the first real file will meet the same error and report it
        pass


_warm = False


def warm_up(extract=nlp.extract) -> None:
    """Load the extractor's models in this process, once: workers forked from it afterwards start
    with them (a server forks one worker per upload)."""
    global _warm
    if not _warm:
        _warm_up(extract)
        _warm = True


class _Worker:
    def __init__(self, ctx, extract, time_limit, memory_limit_mb, others: list):
        self.conn, child = ctx.Pipe()
        inherited = [self.conn] + [w.conn for w in others]
        self.process = ctx.Process(target=_worker, args=(child, inherited, os.getpid(), extract, time_limit,
                                                         memory_limit_mb),
                                   daemon=True, name="kiemtra-ingest")
        self.process.start()
        child.close()
        self.task: Task | None = None
        self.deadline = 0.0

    def give(self, task: Task, deadline: float) -> None:
        self.task, self.deadline = task, deadline
        self.conn.send(task)

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()


class Pool:
    """``jobs`` worker processes, each reading one file at a time under the time and memory limits;
    a worker that crashes, hangs past the limit or is killed is replaced and its file reported."""

    def __init__(self, jobs: int, extract=nlp.extract, time_limit: float = TIME_LIMIT,
                 memory_limit_mb: int | None = MEMORY_LIMIT_MB):
        ctx = multiprocessing.get_context("fork")
        self.new = lambda: _Worker(ctx, extract, time_limit, memory_limit_mb, self.workers)
        self.time_limit = time_limit
        self.workers: list[_Worker] = []
        for _ in range(jobs):
            self.workers.append(self.new())

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

    def run(self, tasks: Iterator[Task], done: Callable[[Result], None]) -> None:
        tasks = iter(tasks)
        more = True

        def feed(i: int) -> None:
            """Give worker ``i`` its next file, if there is one."""
            nonlocal more
            task = next(tasks, None) if more else None
            if task is None:
                more = False
                return
            try:
                self.workers[i].give(task, time.monotonic() + self.time_limit + GRACE)
            except OSError:
                done(self._lost(i, task))

        while True:
            for i, w in enumerate(self.workers):
                if more and w.task is None:
                    feed(i)
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
                    feed(i)         # the worker reads its next file while this one is indexed
                    if result.bands is not None:
                        nearcopy.known(result.record.text, result.bands)
                    done(result)
                elif w.process.sentinel in ready or not w.process.is_alive():
                    done(self._lost(i, w.task))
                elif now > w.deadline:
                    done(self._lost(i, w.task, timed_out=True))

    def _lost(self, i: int, task: Task, timed_out: bool = False) -> Result:
        """The worker died or hung on ``task``: replace it and report the file."""
        w = self.workers[i]
        w.kill()
        code = w.process.exitcode
        self.workers[i] = self.new()
        if timed_out:
            return Result(task, code="timeout", reason=msg("read-timeout-killed", seconds=f"{self.time_limit:.0f}"))
        if code is not None and code < 0:
            why = signal.Signals(-code).name
            reason = msg("reader-crashed", signal=why) if why != "SIGKILL" else msg("reader-killed")
        else:
            reason = msg("reader-exited", code=code)
        return Result(task, code="crashed", reason=reason)

"""Workers end with the batch, however it ends: after ``kill -9`` of the main ingest process no worker
is left holding its pipes or the caller's output (one once lived on for 14.5 minutes)."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from ..ingest.builders import text_reports

KIEMTRA = Path(sys.executable).parent / "kiemtra"


def _children(pid: int) -> set[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True).stdout
    return {int(x) for x in out.split()}


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().split()[2] != "Z"
    except OSError:
        return False


def test_workers_die_with_a_killed_batch(tmp_path):
    folder = tmp_path / "kho"
    text_reports(folder, 600)
    env = dict(os.environ, KIEMTRA_INDEX=f"sqlite:///{tmp_path / 'index.db'}")
    out = open(tmp_path / "out.txt", "w")
    proc = subprocess.Popen([str(KIEMTRA), "ingest", str(folder), "--jobs", "2", "--no-progress"], env=env,
                            stdout=out, stderr=subprocess.STDOUT)
    workers: set[int] = set()
    deadline = time.monotonic() + 60
    while len(workers) < 2 and time.monotonic() < deadline:
        workers |= _children(proc.pid)
        time.sleep(0.2)
    assert len(workers) >= 2, "the batch started no workers"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    deadline = time.monotonic() + 15
    while any(_alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    left = [w for w in workers if _alive(w)]
    for w in left:
        os.kill(w, signal.SIGKILL)
    assert not left, f"workers outlived the batch: {left}"

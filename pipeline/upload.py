"""Uploads (the web page and ``POST /api/documents``): a file sent by a person goes the batch's way.

The upload is kept in the storage folder under its sha256 (``storage/<sha256>.<format>``, so no
name can choose where it lands), then ingested as a batch of one file with one worker: the same
time and memory limits as ``kiemtra ingest``, every failure mapped by ``process``, and a zip walked
member by member like a zip on disk. Its manifest line is ``upload/<sha256>/<name>``: two different
files with the same name keep a line each, and the same file sent twice is one line.
"""
from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

import ingest
from search import Backend

from .batch import Outcome, run_batch
from .originals import UPLOAD_PREFIX, upload_source
from .pool import MEMORY_LIMIT_MB, warm_up
from .process import TIME_LIMIT


def ingest_upload(backend: Backend, storage: Path, name: str, data: bytes, *, jobs: int = 1,
                  time_limit: float = TIME_LIMIT, memory_limit_mb: int | None = MEMORY_LIMIT_MB) -> list[Outcome]:
    """Keep, read, extract and index one uploaded file; one ``Outcome`` per document it holds (a zip
    gives one per member). Never raises for what is in the file."""
    sha = hashlib.sha256(data).hexdigest()
    source = upload_source(sha, name)
    try:
        fmt = ingest.sniff(data[:ingest.detect.HEAD_SIZE], name)
    except Exception:     # noqa: BLE001 - whatever the file is, the batch reads it and says why it fails
        fmt = "bin"
    storage.mkdir(parents=True, exist_ok=True)
    kept = storage / f"{sha}.{fmt}"
    fresh = not kept.exists()
    if fresh:
        fd, tmp = tempfile.mkstemp(dir=storage, prefix=".upload-")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, kept)
    if jobs:
        warm_up()        # the worker forked from here starts with the models loaded
    outcomes: list[Outcome] = []
    run_batch([kept], backend, names={str(kept): source}, outcomes=outcomes, roots=False, jobs=jobs,
              time_limit=time_limit, memory_limit_mb=memory_limit_mb)
    if fresh and not any(o.sha256 for o in outcomes if o.status != "failed"):
        kept.unlink(missing_ok=True)          # nothing of it is in the index
    return outcomes


__all__ = ["ingest_upload", "UPLOAD_PREFIX"]

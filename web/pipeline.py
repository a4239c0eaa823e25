"""A batch: walk paths, read and extract each file, index the records, keep the manifest.

Every input ends up either indexed or in the manifest as failed with its reason; one bad file never
stops a batch. A re-run skips files whose path and content are unchanged and retries failed ones.
"""
from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

import ingest
import nlp
from nlp.record import Record
from search import Backend, FileEntry

BATCH = 50


@dataclass
class BatchReport:
    indexed: int = 0
    skipped: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def seen(self) -> int:
        return self.indexed + self.skipped + len(self.failed)


def run_batch(paths: Iterable[Path | str], backend: Backend, *, retry_failed: bool = True,
              force: bool = False, progress: bool = False,
              extract: Callable[[ingest.Document], Record] = nlp.extract) -> BatchReport:
    report = BatchReport()
    started = time.perf_counter()
    pending: list[tuple[Record, FileEntry]] = []
    bar = _progress_bar(progress)

    def flush():
        if pending:
            backend.upsert(r for r, _ in pending)
            for _, entry in pending:
                backend.record_file(entry)
            report.indexed += len(pending)
            pending.clear()

    def fail(source: str, err: ingest.IngestError, sha=None, size=None, fmt=None):
        report.failed.append((source, err.reason))
        backend.record_file(FileEntry(source, sha, size, fmt, "failed", f"{err.code}: {err.reason}"))

    for item in ingest.walk([str(p) for p in paths]):
        bar.update(1)
        if item.error is not None:
            fail(item.source, item.error)
            _postfix(bar, report)
            continue
        try:
            data = item.load()
        except ingest.IngestError as err:
            fail(item.source, err)
            _postfix(bar, report)
            continue
        sha = hashlib.sha256(data).hexdigest()
        known = backend.file(item.source)
        if known and known.sha256 == sha and not force and (
                known.status == "indexed" or not retry_failed):
            report.skipped += 1
            continue
        try:
            document = ingest.read_bytes(data, item.source, sha256=sha)
            record = extract(document)
        except ingest.IngestError as err:
            fail(item.source, err, sha, len(data))
            _postfix(bar, report)
            continue
        pending.append((record, FileEntry(item.source, sha, len(data), document.format, "indexed")))
        if len(pending) >= BATCH:
            flush()
    flush()
    bar.close()
    report.seconds = time.perf_counter() - started
    return report


def _progress_bar(enabled: bool):
    from tqdm import tqdm

    return tqdm(disable=not enabled, unit=" tệp", desc="Nhập", dynamic_ncols=True)


def _postfix(bar, report: BatchReport) -> None:
    bar.set_postfix_str(f"lỗi: {len(report.failed)}", refresh=False)

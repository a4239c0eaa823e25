"""pipeline: the one path a file takes, from bytes to the index.

    walk → hash → read → extract → upsert → manifest

    run_batch(paths, backend, jobs=N) -> BatchReport   folders and zips, N workers, resumable (``batch``)
    process(task, extract, time_limit) -> Result        one file read and extracted, every failure mapped
                                                        once to a code and a reason (``process``)
    Pool(jobs, ...)                                     workers with per-file time and memory limits (``pool``)
    ingest_upload(backend, storage, name, data)         a file sent from the browser or the API (``upload``)
    originals.read(storage, record, roots)              the original of a document, for its download
    gold.load_cases(gold_dir, only)                     gold documents read like users' files, for evaluation

Layers: ``ingest ← nlp ← search ← pipeline ← web``; nothing here knows Flask.
"""
from __future__ import annotations

from . import gold, originals
from .batch import MAX_LISTED, ROOT, BatchReport, Outcome, failed_paths, known_roots, record_roots, run_batch
from .pool import MEMORY_LIMIT_MB, Pool
from .process import TIME_LIMIT, Result, Task, process
from .upload import ingest_upload

__all__ = ["run_batch", "BatchReport", "Outcome", "failed_paths", "known_roots", "record_roots", "ROOT",
           "MAX_LISTED", "process", "Task", "Result", "TIME_LIMIT", "Pool", "MEMORY_LIMIT_MB", "ingest_upload",
           "originals", "gold"]

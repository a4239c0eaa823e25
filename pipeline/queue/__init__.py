"""Ingest on several machines: a queue on PostgreSQL (Procrastinate) and workers anywhere.

    enqueue(url, paths) -> Enqueued             walk and queue one job per file (no reading) (``enqueue``)
    run_worker(url, open_index, concurrency=N)  take jobs, read through ``pipeline.process`` in
                                                ``pipeline.pool`` processes, write the index (``worker``),
                                                the writes of many jobs in one bulk request (``writes``)
    queue_status(url) -> QueueStatus            batches, counts per state, rate, ETA, workers, failures
    retry_failed(url, batch=None) -> int        queue the failed files again

The tables Procrastinate needs and kiemtra's own (``store``) are created on first use.
"""
from __future__ import annotations

from .app import OCR_QUEUE, QUEUES, TEXT_QUEUE, QueueUnavailable, apply_schema, redact
from .enqueue import Enqueued, enqueue, queue_status, retry_failed
from .store import STATES, QueueStatus
from .worker import STALLED_AFTER, run_worker

__all__ = ["enqueue", "Enqueued", "run_worker", "queue_status", "retry_failed", "apply_schema", "QueueUnavailable",
           "QueueStatus", "STATES", "QUEUES", "TEXT_QUEUE", "OCR_QUEUE", "STALLED_AFTER", "redact"]

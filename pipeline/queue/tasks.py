"""kiemtra's Procrastinate tasks. They only hand the job to the worker's ``Runtime`` (``worker.py``),
which reads files through ``pipeline.process`` in ``pipeline.pool`` processes and writes the index."""
from __future__ import annotations

from .app import BACKOFF, INGEST_TASK, RETRIES, ROOTS_TASK, TEXT_QUEUE, Transient


def register(app) -> None:
    from procrastinate import RetryStrategy

    retry = RetryStrategy(max_attempts=RETRIES, exponential_wait=BACKOFF, retry_exceptions=[Transient])

    @app.task(name=INGEST_TASK, queue=TEXT_QUEUE, pass_context=True, retry=retry)
    def ingest_file(context, *, batch: int, source: str, ocr: bool = False, error: list | None = None):
        return _runtime(context).ingest(context.job, batch, source, ocr=ocr, error=error)

    @app.task(name=ROOTS_TASK, queue=TEXT_QUEUE, pass_context=True, retry=retry)
    def record_roots(context, *, paths: list):
        return _runtime(context).record_roots(paths)


def _runtime(context):
    runtime = (context.additional_context or {}).get("kiemtra")
    if runtime is None:
        raise RuntimeError("kiemtra tasks run in `kiemtra worker` only")
    return runtime

"""The queue's commands: ``kiemtra ingest --queue URL`` (enqueue), ``kiemtra worker`` and
``kiemtra status`` (adapters over ``pipeline.queue``; the ``--queue`` URL defaults to ``KIEMTRA_QUEUE``)."""
from __future__ import annotations

import json
import logging
import os
import sys

import click
from flask import current_app
from flask.cli import with_appcontext

SQLITE_REFUSED = ("chỉ mục SQLite chỉ dùng được trên một máy: các worker ghi vào một chỉ mục chung, "
                  "hãy đặt KIEMTRA_INDEX=http://máy-chủ:9200 (Elasticsearch). Trên một máy, dùng "
                  "`kiemtra ingest PATH` (không cần --queue).")
NO_QUEUE = "cần địa chỉ hàng đợi: --queue postgresql://người-dùng@máy-chủ:5432/cơ-sở-dữ-liệu (hoặc KIEMTRA_QUEUE)"
STATE_LABELS = {"queued": "chờ", "running": "đang đọc", "ocr": "chờ OCR", "done": "xong", "failed": "lỗi",
                "skipped": "bỏ qua"}


def _fail(message: str, code: int = 1):
    click.echo(f"kiemtra: {message}", err=True)
    sys.exit(code)


def _queue_url(given: str | None) -> str:
    url = given or current_app.config.get("QUEUE")
    if not url:
        _fail(NO_QUEUE, 2)
    return url


def _unavailable(exc) -> None:
    _fail(f"không dùng được hàng đợi PostgreSQL {exc.url}: {exc.reason}. Kiểm tra PostgreSQL rồi chạy lại "
          "đúng lệnh đó: việc đã xong được giữ lại, tệp đang chờ không bị xếp hai lần.", 4)


def _index_opener():
    """A function that opens the app's index (one connection per worker thread), refusing SQLite."""
    from search import open_backend

    cfg = current_app.config
    url = str(cfg["INDEX"])
    if url.startswith("sqlite:"):
        _fail(SQLITE_REFUSED, 2)
    options = {k[3:].lower(): cfg.get(k) for k in ("ES_API_KEY", "ES_USER", "ES_PASSWORD", "ES_CA_CERTS",
                                                     "ES_TIMEOUT", "ES_INDEX") if cfg.get(k) is not None}
    return lambda: open_backend(url, **options)


def enqueue(queue_url: str | None, paths, *, retry_failed: bool, progress: bool | None) -> None:
    """``kiemtra ingest --queue``: walk and queue, or (no PATH) queue the failed files again."""
    from pipeline.queue import QueueUnavailable, enqueue as enqueue_paths, retry_failed as retry

    url = _queue_url(queue_url)
    try:
        if not paths:
            if not retry_failed:
                _fail("cần ít nhất một PATH (hoặc --retry-failed để thử lại các tệp lỗi)", 2)
            n = retry(url)
            click.echo(f"Đã xếp lại {n} tệp lỗi vào hàng đợi.")
            return
        show = sys.stderr.isatty() if progress is None else progress
        from tqdm import tqdm

        with tqdm(disable=not show, unit=" tệp", desc="Xếp hàng", file=sys.stderr) as bar:
            done = enqueue_paths(url, [str(p) for p in paths], progress=bar.update)
    except QueueUnavailable as exc:
        _unavailable(exc)
    rate = done.files / done.seconds if done.seconds else 0.0
    click.echo(f"Lô {done.batch}: đã xếp {done.files} tệp vào hàng đợi"
               + (f", {done.already} tệp đang chờ sẵn (không xếp hai lần)" if done.already else "")
               + f" ({done.seconds:.1f} giây, {rate:.0f} tệp/giây). Theo dõi: `kiemtra status`; "
               "các máy đọc tệp: `kiemtra worker`.")


@click.command("worker")
@click.option("--queue", "queue_url", metavar="URL")
@click.option("-c", "--concurrency", type=click.IntRange(1), default=None)
@click.option("--only", "only", type=click.Choice(["text", "ocr"]), default=None)
@click.option("--name", default=None)
@click.option("--time-limit", type=click.FloatRange(1), default=300, show_default=True)
@click.option("--memory-limit", type=click.IntRange(64), default=2048, show_default=True)
@click.option("--stalled-after", type=click.FloatRange(2), default=30, show_default=True)
@click.option("-v", "--verbose", is_flag=True)
@with_appcontext
def worker_command(queue_url, concurrency, only, name, time_limit, memory_limit, stalled_after, verbose):
    """Take files from the queue, read and extract them, write the shared index (Elasticsearch).

    Runs until stopped (Ctrl-C or SIGTERM finish the files being read). Start one on every machine
    that sees the shared folder; `kiemtra status` lists them.
    """
    from pipeline.queue import QUEUES, QueueUnavailable, run_worker
    from search import IndexUnavailable

    url = _queue_url(queue_url)
    opener = _index_opener()
    _logging(verbose)
    concurrency = concurrency or os.cpu_count() or 1
    queues = [QUEUES[only]] if only else list(QUEUES.values())
    click.echo(f"kiemtra worker: {concurrency} tệp cùng lúc, hàng đợi {', '.join(queues)}, "
               f"chỉ mục {current_app.config['INDEX']}", err=True)
    try:
        run_worker(url, opener, concurrency=concurrency, queues=queues, name=name, time_limit=time_limit,
                   memory_limit_mb=memory_limit, stalled_after=stalled_after)
    except QueueUnavailable as exc:
        _unavailable(exc)
    except IndexUnavailable as exc:
        _fail(f"không mở được chỉ mục: {exc.reason}", 3)
    click.echo("kiemtra worker: đã dừng.", err=True)


class _OneLine(logging.Formatter):
    """Warnings of the worker loop as one line each: what happened, not the traceback (``-v`` shows it)."""

    def format(self, record: logging.LogRecord) -> str:
        return f"kiemtra worker: {record.levelname.lower()}: {record.getMessage()}"


def _logging(verbose: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s") if verbose
                         else _OneLine())
    for name in ("procrastinate", "kiemtra", "asyncio"):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.setLevel(logging.INFO if verbose else logging.WARNING)
        logger.propagate = False
    # the connection pools retry in the background and say so at every try: the worker's own message
    # says it once
    logging.getLogger("psycopg").setLevel(logging.DEBUG if verbose else logging.CRITICAL)


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    seconds = int(seconds)
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h} giờ {m:02d} phút" if h else (f"{m} phút {s:02d} giây" if m else f"{s} giây")


@click.command("status")
@click.option("--queue", "queue_url", metavar="URL")
@click.option("--json", "as_json", is_flag=True)
@click.option("--retry-failed", is_flag=True)
@with_appcontext
def status_command(queue_url, as_json, retry_failed):
    """Show the queue: batches with counts per state, rate, ETA, workers seen, failures."""
    from pipeline.queue import STATES, QueueUnavailable, queue_status, retry_failed as retry

    url = _queue_url(queue_url)
    try:
        if retry_failed:
            click.echo(f"Đã xếp lại {retry(url)} tệp lỗi.", err=True)
        st = queue_status(url)
    except QueueUnavailable as exc:
        _unavailable(exc)
    if as_json:
        click.echo(json.dumps(st.to_json(), ensure_ascii=False))
        return
    if not st.batches:
        click.echo("Hàng đợi chưa có lô nào (`kiemtra ingest --queue URL PATH` để xếp tệp).")
    for b in st.batches:
        counts = ", ".join(f"{STATE_LABELS[s]} {b.counts.get(s, 0)}" for s in STATES)
        click.secho(f"Lô {b.id} ({b.created}, {b.host}): {', '.join(b.paths)}", bold=True)
        click.echo(f"  {b.total} tệp: {counts}" + ("" if b.enqueued else " — việc xếp hàng chưa xong"))
        if b.already:
            click.echo(f"  {b.already} tệp đã chờ sẵn trong lô khác")
        click.echo(f"  tốc độ {b.rate:.1f} tệp/giây, còn lại {b.left} tệp, dự kiến xong sau "
                   f"{_duration(b.eta_seconds)}")
    alive = [w for w in st.workers if w.alive]
    click.echo(f"\nWorker đang chạy: {len(alive)}")
    for w in st.workers:
        click.echo(f"  {w.name} ({w.host}, {w.concurrency} tệp cùng lúc, {w.queues}): {w.files} tệp, "
                   + ("đang chạy" if w.alive else f"không thấy từ {_duration(w.seconds_since_seen)} trước"))
    if st.failures_total:
        click.echo(f"\nTệp lỗi: {st.failures_total}")
        for f in st.failures:
            click.echo(f"  lô {f.batch}  {f.source}\t{f.code}: {f.reason}")
        click.echo("Thử lại: `kiemtra status --retry-failed` hoặc `kiemtra ingest --queue URL --retry-failed`.")


def register(cli) -> None:
    cli.add_command(worker_command)
    cli.add_command(status_command)

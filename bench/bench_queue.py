"""Benchmark of ingest through the queue (not a test).

    .venv/bin/python bench/bench_queue.py [--files 1000] [--es-url http://127.0.0.1:9200]
                                          [--queue postgresql://...] [--rounds 1] [--no-throughput]

On one mixed archive (``bench_ingest.generate``: txt in three encodings, HTML, DOCX, PDF, zips,
copies, a few .doc), each run into a fresh Elasticsearch index (deleted afterwards):

- ``kiemtra ingest ARCHIVE --jobs 2``: the one-machine batch, the reference;
- the queue with the same parallelism: ``kiemtra ingest --queue`` and one ``kiemtra worker -c 2``;
  its overhead per file is (queue time - batch time) / files, in wall-clock time and in the CPU time
  of the commands' process trees (Elasticsearch's and PostgreSQL's not counted); with ``--rounds``
  the two run in turn, the first of each pair alternating, and the medians of the pairs are printed;
- throughput with one worker (``-c 1``) and with two workers (``-c 1`` each) on this machine.

Times run from the start of the command(s) to the last file finished, worker start-up (models
loaded once per worker) included, as the batch's own start-up is. Without ``--queue`` a throwaway
PostgreSQL is started in a temporary folder (as the tests do) and each run gets a fresh database.
"""
from __future__ import annotations

import argparse
import os
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
for p in (str(ROOT), str(ROOT / "bench")):
    if p not in sys.path:
        sys.path.insert(0, p)

from bench_ingest import generate  # noqa: E402

KIEMTRA = Path(sys.executable).parent / "kiemtra"


def _children_cpu() -> float:
    """CPU seconds of the finished child processes (and theirs): the commands' process trees."""
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def _drop(es_url: str, index: str) -> None:
    from search.elastic import ElasticsearchBackend

    es = ElasticsearchBackend(es_url, index=index)
    es.drop()
    es.close()


def batch(archive: Path, es_url: str, jobs: int) -> tuple[float, int]:
    index = f"kiemtra-bench-q-{uuid.uuid4().hex[:8]}"
    env = dict(os.environ, KIEMTRA_INDEX=es_url, KIEMTRA_ES_INDEX=index)
    started = time.perf_counter()
    proc = subprocess.run([str(KIEMTRA), "ingest", str(archive), "--jobs", str(jobs), "--no-progress"], env=env,
                          capture_output=True, text=True)
    seconds = time.perf_counter() - started
    from search.elastic import ElasticsearchBackend

    es = ElasticsearchBackend(es_url, index=index)
    files = len([f for f in es.files() if f.status != "root"])
    es.drop()
    es.close()
    if proc.returncode not in (0,) and proc.returncode > 100:
        print(proc.stderr[-3000:], file=sys.stderr)
    return seconds, files


def queued(archive: Path, es_url: str, queue_url: str, workers: list[int]) -> tuple[float, float, int]:
    """(seconds to the last file finished, seconds to enqueue, files) with one worker per entry of
    ``workers`` (its concurrency)."""
    from pipeline.queue import queue_status

    index = f"kiemtra-bench-q-{uuid.uuid4().hex[:8]}"
    env = dict(os.environ, KIEMTRA_INDEX=es_url, KIEMTRA_ES_INDEX=index)
    started = time.perf_counter()
    procs = [subprocess.Popen([str(KIEMTRA), "worker", "--queue", queue_url, "-c", str(c), "--name", f"bench-{i}"],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
             for i, c in enumerate(workers)]
    try:
        enq = subprocess.run([str(KIEMTRA), "ingest", "--queue", queue_url, str(archive), "--no-progress"], env=env,
                             capture_output=True, text=True, check=True)
        enqueue_seconds = time.perf_counter() - started
        assert "Lô" in enq.stdout, enq.stdout
        while True:
            st = queue_status(queue_url)
            b = st.batches[0]
            if b.enqueued and b.left == 0:
                break
            for p in procs:
                if p.poll() is not None:
                    raise RuntimeError(f"worker ended: {p.stderr.read()[-3000:]}")
            time.sleep(0.2)
        seconds = time.perf_counter() - started
        files = b.total
    finally:
        for p in procs:
            p.send_signal(signal.SIGTERM)
        for p in procs:
            p.wait(60)
        _drop(es_url, index)
    return seconds, enqueue_seconds, files


def ocr_seconds_per_page(pages: int = 3) -> float | None:
    """CPU seconds Tesseract takes per scanned A4 page (300 dpi), one core: the OCR cost per page."""
    from ingest import ocr, read_bytes
    from tests.ingest.builders import PLAN, VIET, scanned_pdf

    if not ocr.available():
        return None
    data = scanned_pdf([["BÁO CÁO KẾT QUẢ KIỂM TRA", PLAN, VIET, VIET, PLAN]] * pages)
    cpu0 = os.times()
    read_bytes(data, "scan.pdf")
    cpu1 = os.times()
    used = (cpu1.user - cpu0.user) + (cpu1.system - cpu0.system)
    used += (cpu1.children_user - cpu0.children_user) + (cpu1.children_system - cpu0.children_system)
    return used / pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--es-url", default=os.environ.get("KIEMTRA_ES_URL", "http://127.0.0.1:9200"))
    parser.add_argument("--queue", default=None, help="a PostgreSQL server URL (a database is created per run)")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--no-throughput", action="store_true",
                        help="only the batch and the queue in pairs (no runs with one and two workers)")
    args = parser.parse_args()

    server = None
    if args.queue is None:
        from tests.queue.conftest import PostgresServer, _pg_bin

        server = PostgresServer(_pg_bin())
        server.start()

    def fresh() -> str:
        if server is not None:
            return server.fresh_database()
        import psycopg

        name = f"kiemtra_bench_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(args.queue, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return args.queue.rsplit("/", 1)[0] + "/" + name

    try:
        with tempfile.TemporaryDirectory() as tmp:
            archive = Path(tmp) / "kho"
            counts = generate(archive, args.files)
            print(f"archive: {args.files} files {counts}", flush=True)
            per_page = ocr_seconds_per_page()
            if per_page is not None:
                print(f"OCR: {per_page:.2f} CPU-seconds per scanned A4 page (Tesseract, one core)", flush=True)
            pairs: list[tuple[float, float]] = []
            cpu_pairs: list[tuple[float, float]] = []
            for r in range(args.rounds):
                # the batch and the queue in turn, the first of the pair alternating between rounds
                def run_batch():
                    c0 = _children_cpu()
                    out = batch(archive, args.es_url, 2)
                    return (*out, _children_cpu() - c0)

                def run_queue():
                    c0 = _children_cpu()
                    out = queued(archive, args.es_url, fresh(), [2])
                    return (*out, _children_cpu() - c0)

                if r % 2 == 0:
                    b_s, b_files, b_cpu = run_batch()
                    q_s, q_enq, q_files, q_cpu = run_queue()
                else:
                    q_s, q_enq, q_files, q_cpu = run_queue()
                    b_s, b_files, b_cpu = run_batch()
                pairs.append((b_s, q_s))
                cpu_pairs.append((b_cpu, q_cpu))
                print(f"round {r + 1} (load average {os.getloadavg()[0]:.1f}):")
                print(f"  kiemtra ingest --jobs 2:          {b_s:7.1f} s  {b_files / b_s:6.1f} files/s ({b_files} files; "
                      f"{b_cpu:.1f} CPU-s)")
                print(f"  queue, 1 worker -c 2:             {q_s:7.1f} s  {q_files / q_s:6.1f} files/s ({q_files} files; "
                      f"{q_cpu:.1f} CPU-s; enqueue {q_enq:.1f} s = {q_files / q_enq:.0f} files/s)")
                print(f"  queue overhead per file:          {(q_s - b_s) / q_files * 1000:+7.1f} ms "
                      f"({(q_s / b_s - 1) * 100:+.1f}% of the batch's time); CPU {(q_cpu - b_cpu) / q_files * 1000:+.1f} "
                      f"ms per file ({(q_cpu / b_cpu - 1) * 100:+.1f}%)", flush=True)
                if args.no_throughput:
                    continue
                one_s, _, one_files = queued(archive, args.es_url, fresh(), [1])
                two_s, _, two_files = queued(archive, args.es_url, fresh(), [1, 1])
                print(f"  queue, 1 worker -c 1:             {one_s:7.1f} s  {one_files / one_s:6.1f} files/s")
                print(f"  queue, 2 workers -c 1 each:       {two_s:7.1f} s  {two_files / two_s:6.1f} files/s "
                      f"({one_s / two_s:.2f}x one worker)", flush=True)
            if len(pairs) > 1:
                b_med = statistics.median(b for b, _ in pairs)
                q_med = statistics.median(q for _, q in pairs)
                ratios = sorted(q / b for b, q in pairs)
                print(f"medians of {len(pairs)} rounds: batch {b_med:.1f} s, queue {q_med:.1f} s: "
                      f"{(q_med / b_med - 1) * 100:+.1f}%; median of the pair ratios "
                      f"{(statistics.median(ratios) - 1) * 100:+.1f}% (pairs: "
                      + ", ".join(f"{(x - 1) * 100:+.0f}%" for x in ratios) + ")", flush=True)
                cpu_ratios = sorted(q / b for b, q in cpu_pairs)
                print(f"CPU of the commands' process trees (not Elasticsearch's nor PostgreSQL's): median of the "
                      f"pair ratios {(statistics.median(cpu_ratios) - 1) * 100:+.1f}% (pairs: "
                      + ", ".join(f"{(x - 1) * 100:+.0f}%" for x in cpu_ratios) + ")", flush=True)
    finally:
        if server is not None:
            server.destroy()


if __name__ == "__main__":
    main()

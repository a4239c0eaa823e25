"""Benchmark of the search page and the JSON API on the SQLite default (not a test).

    .venv/bin/python bench/bench_web.py [--n 100000] [--repeat 30] [--writes 10]

Indexes N synthetic inspection reports (the generator of bench_elastic.py) into a fresh SQLite index,
serves it with `kiemtra serve` (waitress) on loopback, and reports p50/p95 latency over HTTP of the
search page (`/`), the findings page, the statistics page and `/api/search`, `/api/findings`,
`/api/stats` for a fixed set of queries, beside the reference: the bare FTS5 MATCH count for the same
query's words, timed in this process on the same file. Targets: p95 < 200 ms for a page, < 100 ms for
the API. Then, as during an ingest, this process writes 50 more records ``--writes`` times while the
server runs, and reports the server's first search page after each write (it patches its columns
with what the write changed) and the one after it.
"""
from __future__ import annotations

import argparse
import http.client
import os
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from bench_elastic import QUERIES, SORTS, synthetic_records  # noqa: E402

from search import open_backend, parse  # noqa: E402
from search.sqlite import _fts_expr  # noqa: E402

ENDPOINTS = [("page /", "/", "page"), ("page /findings", "/findings", "page"), ("page /stats", "/stats", "page"),
             ("api /api/search", "/api/search", "api"), ("api /api/findings", "/api/findings", "api"),
             ("api /api/stats", "/api/stats", "api")]


def pct(xs):
    xs = sorted(xs)
    return statistics.median(xs), xs[min(len(xs) - 1, int(round(0.95 * (len(xs) - 1))))]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=30)
    ap.add_argument("--writes", type=int, default=10, help="writes of 50 records while searching (default 10)")
    args = ap.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="kiemtra-bench-web-"))
    db = tmp / "index.db"
    backend = open_backend(f"sqlite:///{db}")
    t = time.perf_counter()
    records = synthetic_records(args.n)
    gen = time.perf_counter() - t
    t = time.perf_counter()
    for i in range(0, len(records), 1000):
        backend.upsert(records[i:i + 1000])
    index_s = time.perf_counter() - t
    backend.close()
    del records
    print(f"{args.n} records generated in {gen:.1f} s, indexed into SQLite in {index_s:.1f} s "
          f"({args.n / index_s:.0f} records/s); index {db.stat().st_size / 2**20:.0f} MiB")

    # reference: the bare engine, the words of each query through FTS5, in this process
    conn = sqlite3.connect(db)
    ref = []
    for q in QUERIES:
        expr = _fts_expr(parse(q).positive_terms)
        if not expr:
            continue
        for _ in range(args.repeat):
            t = time.perf_counter()
            conn.execute("SELECT count(*) FROM docs_fts WHERE docs_fts MATCH ?", (expr,)).fetchone()
            ref.append((time.perf_counter() - t) * 1000)
    conn.close()
    ref50, ref95 = pct(ref)

    port = free_port()
    env = {**os.environ, "KIEMTRA_INDEX": f"sqlite:///{db}"}
    server = subprocess.Popen([str(Path(sys.executable).parent / "kiemtra"), "serve", "--port", str(port),
                               "--threads", "4"], env=env, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.2)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        rows, by_kind = [], {"page": [], "api": []}
        for label, path, kind in ENDPOINTS:
            times = []
            for q in QUERIES:
                params = {"q": q}
                if SORTS.get(q):
                    params["sort"] = SORTS[q]
                if path.endswith("stats"):
                    params["indicator"] = "đoàn viên ưu tú"
                url = path + "?" + urlencode(params)
                for i in range(args.repeat + 1):
                    t = time.perf_counter()
                    conn.request("GET", url)
                    resp = conn.getresponse()
                    resp.read()
                    ms = (time.perf_counter() - t) * 1000
                    assert resp.status == 200, (url, resp.status)
                    if i:  # the first request warms the caches
                        times.append(ms)
            p50, p95 = pct(times)
            rows.append((label, p50, p95))
            by_kind[kind] += times

        # searching while a batch ingests: the server's first request after each write of 50
        # records (the filter/sort columns are patched with what changed), then the same again
        writer = open_backend(f"sqlite:///{db}")
        fresh = synthetic_records(args.writes * 50, seed=99)
        url = "/?" + urlencode({"q": QUERIES[1]})
        after_write, again = [], []
        for i in range(args.writes):
            writer.upsert(fresh[i * 50:(i + 1) * 50])
            for out in (after_write, again):
                t = time.perf_counter()
                conn.request("GET", url)
                resp = conn.getresponse()
                resp.read()
                out.append((time.perf_counter() - t) * 1000)
                assert resp.status == 200, (url, resp.status)
        writer.close()
    finally:
        server.terminate()
        server.wait()
    print(f"\n{len(QUERIES)} queries × {args.repeat} repeats each, over HTTP on loopback, {args.n} records")
    print(f"{'endpoint':22} {'p50 ms':>8} {'p95 ms':>8} {'p50 / FTS5 p50':>15}")
    for label, p50, p95 in rows:
        print(f"{label:22} {p50:8.1f} {p95:8.1f} {p50 / ref50:14.1f}×")
    print(f"{'reference: bare FTS5':22} {ref50:8.2f} {ref95:8.2f} {'1.0':>14}×")
    print(f"\npage `/?q={QUERIES[1]}` during an ingest ({args.writes} writes of 50 records): first request "
          f"after a write p50 {statistics.median(after_write):.1f} ms, max {max(after_write):.1f} ms; the next "
          f"one p50 {statistics.median(again):.1f} ms")
    for kind, target in (("page", 200), ("api", 100)):
        p50, p95 = pct(by_kind[kind])
        print(f"all {kind}s: p50 {p50:.1f} ms, p95 {p95:.1f} ms (target p95 < {target} ms): "
              f"{'met' if p95 < target else 'NOT met'}")


if __name__ == "__main__":
    main()

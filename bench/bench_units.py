"""Timing of unit name suggestions and unit pages, on the SQLite default or Elasticsearch (not a test).

    .venv/bin/python bench/bench_units.py [--n 100000] [--repeat 30] [--index FILE]
    .venv/bin/python bench/bench_units.py --es http://127.0.0.1:9200 [--n 100000] [--repeat 30]
    .venv/bin/python bench/bench_units.py --es [--n 100000]      # the node in KIEMTRA_ES_URL

Indexes N synthetic inspection reports (``tests.search.synthetic``, as bench_web.py does) into a
fresh SQLite index (or into ``--index``, kept for the next runs) and reports p50/p95 latency,
through the Flask app in process, of ``/api/units/suggest`` for names typed in part and without
diacritics (as each key pressed in the search box asks it), and of the unit page (``/don-vi``,
``repeat`` times each, after a first request) of units with many documents: under a name before
the 2025 merger and under its name after, a province body and a district. Targets (README): p95 <
100 ms for the API, < 200 ms for a page.

With ``--es`` the same records go into a fresh index of that Elasticsearch node, under a name of
their own, written with the product's ``upsert`` (as bench_elastic.py does) and timed once the node
has merged what the load wrote; the same requests are timed twice: as the index is configured
(repeated aggregation-only requests come from its shard request cache) and with that cache off
(every request computed). The index is deleted at the end.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT)]

from search import open_backend  # noqa: E402
from tests.search.synthetic import synthetic_records  # noqa: E402
from web import create_app  # noqa: E402

TYPED = ["ha", "huyen doan", "doan thanh", "ninh binh", "tinh doan ha nam", "yen khanh", "doan xa", "tra vinh",
         "quang nam", "can tho"]
# Sóc Trăng merged into Cần Thơ: one page under either name; Ninh Bình kept its name; a district
PAGES = ["Tỉnh đoàn Sóc Trăng", "Thành đoàn Cần Thơ", "Tỉnh đoàn Ninh Bình", "Huyện đoàn Yên Khánh"]


def pct(xs):
    xs = sorted(xs)
    return statistics.median(xs) * 1000, xs[min(len(xs) - 1, int(round(0.95 * (len(xs) - 1))))] * 1000


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=30)
    ap.add_argument("--index", type=Path, help="an SQLite index file to keep: indexed when it holds fewer "
                                               "than N records, else timed as it is (the next runs skip indexing)")
    ap.add_argument("--es", nargs="?", const=os.environ.get("KIEMTRA_ES_URL"), metavar="URL",
                    help="time an Elasticsearch node instead (without URL: KIEMTRA_ES_URL); the records go "
                         "into a fresh index of their own, deleted at the end")
    args = ap.parse_args(argv)
    if "--es" in (sys.argv[1:] if argv is None else argv) and not args.es:
        ap.error("--es needs a URL, or KIEMTRA_ES_URL set")
    if args.es and args.index:
        ap.error("--index is an SQLite file; with --es the index is made and deleted by each run")
    tmp = Path(tempfile.mkdtemp(prefix="kiemtra-bench-units-"))
    try:
        if args.es:
            _elasticsearch(args, tmp)
        else:
            _sqlite(args, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)      # the files made here (not an index given with --index)


def _sqlite(args, tmp: Path) -> None:
    url = f"sqlite:///{args.index or tmp / 'index.db'}"
    start = time.perf_counter()
    backend = open_backend(url)
    if backend.count() < args.n:
        records = synthetic_records(args.n)
        for i in range(0, len(records), 5000):
            backend.upsert(records[i:i + 5000], refresh=False)
        backend.refresh()
        print(f"indexed {backend.count()} records in {time.perf_counter() - start:.0f} s")
    else:
        print(f"{backend.count()} records already indexed in {args.index}")
    backend.close()
    app = create_app({"INDEX": url, "SECRET_KEY": "bench", "STORAGE": str(tmp / "files")})
    _time(app.test_client(), args.repeat)


def _elasticsearch(args, tmp: Path) -> None:
    from bench.bench_elastic import _settle
    from search.elastic import ElasticsearchBackend

    name = f"kiemtra-bench-units-{uuid.uuid4().hex[:8]}"
    backend = ElasticsearchBackend(args.es, index=name)
    app = None
    try:
        records = synthetic_records(args.n)
        start = time.perf_counter()
        backend.upsert(records)          # in batches of chunk_size, one refresh at the end
        took = time.perf_counter() - start
        del records
        assert backend.count() == args.n, backend.count()
        settled = _settle(backend)
        print(f"indexed {args.n} records into {name} at {args.es} in {took:.0f} s "
              f"({args.n / took:,.0f} records/s); the node's merges done {settled:.0f} s later")
        app = create_app({"INDEX": args.es, "ES_INDEX": name, "SECRET_KEY": "bench",
                          "STORAGE": str(tmp / "files")})
        print("-- as configured (shard request cache on)")
        _time(app.test_client(), args.repeat)
        backend.client.indices.put_settings(index=[backend.alias, backend.findings_alias],
                                            settings={"index.requests.cache.enable": False})
        print("-- shard request cache off (every request computed)")
        _time(app.test_client(), args.repeat)
    finally:
        if app is not None and "kiemtra.backend" in app.extensions:
            app.extensions["kiemtra.backend"].close()
        backend.drop()
        backend.close()
        print(f"deleted {name}")


def _time(client, repeat: int) -> None:
    """p50/p95 of the suggestions API and of the unit pages, through the app ``client``."""
    client.get("/api/units/suggest?q=ha")      # the columns and the place tables read once
    times = []
    for _ in range(repeat):
        for typed in TYPED:
            t = time.perf_counter()
            r = client.get("/api/units/suggest", query_string={"q": typed})
            times.append(time.perf_counter() - t)
            assert r.status_code == 200
    p50, p95 = pct(times)
    print(f"/api/units/suggest  p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  ({len(times)} requests)")
    every = []
    for name in PAGES:
        first = time.perf_counter()
        r = client.get("/don-vi", query_string={"ten": name})
        first = time.perf_counter() - first
        times = []
        for _ in range(max(3, repeat)):
            t = time.perf_counter()
            assert client.get("/don-vi", query_string={"ten": name}).status_code == 200
            times.append(time.perf_counter() - t)
        every += times
        p50, p95 = pct(times)
        print(f"/don-vi {name:22} {r.status_code}  first {first * 1000:6.1f} ms  p50 {p50:6.1f} ms  p95 {p95:6.1f} ms")
    p50, p95 = pct(every)
    print(f"/don-vi (every page)  p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  ({len(every)} requests)")


if __name__ == "__main__":
    main()

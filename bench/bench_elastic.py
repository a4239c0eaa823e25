"""Benchmark of the Elasticsearch backend (not a test).

    .venv/bin/python bench/bench_elastic.py [--n 100000] [--es-url http://127.0.0.1:9200] [--repeat 20]
    .venv/bin/python bench/bench_elastic.py --sqlite-only [--n 100000]     # the SQLite latency alone

Indexes N synthetic inspection reports (built from Vietnamese sentence pieces) and reports
- kiemtra's Elasticsearch indexing throughput, and the same as a ratio to a bare ``helpers.bulk`` of
  the very same JSON into an index with the same mapping, on the same node in the same run
  (``--rounds`` runs of each, alternated; the median ratio of the pairs and every run);
- SQLite's indexing throughput, for scale (the index opened as ``kiemtra serve`` opens it: BM25 of
  large result sets in two processes);
- search latency p50/p95 (kiemtra ``search()``: query, facets, snippets; findings; statistics) over
  a fixed set of queries on both backends; Elasticsearch as soon as the upsert returned (while the
  node merges what the load wrote), then once its merges are done: as configured (repeated
  aggregation-only requests come from its shard request cache) and with that cache off (every
  request computed);
- ``reindex()`` of the N documents (copy into a new index, alias swap), with a search loop
  running beside it: searches answered and failed during it.
Without ``--es-url`` (or ``KIEMTRA_ES_URL``) it starts a node with scripts/elasticsearch.sh (name
``bench``) and stops and deletes it at the end.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.search.synthetic import synthetic_records  # noqa: E402 - shared with the search tests

QUERIES = [
    "kiem tra",
    "đoàn viên ưu tú",
    '"phan mem quan ly doan vien"',
    "sinh hoat chi doan -phan",
    "yen khanh",
    'unit:"Huyện đoàn Tiểu Cần"',
    "kind:limitation year:2023",
    "ref:120-KH/TĐTN-KT",
    "giam sat from:2021-01 to:2022-06",
    "doan phi format:pdf",
]
SORTS = {"kiem tra": "-date"}


def _percentiles(xs: list[float]) -> tuple[float, float]:
    xs = sorted(xs)
    return statistics.median(xs), xs[min(len(xs) - 1, int(round(0.95 * (len(xs) - 1))))]


OTHER = {  # label -> call, for the findings and statistics pages
    "findings: `quan ly doan vien kind:limitation`": lambda b, parse: b.search_findings(
        parse("quan ly doan vien kind:limitation")),
    "stats: `year:2023`, indicator `doan vien uu tu`": lambda b, parse: b.stats(
        parse("year:2023"), indicator="doan vien uu tu"),
}


def _latency(backend, repeat: int) -> dict[str, list[float]]:
    from search import parse

    calls = {f"`{q}`" + (f" ({SORTS[q]})" if q in SORTS else ""):
             (lambda b, parse, q=q: b.search(parse(q, sort=SORTS.get(q)))) for q in QUERIES}
    out: dict[str, list[float]] = {}
    for label, call in {**calls, **OTHER}.items():
        call(backend, parse)  # warm
        times = []
        for _ in range(repeat):
            t = time.perf_counter()
            call(backend, parse)
            times.append((time.perf_counter() - t) * 1000)
        out[label] = times
    return out


def _uncached_latency(es, repeat: int) -> dict[str, list[float]]:
    """``_latency`` with the index's shard request cache off."""
    es.client.indices.put_settings(index=es.alias, settings={"index.requests.cache.enable": False})
    try:
        return _latency(es, repeat)
    finally:
        es.client.indices.put_settings(index=es.alias, settings={"index.requests.cache.enable": None})


def _reindex_under_load(es) -> dict:
    """``es.reindex()`` while another client searches in a loop."""
    import threading

    from search import parse
    from search.elastic import ElasticsearchBackend

    reader = ElasticsearchBackend(es.url, index=es.alias)
    q = parse("kiem tra", sort="-date")
    want = reader.search(q).total
    counts = {"searches": 0, "failed": 0, "wrong": 0}
    stop = threading.Event()

    def loop():
        while not stop.is_set():
            try:
                counts["wrong"] += reader.search(q).total != want
                counts["searches"] += 1
            except Exception:  # noqa: BLE001 - counted, that is the measurement
                counts["failed"] += 1

    thread = threading.Thread(target=loop)
    thread.start()
    try:
        t = time.perf_counter()
        es.reindex()
        counts["seconds"] = time.perf_counter() - t
    finally:
        stop.set()
        thread.join()
        reader.close()
    return counts


def _settle(es, limit: float = 300.0) -> float:
    """Wait until the node runs no merge on kiemtra's indices (a bulk load leaves many segments,
    which it merges in the background for a while); the seconds waited."""
    t = time.perf_counter()
    while time.perf_counter() - t < limit:
        stats = es.client.indices.stats(index=[es.alias, es.findings_alias], metric="merge")
        if stats["_all"]["total"]["merges"]["current"] == 0:
            break
        time.sleep(0.5)
    return time.perf_counter() - t


def _sqlite_as_served(path: str, records) -> tuple[object, float]:
    """A SQLite index of ``records`` opened as ``kiemtra serve`` opens it (BM25 of large result sets
    in two processes), its second process ready; and the seconds the upsert took."""
    from search import open_backend, parse

    sq = open_backend(f"sqlite:///{path}", rank_process=True)
    t = time.perf_counter()
    sq.upsert(records)
    took = time.perf_counter() - t
    sq.search(parse("kiem tra"))
    deadline = time.monotonic() + 60
    while sq._ranker is not None and not sq._ranker._started() and time.monotonic() < deadline:
        time.sleep(0.05)
    return sq, took


def _sqlite_only(args) -> None:
    """``--sqlite-only``: the SQLite latency table alone (no node)."""
    records = synthetic_records(args.n, args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        sq, took = _sqlite_as_served(f"{tmp}/bench.db", records)
        del records
        lat = _latency(sq, args.repeat)
        sq.close()
    print(f"SQLite: {args.n} records indexed in {took:.1f} s; latency over {args.repeat} runs each, ms, "
          "p50 / p95 (search: query + facets + snippets, 20 hits)")
    print()
    print("| query | SQLite |")
    print("|---|---:|")
    cell = lambda xs: "{:.1f} / {:.1f}".format(*_percentiles(xs))  # noqa: E731
    for label, xs in lat.items():
        print(f"| {label} | {cell(xs)} |")
    print(f"| **all of the above** | {cell([x for v in lat.values() for x in v])} |")


def _start_node() -> str:
    proc = subprocess.run(["bash", str(ROOT / "scripts" / "elasticsearch.sh"), "start", "--name", "bench"],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"could not start Elasticsearch:\n{proc.stderr}")
    return proc.stdout.strip().splitlines()[-1]


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=100_000, help="records to index (default 100000)")
    ap.add_argument("--es-url", default=os.environ.get("KIEMTRA_ES_URL"), help="an Elasticsearch to use")
    ap.add_argument("--repeat", type=int, default=20, help="runs of each query (default 20)")
    ap.add_argument("--rounds", type=int, default=3, help="indexing runs of each kind, alternated (default 3)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--sqlite-only", action="store_true", help="only the SQLite latency (no Elasticsearch)")
    args = ap.parse_args(argv)
    if args.sqlite_only:
        return _sqlite_only(args)

    from elasticsearch import helpers

    from search.elastic import ElasticsearchBackend, document, finding_documents

    started = not args.es_url
    url = args.es_url or _start_node()
    tag = uuid.uuid4().hex[:8]
    t = time.perf_counter()
    records = synthetic_records(args.n, args.seed)
    gen_s = time.perf_counter() - t
    mb = sum(len(r.text.encode()) for r in records) / 1e6
    print(f"{args.n} synthetic records, {mb:.1f} MB of text, generated in {gen_s:.1f}s; Elasticsearch at {url}")
    backends = []
    try:
        # warm the node's JIT so neither measured run pays for it
        warm = ElasticsearchBackend(url, index=f"kiemtra-bench-warm-{tag}")
        backends.append(warm)
        warm.upsert(records[:2000])
        warm.drop()

        # the same JSON kiemtra writes (each document and its findings), for a bare helpers.bulk
        prebuilt = []
        for i, r in enumerate(records, 1):
            doc = document(r, i)
            prebuilt.append((r.doc_id, doc, finding_documents(doc)))

        def bare_run() -> float:
            bare = ElasticsearchBackend(url, index=f"kiemtra-bench-bare-{uuid.uuid4().hex[:8]}")
            backends.append(bare)
            actions = [a for doc_id, doc, findings in prebuilt for a in (
                {"_index": bare.alias, "_id": doc_id, "_source": doc},
                *({"_index": bare.findings_alias, "_id": fid, "_source": f} for fid, f in findings))]
            t = time.perf_counter()
            ok, _ = helpers.bulk(bare.client, actions, chunk_size=bare.chunk_size,
                                 max_chunk_bytes=bare.max_chunk_bytes)
            bare.refresh()
            took = time.perf_counter() - t
            assert ok == len(actions), ok
            bare.drop()
            return took

        loaded_at = [0.0]

        def kiemtra_run(keep: bool) -> tuple[float, ElasticsearchBackend]:
            es = ElasticsearchBackend(url, index=f"kiemtra-bench-{uuid.uuid4().hex[:8]}")
            backends.append(es)
            t = time.perf_counter()
            es.upsert(records)
            loaded_at[0] = time.perf_counter()
            took = loaded_at[0] - t
            assert es.count() == args.n
            if not keep:
                es.drop()
            return took, es

        # alternate the two, so neither gains from running second (merges, caches, JIT); the last
        # run is kiemtra's, whose index is kept for the latency measurements
        bare_times, es_times = [], []
        for r in range(args.rounds):
            if r % 2 == 0 or r == args.rounds - 1:
                bare_times.append(bare_run())
                took, es = kiemtra_run(keep=r == args.rounds - 1)
            else:
                took, es = kiemtra_run(keep=r == args.rounds - 1)
                bare_times.append(bare_run())
            es_times.append(took)
        prebuilt.clear()      # the bare run's documents: memory for the latency part
        ratios = [b / e for b, e in zip(bare_times, es_times)]
        bare_s, es_s = statistics.median(bare_times), statistics.median(es_times)

        lat = {"just after": _latency(es, args.repeat)}  # while the node merges what the load wrote
        _settle(es)
        settle_s = time.perf_counter() - loaded_at[0]
        with tempfile.TemporaryDirectory() as tmp:
            sq, sq_s = _sqlite_as_served(f"{tmp}/bench.db", records)
            lat["sqlite"] = _latency(sq, args.repeat)
            _settle(es)
            lat["elasticsearch"] = _latency(es, args.repeat)
            sq.close()
        lat["uncached"] = _uncached_latency(es, args.repeat)
        reindex = _reindex_under_load(es)
        lat["reindexed"] = _latency(es, args.repeat)
        lat["reindexed, uncached"] = _uncached_latency(es, args.repeat)

        print()
        runs = lambda ts: ", ".join(f"{x:.1f}" for x in ts)
        print(f"indexing, median of {args.rounds} alternated runs (every run in brackets); the ratio is "
              f"the median of the {args.rounds} pairs' ratios")
        print()
        print("| indexing | seconds | records/s | vs bare bulk |")
        print("|---|---:|---:|---:|")
        print(f"| bare `helpers.bulk` (same JSON, prebuilt) | {bare_s:.1f} ({runs(bare_times)}) | "
              f"{args.n / bare_s:,.0f} | 1.00 |")
        print(f"| kiemtra Elasticsearch `upsert` | {es_s:.1f} ({runs(es_times)}) | {args.n / es_s:,.0f} | "
              f"{statistics.median(ratios):.2f} ({', '.join(f'{r:.2f}' for r in ratios)}) |")
        print(f"| kiemtra SQLite `upsert` | {sq_s:.1f} | {args.n / sq_s:,.0f} | — |")
        print(f"| kiemtra Elasticsearch `reindex` | {reindex['seconds']:.1f} | "
              f"{args.n / reindex['seconds']:,.0f} | — |")
        print()
        print(f"reindex under a search loop: {reindex['searches']} searches answered during it, "
              f"{reindex['failed']} failed, {reindex['wrong']} with another total")
        print()
        print(f"latency over {args.repeat} runs each, ms (search: query + facets + snippets, 20 hits), p50 / "
              "p95. ES just after: measured as soon as upsert returned, while the node merges the "
              f"segments the load wrote (its merges ended {settle_s:.0f} s after the upsert returned, "
              "that pass included); ES: the index as upsert left it, merges done; then after "
              "`reindex` (written with refresh off: fewer segments); uncached: shard request cache "
              "off, every aggregation computed")
        print()
        kinds = ("sqlite", "just after", "elasticsearch", "uncached", "reindexed", "reindexed, uncached")
        print("| query | SQLite | ES just after upsert | ES | ES uncached | ES reindexed | "
              "ES reindexed, uncached |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        cell = lambda xs: "{:.1f} / {:.1f}".format(*_percentiles(xs))  # noqa: E731
        for label in lat["sqlite"]:
            print(f"| {label} | {' | '.join(cell(lat[k][label]) for k in kinds)} |")
        every = " | ".join(cell([x for v in lat[k].values() for x in v]) for k in kinds)
        print(f"| **all of the above** | {every} |")
    finally:
        for b in backends:
            try:
                b.drop()
            finally:
                b.close()
        if started:
            subprocess.run(["bash", str(ROOT / "scripts" / "elasticsearch.sh"), "wipe", "--name", "bench"])


if __name__ == "__main__":
    main()

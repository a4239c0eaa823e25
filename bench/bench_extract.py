"""Benchmark of full extraction speed (not a test).

    .venv/bin/python bench/bench_extract.py [--gold corpora/gold] [--repeat 7]

Runs ``nlp.extract`` over a gold set (by default the 72 written documents of ``corpora/gold``; with
``--gold corpora/gold/real`` the real pages' dev split, the frozen test split being left alone:
news-size texts, articles and official documents of 1–6 kB) and, in the same run on the same texts, underthesea's ``word_tokenize`` alone.
Both are timed on one core (this process), warmed up first (rule data, gazetteer, spaCy pipeline and
underthesea's model loaded), as the median of ``--repeat`` passes over the whole set; the report
gives characters per second for each and their ratio.
"""
from __future__ import annotations

import argparse
import hashlib
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from ingest.document import Document  # noqa: E402

import nlp  # noqa: E402
from nlp.evaluate import in_split  # noqa: E402


def _documents(gold: Path) -> list[Document]:
    docs = []
    for path in sorted((gold / "docs").glob("*.txt")):
        if not in_split(path.stem, "all"):
            continue
        data = path.read_bytes()
        docs.append(Document(source=str(path), sha256=hashlib.sha256(data).hexdigest(), format="txt",
                             text=data.decode("utf-8")))
    return docs


def _median_seconds(fn, repeat: int) -> tuple[float, list[float]]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), times


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", type=Path, default=ROOT / "corpora" / "gold")
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args(argv)
    try:
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})   # one core
    except (AttributeError, OSError):
        pass

    docs = _documents(args.gold)
    chars = sum(len(d.text) for d in docs)
    from underthesea import word_tokenize

    from nlp.gazetteer import gazetteer

    start = time.perf_counter()
    places = gazetteer()   # read once per process, on first use
    gazetteer_load = time.perf_counter() - start

    # warm-up: rule data, spaCy pipeline, lexicon, underthesea's CRF model
    for d in docs:
        nlp.extract(d)
        word_tokenize(d.text)

    def run_extract():
        for d in docs:
            nlp.extract(d)

    def run_tokenize():
        for d in docs:
            word_tokenize(d.text)

    ext, ext_all = _median_seconds(run_extract, args.repeat)
    tok, tok_all = _median_seconds(run_tokenize, args.repeat)
    ext_rate, tok_rate = chars / ext, chars / tok
    sizes = sorted(len(d.text) for d in docs)
    print(f"{len(docs)} documents, {chars} characters (median {statistics.median(sizes):.0f}, "
          f"max {sizes[-1]}), {args.repeat} passes, median pass; one core")
    print("| what | seconds per pass | characters / second |")
    print("|---|---:|---:|")
    print(f"| kiemtra full extraction (`nlp.extract`) | {ext:.3f} | {ext_rate:,.0f} |")
    print(f"| underthesea `word_tokenize` alone | {tok:.3f} | {tok_rate:,.0f} |")
    print(f"ratio: full extraction is {ext_rate / tok_rate:.2f}× the speed of word_tokenize alone "
          f"(passes: extract {min(ext_all):.3f}–{max(ext_all):.3f} s, tokenize {min(tok_all):.3f}–{max(tok_all):.3f} s)")
    print(f"gazetteer (vietnamadminunits data: {len(places.provinces)} province names, {len(places.districts)} "
          f"district and {len(places.communes)} commune names) read once per process in {gazetteer_load:.3f} s")
    print(f"target ≥ 100,000 characters/second: {'met' if ext_rate >= 100_000 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

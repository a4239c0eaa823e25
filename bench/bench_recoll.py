"""Benchmark of ``kiemtra ingest`` against Recoll's ``recollindex`` (not a test).

    apt-get install recollcmd poppler-utils      # recollindex, and pdftotext that Recoll reads PDFs with
    .venv/bin/python bench/bench_recoll.py [--files 2000] [--rounds 3] [--jobs N]

One mixed corpus (``bench_ingest`` makers: UTF-8 text 35%, HTML 20%, DOCX 25%, PDF 20%, the seed
reports' paragraphs in varied combinations, each file different), then, in turn and the first of each
pair alternating between rounds:

- ``recollindex -z`` with a private configuration folder (``topdirs`` = the corpus, no aspell
  dictionary): Recoll's full index of the corpus, text extracted by its filters (pdftotext, its
  Python DOCX and HTML filters), words indexed in Xapian;
- ``kiemtra ingest CORPUS`` into a fresh SQLite index (``--jobs`` default: one per core): reading,
  full extraction (units, dates, findings, references...), the index and its manifest.

Reports the medians of the wall-clock times and of the CPU times of each process tree, and the ratio
kiemtra / Recoll. Recoll's ``idxstatus.txt`` says how many documents it indexed and how many files it
could not read; its ``missing`` file names filters it lacks (then its time is not comparable).
"""
from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
for p in (str(ROOT), str(ROOT / "bench")):
    if p not in sys.path:
        sys.path.insert(0, p)

from bench_ingest import MAKERS  # noqa: E402
from bench_pdf import paragraphs  # noqa: E402

KIEMTRA = Path(sys.executable).parent / "kiemtra"
MIX = (("txt", 0.35), ("html", 0.20), ("docx", 0.25), ("pdf", 0.20))


def generate(root: Path, n: int, seed: int = 7) -> dict[str, int]:
    rng = random.Random(seed)
    texts = paragraphs()
    counts: dict[str, int] = {}
    kinds, weights = [k for k, _ in MIX], [w for _, w in MIX]
    for i in range(n):
        fmt = rng.choices(kinds, weights)[0]
        folder = root / f"nam-{2015 + i % 9}" / f"don-vi-{i % 37:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"bc-{i:05d}.{fmt}").write_bytes(MAKERS[fmt](i, rng, texts))
        counts[fmt] = counts.get(fmt, 0) + 1
    return counts


def _children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def _timed(cmd: list[str], env: dict | None = None) -> tuple[float, float, subprocess.CompletedProcess]:
    cpu0 = _children_cpu()
    started = time.perf_counter()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
    return time.perf_counter() - started, _children_cpu() - cpu0, proc


def recoll(corpus: Path, work: Path) -> tuple[float, float, dict[str, str], str]:
    conf = work / "recoll"
    shutil.rmtree(conf, ignore_errors=True)
    conf.mkdir(parents=True)
    # idxniceprio = 0: recollindex lowers its own priority by default (nice 19), which on a busy
    # machine measures the other work, not Recoll; kiemtra runs at normal priority
    (conf / "recoll.conf").write_text(f"topdirs = {corpus}\nnoaspell = 1\nloglevel = 1\nidxniceprio = 0\n",
                                      encoding="utf-8")
    seconds, cpu, proc = _timed(["recollindex", "-c", str(conf), "-z"])
    if proc.returncode != 0:
        raise RuntimeError(f"recollindex failed ({proc.returncode}): {proc.stderr[-2000:]}")
    status = {}
    for line in (conf / "idxstatus.txt").read_text().splitlines():
        key, _, value = line.partition("=")
        status[key.strip()] = value.strip()
    missing = (conf / "missing").read_text().strip() if (conf / "missing").exists() else ""
    return seconds, cpu, status, missing


def kiemtra(corpus: Path, work: Path, jobs: int | None) -> tuple[float, float, str]:
    index = work / "index.db"
    for p in work.glob("index.db*"):
        p.unlink()
    env = dict(os.environ, KIEMTRA_INDEX=f"sqlite:///{index}")
    env.pop("KIEMTRA_ES_INDEX", None)
    cmd = [str(KIEMTRA), "ingest", str(corpus), "--no-progress"] + (["--jobs", str(jobs)] if jobs else [])
    seconds, cpu, proc = _timed(cmd, env)
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"kiemtra ingest failed ({proc.returncode}): {proc.stderr[-2000:]}")
    return seconds, cpu, proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else ""


def per_file_costs(corpus: Path, per_format: int = 40) -> dict[str, tuple[float, float]]:
    """CPU milliseconds per file of each format in one process, models loaded: (reading, extraction)."""
    import ingest
    import nlp

    files: dict[str, list[Path]] = {}
    for p in sorted(corpus.rglob("*")):
        if p.is_file() and len(files.setdefault(p.suffix[1:], [])) < per_format:
            files[p.suffix[1:]].append(p)
    nlp.extract(ingest.read_bytes(next(iter(files.values()))[0].read_bytes(), "warm.txt"))   # load the models
    out = {}
    for fmt, paths in sorted(files.items()):
        read = extract = 0.0
        for p in paths:
            data = p.read_bytes()
            t0 = time.process_time()
            document = ingest.read_bytes(data, str(p))
            t1 = time.process_time()
            nlp.extract(document)
            t2 = time.process_time()
            read += t1 - t0
            extract += t2 - t1
        out[fmt] = (read / len(paths) * 1000, extract / len(paths) * 1000)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--files", type=int, default=2000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--jobs", type=int, default=None, help="kiemtra ingest --jobs (default: its own, one per core)")
    ap.add_argument("--corpus", type=Path, default=None, help="use this folder instead of generating one")
    args = ap.parse_args()
    if not shutil.which("recollindex"):
        sys.exit("recollindex is missing: apt-get install recollcmd")
    with tempfile.TemporaryDirectory(prefix="kiemtra-recoll-") as tmp:
        work = Path(tmp)
        corpus = args.corpus
        if corpus is None:
            corpus = work / "kho"
            t = time.perf_counter()
            counts = generate(corpus, args.files)
            print(f"corpus: {args.files} files ({', '.join(f'{k} {v}' for k, v in sorted(counts.items()))}), "
                  f"{sum(p.stat().st_size for p in corpus.rglob('*') if p.is_file()) / 2**20:.1f} MB, "
                  f"generated in {time.perf_counter() - t:.0f} s; {os.cpu_count()} cores", flush=True)
        runs: list[tuple[float, float, float, float]] = []
        for r in range(args.rounds):
            load = os.getloadavg()[0]
            if r % 2 == 0:
                rs, rc, status, missing = recoll(corpus, work)
                ks, kc, last = kiemtra(corpus, work, args.jobs)
            else:
                ks, kc, last = kiemtra(corpus, work, args.jobs)
                rs, rc, status, missing = recoll(corpus, work)
            runs.append((rs, rc, ks, kc))
            print(f"round {r + 1} (load average {load:.1f}): recollindex {rs:.1f} s ({rc:.1f} CPU-s; "
                  f"{status.get('docsdone', '?')} documents, {status.get('fileerrors', '?')} file errors"
                  f"{'; missing filters: ' + missing if missing else ''}); kiemtra ingest {ks:.1f} s "
                  f"({kc:.1f} CPU-s): {ks / rs:.2f}x wall, {kc / rc:.2f}x CPU", flush=True)
            print(f"  kiemtra: {last}", flush=True)
        rs = statistics.median(x[0] for x in runs)
        rc = statistics.median(x[1] for x in runs)
        ks = statistics.median(x[2] for x in runs)
        kc = statistics.median(x[3] for x in runs)
        pair = statistics.median(x[2] / x[0] for x in runs)
        n = args.files if args.corpus is None else sum(1 for p in corpus.rglob("*") if p.is_file())
        print(f"medians of {len(runs)} rounds: recollindex {rs:.1f} s ({n / rs:.0f} files/s, {rc:.1f} CPU-s), "
              f"kiemtra ingest {ks:.1f} s ({n / ks:.0f} files/s, {kc:.1f} CPU-s): kiemtra takes {ks / rs:.2f}x "
              f"Recoll's time (median of the pair ratios {pair:.2f}x), {kc / rc:.2f}x its CPU time", flush=True)
        costs = per_file_costs(corpus)
        print("kiemtra CPU per file, one process, models loaded (reading + extraction): " + "; ".join(
            f"{fmt} {r:.1f} + {e:.1f} = {r + e:.1f} ms" for fmt, (r, e) in costs.items()))


if __name__ == "__main__":
    main()

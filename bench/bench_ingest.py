"""Benchmark of end-to-end ingest (not a test).

    .venv/bin/python bench/bench_ingest.py [--files 10000] [--jobs 2] [--rounds 1] [--small 1000]
                                           [--es-url http://127.0.0.1:9200]

Generates a mixed archive of Vietnamese reports, built from the seed reports' paragraphs in varied
combinations: UTF-8, Windows-1258 and TCVN3 text files, HTML pages, DOCX (python-docx), PDF (fpdf2),
a few legacy .doc files (LibreOffice), zip archives of reports, and some identical copies. Then runs
``kiemtra ingest ARCHIVE --jobs N`` (a real process, into a fresh SQLite index, or with ``--es-url`` a
fresh index on that Elasticsearch node, deleted afterwards) and reports files per
second and peak memory: the most the whole process tree (main process + workers + converters) held at
once, and the main process's own peak, sampled every 0.1 s from /proc. Also the CPU time of the
whole tree, and files per CPU-second times the cores: what the run gives on an otherwise idle machine
(on a shared one the wall-clock rate is lower). With ``--small`` the same is done on a smaller archive
first, to show that memory does not grow with the archive.
"""
from __future__ import annotations

import argparse
import io
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench_pdf import FONT, paragraphs  # noqa: E402

KIEMTRA = Path(sys.executable).parent / "kiemtra"
MIX = (("txt", 0.30), ("txt-cp1258", 0.05), ("txt-tcvn3", 0.05), ("html", 0.15), ("docx", 0.20),
       ("pdf", 0.20), ("zip", 0.03), ("copy", 0.02))
LEGACY_DOC = 10


def _body(rng: random.Random, texts: list[str], n: int) -> list[str]:
    return [texts[rng.randrange(len(texts))] for _ in range(n)]


def _title(i: int) -> str:
    return f"Báo cáo kết quả kiểm tra số {i}/BC-UBKT"


def make_txt(i, rng, texts, encoding="utf-8") -> bytes:
    text = "\n".join([_title(i), *_body(rng, texts, rng.randint(4, 12))]) + "\n"
    if encoding == "tcvn3":
        from ingest import legacy

        return legacy.encode(text, "tcvn3").encode("cp1252")
    if encoding == "cp1258":
        sys.path.insert(0, str(ROOT))
        from tests.ingest.builders import encode_cp1258

        return encode_cp1258(text)
    return text.encode("utf-8")


def make_html(i, rng, texts) -> bytes:
    body = "".join(f"<p>{p}</p>" for p in _body(rng, texts, rng.randint(4, 10)))
    nav = "<nav><a href='/'>Trang chủ</a> <a href='/tin'>Tin tức</a> <a href='/lh'>Liên hệ</a></nav>"
    return (f"<!DOCTYPE html><html lang='vi'><head><meta charset='utf-8'><title>{_title(i)}</title>"
            f"<meta property='article:published_time' content='2023-0{1 + i % 9}-1{i % 10}'></head><body>{nav}"
            f"<article><h1>{_title(i)}</h1>{body}</article><footer>Tỉnh đoàn</footer></body></html>").encode("utf-8")


def make_docx(i, rng, texts) -> bytes:
    import docx

    d = docx.Document()
    d.add_heading(_title(i), level=1)
    for p in _body(rng, texts, rng.randint(4, 10)):
        d.add_paragraph(p)
    if i % 3 == 0:
        t = d.add_table(rows=3, cols=3)
        for r in range(3):
            for c in range(3):
                t.cell(r, c).text = f"Ô {r}-{c} đoàn viên"
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def make_pdf(i, rng, texts) -> bytes:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", "", FONT)
    pdf.set_margins(20, 20, 20)
    pdf.add_page()
    pdf.set_font("DejaVu", "", 14)
    pdf.multi_cell(0, 7, _title(i), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 11)
    for p in _body(rng, texts, rng.randint(3, 14)):
        pdf.multi_cell(0, 5.5, p, align="J", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
    return bytes(pdf.output())


MAKERS = {"txt": make_txt, "html": make_html, "docx": make_docx, "pdf": make_pdf}


def generate(root: Path, n: int, seed: int = 4) -> dict[str, int]:
    rng = random.Random(seed)
    texts = paragraphs()
    counts: dict[str, int] = {}
    made: list[Path] = []
    kinds = [k for k, _ in MIX]
    weights = [w for _, w in MIX]
    i = 0
    while i < n - LEGACY_DOC:
        kind = rng.choices(kinds, weights)[0]
        folder = root / f"nam-{2015 + i % 9}" / f"don-vi-{i % 37:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        if kind == "copy" and made:
            src = rng.choice(made)
            dst = folder / f"ban-sao-{i}{src.suffix}"
            shutil.copy(src, dst)
            i += 1
        elif kind == "zip":
            members = min(5, n - LEGACY_DOC - i)
            with zipfile.ZipFile(folder / f"ho-so-{i}.zip", "w", zipfile.ZIP_DEFLATED) as zf:
                for k in range(members):
                    fmt = rng.choice(["txt", "docx", "pdf", "html"])
                    zf.writestr(f"ho-so/{i}-{k}.{fmt}", MAKERS[fmt](i * 10 + k, rng, texts))
            i += members
        else:
            fmt, _, enc = kind.partition("-")
            data = make_txt(i, rng, texts, enc) if fmt == "txt" and enc else MAKERS[fmt](i, rng, texts)
            path = folder / f"bc-{i:05d}.{fmt}"
            path.write_bytes(data)
            made.append(path)
            i += 1
        counts[kind] = counts.get(kind, 0) + (5 if kind == "zip" else 1)
    # legacy Word files: DOCX made by python-docx, saved as .doc by LibreOffice in one call
    tmp = root / "_docx"
    tmp.mkdir()
    for k in range(LEGACY_DOC):
        (tmp / f"cu-{k}.docx").write_bytes(make_docx(100000 + k, rng, texts))
    out = root / "van-ban-cu"
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation={(root / '_lo').as_uri()}", "--convert-to",
                    "doc", "--outdir", str(out), *map(str, sorted(tmp.glob("*.docx")))],
                   check=True, capture_output=True, timeout=600)
    shutil.rmtree(tmp)
    shutil.rmtree(root / "_lo", ignore_errors=True)
    counts["doc"] = LEGACY_DOC
    return counts


def _tree(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo += children.get(p, [])
    return out


def _rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, IndexError, ValueError):
        return 0


def _children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def ingest(archive: Path, jobs: int, es_url: str | None = None) -> tuple[float, int, int, str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        cpu0 = _children_cpu()
        env = dict(os.environ, KIEMTRA_INDEX=f"sqlite:///{Path(tmp) / 'index.db'}")
        if es_url:  # a fresh alias on that node, deleted afterwards
            name = f"kiemtra-bench-ingest-{uuid.uuid4().hex[:8]}"
            env.update(KIEMTRA_INDEX=es_url, KIEMTRA_ES_INDEX=name)
        started = time.perf_counter()
        proc = subprocess.Popen([str(KIEMTRA), "ingest", str(archive), "--jobs", str(jobs), "--no-progress"],
                                env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        peak_tree = peak_main = 0
        done = threading.Event()
        out: dict = {}

        def communicate():
            out["stdout"], out["stderr"] = proc.communicate()
            done.set()

        threading.Thread(target=communicate, daemon=True).start()
        while not done.wait(0.1):
            peak_main = max(peak_main, _rss(proc.pid))
            peak_tree = max(peak_tree, sum(_rss(p) for p in _tree(proc.pid)))
        seconds = time.perf_counter() - started
        if proc.returncode != 0:
            print(out["stderr"][-3000:], file=sys.stderr)
        if es_url:
            from search.elastic import ElasticsearchBackend

            es = ElasticsearchBackend(es_url, index=name)
            es.drop()
            es.close()
        return seconds, peak_tree, peak_main, out["stdout"].strip().splitlines()[-1], _children_cpu() - cpu0


def bench(n: int, jobs: int, rounds: int, es_url: str | None = None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        archive = Path(tmp) / "kho"
        t = time.perf_counter()
        counts = generate(archive, n)
        files = sum(1 for _ in archive.rglob("*") if _.is_file())
        print(f"\narchive: {n} documents ({files} files on disk, zips holding 5 each), generated in "
              f"{time.perf_counter() - t:.0f} s; mix: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
        load = os.getloadavg()[0]
        results = [ingest(archive, jobs, es_url) for _ in range(rounds)]
        secs = statistics.median(r[0] for r in results)
        cpu = statistics.median(r[4] for r in results)
        tree = max(r[1] for r in results)
        main = max(r[2] for r in results)
        print(f"kiemtra ingest --jobs {jobs}: {n / secs:.1f} files/s ({secs:.1f} s, median of {rounds}); "
              f"peak memory: {tree / 2**20:.0f} MB whole process tree, {main / 2**20:.0f} MB main process")
        print(f"  CPU: {cpu:.0f} s for the tree = {n / cpu:.1f} files per CPU-second; on {jobs} idle cores "
              f"about {n / cpu * min(jobs, os.cpu_count() or 1):.0f} files/s (load average before: {load:.1f})")
        print(f"  last line: {results[-1][3]}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--files", type=int, default=10000)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--small", type=int, default=0, help="also run on an archive this size first (memory check)")
    ap.add_argument("--es-url", help="ingest into a fresh index on this Elasticsearch instead of SQLite")
    args = ap.parse_args()
    print(f"{os.cpu_count()} cores; kiemtra ingest into a fresh "
          f"{'Elasticsearch index at ' + args.es_url if args.es_url else 'SQLite index'} each run")
    if args.small:
        bench(args.small, args.jobs, args.rounds, args.es_url)
    bench(args.files, args.jobs, args.rounds, args.es_url)


if __name__ == "__main__":
    main()

"""Benchmark of PDF text extraction (not a test).

    .venv/bin/python bench/bench_pdf.py [--files 10] [--pages 20] [--rounds 5]

Generates Vietnamese PDFs (fpdf2, DejaVu Sans, the seed reports' paragraphs, no ruled tables) and
reads all of them, round after round, with
- kiemtra's PDF reader (``ingest.readers.pdf.read_pdf``: PDFium text with boxes, paragraphs rebuilt,
  running headers and page numbers removed: the text path every text PDF takes),
- poppler's ``pdftotext`` (one process per file, as it is used), the reference,
- pypdfium2 raw (``get_text_range`` per page, nothing else) and pdfplumber ``extract_text``, for scale.
Prints pages per second (median over the rounds) and kiemtra's time as a multiple of pdftotext's
(target: at most 1.5x), by wall-clock time and by CPU time (this process's for the in-process tools,
the children's for pdftotext): on a shared machine the CPU figures are the ones to trust.
"""
from __future__ import annotations

import argparse
import io
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
SEEDS = ROOT.parent / "shared" / "seeds"


def paragraphs() -> list[str]:
    out = []
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8").replace("\u00d0", "Đ")   # one seed has an Icelandic Ð for Đ
        out += [line.strip() for line in text.splitlines() if len(line.strip()) > 40]
    if not out:
        out = ["Ban Thường vụ Tỉnh đoàn đã tiến hành kiểm tra công tác Đoàn và phong trào thanh thiếu nhi "
               "6 tháng đầu năm 2022 tại Huyện đoàn Yên Khánh theo Kế hoạch số 261-KH/TĐTN-XDĐ."] * 20
    return out


def make_pdf(pages: int, seed: int, texts: list[str]) -> bytes:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", "", FONT)
    pdf.set_margins(20, 20, 20)
    pdf.set_auto_page_break(False)
    k = seed
    for page_no in range(pages):
        pdf.add_page()
        pdf.set_font("DejaVu", "", 9)
        pdf.cell(0, 5, "TỈNH ĐOÀN NINH BÌNH - BÁO CÁO KIỂM TRA", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 11)
        while pdf.get_y() < 250:
            pdf.multi_cell(0, 5.5, texts[k % len(texts)], align="J", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2)
            k += 7
        pdf.set_y(280)
        pdf.set_font("DejaVu", "", 9)
        pdf.cell(0, 5, f"Trang {page_no + 1}", align="C")
    return bytes(pdf.output())


def run_kiemtra(files: list[Path]) -> int:
    from ingest.readers.pdf import read_pdf

    chars = 0
    for f in files:
        chars += len(read_pdf(f.read_bytes(), str(f)).text)
    return chars


def run_pdftotext(files: list[Path]) -> int:
    chars = 0
    for f in files:
        out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(f), "-"], capture_output=True, check=True).stdout
        chars += len(out.decode("utf-8"))
    return chars


def run_pypdfium2(files: list[Path]) -> int:
    import pypdfium2 as pdfium

    chars = 0
    for f in files:
        pdf = pdfium.PdfDocument(f.read_bytes())
        for page in pdf:
            tp = page.get_textpage()
            chars += len(tp.get_text_range())
            tp.close()
            page.close()
        pdf.close()
    return chars


def run_pdfplumber(files: list[Path]) -> int:
    import pdfplumber

    chars = 0
    for f in files:
        with pdfplumber.open(io.BytesIO(f.read_bytes())) as pdf:
            for page in pdf.pages:
                chars += len(page.extract_text() or "")
    return chars


def _cpu() -> float:
    """CPU seconds of this process and of its finished children (pdftotext)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--files", type=int, default=10)
    ap.add_argument("--pages", type=int, default=20)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--plumber-rounds", type=int, default=1, help="pdfplumber is slow: fewer rounds")
    args = ap.parse_args()
    if shutil.which("pdftotext") is None:
        sys.exit("pdftotext is missing: bash scripts/install-system-packages (poppler-utils)")

    texts = paragraphs()
    with tempfile.TemporaryDirectory() as tmp:
        files = []
        for i in range(args.files):
            p = Path(tmp) / f"bc-{i:03d}.pdf"
            p.write_bytes(make_pdf(args.pages, i, texts))
            files.append(p)
        total_pages = args.files * args.pages
        print(f"{args.files} PDFs x {args.pages} pages = {total_pages} pages of Vietnamese text; "
              f"median of {args.rounds} rounds (after one warm-up)")
        tools = [("kiemtra read_pdf", run_kiemtra, args.rounds), ("pdftotext", run_pdftotext, args.rounds),
                 ("pypdfium2 raw", run_pypdfium2, args.rounds), ("pdfplumber", run_pdfplumber, args.plumber_rounds)]
        print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        rates: dict[str, float] = {}
        cpu_rates: dict[str, float] = {}
        for name, fn, rounds in tools:
            fn(files[:1])                                         # warm-up: imports, caches
            times, cpus = [], []
            for _ in range(rounds):
                t, c = time.perf_counter(), _cpu()
                fn(files)
                times.append(time.perf_counter() - t)
                cpus.append(_cpu() - c)
            rates[name] = total_pages / statistics.median(times)
            cpu_rates[name] = total_pages / statistics.median(cpus)
        ref, cpu_ref = rates["pdftotext"], cpu_rates["pdftotext"]
        print(f"{'tool':<18}{'pages/s':>10}{'vs pdftotext':>14}{'pages/CPU-s':>14}{'vs pdftotext':>14}")
        for name, _, _ in tools:
            print(f"{name:<18}{rates[name]:>10.0f}{ref / rates[name]:>13.2f}x"
                  f"{cpu_rates[name]:>14.0f}{cpu_ref / cpu_rates[name]:>13.2f}x")
        ratio = ref / rates["kiemtra read_pdf"]
        cpu_ratio = cpu_ref / cpu_rates["kiemtra read_pdf"]
        print(f"kiemtra's PDF text path takes {ratio:.2f}x pdftotext's time ({cpu_ratio:.2f}x its CPU time): "
              f"{'within' if max(ratio, cpu_ratio) <= 1.5 else 'OVER'} the 1.5x target")


if __name__ == "__main__":
    main()

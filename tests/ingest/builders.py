"""Fixture files built in code with the real libraries (fpdf2, python-docx, zipfile, codecs)."""
from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
import zipfile
from pathlib import Path

from ingest.text import clean_text

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "corpora" / "samples"
SEEDS = ROOT.parent / "shared" / "seeds"
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
FONT_BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"

PLAN = "Thực hiện Kế hoạch số 383-KH/UBKT ngày 28/4/2022 của Ủy ban Kiểm tra Thành Đoàn về việc kiểm tra, giám sát năm 2022."
VIET = (
    "Ban Thường vụ Tỉnh đoàn đã tiến hành kiểm tra công tác Đoàn và phong trào thanh thiếu nhi 6 tháng đầu "
    "năm 2022 tại Huyện đoàn Yên Khánh theo Kế hoạch số 261-KH/TĐTN-XDĐ, ngày 04/5/2022."
)


def norm(text: str) -> str:
    """Whitespace-insensitive NFC form for comparing texts."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def seed_lines(number: str) -> list[str]:
    """The seed's non-empty lines, normalized like Document.text is."""
    path = next(SEEDS.glob(f"{number}_*.txt"))
    return [line for line in clean_text(path.read_text(encoding="utf-8")).split("\n") if line]


def seed_numbers() -> list[str]:
    return sorted(p.name.split("_", 1)[0] for p in SEEDS.glob("*.txt"))


def make_samples_module():
    """corpora/make_samples.py, imported by path (corpora is not a package)."""
    import importlib.util
    import sys

    if "make_samples" not in sys.modules:
        spec = importlib.util.spec_from_file_location("make_samples", ROOT / "corpora" / "make_samples.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules["make_samples"] = module
        spec.loader.exec_module(module)
    return sys.modules["make_samples"]


def sample_title(number: str) -> str:
    module = make_samples_module()
    path = next(SEEDS.glob(f"{number}_*.txt"))
    return module.parse_seed(number, path.read_text(encoding="utf-8")).title


# -- text encodings ---------------------------------------------------------------------------------
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def encode_cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese Windows writes it: base letter (with its hat/horn) + tone mark."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        decomposed = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
        tones = "".join(c for c in decomposed if c in _TONES)
        out += base.encode("cp1258") + tones.encode("cp1258")
    return bytes(out)


# -- PDF ----------------------------------------------------------------------------------------------
def new_pdf():
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", "", FONT)
    pdf.add_font("DejaVu", "B", FONT_BOLD)
    pdf.set_creation_date(dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc))
    pdf.set_margins(20, 20, 20)
    return pdf


def pdf_bytes(pdf) -> bytes:
    return bytes(pdf.output())


def simple_pdf(paragraphs: list[str], *, title: str | None = None, font_size: int = 12, gap: float = 3,
               width: float = 0) -> bytes:
    pdf = new_pdf()
    if title:
        pdf.set_title(title)
    pdf.add_page()
    pdf.set_font("DejaVu", "", font_size)
    for text in paragraphs:
        pdf.multi_cell(width, font_size * 0.55, text, align="J", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(gap)
    return pdf_bytes(pdf)


# -- DOCX ---------------------------------------------------------------------------------------------
def docx_bytes(document) -> bytes:
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


# -- zip ----------------------------------------------------------------------------------------------
def zip_bytes(members: dict[str, bytes], *, compression=zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as zf:
        for name, data in members.items():
            zf.writestr(zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0)), data, compress_type=compression)
    return buf.getvalue()


def assert_blocks_consistent(doc) -> None:
    """Blocks are in order, inside the text, one line each, and cover every line."""
    text = doc.text
    assert unicodedata.is_normalized("NFC", text)
    assert clean_text(text) == text
    assert "\n\n" not in text
    lines = text.split("\n")
    assert len(doc.blocks) == len(lines)
    pos = 0
    for block, line in zip(doc.blocks, lines):
        assert (block.start, block.end) == (pos, pos + len(line))
        assert text[block.start:block.end] == line
        assert block.kind in {"paragraph", "heading", "table-row", "header", "footer"}
        pos += len(line) + 1


WORD_CHARS = re.compile(r"\w+", re.UNICODE)


# -- LibreOffice ----------------------------------------------------------------------------------------
def libreoffice_convert(data: bytes, suffix: str, target: str) -> bytes:
    """``data`` (a file with ``suffix``) saved by LibreOffice headless as ``target`` (doc, odt, rtf)."""
    import subprocess
    import tempfile

    from ingest.readers.office import soffice

    exe = soffice()
    if exe is None:
        import os

        import pytest

        message = "LibreOffice is not installed (bash scripts/install-system-packages)"
        if os.environ.get("CI") == "true":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / f"src.{suffix}"
        src.write_bytes(data)
        subprocess.run([exe, "--headless", "--norestore", f"-env:UserInstallation={(Path(tmp) / 'p').as_uri()}",
                        "--convert-to", target, "--outdir", str(Path(tmp) / "out"), str(src)],
                       check=True, capture_output=True, timeout=180)
        return (Path(tmp) / "out" / f"src.{target}").read_bytes()


# -- scanned pages ------------------------------------------------------------------------------------
def scanned_pdf(pages: list[list[str]], *, dpi: int = 300, size: int = 12) -> bytes:
    """A PDF of page images (no text layer): each page's paragraphs drawn by Pillow in DejaVu Sans at
    ``size`` points on white A4, wrapped to the margins, as a scanner would deliver them."""
    from PIL import Image, ImageDraw, ImageFont

    width, height, margin = int(8.27 * dpi), int(11.69 * dpi), int(0.8 * dpi)
    font = ImageFont.truetype(FONT, int(size * dpi / 72))
    line_height = int(size * dpi / 72 * 1.5)
    images = []
    for paragraphs in pages:
        image = Image.new("L", (width, height), 255)
        draw = ImageDraw.Draw(image)
        y = margin
        for text in paragraphs:
            line = ""
            for word in text.split():
                trial = f"{line} {word}".strip()
                if draw.textlength(trial, font=font) > width - 2 * margin and line:
                    draw.text((margin, y), line, font=font, fill=0)
                    y += line_height
                    line = word
                else:
                    line = trial
            draw.text((margin, y), line, font=font, fill=0)
            y += 2 * line_height       # a blank line between paragraphs
        images.append(image.convert("RGB"))
    buf = io.BytesIO()
    images[0].save(buf, format="PDF", resolution=dpi, save_all=True, append_images=images[1:])
    return buf.getvalue()


def char_error_rate(got: str, want: str) -> float:
    """Levenshtein distance between the two texts (whitespace collapsed, NFC) over the length of ``want``."""
    a, b = norm(got), norm(want)
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1] / max(len(b), 1)


def text_reports(folder: Path, n: int, start: int = 0) -> list[Path]:
    """``n`` small distinct text reports ``bc-NNNNN.txt`` in ``folder`` (made if need be)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(start, start + n):
        p = folder / f"bc-{i:05d}.txt"
        p.write_text(f"Báo cáo số {i}/BC-ĐTN\n{VIET}\nĐoàn kiểm tra số {i} đề nghị khắc phục.\n", encoding="utf-8")
        paths.append(p)
    return paths

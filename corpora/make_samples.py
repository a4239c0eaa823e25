"""Regenerate ``corpora/samples/`` from the seed texts.

For every seed ``NNN_<hash>.txt`` this writes ``NNN.txt`` (the seed as is), ``NNN.html`` (a news page
with menus, breadcrumb, sidebar and footer around the article), ``NNN.docx`` and ``NNN.pdf``.
Output is deterministic: fixed creation dates, fixed zip timestamps.

    python corpora/make_samples.py [SEED_DIR] [--out DIR]

SEED_DIR defaults to ``../shared/seeds`` beside the repository root.
"""
from __future__ import annotations

import argparse
import datetime as dt
import html
import io
import re
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SEEDS = REPO.parent / "shared" / "seeds"
DEFAULT_OUT = REPO / "corpora" / "samples"
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FIXED_TIME = dt.datetime(2024, 1, 1, 8, 0, 0, tzinfo=dt.timezone.utc)
ZIP_TIME = (2024, 1, 1, 0, 0, 0)

_MONTHS = {
    "một": 1, "hai": 2, "ba": 3, "tư": 4, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7, "tám": 8,
    "chín": 9, "mười": 10, "mười một": 11, "mười hai": 12,
}
_NUMERIC_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})(?:\s*-\s*(\d{1,2}):(\d{2}))?")
_WORD_DATE = re.compile(r"(\d{1,2})\s+Tháng\s+([^\d,]+?),\s*(\d{4})", re.IGNORECASE)

SIDEBAR_LINKS = [
    "Tuổi trẻ Thủ đô ra quân Chiến dịch Thanh niên tình nguyện hè",
    "Hội thi Bí thư Chi đoàn giỏi khu vực miền Trung",
    "Trao học bổng Vừ A Dính cho học sinh vùng cao",
    "Ngày hội hiến máu Chủ nhật Đỏ lần thứ XVI",
    "Tập huấn kỹ năng chuyển đổi số cho cán bộ Đoàn cơ sở",
]
MENU = ["Trang chủ", "Giới thiệu", "Tin tức - Sự kiện", "Xây dựng Đoàn", "Kiểm tra - Giám sát",
        "Văn bản", "Liên hệ"]

CSS = """
body{font-family:Arial,Helvetica,sans-serif;margin:0;color:#222;background:#f4f6f8}
header.site{background:#0b57a4;color:#fff;padding:12px 24px}
nav.menu ul{list-style:none;margin:0;padding:0;display:flex;gap:18px}
nav.menu a{color:#fff;text-decoration:none;font-weight:bold}
.breadcrumb{font-size:13px;padding:8px 24px;color:#555}
.wrap{display:flex;gap:24px;padding:0 24px}
article{flex:3;background:#fff;padding:16px 24px;line-height:1.6}
aside{flex:1;background:#fff;padding:12px}
aside h3{color:#c00;border-bottom:2px solid #c00}
footer.site{margin-top:24px;background:#222;color:#ccc;padding:16px 24px;font-size:13px}
""".strip()


@dataclass(frozen=True)
class Seed:
    number: str
    text: str
    lines: tuple[str, ...]      # non-empty lines, stripped, in order
    title_index: int            # index into lines
    published: str | None       # ISO date
    published_time: str | None  # ISO datetime for article:published_time

    @property
    def title(self) -> str:
        return self.lines[self.title_index]

    @property
    def body(self) -> list[str]:
        """Every line but the headline, in the seed's order (chrome and date lines included)."""
        return [line for i, line in enumerate(self.lines) if i != self.title_index]


def _parse_date(line: str) -> tuple[str, str] | None:
    """A short line that is a date (``Thứ Bảy, 04/06/2022``, ``T6, 20/11/2020 - 14:11``)."""
    if len(line.split()) > 8:
        return None
    if m := _NUMERIC_DATE.search(line):
        day, month, year = int(m[1]), int(m[2]), int(m[3])
        hour, minute = (int(m[4]), int(m[5])) if m[4] else (0, 0)
    elif (m := _WORD_DATE.search(line)) and m[2].strip().lower() in _MONTHS:
        day, month, year = int(m[1]), _MONTHS[m[2].strip().lower()], int(m[3])
        hour, minute = 0, 0
    else:
        return None
    try:
        when = dt.datetime(year, month, day, hour, minute, tzinfo=dt.timezone(dt.timedelta(hours=7)))
    except ValueError:
        return None
    return when.date().isoformat(), when.isoformat()


def parse_seed(number: str, text: str) -> Seed:
    lines = tuple(line.strip() for line in text.splitlines() if line.strip())
    published = published_time = None
    title_index = 0
    found_title = False
    for i, line in enumerate(lines[:8]):
        date = _parse_date(line)
        if date:
            if published is None:
                published, published_time = date
            continue
        if not found_title and 8 <= len(line.split()) <= 40 and not line.endswith("."):
            title_index, found_title = i, True
    return Seed(number, text, lines, title_index, published, published_time)


def load_seeds(seed_dir: Path) -> list[Seed]:
    seeds = []
    for path in sorted(seed_dir.glob("*.txt")):
        number = path.name.split("_", 1)[0]
        seeds.append(parse_seed(number, path.read_text(encoding="utf-8")))
    return seeds


def _lede(seed: Seed) -> str:
    return next((line for line in seed.body if len(line.split()) >= 20), seed.title)


# -- HTML -------------------------------------------------------------------------------------------
def render_html(seed: Seed) -> str:
    e = html.escape
    title = seed.title
    meta = [
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(title)} - Cổng thông tin Đoàn TNCS Hồ Chí Minh</title>",
        f'<meta property="og:title" content="{e(title)}">',
        '<meta property="og:type" content="article">',
        '<meta property="og:site_name" content="Cổng thông tin Đoàn TNCS Hồ Chí Minh">',
        f'<meta name="description" content="{e(_lede(seed)[:160])}">',
    ]
    if seed.published_time:
        meta.append(f'<meta property="article:published_time" content="{seed.published_time}">')
    menu = "\n".join(f'      <li><a href="/{i}">{e(m)}</a></li>' for i, m in enumerate(MENU))
    sidebar = "\n".join(f'      <li><a href="/tin/{i + 100}.html">{e(t)}</a></li>'
                        for i, t in enumerate(SIDEBAR_LINKS))
    body = []
    for line in seed.body:
        if seed.published and _parse_date(line):
            body.append(f'    <p class="date"><time datetime="{seed.published_time}">{e(line)}</time></p>')
        else:
            body.append(f"    <p>{e(line)}</p>")
    body_html = "\n".join(body)
    return f"""<!DOCTYPE html>
<html lang="vi">
<head>
  {chr(10).join('  ' + m if i else m for i, m in enumerate(meta))}
  <style>
{CSS}
  </style>
</head>
<body>
  <header class="site">
    <div class="logo">ĐOÀN TNCS HỒ CHÍ MINH</div>
    <nav class="menu"><ul>
{menu}
    </ul></nav>
  </header>
  <div class="breadcrumb"><a href="/">Trang chủ</a> &raquo; <a href="/3">Xây dựng Đoàn</a> &raquo; <a href="/4">Kiểm tra - Giám sát</a></div>
  <div class="wrap">
  <article>
    <h1>{e(title)}</h1>
{body_html}
  </article>
  <aside>
    <h3>TIN MỚI NHẤT</h3>
    <ul>
{sidebar}
    </ul>
    <h3>Liên kết</h3>
    <ul><li><a href="https://example.org/">Báo Tiền Phong</a></li><li><a href="https://example.org/tn">Báo Thanh Niên</a></li></ul>
  </aside>
  </div>
  <footer class="site">
    <p>Cơ quan chủ quản: Ban Thường vụ Tỉnh đoàn</p>
    <p>Địa chỉ: Số 62 Bà Triệu, Hoàn Kiếm, Hà Nội. Điện thoại: 024 3826 4411</p>
    <p>&copy; Bản quyền thuộc về Cổng thông tin Đoàn TNCS Hồ Chí Minh. Ghi rõ nguồn khi phát hành lại thông tin từ website này.</p>
  </footer>
</body>
</html>
"""


# -- DOCX -------------------------------------------------------------------------------------------
def _fixed_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed member timestamps so that the bytes are reproducible."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def render_docx(seed: Seed) -> bytes:
    import docx

    document = docx.Document()
    document.add_heading(seed.title, level=1)
    for line in seed.body:
        document.add_paragraph(line)
    created = _created(seed)
    props = document.core_properties
    props.title = seed.title
    props.author = "Ban Tổ chức - Kiểm tra"
    props.last_modified_by = "Ban Tổ chức - Kiểm tra"
    props.created = created
    props.modified = created
    props.last_printed = created
    props.revision = 1
    props.language = "vi-VN"
    props.subject = "Kiểm tra, giám sát"
    buf = io.BytesIO()
    document.save(buf)
    return _fixed_zip(buf.getvalue())


def _created(seed: Seed) -> dt.datetime:
    if seed.published:
        return dt.datetime.fromisoformat(seed.published).replace(hour=8, tzinfo=dt.timezone.utc)
    return FIXED_TIME


# -- PDF --------------------------------------------------------------------------------------------
def render_pdf(seed: Seed) -> bytes:
    from fpdf import FPDF

    class Page(FPDF):
        def footer(self):
            self.set_y(-15)
            self.set_font("DejaVu", size=9)
            self.cell(0, 10, f"Trang {self.page_no()}/{{nb}}", align="C")

    pdf = Page(format="A4")
    pdf.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.set_title(seed.title)
    pdf.set_author("Ban Tổ chức - Kiểm tra")
    pdf.set_subject("Kiểm tra, giám sát")
    pdf.set_creator("kiemtra corpora/make_samples.py")
    pdf.set_creation_date(_created(seed))
    pdf.set_margins(20, 20, 20)
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 16)
    pdf.multi_cell(0, 8, seed.title, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("DejaVu", "", 12)
    for line in seed.body:
        pdf.multi_cell(0, 6.5, line, align="J", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
    return bytes(pdf.output())


def write_samples(seed_dir: Path, out_dir: Path) -> list[Path]:
    seeds = load_seeds(seed_dir)
    if not seeds:
        raise SystemExit(f"no seeds (*.txt) in {seed_dir}")
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for seed in seeds:
        files = {
            f"{seed.number}.txt": seed.text.encode("utf-8"),
            f"{seed.number}.html": render_html(seed).encode("utf-8"),
            f"{seed.number}.docx": render_docx(seed),
            f"{seed.number}.pdf": render_pdf(seed),
        }
        for name, data in files.items():
            path = out_dir / name
            path.write_bytes(data)
            written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("seeds", nargs="?", type=Path, default=DEFAULT_SEEDS, help="folder of seed .txt files")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder (corpora/samples)")
    args = parser.parse_args(argv)
    for path in write_samples(args.seeds, args.out):
        print(path.relative_to(REPO) if path.is_relative_to(REPO) else path)
    return 0


if __name__ == "__main__":
    sys.exit(main())

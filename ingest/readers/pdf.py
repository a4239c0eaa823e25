"""PDF: text from pypdfium2 (fast), tables from pdfplumber only on pages that draw rulings.

Lines come out of PDFium in reading order with their boxes; they are joined back into paragraphs:
a line continues the one before it when the first word of the line would not have fitted at the end
of the previous one (so the writer wrapped it), the font size is the same, the line is not indented
as a new paragraph, does not start a list item, and the vertical gap is the page's usual line pitch.
Two-column pages are read column by column: a page whose text pieces leave a vertical gutter near its
middle, with wrapped prose on both sides, has its left column read before its right one, band by band
between the full-width lines (titles, full-width paragraphs, tables) that cross the gutter and stay
in place. Lines that PDFium joined across the gutter (writers that draw both columns row by row) are
cut apart first. A borderless two-column table has a gutter too, but its cells are not wrapped prose,
so it keeps its rows.
Page numbers are dropped; lines repeated at the top or bottom of most pages become one header/footer
block. Pages with no text layer (scans) are rendered at 300 dpi and read by Tesseract's Vietnamese
model (``ingest.ocr``), one paragraph per Tesseract paragraph; without Tesseract, a PDF that is all
scans is refused with ``NeedsOCR`` saying what to install.
"""
from __future__ import annotations

import ctypes
import io
import re
import statistics
from collections import Counter
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..document import Document
from .. import legacy, ocr
from ..errors import CorruptFile, EmptyFile, EncryptedFile, NeedsOCR
from ..messages import msg
from ._common import build_document, one_line

_LINE = re.compile(r"[^\r\n]+")
_BULLET = re.compile(r"^(?:[+•●▪◦■□*]\s|\(?\d{1,2}[.)]\s|\(?[a-zđ][.)]\s|[IVX]{1,5}[.)]\s)")
# A dash also joins ranges ("2018 – 2022") that the writer may wrap: an item only after a sentence end.
_DASH_ITEM = re.compile(r"^[-–—]\s")
_PAGE_NUMBER = re.compile(
    r"^(?:(?:trang|page)\s*\d{1,4}(?:\s*(?:/|of|trên)\s*\d{1,4})?|\d{1,4}(?:\s*/\s*\d{1,4})?|-\s*\d{1,4}\s*-)$",
    re.IGNORECASE,
)
_JUNK_TITLE = re.compile(r"^(?:microsoft \w+ - |untitled\b|document\d*$|tài liệu\d*$)|\.(?:docx?|pdf|odt|rtf)$",
                         re.IGNORECASE)
_MARGIN_ZONE = 0.10     # top/bottom share of the page where running headers, footers, page numbers sit
_PITCH_FACTOR = 1.35    # a gap this much larger than the usual line pitch starts a paragraph
_MIN_RULINGS = 4        # path objects on a page before pdfplumber is asked for tables
_GUTTER_MIN = 1.0       # narrowest gutter between columns, in text heights
_GUTTER_CROSSING = 0.2  # share of a page's text pieces that may cross the gutter (titles, tables)
_GUTTER_REGION = 0.2    # the gutter lies this share of the text width away from either side
_COLUMN_LINES = 3       # lines of wrapped prose each column needs


@dataclass
class _Line:
    text: str
    page: int
    left: float = 0.0
    right: float = 0.0
    bottom: float = 0.0
    top: float = 0.0
    size: float = 0.0          # height of the loose box: font ascent + descent
    first_word: float = 0.0    # width of the line's first word
    kind: str = "paragraph"
    ocr: bool = False          # a paragraph read by OCR: never joined to its neighbours
    column: int = 0            # on a two-column page: 1 left, 2 right, 0 across the gutter
    font: float = 0.0          # the font size its first character is set in (PDF's Tf)


@dataclass
class _Page:
    lines: list
    height: float
    has_geometry: bool
    ruled: bool
    columns: tuple | None = None   # a two-column page's ((left, right), (left, right)) column edges


def read_pdf(data: bytes, source: str, sha256: str | None = None) -> Document:
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise _open_error(source, exc) from exc
    try:
        count = len(pdf)
        if count == 0:
            raise EmptyFile(source, msg("pdf-no-pages"))
        meta = _metadata(pdf)
        pages = [_read_page(pdf, i) for i in range(count)]
        empty = [i for i, page in enumerate(pages) if not page.lines]
        if empty:
            _ocr_pages(pdf, pages, empty, source, meta)
    except pdfium.PdfiumError as exc:
        raise CorruptFile(source, msg("pdf-page-unreadable", detail=exc)) from exc
    finally:
        pdf.close()
    meta["pages"] = count
    empty = [i + 1 for i, page in enumerate(pages) if not page.lines]
    if empty:
        meta["pages_without_text"] = empty
    ruled = [i for i, page in enumerate(pages) if page.ruled and page.has_geometry]
    if ruled:
        _merge_tables(data, pages, ruled, meta)
    for page in pages:
        if page.columns:
            _order_columns(page)
    pieces, headline = _assemble(pages)
    found = legacy.detect("\n".join(text for _, text in pieces))    # typed in .VnTime / VNI-Times
    if found:
        pieces = [(kind, legacy.convert(text, found)) for kind, text in pieces]
        headline = legacy.convert(headline, found) if headline else headline
        meta["legacy_encoding"] = found
    title = meta.pop("title", None) or headline
    return build_document(source=source, data=data, sha256=sha256, fmt="pdf", pieces=pieces, title=title,
                          meta=meta, empty_reason=msg("pdf-no-text-ocr" if "ocr_pages" in meta else "pdf-no-text"))


def _ocr_pages(pdf, pages: list[_Page], indexes: list[int], source: str, meta: dict) -> None:
    """Fill the pages that have no text layer with what Tesseract reads on them."""
    if not ocr.available():
        if len(indexes) == len(pages):
            raise NeedsOCR(source, msg("pdf-needs-ocr", hint=ocr.missing_reason()))
        return
    for i in indexes:
        page = pdf[i]
        try:
            image = ocr.page_image(page)
        finally:
            page.close()
        text = ocr.image_text(image, source)
        pages[i] = _Page([_Line(p, i, ocr=True) for p in ocr.paragraphs(text)], pages[i].height, False, False)
    meta["ocr_pages"] = [i + 1 for i in indexes]


def _open_error(source: str, exc: pdfium.PdfiumError):
    code = getattr(exc, "err_code", None)
    if code == pdfium_c.FPDF_ERR_PASSWORD:
        return EncryptedFile(source, msg("pdf-encrypted"))
    if code == pdfium_c.FPDF_ERR_SECURITY:
        return EncryptedFile(source, msg("pdf-security-handler"))
    if code == pdfium_c.FPDF_ERR_FORMAT:
        return CorruptFile(source, msg("pdf-damaged"))
    return CorruptFile(source, msg("pdf-unopenable", detail=exc))


def _metadata(pdf) -> dict:
    meta: dict = {}
    info = {key: value for key in pdf.METADATA_KEYS if (value := _meta_text(pdf, key))}
    title = one_line(info.get("Title"))
    if title and not _JUNK_TITLE.search(title) and len(title) > 3:
        meta["title"] = title
    for key in ("Author", "Subject", "Creator", "Producer"):
        if info.get(key):
            meta[key.lower()] = one_line(info[key])
    for key, name in (("CreationDate", "created"), ("ModDate", "modified")):
        if info.get(key):
            iso = _pdf_date(info[key])
            if iso:
                meta[name] = iso
    return meta


def _meta_text(pdf, key: str) -> str:
    """One entry of the document information dictionary. PDFium gives it as UTF-16; a value with a
    lone surrogate (a damaged or hostile file) keeps what is valid, with ``\ufffd`` for the rest,
    where ``get_metadata_value`` would raise UnicodeDecodeError."""
    name = (key + "\x00").encode("utf-8")
    size = pdfium_c.FPDF_GetMetaText(pdf, name, None, 0)
    if size <= 2:
        return ""
    buffer = ctypes.create_string_buffer(size)
    pdfium_c.FPDF_GetMetaText(pdf, name, buffer, size)
    return buffer.raw[:size - 2].decode("utf-16-le", "replace")


def _pdf_date(value: str) -> str | None:
    """``D:20240101080000Z`` / ``D:20240101080000+07'00'`` → ISO 8601."""
    m = re.match(r"^(?:D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(Z|[+-]\d{2}'?\d{2}'?)?", value.strip())
    if not m:
        return None
    year, month, day, hour, minute, second, tz = m.groups()
    out = f"{year}-{month or '01'}-{day or '01'}"
    if hour:
        out += f"T{hour}:{minute or '00'}:{second or '00'}"
        if tz == "Z":
            out += "+00:00"
        elif tz:
            digits = re.sub(r"\D", "", tz)
            out += f"{tz[0]}{digits[:2]}:{digits[2:4] or '00'}"
    return out


# -- one page -----------------------------------------------------------------------------------------
def _read_page(pdf, index: int) -> _Page:
    page = pdf[index]
    try:
        textpage = page.get_textpage()
        try:
            lines, spans, geometry = _page_lines(textpage, index)
            columns = None
            if geometry and len(lines) >= 2 * _COLUMN_LINES:
                found = _two_columns(textpage, lines, spans, page.get_height())
                if found:
                    lines, columns = found
        finally:
            textpage.close()
        ruled = bool(lines) and _has_rulings(page)
        return _Page(lines, page.get_height(), geometry, ruled, columns)
    finally:
        page.close()


def _page_lines(textpage, page_no: int) -> tuple[list[_Line], list[tuple[int, int]], bool]:
    """The page's lines, the character range of each, and whether they have boxes."""
    count = textpage.count_chars()
    if count <= 0:
        return [], [], True
    text = textpage.get_text_range(0, count)
    # PDFium counts the \r\n it generates between lines as characters, so a string index is a char
    # index. When a file makes that untrue, keep the text and rejoin lines without geometry.
    geometry = len(text) == count
    lines = []
    spans = []
    for m in _LINE.finditer(text):
        raw = m.group()
        if not raw.strip():
            continue
        start = m.start() + len(raw) - len(raw.lstrip())
        end = m.start() + len(raw.rstrip()) - 1
        line = _Line(_clean(text[start:end + 1]), page_no)
        if geometry:
            _measure(line, textpage, start, end)
        lines.append(line)
        spans.append((start, end))
    return lines, spans, geometry


def _clean(body: str) -> str:
    return body.replace("\x02", "-")   # PDFium's mark for a hyphen at the end of a line


def _measure(line: _Line, textpage, start: int, end: int) -> None:
    """Box, text height and first word's width of the line drawn by characters ``start..end``."""
    charbox = textpage.get_charbox
    word_end = start + len(line.text.split(None, 1)[0]) - 1
    left, bottom, _, top = charbox(start, loose=True)
    _, bottom2, right, top2 = charbox(end, loose=True)
    _, bottom3, word_right, top3 = charbox(word_end, loose=True)
    line.left, line.right = left, right
    line.bottom, line.top = min(bottom, bottom2), max(top, top2)
    # some fonts give a loose box only as tall as the letter: the tallest of three stands for the line
    line.size = max(top - bottom, top2 - bottom2, top3 - bottom3)
    line.first_word = word_right - left
    line.font = round(pdfium_c.FPDFText_GetFontSize(textpage, start), 1)


def _has_rulings(page) -> bool:
    paths = 0
    for _ in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_PATH,), max_depth=2):
        paths += 1
        if paths >= _MIN_RULINGS:
            return True
    return False


# -- two columns --------------------------------------------------------------------------------------
def _text_rects(textpage) -> list[tuple[float, float, float, float]]:
    """PDFium's text rectangles ``(left, bottom, right, top)``: one per run of characters drawn by
    one text object, so two columns that PDFium put on one line are two rectangles."""
    get = pdfium_c.FPDFText_GetRect
    left, top, right, bottom = ctypes.c_double(), ctypes.c_double(), ctypes.c_double(), ctypes.c_double()
    out = []
    for i in range(pdfium_c.FPDFText_CountRects(textpage, 0, -1)):
        if get(textpage, i, left, top, right, bottom):
            out.append((left.value, bottom.value, right.value, top.value))
    return out


def _find_gutter(rects: list) -> tuple[float, float] | None:
    """``(left, right)`` of a vertical strip near the middle that (almost) no text crosses, with
    text on both sides; None on a one-column page."""
    if len(rects) < 2 * _COLUMN_LINES:
        return None
    lo = min(r[0] for r in rects)
    hi = max(r[2] for r in rects)
    width = hi - lo
    if width <= 0:
        return None
    region = (lo + _GUTTER_REGION * width, hi - _GUTTER_REGION * width)
    if sum(1 for r in rects if r[0] >= region[0]) < _COLUMN_LINES:
        return None       # nothing starts right of the margin: one column (the usual page, at once)
    events = sorted([(r[0], 1) for r in rects] + [(r[2], -1) for r in rects])
    # the least covered stretch of the middle region (the widest among equals)
    best = None          # (cover, -width, x)
    cover = 0
    previous = lo
    for x, step in events:
        a, b = max(previous, region[0]), min(x, region[1])
        if b > a:
            key = (cover, a - b, (a + b) / 2)
            if best is None or key < best:
                best = key
        cover += step
        previous = x
    if best is None or best[0] > _GUTTER_CROSSING * len(rects):
        return None
    x = best[2]
    left = [r for r in rects if r[2] <= x]
    right = [r for r in rects if r[0] >= x]
    if len(left) < _COLUMN_LINES or len(right) < _COLUMN_LINES:
        return None
    g0, g1 = max(r[2] for r in left), min(r[0] for r in right)
    height = statistics.median(r[3] - r[1] for r in rects)
    if g1 - g0 < _GUTTER_MIN * height:
        return None
    return g0, g1


def _two_columns(textpage, lines: list[_Line], spans: list, page_height: float):
    """``(lines, columns)`` for a page set in two columns of prose, else None. Lines that PDFium
    joined across the gutter are cut in two; nothing is reordered yet (tables come first)."""
    rects = [r for r in _text_rects(textpage) if r[2] > r[0]]
    gutter = _find_gutter([r for r in rects if _in_body((r[1] + r[3]) / 2, page_height)])
    if gutter is None:
        return None
    g0, g1 = gutter
    crossing = [r for r in rects if r[0] < g1 and r[2] > g0]
    text = None
    out = []
    for line, (start, end) in zip(lines, spans):
        if line.left > g0 or line.right < g1 or any(r[1] < line.top and r[3] > line.bottom for r in crossing):
            out.append(line)          # inside one column, or across the gutter for real
            continue
        if text is None:
            text = textpage.get_text_range(0, textpage.count_chars())
        for a, b in _runs(textpage.get_charbox, start, end, (g0 + g1) / 2):   # PDFium ran lines together
            piece = text[a:b + 1]
            a += len(piece) - len(piece.lstrip())
            b -= len(piece) - len(piece.rstrip())
            if a <= b:
                part = _Line(_clean(text[a:b + 1]), line.page)
                _measure(part, textpage, a, b)
                out.append(part)
    middle = (g0 + g1) / 2
    width = max(l.right for l in out) - min(l.left for l in out)
    left = [l for l in out if l.right <= middle and _in_body((l.top + l.bottom) / 2, page_height)]
    right = [l for l in out if l.left >= middle and _in_body((l.top + l.bottom) / 2, page_height)]
    columns = (_edges(left), _edges(right))
    if not (_is_prose(left, columns[0], width) and _is_prose(right, columns[1], width)):
        return None
    return out, columns


def _edges(lines: list[_Line]) -> tuple[float, float]:
    """A column's left and right edges (the second longest line: one line may stick out)."""
    if not lines:
        return 0.0, 0.0
    rights = sorted((l.right for l in lines), reverse=True)
    return min(l.left for l in lines), rights[1] if len(rights) > 1 else rights[0]


def _in_body(y: float, page_height: float) -> bool:
    return page_height * _MARGIN_ZONE < y < page_height * (1 - _MARGIN_ZONE)


def _runs(charbox, start: int, end: int, middle: float) -> list[tuple[int, int]]:
    """Cut the characters ``start..end`` of what PDFium gave as one line where they cross the
    gutter's ``middle`` or go back to the left: the pieces of the real lines it ran together."""
    runs = []
    first = start
    side = None
    previous = None
    for i in range(start, end + 1):
        left, _, right, _ = charbox(i, loose=True)
        if right <= left and i != start:        # a space PDFium added: it belongs to what it follows
            continue
        here = left >= middle
        if i > first and (here != side or left < previous - 1):
            runs.append((first, i - 1))
            first = i
        side, previous = here, right
    runs.append((first, end))
    return runs


def _is_prose(lines: list[_Line], edges: tuple[float, float], text_width: float) -> bool:
    """Whether the lines on one side of a gutter are a column of running text: wide enough, and
    mostly wrapped (the next line's first word would not have fitted at the end of the line), which
    the cells of a table are not."""
    if len(lines) < _COLUMN_LINES:
        return False
    left, right = edges
    if right - left < 0.25 * text_width:
        return False
    wrapped = sum(1 for a, b in zip(lines, lines[1:])
                  if 0 < a.bottom - b.bottom <= 2 * a.size and a.right + 0.3 * a.size + b.first_word > right)
    return wrapped >= max(_COLUMN_LINES - 1, 0.4 * (len(lines) - 1))


def _order_columns(page: _Page) -> None:
    """Left column, then right column, band by band between the lines that cross the gutter.

    Writers that draw a page column by column already give this order, and then it is kept as it
    is (a short line after the columns, below the left one, stays after them); a page drawn row by
    row across both columns is put in this order."""
    middle = (page.columns[0][1] + page.columns[1][0]) / 2
    across = []
    for line in page.lines:
        line.column = 1 if line.right <= middle else 2 if line.left >= middle else 0
        if not line.column:
            across.append(line)
    across.sort(key=lambda l: -(l.top + l.bottom))
    bands: list[list[_Line]] = [[] for _ in range(len(across) + 1)]
    for line in page.lines:
        if line.column:
            middle = (line.top + line.bottom) / 2
            bands[sum(1 for a in across if (a.top + a.bottom) / 2 > middle)].append(line)
    if not any(_interleaved(band) for band in bands):
        return
    ordered = []
    for k, band in enumerate(bands):
        for column in (1, 2):
            ordered += sorted((l for l in band if l.column == column), key=lambda l: -(l.top + l.bottom))
        if k < len(across):
            ordered.append(across[k])
    page.lines = ordered


def _interleaved(band: list[_Line]) -> bool:
    """Whether the page was drawn row by row: the lines go from one column to the other more than
    column by column would (left, right, and a line after both), or start in the right one."""
    sides = [line.column for line in band]
    switches = sum(1 for a, b in zip(sides, sides[1:]) if a != b)
    return switches > 2 or (switches > 0 and sides[0] == 2)


# -- tables -------------------------------------------------------------------------------------------
def _merge_tables(data: bytes, pages: list[_Page], indexes: list[int], meta: dict) -> None:
    """Replace the lines inside ruled tables with one ``table-row`` line per row (pdfplumber)."""
    import pdfplumber
    from pdfminer.pdfexceptions import PDFException
    from pdfminer.psexceptions import PSException
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        with pdfplumber.open(io.BytesIO(data)) as doc:
            for i in indexes:
                page = doc.pages[i]
                for table in page.find_tables():
                    rows = [[" ".join((cell or "").split()) for cell in row] for row in table.extract()]
                    rows = [row for row in rows if any(row)]
                    if len(rows) < 2 or max(len(row) for row in rows) < 2:
                        continue      # a framed paragraph, not a table
                    x0, top, x1, bottom = table.bbox
                    _replace_with_rows(pages[i], rows, x0, x1, page.height - bottom, page.height - top)
    except (PdfminerException, PDFException, PSException) as exc:
        # the text is already there from PDFium; only the table structure is lost
        meta["table_error"] = f"tables not extracted: {exc}"


def _replace_with_rows(page: _Page, rows, x0, x1, y0, y1) -> None:
    def inside(line: _Line) -> bool:
        cy, cx = (line.top + line.bottom) / 2, (line.left + line.right) / 2
        return y0 <= cy <= y1 and x0 <= cx <= x1

    first = next((k for k, line in enumerate(page.lines) if inside(line)), None)
    if first is None:
        return
    kept = [line for line in page.lines if not inside(line)]
    height = page.lines[first].size
    new_rows = [_Line(" | ".join(row), page.lines[first].page, x0, x1, y0, y1, height, 0.0, "table-row")
                for row in rows]
    before = sum(1 for line in page.lines[:first] if not inside(line))
    page.lines = kept[:before] + new_rows + kept[before:]


# -- paragraphs ---------------------------------------------------------------------------------------
def _assemble(pages: list[_Page]) -> tuple[list[tuple[str, str]], str | None]:
    """Pieces ``(kind, text)`` in order, and the first page's headline (largest type) if any."""
    running = _running_lines(pages)
    headers: list[str] = []
    footers: list[str] = []
    flow: list[_Line] = []
    for page in pages:
        for line in page.lines:
            zone = _zone(line, page)
            if zone and _PAGE_NUMBER.match(line.text):
                continue
            if zone and _running_key(line.text) in running:
                target = headers if zone == "top" else footers
                if line.text not in target and _running_key(line.text) not in map(_running_key, target):
                    target.append(line.text)
                continue
            flow.append(line)

    body_size = _body_size(flow)
    metrics = _metrics([p for p in pages if p.has_geometry and p.lines], body_size)

    paragraphs: list[list] = []      # [kind, text, size]
    prev: _Line | None = None
    page_of = {id(line): page for page in pages for line in page.lines}
    for line in flow:
        page = page_of[id(line)]
        if prev is not None and line.kind == "paragraph" and prev.kind == "paragraph" \
                and _continues(prev, line, page, metrics, page_of):
            paragraphs[-1][1] = _join(paragraphs[-1][1], line.text)
        else:
            kind = line.kind
            if kind == "paragraph" and body_size and line.size > body_size * 1.2:
                kind = "heading"
            paragraphs.append([kind, line.text, line.size])
        prev = line

    headline = None
    first_page_lines = {id(line) for line in pages[0].lines} if pages else set()
    if flow and id(flow[0]) in first_page_lines:
        for kind, text, _ in paragraphs[:3]:
            if kind == "heading":
                headline = text
                break
    pieces = [("header", h) for h in headers]
    pieces += [(kind, text) for kind, text, _ in paragraphs]
    pieces += [("footer", f) for f in footers]
    return pieces, headline


def _zone(line: _Line, page: _Page) -> str | None:
    if not page.has_geometry or page.height <= 0:
        return None
    middle = (line.top + line.bottom) / 2
    if middle >= page.height * (1 - _MARGIN_ZONE):
        return "top"
    if middle <= page.height * _MARGIN_ZONE:
        return "bottom"
    return None


def _running_key(text: str) -> str:
    return re.sub(r"\d+", "#", text.casefold())


def _running_lines(pages: list[_Page]) -> set[str]:
    """Texts (digits ignored) repeated in the top or bottom zone of at least half of the pages (≥ 2)."""
    if len(pages) < 2:
        return set()
    seen: Counter = Counter()
    for page in pages:
        keys = {_running_key(line.text) for line in page.lines if _zone(line, page)}
        seen.update(keys)
    need = max(2, (len(pages) + 1) // 2)
    return {key for key, n in seen.items() if n >= need}


def _body_size(lines: list[_Line]) -> float:
    sizes: Counter = Counter()
    for line in lines:
        if line.size > 0 and line.kind == "paragraph":
            sizes[round(line.size, 1)] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 0.0


def _percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[int(q * (len(values) - 1))]


def _is_body(line: _Line, body_size: float) -> bool:
    return line.kind == "paragraph" and (not body_size or abs(line.size - body_size) <= 0.15 * body_size)


def _metrics(pages: list[_Page], body_size: float) -> dict:
    """Margins per page and the document's usual line pitch (as a multiple of the line height).

    A page of short lines (captions, a list) says nothing about where full lines end, so a page's own
    right margin is used only when some of its lines reach near the document's."""
    all_body = [l for p in pages for l in p.lines if _is_body(l, body_size)]
    if not all_body:
        all_body = [l for p in pages for l in p.lines if l.kind == "paragraph"]
    if not all_body:
        return {}
    doc_left = _percentile([l.left for l in all_body], 0.1)
    doc_right = _percentile([l.right for l in all_body], 0.9)
    width = max(doc_right - doc_left, 1.0)
    ratios = []
    out: dict = {}
    for page in pages:
        body = [l for l in page.lines if _is_body(l, body_size)] or \
            [l for l in page.lines if l.kind == "paragraph"]
        if not body:
            continue
        ratios += [(a.bottom - b.bottom) / a.size for a, b in zip(body, body[1:])
                   if a.size > 0 and 0 < a.bottom - b.bottom < 3 * a.size]
        rights = sorted((l.right for l in body), reverse=True)
        right = rights[1] if len(rights) > 1 else rights[0]
        if right < doc_right - 0.1 * width:
            right = doc_right
        out[id(page)] = {"left": _percentile([l.left for l in body], 0.1), "right": right}
        for column, (edge_left, edge_right) in enumerate(page.columns or (), 1):
            lefts = [l.left for l in body if l.column == column]
            out[(id(page), column)] = {"left": _percentile(lefts, 0.1) if lefts else edge_left,
                                       "right": edge_right}
    out["pitch"] = statistics.median(ratios) if ratios else None
    return out


def _metrics_key(line: _Line, page: _Page):
    return (id(page), line.column) if line.column else id(page)


def _continues(prev: _Line, line: _Line, page: _Page, metrics: dict, page_of: dict) -> bool:
    """Whether ``line`` carries on the paragraph that ``prev`` ended."""
    if line.ocr or prev.ocr:
        return False
    ends_sentence = prev.text.endswith((".", ":", "!", "?", ";", "…"))
    if _BULLET.match(line.text) or ends_sentence and _DASH_ITEM.match(line.text):
        return False
    m = metrics.get(_metrics_key(line, page))
    prev_page = page_of[id(prev)]
    if m is None or _metrics_key(prev, prev_page) not in metrics:
        # no geometry: a line continues unless the one before it closed a sentence
        return not ends_sentence and not line.text[:1].isupper()
    size = max(prev.size, line.size, 1.0)
    if abs(prev.size - line.size) > 0.15 * size and not (prev.font == line.font > 1):
        return False                                     # a change of type size (boxes of some fonts vary)
    next_column = prev_page is page and prev.column == 1 and line.column == 2
    if next_column and ends_sentence and line.text[:1].isupper():
        return False
    if prev_page is page and not next_column:          # the top of the next column: as on a new page
        drop = prev.bottom - line.bottom
        if drop <= 0:                                   # moved up: a new column or a box
            return False
        pitch = metrics["pitch"]
        if pitch and drop > pitch * size * _PITCH_FACTOR:
            return False
    # would the first word of this line have fitted at the end of the previous one?
    right = metrics[_metrics_key(prev, prev_page)]["right"]
    if prev.right + 0.3 * size + line.first_word <= right + 0.5:
        return False
    indent = 0.8 * size
    if line.left > m["left"] + indent and line.left > prev.left + indent:
        return False                                     # first-line indent of a new paragraph
    return True


def _join(left: str, right: str) -> str:
    # A line ending in a hyphen right after a letter or digit was broken inside a token such as
    # "383-KH/UBKT" or "2021-2030": glue it back without a space.
    if len(left) >= 2 and left[-1] in "-\u2010\u2011" and left[-2].isalnum():
        return left + right
    return left + " " + right

"""The original on the document page, with its extracted items marked (``pipeline.marks``,
``web/original.py``). Where a mark is drawn is checked against what PDFium itself says about the
item's characters: their char boxes, found in the page's own text by a plain search here, not by the
alignment under test. The browser tests (Chromium at 1280 and 390 px) open a PDF from the search
results, see its page image and its marks where the items are, go from the field list to a mark, and
do the same in the text view of a DOCX; axe-core finds no violation."""
from __future__ import annotations

import contextlib
import os
import re
import shutil
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from ingest import ocr, read, read_bytes
from nlp import extract
from pipeline import marks, run_batch
from web import create_app, get_backend

from ..conftest import SAMPLES
from ..ingest.builders import new_pdf, pdf_bytes, scanned_pdf
from .conftest import ingested_app, served_app

# -- a PDF made here: Vietnamese text with known items, a running header, page numbers, two pages --
HEADER = "ĐOÀN TNCS HỒ CHÍ MINH · HUYỆN ĐOÀN NAM ĐÀN"
PLAN = "Kế hoạch số 57-KH/HĐTN ngày 14/3/2024"
UNIT = "Chi đoàn Thôn Xuân Lâm"
BODY = ("Ngày 02/4/2024, thực hiện " + PLAN + " của Ban Thường vụ Huyện đoàn Nam Đàn về kiểm tra công tác "
        "Đoàn năm 2024, Đoàn kiểm tra do đồng chí Nguyễn Thị Hoa, Phó Bí thư Huyện đoàn, làm trưởng đoàn đã "
        "làm việc tại " + UNIT + ". Qua kiểm tra cho thấy chi đoàn đã tổ chức sinh hoạt đều đặn, kết nạp "
        "12 đoàn viên mới trong năm.")
BODY2 = ("Tuy nhiên, việc lưu trữ hồ sơ, sổ sách của chi đoàn còn chưa đầy đủ. Đoàn kiểm tra đề nghị "
         + UNIT + " bổ sung sổ sách trước ngày 30/6/2024 và báo cáo kết quả về Ban Thường vụ Huyện đoàn Nam Đàn.")


def viet_pdf() -> bytes:
    pdf = new_pdf()
    pdf.set_auto_page_break(True, 25)
    for page, paragraphs in enumerate(([BODY], [BODY2]), 1):
        pdf.add_page()
        pdf.set_font("DejaVu", "", 9)
        pdf.set_y(10)
        pdf.cell(0, 5, HEADER, align="C")
        pdf.set_y(30)
        if page == 1:
            pdf.set_font("DejaVu", "B", 15)
            pdf.multi_cell(0, 8, "BÁO CÁO KẾT QUẢ KIỂM TRA CÔNG TÁC ĐOÀN", align="C", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(4)
        pdf.set_font("DejaVu", "", 12)
        for text in paragraphs:
            pdf.multi_cell(0, 6.6, text, align="J", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(3)
        pdf.set_font("DejaVu", "", 9)
        pdf.set_auto_page_break(False)
        pdf.set_y(-15)
        pdf.cell(0, 5, f"Trang {page}/2", align="C")
        pdf.set_auto_page_break(True, 25)
    assert pdf.page_no() == 2
    return pdf_bytes(pdf)


# -- what PDFium says, independently of pipeline.marks ------------------------------------------------
@contextlib.contextmanager
def _textpage(original: bytes | Path, number: int):
    """``(page, textpage)`` of page ``number``, read by PDFium itself (not through pipeline.marks), under
    its lock: PDFium is not thread-safe, and the served app draws pages meanwhile."""
    with marks.PDFIUM_LOCK, contextlib.closing(
            pdfium.PdfDocument(original if isinstance(original, bytes) else str(original))) as pdf, \
            contextlib.closing(pdf[number - 1]) as page, contextlib.closing(page.get_textpage()) as textpage:
        yield page, textpage


def pdfium_boxes(original: bytes | Path, number: int, text: str) -> list[tuple[float, float, float, float]]:
    """The loose char boxes of the one place ``text`` (whitespace aside) is written on page ``number``,
    one ``(x, y, w, h)`` per line, in points from the page's top-left corner."""
    with _textpage(original, number) as (page, textpage):
        count = textpage.count_chars()
        full = textpage.get_text_range(0, count)
        assert len(full) == count
        chars = [(c, i) for i, c in enumerate(full) if not c.isspace()]
        stream = "".join(c for c, _ in chars).replace("\x02", "-")
        needle = "".join(text.split())
        at = stream.find(needle)
        assert at >= 0 and stream.find(needle, at + 1) < 0, f"{text!r} is not once on page {number}"
        height = page.get_height()
        lines: dict[int, list[float]] = {}
        for k in range(at, at + len(needle)):
            left, bottom, right, top = textpage.get_charbox(chars[k][1], loose=True)
            box = lines.setdefault(round(height - top), [left, height - top, right, height - bottom])
            box[:] = [min(box[0], left), min(box[1], height - top), max(box[2], right), max(box[3], height - bottom)]
        return [(x0, y0, x1 - x0, y1 - y0) for x0, y0, x1, y1 in sorted(lines.values(), key=lambda b: b[1])]


def text_under(original: bytes | Path, number: int, rect: marks.Rect) -> str:
    """What PDFium reads inside ``rect`` (its middle band: the lines above and below stay out)."""
    with _textpage(original, number) as (page, textpage):
        height = page.get_height()
        pad = rect.h * 0.3
        return textpage.get_text_bounded(rect.x + 0.5, height - rect.y - rect.h + pad, rect.x + rect.w - 0.5,
                                         height - rect.y - pad)


def close(got: marks.Rect, want: tuple[float, float, float, float], tol: float = 0.6) -> bool:
    return all(abs(a - b) <= tol for a, b in zip((got.x, got.y, got.w, got.h), want))


def record_items(record):
    from web.original import items

    return items(record)


# -- span → box on real PDFs ----------------------------------------------------------------------------
def test_every_item_of_a_sample_pdf_is_marked_on_its_own_text():
    path = SAMPLES / "000.pdf"
    record = extract(read(path))
    found = record_items(record)
    layout = marks.layout(path, record.text, [it.span for it in found])
    assert layout.page_count == len(layout.pages) == 2
    assert len(found) > 20
    placed = 0
    for it, places in zip(found, layout.places):
        assert places, f"{it.kind} {it.text!r} not placed"
        placed += 1
        want = "".join(record.text[it.span[0]:it.span[1]].split())
        got = "".join("".join(text_under(path, p.page, r).split()) for p in places for r in p.rects)
        assert got.replace("\x02", "-") == want, (it.kind, it.text)
    assert placed == len(found)


def test_a_reference_on_one_line_is_marked_on_pdfiums_char_boxes():
    path = SAMPLES / "000.pdf"
    record = extract(read(path))
    ref = next(r for r in record.references if r.number == "383")
    (place,), = marks.layout(path, record.text, [ref.span]).places
    assert place.page == 1
    want = pdfium_boxes(path, 1, record.text[ref.span[0]:ref.span[1]])
    assert len(want) == len(place.rects) == 1
    assert close(place.rects[0], want[0]), (place.rects, want)


@pytest.fixture(scope="module")
def viet():
    data = viet_pdf()
    return data, extract(read_bytes(data, "bao-cao-nam-dan.pdf"))


def test_a_generated_vietnamese_pdf_marks_its_items_where_pdfium_draws_them(viet):
    data, record = viet
    text = record.text
    assert text.startswith(HEADER)             # the running header is moved to the front by the reader
    assert "Trang 1/2" not in text             # and page numbers are dropped
    ref = next(r for r in record.references if r.number == "57")
    units = [m for m in record.inspected_units if m.text == UNIT]
    assert ref.text.startswith("Kế hoạch số 57-KH/HĐTN") and len(units) >= 1
    spans = [ref.span] + [m.span for m in units]
    layout = marks.layout(data, text, spans)
    for span, places in zip(spans, layout.places):
        said = text[span[0]:span[1]]
        page = 1 if text.index(said) < text.index(BODY2[:30]) else 2
        assert [p.page for p in places] == [page]
        want = pdfium_boxes(data, page, said)
        assert len(places[0].rects) == len(want), (said, places, want)
        for got, box in zip(places[0].rects, want):
            assert close(got, box), (said, got, box)


def test_an_item_spread_over_two_lines_has_one_rectangle_per_line(viet):
    data, record = viet
    finding = max(record.findings, key=lambda f: f.span[1] - f.span[0])
    (place,), = marks.layout(data, record.text, [finding.span]).places
    want = pdfium_boxes(data, place.page, record.text[finding.span[0]:finding.span[1]])
    assert len(want) >= 2 and len(place.rects) == len(want)
    for got, box in zip(place.rects, want):
        assert close(got, box), (got, box)


def test_what_the_pdf_does_not_say_is_not_placed(viet):
    data, record = viet
    added = "Nội dung này không có trong tệp PDF nào cả."
    text = record.text + "\n" + added
    ref = next(r for r in record.references if r.number == "57")
    start = len(record.text) + 1
    word = text.index("tổ chức sinh hoạt")
    places = marks.layout(data, text, [(start, start + len(added)), ref.span, (0, 0), (5, 3),
                                       (len(text) - 3, len(text) + 10), (word, word + 2)]).places
    assert places[0] == ()                               # text the PDF lacks
    assert places[1]                                     # its neighbours are still placed
    assert places[2] == places[3] == places[4] == ()     # empty, reversed, past the end
    assert places[5]                                     # two letters inside a placed word are placed


def test_a_legacy_encoded_pdf_is_placed_through_its_conversion():
    from ingest import legacy

    said = ("Ban Thường vụ Huyện đoàn đã tiến hành kiểm tra công tác Đoàn và phong trào thanh thiếu nhi tại "
            "Chi đoàn Thôn Xuân Lâm theo Kế hoạch số 12-KH/HĐTN, đề nghị chi đoàn khắc phục những hạn chế.")
    pdf = new_pdf()
    pdf.add_page()
    pdf.set_font("DejaVu", "", 12)
    pdf.multi_cell(0, 7, legacy.encode(said, "tcvn3"))           # typed in .VnTime, read as Latin-1
    data = pdf_bytes(pdf)
    document = read_bytes(data, "tcvn3.pdf")
    assert document.meta.get("legacy_encoding") == "tcvn3"
    start = document.text.index("Chi đoàn Thôn Xuân Lâm")
    (place,), = marks.layout(data, document.text, [(start, start + 22)], encoding="tcvn3").places
    want = pdfium_boxes(data, 1, legacy.encode("Chi đoàn Thôn Xuân Lâm", "tcvn3"))
    assert len(place.rects) == len(want) and all(close(g, w) for g, w in zip(place.rects, want)), (place, want)


def test_page_images_are_bounded():
    path = SAMPLES / "000.pdf"
    png = marks.render_png(path, 1, 800)
    assert png.startswith(b"\x89PNG")
    from PIL import Image
    import io

    image = Image.open(io.BytesIO(png))
    size = pdfium.PdfDocument(str(path))[0].get_size()
    assert (image.width, image.height) == marks.image_size(*size, 800)[:2] == (800, 1132)
    assert marks.image_size(100, 10_000, 1600)[1] == marks.MAX_HEIGHT       # a long strip is drawn narrower
    for bad in ((0, 800), (3, 800), (1, 801)):
        with pytest.raises(marks.PageError):
            marks.render_png(path, *bad)
    with pytest.raises(marks.PageError):
        marks.render_png(b"%PDF-1.4 not really", 1, 800)


def test_only_the_first_pages_are_laid_out():
    path = SAMPLES / "001.pdf"
    record = extract(read(path))
    found = record_items(record)
    layout = marks.layout(path, record.text, [it.span for it in found], max_pages=1)
    assert layout.page_count == 4 and [p.number for p in layout.pages] == [1]
    assert all(p.page == 1 for places in layout.places for p in places)
    assert any(not places for places in layout.places)          # those on later pages are not placed


# -- scanned pages: Tesseract's word boxes ----------------------------------------------------------
SCAN = ["BÁO CÁO KẾT QUẢ KIỂM TRA",
        "Thực hiện Kế hoạch số 383-KH/UBKT ngày 28/4/2022 của Ủy ban Kiểm tra Thành Đoàn về việc kiểm tra.",
        "Ban Thường vụ Tỉnh đoàn đã kiểm tra Huyện đoàn Yên Khánh theo Kế hoạch số 261-KH/TĐTN-XDĐ."]


def need_ocr():
    if ocr.available():
        return
    message = "Tesseract or its Vietnamese model is missing: bash scripts/install-system-packages"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def scan_lines_top(dpi: int = 300, size: int = 12) -> list[float]:
    """Where ``scanned_pdf`` draws the first line of each paragraph, in points from the top (as built)."""
    margin, line = int(0.8 * dpi), int(size * dpi / 72 * 1.5)
    return [(margin + 2 * line * k) * 72 / dpi for k in range(len(SCAN))]


def test_a_scanned_page_is_marked_on_tesseracts_word_boxes():
    need_ocr()
    data = scanned_pdf([SCAN])
    record = extract(read_bytes(data, "scan.pdf"))
    assert record.document.meta["ocr_pages"] == [1]
    ref = next(r for r in record.references if r.number == "383")
    without = marks.layout(data, record.text, [ref.span], ocr_pages=[1])
    assert without.pages[0].scanned and not without.pages[0].words and without.places == ((),)
    words = marks.scanned_words(data, 1)
    assert any(w.text == "383-KH/UBKT" for w in words)
    (place,), = marks.layout(data, record.text, [ref.span], ocr_pages=[1], words={1: words}).places
    (rect,) = place.rects
    top = scan_lines_top()[1]
    font = 12
    assert top - 4 <= rect.y <= top + font and rect.h <= 2 * font      # on the line the text was drawn on
    first = next(w for w in words if w.text == "Kế")
    last = next(w for w in words if w.text == "28/4/2022")
    assert abs(rect.x - first.rect.x) < 1 and abs(rect.x + rect.w - (last.rect.x + last.rect.w)) < 1


# -- the routes -------------------------------------------------------------------------------------------
@pytest.fixture
def pdf_app(tmp_path):
    folder = tmp_path / "ho-so"
    folder.mkdir()
    shutil.copy(SAMPLES / "000.pdf", folder / "000.pdf")
    shutil.copy(SAMPLES / "001.docx", folder / "001.docx")
    (folder / "nam-dan.pdf").write_bytes(viet_pdf())
    with ingested_app(tmp_path, folder) as (app, report):
        assert report.failed_count == 0, report
        yield app, folder


def marks_in(html: str) -> int:
    """The marks on the pages (the legend's samples are not marks)."""
    return len(re.findall(r'<g class="mark k-[a-z]+" id="m-', html))


def _doc_id(app, name: str) -> str:
    with app.app_context():
        from search import parse

        for record in get_backend().iter_records(parse("")):
            if record.document.source.endswith(name):
                return record.doc_id
    raise AssertionError(f"{name} is not indexed")


def test_the_document_page_shows_each_page_with_its_marks(pdf_app):
    app, _ = pdf_app
    doc_id = _doc_id(app, "000.pdf")
    html = app.test_client().get(f"/doc/{doc_id}").get_data(as_text=True)
    assert html.count('<figure class="page"') == 2
    assert f'src="/doc/{doc_id}/page/1.png?w=1200"' in html and f"/doc/{doc_id}/page/2.png?w=800 800w" in html
    assert marks_in(html) >= 20 and 'data-key="ref-0"' in html
    assert 'data-mark="ref-0"' in html and 'data-mark="unit-0"' in html      # the field list's side
    assert "original.js" in html and "<script>" not in html and "<script type" not in html   # nothing inline (CSP)
    assert "không định vị được" not in html


def test_page_images_are_served_cached_and_bounded(pdf_app):
    app, _ = pdf_app
    client = app.test_client()
    doc_id = _doc_id(app, "000.pdf")
    r = client.get(f"/doc/{doc_id}/page/2.png?w=400")
    assert r.status_code == 200 and r.mimetype == "image/png" and r.data.startswith(b"\x89PNG")
    assert "immutable" in r.headers["Cache-Control"] and r.headers["ETag"]
    assert client.get(f"/doc/{doc_id}/page/2.png?w=400", headers={"If-None-Match": r.headers["ETag"]}).status_code == 304
    for url in (f"/doc/{doc_id}/page/3.png", f"/doc/{doc_id}/page/0.png", f"/doc/{doc_id}/page/1.png?w=5000",
                f"/doc/{doc_id}/page/1.png?w=x", f"/doc/{doc_id}/page/{marks.PAGE_LIMIT + 1}.png",
                f"/doc/{'0' * 64}/page/1.png", "/doc/abc/page/1.png", f"/doc/{_doc_id(app, '001.docx')}/page/1.png"):
        assert client.get(url).status_code == 404, url


def test_nothing_is_drawn_from_a_file_that_changed_or_lies_outside_the_ingested_folders(pdf_app, tmp_path):
    app, folder = pdf_app
    client = app.test_client()
    doc_id = _doc_id(app, "nam-dan.pdf")
    assert client.get(f"/doc/{doc_id}/page/1.png").status_code == 200
    (folder / "nam-dan.pdf").write_bytes(b"%PDF-1.4 changed since it was indexed")
    assert client.get(f"/doc/{doc_id}/page/1.png").status_code == 404
    html = client.get(f"/doc/{doc_id}").get_data(as_text=True)
    assert "Không còn tệp gốc" in html and "/page/1.png" not in html
    # a record whose source names a PDF outside the folders given to ingest: its bytes hash right, still nothing
    outside = tmp_path / "ngoai" / "000.pdf"
    outside.parent.mkdir()
    shutil.copy(SAMPLES / "000.pdf", outside)
    real = extract(read(outside))              # the same bytes as the ingested 000.pdf: the same id
    with app.app_context():
        get_backend().upsert([real])
    assert client.get(f"/doc/{real.doc_id}/page/1.png").status_code == 404


def test_a_docx_keeps_its_text_view_and_the_index_leads_to_its_marks(pdf_app):
    app, _ = pdf_app
    doc_id = _doc_id(app, "001.docx")
    html = app.test_client().get(f"/doc/{doc_id}").get_data(as_text=True)
    assert 'data-mode="text"' in html and '<figure class="page"' not in html
    assert "data-index='{" in html and '"text": [' in html


def test_the_section_alone_is_served_for_the_script(pdf_app):
    app, _ = pdf_app
    doc_id = _doc_id(app, "000.pdf")
    r = app.test_client().get(f"/doc/{doc_id}/ban-goc")
    assert r.status_code == 200 and r.headers["Cache-Control"] == "no-store"
    html = r.get_data(as_text=True)
    assert html.lstrip().startswith('<section class="original" id="original"') and "original.js" not in html
    assert app.test_client().get(f"/doc/{'f' * 64}/ban-goc").status_code == 404


def test_a_long_document_shows_its_pages_first_and_its_marks_when_asked(pdf_app, monkeypatch):
    from web import original

    monkeypatch.setattr(original, "INLINE_CHARS", 100)
    app, _ = pdf_app
    client = app.test_client()
    doc_id = _doc_id(app, "000.pdf")
    html = client.get(f"/doc/{doc_id}").get_data(as_text=True)
    assert html.count('<figure class="page"') == 2 and marks_in(html) == 0
    assert f'data-next="/doc/{doc_id}/ban-goc"' in html and "?danh_dau=1#original" in html
    assert "không định vị được" not in html                 # not placed yet is not "not placed"
    section = client.get(f"/doc/{doc_id}/ban-goc").get_data(as_text=True)
    assert marks_in(section) >= 20 and "data-next" not in section
    # then kept: the page has them at once
    assert marks_in(client.get(f"/doc/{doc_id}").get_data(as_text=True)) >= 20
    # without JavaScript, the page's link asks for them
    other = _doc_id(app, "nam-dan.pdf")
    assert marks_in(client.get(f"/doc/{other}").get_data(as_text=True)) == 0
    assert marks_in(client.get(f"/doc/{other}?danh_dau=1").get_data(as_text=True)) >= 5


def test_a_scanned_page_is_read_again_when_the_script_asks(tmp_path):
    need_ocr()
    folder = tmp_path / "quet"
    folder.mkdir()
    (folder / "ban-quet.pdf").write_bytes(scanned_pdf([SCAN]))
    with ingested_app(tmp_path, folder) as (app, report):
        assert report.failed_count == 0, report
        client = app.test_client()
        doc_id = _doc_id(app, "ban-quet.pdf")
        html = client.get(f"/doc/{doc_id}").get_data(as_text=True)
        assert f'data-next="/doc/{doc_id}/ban-goc?ocr=1"' in html and marks_in(html) == 0
        assert "trang quét" in html
        section = client.get(f"/doc/{doc_id}/ban-goc?ocr=1").get_data(as_text=True)
        assert 'class="mark k-ref"' in section and "data-next" not in section
        assert marks_in(client.get(f"/doc/{doc_id}").get_data(as_text=True)) >= 3     # kept


def test_without_tesseract_a_scanned_page_says_so_and_lists_its_items_as_not_placed(pdf_app, monkeypatch):
    from ingest import ConverterMissing
    from web import original

    def missing(original_, number, source=""):
        raise ConverterMissing(source, ocr.missing_reason())

    monkeypatch.setattr(original, "_ocr_pages", lambda record: [1])       # page 1 as if it had been scanned
    monkeypatch.setattr(marks, "scanned_words", missing)
    app, _ = pdf_app
    client = app.test_client()
    doc_id = _doc_id(app, "000.pdf")
    html = client.get(f"/doc/{doc_id}").get_data(as_text=True)
    assert f'data-next="/doc/{doc_id}/ban-goc?ocr=1"' in html
    section = client.get(f"/doc/{doc_id}/ban-goc?ocr=1").get_data(as_text=True)
    assert "Không đọc được vị trí chữ trên trang quét 1: " + ocr.missing_reason() in section
    assert "không đọc được vị trí chữ" in section and "data-next" not in section
    assert "mục không định vị được trên trang" in section and 'id="m-' in section     # page 2 keeps its marks


# -- in the browser -----------------------------------------------------------------------------------
WIDTHS = {"desktop": 1280, "phone": 390}


def _ingest(tmp: Path, with_scan: bool) -> None:
    folder = tmp / "ho-so"
    folder.mkdir()
    shutil.copy(SAMPLES / "000.pdf", folder / "000.pdf")
    shutil.copy(SAMPLES / "001.docx", folder / "001.docx")
    (folder / "nam-dan.pdf").write_bytes(viet_pdf())
    if with_scan:
        (folder / "ban-quet.pdf").write_bytes(scanned_pdf([SCAN]))
    app = create_app({"INDEX": f"sqlite:///{tmp / 'i.db'}", "SECRET_KEY": "o", "STORAGE": str(tmp / "files")})
    with app.app_context():
        report = run_batch([folder], get_backend())
        get_backend().close()
    assert not report.failed, report


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from .test_browser import _require_browser

    _require_browser()
    tmp = tmp_path_factory.mktemp("original")
    _ingest(tmp, ocr.available())
    with served_app(tmp, "original", samples=False) as url:
        yield url




def _open_from_results(page, server, q: str) -> None:
    """Search for ``q`` (one result) and open it, as a person does."""
    page.goto(server + "/?q=" + q)
    assert page.locator("li.hit").count() == 1
    page.locator("li.hit a.title").click()
    page.wait_for_url(re.compile(r"/doc/[0-9a-f]{64}"))


def _image_loaded(page, number: int):
    img = page.locator(f"#page-{number} img")
    img.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=img.element_handle())
    return img


def _expected_px(page, number: int, box) -> dict:
    """Where PDFium's box (points) falls on the page image as the browser lays it out."""
    figure = page.locator(f"#page-{number} svg.marks")
    width, height = (float(v) for v in figure.get_attribute("viewBox").split()[2:])
    img = page.locator(f"#page-{number} img").bounding_box()
    sx, sy = img["width"] / width, img["height"] / height
    x, y, w, h = box
    return {"x": img["x"] + x * sx, "y": img["y"] + y * sy, "width": w * sx, "height": h * sy}


def _near(got: dict, want: dict, tol: float = 2.5) -> bool:
    return all(abs(got[k] - want[k]) <= tol for k in ("x", "y", "width", "height"))


def _in_view(page, locator) -> bool:
    box = locator.bounding_box()
    return box is not None and 0 <= box["y"] and box["y"] + box["height"] <= page.viewport_size["height"]


@pytest.mark.browser
def test_a_pdf_from_the_results_shows_its_pages_with_the_items_marked_where_they_are(page, server):
    _open_from_results(page, server, "57-KH%2FHĐTN")
    assert page.locator("h2#original-title").inner_text().startswith("Bản gốc (2 trang)")
    _image_loaded(page, 1)
    assert page.locator("#page-1 g.mark").count() >= 5 and page.locator("#page-2 g.mark").count() >= 3
    data = viet_pdf()
    # the plan cited: its mark is where PDFium draws its characters
    key = page.locator("table.refs tr[data-mark]").first.get_attribute("data-mark")
    mark = page.locator(f"g.mark[data-key='{key}']").first
    assert mark.get_attribute("aria-label").startswith("Văn bản trích dẫn: Kế hoạch số 57-KH/HĐTN")
    said = mark.get_attribute("aria-label").split(": ", 1)[1]
    want = pdfium_boxes(data, 1, said)
    rects = mark.locator("rect")
    assert rects.count() == len(want)
    for k, box in enumerate(want):
        got, expected = rects.nth(k).bounding_box(), _expected_px(page, 1, box)
        assert _near(got, expected), (got, expected)
    # a date on page 2
    on_two = page.locator("#page-2 g.mark.k-date", has=page.locator("title", has_text="30/6/2024"))
    assert on_two.count() == 1
    _image_loaded(page, 2)
    got, expected = on_two.locator("rect").first.bounding_box(), _expected_px(page, 2, pdfium_boxes(data, 2, "30/6/2024")[0])
    assert _near(got, expected), (got, expected)


@pytest.mark.browser
def test_an_item_of_the_field_list_leads_to_its_mark(page, server):
    _open_from_results(page, server, "57-KH%2FHĐTN")
    # the unit, on page 1; then a date on page 2, further down
    for key, label, figure in (("unit-0", UNIT, "page-1"), ("date-2", "30/06/2024", "page-2")):
        button = page.locator(f"[data-mark='{key}'] + button.locate, [data-mark='{key}'] > button.locate")
        assert button.get_attribute("aria-label") == f"Xem trên bản gốc: {label}"
        button.click()
        focused = page.evaluate("document.activeElement.id")
        assert focused == f"m-{key}-0"
        mark = page.locator(f"[id='{focused}']")
        assert "located" in mark.get_attribute("class")
        assert page.evaluate("document.activeElement.closest('figure').id") == figure
        assert _in_view(page, mark), mark.bounding_box()
    # a finding's link goes to the page, not to the text below
    page.locator("ul.findings a[data-mark]").first.click()
    assert page.evaluate("document.activeElement.id").startswith("m-finding-")
    assert _in_view(page, page.locator("g.mark.located"))
    # a mark says what it is by its title and its line or hatching (a pattern's angle), not by colour alone
    styles = page.locator("ul.mark-legend g.mark rect").evaluate_all(
        "rs => rs.map(r => { const c = getComputedStyle(r); "
        "return [c.strokeDasharray, c.strokeWidth, c.fill.startsWith('url') ? c.fill.split('#').pop() : '']; })")
    assert len({tuple(map(str, s)) for s in styles}) == len(styles), styles


@pytest.mark.browser
def test_a_docx_leads_from_the_field_list_to_its_marks_in_the_text_view(page, server):
    _open_from_results(page, server, "format%3Adocx")
    assert page.locator("#original[data-mode=text]").count() == 1 and page.locator("figure.page").count() == 0
    button = page.locator("[data-mark='date-0'] button.locate")
    assert button.get_attribute("aria-label").startswith("Xem trong toàn văn:")
    button.click()
    focused = page.locator(".fulltext span.located")
    assert focused.count() == 1 and page.evaluate("document.activeElement.classList.contains('located')")
    assert "e-date" in focused.get_attribute("class")
    assert _in_view(page, focused)


@pytest.mark.browser
def test_a_scanned_page_gets_its_marks_once_its_word_boxes_are_read(page, server):
    need_ocr()
    _open_from_results(page, server, "Y%C3%AAn+Kh%C3%A1nh+format%3Apdf")
    page.wait_for_selector("#page-1 g.mark", timeout=60_000)
    assert page.locator("#original").get_attribute("data-next") is None
    assert "trang quét" in page.locator("#page-1 figcaption").inner_text()
    mark = page.locator("#page-1 g.mark.k-ref").first
    assert "383-KH/UBKT" in mark.get_attribute("aria-label") or "261-KH" in mark.get_attribute("aria-label")
    page.locator("table.refs tr[data-mark] button.locate").first.click()
    assert page.evaluate("document.activeElement.id").startswith("m-ref-")


@pytest.mark.browser
@pytest.mark.parametrize("width", list(WIDTHS))
def test_axe_finds_no_violation_on_the_original(browser, server, width):
    from .test_browser_pages import _axe_source, axe_violations

    axe = _axe_source()
    context = browser.new_context(locale="vi-VN", viewport={"width": WIDTHS[width], "height": 900}, bypass_csp=True)
    page = context.new_page()
    page.goto(server + "/?q=57-KH%2FHĐTN")
    pdf_url = page.locator("li.hit a.title").first.get_attribute("href")
    page.goto(server + "/?q=format%3Adocx")
    docx_url = page.locator("li.hit a.title").first.get_attribute("href")
    failures = axe_violations(page, axe, server, (pdf_url, docx_url))
    page.goto(server + pdf_url)
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTHS[width]
    context.close()
    assert not failures, failures

"""Reading order on two-column PDF pages, made with real writers (fpdf2, LibreOffice)."""
from __future__ import annotations

import pypdfium2 as pdfium
import pytest

from ingest.readers import pdf as pdf_reader
from ingest.readers.pdf import read_pdf

from .builders import (PLAN, SAMPLES, VIET, assert_blocks_consistent, docx_bytes, libreoffice_convert, new_pdf,
                       pdf_bytes)

TITLE = "BÁO CÁO KẾT QUẢ KIỂM TRA, GIÁM SÁT NĂM 2022"
INTRO = PLAN + " Đoàn kiểm tra đã làm việc trực tiếp với các cơ sở Đoàn trực thuộc trong tháng 5 và tháng 6."
SECTION = "II. ĐÁNH GIÁ CHUNG VÀ KIẾN NGHỊ"
CLOSING = "Trên đây là báo cáo kết quả kiểm tra, giám sát của Ban Thường vụ Tỉnh đoàn Ninh Bình năm 2022."
FIRST_BAND = [
    "Thứ nhất, " + VIET + " Các chi đoàn đã xây dựng chương trình công tác năm sát với thực tế địa phương.",
    "Thứ hai, công tác quản lý đoàn viên được thực hiện thường xuyên; sổ đoàn viên, sổ chi đoàn được ghi chép "
    "đầy đủ, đúng quy định. Việc thu, nộp đoàn phí cơ bản đúng thời hạn, có sổ theo dõi riêng cho từng chi đoàn.",
    "Thứ ba, một số chi đoàn chưa tổ chức sinh hoạt định kỳ hằng tháng, nội dung sinh hoạt còn đơn điệu, "
    "chưa thu hút được đoàn viên tham gia.",
]
SECOND_BAND = [
    "Đề nghị Ban Thường vụ Huyện đoàn Yên Khánh chỉ đạo các chi đoàn khắc phục ngay những hạn chế đã nêu, "
    "báo cáo kết quả về Ủy ban Kiểm tra Tỉnh đoàn trước ngày 30/9/2022.",
    "Đề nghị các cơ sở Đoàn tăng cường công tác tự kiểm tra, kịp thời phát hiện và chấn chỉnh những sai sót "
    "trong quản lý đoàn viên và sử dụng đoàn phí.",
]
FONT_SIZE = 10
LEADING = 5.0                 # mm between lines
LEFT, GUTTER, TEXT_WIDTH = 20.0, 10.0, 170.0
COLUMN = (TEXT_WIDTH - GUTTER) / 2


def _wrap(pdf, text: str, width: float) -> list[str]:
    lines, current = [], ""
    for word in text.split():
        trial = f"{current} {word}".strip()
        if current and pdf.get_string_width(trial) > width:
            lines.append(current)
            current = word
        else:
            current = trial
    return lines + [current]


def _columns(pdf, paragraphs: list[str]) -> list[list[str | None]]:
    """The lines of ``paragraphs`` wrapped to the column width and shared between two balanced
    columns (None: the half-line gap between two paragraphs)."""
    pdf.set_font("DejaVu", "", FONT_SIZE)
    slots: list[str | None] = []
    for k, text in enumerate(paragraphs):
        slots += ([None] if k else []) + _wrap(pdf, text, COLUMN)
    half = (len(slots) + 1) // 2
    left, right = slots[:half], slots[half:]
    return [left, right[1:] if right and right[0] is None else right]


def _band(pdf, y: float, paragraphs: list[str], by_rows: bool) -> float:
    """Draw ``paragraphs`` in two columns from ``y``, each line a text object, row by row across both
    columns or column by column; the y below them."""
    placed = []
    for c, column in enumerate(_columns(pdf, paragraphs)):
        yy = y
        for slot in column:
            if slot is not None:
                placed.append((yy, c, LEFT + c * (COLUMN + GUTTER), slot))
            yy += LEADING / 2 if slot is None else LEADING
    if by_rows:
        placed.sort(key=lambda t: (round(t[0], 3), t[1]))
    for yy, _, x, text in placed:
        pdf.text(x, yy, text)
    return max(t[0] for t in placed) + LEADING


def _full_width(pdf, y: float, text: str, *, bold: bool = False, size: int = FONT_SIZE) -> float:
    pdf.set_font("DejaVu", "B" if bold else "", size)
    pdf.set_xy(LEFT, y - 0.8 * LEADING)
    pdf.multi_cell(TEXT_WIDTH, LEADING, text, align="C" if bold else "J", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", FONT_SIZE)
    return pdf.get_y() + 0.8 * LEADING + LEADING / 2


def two_column_report(by_rows: bool) -> bytes:
    pdf = new_pdf()
    pdf.set_auto_page_break(False)
    pdf.add_page()
    y = _full_width(pdf, 30, TITLE, bold=True, size=13)
    y = _full_width(pdf, y, INTRO)
    y = _band(pdf, y, FIRST_BAND, by_rows) + LEADING / 2
    y = _full_width(pdf, y, SECTION, bold=True)
    y = _band(pdf, y, SECOND_BAND, by_rows) + LEADING / 2
    _full_width(pdf, y, CLOSING)
    return pdf_bytes(pdf)


def _pdfium_lines(data: bytes) -> list[str]:
    pdf = pdfium.PdfDocument(data)
    try:
        return pdf[0].get_textpage().get_text_range().split("\r\n")
    finally:
        pdf.close()


EXPECTED = [TITLE, INTRO, *FIRST_BAND, SECTION, *SECOND_BAND, CLOSING]


@pytest.mark.parametrize("by_rows", [True, False], ids=["drawn-row-by-row", "drawn-column-by-column"])
def test_two_columns_are_read_left_then_right_between_full_width_lines(by_rows):
    data = two_column_report(by_rows)
    left, right = _columns(new_pdf(), FIRST_BAND)
    assert left[-1] is not None and right[0] is not None     # the column break is inside a paragraph
    if by_rows:     # PDFium runs the first line of the left column into the first of the right one
        assert any(left[0] in line and right[0] in line for line in _pdfium_lines(data))
    doc = read_pdf(data, "bantin.pdf")
    assert doc.text.split("\n") == EXPECTED
    assert doc.title == TITLE
    assert [b.kind for b in doc.blocks] == ["heading"] + ["paragraph"] * (len(EXPECTED) - 1)
    assert_blocks_consistent(doc)


def test_without_column_reading_the_row_by_row_page_is_scrambled(monkeypatch):
    """What the test above guards against: the same page read line by line across both columns."""
    monkeypatch.setattr(pdf_reader, "_two_columns", lambda *a, **k: None)
    text = read_pdf(two_column_report(by_rows=True), "x.pdf").text
    assert text.split("\n") != EXPECTED
    assert FIRST_BAND[0] not in text


def _two_column_docx() -> bytes:
    import docx
    from docx.enum.section import WD_SECTION
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def columns(section, number: int) -> None:
        found = section._sectPr.xpath("./w:cols")
        cols = found[0] if found else OxmlElement("w:cols")
        cols.set(qn("w:num"), str(number))
        cols.set(qn("w:space"), "567")
        if not found:
            section._sectPr.append(cols)

    d = docx.Document()
    d.add_heading(TITLE, level=1)
    d.add_paragraph(INTRO)
    d.add_section(WD_SECTION.CONTINUOUS)
    for text in FIRST_BAND + SECOND_BAND + FIRST_BAND:
        d.add_paragraph(text)
    d.add_section(WD_SECTION.CONTINUOUS)
    d.add_paragraph(CLOSING)
    for section, number in zip(d.sections, (1, 2, 1)):      # one column, two columns, one column
        columns(section, number)
    return docx_bytes(d)


def test_two_column_section_of_a_libreoffice_pdf():
    data = libreoffice_convert(_two_column_docx(), "docx", "pdf")
    paragraphs = FIRST_BAND + SECOND_BAND + FIRST_BAND
    doc = read_pdf(data, "libreoffice.pdf")
    assert doc.text.split("\n") == [TITLE, INTRO, *paragraphs, CLOSING]
    pdf = pdfium.PdfDocument(data)
    try:
        page = pdf_reader._read_page(pdf, 0)
    finally:
        pdf.close()
    assert page.columns is not None      # it was read as two columns (and its lines rejoined in each)


# -- pages that must not be split -------------------------------------------------------------------------
def _one_column_report() -> bytes:
    """A one-column report with the two-part heading of Vietnamese official papers and a signature
    block beside the list of recipients: two-sided, but not columns of running text."""
    pdf = new_pdf()
    pdf.add_page()
    pdf.set_font("DejaVu", "", 10)
    y = 25
    for left, right in (("TỈNH ĐOÀN NINH BÌNH", "ĐOÀN TNCS HỒ CHÍ MINH"),
                        ("BAN THƯỜNG VỤ", "Ninh Bình, ngày 15 tháng 7 năm 2022"),
                        ("Số: 125-BC/TĐTN", "")):
        pdf.set_xy(20, y)
        pdf.cell(70, 5, left, align="C")
        pdf.set_xy(100, y)
        pdf.cell(90, 5, right, align="C")
        y += 5.5
    pdf.set_xy(20, y + 5)
    pdf.set_font("DejaVu", "B", 12)
    pdf.multi_cell(0, 6, TITLE, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font("DejaVu", "", 11)
    for text in [INTRO, *FIRST_BAND]:
        pdf.multi_cell(0, 6, text, align="J", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
    y = pdf.get_y() + 4
    for left, right in (("Nơi nhận:", "TM. BAN THƯỜNG VỤ"), ("- Ủy ban Kiểm tra Tỉnh đoàn;", "PHÓ BÍ THƯ"),
                        ("- Lưu VP.", "Nguyễn Văn Nam")):
        pdf.set_xy(20, y)
        pdf.cell(80, 5, left)
        pdf.set_xy(110, y)
        pdf.cell(80, 5, right, align="C")
        y += 6
    return pdf_bytes(pdf)


def _without_columns(monkeypatch, data: bytes) -> str:
    with monkeypatch.context() as m:
        m.setattr(pdf_reader, "_two_columns", lambda *a, **k: None)
        return read_pdf(data, "x.pdf").text


def _column_pages(data: bytes) -> list[int]:
    pdf = pdfium.PdfDocument(data)
    try:
        return [i for i in range(len(pdf)) if pdf_reader._read_page(pdf, i).columns]
    finally:
        pdf.close()


def test_one_column_page_is_read_as_before(monkeypatch):
    data = _one_column_report()
    assert _column_pages(data) == []
    text = read_pdf(data, "x.pdf").text
    assert text == _without_columns(monkeypatch, data)
    lines = text.split("\n")
    assert lines[lines.index(TITLE) + 1:lines.index(TITLE) + 5] == [INTRO, *FIRST_BAND]


@pytest.mark.parametrize("name", sorted(p.name for p in SAMPLES.glob("*.pdf")))
def test_sample_reports_are_one_column(name):
    assert _column_pages((SAMPLES / name).read_bytes()) == []


UNITS = [("Đoàn Tổng công ty Xi măng", "Hoàn thành tốt nhiệm vụ"), ("Huyện đoàn Yên Khánh", "Hoàn thành nhiệm vụ"),
         ("Đoàn Khu công nghiệp Gián Khẩu", "Hoàn thành xuất sắc nhiệm vụ"),
         ("Thành đoàn Tam Điệp", "Hoàn thành tốt nhiệm vụ"), ("Huyện đoàn Kim Sơn", "Chưa hoàn thành nhiệm vụ"),
         ("Đoàn Trường Cao đẳng Cơ điện", "Hoàn thành nhiệm vụ"), ("Huyện đoàn Nho Quan", "Hoàn thành tốt nhiệm vụ"),
         ("Đoàn Công an tỉnh", "Hoàn thành xuất sắc nhiệm vụ")]


def _table_page(borders: str) -> bytes:
    pdf = new_pdf()
    pdf.add_page()
    pdf.set_font("DejaVu", "", 11)
    pdf.multi_cell(0, 6, "Kết quả xếp loại các cơ sở Đoàn được kiểm tra:", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    with pdf.table(col_widths=(85, 85), borders_layout=borders, text_align="LEFT") as table:
        for row in [("Đơn vị", "Xếp loại"), *UNITS]:
            cells = table.row()
            for cell in row:
                cells.cell(cell)
    pdf.ln(2)
    pdf.multi_cell(0, 6, "Ban Tổ chức - Kiểm tra tổng hợp.", new_x="LMARGIN", new_y="NEXT")
    return pdf_bytes(pdf)


def test_ruled_two_column_table_keeps_its_rows():
    doc = read_pdf(_table_page("ALL"), "t.pdf")
    rows = [f"{a} | {b}" for a, b in [("Đơn vị", "Xếp loại"), *UNITS]]
    assert doc.text.split("\n") == ["Kết quả xếp loại các cơ sở Đoàn được kiểm tra:", *rows,
                                    "Ban Tổ chức - Kiểm tra tổng hợp."]


def test_borderless_two_column_table_is_not_split_into_columns(monkeypatch):
    data = _table_page("NONE")
    assert _column_pages(data) == []
    text = read_pdf(data, "t.pdf").text
    assert text == _without_columns(monkeypatch, data)
    flat = " ".join(text.split())
    for unit, grade in UNITS:           # each unit is still followed by its own grade
        assert f"{unit} {grade}" in flat

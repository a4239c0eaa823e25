from __future__ import annotations

import pypdfium2 as pdfium
import pytest

from ingest import CorruptFile, EmptyFile, EncryptedFile, NeedsOCR, read, read_bytes
from ingest.readers.pdf import read_pdf

from .builders import (PLAN, SAMPLES, VIET, assert_blocks_consistent, new_pdf, pdf_bytes, sample_title,
                       seed_lines, seed_numbers, simple_pdf)


def _pdfium_text(data: bytes) -> str:
    pdf = pdfium.PdfDocument(data)
    try:
        return "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()


@pytest.mark.parametrize("number", seed_numbers())
def test_sample_pdf_paragraphs_are_the_seed_lines(number):
    path = SAMPLES / f"{number}.pdf"
    doc = read(path)
    title = sample_title(number)
    seed = seed_lines(number)
    expected = [title] + [line for line in seed if line != title]
    assert doc.text.split("\n") == expected      # every wrapped line rejoined, no word broken
    assert doc.title == title
    assert doc.format == "pdf" and doc.published is None
    assert doc.meta["pages"] == len(pdfium.PdfDocument(path.read_bytes())) >= 2
    assert doc.blocks[0].kind == "heading"
    assert_blocks_consistent(doc)


def test_sample_pdf_is_really_wrapped_and_numbered():
    data = (SAMPLES / "000.pdf").read_bytes()
    raw = _pdfium_text(data)
    raw_lines = raw.replace("\r\n", "\n").split("\n")
    assert not any(line.strip() in seed_lines("000") for line in raw_lines if len(line) > 200)
    assert len(raw_lines) > 3 * len(seed_lines("000"))       # the writer wrapped the paragraphs
    assert "Trang 1/2" in raw
    doc = read_pdf(data, "000.pdf")
    assert "Trang 1/2" not in doc.text
    line = next(l for l in doc.text.split("\n") if "383-KH/UBKT" in l)
    assert "Kế hoạch số 383-KH/UBKT ngày 28/4/2022 của Ủy ban Kiểm tra Thành Đoàn" in line


def _wrap(pdf, text: str, width: float, first_width: float | None = None) -> list[str]:
    """Greedy wrapping that, like many writers, may also break after a hyphen."""
    tokens = []
    for word in text.split(" "):
        parts = word.split("-")
        tokens += [p + "-" for p in parts[:-1]] + [parts[-1]]
    lines, current = [], ""
    for token in tokens:
        glue = "" if current.endswith("-") or not current else " "
        limit = width if lines or first_width is None else first_width
        if current and pdf.get_string_width(current + glue + token) > limit:
            lines.append(current)
            current = token
        else:
            current += glue + token
    return lines + [current]


def _manual_pdf(paragraphs: list[str], *, width: float = 70, indent: float = 0, gap: float = 0) -> tuple[bytes, list]:
    pdf = new_pdf()
    pdf.add_page()
    pdf.set_font("DejaVu", "", 11)
    y = 30
    laid = []
    for text in paragraphs:
        lines = _wrap(pdf, text, width, width - indent)
        laid.append(lines)
        for k, line in enumerate(lines):
            pdf.text(20 + (indent if k == 0 else 0), y, line)
            y += 5.5
        y += gap
    return pdf_bytes(pdf), laid


def test_line_broken_after_a_hyphen_is_glued_back():
    text = PLAN + " " + VIET
    data, laid = _manual_pdf([text, "Tin, hình: BBT"], gap=3)
    assert any(line.endswith("383-") for line in laid[0])      # the writer did break inside the token
    doc = read_pdf(data, "x.pdf")
    assert doc.text.split("\n") == [text, "Tin, hình: BBT"]


def test_indented_paragraphs_without_spacing():
    paragraphs = [PLAN, VIET, "Kết luận tại buổi kiểm tra, Ban Thường vụ đề nghị các đơn vị tiếp tục vận động đoàn viên."]
    data, laid = _manual_pdf(paragraphs, width=90, indent=8)
    assert all(len(lines) >= 2 for lines in laid)
    assert read_pdf(data, "x.pdf").text.split("\n") == paragraphs


def test_paragraph_across_a_page_break_and_running_header():
    from fpdf import FPDF

    class Report(FPDF):
        def header(self):
            self.set_font("DejaVu", "", 9)
            self.cell(0, 6, "BAN CHẤP HÀNH TỈNH ĐOÀN NINH BÌNH", align="C", new_x="LMARGIN", new_y="NEXT")

        def footer(self):
            self.set_y(-12)
            self.set_font("DejaVu", "", 9)
            self.cell(0, 6, f"- {self.page_no()} -", align="C")

    pdf = Report(format="A4")
    pdf.add_font("DejaVu", "", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    pdf.set_margins(20, 20, 20)
    pdf.add_page()
    pdf.set_font("DejaVu", "", 12)
    long = " ".join([VIET] * 30)
    paragraphs = [PLAN, long, "Ban Xây dựng Đoàn"]
    for text in paragraphs:
        pdf.multi_cell(0, 6.5, text, align="J", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
    data = pdf_bytes(pdf)
    assert len(pdfium.PdfDocument(data)) >= 2
    doc = read_pdf(data, "x.pdf")
    lines = doc.text.split("\n")
    assert lines == ["BAN CHẤP HÀNH TỈNH ĐOÀN NINH BÌNH", *paragraphs]
    assert doc.blocks[0].kind == "header"


def test_title_from_headline_when_metadata_has_none_or_junk():
    for meta_title in (None, "Microsoft Word - baocao.docx"):
        pdf = new_pdf()
        if meta_title:
            pdf.set_title(meta_title)
        pdf.add_page()
        pdf.set_font("DejaVu", "B", 16)
        pdf.multi_cell(0, 8, "Báo cáo kết quả kiểm tra", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 12)
        pdf.multi_cell(0, 6.5, VIET, new_x="LMARGIN", new_y="NEXT")
        doc = read_pdf(pdf_bytes(pdf), "x.pdf")
        assert doc.title == "Báo cáo kết quả kiểm tra"
        assert [b.kind for b in doc.blocks] == ["heading", "paragraph"]


def test_table_rows_from_ruled_table():
    pdf = new_pdf()
    pdf.add_page()
    pdf.set_font("DejaVu", "", 11)
    pdf.multi_cell(0, 6, "Kết quả giới thiệu đoàn viên ưu tú:", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    with pdf.table(col_widths=(60, 40)) as table:
        for row in (("Đơn vị", "Số lượng"), ("Đoàn Tổng công ty", "19"), ("Đoàn Khu công nghệ cao", "07")):
            cells = table.row()
            for cell in row:
                cells.cell(cell)
    pdf.ln(2)
    pdf.multi_cell(0, 6, "Ban Tổ chức - Kiểm tra", new_x="LMARGIN", new_y="NEXT")
    doc = read_pdf(pdf_bytes(pdf), "t.pdf")
    assert doc.text.split("\n") == ["Kết quả giới thiệu đoàn viên ưu tú:", "Đơn vị | Số lượng",
                                    "Đoàn Tổng công ty | 19", "Đoàn Khu công nghệ cao | 07", "Ban Tổ chức - Kiểm tra"]
    assert [b.kind for b in doc.blocks] == ["paragraph", "table-row", "table-row", "table-row", "paragraph"]


def test_encrypted_pdf():
    pdf = new_pdf()
    pdf.add_page()
    pdf.set_font("DejaVu", "", 12)
    pdf.multi_cell(0, 6, VIET)
    pdf.set_encryption(owner_password="owner", user_password="mat-khau")
    with pytest.raises(EncryptedFile) as info:
        read_bytes(pdf_bytes(pdf), "secret.pdf")
    assert "được mã hoá" in info.value.reason
    assert isinstance(info.value.__cause__, pdfium.PdfiumError)


def test_pdf_with_only_an_owner_password_is_read():
    pdf = new_pdf()
    pdf.add_page()
    pdf.set_font("DejaVu", "", 12)
    pdf.multi_cell(0, 6, VIET)
    pdf.set_encryption(owner_password="owner-only")
    assert read_pdf(pdf_bytes(pdf), "x.pdf").text == VIET


def test_truncated_pdf_is_corrupt():
    data = (SAMPLES / "004.pdf").read_bytes()
    for cut in (len(data) // 2, len(data) - 100):
        with pytest.raises(CorruptFile) as info:
            read_bytes(data[:cut], "cut.pdf")
        assert isinstance(info.value.__cause__, pdfium.PdfiumError)


@pytest.mark.parametrize("data", [b"%PDF-1.7\n" + bytes(range(256)) * 8, b"%PDF-1.4\n%%EOF\n"])
def test_garbage_after_pdf_header_is_corrupt(data):
    with pytest.raises(CorruptFile):
        read_bytes(data, "garbage.pdf")


def _grey_pages() -> bytes:
    pdf = new_pdf()
    for _ in range(2):
        pdf.add_page()
        pdf.set_fill_color(90, 90, 90)
        pdf.rect(20, 20, 170, 250, style="F")       # an image of a page, no text layer
    return pdf_bytes(pdf)


def test_scanned_pdf_without_tesseract_needs_ocr(monkeypatch):
    from ingest import ocr

    monkeypatch.setattr(ocr, "available", lambda lang="vie": False)
    with pytest.raises(NeedsOCR) as info:
        read_pdf(_grey_pages(), "scan.pdf")
    assert "tesseract-ocr-vie" in info.value.reason and info.value.code == "needs-ocr"


def test_scanned_pages_with_nothing_to_read_are_empty(ocr_installed):
    with pytest.raises(EmptyFile) as info:
        read_pdf(_grey_pages(), "scan.pdf")
    assert "OCR không tìm thấy chữ nào" in info.value.reason


def test_page_without_text_is_listed(ocr_installed):
    pdf = new_pdf()
    pdf.add_page()
    pdf.set_font("DejaVu", "", 12)
    pdf.multi_cell(0, 6, VIET)
    pdf.add_page()
    pdf.rect(20, 20, 100, 100, style="F")
    doc = read_pdf(pdf_bytes(pdf), "x.pdf")
    assert doc.text == VIET and doc.meta["pages"] == 2 and doc.meta["pages_without_text"] == [2]


def test_metadata_goes_to_meta():
    data = simple_pdf([VIET], title="Báo cáo giám sát")
    doc = read_pdf(data, "x.pdf")
    assert doc.title == "Báo cáo giám sát"
    assert doc.meta["created"] == "2024-01-01T00:00:00+00:00"
    assert doc.published is None        # a file's creation date is not the document's date

"""Scanned PDFs: pages drawn by Pillow in DejaVu Sans (no text layer), read by Tesseract's Vietnamese
model. The character error rate against the source text is measured and must stay small."""
from __future__ import annotations


from ingest import ocr, read_bytes

from .builders import PLAN, VIET, assert_blocks_consistent, char_error_rate, new_pdf, pdf_bytes, scanned_pdf

PAGE1 = ["BÁO CÁO KẾT QUẢ KIỂM TRA", PLAN, VIET]
PAGE2 = ["Đoàn kiểm tra đề nghị Ban Thường vụ Huyện đoàn khắc phục những hạn chế, thiếu sót trong "
         "công tác quản lý đoàn viên và thu nộp đoàn phí trước ngày 30/6/2022."]
MAX_CER = 0.02      # measured 0.00 % on these pages (Tesseract 5.3.0, Debian tesseract-ocr-vie 4.1.0)


def test_scanned_pdf_is_read_by_ocr(ocr_installed):
    data = scanned_pdf([PAGE1, PAGE2])
    doc = read_bytes(data, "scan.pdf")
    assert doc.format == "pdf"
    assert doc.meta["ocr_pages"] == [1, 2] and "pages_without_text" not in doc.meta
    want = "\n".join(PAGE1 + PAGE2)
    cer = char_error_rate(doc.text, want)
    print(f"OCR character error rate: {cer:.2%}")
    assert cer <= MAX_CER
    assert len(doc.text.split("\n")) == len(PAGE1 + PAGE2)       # one line per paragraph
    assert_blocks_consistent(doc)


def test_only_the_pages_without_text_are_ocrd(ocr_installed):
    import pypdfium2 as pdfium

    text_pdf = new_pdf()
    text_pdf.add_page()
    text_pdf.set_font("DejaVu", "", 12)
    text_pdf.multi_cell(0, 6, VIET)
    merged = pdfium.PdfDocument(pdf_bytes(text_pdf))
    merged.import_pages(pdfium.PdfDocument(scanned_pdf([PAGE2])))
    import io

    buf = io.BytesIO()
    merged.save(buf)
    doc = read_bytes(buf.getvalue(), "mixed.pdf")
    assert doc.meta["ocr_pages"] == [2]
    first, second = doc.text.split("\n")
    assert first == VIET
    assert char_error_rate(second, PAGE2[0]) <= MAX_CER


def test_paragraphs_from_tesseract_output():
    out = "Dòng một của\nđoạn thứ nhất, kiểm tra-\ngiám sát.\n\nĐoạn hai.\n\f"
    assert ocr.paragraphs(out) == ["Dòng một của đoạn thứ nhất, kiểm tra-giám sát.", "Đoạn hai."]

from __future__ import annotations

import datetime as dt
import io
import zipfile

import docx
import pytest
from docx.enum.section import WD_SECTION

from ingest import CorruptFile, EmptyFile, EncryptedFile, UnsupportedFormat, read, read_bytes
from ingest.readers.docx import read_docx

from .builders import (PLAN, SAMPLES, VIET, assert_blocks_consistent, docx_bytes, sample_title, seed_lines,
                       seed_numbers, zip_bytes)


@pytest.mark.parametrize("number", seed_numbers())
def test_sample_docx_paragraphs_are_the_seed_lines(number):
    doc = read(SAMPLES / f"{number}.docx")
    title = sample_title(number)
    assert doc.text.split("\n") == [title] + [line for line in seed_lines(number) if line != title]
    assert doc.title == title
    assert doc.format == "docx"
    assert doc.published is None
    assert doc.meta["author"] == "Ban Tổ chức - Kiểm tra"
    assert doc.meta["created"].startswith(("2024-", "2022-", "2020-"))
    assert doc.blocks[0].kind == "heading"
    assert_blocks_consistent(doc)


def _report() -> docx.Document:
    d = docx.Document()
    section = d.sections[0]
    section.header.paragraphs[0].text = "ĐOÀN TNCS HỒ CHÍ MINH"
    section.footer.paragraphs[0].text = "Nơi nhận: Ban Thường vụ Tỉnh đoàn"
    d.add_heading("Báo cáo kết quả kiểm tra", level=1)
    d.add_paragraph(PLAN)
    table = d.add_table(rows=3, cols=3)
    table.style = "Table Grid"
    for r, row in enumerate([("Đơn vị", "Đoàn viên ưu tú", "Ghi chú"), ("Đoàn Tổng công ty", "19", ""),
                             ("Đoàn Khu công nghệ cao", "07", "vượt chỉ tiêu")]):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    d.add_paragraph(VIET)
    return d


def test_body_order_tables_headers_footers():
    doc = read_docx(docx_bytes(_report()), "r.docx")
    lines = doc.text.split("\n")
    assert lines[0] == "ĐOÀN TNCS HỒ CHÍ MINH" and lines[-1] == "Nơi nhận: Ban Thường vụ Tỉnh đoàn"
    assert lines[1:4] == ["Báo cáo kết quả kiểm tra", PLAN, "Đơn vị | Đoàn viên ưu tú | Ghi chú"]
    assert lines[4] == "Đoàn Tổng công ty | 19 |"          # the empty last cell keeps its place
    assert lines[5:7] == ["Đoàn Khu công nghệ cao | 07 | vượt chỉ tiêu", VIET]
    assert [b.kind for b in doc.blocks] == ["header", "heading", "paragraph", "table-row", "table-row",
                                            "table-row", "paragraph", "footer"]
    assert doc.title == "Báo cáo kết quả kiểm tra"   # no core title: the first heading
    assert_blocks_consistent(doc)


def test_merged_cells_appear_once():
    d = docx.Document()
    table = d.add_table(rows=2, cols=3)
    merged = table.cell(0, 0).merge(table.cell(0, 2))
    merged.text = "Kết quả kiểm tra năm 2023"
    for c, text in enumerate(("Huyện đoàn Tiểu Cần", "Đạt", "Tốt")):
        table.cell(1, c).text = text
    doc = read_docx(docx_bytes(d), "m.docx")
    assert doc.text.split("\n") == ["Kết quả kiểm tra năm 2023", "Huyện đoàn Tiểu Cần | Đạt | Tốt"]


def test_core_properties_and_headers_of_later_sections():
    d = _report()
    d.core_properties.title = "Báo cáo số 12-BC/TĐTN"
    d.core_properties.author = "Văn phòng Tỉnh đoàn"
    d.core_properties.created = dt.datetime(2023, 11, 10, 9, 30)
    new = d.add_section(WD_SECTION.NEW_PAGE)
    new.header.is_linked_to_previous = False
    new.header.paragraphs[0].text = "Phụ lục"
    d.add_paragraph("Danh sách đơn vị được kiểm tra")
    doc = read_docx(docx_bytes(d), "r.docx")
    assert doc.title == "Báo cáo số 12-BC/TĐTN"
    assert doc.meta["author"] == "Văn phòng Tỉnh đoàn"
    assert doc.meta["created"] == "2023-11-10T09:30:00+00:00"
    assert doc.published is None
    lines = doc.text.split("\n")
    assert lines[:2] == ["ĐOÀN TNCS HỒ CHÍ MINH", "Phụ lục"]
    assert lines[-2:] == ["Danh sách đơn vị được kiểm tra", "Nơi nhận: Ban Thường vụ Tỉnh đoàn"]


def test_line_breaks_and_tabs_inside_a_paragraph():
    d = docx.Document()
    p = d.add_paragraph("Nơi nhận:")
    p.add_run().add_break()
    p.add_run("- Ban Thường vụ\tTỉnh đoàn;")
    doc = read_docx(docx_bytes(d), "x.docx")
    assert doc.text == "Nơi nhận:\n- Ban Thường vụ Tỉnh đoàn;"


def test_docx_without_text_is_empty():
    d = docx.Document()
    d.add_paragraph("   ")
    with pytest.raises(EmptyFile):
        read_docx(docx_bytes(d), "blank.docx")


def test_truncated_docx_is_corrupt():
    data = (SAMPLES / "004.docx").read_bytes()
    with pytest.raises(CorruptFile) as info:
        read_bytes(data[: len(data) // 2], "cut.docx")
    assert "gói zip bị hỏng" in info.value.reason
    assert isinstance(info.value.__cause__, zipfile.BadZipFile)


def test_damaged_member_is_corrupt():
    data = bytearray((SAMPLES / "004.docx").read_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as zf:
        info = zf.getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    for k in range(start + 10, start + 60):          # scribble over the compressed XML
        data[k] ^= 0x5A
    with pytest.raises(CorruptFile):
        read_docx(bytes(data), "scribbled.docx")


def test_package_with_malformed_xml_is_corrupt():
    with zipfile.ZipFile(io.BytesIO((SAMPLES / "004.docx").read_bytes())) as zf:
        members = {name: zf.read(name) for name in zf.namelist()}
    members["word/document.xml"] = members["word/document.xml"][:200]
    with pytest.raises(CorruptFile) as info:
        read_docx(zip_bytes(members), "bad.docx")
    assert "XML" in info.value.reason


def test_zip_named_docx_without_a_document_is_corrupt():
    with pytest.raises(CorruptFile):
        read_bytes(zip_bytes({"readme.txt": b"hello"}), "fake.docx")


def test_other_office_packages_are_unsupported():
    workbook = zip_bytes({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
    with pytest.raises(UnsupportedFormat) as info:
        read_bytes(workbook, "sheet.docx")
    assert "XLSX" in info.value.reason


def test_password_protected_office_file_is_encrypted():
    # Office stores an encrypted DOCX in an OLE2 compound file with an "EncryptedPackage" stream
    ole = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "EncryptionInfo".encode("utf-16-le")
           + bytes(50) + "EncryptedPackage".encode("utf-16-le") + bytes(1000))
    with pytest.raises(EncryptedFile):
        read_bytes(ole, "secret.docx")
    with pytest.raises(CorruptFile) as info:     # an OLE2 file that is not a Word document
        read_bytes(ole.replace("EncryptedPackage".encode("utf-16-le"), bytes(32)), "old.doc")
    assert "không chuyển đổi được văn bản Word .doc" in info.value.reason

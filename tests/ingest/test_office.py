""".doc, .odt and .rtf: fixtures are DOCX files built with python-docx and saved by LibreOffice itself;
they are read back through LibreOffice and must give the source text, tables as rows, headers."""
from __future__ import annotations

import concurrent.futures
import shutil

import docx
import pytest

import ingest
from ingest import ConverterMissing, CorruptFile, EncryptedFile, TimedOut, legacy, read_bytes, sniff
from ingest.readers import office

from .builders import PLAN, VIET, assert_blocks_consistent, docx_bytes, libreoffice_convert

HEADER = "TỈNH ĐOÀN NINH BÌNH"
TITLE = "Báo cáo kết quả kiểm tra công tác Đoàn"
ROWS = [["STT", "Đơn vị được kiểm tra", "Kết quả"],
        ["1", "Chi đoàn Ứng Hòa", "Hoàn thành tốt nhiệm vụ"],
        ["2", "Huyện đoàn Yên Khánh", "Còn hạn chế về sổ sách, đoàn phí"]]
CLOSING = "Đoàn kiểm tra đề nghị khắc phục hạn chế, thiếu sót trước ngày 30/6/2022."
EXPECTED = [HEADER, TITLE, PLAN, VIET, *(" | ".join(r) for r in ROWS), CLOSING]


def _report_docx() -> bytes:
    d = docx.Document()
    d.core_properties.author = "Nguyễn Văn Ánh"
    d.sections[0].header.paragraphs[0].text = HEADER
    d.add_heading(TITLE, level=1)
    d.add_paragraph(PLAN)
    d.add_paragraph(VIET)
    table = d.add_table(rows=len(ROWS), cols=3)
    table.style = "Table Grid"
    for i, row in enumerate(ROWS):
        for j, text in enumerate(row):
            table.cell(i, j).text = text
    d.add_paragraph(CLOSING)
    return docx_bytes(d)


@pytest.fixture(scope="module")
def files() -> dict[str, bytes]:
    source = _report_docx()
    return {fmt: libreoffice_convert(source, "docx", fmt) for fmt in ("doc", "odt", "rtf")}


@pytest.mark.parametrize("fmt", ["doc", "odt", "rtf"])
def test_legacy_office_file_reads_as_the_source(files, fmt):
    data = files[fmt]
    assert sniff(data, f"bao-cao.{fmt}") == fmt
    assert sniff(data, "khong-duoi") == fmt          # by magic bytes, not by name
    doc = read_bytes(data, f"bao-cao.{fmt}")
    assert doc.format == fmt
    assert doc.text.split("\n") == EXPECTED
    kinds = [b.kind for b in doc.blocks]
    assert kinds == ["header", "heading", "paragraph", "paragraph", "table-row", "table-row", "table-row",
                     "paragraph"]
    assert doc.title == TITLE
    assert doc.meta["author"] == "Nguyễn Văn Ánh"
    assert doc.meta["converter"] == "libreoffice"
    assert_blocks_consistent(doc)


@pytest.mark.parametrize("font, encoding", [(".VnTime", "tcvn3"), ("VNI-Times", "vni")])
def test_legacy_font_runs_in_a_doc_are_converted(font, encoding):
    """A 1990s document: paragraphs typed in .VnTime / VNI-Times next to a Unicode one."""
    d = docx.Document()
    for text in ("Biên bản kiểm tra", "Chi đoàn đã thu nộp đoàn phí đầy đủ."):   # short: font decides
        run = d.add_paragraph().add_run(legacy.encode(text, encoding))
        run.font.name = font
    d.add_paragraph().add_run(VIET).font.name = "Times New Roman"
    data = libreoffice_convert(docx_bytes(d), "docx", "doc")
    doc = read_bytes(data, "cu.doc")
    lines = doc.text.split("\n")
    assert [line.casefold() for line in lines[:2]] == ["biên bản kiểm tra", "chi đoàn đã thu nộp đoàn phí đầy đủ."]
    assert lines[2] == VIET
    assert doc.meta["legacy_encoding"] == encoding


def test_word_encryption_flag_is_reported(files):
    data = bytearray(files["doc"])
    offset = next(o for o in range(512, len(data), 512) if data[o:o + 2] == b"\xec\xa5")
    data[offset + 0x0B] |= 0x01
    with pytest.raises(EncryptedFile):
        read_bytes(bytes(data), "mat.doc")


@pytest.mark.parametrize("fmt", ["doc", "odt", "rtf"])
def test_truncated_file_is_corrupt(files, fmt):
    with pytest.raises((CorruptFile, ingest.EmptyFile)):
        read_bytes(files[fmt][:300], f"hong.{fmt}")


def test_conversions_in_parallel_do_not_collide(files):
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        docs = list(pool.map(lambda i: read_bytes(files["doc"], f"{i}.doc"), range(4)))
    assert all(d.text.split("\n") == EXPECTED for d in docs)


def test_time_limit_kills_the_converter(files, monkeypatch):
    monkeypatch.setattr(office, "TIMEOUT", 0.05)
    with pytest.raises(TimedOut) as info:
        office.to_docx(files["doc"], "doc", "cham.doc", timeout=0.05)
    assert "LibreOffice chạy quá" in info.value.reason


def test_missing_libreoffice_says_what_to_install(files, monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(ConverterMissing) as info:
        read_bytes(files["odt"], "a.odt")
    assert "libreoffice" in info.value.reason.lower()

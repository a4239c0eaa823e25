from __future__ import annotations

import codecs
import hashlib

import pytest

import ingest
from ingest import (CorruptFile, Document, EmptyFile, IngestError, TooLarge, Unreadable, UnsupportedFormat, read,
                    read_bytes, sniff)
from ingest.readers import READERS, get_reader

from .builders import ROOT, SAMPLES, VIET, docx_bytes, seed_numbers, simple_pdf, zip_bytes

FORMATS = ("txt", "html", "pdf", "docx")


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("number", seed_numbers())
def test_read_every_sample(number, fmt):
    path = SAMPLES / f"{number}.{fmt}"
    doc = read(path)
    assert isinstance(doc, Document)
    assert doc.source == str(path)
    assert doc.format == fmt
    assert doc.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert doc.text and doc.blocks


def test_all_formats_of_a_sample_hold_the_same_words():
    for number in seed_numbers():
        words = {fmt: sorted(read(SAMPLES / f"{number}.{fmt}").text.split()) for fmt in FORMATS}
        assert words["html"] == words["pdf"] == words["docx"] == words["txt"]


def test_empty_file(tmp_path):
    path = tmp_path / "rong.pdf"
    path.write_bytes(b"")
    with pytest.raises(EmptyFile) as info:
        read(path)
    assert info.value.reason == "tệp rỗng (0 byte)" and info.value.source == str(path)
    with pytest.raises(EmptyFile):
        read_bytes(b"", "x.txt")


def test_too_large(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(VIET.encode() * 10)
    with pytest.raises(TooLarge):
        read(path, max_bytes=100)
    assert read(path).format == "txt"          # the default limit is far above
    assert ingest.DEFAULT_MAX_BYTES == 200 * 2**20


def test_missing_and_directory(tmp_path):
    with pytest.raises(Unreadable) as info:
        read(tmp_path / "khong-co.pdf")
    assert info.value.reason == "không tìm thấy tệp"
    with pytest.raises(Unreadable) as info:
        read(tmp_path)
    assert info.value.reason == "đây là thư mục, không phải tệp"


_READ_DENIED = """
import sys
from ingest import Unreadable, read
try:
    read(sys.argv[1])
except Unreadable as exc:
    print(type(exc.__cause__).__name__, exc.reason, sep=": ")
else:
    print("read")
"""


def test_file_without_read_permission(tmp_path):
    """A real chmod 000 file. Root reads it anyway (CAP_DAC_OVERRIDE), so as root the read runs in a
    child without the two capabilities that bypass file permissions (setpriv, util-linux)."""
    import os
    import shutil
    import subprocess
    import sys

    path = tmp_path / "khoa.txt"
    path.write_text(VIET, encoding="utf-8")
    path.chmod(0)
    if os.geteuid() != 0:
        with pytest.raises(Unreadable) as info:
            read(path)
        assert info.value.reason == "không có quyền đọc tệp"
        assert isinstance(info.value.__cause__, PermissionError)
        return
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root, where chmod 000 does not stop a read, and setpriv (util-linux) "
                    "is missing to drop CAP_DAC_OVERRIDE")
    result = subprocess.run([setpriv, "--bounding-set=-dac_override,-dac_read_search", sys.executable, "-c",
                             _READ_DENIED, str(path)], capture_output=True, text=True, cwd=ROOT)
    if result.returncode != 0 and "setpriv" in result.stderr:
        pytest.skip(f"running as root and setpriv could not drop CAP_DAC_OVERRIDE: {result.stderr.strip()}")
    assert result.stdout.strip() == "PermissionError: không có quyền đọc tệp", result.stderr


@pytest.mark.parametrize("data, reason", [
    (bytes(range(256)) * 16, "tệp nhị phân không nhận ra được định dạng"),
    (b"\x89PNG\r\n\x1a\n" + bytes(200), "ảnh PNG: định dạng không được hỗ trợ"),
    (b"\xff\xd8\xff\xe0" + bytes(200), "ảnh JPEG: định dạng không được hỗ trợ"),
    (b"Rar!\x1a\x07\x00" + bytes(100), "tệp nén RAR: định dạng không được hỗ trợ"),
])
def test_unknown_binary_is_unsupported(data, reason):
    with pytest.raises(UnsupportedFormat) as info:
        read_bytes(data, "tep")
    if reason:
        assert info.value.reason == reason


@pytest.mark.parametrize("data", [b"day khong phai PDF, chi la chu.", bytes(range(256)) * 4])
def test_file_named_pdf_that_is_not_a_pdf_is_corrupt(data):
    with pytest.raises(CorruptFile) as info:
        read_bytes(data, "bao-cao.pdf")
    assert "%PDF" in info.value.reason


def test_magic_bytes_win_over_the_suffix():
    pdf = simple_pdf([VIET])
    assert sniff(pdf, "bao-cao.txt") == "pdf"
    assert read_bytes(pdf, "bao-cao.txt").format == "pdf"
    docx = (SAMPLES / "004.docx").read_bytes()
    assert sniff(docx, "bao-cao.pdf") == "docx"
    html = (SAMPLES / "004.html").read_bytes()
    assert sniff(html, "trang") == "html"
    assert sniff(b"  \n<!DOCTYPE HTML PUBLIC>\n<html>", "a.txt") == "html"
    assert sniff(b"<html><body>x</body></html>", "") == "html"
    assert sniff("<!doctype html><title>t</title>".encode("utf-16"), "x") == "html"
    assert sniff(VIET.encode("utf-8"), "ghi-chu.html") == "txt"       # no markup: text, whatever the name
    assert sniff(VIET.encode("utf-16-le"), "x") == "txt"
    assert sniff(codecs.BOM_UTF8 + VIET.encode(), "x") == "txt"
    assert sniff(zip_bytes({"a.txt": b"x"}), "hoso.zip") == "zip"
    assert sniff(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "cu.doc") == "doc"


def test_sniff_reads_only_the_head_of_a_path(tmp_path):
    path = tmp_path / "x.docx"
    path.write_bytes((SAMPLES / "004.docx").read_bytes())
    assert sniff(path) == "docx"
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * 10_000 + b"\x00" * 10)      # a NUL far past the head does not matter
    assert sniff(big) == "txt"


def test_head_only_docx_is_recognised():
    data = (SAMPLES / "004.docx").read_bytes()
    assert sniff(data[:4096], "x.docx") == "docx"


def test_zip_archive_is_not_a_document():
    with pytest.raises(UnsupportedFormat) as info:
        read_bytes(zip_bytes({"a.txt": b"x"}), "hoso.zip")
    assert "(walk)" in info.value.reason


def test_registry_is_one_dict_of_readers():
    assert set(READERS) == {"txt", "html", "pdf", "docx", "doc", "odt", "rtf"}
    for fmt in READERS:
        reader = get_reader(fmt)
        assert reader.__name__ == f"read_{fmt}"
    with pytest.raises(UnsupportedFormat):
        get_reader("xls", "a.xls")


def test_errors_are_ingest_errors_with_codes():
    codes = {cls.code for cls in (ingest.UnsupportedFormat, ingest.CorruptFile, ingest.EncryptedFile,
                                  ingest.EmptyFile, ingest.TooLarge, ingest.Unreadable, ingest.NeedsOCR,
                                  ingest.UnsafeArchive, ingest.TimedOut, ingest.ConverterMissing)}
    assert len(codes) == 10
    err = CorruptFile("a.pdf", "PDF is damaged")
    assert isinstance(err, IngestError) and str(err) == "a.pdf: PDF is damaged"


def test_read_bytes_accepts_a_known_hash():
    data = docx_bytes(__import__("docx").Document())
    with pytest.raises(EmptyFile):
        read_bytes(data, "blank.docx", sha256="0" * 64)
    doc = read_bytes(VIET.encode(), "x.txt", sha256="ab" * 32)
    assert doc.sha256 == "ab" * 32

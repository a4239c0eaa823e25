from __future__ import annotations

import codecs
import hashlib

import pytest

from ingest import EmptyFile, read_bytes
from ingest.readers.txt import read_txt

from .builders import SAMPLES, VIET, assert_blocks_consistent, encode_cp1258, seed_lines, seed_numbers

TEXT = "Báo cáo kết quả kiểm tra\r\n\r\n" + VIET + "\r\nĐoàn kiểm tra đề nghị khắc phục hạn chế.\r\n"
EXPECTED = ["Báo cáo kết quả kiểm tra", VIET, "Đoàn kiểm tra đề nghị khắc phục hạn chế."]


@pytest.mark.parametrize(
    "data, encoding",
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("utf-16"), "utf-16"),                       # with BOM (little-endian here)
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16"),
        (TEXT.encode("utf-16-le"), "utf-16-le"),                 # no BOM
        (encode_cp1258(TEXT), "cp1258"),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "utf16be-bom", "utf16le-nobom", "cp1258"],
)
def test_encodings_decode_to_the_same_nfc_text(data, encoding):
    doc = read_txt(data, "report.txt")
    assert doc.text.split("\n") == EXPECTED
    assert doc.meta["encoding"] == encoding
    assert doc.format == "txt" and doc.title is None and doc.published is None
    assert doc.sha256 == hashlib.sha256(data).hexdigest()
    assert_blocks_consistent(doc)


def test_cp1258_bytes_are_really_legacy():
    data = encode_cp1258(VIET)
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert "\u0309".encode("cp1258") in data         # tone marks stored as combining characters
    assert read_txt(data, "x.txt").text == VIET      # ... and composed to NFC on the way in


def test_utf8_text_with_one_legacy_byte_late_in_the_file():
    data = ("a" * 5000 + "\n").encode() + encode_cp1258("Đoàn viên ưu tú")
    doc = read_txt(data, "x.txt")
    assert doc.text.endswith("Đoàn viên ưu tú")


def test_decomposed_input_becomes_nfc():
    import unicodedata

    doc = read_txt(unicodedata.normalize("NFD", VIET).encode("utf-8"), "x.txt")
    assert doc.text == VIET


@pytest.mark.parametrize("data", [b"   \r\n\t\n  ", codecs.BOM_UTF8 + b"\n\n"])
def test_whitespace_only_is_empty(data):
    with pytest.raises(EmptyFile) as info:
        read_txt(data, "blank.txt")
    assert info.value.source == "blank.txt"


@pytest.mark.parametrize("number", seed_numbers())
def test_sample_txt_is_the_seed(number):
    doc = read_bytes((SAMPLES / f"{number}.txt").read_bytes(), f"{number}.txt")
    assert doc.format == "txt"
    assert doc.text.split("\n") == seed_lines(number)
    assert doc.title is None
    assert_blocks_consistent(doc)

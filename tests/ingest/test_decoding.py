"""Damaged text decodes as far as it is valid (issue 16): a flipped bit or a cut inside a letter
replaces what cannot be read with U+FFFD, counts it in ``meta["replaced_chars"]`` and says so in
``meta["warning"]``; the encoding is the one that explains the bytes, not the one without a first
error; only a file of which almost nothing decodes is refused."""
from __future__ import annotations

import codecs
import difflib
import random

import pytest

from ingest import CorruptFile, read_bytes
from ingest.readers.txt import read_txt
from ingest.text import clean_text

from .builders import PLAN, SEEDS, VIET, encode_cp1258, seed_numbers

REPORT = ("BÁO CÁO KẾT QUẢ KIỂM TRA\n" + PLAN + "\n" + VIET + "\n"
          "Đoàn kiểm tra đề nghị Huyện đoàn khắc phục những hạn chế, thiếu sót đã nêu.\n")
FFFD = "\ufffd"


def _seed_text(number: str) -> str:
    return next(SEEDS.glob(f"{number}_*.txt")).read_text(encoding="utf-8")


def _same_but_near(got: str, want: str, damaged: int) -> None:
    """``got`` is ``want`` but for at most ``damaged`` words (the ones the damage touched)."""
    a, b = got.split(), want.split()
    changed = [op for op in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes() if op[0] != "equal"]
    assert sum(max(i2 - i1, j2 - j1) for _, i1, i2, j1, j2 in changed) <= damaged, changed


def _assert_reported(doc, encoding: str) -> None:
    assert doc.meta["encoding"] == encoding
    n = doc.text.count(FFFD)
    assert n >= 1 and doc.meta["replaced_chars"] == n
    assert str(n) in doc.meta["warning"] and "U+FFFD" in doc.meta["warning"]


# -- UTF-8 with one bad byte --------------------------------------------------------------------------
def _flips(data: bytes, count: int, seed: int) -> list[bytes]:
    """Copies of ``data`` with one bit flipped in a non-ASCII byte, each making it invalid UTF-8."""
    rnd = random.Random(seed)
    high = [i for i, b in enumerate(data) if b >= 0x80]
    out: list[bytes] = []
    while len(out) < count:
        i = rnd.choice(high)
        flipped = bytearray(data)
        flipped[i] ^= 1 << rnd.randrange(8)
        try:
            bytes(flipped).decode("utf-8")
        except UnicodeDecodeError:
            out.append(bytes(flipped))
    return out


@pytest.mark.parametrize("bom", [b"", codecs.BOM_UTF8], ids=["utf8", "utf8-bom"])
@pytest.mark.parametrize("k", range(9))
def test_one_flipped_bit_in_utf8_replaces_only_that_letter(bom, k):
    want = _seed_text(seed_numbers()[k % len(seed_numbers())])
    data = bom + _flips(want.encode("utf-8"), 9, seed=16)[k]
    doc = read_txt(data, "bao-cao.txt")
    _assert_reported(doc, "utf-8-sig" if bom else "utf-8")
    assert doc.meta["replaced_chars"] <= 3
    _same_but_near(doc.text, want, damaged=2)


def test_a_bad_byte_in_the_first_line_is_not_read_as_windows_1258():
    data = bytearray(REPORT.encode("utf-8"))
    data[1] = 0xFF                               # the Á of BÁO: C3 81 -> FF 81
    doc = read_txt(bytes(data), "x.txt")
    _assert_reported(doc, "utf-8")
    assert doc.text.split("\n")[0] == f"B{FFFD}{FFFD}O CÁO KẾT QUẢ KIỂM TRA"
    assert doc.text.split("\n")[1:] == REPORT.strip().split("\n")[1:]


@pytest.mark.parametrize("bom", [b"", codecs.BOM_UTF8], ids=["utf8", "utf8-bom"])
def test_a_few_windows_1258_bytes_in_a_utf8_report_are_replaced(bom):
    """99.9% valid UTF-8 is UTF-8 with a few replacements, not Windows-1258 mojibake."""
    body = _seed_text(seed_numbers()[0])
    data = bom + body.encode("utf-8") + encode_cp1258("\nNgười ký: Lê Văn Hà\n")
    doc = read_txt(data, "x.txt")
    _assert_reported(doc, "utf-8-sig" if bom else "utf-8")
    assert doc.text.startswith(" ".join(body.split()[:5])[:20])
    assert doc.text.split("\n")[-1].startswith("Ng") and FFFD in doc.text.split("\n")[-1]


# -- UTF-8 cut inside a letter ------------------------------------------------------------------------
def _cuts(data: bytes) -> list[int]:
    """18 lengths of ``data`` that end inside a multi-byte letter, spread out after the first such
    letter (a cut before it leaves ASCII and one byte, which says nothing of the encoding)."""
    first = next(i for i, b in enumerate(data) if b >= 0x80)
    inside = [i for i in range(first + 4, len(data)) if 0x80 <= data[i] < 0xC0]
    step = max(1, len(inside) // 18)
    return inside[::step][:18]


@pytest.mark.parametrize("bom", [b"", codecs.BOM_UTF8], ids=["utf8", "utf8-bom"])
@pytest.mark.parametrize("j", range(18))
def test_a_file_cut_inside_a_letter_keeps_all_it_has(bom, j):
    data = REPORT.encode("utf-8")
    cut = _cuts(data)[j]
    doc = read_txt(bom + data[:cut], "cut.txt")
    _assert_reported(doc, "utf-8-sig" if bom else "utf-8")
    assert doc.meta["replaced_chars"] == 1
    assert doc.text == clean_text(data[:cut].decode("utf-8", "ignore") + FFFD)


def test_a_short_line_cut_inside_its_last_letter():
    doc = read_txt("Báo cáo kế".encode("utf-8")[:-1], "x.txt")
    assert doc.text == f"Báo cáo k{FFFD}"
    _assert_reported(doc, "utf-8")


def test_a_cut_that_keeps_two_bytes_of_the_first_letter():
    doc = read_txt("Thực hiện".encode("utf-8")[:4], "x.txt")      # T h E1 BB (of ự: E1 BB B1)
    assert doc.text == f"Th{FFFD}"
    _assert_reported(doc, "utf-8")


# -- UTF-16 with a lone surrogate ---------------------------------------------------------------------
@pytest.mark.parametrize("codec, bom, encoding", [
    ("utf-16-le", codecs.BOM_UTF16_LE, "utf-16"),
    ("utf-16-be", codecs.BOM_UTF16_BE, "utf-16"),
    ("utf-16-le", b"", "utf-16-le"),
])
def test_utf16_with_a_lone_surrogate_is_utf16_not_cp1258(codec, bom, encoding):
    head, tail = REPORT[:40], REPORT[40:]
    data = bom + head.encode(codec) + "\ud800".encode(codec, "surrogatepass") + tail.encode(codec)
    doc = read_txt(data, "x.txt")
    _assert_reported(doc, encoding)
    assert doc.meta["replaced_chars"] == 1
    assert doc.text.split("\n") == (head + FFFD + tail).strip().split("\n")


# -- what stays as it was -----------------------------------------------------------------------------
def test_valid_files_say_nothing_about_replacements():
    for data in (REPORT.encode("utf-8"), REPORT.encode("utf-16"), encode_cp1258(REPORT)):
        doc = read_txt(data, "x.txt")
        assert "replaced_chars" not in doc.meta and "warning" not in doc.meta


def test_windows_1258_file_with_a_byte_it_does_not_define():
    """A code page is decoded the same way: what it does not define is replaced and counted."""
    data = encode_cp1258(REPORT).replace(b"\n", b" \x81\n", 1)
    doc = read_txt(data, "x.txt")
    _assert_reported(doc, "cp1258")
    assert doc.text.split("\n")[0] == f"BÁO CÁO KẾT QUẢ KIỂM TRA {FFFD}"
    assert doc.text.split("\n")[1:] == REPORT.strip().split("\n")[1:]


@pytest.mark.parametrize("seed", [1, 2])
def test_almost_nothing_decodes_is_refused_with_a_reason(seed):
    rnd = random.Random(seed)
    data = bytes(rnd.choice([rnd.randrange(0x20, 0x7F), rnd.randrange(0x80, 0x100)]) for _ in range(3000))
    with pytest.raises(CorruptFile) as info:
        read_txt(data, "noise.txt")
    assert "UTF-8" in info.value.reason and "bảng mã" in info.value.reason


def test_utf16_of_which_almost_nothing_decodes_is_refused():
    data = codecs.BOM_UTF16_LE + "\ud800".encode("utf-16-le", "surrogatepass") * 50 + "Báo cáo".encode("utf-16-le")
    with pytest.raises(CorruptFile) as info:
        read_txt(data, "x.txt")
    assert info.value.reason == ("không đọc được như văn bản: tệp bắt đầu như UTF-16 nhưng phần lớn nội dung "
                                 "không phải UTF-16 hợp lệ")


def test_the_warning_reaches_the_record():
    from nlp import extract

    data = bytearray(REPORT.encode("utf-8"))
    data[1] = 0xFF
    record = extract(read_txt(bytes(data), "x.txt")).to_json()
    assert record["meta"]["replaced_chars"] == 2
    assert record["meta"]["warning"] == "2 ký tự bị hỏng không giải mã được (utf-8), hiện thành \ufffd (U+FFFD)"


# -- HTML shares the Unicode decoding -----------------------------------------------------------------
def _page(text: str) -> str:
    body = "".join(f"<p>{line}</p>\n" for line in text.strip().split("\n"))
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>Báo cáo</title></head>"
            f"<body><article>{body}</article></body></html>")


def test_utf16_html_with_a_lone_surrogate():
    page = _page(REPORT * 3)
    cut = page.index("Đoàn kiểm tra")
    data = (codecs.BOM_UTF16_LE + page[:cut].encode("utf-16-le") + "\udc00".encode("utf-16-le", "surrogatepass")
            + page[cut:].encode("utf-16-le"))
    doc = read_bytes(data, "trang.html")
    assert doc.format == "html"
    assert VIET in doc.text and PLAN in doc.text
    assert doc.meta["replaced_chars"] == 1 and "U+FFFD" in doc.meta["warning"]


def test_utf8_html_with_a_flipped_bit_counts_it():
    data = bytearray(_page(REPORT * 3).encode("utf-8"))
    i = data.index("Huyện".encode("utf-8")) + 3     # the ệ of Huyện: E1 BB 87
    data[i] ^= 0x40
    doc = read_bytes(bytes(data), "trang.html")
    assert f"Huy{FFFD}" in doc.text and VIET in doc.text
    assert doc.meta["replaced_chars"] == doc.text.count(FFFD) >= 1


# -- a flipped bit that makes a NUL -------------------------------------------------------------------
def test_a_space_flipped_into_a_nul_does_not_make_the_file_binary():
    data = REPORT.encode("utf-8").replace(b" ", b"\x00", 1)     # 0x20 with bit 5 flipped
    doc = read_bytes(data, "x.txt")
    assert doc.format == "txt"
    assert doc.text.split("\n")[1:] == REPORT.strip().split("\n")[1:]


@pytest.mark.parametrize("data", [
    b"\x00" * 64 + REPORT.encode("utf-8"),
    REPORT.encode("utf-8").replace(b" ", b"\x00"),
])
def test_text_with_many_nuls_is_still_binary(data):
    from ingest import UnsupportedFormat

    with pytest.raises(UnsupportedFormat):
        read_bytes(data, "x.bin")

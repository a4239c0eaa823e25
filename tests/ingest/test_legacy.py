"""TCVN3 (ABC) and VNI text: every table entry, real Vietnamese text round-tripped through the tables as
bytes in a .txt file, and text that must be left alone."""
from __future__ import annotations

import unicodedata

import pytest

from ingest import legacy, read_bytes
from ingest.readers.txt import read_txt

from .builders import PLAN, SEEDS, VIET, encode_cp1258, seed_numbers

# The 134 Vietnamese letters that are not plain ASCII.
LOWER = ("àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ")
LETTERS = LOWER + LOWER.upper()

REPORT = (
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
    "Độc lập - Tự do - Hạnh phúc\n"
    + PLAN + "\n" + VIET + "\n"
    "Đoàn kiểm tra đã làm việc với Ban Thường vụ huyện lỵ; đề nghị khắc phục hạn chế, "
    "thiếu sót trong sinh hoạt chi đoàn, thu nộp đoàn phí và quản lý đoàn viên. "
    "Kết quả: chẳng hạn, tổ chức cơ sở Đoàn nghiêm túc, ưu tú, khuyến khích thanh niên tình nguyện.\n"
)


def legacy_bytes(text: str, encoding: str) -> bytes:
    """What a .txt file saved from a legacy-font document holds."""
    return legacy.encode(text, encoding).encode("cp1252")


def test_tcvn3_table_is_the_published_chart():
    assert len(legacy.TCVN3) == 74
    assert all(len(k) == 1 and 0xA1 <= ord(k) <= 0xFE for k in legacy.TCVN3)
    assert set(legacy.TCVN3.values()) == set(LOWER) | set("ĂÂÊÔƠƯĐ")
    # a few entries checked by hand against the chart
    assert [legacy.TCVN3[chr(b)] for b in (0xB5, 0xB8, 0xAD, 0xAE, 0xA7, 0xE9, 0xFE)] == list("àáưđĐộỵ")


def test_vni_table_is_the_published_chart():
    assert set(legacy.VNI.values()) >= set(LETTERS)
    assert legacy.VNI["a\u00fa"] == "ẳ" and legacy.VNI["A\u00da"] == "Ẳ"        # aú / AÚ
    assert legacy.VNI["\u00ee"] == "ỵ" and legacy.VNI["\u00ce"] == "Ỵ"           # î / Î
    assert legacy.VNI["o\u00e4"] == "ộ" and legacy.VNI["\u00f6\u00f9"] == "ứ"   # oä / öù
    assert legacy.VNI["\u00f1"] == "đ" and legacy.VNI["\u00f2"] == "ị"           # ñ / ò


@pytest.mark.parametrize("letter", list(LETTERS))
def test_every_vni_letter_round_trips(letter):
    surface = legacy.encode(letter, "vni")
    assert surface != letter or letter in "ìíÌÍ"      # VNI's ì í are Latin-1's own
    assert legacy.convert(surface, "vni") == letter
    assert legacy.convert("x" + surface + "x", "vni") == "x" + letter + "x"


@pytest.mark.parametrize("letter", list(LOWER) + list("ĂÂÊÔƠƯĐ"))
def test_every_tcvn3_letter_round_trips(letter):
    surface = legacy.encode(letter, "tcvn3")
    assert len(surface) == 1 and surface != letter or letter == "ý"
    assert legacy.convert(surface, "tcvn3") == letter
    assert legacy.convert("n" + surface + "n", "tcvn3") == "n" + letter + "n"


def test_tcvn3_capitals_come_back_in_capital_words():
    surface = legacy.encode("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "tcvn3")
    assert surface == "C\u00e9NG H\u00dfA X\u00b7 H\u00e9I CH\u00f1 NGH\u00dcA VI\u00d6T NAM"
    assert legacy.convert(surface, "tcvn3") == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_legacy_txt_file_reads_as_the_source_text(encoding):
    data = legacy_bytes(REPORT, encoding)
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    doc = read_txt(data, "baocao.txt")
    assert doc.meta["encoding"] == encoding
    assert unicodedata.is_normalized("NFC", doc.text)
    expected = REPORT.strip().split("\n")
    # TCVN3 has no capital toned letters: their case comes back from their words and lines
    assert doc.text.split("\n") == expected


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
@pytest.mark.parametrize("number", seed_numbers()[:8])
def test_seed_reports_round_trip_word_for_word(number, encoding):
    source = next(SEEDS.glob(f"{number}_*.txt")).read_text(encoding="utf-8")
    # one seed has an Icelandic Ð (U+00D0) for Đ: TCVN3 cannot hold it (that code is its "é")
    source = unicodedata.normalize("NFC", source).replace("\u00d0", "Đ")
    doc = read_bytes(legacy_bytes(source, encoding), f"{number}.txt")
    assert doc.meta["encoding"] == encoding
    want, got = source.split(), doc.text.split()
    assert len(got) == len(want)
    same = sum(a == b if encoding == "vni" else a.casefold() == b.casefold() for a, b in zip(got, want))
    assert same == len(want)


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_mojibake_saved_as_utf8_is_repaired(encoding):
    """Legacy-font text copied out of Word into a UTF-8 file: the same Latin-1 letters, as UTF-8."""
    data = legacy.encode(REPORT, encoding).encode("utf-8")
    doc = read_txt(data, "copy.txt")
    assert doc.meta["encoding"] == f"utf-8+{encoding}"
    assert doc.text.casefold().split("\n") == REPORT.casefold().strip().split("\n")


@pytest.mark.parametrize("text", [
    REPORT,
    "Le comité a examiné le procès-verbal et déjà approuvé la décision à l'unanimité; été, château, "
    "fenêtre, où, naïve, garçon.",
    "Die Prüfung der Maßnahmen ergab: Übereinstimmung mit den Vorgaben, keine Mängel, größere Änderungen.",
    "El señor García pidió información sobre la reunión del año pasado; la comisión aprobó el acta.",
    "Hôm nay trời đẹp. Chúng tôi đi kiểm tra.",
    "Plain ASCII only, with numbers 383-KH/UBKT and 2022.",
])
def test_other_text_is_left_alone(text):
    assert legacy.detect(text) is None
    assert legacy.repair(text) == (text, None)


def test_windows_1258_file_is_not_mistaken_for_legacy_font():
    doc = read_txt(encode_cp1258(REPORT), "x.txt")
    assert doc.meta["encoding"] == "cp1258"
    assert doc.text.split("\n") == REPORT.strip().split("\n")


def test_minus_sign_next_to_letters_is_tcvn3_u_horn():
    assert legacy.convert("n\u2212íc 5\u22123 \u2212 th\u2212êng", "tcvn3") == "nước 5\u22123 \u2212 thường"


def test_syllables():
    assert all(legacy.is_syllable(w) for w in "nghiêng khuyến giữa Đoàn ưu tú quản lỵ chẳng".split())
    assert not any(legacy.is_syllable(w) for w in ["x·", "ViÖt", "ộtộ", "Prüfung", "ng÷êi", "Ph\u00d7ng"])


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_html_page_typed_in_a_legacy_font(encoding):
    font = ".VnTime" if encoding == "tcvn3" else "VNI-Times"
    body = "".join(f"<p><font face='{font}'>{legacy.encode(line, encoding)}</font></p>"
                   for line in REPORT.strip().split("\n")[1:])
    page = f"<html><head><meta charset='utf-8'><title>Trang</title></head><body>{body}</body></html>"
    doc = read_bytes(page.encode("utf-8"), "trang.html")
    assert doc.meta["legacy_encoding"] == encoding
    assert VIET.casefold() in doc.text.casefold()


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_pdf_typed_in_a_legacy_font(encoding):
    from .builders import simple_pdf

    lines = REPORT.strip().split("\n")[2:]
    surface = [legacy.encode(line, encoding) for line in lines]
    if encoding == "tcvn3":
        # .VnTime's ư sits on the soft-hyphen code, which a PDF's text layer gives as U+2212 (and a PDF
        # writer would drop as a hyphenation point: fpdf2 does)
        surface = [line.replace("\u00ad", "\u2212") for line in surface]
    doc = read_bytes(simple_pdf(surface), "cu.pdf")
    assert doc.meta["legacy_encoding"] == encoding
    assert doc.text.casefold().split("\n") == [line.casefold() for line in lines]


@pytest.mark.parametrize("text", [
    "Kế hoạch kiểm tra năm 2022",            # not "KẾ hoạch": the word's other letters are lower case
    "KẾ HOẠCH KIỂM TRA",                     # a word in capitals between capital words
    "Giám đốc Sở Nội vụ tỉnh", "SỞ NỘI VỤ TỈNH NINH BÌNH",
    "Ban Bí thư Trung ương Đoàn", "BAN BÍ THƯ TRUNG ƯƠNG ĐOÀN",
    "Số: 12-KH/UBKT",                        # a symbol in capitals does not make "Số" a capital word
    "Thực hiện Kế hoạch của Ủy ban Kiểm tra Thành Đoàn về việc kiểm tra.",
    "Đồng chí Nguyễn Văn Hải, Ủy viên Ban Thường vụ Tỉnh đoàn.",
    "Đoàn kiểm tra gồm đồng chí Lê Thị Ánh, Bí thư Huyện đoàn và Đoàn xã Ninh Ích.",
    "Ủy ban Kiểm tra đã tham mưu cấp ủy ban hành quy định; các ủy viên được phân công.",
])
def test_tcvn3_capitals_are_decided_from_the_word_and_its_line(text):
    assert legacy.convert(legacy.encode(text, "tcvn3"), "tcvn3") == text


def test_tcvn3_capital_typed_before_its_toned_vowel_is_one_letter():
    # "Uñy ban": a capital U typed before ủ (the lower-case code) is the capital Ủ
    assert legacy.convert("U\u00f1y ban Ki\u00d3m tra", "tcvn3") == "Ủy ban Kiểm tra"
    assert legacy.convert(legacy.encode("Uống nước", "tcvn3"), "tcvn3") == "Uống nước"   # two vowels: kept


def _documents():
    """The seed reports and the written gold documents that TCVN3 can hold."""
    from .builders import ROOT

    for path in sorted(SEEDS.glob("*.txt")) + sorted((ROOT / "corpora" / "gold" / "docs").glob("*.txt"))[:40]:
        text = unicodedata.normalize("NFC", path.read_text(encoding="utf-8")).replace("\u00d0", "Đ")
        try:
            yield path.name, text, legacy_bytes(text, "tcvn3")
        except UnicodeEncodeError:
            continue


def test_tcvn3_text_reads_word_for_word_with_its_capitals():
    words = wrong = 0
    for _, text, data in _documents():
        got = read_bytes(data, "a.txt").text.split()
        want = text.split()
        assert len(got) == len(want)
        words += len(want)
        wrong += sum(a != b for a, b in zip(got, want))
    # left: a capital toned letter alone at a word's start (``Ảnh:``), ``»`` (TCVN3's ằ)
    assert words > 15000 and wrong / words < 0.002, (wrong, words)


def test_tcvn3_text_gives_the_people_and_units_of_the_same_document_in_unicode():
    import nlp

    people = units = 0
    for name, text, data in _documents():
        want = nlp.extract(read_bytes(text.encode("utf-8"), "a.txt")).to_json()
        got = nlp.extract(read_bytes(data, "a.txt")).to_json()
        assert [p["name"] for p in got["people"]] == [p["name"] for p in want["people"]], name
        people += len(want["people"])
        units += got["inspected_units"] == want["inspected_units"]
    assert people > 50 and units >= 40

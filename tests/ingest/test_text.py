"""Text normalization shared by every reader (``ingest.text.clean_text``)."""
from __future__ import annotations

import ingest
from ingest import legacy
from ingest.text import clean_text


def test_eth_read_by_ocr_becomes_the_vietnamese_d_with_stroke():
    # OCR reads Đ as the Icelandic eth Ð (U+00D0); Vietnamese has no eth
    assert clean_text("Số: 12-CTr/\u00d0\u0110TN-BTV") == "Số: 12-CTr/\u0110\u0110TN-BTV"
    assert clean_text("\u00d0oàn viên \u00f0ã \u00f0ến") == "Đoàn viên đã đến"
    assert "\u00d0" not in clean_text("\u00d0") and "\u00f0" not in clean_text("\u00f0")


def test_eth_in_a_file_is_read_as_d_with_stroke(tmp_path):
    path = tmp_path / "ocr.txt"
    path.write_text("BAN CHẤP HÀNH \u00d0OÀN TỈNH\nSố: 12-CTr/\u00d0TN-BTV\n\u00d0oàn kết, \u00f0ổi mới.\n",
                    encoding="utf-8")
    doc = ingest.read(path)
    assert "ĐOÀN TỈNH" in doc.text and "CTr/ĐTN-BTV" in doc.text and "Đoàn kết, đổi mới." in doc.text
    assert "\u00d0" not in doc.text and "\u00f0" not in doc.text


def test_tcvn3_e_acute_on_the_eth_code_point_is_not_taken_for_d(tmp_path):
    # in TCVN3, U+00D0 is é: the legacy conversion runs before the look-alike mapping
    path = tmp_path / "tcvn3.txt"
    path.write_bytes(legacy.encode("Kết quả kiểm tra thể hiện rõ: đoàn viên tích cực, khoẻ, bé.\n"
                                   "Chi đoàn đã hoàn thành kế hoạch, phát huy vai trò.\n", "tcvn3").encode("latin-1"))
    doc = ingest.read(path)
    assert "khoẻ, bé." in doc.text and "Đ" not in doc.text

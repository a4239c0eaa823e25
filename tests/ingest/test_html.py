from __future__ import annotations

import pytest
import trafilatura

from ingest import EmptyFile, read, read_bytes
from ingest.readers.html import read_html

from .builders import (SAMPLES, VIET, assert_blocks_consistent, encode_cp1258, sample_title, seed_lines,
                       seed_numbers)

PUBLISHED = {"000": None, "001": "2024-06-20", "002": None, "003": "2020-11-20", "004": "2022-06-04"}
CHROME = ["Giới thiệu", "Tin tức - Sự kiện", "Tuổi trẻ Thủ đô ra quân", "Hội thi Bí thư Chi đoàn giỏi",
          "Báo Tiền Phong", "Cơ quan chủ quản", "Số 62 Bà Triệu", "Bản quyền thuộc về", "ĐOÀN TNCS HỒ CHÍ MINH"]


def _in_order(needles: list[str], haystack: list[str]) -> bool:
    it = iter(haystack)
    return all(any(n == h for h in it) for n in needles)


@pytest.mark.parametrize("number", seed_numbers())
def test_sample_html_keeps_every_seed_line_in_order(number):
    doc = read(SAMPLES / f"{number}.html")
    lines = doc.text.split("\n")
    seed = seed_lines(number)
    title = sample_title(number)
    missing = [line for line in seed if line not in lines]
    assert missing == []
    body = [line for line in seed if line != title]
    assert lines[0] == title and _in_order(body, lines[1:])
    assert len(lines) == len(seed)          # nothing added from the page around the article
    assert doc.title == title
    assert doc.published == PUBLISHED.get(number)
    assert doc.format == "html"
    assert_blocks_consistent(doc)
    assert doc.blocks[0].kind == "heading"


@pytest.mark.parametrize("number", seed_numbers())
def test_sample_html_drops_menu_sidebar_and_footer(number):
    page = (SAMPLES / f"{number}.html").read_text(encoding="utf-8")
    text = read(SAMPLES / f"{number}.html").text
    for chrome in CHROME:
        assert chrome in page            # the page does have it ...
        assert chrome not in text        # ... the document does not


def test_line_that_trafilatura_drops_is_put_back_in_place():
    data = (SAMPLES / "004.html").read_bytes()
    date_line = "Thứ Bảy, 04/06/2022"
    raw = trafilatura.extract(data, include_comments=False, include_tables=True, favor_recall=True)
    assert date_line not in raw          # the library alone loses it
    doc = read_html(data, "004.html")
    lines = doc.text.split("\n")
    assert lines[1] == date_line         # right after the headline, where the page has it
    assert doc.meta["recovered_lines"] == 1


ARTICLE = f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>Giám sát chuyên đề</title></head>
<body><nav class="menu"><ul><li><a href="/">Trang chủ</a></li><li><a href="/x">Văn bản</a></li></ul></nav>
<main><article>
<h1>Giám sát chuyên đề năm 2023</h1>
<p>{VIET}</p>
<div class="share-buttons"><a href="#">Chia sẻ Facebook</a> <a href="#">Zalo</a></div>
<p>Qua giám sát cho thấy các đơn vị đã chủ động triển khai nhiều hoạt động thiết thực, hiệu quả.</p>
<table><tr><th>Đơn vị</th><th>Đoàn viên ưu tú</th></tr><tr><td>Đoàn Tổng công ty</td><td>19</td></tr>
<tr><td>Đoàn Khu công nghệ cao</td><td>07</td></tr></table>
<p>Đoàn giám sát đề nghị các đơn vị tiếp tục khắc phục những hạn chế đã được chỉ ra trong thời gian tới.</p>
</article></main>
<aside class="sidebar"><h3>Tin mới</h3><ul><li>Ra quân tình nguyện hè năm nay</li></ul></aside>
<footer>© Trung ương Đoàn</footer></body></html>"""


def test_tables_become_rows_and_share_bars_stay_out():
    doc = read_html(ARTICLE.encode("utf-8"), "a.html")
    rows = [doc.text[b.start:b.end] for b in doc.blocks if b.kind == "table-row"]
    assert rows == ["Đơn vị | Đoàn viên ưu tú", "Đoàn Tổng công ty | 19", "Đoàn Khu công nghệ cao | 07"]
    for junk in ("Chia sẻ", "Zalo", "Trang chủ", "Ra quân tình nguyện", "Trung ương Đoàn"):
        assert junk not in doc.text
    assert doc.title == "Giám sát chuyên đề năm 2023"   # the headline, fuller than <title>
    assert doc.text.split("\n")[0] == "Giám sát chuyên đề năm 2023"
    assert doc.text.split("\n")[1] == VIET


def test_windows_1258_page_with_meta_charset():
    page = ARTICLE.replace('charset="utf-8"', 'charset="windows-1258"')
    data = encode_cp1258(page)
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    doc = read_bytes(data, "legacy.html")
    assert doc.format == "html"
    assert VIET in doc.text.split("\n")


def test_page_without_an_article_keeps_its_short_lines():
    data = "<html><body><p>Ngày 1</p><p>Dòng 2</p></body></html>".encode("utf-8")
    doc = read_html(data, "short.html")
    assert doc.text == "Ngày 1\nDòng 2"


@pytest.mark.parametrize("data", [b"<html><head><title></title></head><body>  </body></html>",
                                  b"<!doctype html><html><body><script>var a = 1;</script></body></html>",
                                  b"   "])
def test_page_without_text_is_empty(data):
    with pytest.raises(EmptyFile):
        read_html(data, "empty.html")

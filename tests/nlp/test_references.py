"""Cited documents and the document's own number. Expected values written by hand from the rules."""
from __future__ import annotations

import pytest

from .helpers import ex, refs


@pytest.mark.parametrize("text, expected", [
    ("Thực hiện Kế hoạch số 383-KH/UBKT ngày 28/4/2022 của Ủy ban Kiểm tra Thành Đoàn về việc kiểm tra",
     ("Kế hoạch", "383", "KH/UBKT", "2022-04-28", "Ủy ban Kiểm tra Thành Đoàn")),
    ("Việc thực hiện Chỉ thị 03-CT/TWĐTN-BTC ngày 21/7/2021 của Ban Bí thư Trung ương Đoàn về việc “Tăng cường”",
     ("Chỉ thị", "03", "CT/TWĐTN-BTC", "2021-07-21", "Ban Bí thư Trung ương Đoàn")),
    ("theo Kế hoạch số 261- KH/TĐTN-XDĐ, ngày 04/5/2022 của Ban Thường vụ Tỉnh đoàn về Kiểm tra công tác",
     ("Kế hoạch", "261", "KH/TĐTN-XDĐ", "2022-05-04", "Ban Thường vụ Tỉnh đoàn")),
    ("theo Kế hoạch số 261-\u00a0KH/TĐTN-XDĐ, ngày 04/5/2022 của Ban Thường vụ Tỉnh đoàn về Kiểm tra",
     ("Kế hoạch", "261", "KH/TĐTN-XDĐ", "2022-05-04", "Ban Thường vụ Tỉnh đoàn")),
    ("ban hành Kế hoạch số 28/KH-UBND ngày 28/01/2022 của UBND thành phố về triển khai thực hiện",
     ("Kế hoạch", "28", "KH-UBND", "2022-01-28", "UBND thành phố")),
    ("Căn cứ Nghị định số 27/2022/NĐ-CP của Chính phủ;", ("Nghị định", "27", "2022/NĐ-CP", None, "Chính phủ")),
    ("theo Quyết định 217-QĐ/TW của Bộ Chính trị", ("Quyết định", "217", "QĐ/TW", None, "Bộ Chính trị")),
    ("theo Quyết định 217 QĐ/TW", ("Quyết định", "217", "QĐ/TW", None, None)),
    ("thực hiện 44 KH/UBND.", ("Kế hoạch", "44", "KH/UBND", None, None)),
    ("Căn cứ Luật 53/2005/QH11;", ("Luật", "53", "2005/QH11", None, None)),
    ("Thực hiện Kế hoạch số 128-KH/UBKTTĐ, ngày 18/10/2023 của Ban Thường vụ Tỉnh đoàn “về việc kiểm tra”",
     ("Kế hoạch", "128", "KH/UBKTTĐ", "2023-10-18", "Ban Thường vụ Tỉnh đoàn")),
    ("Căn cứ Thông báo kết luận số 12-TB/UBKT ngày 5/9/2023;", ("Thông báo", "12", "TB/UBKT", "2023-09-05", None)),
    ("Quyết định số 1234/QĐ-TTg ngày 5/8/2021 của Thủ tướng Chính phủ về", 
     ("Quyết định", "1234", "QĐ-TTg", "2021-08-05", "Thủ tướng Chính phủ")),
    ("theo số 04 KH/TĐTN-UBKT", ("Kế hoạch", "04", "KH/TĐTN-UBKT", None, None)),
    ("theo Hướng dẫn số 15 – HD/TĐTN ngày 1/2/2023", ("Hướng dẫn", "15", "HD/TĐTN", "2023-02-01", None)),
    ("Căn cứ Quy định số 123-QĐ/TWĐTN-UBKT, ngày 10/3/2023 của Ban Bí thư Trung ương Đoàn về công tác",
     ("Quy định", "123", "QĐ/TWĐTN-UBKT", "2023-03-10", "Ban Bí thư Trung ương Đoàn")),
    ("Căn cứ Luật Thanh niên số 57/2020/QH14 ngày 16/6/2020;", ("Luật", "57", "2020/QH14", "2020-06-16", None)),
    ("Kết luận số 127-KL/TW ngày 28/02/2025 của Bộ Chính trị, Ban Bí thư về triển khai",
     ("Kết luận", "127", "KL/TW", "2025-02-28", "Bộ Chính trị, Ban Bí thư")),
    ("Kế hoạch số 88/KH-UBND ngày 10/5/2022 của UBND tỉnh Bà Rịa – Vũng Tàu, UBND huyện ban hành",
     ("Kế hoạch", "88", "KH-UBND", "2022-05-10", "UBND tỉnh Bà Rịa – Vũng Tàu")),
    ("Hướng dẫn số 28-HD/TĐTN-TC ngày 16/8/2021 của Ban Thường vụ Thành đoàn Hà Nội, Ban Thường vụ Thị đoàn "
     "Sơn Tây xây dựng Kế hoạch", ("Hướng dẫn", "28", "HD/TĐTN-TC", "2021-08-16", "Ban Thường vụ Thành đoàn Hà Nội")),
    ("Kế hoạch số 12-KH/TĐTN của Ban Thường vụ Tỉnh đoàn và UBND tỉnh ngày 12/3/2023 về",
     ("Kế hoạch", "12", "KH/TĐTN", "2023-03-12", "Ban Thường vụ Tỉnh đoàn và UBND tỉnh")),
    ("theo kế hoạch chung của Ban Chấp hành Tỉnh đoàn (Chương trình số 02-CTr/TĐTN ngày 05/01/2024), Ban",
     ("Chương trình", "02", "CTr/TĐTN", "2024-01-05", "Ban Chấp hành Tỉnh đoàn")),
    # "T.Tr" (Thanh tra) in a symbol keeps its dot
    ("Thanh tra tỉnh đã ban hành Thông báo số 71/TB-T.Tr về kết luận thanh tra.",
     ("Thông báo", "71", "TB-T.Tr", None, None)),
    # a kind written before a number and its year, the symbol left out
    ("chưa phù hợp quy định tại Thông tư 36/2014 theo phương pháp so sánh", ("Thông tư", "36", "2014", None, None)),
    # a sentence glued to the symbol by its full stop is no part of it
    ("theo Quyết định 12/QĐ-UBND.Theo đó, các đơn vị", ("Quyết định", "12", "QĐ-UBND", None, None)),
    # "&" inside a segment: "SGD&ĐT", Sở Giáo dục và Đào tạo
    ("Thực hiện Kế hoạch số 12/KH-SGD&ĐT về kiểm tra", ("Kế hoạch", "12", "KH-SGD&ĐT", None, None)),
])
def test_one_citation(text, expected):
    assert refs(text) == [expected]


def test_reference_text_runs_from_kind_to_date():
    r = ex("theo Kế hoạch số 261- KH/TĐTN-XDĐ, ngày 04/5/2022 của Ban Thường vụ Tỉnh đoàn về Kiểm tra")
    assert [x.text for x in r.references] == ["Kế hoạch số 261- KH/TĐTN-XDĐ, ngày 04/5/2022"]


def test_symbolless_citation_is_a_reference():
    assert refs("triển khai Chỉ thị 42 của Ban Bí thư về giáo dục") == [("Chỉ thị", "42", "", None, "Ban Bí thư")]


def test_short_remention_is_the_same_reference():
    text = ("Thực hiện Chỉ thị 03-CT/TWĐTN-BTC ngày 21/7/2021 của Ban Bí thư Trung ương Đoàn. "
            "Các đơn vị thực hiện các nội dung của Chỉ thị số 03 theo điều kiện thực tiễn.")
    assert refs(text) == [("Chỉ thị", "03", "CT/TWĐTN-BTC", "2021-07-21", "Ban Bí thư Trung ương Đoàn")]


def test_cited_twice_listed_once_with_details_from_any_mention():
    text = ("Theo Kế hoạch số 12-KH/TĐTN, đoàn làm việc. Kế hoạch số 12-KH/TĐTN ngày 03/3/2023 của "
            "Ban Thường vụ Tỉnh đoàn yêu cầu báo cáo.")
    r = ex(text)
    assert [(x.number, x.symbol, x.date, x.issuer) for x in r.references] == [
        ("12", "KH/TĐTN", "2023-03-03", "Ban Thường vụ Tỉnh đoàn")]
    assert r.references[0].span[0] == text.index("Kế hoạch")


@pytest.mark.parametrize("text", [
    "đối với 11/11 Huyện, Thị, Thành đoàn",
    "ngày 28/4/2022, 3 ĐVTN/CĐ, COVID-19, năm 2021 – 2030",
    "Nghị quyết Đại hội Đoàn toàn quốc lần thứ XII",
    "thực hiện chủ trương 1+1 và Kế hoạch 5 năm, Báo cáo 6 tháng đầu năm",
    "Kế hoạch 2024 của Tỉnh đoàn",
    "điện thoại 0274-3822-456",
    "tỷ lệ 36/2014 hộ đạt chuẩn",
])
def test_not_references(text):
    assert refs(text) == []


@pytest.mark.parametrize("header, number, symbol, typ", [
    ("ĐOÀN TNCS HỒ CHÍ MINH\nBCH ĐOÀN XÃ TAM AN\nSố: 03-KH/ĐTN-UBKT\n\nKẾ HOẠCH\nKiểm tra năm 2024",
     "03", "KH/ĐTN-UBKT", "Kế hoạch"),
    ("BAN CHẤP HÀNH TRUNG ƯƠNG\n***\nSố 225 - KH/TWĐTN-CTTN\n\nKẾ HOẠCH\nKiểm tra, giám sát",
     "225", "KH/TWĐTN-CTTN", "Kế hoạch"),
    ("TỈNH ĐOÀN HẬU GIANG\nỦY BAN KIỂM TRA\nSố: 32 -BC/HĐTN\n\nBÁO CÁO\nKết quả giám sát",
     "32", "BC/HĐTN", "Báo cáo"),
    ("ĐOÀN TNCS HỒ CHÍ MINH\nSố 09-TB/UBKT\n\nTHÔNG BÁO KẾT LUẬN\nkiểm tra tại Huyện đoàn",
     "09", "TB/UBKT", "Thông báo"),
    ("BCH TỈNH ĐOÀN\nSố: 15-QĐ/TĐTN            Vị Thanh, ngày 09 tháng 10 năm 2023\n\nQUYẾT ĐỊNH\nVề việc thành lập",
     "15", "QĐ/TĐTN", "Quyết định"),
    ("SỞ GIÁO DỤC VÀ ĐÀO TẠO\nSố: 580 /SGD&ĐT- TCCB\n\nQUYẾT ĐỊNH\nVề việc kiểm tra", "580", "SGD&ĐT-TCCB",
     "Quyết định"),
    # a header flattened to one line: the number after the national name, with its colon
    ("HỘI ĐỒNG NHÂN DÂN TỈNH SƠN LA CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Số: 57/NQ-HĐND Sơn La, ngày 08 tháng 12 "
     "năm 2017 Độc lập - Tự do - Hạnh phúc NGHỊ QUYẾT Về việc giải quyết kiến nghị", "57", "NQ-HĐND", "Nghị quyết"),
    # a number with a letter, before its symbol's separator
    ("TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM\nSố: 06b /NQ-TLĐ\n\nNGHỊ QUYẾT\nVề công tác kiểm tra", "06b", "NQ-TLĐ",
     "Nghị quyết"),
])
def test_doc_number_from_header(header, number, symbol, typ):
    r = ex(header + "\n\nCăn cứ Kế hoạch số 88-KH/TĐTN ngày 02/01/2024 của Ban Thường vụ Tỉnh đoàn;")
    assert r.doc_number is not None
    assert (r.doc_number.number, r.doc_number.symbol, r.doc_number.type) == (number, symbol, typ)
    assert [(x.number, x.symbol) for x in r.references] == [("88", "KH/TĐTN")]


def test_own_number_is_never_a_reference():
    text = "ĐOÀN TNCS HỒ CHÍ MINH\nSố: 03-KH/ĐTN-UBKT\nKẾ HOẠCH\nKiểm tra\nKế hoạch số 03-KH/ĐTN-UBKT đề ra"
    r = ex(text)
    assert r.doc_number.number == "03" and r.references == ()


def test_news_article_has_no_doc_number():
    r = ex("Tỉnh đoàn kiểm tra Huyện đoàn A\n\nThực hiện Kế hoạch số 12-KH/TĐTN ngày 03/3/2023, đoàn làm việc.")
    assert r.doc_number is None
    assert refs("Tỉnh đoàn kiểm tra Huyện đoàn A\n\nThực hiện Kế hoạch số 12-KH/TĐTN ngày 03/3/2023.") == [
        ("Kế hoạch", "12", "KH/TĐTN", "2023-03-03", None)]


def test_reference_dates_are_dates():
    r = ex("Thực hiện Kế hoạch số 383-KH/UBKT ngày 28/4/2022 của Ủy ban Kiểm tra Thành Đoàn")
    assert [(d.value, d.end) for d in r.dates] == [("2022-04-28", None)]


@pytest.mark.parametrize("text, expected", [
    # numbers listed before the one with the symbol share its kind, symbol, date and issuer
    ("Ông A trình bày các Kết luận thanh tra số: 09, 10, 11, 12/KL-TTr ngày 20/6/2024 của Chánh Thanh tra tỉnh.",
     [("09", "KL-TTr"), ("10", "KL-TTr"), ("11", "KL-TTr"), ("12", "KL-TTr")]),
    # numbers listed after a citation with no symbol are of its kind
    ("Thực hiện Nghị quyết 04, 05, 06 của Trung ương Hội Nông dân Việt Nam.", [("04", ""), ("05", ""), ("06", "")]),
    ("Năm 2013, Bộ Chính trị ban hành Quyết định 217, 218 về việc ban hành quy chế giám sát.",
     [("217", ""), ("218", "")]),
    # a count before a citation is no list
    ("Đã kiểm tra 3, 4 đơn vị theo Kế hoạch số 12/KH-UBND.", [("12", "KH-UBND")]),
])
def test_a_list_with_the_kind_written_once_gives_one_reference_per_number(text, expected):
    r = ex(text)
    assert [(x.number, x.symbol) for x in r.references] == expected
    assert len({(x.type, x.date, x.issuer) for x in r.references}) == 1

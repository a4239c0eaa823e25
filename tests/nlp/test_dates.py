"""Dates and date ranges (annotation rules, "dates"). Expected values written by hand."""
from __future__ import annotations

import pytest

from .helpers import dates, ex


@pytest.mark.parametrize("text, expected", [
    ("Sáng 04/6/2022, Ban Thường vụ làm việc.", [("2022-06-04", None)]),
    ("ngày 08/7/2022 và 04/06/2022", [("2022-07-08", None), ("2022-06-04", None)]),
    ("Hà Nội, ngày 16 tháng 5 năm 2024", [("2024-05-16", None)]),
    ("ngày 05 tháng 01 năm 2023", [("2023-01-05", None)]),
    ("Thứ Năm, 20 Tháng Sáu, 2024", [("2024-06-20", None)]),
    ("Thứ Hai, 01 Tháng Mười Hai, 2025", [("2025-12-01", None)]),
    ("Chủ Nhật, 12 Tháng Mười, 2025", [("2025-10-12", None)]),
    ("T6, 20/11/2020 - 14:11", [("2020-11-20", None)]),
    ("Ngày 20-11-2020 và 2021-03-05", [("2020-11-20", None), ("2021-03-05", None)]),
    ("ngày 1.5.2022", [("2022-05-01", None)]),
    # a full date glued to the next word; a dashed day-month with spaces after a cue
    ("Thông tư số 06/2021/TT-TTCP ngày 1/10/2021của Thanh tra Chính phủ", [("2021-10-01", None)]),
    ("Năm 2021\nChiều 12 - 01, Ủy ban Kiểm tra Huyện ủy họp.", [("2021-01-12", None)]),
    # "năm" glued to the month by a typo
    ("Ngày 12 tháng 3năm 2009, Huyện đoàn kiểm tra Đoàn xã An Hòa.", [("2009-03-12", None)]),
    # days listed in brackets after the days they count take the month and year of the last
    ("Trong 03 ngày (15, 16 và 17/9/2020), Đoàn giám sát làm việc.",
     [("2020-09-15", None), ("2020-09-16", None), ("2020-09-17", None)]),
])
def test_single_dates(text, expected):
    assert dates(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("từ ngày 02/11 đến ngày 10/11/2023, đoàn làm việc", [("2023-11-02", "2023-11-10")]),
    ("Trong các ngày 17-19/11/2021 đoàn làm việc", [("2021-11-17", "2021-11-19")]),
    ("ngày 25–27/5/2021", [("2021-05-25", "2021-05-27")]),
    ("Từ ngày 01/3–10/4/2021, Ủy ban Kiểm tra giám sát", [("2021-03-01", "2021-04-10")]),
    ("từ ngày 27-30/10/2021", [("2021-10-27", "2021-10-30")]),
    ("từ 8h00 ngày 02/11 đến 17h00 ngày 10/11/2023", [("2023-11-02", "2023-11-10")]),
    ("từ ngày 28/7 đến ngày 08/8/2025", [("2025-07-28", "2025-08-08")]),
    ("từ ngày 06 - 10/10/2025", [("2025-10-06", "2025-10-10")]),
    ("từ 25/12/2022 đến 05/01/2023", [("2022-12-25", "2023-01-05")]),
    ("trong thời gian từ 25/12 - 05/01/2023", [("2022-12-25", "2023-01-05")]),
    ("Từ ngày 13 đến 14/5/2024", [("2024-05-13", "2024-05-14")]),
    ("Ngày 16- 17 tháng 3 năm 2017, đoàn làm việc", [("2017-03-16", "2017-03-17")]),
    ("từ ngày 12 - 15/01/2022", [("2022-01-12", "2022-01-15")]),
])
def test_ranges(text, expected):
    assert dates(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("ngày 19 và 20/3/2019", [("2019-03-19", None), ("2019-03-20", None)]),
    ("vào các ngày 08, 09 và 10/12/2021", [("2021-12-08", None), ("2021-12-09", None), ("2021-12-10", None)]),
    ("ngày 19 & 20/3/2019", [("2019-03-19", None), ("2019-03-20", None)]),
    ("ngày 01/4 và 02/4/2023", [("2023-04-01", None), ("2023-04-02", None)]),
    ("ngày 16 và 17 tháng 5 năm 2024", [("2024-05-16", None), ("2024-05-17", None)]),
])
def test_joined_dates_are_separate(text, expected):
    assert dates(text) == expected


def test_texts_start_at_the_first_number():
    r = ex("Từ ngày 02/11 đến ngày 10/11/2023, Hà Nội, ngày 16 tháng 5 năm 2024; ngày 19 và 20/3/2019")
    assert [d.text for d in r.dates] == ["02/11 đến ngày 10/11/2023", "16 tháng 5 năm 2024", "19", "20/3/2019"]


@pytest.mark.parametrize("text", [
    "trong năm 2022 và năm 2023",
    "kết quả 6 tháng đầu năm 2022",
    "tháng 5/2022 và tháng 12/2023",
    "quý II/2023",
    "nhiệm kỳ 2022-2027, giai đoạn 2021 – 2030, năm học 2023-2024",
    "đối với 11/11 Huyện, Thị, Thành đoàn; 07/07 chi đoàn; 08/42 Liên đội",
    "lúc 08:15 và 14:11",
    "ngày 31/2/2022 và ngày 30/13/2022",
    "trong 6 tháng năm 2022",
    "Nghị định số 27/2022/NĐ-CP",
    "https://tinhdoan.vn/tin-tuc/04-06-2022/bai-viet.html",
    "Năm 2021, sáng 7 - 9 giờ đoàn làm việc",
    "",
])
def test_not_dates(text):
    assert dates(text) == []


def test_day_month_takes_the_document_year():
    assert dates("Thứ Sáu, 05/03/2021\n\nSáng 04/3, đoàn công bố quyết định.") == [
        ("2021-03-05", None), ("2021-03-04", None)]


def test_day_month_takes_the_year_written_next_to_it():
    assert dates("Ngày 20/5 năm 2023, đoàn làm việc.") == [("2023-05-20", None)]


def test_day_month_takes_the_title_year_without_document_date():
    text = "Kiểm tra công tác Đoàn năm 2023 tại Huyện đoàn A\n\nNgày 20/5, đoàn kiểm tra làm việc."
    assert dates(text) == [("2023-05-20", None)]


def test_day_month_takes_the_sentence_year():
    text = "Tin tức\nThực hiện Kế hoạch số 12-KH/TĐTN ngày 03/3/2023, ngày 20/3 đoàn kiểm tra làm việc."
    assert ("2023-03-20", None) in dates(text)


def test_day_month_without_any_year_is_left_out():
    assert dates("Sáng 04/3, đoàn làm việc tại xã.") == []


def test_a_year_of_birth_gives_no_year_to_a_day():
    text = ("Tin tức\nTheo đó, ngày 15/9, lực lượng Quản lý thị trường kiểm tra hộ kinh doanh do ông Nguyễn Văn "
            "Hợp, sinh năm 1994 làm chủ.")
    assert dates(text) == []
    assert dates(text.replace("sinh năm 1994", "kinh doanh từ năm 2024")) == [("2024-09-15", None)]


def test_bare_day_month_without_cue_is_not_a_date():
    assert dates("Thứ Sáu, 05/03/2021\n\nKết quả 11/11 đơn vị đạt yêu cầu.") == [("2021-03-05", None)]


def test_repeated_date_is_listed_once_with_its_first_text():
    r = ex("Thứ Bảy, 04/06/2022\n\nSáng 04/6/2022, Ban Thường vụ kiểm tra.")
    assert [(d.text, d.value) for d in r.dates] == [("04/06/2022", "2022-06-04")]


def test_single_day_that_starts_a_range_is_also_listed():
    r = dates("Từ ngày 13 đến 14/5/2024 đoàn làm việc. Ngày 13/5/2024 đoàn đến xã A.")
    assert r == [("2024-05-13", "2024-05-14"), ("2024-05-13", None)]


def test_anniversary_span_is_two_dates():
    assert dates("(26/3/1931 - 26/3/2024)") == [("1931-03-26", None), ("2024-03-26", None)]


def test_a_year_inside_a_cited_number_gives_no_year_to_a_day():
    # "135/2020/QH14" was issued in 2020; the visit on 20/9 may be any later year
    r = ex("Sáng 20/9, Đoàn công tác của Ủy ban đã tổ chức buổi giám sát việc thực hiện Nghị quyết số 135/2020/QH14.")
    assert list(r.dates) == []
    # a quarter of a year is the sentence's year
    r = ex("Hôm 21/3, Ủy ban Kiểm tra Tỉnh ủy họp phiên quý I/2022.")
    assert [d.value for d in r.dates] == ["2022-03-21"]


def test_a_cited_resolution_gives_no_year_to_a_day_and_a_cited_plan_does():
    # the resolution carried out was issued in 2008; the visit on 12/8 may be any later year, in a title too
    assert dates("Chiều 12/8, Đoàn giám sát thực hiện Nghị quyết số 25-NQ/TW ngày 25/7/2008 của Ban Chấp hành "
                 "Trung ương\n\nĐoàn làm việc với Tỉnh đoàn.") == [("2008-07-25", None)]
    assert dates("Sáng 26-9, đoàn kiểm tra việc thực hiện Kết luận số 21-KL/TW ngày 25-10-2021 của Ban Chấp "
                 "hành Trung ương.") == [("2021-10-25", None)]
    # the plan ordering the work dates it
    assert dates("Từ ngày 24 đến 26/8, Đoàn kiểm tra số 2 đã kiểm tra việc thực hiện Kế hoạch số 3088/KH-BĐBP "
                 "ngày 06/8/2021 của Bộ Tư lệnh.") == [("2021-08-24", "2021-08-26"), ("2021-08-06", None)]


def test_day_month_takes_the_one_year_the_text_states_for_itself():
    # the text's only year, in another sentence, is the year of the work
    assert dates("Kết quả thực hiện năm 2021 của xã.\nSáng ngày 20/9 đoàn kiểm tra làm việc tại xã.") == [
        ("2021-09-20", None)]
    # but not a cited document's date, nor when the text states two years
    assert dates("Chiều 12/8, Đoàn giám sát làm việc với Tỉnh ủy.\nĐoàn giám sát việc thực hiện Nghị quyết "
                 "số 25-NQ/TW ngày 25/7/2008.") == [("2008-07-25", None)]
    assert dates("Năm 2020 và năm 2021 đều đạt.\nSáng ngày 20/9 đoàn kiểm tra.") == []
    # two years in one mention: a list after "năm", a period ending with a dotted month
    assert dates("Ngày 24-5, Đoàn giám sát chính sách nhà ở trong 2 năm 2016, 2017.") == []
    assert dates("Chiều 15.11, Ban Kinh tế làm việc về thu hồi đất từ năm 2016 đến tháng 6.2019.") == []


def test_the_stored_pages_month_gives_the_year_and_a_dotted_day_month_after_a_cue():
    assert dates(" date 2023-05 Tối 23.5, lực lượng Công an phát hiện xe chở gỗ.") == [("2023-05-23", None)]
    # a dotted pair with no cue is a number
    assert dates(" date 2023-05 Tỷ lệ đạt 23.5 điểm.") == []


def test_a_news_leads_day_after_the_pages_own_date_is_of_an_earlier_year_and_left_out():
    assert dates("date 2017-03 (PL)- Ngày 13-11, ông Chánh Thanh tra tỉnh cho biết.") == []
    assert dates("Thứ sáu,  01/03/2024\n\nNgày 17-8, tại Hà Nội, Đảng ủy Khối tổ chức Hội nghị.") == [
        ("2024-03-01", None)]
    # before the page's date it takes the page's year; a plan's later deadline keeps it too
    assert dates("date 2017-03 (PL)- Ngày 13-3, ông Chánh Thanh tra tỉnh cho biết.") == [("2017-03-13", None)]
    assert dates("Thứ sáu,  01/03/2024\n\nCác chi đoàn nộp báo cáo trước ngày 17-8.") == [
        ("2024-03-01", None), ("2024-08-17", None)]
    # a day or two after it is the same year's event: the page's date was set before the lead was written
    assert dates("Thứ sáu,  01/03/2024\n\nNgày 2/3, đoàn kiểm tra làm việc tại xã.") == [
        ("2024-03-01", None), ("2024-03-02", None)]
    assert dates("Thứ sáu,  01/03/2024\n\nNgày 4/3, đoàn kiểm tra làm việc tại xã.") == [("2024-03-01", None)]


def test_a_month_word_then_the_year_after_a_space():
    assert dates("19 Tháng Sáu 2019 11:02 CH Công nhân, viên chức") == [("2019-06-19", None)]


def test_a_dashed_day_month_after_a_cue_or_ending_a_range():
    assert dates(" date 2020-10 Ngày 22-9, đoàn kiểm tra làm việc.") == [("2020-09-22", None)]
    assert dates(" date 2020-10 Theo đó, từ ngày 1 đến 7-10, đoàn giám sát làm việc.") == [
        ("2020-10-01", "2020-10-07")]
    # two numbers with a dash and no cue stay numbers
    assert dates(" date 2020-10 Mỗi năm đoàn kiểm tra 2-3 lần.") == []


def test_a_day_month_in_brackets_after_this_morning():
    assert dates("Kết quả năm 2023.\nChiều nay (16/11), Công đoàn Viên chức tỉnh kiểm tra.") == [("2023-11-16", None)]


@pytest.mark.parametrize("text, dates", [
    # days joined by a comma before their month read like a decimal number; after "ngày" they are days
    ("Trong các ngày 9,10/6/2020, đoàn giám sát làm việc tại các xã.", [("2020-06-09", None), ("2020-06-10", None)]),
    ("Trong 02 ngày 13,14 tháng 11 năm 2024, Tổ giám sát đã giám sát 04 đồng chí.",
     [("2024-11-13", None), ("2024-11-14", None)]),
    # a range from a day to the same day is that day
    ("Kỷ niệm 90 năm Ngày thành lập Đoàn (26/3/2021 – 26/3/2021).", [("2021-03-26", None)]),
    # a decimal stays a number
    ("Tỷ lệ đạt 9,10% năm 2020; ngày 5,5 triệu đồng.", []),
])
def test_days_joined_by_commas_and_a_one_day_range(text, dates):
    assert [(d.value, d.end) for d in ex(text).dates] == dates

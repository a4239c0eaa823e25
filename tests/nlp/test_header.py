"""The document's own title and date. Expected values written by hand."""
from __future__ import annotations

import pytest

from .helpers import ex


def test_headline_is_the_line_before_the_dateline():
    text = ("Loading ...\nCông tác xây dựng ĐoànĐoàn khối\n"
            "Công tác phát triển Đảng từ đoàn viên trong Khối các cơ quan Trung ương\n"
            "T6, 20/11/2020 - 14:11\nCông tác phát triển Đảng trong đoàn viên là nhiệm vụ quan trọng.")
    r = ex(text)
    assert r.title == "Công tác phát triển Đảng từ đoàn viên trong Khối các cơ quan Trung ương"
    assert r.published == "2020-11-20"


def test_dateline_first_then_headline():
    r = ex("Thứ Năm, 20 Tháng Sáu, 2024\n\nTRÀ VINH: THỰC HIỆN KIỂM TRA CÔNG TÁC ĐOÀN NĂM 2023\n\n"
           "Thực hiện Kế hoạch số 128-KH/UBKTTĐ, ngày 18/10/2023 của Ban Thường vụ Tỉnh đoàn, đoàn làm việc.")
    assert r.title == "TRÀ VINH: THỰC HIỆN KIỂM TRA CÔNG TÁC ĐOÀN NĂM 2023"
    assert r.published == "2024-06-20"


def test_no_dateline_first_line_is_title_and_body_date_is_not_published():
    r = ex("Ủy ban Kiểm tra Thành Đoàn tổ chức giám sát định kỳ năm 2022\n"
           "Thực hiện kế hoạch, ngày 08/7/2022, Ủy ban Kiểm tra tổ chức giám sát chuyên đề.")
    assert r.title == "Ủy ban Kiểm tra Thành Đoàn tổ chức giám sát định kỳ năm 2022"
    assert r.published is None


@pytest.mark.parametrize("line, iso", [
    ("Thứ Bảy, 04/06/2022", "2022-06-04"),
    ("Thứ Hai, 12/09/2022 - 08:15", "2022-09-12"),
    ("Cập nhật ngày 05/03/2021", "2021-03-05"),
    ("Cập nhật lúc 16:30, 21/03/2023", "2023-03-21"),
    ("Đăng lúc: 28/05/2021", "2021-05-28"),
    ("Ngày đăng: 02/11/2021 | 09:20", "2021-11-02"),
    ("Ngày 24/10/2025", "2025-10-24"),
    ("Thứ Ba, 23/11/2021 10:42 | Lượt đọc: 412", "2021-11-23"),
    ("Đăng ngày: 07/11/2023 | Người đăng: Ban Kiểm tra", "2023-11-07"),
    ("Chủ nhật, 5 Tháng Năm, 2024", "2024-05-05"),
])
def test_datelines(line, iso):
    r = ex(f"Huyện đoàn Yên Khánh tổ chức kiểm tra các cơ sở Đoàn\n\n{line}\n\nNội dung bài viết ở đây.")
    assert r.title == "Huyện đoàn Yên Khánh tổ chức kiểm tra các cơ sở Đoàn"
    assert r.published == iso


def test_site_name_and_menu_are_not_the_title():
    text = ("ĐOÀN THANH NIÊN – HỘI SINH VIÊN TRƯỜNG ĐẠI HỌC CẦN THƠ\nTrang chủ | Tin tức | Kiểm tra | Văn bản\n\n"
            "Ban Thường vụ Đoàn trường kiểm tra hoạt động các Liên chi đoàn học kỳ 1\n\n"
            "Đăng ngày: 07/11/2023 | Người đăng: Ban Kiểm tra\n\nNội dung.")
    r = ex(text)
    assert r.title == "Ban Thường vụ Đoàn trường kiểm tra hoạt động các Liên chi đoàn học kỳ 1"
    assert r.published == "2023-11-07"


def test_related_article_dates_are_not_published():
    text = ("Tỉnh đoàn kiểm tra công tác Đoàn tại Huyện đoàn A\n\nNội dung bài viết không có ngày đăng.\n\n"
            "TIN CÙNG MỤC\nHuyện đoàn B tổ chức đại hội (05/9/2022)")
    r = ex(text)
    assert r.published is None
    assert [(d.value, d.end) for d in r.dates] == [("2022-09-05", None)]


OFFICIAL = """ĐOÀN TNCS HỒ CHÍ MINH
BCH TỈNH ĐOÀN KON TUM
***
Số: 45-KH/TĐTN-UBKT
Kon Tum, ngày 16 tháng 5 năm 2024

KẾ HOẠCH
Kiểm tra, giám sát việc thực hiện Nghị quyết Đại hội Đoàn các cấp
và công tác Đoàn, phong trào thanh thiếu nhi 6 tháng cuối năm 2024
-----

Căn cứ Kế hoạch số 02-KH/TĐTN ngày 05/01/2024 của Ban Chấp hành Tỉnh đoàn;
"""


def test_official_document():
    r = ex(OFFICIAL)
    assert r.title == ("Kiểm tra, giám sát việc thực hiện Nghị quyết Đại hội Đoàn các cấp và công tác Đoàn, "
                       "phong trào thanh thiếu nhi 6 tháng cuối năm 2024")
    assert r.published == "2024-05-16"
    assert (r.doc_number.number, r.doc_number.symbol, r.doc_number.type) == ("45", "KH/TĐTN-UBKT", "Kế hoạch")
    assert [(x.number, x.date) for x in r.references] == [("02", "2024-01-05")]


def test_official_header_with_number_and_date_on_one_line():
    text = ("BCH ĐOÀN TP CẦN THƠ\nSố: 120-QĐ/TĐTN                      Cần Thơ, ngày 03/5/2022\n\n"
            "QUYẾT ĐỊNH\nVề việc thành lập Đoàn kiểm tra công tác Đoàn năm 2022\n\nBAN THƯỜNG VỤ THÀNH ĐOÀN\n")
    r = ex(text)
    assert r.title == "Về việc thành lập Đoàn kiểm tra công tác Đoàn năm 2022"
    assert r.published == "2022-05-03"
    assert r.doc_number.type == "Quyết định"


@pytest.mark.parametrize("header, number, published", [
    # a table's cells, one bar between the number and the place-date
    ("BỘ GIAO THÔNG VẬN TẢI | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\nSố: 610/TB-BGTVT | Hà Nội, ngày 30 tháng 08 "
     "năm 2013 |\nThực hiện Quyết định số 1961/QĐ-BGTVT ngày 09/7/2013, Đoàn kiểm tra đã làm việc.",
     ("610", "TB-BGTVT"), "2013-08-30"),
    # a whole header flattened to one line
    ("HỘI ĐỒNG NHÂN DÂN TỈNH SƠN LA CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Số: 57/NQ-HĐND Sơn La, ngày 08 tháng 12 "
     "năm 2017 Độc lập - Tự do - Hạnh phúc NGHỊ QUYẾT Về việc giải quyết kiến nghị cử tri",
     ("57", "NQ-HĐND"), "2017-12-08"),
    # the Union's header flattened to one line: its name before the number, a number written with its kind
    ("BCH ĐOÀN TỈNH HẬU GIANG ĐOÀN TNCS HỒ CHÍ MINH Số: 125-TB/TĐTN Hậu Giang, ngày 12 tháng 6 năm 2023 THÔNG "
     "BÁO Kết luận kiểm tra công tác Đoàn tại Huyện đoàn Long Mỹ", ("125", "TB/TĐTN"), "2023-06-12"),
])
def test_an_official_header_flattened_to_one_line_or_a_table_gives_its_number_and_date(header, number, published):
    r = ex(header)
    assert (r.doc_number.number, r.doc_number.symbol) == number
    assert r.published == published


def test_metadata_title_and_date_are_used_when_text_has_none():
    r = ex("Nội dung bài viết về công tác kiểm tra của Đoàn.", title="Tỉnh đoàn kiểm tra Huyện đoàn A",
           published="2023-04-05")
    assert r.title == "Tỉnh đoàn kiểm tra Huyện đoàn A"
    assert r.published == "2023-04-05"


def test_metadata_title_with_site_suffix_prefers_the_text_line():
    text = "Trang chủ\nTỉnh đoàn kiểm tra Huyện đoàn Yên Khánh năm 2022\nThứ Bảy, 04/06/2022\nNội dung."
    r = ex(text, title="Tỉnh đoàn kiểm tra Huyện đoàn Yên Khánh năm 2022 - Tỉnh Đoàn Ninh Bình")
    assert r.title == "Tỉnh đoàn kiểm tra Huyện đoàn Yên Khánh năm 2022"


@pytest.mark.parametrize("meta", ["Microsoft Word - KH 45.docx", "Untitled", "", "ab"])
def test_insane_metadata_title_is_ignored(meta):
    r = ex("Tỉnh đoàn kiểm tra Huyện đoàn Yên Khánh năm 2022\nNội dung bài viết.", title=meta)
    assert r.title == "Tỉnh đoàn kiểm tra Huyện đoàn Yên Khánh năm 2022"


@pytest.mark.parametrize("meta", ["2022-13-45", "yesterday", "0001-01-01"])
def test_insane_metadata_date_is_ignored(meta):
    assert ex("Nội dung bài viết.", published=meta).published is None


def test_text_dateline_wins_over_metadata_date():
    r = ex("Tin kiểm tra công tác Đoàn tại Huyện đoàn A\nThứ Bảy, 04/06/2022\nNội dung.", published="2022-06-05")
    assert r.published == "2022-06-04"


def test_a_party_notice_is_official_by_its_party_header_line():
    r = ex("ĐẢNG BỘ TỈNH GIA LAI\nĐẢNG ỦY XÃ IA BLỨ\nỦY BAN KIỂM TRA\n*\nSố 09-TB/UBKT\nĐẢNG CỘNG SẢN VIỆT NAM\n"
           "Ia Blứ, ngày 27 tháng 11 năm 2024\n\nTHÔNG BÁO\nkết quả giám sát chuyên đề đối với Chi bộ làng Bi\n-----\n")
    assert r.title == "kết quả giám sát chuyên đề đối với Chi bộ làng Bi"


def test_a_date_with_its_time_of_posting_under_the_headline_is_published_but_not_the_sites_clock():
    r = ex("Thanh tra 7 cơ sở đào tạo lái xe ở Đắk Lắk\nTác giả: Phan Nhật\nGiao thông 24h 02/03/2023 15:31\n"
           "Đoàn thanh tra của Sở GTVT đã làm việc.")
    assert r.published == "2023-03-02"
    r = ex("Thứ 5, 09/05/2024 20:05:20 GMT+7\nPhòng chống tham nhũng 16:06, 07/05/2022 GMT+7\n"
           "Kết luận thanh tra mua sắm trang thiết bị y tế\nNgày 6-5-2022, Thanh tra tỉnh ban hành thông báo.")
    assert r.published == "2022-05-07"
    r = ex("19 Tháng Sáu 2019 11:02 CH Công nhân, viên chức, lao động tự bảo vệ trước hiểm họa ma túy\n"
           "Công đoàn ngành Y tế kiểm tra, chấm điểm Công đoàn cơ sở năm 2018\nTrong các ngày từ 12- 24/12/2018, ...")
    assert r.published is None


def test_an_official_headers_place_and_date_without_a_comma_end_their_line():
    r = ex("BỘ GIÁO DỤC VÀ ĐÀO TẠO\nSố: 248/TTr\nV/v: Hướng dẫn thanh tra thi tốt nghiệp THPT năm 2010\n"
           "Hà Nội ngày 30 tháng 3 năm 2010\nKính gửi: Các sở giáo dục và đào tạo")
    assert r.published == "2010-03-30"
    r = ex("Hội nghị giao ban\nSáng ngày 5 tháng 3 năm 2024 Đoàn kiểm tra làm việc tại xã.")
    assert r.published is None


@pytest.mark.parametrize("text, title", [
    # a time of posting after the headline
    ("Công bố quyết định kiểm tra, giám sát của Bộ Chính trị tại Hải Phòng 03/03/2026 15:17\n\n"
     "Sáng 3/3, Đoàn kiểm tra làm việc với Ban Thường vụ Thành ủy.",
     "Công bố quyết định kiểm tra, giám sát của Bộ Chính trị tại Hải Phòng"),
    # a lead standing for the headline: its first sentence, also when the paper's tag opens it
    ("(BBNĐT) Ngày 24-5, Đoàn giám sát của Thường trực HĐND tỉnh tiến hành giám sát Sở Xây dựng về chính sách "
     "hỗ trợ nhà ở cho hộ nghèo trong 2 năm 2016, 2017. Đồng chí Nguyễn Hương Giang làm trưởng đoàn.",
     "Ngày 24-5, Đoàn giám sát của Thường trực HĐND tỉnh tiến hành giám sát Sở Xây dựng về chính sách "
     "hỗ trợ nhà ở cho hộ nghèo trong 2 năm 2016, 2017"),
    # ... and without the colon that announces a list
    ("Theo kết luận, Thanh tra tỉnh xác định Sở Tài nguyên và Môi trường có nhiều vi phạm trong quản lý "
     "khoáng sản tại huyện Đắk Song và huyện Đắk R’lấp:\n- Cấp phép khai thác không đúng quy hoạch.",
     "Theo kết luận, Thanh tra tỉnh xác định Sở Tài nguyên và Môi trường có nhiều vi phạm trong quản lý "
     "khoáng sản tại huyện Đắk Song và huyện Đắk R’lấp"),
    # a section's name over the headline; a headline broken in two is one
    ("Kiểm tra, kiểm soát\nPhát hiện nhiều trường hợp vi phạm trong kinh doanh thực phẩm tại Tiền Giang\n"
     "Ngày 5/2, Đoàn kiểm tra liên ngành tỉnh đã kiểm tra 12 cơ sở.",
     "Phát hiện nhiều trường hợp vi phạm trong kinh doanh thực phẩm tại Tiền Giang"),
    ("Đoàn công tác của HĐND tỉnh\nkhảo sát công tác giáo dục tại Nậm Nhùn\nNgày 5/2, Đoàn làm việc.",
     "Đoàn công tác của HĐND tỉnh khảo sát công tác giáo dục tại Nậm Nhùn"),
    # a lead glued to the headline without a stop: the headline only
    ("Giám sát đi thẳng vào những vấn đề dân sinh Thời gian qua, Ủy ban MTTQ các cấp tỉnh Bắc Ninh không ngừng "
     "đẩy mạnh công tác giám sát và phản biện xã hội.\nNăm 2023, Mặt trận tỉnh giám sát 12 chuyên đề.",
     "Giám sát đi thẳng vào những vấn đề dân sinh"),
    ("Hội Cựu chiến binh thành phố làm việc với Hội Cựu chiến binh xã Tiên Phước ĐNO - Chiều 22/8, đoàn công tác "
     "Hội Cựu chiến binh thành phố Đà Nẵng có buổi làm việc với Hội Cựu chiến binh xã Tiên Phước.",
     "Hội Cựu chiến binh thành phố làm việc với Hội Cựu chiến binh xã Tiên Phước"),
    # menu entries and lines without Vietnamese
    ("Welcome to Yen Bai Portal\n• Đường dây nóng: 02163.818.555\n• English\n"
     "HĐND tỉnh Yên Bái: Tập trung chuẩn bị tốt cho kỳ họp thứ 14\nNgày 20/5, Thường trực HĐND tỉnh họp.",
     "HĐND tỉnh Yên Bái: Tập trung chuẩn bị tốt cho kỳ họp thứ 14"),
    ("kiem tra cong tac chuan bi\nUBMTTQVN tỉnh Kon Tum đã kiểm tra công tác chuẩn bị Đại hội tại huyện Kon Rẫy\n"
     "Ngày 5/2, đoàn làm việc.",
     "UBMTTQVN tỉnh Kon Tum đã kiểm tra công tác chuẩn bị Đại hội tại huyện Kon Rẫy"),
    # an official paper's kind in capitals before its subject in sentence case
    ("UBND TỈNH PHÚ THỌ\nSố: 3667/KH-BCĐ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nPhú Thọ, ngày 04 tháng 09 năm 2015\n"
     "KẾ HOẠCH Triển khai đợt thanh tra, kiểm tra liên ngành về An toàn thực phẩm\ntrong dịp Tết Trung thu năm 2015\n"
     "Thực hiện Kế hoạch số 764/BCĐTƯVSATTP của Ban chỉ đạo liên ngành Trung ương.",
     "Triển khai đợt thanh tra, kiểm tra liên ngành về An toàn thực phẩm trong dịp Tết Trung thu năm 2015"),
    # the kind with its issuer: the subject is on the next line
    ("ỦY BAN NHÂN DÂN\nXÃ THIỆU DUY\nCỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\nThiệu Duy, ngày 20 tháng 8 năm 2018\n"
     "THÔNG BÁO CỦA UBND XÃ\nVề việc chỉnh trang khuôn viên nhà văn hóa\nThực hiện kế hoạch của UBND huyện.",
     "Về việc chỉnh trang khuôn viên nhà văn hóa"),
    # the site's clock and ticker above a breadcrumb from its home page
    ("19 Tháng Sáu 2019 11:02 CH Công nhân, viên chức, lao động tự bảo vệ trước hiểm họa ma túy\n"
     "Home > CÁC CẤP CÔNG ĐOÀN\n"
     "Công đoàn ngành Y tế kiểm tra, chấm điểm, đánh giá xếp loại Công đoàn cơ sở năm 2018\n"
     "Trong các ngày từ 12- 24/12/2018, Công đoàn ngành Y tế đã tiến hành kiểm tra tại 09 CĐCS trực thuộc.\n",
     "Công đoàn ngành Y tế kiểm tra, chấm điểm, đánh giá xếp loại Công đoàn cơ sở năm 2018"),
    # a site's motto, a paragraph with semicolons, over the dateline
    ("Công đoàn tỉnh Lạng Sơn đổi mới nội dung, phương thức hoạt động công đoàn; Tập trung thực hiện tốt vai trò"
     " đại diện, bảo vệ quyền, lợi ích hợp pháp, chính đáng của đoàn viên, người lao động; Tham gia xây dựng"
     " Đảng, chính quyền vững mạnh.\n"
     "Thứ sáu, 12 Tháng 4 2024 19:19\n"
     "Công đoàn ngành Giáo dục tỉnh kiểm tra, giám sát công đoàn cơ sở\n"
     "Ngày 10/4/2024, Công đoàn ngành Giáo dục đã tiến hành kiểm tra, giám sát tại 03 công đoàn cơ sở.\n",
     "Công đoàn ngành Giáo dục tỉnh kiểm tra, giám sát công đoàn cơ sở"),
    # a headline that names the state is no header row
    ("Kỷ niệm 78 năm Quốc khánh nước Cộng hòa xã hội chủ nghĩa Việt Nam\n"
     "Ngày 2/9, Tỉnh đoàn tổ chức lễ chào cờ. Đoàn kiểm tra của Tỉnh đoàn đã kiểm tra Huyện đoàn A.\n",
     "Kỷ niệm 78 năm Quốc khánh nước Cộng hòa xã hội chủ nghĩa Việt Nam"),
    # a breadcrumb under the headline leaves it the headline
    ("Công đoàn ngành Y tế kiểm tra, chấm điểm Công đoàn cơ sở năm 2018\n"
     "Trang chủ / Công đoàn / Tin tức\n"
     "Trong các ngày từ 12- 24/12/2018, Công đoàn ngành Y tế đã tiến hành kiểm tra tại 09 CĐCS trực thuộc.\n",
     "Công đoàn ngành Y tế kiểm tra, chấm điểm Công đoàn cơ sở năm 2018"),
])
def test_titles_of_real_pages(text, title):
    assert ex(text).title == title


@pytest.mark.parametrize("text, title", [
    (" date 2025-11-08 Vĩnh Long Thanh tra kiến nghị kiểm điểm nhiều lãnh đạo sở, ngành do có dự án chậm tiến độ\n\n"
     "TPO - Thanh tra tỉnh Vĩnh Long vừa có kết luận thanh tra các công trình, dự án chậm tiến độ.\n",
     "Thanh tra kiến nghị kiểm điểm nhiều lãnh đạo sở, ngành do có dự án chậm tiến độ"),
    (" date 2021-11 Dân trí Hai trường học tại Gia Lai bị buộc phải trả lại phụ huynh các khoản thu sai quy định\n\n"
     "Ngày 2/11, Sở Giáo dục và Đào tạo tỉnh Gia Lai cho biết đã chỉ đạo các trường hoàn trả.\n",
     "Hai trường học tại Gia Lai bị buộc phải trả lại phụ huynh các khoản thu sai quy định"),
    (" date 2024-03 Hà Giang: Kiểm tra công tác Đoàn tại huyện Đồng Văn\n\nNgày 5/3, Tỉnh đoàn Hà Giang kiểm tra.\n",
     "Hà Giang: Kiểm tra công tác Đoàn tại huyện Đồng Văn"),
])
def test_the_section_or_paper_the_store_puts_before_the_headline_is_left_out(text, title):
    assert ex(text).title == title


def test_the_rows_of_an_official_header_read_as_a_table_are_no_headline():
    r = ex("BỘ GIAO THÔNG VẬN TẢI | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\n"
           "Số: 610/TB-BGTVT | Hà Nội, ngày 30 tháng 08 năm 2013 |\n"
           "Thực hiện Quyết định số 1961/QĐ-BGTVT ngày 09/7/2013 của Bộ trưởng Bộ GTVT, Đoàn kiểm tra của Bộ GTVT"
           " tiến hành kiểm tra tại Sở GTVT Lạng Sơn. Kết quả như sau.\n")
    assert r.title.startswith("Thực hiện Quyết định số 1961/QĐ-BGTVT")
    assert r.published == "2013-08-30"


def test_a_byline_over_the_date_is_no_headline():
    r = ex("Giám sát công tác đầu tư, quản lý, sử dụng nhà sinh hoạt cộng đồng trên địa bàn các quận, huyện\n\n1401\n\n"
           "Phạm Trần Minh Tuyến\n25-04-2022\n\nThực hiện Kế hoạch số 11/KH-HĐND ngày 25/02/2022 của Ban Văn hóa - Xã hội"
           " HĐND thành phố, Đoàn giám sát đã làm việc tại các quận.")
    assert r.title == ("Giám sát công tác đầu tư, quản lý, sử dụng nhà sinh hoạt cộng đồng trên địa bàn các quận,"
                       " huyện")


def test_a_kind_broken_over_two_lines_of_a_narrow_column_heads_the_subject():
    r = ex("ỦY BAN NHÂN DÂN\nTỈNH BẮC GIANG\n-------\n|\nCỘNG HÒA XÃ HỘI CHỦ\nNGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh"
           " phúc\n---------------\n|\nSố: 162/KH-UBND\n|\nBắc Giang, ngày 28\ntháng 9 năm 2023\n|\nKẾ\nHOẠCH\n"
           "KIỂM TRA AN TOÀN VỀ PHÒNG CHÁY, CHỮA CHÁY VÀ\nCỨU NẠN, CỨU HỘ ĐỐI VỚI CƠ SỞ NHÀ CHUNG CƯ\nThực hiện Chỉ thị"
           " số 01/CT-TTg ngày 03/01/2023 của Thủ tướng Chính phủ, Chủ tịch UBND tỉnh xây dựng Kế hoạch như sau:\n")
    assert r.title == "KIỂM TRA AN TOÀN VỀ PHÒNG CHÁY, CHỮA CHÁY VÀ CỨU NẠN, CỨU HỘ ĐỐI VỚI CƠ SỞ NHÀ CHUNG CƯ"
    assert r.doc_number.type == "Kế hoạch"


@pytest.mark.parametrize("text, published", [
    # a site's clock opens the page; the article's dateline is under its headline
    ("Chủ nhật, ngày 24/11/2024\n\nĐoàn công tác của Ủy ban Kiểm tra Trung ương công bố kết quả kiểm tra tại Hải Dương"
     "\n\nThứ Năm 09/12/2021 22:26\n\nXem với cỡ chữ\nChiều 9/12, Đoàn công tác đã công bố kết quả kiểm tra.",
     "2021-12-09"),
    # "Được đăng :" labels the date of posting
    ("HND Hòa Bình: Tích cực thực hiện các phong trào nông dân\n\nĐược đăng : 06/11/2018\nTrong tháng 10/2018, các"
     " cấp Hội Nông dân tỉnh Hòa Bình đã tích cực thực hiện công tác Hội.", "2018-11-06"),
])
def test_the_articles_date_not_the_sites_clock_is_published(text, published):
    assert ex(text).published == published


def test_a_headline_in_a_tables_cell_loses_its_bar():
    r = ex("San lấp mặt bằng, vi phạm hành lang an toàn Quốc lộ 49 ở Hồng Hạ, A lưới |\nNhững ngày qua, tại KM 57+490"
           " thuộc Quốc lộ 49, hộ dân đã có hành vi san lấp mặt bằng trên đất đường bộ.")
    assert r.title == "San lấp mặt bằng, vi phạm hành lang an toàn Quốc lộ 49 ở Hồng Hạ, A lưới"


@pytest.mark.parametrize("text, title", [
    # two words of a national line are ordinary words: a headline
    ("KIỂM TRA CÔNG TY KIỂM TOÁN ĐỘC LẬP\n\nNgày 5/6, Sở Tài chính kiểm tra công ty.", "KIỂM TRA CÔNG TY KIỂM TOÁN ĐỘC LẬP"),
    ("PHÁT HIỆN CÁN BỘ ĐANG CÔNG TÁC SAI PHẠM\n\nNgày 5/6, Thanh tra tỉnh kiểm tra.",
     "PHÁT HIỆN CÁN BỘ ĐANG CÔNG TÁC SAI PHẠM"),
    # a province in capitals is no byline
    ("LÂM ĐỒNG KIỂM TRA RỪNG\n\nNgày 5/6, Sở Nông nghiệp kiểm tra.", "LÂM ĐỒNG KIỂM TRA RỪNG"),
])
def test_a_headline_is_no_header_row_nor_byline_for_a_few_of_their_words(text, title):
    assert ex(text).title == title


def test_registered_is_no_date_of_posting_and_a_related_articles_date_not_the_articles():
    assert ex("Tin tức\n\nCông ty ABC được đăng ký kinh doanh lần đầu ngày 05/01/2010 và bị kiểm tra.").published is None
    r = ex("Thứ Hai, 12/06/2023\n\nThanh tra huyện kiểm tra chợ\n\nSáng nay, Thanh tra huyện kiểm tra chợ.\n\nA\n\nB\n\n"
           "Tin liên quan\n\n05/06/2023\n\nKiểm tra an toàn thực phẩm")
    assert r.published == "2023-06-12"

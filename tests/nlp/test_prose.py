"""Who inspected whom and what was found, as news pages state it in running prose: bodies far from
their verb (adverbs, an office-holder, a leader clause, rounds of the work, a lead clause before the
subject), teams of several owners, places listed after ``trên địa bàn`` / ``của các`` / ``gồm``,
names written as the text writes them; findings whose parts keep their sentence's kind, procedural
sentences, sanctions, results stated after ``Qua kiểm tra``; figures and titles of such pages."""
from __future__ import annotations

import pytest

from .helpers import check_spans, ex


def names(items) -> list[str]:
    return [m.text for m in items]


def kinds(text: str) -> list[tuple[str, str]]:
    """Findings of an article: a headline, then ``text``."""
    return [(f.kind, f.text) for f in ex("Kiểm tra công tác Hội tại vùng cao\n\n" + text).findings]


# ------------------------------------------------------------------------------ inspecting bodies

@pytest.mark.parametrize("text, body", [
    # adverbs, alone or in a comma list, between the body and its verb
    ("Năm 2024, Hội Nông dân tỉnh Lâm Đồng đã chủ động, quyết liệt giám sát việc sử dụng Quỹ Hỗ trợ nông dân.",
     "Hội Nông dân tỉnh Lâm Đồng"),
    ("Hội Cựu chiến binh huyện Bảo Lâm cũng thường xuyên kiểm tra các chi hội cơ sở.",
     "Hội Cựu chiến binh huyện Bảo Lâm"),
    # an office-holder in apposition stands for the body he leads
    ("Ngày 12/9, đồng chí Lê Văn Tám, Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh Hòa Bình, đã kiểm tra tiến độ "
     "các công trình trọng điểm trên địa bàn.", "UBND tỉnh Hòa Bình"),
    # the body before a leader clause
    ("Sáng 15/11, Ban Pháp chế HĐND tỉnh do ông Trần Văn Bình - Trưởng Ban làm trưởng đoàn đã tiến hành giám "
     "sát việc thi hành pháp luật về đất đai.", "Ban Pháp chế HĐND tỉnh"),
    # rounds of the work done by the subject
    ("Năm 2023, HĐND huyện Mỹ Lộc cũng tổ chức 3 đợt giám sát chuyên đề về đầu tư công.", "HĐND huyện Mỹ Lộc"),
    # a lead clause before the subject of the work
    ("Xác định rõ tầm quan trọng của công tác này, Hội Nông dân tỉnh Lâm Đồng đã chỉ đạo các cấp Hội tập trung "
     "giám sát các nội dung liên quan trực tiếp đến quyền lợi của hội viên.", "Hội Nông dân tỉnh Lâm Đồng"),
])
def test_a_body_far_from_its_verb(text, body):
    r = ex(text)
    assert body in names(r.inspecting_bodies)
    check_spans(r)


def test_a_team_of_several_owners_names_them_all():
    r = ex("Ngày 3/3, Đoàn kiểm tra số 9 của Bộ Chính trị, Ban Bí thư làm việc với Ban Thường vụ Tỉnh ủy Yên Bái "
           "về việc thực hiện Chỉ thị số 35-CT/TW.")
    assert names(r.inspecting_bodies)[:2] == ["Bộ Chính trị", "Ban Bí thư"]


def test_a_body_is_named_as_the_text_writes_it():
    r = ex("UBKT Tỉnh ủy Sóc Trăng đã kiểm tra Ban Thường vụ Huyện ủy Kế Sách khi có dấu hiệu vi phạm.")
    assert names(r.inspecting_bodies) == ["UBKT Tỉnh ủy Sóc Trăng"]


def test_a_news_dateline_gives_the_province():
    r = ex("Kiểm tra việc chấp hành Điều lệ Công đoàn\n"
           "Phú Thọ - Đoàn kiểm tra của Liên đoàn Lao động tỉnh vừa tiến hành kiểm tra việc chấp hành Điều lệ "
           "tại các công đoàn cơ sở trực thuộc.")
    assert names(r.inspecting_bodies) == ["Liên đoàn Lao động tỉnh Phú Thọ"]


def test_a_capitalised_verb_after_a_level_word_is_no_place():
    r = ex("Thường trực HĐND huyện Tháp Mười họp bàn kế hoạch giám sát năm 2021. Theo đó, Thường trực HĐND huyện "
           "Quyết định thành lập 11 tổ đại biểu. Thường trực HĐND huyện tiếp tục giám sát việc giải quyết kiến nghị.")
    assert names(r.inspecting_bodies) == ["Thường trực HĐND huyện Tháp Mười"]


def test_a_header_column_ends_the_unit_name():
    # the reader joins the header's two columns with one space
    r = ex("BAN CHẤP HÀNH ĐOÀN TỈNH HẬU GIANG ĐOÀN TNCS HỒ CHÍ MINH\n"
           "Số: 12-KH/TĐTN-KTGS Hậu Giang, ngày 06 tháng 10 năm 2025\nKẾ HOẠCH\nKiểm tra công tác Đoàn năm 2025\n"
           "Căn cứ Chương trình kiểm tra năm 2025 của Ban Chấp hành Tỉnh đoàn Hậu Giang, Ban Thường vụ Tỉnh đoàn "
           "ban hành Kế hoạch kiểm tra như sau:\n")
    assert "Ban Thường vụ Tỉnh đoàn Hậu Giang" in names(r.inspecting_bodies)
    assert not any("HẬU GIANG" in n and "TNCS" in n for n in names(r.organizations))


def test_related_articles_report_other_work():
    r = ex("Thành đoàn Cần Thơ kiểm tra công tác Đoàn tại Quận đoàn Ninh Kiều\n"
           "Ngày 5/4, Thành đoàn Cần Thơ đã kiểm tra công tác Đoàn tại Quận đoàn Ninh Kiều.\n"
           "Tin cùng chuyên mục\n"
           "Thành đoàn Cần Thơ kiểm tra công tác Đoàn tại huyện Phong Điền\n")
    assert names(r.inspected_units) == ["Quận đoàn Ninh Kiều"]


# ------------------------------------------------------------------------------- inspected units

@pytest.mark.parametrize("text, units", [
    # places where the work was done, beside a named unit; a place name may fold like a head ("Đoan")
    ("Đoàn kiểm tra của Công đoàn ngành Giáo dục tỉnh vừa kiểm tra Công đoàn Trường THPT Hùng Vương và các công "
     "đoàn cơ sở trên địa bàn huyện Đoan Hùng, Hạ Hòa và thị xã Phú Thọ.",
     ["Công đoàn Trường THPT Hùng Vương", "huyện Đoan Hùng", "huyện Hạ Hòa", "thị xã Phú Thọ"]),
    # "các huyện A, B" drops the repeated head
    ("Đoàn có trách nhiệm kiểm tra, thẩm định kết quả phổ cập giáo dục của các huyện Vĩnh Thạnh, Tây Sơn và thị "
     "xã An Nhơn.", ["huyện Vĩnh Thạnh", "huyện Tây Sơn", "thị xã An Nhơn"]),
    ("Ông Lý Văn Em làm Trưởng đoàn kiểm tra số 01 gồm các xã Vị Thủy, Vĩnh Thuận Tây và thị trấn Nàng Mau; "
     "Ông Trần Văn Tư, Phó Chủ tịch UBND huyện làm Trưởng đoàn số 02.",
     ["xã Vị Thủy", "xã Vĩnh Thuận Tây", "thị trấn Nàng Mau"]),
    # after a count and a colon the places are listed as written; "Lạng Sơn" is a name
    ("Ban Chỉ đạo liên ngành đã thành lập 5 đoàn tiến hành kiểm tra tại 5 tỉnh, thành phố, gồm: Hà Nội, Lạng Sơn, "
     "Thái Nguyên, Vĩnh Phúc và Phú Thọ.", ["Hà Nội", "Lạng Sơn", "Thái Nguyên", "Vĩnh Phúc", "Phú Thọ"]),
])
def test_units_named_by_their_place(text, units):
    r = ex(text)
    assert names(r.inspected_units) == units
    check_spans(r)


def test_a_level_word_opening_an_organization_is_no_place():
    r = ex("Tỉnh đoàn Hà Giang kiểm tra công tác Đoàn tại Huyện đoàn Đồng Văn.")
    assert names(r.inspected_units) == ["Huyện đoàn Đồng Văn"]


# ---------------------------------------------------------------------------------------- findings

def test_parts_after_a_semicolon_keep_the_kind_of_their_sentence():
    got = kinds("Tuy nhiên, tỷ lệ chi hội sinh hoạt định kỳ còn thấp; thiếu kinh phí hoạt động ở cơ sở; "
                "sổ sách ghi chép sơ lược.")
    assert [k for k, _ in got] == ["limitation"] * 3


def test_a_list_of_what_was_checked_takes_no_kind():
    got = kinds("Đoàn tập trung giám sát việc quản lý đất đai còn tồn tại; công tác quản lý trật tự xây dựng; "
                "công tác phòng chống dịch bệnh trên địa bàn.")
    assert [t for _, t in got if t.startswith("công tác")] == []


def test_the_voters_requests_are_no_recommendation():
    got = kinds("Qua giám sát, đoàn nhận thấy đa số các ý kiến, kiến nghị của cử tri đã được giải quyết đúng quy định.")
    assert [k for k, _ in got] == ["strength"]


def test_results_after_qua_kiem_tra_are_strengths():
    got = kinds("Qua kiểm tra cho thấy, Hội Phụ nữ các xã đã bám sát chương trình công tác năm của Hội cấp trên.")
    assert [k for k, _ in got] == ["strength"]


def test_the_teams_procedure_is_no_finding():
    assert kinds("Tại buổi kiểm tra, Đoàn kiểm tra đã nghe báo cáo của Thường trực Hội về những tồn tại, hạn chế "
                 "trong năm qua.") == []
    assert kinds("Đoàn kiểm tra đã tiến hành kiểm tra hồ sơ và nghiên cứu báo cáo của các chi hội.") == []
    # a request of the team is a recommendation
    got = kinds("Các thành viên đoàn kiểm tra đã đề xuất một số nội dung để các đơn vị cần khắc phục trong thời gian tới.")
    assert [k for k, _ in got] == ["recommendation"]


def test_sanctions_are_recommendations_and_counts_of_them_are_figures():
    got = kinds("Ủy ban Kiểm tra Tỉnh ủy quyết định thi hành kỷ luật bằng hình thức cảnh cáo đối với Đảng ủy xã "
                "Phú Lương nhiệm kỳ 2015 - 2020.")
    assert [k for k, _ in got] == ["recommendation"]
    r = ex("Kiểm tra công tác Đảng\n\nNăm 2023, Ủy ban Kiểm tra các cấp đã thi hành kỷ luật 57 đảng viên vi phạm.")
    assert r.findings == ()
    assert [(f.value, f.unit) for f in r.figures] == [(57, "đảng viên")]


def test_causes_and_violations_are_limitations():
    got = kinds("Do cán bộ thường xuyên thay đổi nên việc lưu trữ hồ sơ chưa khoa học. "
                "Ông A đã vi phạm quy định về quản lý tài chính.")
    assert [k for k, _ in got] == ["limitation", "limitation"]


def test_the_main_clause_after_a_thuc_hien_lead_is_kept():
    got = kinds("Thực hiện Nghị quyết Đại hội Đảng bộ các cấp, Đảng ủy xã Bố Hạ đã xây dựng, ban hành các kế hoạch "
                "kịp thời. Cơ cấu kinh tế có sự chuyển dịch theo hướng tích cực; quốc phòng, an ninh được giữ vững.")
    assert [k for k, _ in got] == ["strength"] * 3


def test_page_furniture_is_no_finding():
    assert kinds("Email của bạn sẽ không được hiển thị công khai. Các trường bắt buộc được đánh dấu.") == []


# ------------------------------------------------------------------------------ figures and titles

@pytest.mark.parametrize("text", [
    "Phổ cập giáo dục mầm non cho trẻ em 5 tuổi tại 12 xã.",
    "Thực hiện mô hình chính quyền địa phương 2 cấp tại 12 xã.",
    "Ủy ban Kiểm tra Trung ương họp kỳ 39 dưới sự chủ trì của đồng chí Chủ nhiệm tại 12 xã.",
])
def test_ages_names_and_sessions_are_no_figures(text):
    assert [(f.value, f.unit) for f in ex(text).figures] == [(12, "xã")]


@pytest.mark.parametrize("line", ["null Thường trực HĐND huyện họp phiên thường kỳ tháng 7",
                                  "- Thường trực HĐND huyện họp phiên thường kỳ tháng 7"])
def test_a_headline_without_a_stray_lead(line):
    assert ex(line + "\nNgày 7/7, Thường trực HĐND huyện họp phiên thường kỳ.").title == \
        "Thường trực HĐND huyện họp phiên thường kỳ tháng 7"


@pytest.mark.parametrize("text, published", [
    ("Kiểm tra an toàn thực phẩm dịp Tết\nĐăng lúc: 09/01/2023 (GMT+7)\nNgày 5/1, đoàn kiểm tra liên ngành huyện "
     "đã kiểm tra 12 cơ sở.", "2023-01-09"),
    ("Chi tiết\nTổ chức kiểm tra công tác chuẩn bị bầu cử\nNgày 14-04-2021 - Lượt xem: 38\nVừa qua, huyện Vị "
     "Thủy đã kiểm tra công tác chuẩn bị bầu cử.", "2021-04-14"),
])
def test_a_byline_with_page_furniture_gives_the_date(text, published):
    assert ex(text).published == published


def test_a_national_body_and_no_bare_organ():
    r = ex("Ngày 6/11, Đoàn công tác của Ban Thường vụ Trung ương Hội Nông dân Việt Nam đã kiểm tra công tác Hội "
           "tại xã Phùng Nguyên.")
    assert names(r.inspecting_bodies) == ["Ban Thường vụ Trung ương Hội Nông dân Việt Nam"]
    assert "Ủy ban" not in names(ex("Ủy ban đã giám sát việc giải quyết kiến nghị của cử tri.").inspecting_bodies)


@pytest.mark.parametrize("text, units", [
    ("Đợt giám sát diễn ra tại Ban Chỉ huy quân sự TP Hòa Bình, huyện Lạc Sơn, Kim Bôi và Tân Lạc.",
     ["Ban Chỉ huy quân sự TP Hòa Bình", "Ban Chỉ huy quân sự huyện Lạc Sơn", "Ban Chỉ huy quân sự huyện Kim Bôi",
      "Ban Chỉ huy quân sự huyện Tân Lạc"]),
    ("Tổ công tác số 3 giám sát việc thực hiện kế hoạch tại Đảng ủy phường Long Bình và phường Tam Hiệp.",
     ["Đảng ủy phường Long Bình", "Đảng ủy phường Tam Hiệp"]),
])
def test_a_list_that_drops_the_head_before_a_new_level_word(text, units):
    assert names(ex(text).inspected_units) == units

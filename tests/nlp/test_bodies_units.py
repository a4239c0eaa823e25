"""Inspecting bodies and inspected units, from the grammar of official letters, decisions and reports:
an official letter's schedule, place names holding a word that usually ends a name, the issuing line
of a decision, Đoàn + level names, generic place words, counted units, abbreviated city names."""
from __future__ import annotations

import pytest

from .helpers import check_spans, ex


def names(items) -> list[str]:
    return [m.text for m in items]


LETTER = """TỈNH ĐOÀN BẠC LIÊU                         ĐOÀN TNCS HỒ CHÍ MINH
         ***
Số: 311 -CV/TĐTN-BTC                  Bạc Liêu, ngày 02 tháng 11 năm 2023
V/v lịch giám sát công tác Đoàn năm 2023

Kính gửi: Ban Thường vụ các Huyện, Thị, Thành đoàn trực thuộc.

Thực hiện chương trình công tác năm 2023, Ban Thường vụ Tỉnh đoàn thông báo lịch giám sát như sau:
- Sáng 13/11/2023: Huyện đoàn Hồng Dân;
- Ngày 14/11/2023: Thị đoàn Giá Rai, Huyện đoàn Đông Hải;
- Các đơn vị còn lại tự đánh giá và gửi báo cáo về Tỉnh đoàn.
"""


def test_official_letter_lists_its_schedule():
    # a Công văn has its number in the header and no kind heading: still an official document
    r = ex(LETTER)
    assert r.doc_number is not None and r.doc_number.type == "Công văn"
    assert names(r.inspecting_bodies) == ["Ban Thường vụ Tỉnh đoàn Bạc Liêu"]
    assert names(r.inspected_units) == ["Huyện đoàn Hồng Dân", "Thị đoàn Giá Rai", "Huyện đoàn Đông Hải"]


@pytest.mark.parametrize("text, units", [
    ("Tỉnh đoàn Cà Mau kiểm tra Huyện đoàn Năm Căn và Huyện đoàn Ngọc Hiển.",
     ["Huyện đoàn Năm Căn", "Huyện đoàn Ngọc Hiển"]),
    ("Thành đoàn Hà Nội giám sát Quận đoàn Hai Bà Trưng, Quận đoàn Đống Đa.",
     ["Quận đoàn Hai Bà Trưng", "Quận đoàn Đống Đa"]),
])
def test_place_name_holding_a_word_that_usually_ends_a_name(text, units):
    assert names(ex(text).inspected_units) == units


def test_a_capitalised_year_word_still_ends_a_name():
    r = ex("Năm 2023, Huyện đoàn Ba Tri Năm nay kiểm tra Đoàn xã An Đức.")
    assert "Huyện đoàn Ba Tri Năm" not in [m.text for m in r.organizations]


def test_a_two_syllable_verb_after_a_name_ends_it():
    # "nội giám" is a dictionary word, yet "giám sát" is the verb that follows the name
    r = ex("Thành đoàn Hà Nội giám sát Quận đoàn Đống Đa.")
    assert [m.text for m in r.activity] == ["giám sát"]
    assert names(r.inspecting_bodies) == ["Thành đoàn Hà Nội"]
    assert names(r.inspected_units) == ["Quận đoàn Đống Đa"]


def test_generic_ward_word_takes_the_place_the_headline_gives():
    # the place in a capitals headline stops before the verb; a bracket (province) may follow the body
    r = ex("ĐOÀN XÃ TAM HIỆP GIÁM SÁT CÁC CHI ĐOÀN\n\nNgày 05/10/2025, Ban Thường vụ Đoàn xã Tam Hiệp (tỉnh "
           "Tây Ninh) tổ chức giám sát tại Chi đoàn Trường Tiểu học xã và Chi đoàn Công an xã.")
    assert names(r.inspecting_bodies) == ["Ban Thường vụ Đoàn xã Tam Hiệp"]
    assert names(r.inspected_units) == ["Chi đoàn Trường Tiểu học xã Tam Hiệp", "Chi đoàn Công an xã Tam Hiệp"]


@pytest.mark.parametrize("short", ["TP.HCM", "TP. HCM", "Tp. Hồ Chí Minh"])
def test_a_city_written_short_is_the_same_body(short):
    r = ex(f"Thành đoàn {short} giám sát Quận đoàn 5\n\nNgày 10/4/2024, Ban Thường vụ Thành đoàn Thành phố "
           f"Hồ Chí Minh tổ chức giám sát tại Quận đoàn 5. Đoàn giám sát của Thành đoàn {short} làm việc với "
           "Đoàn phường 7.")
    assert names(r.inspecting_bodies) == ["Ban Thường vụ Thành đoàn Thành phố Hồ Chí Minh"]


def test_match_key_writes_city_abbreviations_out():
    from nlp.orgs import match_key

    full = match_key("Hội đồng Đội Thành phố Hồ Chí Minh")
    assert match_key("Hội đồng Đội TP.HCM") == match_key("Hội đồng Đội TP. HCM") == full
    assert match_key("UBND TP. Cần Thơ") == match_key("Ủy ban nhân dân Thành phố Cần Thơ")
    assert match_key("Đoàn TPHCM") != full   # no guess beyond the written forms


@pytest.mark.parametrize("text, bodies, units", [
    # a count before a unit: many units of a kind, none named, so no body
    ("Năm 2024, 18/18 Đoàn cơ sở trực thuộc đã tổ chức kiểm tra chi đoàn.", [], []),
    ("Trong quý, 12 Đoàn xã đã kiểm tra Chi đoàn ấp Tân Lợi.", [], ["Chi đoàn ấp Tân Lợi"]),
    ("Các Huyện đoàn đã kiểm tra Đoàn xã Phú Lộc.", [], ["Đoàn xã Phú Lộc"]),
    # a day before the body is no count
    ("Ngày 12/3 Đoàn xã Tân Hòa đã kiểm tra Chi đoàn ấp Tân Lợi.", ["Đoàn xã Tân Hòa"], ["Chi đoàn ấp Tân Lợi"]),
])
def test_a_unit_given_by_a_count_is_no_body(text, bodies, units):
    r = ex(text)
    assert names(r.inspecting_bodies) == bodies
    assert names(r.inspected_units) == units


@pytest.mark.parametrize("text, body", [
    ("HUYỆN ĐOÀN CHÂU THÀNH\n\nII. CÔNG TÁC KIỂM TRA, GIÁM SÁT CỦA BAN THƯỜNG VỤ HUYỆN ĐOÀN\n1. Kết quả\n"
     "Trong năm đã giám sát Đoàn xã An Hiệp.", "Ban Thường vụ Huyện đoàn Châu Thành"),
    ("2. Công tác giám sát của Ủy ban Kiểm tra Thị đoàn Hồng Ngự\nĐã giám sát Đoàn phường An Lộc.",
     "Ủy ban Kiểm tra Thị đoàn Hồng Ngự"),
    ("Kết quả công tác kiểm tra và giám sát của Đoàn xã Phú Hưng\n- Đã kiểm tra Chi đoàn ấp 2.", "Đoàn xã Phú Hưng"),
])
def test_heading_names_the_body_of_the_work(text, body):
    assert names(ex(text).inspecting_bodies) == [body]


def test_the_work_of_a_unit_inside_a_sentence_is_no_heading():
    r = ex("Báo cáo nêu công tác kiểm tra của Đoàn xã Phú Hưng còn hạn chế. Huyện đoàn Ba Tri kiểm tra Đoàn xã Phú Hưng.")
    assert names(r.inspecting_bodies) == ["Huyện đoàn Ba Tri"]


DECISION = """BCH ĐOÀN TỈNH BẾN TRE                         ĐOÀN TNCS HỒ CHÍ MINH
BCH HUYỆN ĐOÀN GIỒNG TRÔM
         ***
Số: 45-QĐ/HĐTN                           Giồng Trôm, ngày 06 tháng 3 năm 2024

QUYẾT ĐỊNH
Về việc thành lập Đoàn kiểm tra công tác Đoàn năm 2024

BAN THƯỜNG VỤ HUYỆN ĐOÀN GIỒNG TRÔM

- Căn cứ Điều lệ Đoàn TNCS Hồ Chí Minh;
- Căn cứ Kế hoạch số 12-KH/HĐTN ngày 20/02/2024 của Ban Thường vụ Huyện đoàn về kiểm tra công tác Đoàn năm 2024;
- Xét đề nghị của Ủy ban Kiểm tra Huyện đoàn,

QUYẾT ĐỊNH:

Điều 1. Thành lập Đoàn kiểm tra công tác Đoàn năm 2024 tại Đoàn xã Lương Hòa, Đoàn xã Phước Long, gồm các đồng chí có tên sau:
1. Đồng chí Trần Văn Hậu, Phó Bí thư Huyện đoàn – Trưởng đoàn;
2. Đồng chí Lê Thị Mai, Chủ nhiệm Ủy ban Kiểm tra Huyện đoàn – Thành viên.
Điều 2. Đoàn kiểm tra có nhiệm vụ kiểm tra việc thực hiện Điều lệ Đoàn, tự giải thể sau khi hoàn thành nhiệm vụ.
Điều 3. Văn phòng, Ủy ban Kiểm tra Huyện đoàn và các đồng chí có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này./.

TM. BAN THƯỜNG VỤ HUYỆN ĐOÀN
BÍ THƯ
Nguyễn Văn Tài
"""


@pytest.mark.parametrize("issuing, body", [
    ("BAN THƯỜNG VỤ HUYỆN ĐOÀN GIỒNG TRÔM", "Ban Thường vụ Huyện đoàn Giồng Trôm"),
    ("BAN THƯỜNG VỤ HUYỆN ĐOÀN", "Ban Thường vụ Huyện đoàn Giồng Trôm"),    # the place from the header
])
def test_decision_issued_by_the_line_above_its_grounds(issuing, body):
    r = ex(DECISION.replace("BAN THƯỜNG VỤ HUYỆN ĐOÀN GIỒNG TRÔM", issuing))
    assert names(r.inspecting_bodies) == [body]
    assert names(r.inspected_units) == ["Đoàn xã Lương Hòa", "Đoàn xã Phước Long"]


def test_decision_without_an_issuing_line_keeps_the_header():
    r = ex(DECISION.replace("BAN THƯỜNG VỤ HUYỆN ĐOÀN GIỒNG TRÔM\n", ""))
    assert names(r.inspecting_bodies) == ["Ban Chấp hành Huyện đoàn Giồng Trôm"]


@pytest.mark.parametrize("text, bodies, units", [
    ("Ban Thường vụ Đoàn huyện Chợ Gạo kiểm tra Đoàn xã Bình Phan.",
     ["Ban Thường vụ Huyện đoàn Chợ Gạo"], ["Đoàn xã Bình Phan"]),
    ("Tỉnh đoàn Tiền Giang kiểm tra Đoàn huyện Cái Bè và Đoàn TP. Mỹ Tho.",
     ["Tỉnh đoàn Tiền Giang"], ["Huyện đoàn Cái Bè", "Thành đoàn Mỹ Tho"]),
    ("Đoàn thành phố Bến Tre giám sát Đoàn phường 4 và Đoàn phường 6.",
     ["Thành đoàn Bến Tre"], ["Đoàn phường 4", "Đoàn phường 6"]),
])
def test_youth_union_of_a_level_written_the_other_way_round(text, bodies, units):
    r = ex(text)
    assert names(r.inspecting_bodies) == bodies
    assert names(r.inspected_units) == units


def test_both_ways_of_writing_are_one_organization():
    from nlp.orgs import match_key, standard_union_name

    assert standard_union_name("Ban Chấp hành Đoàn tỉnh Long An") == "Ban Chấp hành Tỉnh đoàn Long An"
    assert match_key("BCH ĐOÀN TỈNH LONG AN") == match_key("Ban Chấp hành Tỉnh đoàn Long An")
    assert standard_union_name("Đoàn xã Tân Phú") == "Đoàn xã Tân Phú"
    assert standard_union_name("Chi đoàn huyện đội") == "Chi đoàn huyện đội"


@pytest.mark.parametrize("text, bodies, units", [
    # "của" right after the verb names who does the work, not whose work is checked
    ("Năm 2022, hoạt động giám sát chuyên đề của Thường trực HĐND tỉnh Điện Biên được đổi mới.",
     ["Thường trực HĐND tỉnh Điện Biên"], []),
    # a statute's name is no one's work
    ("Thực hiện Luật Hoạt động giám sát của Quốc hội và Hội đồng nhân dân năm 2015, hội nghị giải trình được tổ "
     "chức tại hội trường xã.", [], []),
    # who receives the team is inspected; the team's owner after its topic is the body
    ("Ngày 16/3/2017, Trường Tiểu học Hòa Bình đã đón đoàn kiểm tra chuyên ngành của Phòng Giáo dục và Đào tạo "
     "huyện Đồng Hỷ.", ["Phòng Giáo dục và Đào tạo huyện Đồng Hỷ"], ["Trường Tiểu học Hòa Bình"]),
    # a committee of the National Assembly, with "Quốc hội" after it
    ("Sáng 24/12, đoàn công tác của Ủy ban Kinh tế Quốc hội đã giám sát việc thực hiện dự án tại tỉnh Nghệ An.",
     ["Ủy ban Kinh tế Quốc hội"], ["tỉnh Nghệ An"]),
    # a head written in lower case, followed by its name
    ("Ban Thường vụ Tỉnh đoàn kiểm tra công tác Đoàn năm 2021 tại huyện đoàn Gia Viễn.",
     ["Ban Thường vụ Tỉnh đoàn"], ["huyện đoàn Gia Viễn"]),
])
def test_bodies_and_units_in_running_prose(text, bodies, units):
    r = ex(text)
    assert names(r.inspecting_bodies) == bodies
    assert names(r.inspected_units) == units


def test_a_role_title_ends_the_unit_before_a_persons_name():
    r = ex("Đoàn công tác của Bộ Y tế đã đến kiểm tra công tác phòng, chống dịch tại Sóc Trăng; Thứ trưởng Bộ Y tế "
           "Trần Văn Thuấn nhấn mạnh, tỉnh cần cảnh giác.")
    assert "Trần Văn Thuấn" in [p.name for p in r.people]
    assert names(r.inspecting_bodies) == ["Bộ Y tế"]


def test_a_law_code_is_no_ministry():
    r = ex("Từ đầu năm, đoàn kiểm tra của quận đã kiểm tra việc thực hiện Bộ Luật Lao động tại 143 doanh nghiệp.")
    assert not any("Bộ" in n for n in names(r.inspecting_bodies) + names(r.inspected_units))


@pytest.mark.parametrize("text, body", [
    ("Năm 2017, Thanh tra Sở Xây dựng đã kiểm tra Công ty ABC.", "Thanh tra Sở Xây dựng"),
    ("Thanh tra Bộ Giáo dục và Đào tạo đã kiểm tra Trường Đại học Tây Bắc.", "Thanh tra Bộ Giáo dục và Đào tạo"),
    ("Thanh tra Sở Y tế đã kiểm tra Phòng khám Minh An.", "Thanh tra Sở Y tế"),
])
def test_the_inspectorate_of_a_department_is_named_with_the_department(text, body):
    # "Thanh tra Sở" and "Sở Xây dựng" share "Sở": one organization, the department's inspectorate
    r = ex(text)
    assert names(r.inspecting_bodies) == [body]
    assert body in [o.text for o in r.organizations]


def test_a_peoples_inspection_board_written_short_heads_a_list_of_wards():
    # "Ban TTND" is the Ban Thanh tra nhân dân; the list drops the repeated head (annotation rules)
    r = ex("Đoàn giám sát đi thực địa giám sát công tác quản lý đất đai của Ban TTND phường Xuân La, Phú Thượng "
           "và Tứ Liên.")
    assert names(r.inspected_units) == ["Ban TTND phường Xuân La", "Ban TTND phường Phú Thượng",
                                        "Ban TTND phường Tứ Liên"]


def test_the_issuer_of_the_plan_of_the_work_is_its_body_in_news_too():
    r = ex("Ngày 5/6, Hội Nông dân tỉnh xây dựng kế hoạch giám sát việc thực hiện Nghị định 77. Đoàn đã giám sát "
           "tại xã Phước Đại.")
    assert names(r.inspecting_bodies) == ["Hội Nông dân tỉnh"]
    assert names(r.inspected_units) == ["xã Phước Đại"]


def test_a_communes_public_service_centre_is_named_whole():
    # every commune and ward has one since the 2025 merger
    r = ex("Ngày 13-10, Đoàn giám sát của Thường trực HĐND xã Phú Giáo giám sát hoạt động của Trung tâm Phục vụ hành "
           "chính công xã Phú Giáo.")
    assert names(r.inspected_units) == ["Trung tâm Phục vụ hành chính công xã Phú Giáo"]


@pytest.mark.parametrize("text, body", [
    # a headline's kicker or a list item: "ORG: giám sát ...", not "ORG: tổ chức ... sinh hoạt"
    ("Hội Liên hiệp Phụ nữ tỉnh: giám sát về thực hiện Nghị định 56 của Chính phủ\n\nNgày 20-8, đoàn công tác "
     "đã làm việc với UBND huyện Bác Ái.", "Hội Liên hiệp Phụ nữ tỉnh"),
    ("Kết quả năm 2023:\n- Huyện đoàn Gia Viễn: kiểm tra 3 chi đoàn;\n- Đoàn xã Gia Hòa: tổ chức 2 buổi sinh hoạt.",
     "Huyện đoàn Gia Viễn"),
    # a steering committee: lower-case words after the head name it, up to its place or its verb (property
    # topic in org_heads.tsv)
    ("Ban Chỉ đạo liên ngành Trung ương về an toàn thực phẩm vừa quyết định thành lập 5 đoàn kiểm tra.",
     "Ban Chỉ đạo liên ngành Trung ương về an toàn thực phẩm"),
    ("Ban chỉ đạo Vệ sinh an toàn thực phẩm thành phố Hà Nội sẽ lập 6 Đoàn thanh tra, kiểm tra liên ngành.",
     "Ban chỉ đạo Vệ sinh an toàn thực phẩm thành phố Hà Nội"),
    ("Ban Chỉ đạo Liên ngành về VSATTP tỉnh Phú Thọ xây dựng Kế hoạch thanh tra, kiểm tra liên ngành. Các đoàn "
     "đã kiểm tra 20 cơ sở.", "Ban Chỉ đạo Liên ngành về VSATTP tỉnh Phú Thọ"),
    # a bare inspectorate takes the one department the text names; of two departments, which one is not said
    ("Sở NN và PTNT chỉ đạo Thanh tra Sở phối hợp các đơn vị thanh tra chuyên ngành. Thanh tra Sở đã kiểm tra "
     "40 cơ sở kinh doanh vật tư nông nghiệp.", "Thanh tra Sở NN và PTNT"),
    ("Sở Y tế và Sở Tài chính đã họp. Thanh tra Sở đã kiểm tra 40 cơ sở.", "Thanh tra Sở"),
    # a council's committee and its council written with a comma are one body
    ("Sáng 03/10, đoàn công tác của Ban Dân tộc, HĐND tỉnh do Trưởng ban Điểu Điều làm trưởng đoàn, đã giám "
     "sát việc thực hiện chính sách dân tộc tại các xã đặc biệt khó khăn.", "Ban Dân tộc, HĐND tỉnh"),
    # a district's urban construction order team, named whole
    ("Tính từ đầu năm 2023 đến nay, Đội Quản lý trật tự xây dựng đô thị huyện Sóc Sơn đã kiểm tra, phát hiện "
     "và xử lý 13 trường hợp vi phạm.", "Đội Quản lý trật tự xây dựng đô thị huyện Sóc Sơn"),
    # the subject after opening clauses of any kind, each closed by a comma; not the subject of a passive
    ("Liên quan đến vụ việc cựu Giám đốc CDC tỉnh tổ chức tiệc, ngày 15/8, sau khi xem xét báo cáo của Đoàn Kiểm "
     "tra, Ủy ban Kiểm tra Tỉnh ủy Quảng Ninh đã thống nhất kết luận vụ việc.", "Ủy ban Kiểm tra Tỉnh ủy Quảng Ninh"),
    ("Vừa qua, Đoàn kiểm tra về phòng cháy chữa cháy và cứu nạn cứu hộ, Công an tỉnh Điện Biên đã tổng kiểm tra "
     "các cơ sở karaoke.", "Công an tỉnh Điện Biên"),
    # a subject of several members: the first, named; the others generic
    ("3 tháng đầu năm 2013, Thanh tra Sở Xây dựng và đội thanh tra tại các huyện, thị xã, thành phố đã thực hiện "
     "kiểm tra 219 công trình xây dựng.", "Thanh tra Sở Xây dựng"),
    # a two-syllable verb after the name ends it, even when its first syllable makes a word with the name's
    # last ("Định kiến")
    ("Qua thanh tra, Thanh tra tỉnh Bình Định kiến nghị thu hồi hơn 792 triệu đồng.", "Thanh tra tỉnh Bình Định"),
    # the Front's committee abbreviated with the country, and a steering committee named by its directive's number
    ("Theo đó, Ban Thường trực UBMTTQVN huyện Đức Trọng sẽ chủ trì giám sát các chuyên đề.",
     "Ban Thường trực UBMTTQVN huyện Đức Trọng"),
    ("Ban Chỉ đạo 61 thành phố Quy Nhơn đã kiểm tra 5 xã.", "Ban Chỉ đạo 61 thành phố Quy Nhơn"),
    # "THANH TRA CHUYÊN ĐỀ DIỆN RỘNG VIỆC ..." in a heading in capitals is the work, not an inspectorate
    ("THANH TRA CHÍNH PHỦ\n-------\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\nSố: "
     "1256/BC-TTCP\n\nHà Nội, ngày 05 tháng 06 năm 2013\n\nBÁO CÁO TỔNG HỢP\n\nKẾT QUẢ THANH TRA CHUYÊN ĐỀ DIỆN RỘNG "
     "VIỆC THỰC HIỆN ĐỀ ÁN KIÊN CỐ HÓA TRƯỜNG, LỚP HỌC\n\nKính gửi: Thủ tướng Chính phủ\n\nThanh tra Chính phủ đã tổ "
     "chức thực hiện thanh tra chuyên đề diện rộng việc thực hiện Đề án.", "Thanh tra Chính phủ"),
    # state agencies named with lower-case words after their head (data: org_patterns.jsonl), and a police team
    # written with the body it belongs to after a dash (head property part-of)
    ("Hôm nay (11/6), Đội Cảnh sát kinh tế - Công an thành phố Đà Lạt (Lâm Đồng) đã tiến hành kiểm tra hai cơ sở.",
     "Đội Cảnh sát kinh tế - Công an thành phố Đà Lạt"),
    ("Ngày 18/6, Chi cục Hải quan cửa khẩu Hữu Nghị đã kiểm tra 12 xe hàng.", "Chi cục Hải quan cửa khẩu Hữu Nghị"),
    # a province's unit in a round-up takes the province its sentence opens with
    ("Quản lý thị trường các địa phương xử lý hàng giả. Tại Thái Nguyên, đoàn liên ngành do Chi cục Quản lý thị "
     "trường tỉnh chủ trì kiểm tra hộ kinh doanh P.K.C. Tại Gia Lai, Đội Quản lý thị trường số 10 lấy mẫu phân bón.",
     "Chi cục Quản lý thị trường tỉnh Thái Nguyên"),
    # the plan's issuer, with the plan and the programme
    ("Năm 2024, Ủy ban kiểm tra Hội Nông dân tỉnh Phú Thọ đã xây dựng và ban hành chương trình, kế hoạch kiểm "
     "tra, giám sát trong năm. Các đoàn đã kiểm tra 20 chi hội.", "Ủy ban kiểm tra Hội Nông dân tỉnh Phú Thọ"),
])
def test_the_body_as_the_page_names_it(text, body):
    assert names(ex(text).inspecting_bodies) == [body]


def test_a_unit_in_a_passive_after_a_clause_is_no_body():
    r = ex("Theo kế hoạch, sau khi nghe báo cáo, Huyện đoàn Gia Viễn đã được kiểm tra công tác Đoàn năm 2023.")
    assert names(r.inspecting_bodies) == []


@pytest.mark.parametrize("text, org", [
    # the provinces are a closed list: a headline's capitalised verb after "tỉnh" is no province
    ("Công đoàn viên chức tỉnh Hoàn thành công tác kiểm tra năm 2011", "Công đoàn viên chức tỉnh"),
    ("UBND tỉnh Bà Rịa - Vũng Tàu kiểm tra Sở Y tế.", "UBND tỉnh Bà Rịa - Vũng Tàu"),
    ("Hội Nông dân tỉnh Đăk Nông kiểm tra việc thực hiện.", "Hội Nông dân tỉnh Đăk Nông"),
    # a numbered ward keeps its number, and a count after a name is no part of it
    ("Đoàn giám sát làm việc với Đảng ủy Phường 3 về công tác cán bộ.", "Đảng ủy Phường 3"),
    ("Hội Liên hiệp phụ nữ xã Mỹ Thạnh 6 tháng đầu năm tổ chức kiểm tra.", "Hội Liên hiệp phụ nữ xã Mỹ Thạnh"),
    ("Chi cục Thi hành án dân sự huyện Ba Tri đã báo cáo với đoàn giám sát.", "Chi cục Thi hành án dân sự huyện Ba Tri"),
    ("Cục Điều tra chống buôn lậu đã phối hợp kiểm tra.", "Cục Điều tra chống buôn lậu"),
    # a dash after a police team that opens no name of a body keeps them apart
    ("Đội Cảnh sát giao thông - trật tự đã kiểm tra 30 xe.", "Đội Cảnh sát giao thông"),
])
def test_the_first_organization_ends_where_its_name_does(text, org):
    assert [o.text for o in ex(text).organizations][:1] == [org]


def test_a_place_ending_like_a_level_word_is_not_completed_twice():
    # "Hà Tĩnh" ends in "Tĩnh", which folds like the level word "tỉnh"
    r = ex("Năm 2023, toàn ngành Thanh tra Hà Tĩnh đã thực hiện 75 cuộc thanh tra. Thanh tra tỉnh tiếp tục thực "
           "hiện 5 đoàn thanh tra tại Công ty Cổ phần Tiến bộ Quốc tế.")
    assert names(r.inspecting_bodies) == ["Thanh tra tỉnh Hà Tĩnh"]


@pytest.mark.parametrize("text, units", [
    ("Chiều ngày 25/12/2023, Ban Chỉ đạo Phổ cập Giáo dục huyện Chợ Mới đã đến xã Long Điền B kiểm tra công tác "
     "phổ cập giáo dục.", ["xã Long Điền B"]),
    ("Ngày 5/3, Thường trực HĐND huyện đã về các xã Tân Hòa, Tân Lập để giám sát việc giải quyết đơn thư.",
     ["xã Tân Hòa", "xã Tân Lập"]),
    # the places of a plan's topics, in brackets after each; a bracketed parent of a named place is none
    ("Năm 2019, Ban Thường trực UBMTTQVN huyện Đức Trọng sẽ giám sát các chuyên đề, gồm: giám sát công tác bảo vệ "
     "môi trường (xã Liên Hiệp, thị trấn Liên Nghĩa); giám sát việc vận động Nhân dân tham gia bảo hiểm y tế (xã Đà "
     "Loan, Phú Hội).", ["xã Liên Hiệp", "thị trấn Liên Nghĩa", "xã Đà Loan", "xã Phú Hội"]),
    ("Đoàn đã giám sát tại xã Lũng Cú (huyện Đồng Văn).", ["xã Lũng Cú"]),
    # the place in brackets is where the business is, not another unit
    ("Đoàn liên ngành do Chi cục Quản lý thị trường tỉnh chủ trì kiểm tra hộ kinh doanh P.K.C (phường Vạn Xuân).",
     ["hộ kinh doanh P.K.C"]),
    # a counted level, then "bao gồm:" and the names
    ("Đoàn giám sát sẽ trực tiếp giám sát tại các phường bao gồm: Hòa Xuân Tây, Hòa Vinh và xã Hòa Tân Đông.",
     ["phường Hòa Xuân Tây", "phường Hòa Vinh", "xã Hòa Tân Đông"]),
    # the places of a counted work, and a count after a place's name is no part of it
    ("Tại Đồng Tháp, Chi cục Quản lý thị trường tỉnh kiểm tra 3 hộ kinh doanh điện thoại tại các xã Mỹ Lợi và Cái "
     "Bè, phát hiện 10 iPhone nhập lậu.", ["xã Mỹ Lợi", "xã Cái Bè"]),
    ("Đoàn kiểm tra 55 cơ sở, gồm 5 tổ chức và 50 hộ kinh doanh tại địa bàn huyện Phù Yên 7 cơ sở.", ["huyện Phù Yên"]),
    # a second target of the work, after "và các xã"
    ("Mặt trận thị xã Sông Cầu giám sát tại bộ phận “một cửa” của thị xã và các xã Xuân Bình, Xuân Phương, phường "
     "Xuân Phú; giám sát cán bộ.", ["xã Xuân Bình", "xã Xuân Phương", "phường Xuân Phú"]),
    # a breakdown by place: the count of each is no part of the list's gap
    ("Đoàn kiểm tra 41 cơ sở tại địa bàn huyện Phù Yên 7 cơ sở, huyện Mai Sơn 19 cơ sở và huyện Yên Châu 15 cơ sở.",
     ["huyện Phù Yên", "huyện Mai Sơn", "huyện Yên Châu"]),
    # a place the team comes from, or one far from the work, is no unit
    ("Ngày 5/3, đoàn về đến xã Tân Hòa lúc 8 giờ. Sau đó Thường trực HĐND huyện giám sát việc giải quyết đơn thư.", []),
])
def test_places_where_the_work_is_done_are_units(text, units):
    assert names(ex(text).inspected_units) == units


def test_the_parents_of_a_place_are_not_more_units():
    r = ex("Sáng 2/11, Đoàn giám sát của Tỉnh ủy Vĩnh Long đã giám sát tại các xã: Nhơn Phú, Mỹ Phước và thị trấn "
           "Cái Nhum, huyện Mang Thít, tỉnh Vĩnh Long.")
    assert names(r.inspected_units) == ["xã Nhơn Phú", "xã Mỹ Phước", "thị trấn Cái Nhum"]


def test_a_role_after_a_place_ends_the_list_of_places():
    r = ex("Ngày 22/4, Đoàn công tác của Bộ Y tế đã đến kiểm tra công tác phòng, chống dịch tại tỉnh Sóc Trăng; Thứ "
           "trưởng Bộ Y tế nhấn mạnh, tỉnh cần cảnh giác.")
    assert names(r.inspected_units) == ["tỉnh Sóc Trăng"]


@pytest.mark.parametrize("text, bodies", [
    ("Ban Thường vụ Huyện ủy Đồng Xuân đã ban hành Quyết định kiểm tra đối với Ban Thường vụ Đảng ủy xã Phú Mỡ.",
     ["Ban Thường vụ Huyện ủy Đồng Xuân"]),
    ("Tỉnh điều chỉnh kế hoạch năm 2024, bổ sung kiểm tra 2 dự án nhà ở xã hội do Sở Xây dựng Bắc Ninh thực hiện.",
     ["Sở Xây dựng Bắc Ninh"]),
    ("Đoàn kiểm tra liên ngành do Thanh tra Sở Y tế làm nòng cốt, với sự tham gia của các sở, ngành. "
     "Đoàn sẽ kiểm tra các cơ sở kinh doanh thực phẩm trong dịp Tết.",
     ["Thanh tra Sở Y tế"]),
])
def test_the_body_that_orders_or_carries_out_the_work(text, bodies):
    assert names(ex(text).inspecting_bodies) == bodies


def test_a_team_at_work_names_its_body_and_units_without_a_verb_of_the_work():
    r = ex("Nằm trong chương trình giám sát các dự án cao tốc Bắc - Nam, sáng nay (24/12), đoàn công tác của Ủy ban "
           "Kinh tế Quốc hội đã có buổi làm việc cùng hai tỉnh Nghệ An và Hà Tĩnh.")
    assert names(r.inspecting_bodies) == ["Ủy ban Kinh tế Quốc hội"]
    assert names(r.inspected_units) == ["tỉnh Nghệ An", "tỉnh Hà Tĩnh"]


def test_provinces_listed_after_a_colon_keep_their_bare_names():
    r = ex("Ban Chỉ đạo liên ngành Trung ương đã kiểm tra tại 3 tỉnh: Ninh Bình, Lào Cai và An Giang.")
    assert names(r.inspected_units) == ["Ninh Bình", "Lào Cai", "An Giang"]


def test_an_inspectorate_whose_chief_concludes_and_a_province_ending_in_a_family_name():
    # "Giang" is a family name too: the chief's name opens after the province, at "Ngô"
    r = ex("Chánh Thanh tra tỉnh Kiên Giang Ngô Quang Hưởng vừa kết luận thanh tra Ban Quản lý các dự án đầu tư.")
    assert names(r.inspecting_bodies) == ["Thanh tra tỉnh Kiên Giang"]
    assert [p.name for p in r.people] == ["Ngô Quang Hưởng"]


def test_an_inspectorate_named_as_the_agent_of_what_it_found():
    r = ex("Sau khi để xảy ra hàng loạt sai phạm bị Thanh tra tỉnh Thanh Hóa chỉ ra, huyện đã giải thể Ban Quản lý.")
    assert names(r.inspecting_bodies) == ["Thanh tra tỉnh Thanh Hóa"]


def test_places_after_a_generic_word_and_a_known_place_holding_an_organ_word():
    # "Ban" usually ends a name, but "Nậm Ban" is a commune the gazetteer knows
    r = ex("Đoàn giám sát của Ban Dân tộc HĐND tỉnh đã làm việc với các trường thuộc xã Nậm Ban, Trung Chải thuộc "
           "huyện Nậm Nhùn về thực hiện Nghị quyết.")
    assert names(r.inspected_units) == ["xã Nậm Ban", "xã Trung Chải"]


def test_the_body_that_forms_a_team_for_a_survey_and_supervision():
    r = ex("Thường trực HĐND tỉnh An Giang thành lập đoàn khảo sát, giám sát trước kỳ họp cuối năm 2020.")
    assert names(r.inspecting_bodies) == ["Thường trực HĐND tỉnh An Giang"]


def test_a_province_over_the_headline_completes_a_body():
    r = ex("Lào Cai:\n\nĐánh giá cao hoạt động giám sát chuyên đề của các ban\n\nThường trực HĐND tỉnh vừa tổ chức "
           "phiên họp thứ 45, đánh giá cao các cuộc giám sát chuyên đề.")
    assert names(r.inspecting_bodies) == ["Thường trực HĐND tỉnh Lào Cai"]


def test_a_level_word_takes_the_one_known_place_of_its_level():
    # "huyện Quyết định" is a capitalised verb after a level word, not a district
    r = ex("Thường trực Hội đồng nhân dân huyện họp bàn Kế hoạch giám sát năm 2021\n\nChiều ngày 07/7/2021, Thường "
           "trực Hội đồng nhân dân (HĐND) huyện Tháp Mười họp. Thường trực HĐND huyện Quyết định thành lập 11 tổ. "
           "Thường trực Hội đồng nhân dân huyện sẽ giám sát việc giải quyết kiến nghị của cử tri.")
    assert names(r.inspecting_bodies) == ["Thường trực Hội đồng nhân dân huyện Tháp Mười"]


def test_a_headline_in_capitals_gives_no_place_named_after_its_verb():
    r = ex("HĐND TỈNH GIÁM SÁT CHUYÊN ĐỀ Y TẾ\n"
           "Ngày 15/3, Đoàn giám sát chuyên đề của Ban Văn hóa – Xã hội, Hội đồng nhân dân tỉnh tiến hành giám "
           "sát Sở Y tế.")
    assert not any("Giám Sát" in b.text for b in r.inspecting_bodies)
    assert "HĐND tỉnh" in [b.text for b in r.inspecting_bodies]


def test_a_body_that_counts_its_own_rounds_of_work_does_the_work():
    r = ex("HĐND huyện Thanh Oai sẽ tổ chức 4 đợt giám sát chuyên đề\n\n"
           "(HNM) - Năm 2020, Thường trực HĐND huyện Thanh Oai đã tiếp tục đổi mới công tác lãnh đạo, chỉ đạo.")
    assert [a.text for a in r.activity] == ["giám sát"]
    assert [b.text for b in r.inspecting_bodies] == ["HĐND huyện Thanh Oai"]


@pytest.mark.parametrize("text, bodies", [
    # the subject after a session and a sentence clause does the work
    ("Tại kỳ họp, sau khi xem xét kết quả giám sát tại Đảng bộ TP.Hà Nội, Ủy ban Kiểm tra T.Ư yêu cầu "
     "Ủy ban Kiểm tra Thành ủy Hà Nội kiểm điểm các tổ chức đảng có liên quan.", ["Ủy ban Kiểm tra T.Ư"]),
    # a bare re-mention is completed as its antecedent writes it
    ("KTĐT - Sở GD&ĐT Hà Nội cho biết, từ 17 đến 30/12, Sở sẽ tổ chức các đoàn kiểm tra việc khắc phục "
     "tình trạng lạm thu ở các cơ sở giáo dục.", ["Sở GD&ĐT Hà Nội"]),
    # the subject of the lead under a headline about the work
    ("ĐẮK LẮK: ĐÓNG GÓP NHIỀU Ý KIẾN VÀO HOẠT ĐỘNG LẬP PHÁP, GIÁM SÁT\n"
     "Thực hiện nhiệm vụ được giao, năm 2023, Đoàn ĐBQH tỉnh Đắk Lắk đã tích cực nghiên cứu, tham gia thảo "
     "luận, phát biểu có trách nhiệm.", ["Đoàn ĐBQH tỉnh Đắk Lắk"]),
    # a National Assembly body is never completed with a province
    ("Đoàn ĐBQH tỉnh Kon Tum có 6 đại biểu. Ngoài ra, Ủy ban Thường vụ Quốc hội đã giám sát chuyên đề.",
     ["Ủy ban Thường vụ Quốc hội"]),
])
def test_who_does_the_work(text, bodies):
    assert [b.text for b in ex(text).inspecting_bodies] == bodies


@pytest.mark.parametrize("text, expected", [
    # a commune whose name opens with an organization word stays in the list of communes
    ("Phòng Lao động-TBXH đã tiến hành kiểm tra chi trả trợ cấp ở 04 xã: Long Thành Nam, Trường Tây, "
     "Long Thành Bắc và Long Thành Trung.",
     ["xã Long Thành Nam", "xã Trường Tây", "xã Long Thành Bắc", "xã Long Thành Trung"]),
    # committees each written with their head are no list that drops the head
    ("Thanh tra tỉnh đã thanh tra chuyên đề quy hoạch xây dựng tại Sở Xây dựng, UBND huyện Gò Dầu, UBND thị xã "
     "Trảng Bàng và UBND thành phố Tây Ninh.",
     ["Sở Xây dựng", "UBND huyện Gò Dầu", "UBND thị xã Trảng Bàng", "UBND thành phố Tây Ninh"]),
])
def test_lists_of_places_and_of_committees(text, expected):
    assert [u.text for u in ex(text).inspected_units] == expected


def test_a_commune_union_written_xa_doan_is_a_unit_and_a_commune_united_is_none():
    r = ex("Tỉnh đoàn Trà Vinh kiểm tra tại 4 đơn vị gồm: Xã đoàn Lương Hòa, Huyện đoàn Châu Thành và xã đoàn Long "
           "Khánh. Nhân dân toàn xã đoàn kết xây dựng nông thôn mới.")
    assert [u.text for u in r.inspected_units] == ["Xã đoàn Lương Hòa", "Huyện đoàn Châu Thành", "xã đoàn Long Khánh"]
    assert [o.text for o in r.organizations] == [
        "Tỉnh đoàn Trà Vinh", "Xã đoàn Lương Hòa", "Huyện đoàn Châu Thành", "xã đoàn Long Khánh"]


def test_a_list_announced_far_into_a_long_sentence_of_topics():
    topics = "; ".join(f"việc triển khai chuyên đề số {i} của Ban Chấp hành Trung ương Đoàn về công tác thanh niên"
                       for i in range(1, 7))
    r = ex(f"Từ ngày 12/9, đoàn giám sát của Ban Thường vụ Tỉnh đoàn tổ chức 07 cuộc giám sát trực tiếp về {topics} "
           "tại 2 đơn vị gồm: Huyện đoàn Châu Thành và Huyện đoàn Duyên Hải.")
    assert [u.text for u in r.inspected_units] == ["Huyện đoàn Châu Thành", "Huyện đoàn Duyên Hải"]


def test_an_institution_name_ending_in_a_lower_case_word_and_places_that_are_no_institutions():
    r = ex("Công đoàn ngành Y tế kiểm tra tại các Công đoàn cơ sở trực thuộc: Bệnh viện Đa khoa tỉnh, Bệnh viện Phục "
           "hồi chức năng, Trung tâm Y tế thị xã Hòa Thành, Trung tâm Y tế huyện Gò Dầu.")
    units = [u.text for u in r.inspected_units]
    assert "Bệnh viện Phục hồi chức năng" in units
    assert not any(u.endswith((" Trung", " Bệnh")) for u in units)
    r = ex("Ngày 4/10, tổ công tác gồm các đơn vị thuộc Cục Cảnh sát giao thông, Cục Cảnh sát môi trường, Trung đoàn "
           "Cảnh sát Cơ động kiểm tra hoạt động khai thác cát. Sở Y tế Lâm Đồng thông tin kết quả.")
    orgs = [o.text for o in r.organizations]
    assert "Cục Cảnh sát giao thông" in orgs and "Cục Cảnh sát môi trường" in orgs
    assert "Sở Y tế Lâm Đồng" in orgs


def test_a_sentence_glued_to_a_place_after_a_comma_is_no_place():
    r = ex("Sở GD&ĐT đã kiểm tra các khoản thu tại một số trường trên địa bàn Thành phố Thanh Hóa,Xét báo cáo kết "
           "quả của Đoàn kiểm tra, Giám đốc Sở kết luận.")
    assert not any("Xét" in u.text for u in r.inspected_units)


def test_the_subject_after_an_opening_clause_of_its_own_does_the_work():
    r = ex("Xác định được tầm quan trọng của công tác này, Hội LHPN tỉnh Nghệ An đã chỉ đạo các cấp Hội tập trung "
           "giám sát các lĩnh vực liên quan trực tiếp đến quyền lợi của hội viên.")
    assert [b.text for b in r.inspecting_bodies] == ["Hội LHPN tỉnh Nghệ An"]
    # a list of organizations before the comma is no opening clause
    r = ex("Đoàn cũng đã đề xuất Quốc hội, Ủy ban Thường vụ Quốc hội xem xét, giám sát 4 chuyên đề.")
    assert "Ủy ban Thường vụ Quốc hội" not in [b.text for b in r.inspecting_bodies]


@pytest.mark.parametrize("text, whole, cut", [
    # a list after "gồm:", items apart by ";": each item is one name, lower-case words and all
    ("Theo kế hoạch, đoàn sẽ thanh tra 4 cơ sở gồm: Trường Cao đẳng kỹ thuật Đắk Lắk; Trung tâm Giáo dục nghề "
     "nghiệp Bảo An; Trường Trung cấp Tây Nguyên; Trung tâm Giáo dục nghề nghiệp và sát hạch lái xe Đắk Lắk.",
     ["Trường Cao đẳng kỹ thuật Đắk Lắk", "Trung tâm Giáo dục nghề nghiệp Bảo An",
      "Trung tâm Giáo dục nghề nghiệp và sát hạch lái xe Đắk Lắk"], ["Trường Cao đẳng", "Trung tâm Giáo dục"]),
    # "và" inside a name, then "và" before the next unit
    ("Đoàn làm việc với các sở như: Sở Nội vụ, Sở Văn hóa - Thể thao và Du lịch, Trung tâm Phát triển quỹ đất "
     "và Sở Tư pháp.", ["Sở Văn hóa - Thể thao và Du lịch", "Trung tâm Phát triển quỹ đất", "Sở Tư pháp"],
     ["Sở Văn hóa - Thể thao"]),
])
def test_a_listed_unit_is_its_whole_item(text, whole, cut):
    orgs = [o.text for o in ex(text).organizations]
    assert set(whole) <= set(orgs), orgs
    assert not set(cut) & set(orgs), orgs


@pytest.mark.parametrize("text, name", [
    # a count, a verb or a tense word after the name ends it, in a list as well
    ("Kết quả: Huyện đoàn Quảng Ninh 65 đoàn viên ưu tú, Thị đoàn Ba Đồn 58 đoàn viên.", "Huyện đoàn Quảng Ninh"),
    ("Trong năm, Đoàn phường Hiệp Sơn đạt 88%, Đoàn phường Minh Tân đạt 90%.", "Đoàn phường Hiệp Sơn"),
    ("Các Ban HĐND tỉnh; Ban Dân tộc HĐND tỉnh sẽ nghiên cứu, Thường trực HĐND tỉnh quyết định.", "Ban Dân tộc HĐND tỉnh"),
    # no unit opens the next item: not a list of units
    ("Quận ủy Quận 1, UBKT Thành ủy nhận thấy, Ban Thường vụ đã lãnh đạo tốt.", "UBKT Thành ủy"),
])
def test_a_listed_unit_stops_at_a_count_or_a_verb(text, name):
    assert name in [o.text for o in ex(text).organizations]


def test_establishments_found_at_fault_are_inspected():
    # a business head names its unit, a number too ("Viện Thẩm mỹ 175 Sài Gòn"); the list of those found at
    # fault after an inspection is of inspected units, addresses in brackets between them
    text = ("Qua kiểm tra 14 cơ sở, Thanh tra Sở Y tế tỉnh Gia Lai phát hiện 7 cơ sở vi phạm. Cụ thể, các đơn vị "
            "vi phạm, gồm: Viện Thẩm mỹ 175 Sài Gòn (289 Phạm Văn Đồng), Spa Thảo Xinh (61 Hai Bà Trưng) và cơ sở "
            "dịch vụ thẩm mỹ Võ Hiền (410/15 Lý Thái Tổ).")
    assert names(ex(text).inspected_units) == ["Viện Thẩm mỹ 175 Sài Gòn", "Spa Thảo Xinh",
                                               "cơ sở dịch vụ thẩm mỹ Võ Hiền"]


def test_a_list_of_businesses_that_drops_their_head():
    # "11 quán karaoke bị tạm đình chỉ hoạt động gồm: Gia Đình, 766, ...": each name takes the head the list
    # dropped; its span is the name as written
    text = ("Công an huyện Trảng Bom đã kiểm tra an toàn PCCC. 4 quán karaoke bị tạm đình chỉ hoạt động gồm: "
            "Gia Đình, 766, O2 và Ngân Hà Galaxy.")
    units = ex(text).inspected_units
    assert names(units) == ["quán karaoke Gia Đình", "quán karaoke 766", "quán karaoke O2",
                            "quán karaoke Ngân Hà Galaxy"]
    assert [text[slice(*m.span)] for m in units] == ["Gia Đình", "766", "O2", "Ngân Hà Galaxy"]
    # without a verb of the work, a list of businesses is no list of inspected units
    assert not ex("4 quán karaoke bị tạm đình chỉ hoạt động gồm: Gia Đình, 766, O2 và Sky.").inspected_units


@pytest.mark.parametrize("text, unit", [
    ("Đoàn liên ngành kiểm tra hộ kinh doanh P.K.C (phường Vạn Xuân) và phát hiện nhiều vi phạm.", "hộ kinh doanh P.K.C"),
    ("Đội Quản lý thị trường số 1 kiểm tra doanh nghiệp tư nhân Thiên Phương.", "doanh nghiệp tư nhân Thiên Phương"),
    ("Chi cục Thú y kiểm tra lò giết mổ Tân Thành.", "lò giết mổ Tân Thành"),
    # the trade in lower-case words between the head and the name
    ("Đoàn kiểm tra cơ sở kinh doanh mứt Thành Trung.", "cơ sở kinh doanh mứt Thành Trung"),
    ("Thanh tra tỉnh làm việc với Công ty TNHH chuyển phát nhanh S1.", "Công ty TNHH chuyển phát nhanh S1"),
    ("Đoàn kiểm tra Hợp tác xã sản xuất giấy Phù Ninh.", "Hợp tác xã sản xuất giấy Phù Ninh"),
    # school kinds of several words, the provincial committee for ethnic affairs
    ("Đoàn kiểm tra Trường Phổ thông dân tộc nội trú huyện Kon Rẫy.", "Trường Phổ thông dân tộc nội trú huyện Kon Rẫy"),
    ("Đoàn kiểm tra Trường THPT và THCS Phương Tiến.", "Trường THPT và THCS Phương Tiến"),
    ("Đoàn giám sát làm việc với Ban Dân tộc tỉnh Hậu Giang.", "Ban Dân tộc tỉnh Hậu Giang"),
])
def test_a_business_in_lower_case_is_named_by_its_proper_name(text, unit):
    assert unit in [o.text for o in ex(text).organizations]


@pytest.mark.parametrize("text, orgs", [
    ("Đoàn kiểm tra các công ty trên địa bàn tỉnh Bình Dương.", []),
    ("Đoàn kiểm tra nhà hàng và khách sạn trên địa bàn.", []),
    ("Qua kiểm tra, cửa hàng đã nộp tiền Bảo hiểm xã hội.", ["Bảo hiểm xã hội"]),
])
def test_a_business_head_without_its_name_is_no_organization(text, orgs):
    assert [o.text for o in ex(text).organizations] == orgs


def test_a_passive_list_with_its_agent():
    # "A, B và C đã được X kiểm tra": every unit of the list is inspected, the agent is the body
    r = ex("Trong 3 ngày 17-19/11/2021, Đoàn xã Ẳng Nưa, Đoàn xã Búng Lao, Đoàn thị trấn Mường Ảng và Chi đoàn "
           "Trung tâm Y tế huyện đã được Ban Thường vụ Huyện đoàn Mường Ảng kiểm tra công tác Đoàn năm 2021.")
    assert names(r.inspecting_bodies) == ["Ban Thường vụ Huyện đoàn Mường Ảng"]
    assert set(names(r.inspected_units)) == {"Đoàn xã Ẳng Nưa", "Đoàn xã Búng Lao", "Đoàn thị trấn Mường Ảng",
                                             "Chi đoàn Trung tâm Y tế huyện Mường Ảng"}
    # without an agent: the list before "được kiểm tra"
    r = ex("Năm nay, Đoàn xã Ẳng Nưa, Đoàn xã Búng Lao và Đoàn thị trấn Mường Ảng được kiểm tra công tác Đoàn.")
    assert set(names(r.inspected_units)) == {"Đoàn xã Ẳng Nưa", "Đoàn xã Búng Lao", "Đoàn thị trấn Mường Ảng"}


def test_co_organisers_before_the_body_that_does_the_work():
    r = ex("Đoàn kiểm tra Đội QLTT số 1 phối hợp Đội Cảnh sát kinh tế - Công an thành phố Bắc Giang, Phòng Y tế "
           "thành phố Bắc Giang tiến hành kiểm tra Hộ kinh doanh Thu Hà.")
    assert {"Đội Cảnh sát kinh tế - Công an thành phố Bắc Giang", "Phòng Y tế thành phố Bắc Giang"} <= set(
        names(r.inspecting_bodies))
    assert names(r.inspected_units) == ["Hộ kinh doanh Thu Hà"]


def test_an_establishment_is_never_the_inspecting_body():
    # the subject of a sentence about the work is the body, unless it is a shop or a household business
    r = ex("Qua kiểm tra, cơ quan chức năng ghi nhận, doanh nghiệp tư nhân Thiên Phương đã xây dựng hệ thống xử lý "
           "nước thải.")
    assert names(r.inspecting_bodies) == []


@pytest.mark.parametrize("name", [
    "Liên hiệp các Hội Khoa học Kỹ thuật tỉnh Kon Tum", "Đội QLTT số 4", "Đội QLTT số 1 - Cục QLTT tỉnh Bắc Giang",
    "Hải quan cửa khẩu quốc tế Lào Cai", "Đồn Biên phòng cửa khẩu Cảng Gianh", "Kiểm toán nhà nước khu vực IV",
    "Phòng Lao động, Thương binh & Xã hội huyện Lục Ngạn", "Sở LĐ-TBXH tỉnh Tây Ninh", "Thanh tra Bộ GD-ĐT",
    # a place holding a word that usually ends a name, after a level word written capitalised
    "Đảng ủy Phường Thủ Dầu Một", "Đoàn xã Năm Căn",
    # a regional health centre or hospital: "khu vực" before its place
    "Trung tâm y tế khu vực Lương Sơn", "Bệnh viện Đa khoa khu vực huyện Yên Minh",
    # a grassroots union hosted by a school written in lower case; units named by a number
    "CĐCS trường THPT Bắc Sơn", "Hải đoàn 48 BĐBP", "Thi hành án dân sự thành phố",
])
def test_agencies_named_whole(name):
    assert [o.text for o in ex(f"Ngày 5/3, {name} đã kiểm tra 3 cơ sở.").organizations] == [name]


@pytest.mark.parametrize("text, body", [
    # a headline in title case or capitals goes on after the province's name: the province closes the name
    ("CÔNG ĐOÀN TỈNH CÀ MAU TIẾN TỚI ĐẠI HỘI XIII\nCông đoàn ngành Giáo dục tỉnh kiểm tra công đoàn cơ sở.",
     "Công đoàn ngành Giáo dục tỉnh Cà Mau"),
    # "tỉnh Hoàn thành": a headline's verb after the level word, no province to complete the name with
    ("Công đoàn viên chức tỉnh Hoàn thành công tác kiểm tra năm 2011\nTrong năm 2011, Ủy ban Kiểm tra Công đoàn "
     "Viên chức tỉnh đã kiểm tra 16 công đoàn cơ sở.", "Ủy ban Kiểm tra Công đoàn Viên chức tỉnh"),
])
def test_a_province_closes_a_name(text, body):
    assert names(ex(text).inspecting_bodies) == [body]


@pytest.mark.parametrize("text, unit", [
    ("Chiều 16/3, đoàn kiểm tra của Sở Y tế Hà Nội đã tạm đình chỉ hoạt động của Phòng khám đa khoa Nhân Ái Hà Nội.",
     "Phòng khám đa khoa Nhân Ái Hà Nội"),
    ("Qua kiểm tra, Sở Y tế phát hiện một số sai phạm ở Phòng khám chuyên khoa Răng Hàm Mặt Biotis.",
     "Phòng khám chuyên khoa Răng Hàm Mặt Biotis"),
    ("Sau khi kiểm tra, UBND tỉnh đã ra quyết định xử phạt hành chính doanh nghiệp tư nhân Thiên Phương.",
     "doanh nghiệp tư nhân Thiên Phương"),
])
def test_a_business_sanctioned_after_the_inspection_is_inspected(text, unit):
    assert unit in names(ex(text).inspected_units)


def test_a_place_with_a_syllable_in_lower_case():
    # real pages write "Mộc châu", "Hòa hiệp": the gazetteer knows the place, so the syllable belongs to it
    text = "Đoàn kiểm tra 26 cơ sở trên địa bàn huyện Phù Yên 7 cơ sở, huyện Mộc châu 11 cơ sở và huyện Vân hồ 8 cơ sở."
    assert names(ex(text).inspected_units) == ["huyện Phù Yên", "huyện Mộc châu", "huyện Vân hồ"]
    assert [o.text for o in ex("Đoàn kiểm tra thực tế tại UBND xã Hòa hiệp, đây là địa phương có nhiều ca bệnh.")
            .organizations] == ["UBND xã Hòa hiệp"]


def test_a_list_that_drops_its_head_ends_at_a_unit():
    text = ("Đoàn đã tiến hành giám sát tại UBND xã Bình An, và Đội Quản lý thị trường số 3 - Cục Quản lý thị trường "
            "tỉnh Tuyên Quang.")
    assert "UBND xã Đội Quản" not in " ".join(names(ex(text).inspected_units))


def test_agencies_that_join_to_do_the_work_are_bodies():
    r = ex("Theo Cục Hải quan, Hải quan cửa khẩu quốc tế Lào Cai (Chi cục Hải quan khu vực VII) phối hợp với Trạm "
           "Kiểm dịch thực vật Kim Thành đã phát hiện, thu giữ 1.440 bao thuốc lá điếu nhập lậu trong đợt kiểm tra.")
    assert {"Hải quan cửa khẩu quốc tế Lào Cai", "Trạm Kiểm dịch thực vật Kim Thành"} <= set(names(r.inspecting_bodies))


def test_bodies_of_a_list_that_drops_its_head_and_no_head_inside_a_place():
    r = ex("Ngày 11/11, Sở Y tế phối hợp với UBND các phường Thuận Hóa, Phú Xuân tổ chức kiểm tra an toàn thực phẩm.")
    assert {"UBND phường Thuận Hóa", "UBND phường Phú Xuân"} <= set(names(r.inspecting_bodies))
    assert "UBND" not in names(r.inspecting_bodies)
    # "Hải Phòng" is a city, not the head "Phòng"; "MTTQ các cấp" names no one body
    assert [o.text for o in ex("Bên cạnh đó, Tp.Hải Phòng tiến hành thanh tra việc chấp hành.").organizations] == []
    assert names(ex("Thời gian qua hoạt động giám sát của MTTQ các cấp tỉnh Phú Yên đạt kết quả.").inspecting_bodies) == []


@pytest.mark.parametrize("text, orgs", [
    # where the stored page was cut, a name there may be cut in two: "Bi" of "Biên Hòa", "Châ" of "Châu"
    ("Chiều cùng ngày, đoàn đã làm việc tại Thành ủy Bi", []),
    ("Đoàn làm việc với Ban thường vụ Tỉnh ủy Lai Châ", []),
    # a whole name at the end stays
    ("Nguyễn Kim Huệ - HND huyện Phú Tân", ["HND huyện Phú Tân"]),
    ("Đoàn đã làm việc với LĐLĐ huyện", ["LĐLĐ huyện"]),
])
def test_a_name_the_page_cut_in_two_is_left_out(text, orgs):
    assert [o.text for o in ex(text).organizations] == orgs


def test_a_district_opening_the_title_completes_a_bare_district_word():
    r = ex("Lục Ngạn giám sát việc thực hiện pháp luật về BHXH, BHYT trên địa bàn huyện\n"
           "Ngày 14/10/2020, Liên đoàn Lao động huyện phối hợp với Phòng Lao động, Thương binh & Xã hội huyện tổ chức "
           "giám sát 11 cơ quan, đơn vị.")
    assert names(r.inspecting_bodies) == ["Liên đoàn Lao động huyện Lục Ngạn",
                                          "Phòng Lao động, Thương binh & Xã hội huyện Lục Ngạn"]


def test_a_bare_grassroots_union_is_no_organization_and_a_count_no_name():
    r = ex("UBKT LĐLĐ huyện, Công đoàn ngành và CĐCS tiến hành kiểm tra trên 8.300 cuộc. Tỉnh đoàn 3 đợt kiểm tra.")
    assert "CĐCS" not in [o.text for o in r.organizations]
    assert (3, "đợt kiểm tra") in [(f.value, f.unit) for f in r.figures]


@pytest.mark.parametrize("text, orgs", [
    ("MTTQ huyện Nga Sơn tăng cường hoạt động giám sát tại xã Nga Liên.", ["MTTQ huyện Nga Sơn"]),
    ("Các cơ sở hoạt động khi chưa được Sở Y tế Lâm Đồng cấp giấy phép.", ["Sở Y tế Lâm Đồng"]),
    ("Chủ tịch Ủy ban MTTQ huyện Thạch Hà Lê Xuân Hường cho biết.", ["Ủy ban MTTQ huyện Thạch Hà"]),
    ("Đoàn kiểm tra Trường Mầm non Mickey (thôn Kon Tu 2, phường Trường Chinh, thành phố Kon Tum).",
     ["Trường Mầm non Mickey"]),
    ("Ban Giám sát đầu tư của cộng đồng xã Ngọc Thành tổ chức giám sát công trình.",
     ["Ban Giám sát đầu tư của cộng đồng xã Ngọc Thành"]),
])
def test_names_end_with_the_place_the_gazetteer_knows(text, orgs):
    assert [o.text for o in ex(text).organizations] == orgs


@pytest.mark.parametrize("text, units", [
    # the second item writes the head the others drop
    ("Tổ giám sát của Ban Tuyên giáo Huyện ủy Thuận Nam đã giám sát trực tiếp các chi bộ cơ sở: Phòng Văn hóa"
     " và Thông tin, Chi bộ Ban Quản lý rừng phòng hộ, Hội Nông dân huyện.",
     ["Chi bộ Phòng Văn hóa và Thông tin", "Chi bộ Ban Quản lý rừng phòng hộ", "Chi bộ Hội Nông dân huyện"]),
    # the first one does, as the list's own abbreviation
    ("Công đoàn ngành Giáo dục đã tiến hành kiểm tra tại 03 công đoàn cơ sở (CĐCS). gồm: CĐCS trường THPT"
     " Bắc Sơn, Trường THPT Vũ Lễ, Trường THCS Hưng Vũ.",
     ["CĐCS trường THPT Bắc Sơn", "CĐCS Trường THPT Vũ Lễ", "CĐCS Trường THCS Hưng Vũ"]),
    # no item writes it: the hosts name the units
    ("Công đoàn ngành Y tế đã tiến hành kiểm tra tại 03 CĐCS trực thuộc gồm: Trung tâm Y tế huyện Bạch Thông,"
     " Trung tâm Y tế huyện Chợ Mới và Bệnh viện Đa khoa tỉnh.",
     ["Trung tâm Y tế huyện Bạch Thông", "Trung tâm Y tế huyện Chợ Mới", "Bệnh viện Đa khoa tỉnh"]),
])
def test_a_list_of_grassroots_units_gives_each_the_head_one_item_writes(text, units):
    assert names(ex(text).inspected_units) == units


def test_a_place_written_after_the_last_of_listed_bodies_belongs_to_each():
    r = ex("Ngày 14/10/2020, Liên đoàn Lao động huyện Lục Ngạn phối hợp với Bảo hiểm xã hội, Phòng Lao động,"
           " Thương binh & Xã hội huyện tổ chức giám sát 11 cơ quan, đơn vị về việc thực hiện pháp luật về bảo hiểm.")
    assert "Bảo hiểm xã hội huyện Lục Ngạn" in names(r.inspecting_bodies)


def test_the_body_an_organ_belongs_to_lends_it_no_place():
    r = ex("Đội Quản lý thị trường số 1 phối hợp với Phòng Cảnh sát kinh tế (PC03), Công an tỉnh Lai Châu tiến hành"
           " kiểm tra xe ô tô khách.")
    assert names(r.inspecting_bodies) == ["Đội Quản lý thị trường số 1", "Phòng Cảnh sát kinh tế", "Công an tỉnh Lai Châu"]


@pytest.mark.parametrize("text, body", [
    ("Tháng 5, Thường trực, các ban HĐND tỉnh Hà Nam đã theo dõi, đôn đốc, giám sát việc thực hiện các nghị quyết.",
     "ban HĐND tỉnh Hà Nam"),
    ("Từ đầu nhiệm kỳ, các cuộc giám sát, khảo sát của các Ban HĐND tỉnh Hòa Bình tập trung vào các vấn đề nổi cộm.",
     "Ban HĐND tỉnh Hòa Bình"),
])
def test_the_committees_of_a_council_taken_together_are_a_body_but_no_organization(text, body):
    r = ex(text)
    assert body in names(r.inspecting_bodies)
    assert body not in names(r.organizations)   # a plural mention (annotation rules, organizations)


def test_a_committee_named_in_a_persons_role_is_no_body():
    r = ex("Ông Nguyễn Văn A, Phó trưởng ban HĐND huyện Lục Yên đã kiểm tra tại xã Minh Xuân.")
    assert not [n for n in names(r.inspecting_bodies) + names(r.organizations) if "ban HĐND" in n]


def test_a_body_printed_in_capitals_is_named_in_ordinary_case():
    r = ex("UBND TỈNH HÀ TĨNH\nSỞ GIÁO DỤC VÀ ĐÀO TẠO\nSố: 12/TB-SGDĐT\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
           "Hà Tĩnh, ngày 5 tháng 6 năm 2019\nTHÔNG BÁO\nKết quả kiểm tra công tác y tế trường học\n"
           "Sở thông báo kết quả kiểm tra tại các trường như sau.\n")
    assert names(r.inspecting_bodies) == ["Sở Giáo dục và Đào tạo"]


def test_a_spelling_is_compared_blind_only_to_where_the_tone_mark_sits():
    from nlp.normalize import spelling_key
    assert spelling_key("Hoà") == spelling_key("hòa") and spelling_key("UỶ BAN") == spelling_key("Ủy ban")
    assert spelling_key("tỉnh") != spelling_key("Tĩnh") and spelling_key("tân") != spelling_key("tần")
    assert spelling_key("Lao động – Thương binh") == spelling_key("lao động - thương binh")


@pytest.mark.parametrize("upper, ordinary", [
    ("UỶ BAN NHÂN DÂN TỈNH HÀ TĨNH", "UBND tỉnh Hà Tĩnh"),        # "Tĩnh" is no level word "tỉnh"
    ("ĐẢNG UỶ XÃ IA BLỨ", "Đảng ủy xã Ia Blứ"),                    # the tone mark placed the old way
    ("SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", "Sở Lao động - Thương binh và Xã hội"),
    ("ĐẶC KHU PHÚ QUỐC", "Đặc khu Phú Quốc"),                      # a level word (levels.tsv) opening the name
    ("BCH ĐOÀN XÃ A", "Ban Chấp hành Đoàn xã A"),                  # an organ's abbreviation written out
])
def test_a_name_in_capitals_is_written_as_the_name_is_spelled(upper, ordinary):
    from nlp.inspection import _recase
    assert _recase(upper) == ordinary


@pytest.mark.parametrize("text, bodies", [
    ("Sáng 12/5, Thường trực đã tiến hành giám sát tại UBND xã Tân Lập.", []),
    ("CĐCS đã kiểm tra tại Trường THCS Lê Lợi.", []),
    # a national organ names a body by itself
    ("Ban Bí thư đã kiểm tra Ban Thường vụ Tỉnh ủy Khánh Hòa.", ["Ban Bí thư"]),
])
def test_a_generic_head_the_text_completes_nowhere_is_no_body(text, bodies):
    assert names(ex(text).inspecting_bodies) == bodies


def test_a_sectors_acronym_after_a_ministry_is_no_place_of_it():
    # "Bộ GTVT": GTVT names the ministry's sector; it completes no other mention of a ministry
    r = ex("BỘ GIAO THÔNG VẬN TẢI | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\n"
           "Số: 610/TB-BGTVT | Hà Nội, ngày 30 tháng 08 năm 2013 |\n"
           "Thực hiện Quyết định số 1961/QĐ-BGTVT của Bộ trưởng Bộ GTVT, Đoàn kiểm tra của Bộ GTVT tiến hành kiểm tra"
           " tại Sở GTVT Lạng Sơn.\nBộ Giao thông vận tải thông báo kết quả kiểm tra như sau.\n")
    assert "Bộ Giao thông vận tải" in names(r.inspecting_bodies)
    assert not [n for n in names(r.inspecting_bodies) + names(r.organizations) if n.endswith("Gtvt")]


@pytest.mark.parametrize("text, organization", [
    # a department's name with a dash where the data writes a comma, and with the old tone placement
    ("Sở Văn hóa - Thể thao và Du lịch tổ chức kiểm tra tại huyện Thuận Nam.", "Sở Văn hóa - Thể thao và Du lịch"),
    ("Sở Văn hoá, Thể thao và Du lịch kiểm tra các cơ sở karaoke.", "Sở Văn hoá, Thể thao và Du lịch"),
    ("Đoàn làm việc với Phòng Kinh tế – Hạ tầng và Đô thị phường Bình Phước.", "Phòng Kinh tế – Hạ tầng và Đô thị phường Bình Phước"),
    # the department's sector abbreviated after "và"
    ("Đoàn giám sát làm việc với Sở Nông nghiệp và PTNT và Ngân hàng chính sách xã hội tỉnh.", "Sở Nông nghiệp và PTNT"),
])
def test_a_departments_name_is_found_however_its_separators_and_tone_marks_are_written(text, organization):
    assert organization in names(ex(text).organizations)


def test_the_spellings_of_a_heads_pattern_are_generated_from_one_line_of_data():
    from nlp.orgs import spelled_patterns
    got = {p["pattern"] for p in spelled_patterns([{"label": "ORG", "pattern": "ủy ban văn hóa, giáo dục", "id": "x"}])}
    assert {"ủy ban văn hóa, giáo dục", "uỷ ban văn hoá, giáo dục", "ủy ban văn hóa - giáo dục",
            "uỷ ban văn hoá – giáo dục"} <= got
    # "quý", "tỉnh": no other placement of their tone mark
    assert {p["pattern"] for p in spelled_patterns([{"label": "ORG", "pattern": "quỹ tỉnh", "id": "x"}])} == {"quỹ tỉnh"}


def test_a_national_body_ends_before_the_name_of_its_member():
    r = ex("Thay mặt đoàn kiểm tra, Ủy viên Ủy ban Kiểm tra Trung ương Trần Thị Hiền - Trưởng đoàn kiểm tra đã chỉ "
           "rõ những hạn chế. Bí thư Trung ương Đoàn Nguyễn Minh Triết làm việc với Tỉnh đoàn.")
    assert names(r.organizations)[:2] == ["Ủy ban Kiểm tra Trung ương", "Trung ương Đoàn"]


@pytest.mark.parametrize("text, bodies", [
    ("Đoàn giám sát của Ủy ban Mặt trận tổ quốc (MTTQ) tỉnh Hưng Yên vừa có buổi làm việc với BHXH tỉnh.",
     ["Ủy ban Mặt trận tổ quốc tỉnh Hưng Yên"]),
    ("Chiều 7/7, Thường trực Hội đồng nhân dân (HĐND) huyện Tháp Mười họp, giám sát việc giải quyết kiến nghị.",
     ["Thường trực Hội đồng nhân dân huyện Tháp Mười"]),
])
def test_the_place_after_a_names_abbreviation_in_brackets_completes_it(text, bodies):
    assert names(ex(text).inspecting_bodies) == bodies


def test_a_markets_name_holds_its_lower_case_trade():
    r = ex("Rút kinh nghiệm công tác quản lý tài chính đối với Ban Quản lý Chợ trái cây Long Trung và cán bộ Phòng"
           " Tài chính.")
    assert "Ban Quản lý Chợ trái cây Long Trung" in names(r.organizations)


def test_a_subcommittee_named_by_its_topic_is_a_body():
    r = ex("Chiều 17/4, Đoàn kiểm tra số 1 của Tiểu ban Bảo vệ chính trị nội bộ Trung ương do Đại tướng Tô Lâm làm"
           " trưởng đoàn đã làm việc với Ban Thường vụ Tỉnh ủy Tây Ninh.")
    assert names(r.inspecting_bodies) == ["Tiểu ban Bảo vệ chính trị nội bộ Trung ương"]


@pytest.mark.parametrize("text, body", [
    ("Các đoàn kiểm tra của Ban Chỉ đạo thi cấp quốc gia đang thực hiện kiểm tra ở 63 hội đồng thi.",
     "Ban Chỉ đạo thi cấp quốc gia"),
    # "phòng, chống": one topic over its comma
    ("Đoàn kiểm tra của Ban Chỉ đạo Trung ương về phòng, chống tham nhũng làm việc với Tỉnh ủy Quảng Nam.",
     "Ban Chỉ đạo Trung ương về phòng, chống tham nhũng"),
])
def test_an_organs_topic_opens_with_the_words_of_its_data(text, body):
    assert names(ex(text).inspecting_bodies) == [body]


def test_a_bracket_glued_to_a_units_name_ends_it():
    r = ex("Đoàn giám sát đã khảo sát tại các đơn vị của tỉnh Đăk Nông gồm: Ủy ban nhân dân thị trấn Kiến Đức(huyện"
           " Đăk R’Lấp); Ủy ban nhân dân huyện Đăk R’Lấp.")
    assert names(r.inspected_units) == ["Ủy ban nhân dân thị trấn Kiến Đức", "Ủy ban nhân dân huyện Đăk R’Lấp"]
    check_spans(r)


def test_a_name_written_with_a_dash_reads_no_verb_after_a_comma():
    r = ex("Tỉnh ủy giao Ban Tổ chức, kiểm tra việc thực hiện quy chế. Đoàn làm việc với Sở Lao động, Thương binh và"
           " Xã hội.")
    assert names(r.organizations)[1:] == ["Ban Tổ chức", "Sở Lao động, Thương binh và Xã hội"]


def test_the_place_after_a_bracketed_abbreviation_ends_before_a_persons_name():
    r = ex("Thanh tra tỉnh đã thanh tra Ủy ban nhân dân (UBND) huyện Tân Hồng Nguyễn Văn An về việc quản lý đất đai.")
    assert names(r.inspected_units) == ["Ủy ban nhân dân huyện Tân Hồng"]

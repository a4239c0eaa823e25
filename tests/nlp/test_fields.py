"""Organizations, inspection, people, figures and findings (first version). Hand-written cases."""
from __future__ import annotations

import pytest

from .helpers import ex


def names(mentions):
    return [m.text for m in mentions]


# --- organizations -----------------------------------------------------------------------------

def test_units_take_their_proper_name():
    r = ex("Ban Thường vụ Tỉnh đoàn đã kiểm tra tại Huyện đoàn Yên Khánh và Đoàn Trường Đại học Trà Vinh.")
    # an organ is an organization, and so is the unit named inside it (gold README, organizations)
    assert names(r.organizations) == ["Ban Thường vụ Tỉnh đoàn", "Tỉnh đoàn", "Huyện đoàn Yên Khánh",
                                      "Đoàn Trường Đại học Trà Vinh"]


def test_organ_joins_its_unit():
    r = ex("Ủy ban Kiểm tra Thành Đoàn Đà Nẵng tổ chức giám sát.")
    assert names(r.organizations) == ["Ủy ban Kiểm tra Thành Đoàn Đà Nẵng", "Thành Đoàn Đà Nẵng"]


def test_organizations_in_their_fullest_form():
    text = ("TỈNH ĐOÀN HẬU GIANG\nỦY BAN KIỂM TRA\n"
            "Ủy ban Kiểm tra Tỉnh đoàn đã kiểm tra Huyện đoàn Châu Thành A. UBKT Tỉnh đoàn Hậu Giang "
            "đề nghị Huyện đoàn khắc phục. Chi đoàn và Đoàn cơ sở sinh hoạt định kỳ.")
    assert names(ex(text).organizations) == ["Tỉnh đoàn Hậu Giang", "UBKT Tỉnh đoàn Hậu Giang",
                                              "Huyện đoàn Châu Thành A"]


@pytest.mark.parametrize("text, expected", [
    ("làm việc với Đoàn Khối các cơ quan và doanh nghiệp tỉnh", ["Đoàn Khối các cơ quan và doanh nghiệp tỉnh"]),
    ("theo Kế hoạch số 28/KH-UBND của UBND thành phố", ["UBND thành phố"]),
    ("Đoàn TN Tổng Công ty Điện lực Miền Trung báo cáo", ["Đoàn TN Tổng Công ty Điện lực Miền Trung"]),
    ("phối hợp với Văn phòng UBND huyện tổ chức", ["Văn phòng UBND huyện", "UBND huyện"]),
    ("Đảng ủy Trung ương Đoàn TNCS Hồ Chí Minh", ["Đảng ủy Trung ương Đoàn TNCS Hồ Chí Minh"]),
    # the Party's national organs stand alone
    ("thực hiện Chỉ thị số 42-CT/TW của Ban Bí thư về công tác kiểm tra", ["Ban Bí thư"]),
    ("Ủy ban Kiểm tra Quân ủy Trung ương đã kiểm tra", ["Ủy ban Kiểm tra Quân ủy Trung ương", "Quân ủy Trung ương"]),
])
def test_organization_names(text, expected):
    assert names(ex(text).organizations) == expected


@pytest.mark.parametrize("text", [
    "đối với 11/11 Huyện, Thị, Thành đoàn và Đoàn trực thuộc",
    "việc sinh hoạt chi đoàn ở nhiều cơ sở",
    "các cấp bộ đoàn và cấp ủy",
])
def test_generic_mentions_are_not_organizations(text):
    assert names(ex(text).organizations) == []


# --- activity, inspecting bodies, inspected units ----------------------------------------------

def test_title_subject_verb_object():
    r = ex("Tỉnh đoàn Ninh Bình kiểm tra Huyện đoàn Yên Khánh năm 2022\n\nNội dung.")
    assert names(r.activity) == ["kiểm tra"]
    assert names(r.inspecting_bodies) == ["Tỉnh đoàn Ninh Bình"]
    assert names(r.inspected_units) == ["Huyện đoàn Yên Khánh"]


def test_body_completed_with_place_from_elsewhere():
    r = ex("Tỉnh đoàn Ninh Bình làm việc\n\nSáng 04/6/2022, Ban Thường vụ Tỉnh đoàn đã tiến hành kiểm tra "
           "công tác Đoàn tại Huyện đoàn Yên Khánh.")
    assert names(r.inspecting_bodies) == ["Ban Thường vụ Tỉnh đoàn Ninh Bình"]
    assert names(r.inspected_units) == ["Huyện đoàn Yên Khánh"]


def test_units_after_doi_voi_and_where_the_team_worked():
    text = ("Ủy ban Kiểm tra tổ chức giám sát chuyên đề đối với các đơn vị: Đoàn TN Tổng Công ty Điện lực "
            "Miền Trung và Đoàn Trường Đại học Đà Nẵng.\nẢnh: Đoàn kiểm tra làm việc tại Huyện đoàn Cầu Ngang")
    r = ex(text)
    assert names(r.activity) == ["kiểm tra", "giám sát"]
    assert names(r.inspected_units) == ["Đoàn TN Tổng Công ty Điện lực Miền Trung",
                                        "Đoàn Trường Đại học Đà Nẵng", "Huyện đoàn Cầu Ngang"]


def test_cited_plan_subject_and_topics_are_not_activity():
    r = ex("Thực hiện Kế hoạch số 12-KH/TĐTN về việc kiểm tra, giám sát năm 2022, các đơn vị nâng cao chất "
           "lượng công tác kiểm tra, giám sát. Ủy ban Kiểm tra họp.")
    assert names(r.activity) == []


def test_place_from_title_prefix():
    r = ex("TRÀ VINH: THỰC HIỆN KIỂM TRA CÔNG TÁC ĐOÀN\n\nBan Thường vụ Tỉnh đoàn thành lập Đoàn Kiểm tra "
           "công tác Đoàn.")
    assert names(r.inspecting_bodies) == ["Ban Thường vụ Tỉnh đoàn Trà Vinh"]


# --- people ------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("Đồng chí Trần Trí Cường, Ủy viên Ban Chấp hành Trung ương Đoàn, Bí thư Tỉnh đoàn phát biểu",
     [("Trần Trí Cường", "Ủy viên Ban Chấp hành Trung ương Đoàn, Bí thư Tỉnh đoàn")]),
    ("Đồng chí Nguyễn Thanh Nhã, Phó Bí thư Thường trực Tỉnh đoàn phát biểu tại buổi làm việc",
     [("Nguyễn Thanh Nhã", "Phó Bí thư Thường trực Tỉnh đoàn")]),
    ("Phát biểu tại buổi làm việc, Phó Bí thư Tỉnh đoàn Lê Văn Hùng đề nghị", [("Lê Văn Hùng", "Phó Bí thư Tỉnh đoàn")]),
    ("Tin, ảnh: Phạm Thị Mai", [("Phạm Thị Mai", None)]),
    ("ông Hoàng Nam cho biết", [("Hoàng Nam", None)]),
])
def test_people(text, expected):
    assert [(p.name, p.role) for p in ex(text).people] == expected


@pytest.mark.parametrize("text", [
    "Đoàn TNCS Hồ Chí Minh tổ chức",
    "học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    "trên đường Trần Hưng Đạo",
    "Khánh Duy",
])
def test_not_people(text):
    assert ex(text).people == ()


# --- figures -----------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("Đoàn Tổng công ty có 19 đoàn viên ưu tú và đơn vị khác có 07 đoàn viên ưu tú.",
     [("19 đoàn viên ưu tú", 19, "đoàn viên ưu tú"), ("07 đoàn viên ưu tú", 7, "đoàn viên ưu tú")]),
    ("các đơn vị gần đạt hơn 70% số lượng", [("hơn 70%", 70, "%")]),
    ("đối với 11/11 Huyện, Thị, Thành đoàn và Đoàn trực thuộc",
     [("11/11 Huyện, Thị, Thành đoàn", 11, "Huyện, Thị, Thành đoàn")]),
    ("chỉ tiêu giới thiệu ít nhất 20 đoàn viên ưu tú cho Đảng",
     [("ít nhất 20 đoàn viên ưu tú", 20, "đoàn viên ưu tú")]),
    ("tỷ lệ đạt 89,9%.", [("89,9%", 89.9, "%")]),
    ("thu hút 124 nghìn lượt đoàn viên", [("124 nghìn lượt đoàn viên", 124000, "lượt đoàn viên")]),
    ("tổng số 92.387 đoàn viên", [("92.387 đoàn viên", 92387, "đoàn viên")]),
    ("thành lập 03 đoàn kiểm tra", [("03 đoàn kiểm tra", 3, "đoàn kiểm tra")]),
    ("tổ chức hai đợt kiểm tra", [("hai đợt", 2, "đợt")]),
    ("có 3-4 chi đoàn đăng ký", [("3-4 chi đoàn", 3, "chi đoàn")]),
    # money: two scales in one amount, the đồng glued to it, an amount in millions with no noun
    ("Tổng số tiền phải chi trả là 11 tỷ 691 triệu đồng.", [("11 tỷ 691 triệu đồng", 11691000000, "đồng")]),
    ("thu 113.790.000đ tiền quỹ", [("113.790.000đ", 113790000, "đồng")]),
    ("đã đóng góp 996 triệu, 2.335 ngày công", [("996 triệu", 996000000, "đồng"),
                                               ("2.335 ngày công", 2335, "ngày công")]),
    # the same figure again in one sentence is another fact; after the sentence ends, the fact restated
    ("lấy 1 mẫu của Công ty A; 1 mẫu của Công ty B và 1 mẫu của Công ty C.",
     [("1 mẫu", 1, "mẫu"), ("1 mẫu", 1, "mẫu"), ("1 mẫu", 1, "mẫu")]),
    ("Lập biên bản kiểm tra 3 cửa hàng. Sau đó xử phạt 3 cửa hàng.", [("3 cửa hàng", 3, "cửa hàng")]),
    ("Kiểm tra 3 cửa hàng\nKết quả: 3 cửa hàng đạt", [("3 cửa hàng", 3, "cửa hàng")]),
    # a page cut mid-word: the unit's last word is a fragment
    ("Đã kiểm tra 12 chi đoàn. Công tác phát triển đảng được quan tâm, sau hơn 2 nă", [("12 chi đoàn", 12, "chi đoàn")]),
    ("Đình chỉ hoạt động 1 cơ sở nhà th", [("1 cơ sở nhà", 1, "cơ sở nhà")]),
    # a number after a document's name word that counts inspections
    ("kết thúc 14 cuộc thanh tra; đã ban hành kết luận 13 cuộc, theo Kết luận 17",
     [("14 cuộc thanh tra", 14, "cuộc thanh tra"), ("13 cuộc", 13, "cuộc")]),
    # a count in thousands glued to its noun by a typo
    ("kiểm tra tài chính đảng đối với 3.004tổ chức đảng về thu, chi",
     [("3.004tổ chức đảng", 3004, "tổ chức đảng")]),
    # the form of discipline written before its count
    ("kỷ luật 63 đảng viên (Khiển trách 15, cảnh cáo 20) và khai trừ 36 đảng viên.",
     [("63 đảng viên", 63, "đảng viên"), ("Khiển trách 15", 15, "Khiển trách"), ("cảnh cáo 20", 20, "cảnh cáo"),
      ("36 đảng viên", 36, "đảng viên")]),
    # "đồng chí" counts people, not money; "đ" is the đồng
    ("Thiếu trách nhiệm (5 đồng chí); đánh bạc (2 đồng chí).",
     [("5 đồng chí", 5, "đồng chí"), ("2 đồng chí", 2, "đồng chí")]),
    ("trong đó, xã Mê Pu là 7.500.000 đ (chi tiền văn bản)", [("7.500.000 đ", 7500000, "đồng")]),
    ("đã thi hành kỷ luật 3 đ/c vi phạm", [("3 đ/c", 3, "đ/c")]),
    # a qualifier before a number opens the next figure: it ends the unit before it
    ("chi trả 2 lần thừa hơn 15 triệu đồng", [("2 lần thừa", 2, "lần thừa"),
                                           ("hơn 15 triệu đồng", 15000000, "đồng")]),
    # word numerals; a name word on the line above names nothing on this one
    ("kiểm tra hai dự án, ban hành hai văn bản, bắt giữ hai đối tượng",
     [("hai dự án", 2, "dự án"), ("hai văn bản", 2, "văn bản"), ("hai đối tượng", 2, "đối tượng")]),
    ("IV. THÀNH PHẦN\nBa đoàn kiểm tra, giám sát", [("Ba đoàn kiểm tra", 3, "đoàn kiểm tra")]),
])
def test_figures(text, expected):
    assert [(f.text, f.value, f.unit) for f in ex(text).figures] == expected


@pytest.mark.parametrize("text", [
    "kết quả 6 tháng đầu năm 2022 và 06 tháng cuối năm",
    "kỷ niệm 90 năm truyền thống",
    "thực hiện Chỉ thị 42 và chủ trương 1+1, xây dựng Đoàn cơ sở “3 chủ động”",
    "ngày 04/6/2022 theo Kế hoạch số 261-KH/TĐTN",
    "1. Chủ động thực hiện quản lý đoàn viên",
    "nhiệm kỳ 2022-2027, năm 2023",
    "Lượt xem: 1.287",
    "Đăng lúc: 09/01/2023 (GMT+7)\n100%\n",
    "lúc 14:11 và 8h00",
    # a house number, a team's number, a level's number
    "Phòng khám tại 4423 Nguyễn Cửu Phú, khu phố 4",
    "Đoàn 2 kiểm tra các tỉnh vùng Bắc Trung Bộ",
    "đạt chuẩn quốc gia Mức độ 2 sau 5 năm công nhận Mức độ 1",
    # an ordinal written as a word; wards, districts and hamlets named by a number
    "Họp phiên thứ sáu Đoàn giám sát việc thực hiện chính sách",
    "Bí thư Đảng ủy Phường 3 Phan Ngọc Minh đã báo cáo; Ban Thường vụ Quận ủy Quận 1 tập trung lãnh đạo",
    "Khu phố Phú Cường 12 hiện có nhiều hộ; nhân dân khu phố Phú Cường 12 luôn đoàn kết",
])
def test_not_figures(text):
    assert ex(text).figures == ()


# --- findings ----------------------------------------------------------------------------------

def test_findings_kinds_and_list_split():
    text = ("Tỉnh đoàn kiểm tra Huyện đoàn Yên Khánh\n"
            "Các đơn vị đã tổ chức tốt các hoạt động tuyên truyền, giáo dục cho đoàn viên.\n"
            "Tuy nhiên, các cấp bộ đoàn vẫn còn những hạn chế như: việc xây dựng chương trình hành động còn "
            "chưa kịp thời; việc sinh hoạt chi đoàn ở nhiều cơ sở không đảm bảo theo quy định.\n"
            "Ban Thường vụ Tỉnh đoàn đề nghị Huyện đoàn tiếp tục phát huy những kết quả đạt được.")
    got = [(f.kind, f.text) for f in ex(text).findings]
    assert got == [
        ("strength", "Các đơn vị đã tổ chức tốt các hoạt động tuyên truyền, giáo dục cho đoàn viên"),
        ("limitation", "việc xây dựng chương trình hành động còn chưa kịp thời"),
        ("limitation", "việc sinh hoạt chi đoàn ở nhiều cơ sở không đảm bảo theo quy định"),
        ("recommendation", "Ban Thường vụ Tỉnh đoàn đề nghị Huyện đoàn tiếp tục phát huy những kết quả đạt được"),
    ]


def test_enumeration_members_inherit_the_introduction():
    text = ("Tỉnh đoàn kiểm tra Huyện đoàn Yên Khánh\n"
            "Ban Thường vụ Tỉnh đoàn đề nghị các đơn vị cần thực hiện tốt các mặt công tác sau:\n"
            "Một là, phát huy tốt vai trò của Internet, mạng xã hội trong tuyên truyền.\n"
            "Hai là, quan tâm công tác phát triển đoàn viên mới.")
    got = [(f.kind, f.text) for f in ex(text).findings]
    assert got == [
        ("recommendation", "phát huy tốt vai trò của Internet, mạng xã hội trong tuyên truyền"),
        ("recommendation", "quan tâm công tác phát triển đoàn viên mới"),
    ]


def test_sections_decide_the_kind_and_headings_are_not_findings():
    text = ("TỈNH ĐOÀN X\nỦY BAN KIỂM TRA\nSố: 27-TB/UBKT\nĐOÀN TNCS HỒ CHÍ MINH\nA, ngày 09 tháng 10 năm 2023\n\n"
            "THÔNG BÁO\nKết luận kiểm tra đối với Ban Thường vụ Huyện đoàn Y\n\n"
            "I. ƯU ĐIỂM\n"
            "1. Hội nghị Ban Chấp hành được tổ chức định kỳ 03 tháng/lần theo quy định.\n"
            "II. HẠN CHẾ, KHUYẾT ĐIỂM\n"
            "1. Hồ sơ các cuộc kiểm tra được lưu giữ theo từng năm, sắp xếp theo thời gian.\n"
            "Nguyên nhân của hạn chế: một số ủy viên kiêm nhiệm nhiều việc khác nhau.\n"
            "III. YÊU CẦU KHẮC PHỤC\n"
            "1. Nộp đủ đoàn phí quý III/2023 về Tỉnh đoàn trước ngày 31/10/2023.\n"
            "Nơi nhận:\n- Như trên;\n- Lưu VP.")
    got = [(f.kind, f.text) for f in ex(text).findings]
    assert got == [
        ("strength", "Hội nghị Ban Chấp hành được tổ chức định kỳ 03 tháng/lần theo quy định"),
        ("limitation", "Hồ sơ các cuộc kiểm tra được lưu giữ theo từng năm, sắp xếp theo thời gian"),
        ("limitation", "một số ủy viên kiêm nhiệm nhiều việc khác nhau"),
        ("recommendation", "Nộp đủ đoàn phí quý III/2023 về Tỉnh đoàn trước ngày 31/10/2023"),
    ]


def test_inline_labels_and_purpose_sections():
    text = ("Tỉnh đoàn kiểm tra Huyện đoàn Yên Khánh\n"
            "1. Mục đích\nĐánh giá thực chất chất lượng sinh hoạt của chi đoàn khu dân cư sau Đại hội.\n"
            "Yêu cầu: Đoàn phường được kiểm tra chuẩn bị đầy đủ sổ sách, biên bản sinh hoạt.\n"
            "Ưu điểm: Ban Chấp hành hai đơn vị đã lãnh đạo công tác kiểm tra; phân công nhiệm vụ cụ thể cho ủy viên.\n"
            "Tuy nhiên, qua kiểm tra nhận thấy: (i) một số chi đoàn sinh hoạt còn muộn so với quy định; "
            "(ii) việc thu đoàn phí ở các chi đoàn năm cuối chưa đầy đủ.")
    got = [(f.kind, f.text) for f in ex(text).findings]
    assert got == [
        ("recommendation", "Đoàn phường được kiểm tra chuẩn bị đầy đủ sổ sách, biên bản sinh hoạt"),
        ("strength", "Ban Chấp hành hai đơn vị đã lãnh đạo công tác kiểm tra"),
        ("strength", "phân công nhiệm vụ cụ thể cho ủy viên"),
        ("limitation", "một số chi đoàn sinh hoạt còn muộn so với quy định"),
        ("limitation", "việc thu đoàn phí ở các chi đoàn năm cuối chưa đầy đủ"),
    ]


def test_case_matters_for_cues():
    assert ex("Đồng chí phát biểu tại buổi làm việc với Huyện đoàn Tiểu Cần").findings == ()


@pytest.mark.parametrize("text, expected", [
    ("Đoàn giám sát do anh Y Hòa, Phó Chủ tịch Ủy ban Hội LHTN Việt Nam tỉnh làm Trưởng đoàn.",
     [("Y Hòa", "Phó Chủ tịch Ủy ban Hội LHTN Việt Nam tỉnh")]),
    ("Tin, ảnh: Giàng Seo Pó", [("Giàng Seo Pó", None)]),
    ("- Đoàn kiểm tra số 2: đồng chí Lý Quốc Huy, Phó Bí thư Thành đoàn – Trưởng đoàn; 02 cán bộ",
     [("Lý Quốc Huy", "Phó Bí thư Thành đoàn – Trưởng đoàn")]),
    ("TM. BAN THƯỜNG VỤ THÀNH ĐOÀN\nBÍ THƯ\n(Đã ký)\nNguyễn Hữu Lộc", [("Nguyễn Hữu Lộc", "BÍ THƯ")]),
    ("đồng chí Đặng Quốc Bảo, Chủ nhiệm UBKT Huyện đoàn phụ trách địa bàn",
     [("Đặng Quốc Bảo", "Chủ nhiệm UBKT Huyện đoàn")]),
    # a two-syllable byline with the agency it writes for
    ("Đoàn kiểm tra đã làm việc với xã.\nVũ Hà (TTXVN)", [("Vũ Hà", None)]),
    # a byline in capitals, alone on its line; not an organization or a place in capitals
    ("Qua kiểm tra phát hiện những dấu hiệu vi phạm.\nĐOÀN LUÔNG\nChia sẻ bài viết", [("ĐOÀN LUÔNG", None)]),
    ("ĐOÀN THANH NIÊN\nCAO BẰNG\nQua kiểm tra phát hiện vi phạm.", []),
    # a person after a province's committee, not the province's name
    ("Phó Chủ tịch Ủy ban nhân dân tỉnh Đầu Thanh Tùng kiểm tra công tác tổ chức thi.",
     [("Đầu Thanh Tùng", "Phó Chủ tịch Ủy ban nhân dân tỉnh")]),
])
def test_people_forms(text, expected):
    assert [(p.name, p.role) for p in ex("Tin hoạt động của Đoàn cơ sở\n" + text).people] == expected


@pytest.mark.parametrize("text", ["tại Liên đội THCS Lê Quý Đôn", "Tỉnh đoàn và Đoàn Nghệ An",
                                  "kế tục sự nghiệp của Đảng và chủ tịch Hồ Chí Minh",
                                  "kiểm tra Bệnh viện Đa khoa tư nhân Lê Ngọc Tùng và Trung tâm Y tế huyện",
                                  "Phòng khám tại 4423 Nguyễn Cửu Phú, khu phố 4, phường Tân Tạo A"])
def test_schools_and_places_named_after_people_are_not_people(text):
    assert ex("Tin hoạt động của Đoàn cơ sở\n" + text).people == ()


def test_table_cells_are_figures_with_their_column_or_row_heading():
    text = ("Kết quả tổng hợp như sau:\n"
            "STT | Liên chi đoàn | Số chi đoàn | Tỷ lệ\n"
            "1 | Trường Kinh tế | 64 | 95,3%\n"
            "Nội dung | Kế hoạch | Thực hiện\n"
            "Số cuộc kiểm tra của BCH Đoàn cơ sở | 56 | 49\n")
    got = [(f.text, f.value, f.unit) for f in ex(text).figures]
    assert got == [("64", 64, "chi đoàn"), ("95,3%", 95.3, "%"),
                   ("56", 56, "cuộc kiểm tra của BCH Đoàn cơ sở"), ("49", 49, "cuộc kiểm tra của BCH Đoàn cơ sở")]


def test_figures_word_numerals_measures_and_quotes():
    text = ("Hai chi bộ duy trì sinh hoạt định kỳ 12/12 kỳ, làm hơn 2.400 m2 đường bê tông. "
            "Chủ trương “mỗi chi đoàn có ít nhất 01 công trình” được triển khai.")
    got = [(f.text, f.value, f.unit) for f in ex(text).figures]
    assert got == [("Hai chi bộ", 2, "chi bộ"), ("12/12 kỳ", 12, "kỳ"), ("hơn 2.400 m2", 2400, "m2")]


@pytest.mark.parametrize("text, bodies, units", [
    ("Ban Thường vụ Đoàn xã Mỹ Hòa Hưng đã kiểm tra 03/03 chi đoàn trực thuộc, gồm: Chi đoàn ấp Mỹ Hòa, "
     "Chi đoàn ấp Mỹ Thạnh và Chi đoàn Công an xã.",
     ["Ban Thường vụ Đoàn xã Mỹ Hòa Hưng"],
     ["Chi đoàn ấp Mỹ Hòa", "Chi đoàn ấp Mỹ Thạnh", "Chi đoàn Công an xã Mỹ Hòa Hưng"]),
    ("Đoàn kiểm tra của Ủy ban Kiểm tra Tỉnh đoàn Hậu Giang đã tiến hành kiểm tra đối với Ban Thường vụ "
     "Huyện đoàn Châu Thành A. Trên cơ sở báo cáo của đơn vị, Ủy ban kết luận.",
     ["Ủy ban Kiểm tra Tỉnh đoàn Hậu Giang"], ["Huyện đoàn Châu Thành A"]),
    ("Ủy ban Kiểm tra Huyện đoàn Long Điền đã tiến hành kiểm tra việc thực hiện nhiệm vụ kiểm tra của Ban Chấp "
     "hành Đoàn thị trấn Long Hải và Ban Chấp hành Đoàn xã Tam An.",
     ["Ủy ban Kiểm tra Huyện đoàn Long Điền"], ["Đoàn thị trấn Long Hải", "Đoàn xã Tam An"]),
    ("Ban Thường vụ Huyện đoàn Bố Trạch đã tổ chức 03 đoàn kiểm tra công tác Đoàn tại Đoàn xã Hoàn Trạch.",
     ["Ban Thường vụ Huyện đoàn Bố Trạch"], ["Đoàn xã Hoàn Trạch"]),
])
def test_bodies_and_units_from_the_grammar(text, bodies, units):
    r = ex(text)
    assert names(r.inspecting_bodies) == bodies
    assert names(r.inspected_units) == units


def test_plan_schedule_rows_and_target_section():
    text = ("BCH QUẬN ĐOÀN HẢI CHÂU\nỦY BAN KIỂM TRA\nSố: 04 KH/UBKT\nĐOÀN TNCS HỒ CHÍ MINH\n"
            "Hải Châu, ngày 12 tháng 3 năm 2021\n\nKẾ HOẠCH\nKiểm tra hoạt động chi đoàn quý I năm 2021\n\n"
            "1. Đối tượng kiểm tra\nĐoàn phường Thạch Thang và Đoàn phường Bình Hiên.\n"
            "2. Thời gian\n- Đoàn phường Hải Châu 1: ngày 22/3\n- Đoàn phường Phước Ninh: ngày 25/3\n")
    r = ex(text)
    assert names(r.inspecting_bodies) == ["Ủy ban Kiểm tra Quận đoàn Hải Châu"]
    assert sorted(names(r.inspected_units)) == ["Đoàn phường Bình Hiên", "Đoàn phường Hải Châu 1",
                                                "Đoàn phường Phước Ninh", "Đoàn phường Thạch Thang"]


def test_decisions_and_closing_formulas_give_no_findings():
    decision = ("THÀNH ĐOÀN CẦN THƠ\nBAN THƯỜNG VỤ\nSố: 12-QĐ/TĐTN\nĐOÀN TNCS HỒ CHÍ MINH\n"
                "Cần Thơ, ngày 02 tháng 10 năm 2023\n\nQUYẾT ĐỊNH\nVề việc thành lập Đoàn kiểm tra\n\n"
                "Điều 2. Đoàn kiểm tra có nhiệm vụ đề nghị các đơn vị khắc phục hạn chế, tồn tại.\n"
                "Điều 3. Đoàn kiểm tra tự giải thể sau khi hoàn thành nhiệm vụ.")
    assert ex(decision).findings == ()
    closing = ("Tỉnh đoàn kiểm tra Huyện đoàn Yên Khánh\n"
               "Trên đây là Kế hoạch kiểm tra năm 2024 của Ban Thường vụ Tỉnh đoàn.\n"
               "Đề nghị các đơn vị nghiêm túc triển khai thực hiện./.")
    assert ex(closing).findings == ()


def test_running_headers_and_footers_are_page_chrome_not_findings():
    """A reader marks the lines a PDF repeats on every page (or a DOCX's header and footer parts) as
    ``header``/``footer`` blocks; nothing said there is a finding."""
    from ingest.document import Block, Document

    from nlp import extract

    title = "Kiểm tra công tác Đoàn tại Huyện đoàn Yên Khánh\n"
    chrome = "Đề nghị các đơn vị nghiêm túc thực hiện chế độ bảo mật tài liệu"
    text = title + chrome + "\nQua kiểm tra cho thấy đơn vị đã hoàn thành tốt nhiệm vụ được giao."
    plain = Document(source="a.pdf", sha256="0" * 64, format="pdf", text=text)
    marked = plain.replace(blocks=(Block("heading", 0, len(title) - 1),
                                   Block("footer", len(title), len(title) + len(chrome)),
                                   Block("paragraph", len(title) + len(chrome) + 1, len(text))))
    assert any(f.text.startswith("Đề nghị") for f in extract(plain).findings)
    found = extract(marked).findings
    assert found and not any(f.text.startswith("Đề nghị") for f in found)


@pytest.mark.parametrize("text, people", [
    # a given name that also opens an organization ("Thành ủy"), inside the name
    ("Đoàn giám sát do đồng chí Nguyễn Thành Thế, Phó Bí thư thường trực Tỉnh ủy Vĩnh Long làm Trưởng đoàn.",
     ["Nguyễn Thành Thế"]),
    # an initial for a given name is no full name
    ("Sở Y tế xử phạt vi phạm hành chính đối với bà Đoàn Thị C (SN 1964) số tiền 10 triệu đồng.", []),
    # a role cut short where the page ends
    ("Đại diện Ủy ban MTTQ tỉnh làm việc tại tỉnh An Giang\n\nPhó Ch", []),
    # a byline at the end stays
    ("Đoàn giám sát làm việc tại huyện Nậm Nhùn.\n\nChu Đức", ["Chu Đức"]),
    # "Ông" before a family name is a title (Quản is a family name, data/surnames.txt)
    ("Ông Quản Chí Đức – Chi cục phó Chi cục An toàn vệ sinh thực phẩm tỉnh Yên Bái cho biết: Công tác kiểm tra "
     "được tăng cường.", ["Quản Chí Đức"]),
    # the bar association is no person
    ("Kỳ họp xem xét kỷ luật 7 Ủy viên Ban Chủ nhiệm Đoàn Luật sư TP nhiệm kỳ VI.", []),
])
def test_people_at_the_edges_of_a_name(text, people):
    assert [p.name for p in ex(text).people] == people


def test_a_companys_legal_form_is_part_of_its_name():
    r = ex("Thanh tra tỉnh kiểm tra việc sử dụng đất tại Công ty TNHH Một thành viên Cao su Hà Tĩnh và Công ty TNHH "
           "Một thành viên Công trình Kim Xương Trí.")
    assert [m.text for m in r.inspected_units] == ["Công ty TNHH Một thành viên Cao su Hà Tĩnh",
                                                  "Công ty TNHH Một thành viên Công trình Kim Xương Trí"]
    assert list(r.people) == []


def test_an_area_glued_to_its_number():
    r = ex("Qua kiểm tra, hộ ông A lấn chiếm 41,6m2 đất và hộ bà B lấn chiếm gần 212,4m² đất công; dài 120cm.")
    assert [(f.value, f.unit) for f in r.figures] == [(41.6, "m2"), (212.4, "m²")]


def test_a_word_that_ends_a_unit_only_with_the_next_one():
    # "bao gồm" ends what a number counts; "bao" alone is a pack of something
    r = ex("Đoàn kiểm tra 12 đơn vị bao gồm: A, B. Lực lượng chức năng thu giữ 1.440 bao thuốc lá.")
    assert [(f.value, f.unit) for f in r.figures] == [(12, "đơn vị"), (1440, "bao thuốc lá")]


def test_a_number_inside_an_organizations_name_is_no_figure_and_an_amount_no_name():
    r = ex("Đoàn kiểm tra xử phạt Viện Thẩm mỹ 175 Sài Gòn 20 triệu đồng. Đảng ủy 4.962.000đ nộp thiếu. "
           "UBND tỉnh 12 nhóm giải pháp được kiểm tra.")
    assert [(f.value, f.unit) for f in r.figures] == [(20000000, "đồng"), (4962000, "đồng"), (12, "nhóm giải pháp")]
    assert [o.text for o in r.organizations] == ["Viện Thẩm mỹ 175 Sài Gòn", "Đảng ủy", "UBND tỉnh"]


def test_the_prime_minister_is_an_office_of_the_government():
    # annotation rules: an office-holder stands for the unit ("Chủ tịch UBND huyện Y" -> "UBND huyện Y")
    r = ex("Thực hiện Quyết định số 1980/QĐ-TTg ngày 17/10/2016 của Thủ tướng Chính phủ, Đoàn giám sát làm việc.")
    assert [o.text for o in r.organizations] == ["Chính phủ"]

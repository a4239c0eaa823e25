"""Who inspected whom, from the grammar of inspection reports and news (not from sample strings):
lists announced later in the sentence, brackets between listed units, the team's subject before
``của``, co-organisers, organs of organs, the body that forms a planned team."""
from __future__ import annotations

import pytest

from .helpers import ex


def names(items) -> list[str]:
    return [m.text for m in items]


@pytest.mark.parametrize("text, bodies, units", [
    # a bracket (district, date) after a listed unit does not end the list
    ("Đoàn kiểm tra của Tỉnh đoàn Cao Bằng đã xuống kiểm tra thực tế tại Đoàn xã Cần Yên (huyện Hà Quảng) "
     "và Đoàn xã Đức Long (huyện Thạch An).",
     ["Tỉnh đoàn Cao Bằng"], ["Đoàn xã Cần Yên", "Đoàn xã Đức Long"]),
    # the list announced by "theo lịch cụ thể:" far after the verb, one date in brackets per pair
    ("Đoàn kiểm tra có nhiệm vụ kiểm tra công tác Đoàn năm 2023 tại 06/06 Huyện, Thị đoàn theo lịch cụ thể: "
     "Huyện đoàn Quỳ Hợp, Huyện đoàn Quế Phong (ngày 06/11/2023); Thị đoàn Thái Hòa (ngày 08/11/2023).",
     [], ["Huyện đoàn Quỳ Hợp", "Huyện đoàn Quế Phong", "Thị đoàn Thái Hòa"]),
    # a count, then "trong đó có" and the named units
    ("Năm 2024, Ban Thường vụ Huyện đoàn Krông Pắc tổ chức kiểm tra 09 cơ sở Đoàn, trong đó có Đoàn xã Ea Phê, "
     "Đoàn xã Ea Kly; giám sát thường xuyên tại 12 chi đoàn.",
     ["Ban Thường vụ Huyện đoàn Krông Pắc"], ["Đoàn xã Ea Phê", "Đoàn xã Ea Kly"]),
    # "gồm:" later in the sentence, places standing for units of the type named before
    ("Ban Thường vụ Tỉnh đoàn Lào Cai đã tổ chức đoàn giám sát hoạt động của Đoàn xã tại 03 xã vùng cao gồm: "
     "xã Y Tý, xã A Lù và xã Bản Xèo.",
     ["Ban Thường vụ Tỉnh đoàn Lào Cai"], ["Đoàn xã Y Tý", "Đoàn xã A Lù", "Đoàn xã Bản Xèo"]),
    # a counted list of several levels, then ", gồm:" and the places alone, as written
    ("Ban Chỉ đạo liên ngành tỉnh tổ chức 3 đoàn kiểm tra tại 4 huyện, thị xã, gồm: Mường Lát, Quan Sơn, "
     "Bá Thước và Nghi Sơn.",
     ["Ban Chỉ đạo liên ngành tỉnh"], ["Mường Lát", "Quan Sơn", "Bá Thước", "Nghi Sơn"]),
    # communes counted in districts that are named: the districts are the units, each with its own level
    ("Hội Nông dân tỉnh Bến Tre giám sát tại 30 xã của huyện Ba Tri, thị xã Bình Đại và TP Bến Tre.",
     ["Hội Nông dân tỉnh Bến Tre"], ["huyện Ba Tri", "thị xã Bình Đại", "TP Bến Tre"]),
    # a team of two owners names both
    ("Đoàn kiểm tra, giám sát số 9 của Bộ Chính trị, Ban Bí thư đã làm việc với Ban Thường vụ Tỉnh ủy Cà Mau.",
     ["Bộ Chính trị", "Ban Bí thư"], ["Tỉnh ủy Cà Mau"]),
    ("Đoàn giám sát của Ủy ban Kiểm tra Tỉnh ủy Hà Tĩnh và Ủy ban Kiểm tra Đảng ủy Quân khu 4 làm việc tại "
     "Đảng ủy Quân sự tỉnh Hà Tĩnh.",
     ["Ủy ban Kiểm tra Tỉnh ủy Hà Tĩnh", "Ủy ban Kiểm tra Đảng ủy Quân khu 4"], ["Đảng ủy Quân sự tỉnh Hà Tĩnh"]),
    # a number inside the name: "Quân khu 7", "Trường Tiểu học số 2 ..."
    ("Đoàn kiểm tra của Bộ Tư lệnh Quân khu 7 đã kiểm tra Trường Tiểu học số 2 Phước Long.",
     ["Bộ Tư lệnh Quân khu 7"], ["Trường Tiểu học số 2 Phước Long"]),
    ("Đoàn kiểm tra của Sở Giáo dục và Đào tạo đã kiểm tra Trường tiểu học Di Lăng số 1 đạt chuẩn quốc gia.",
     ["Sở Giáo dục và Đào tạo"], ["Trường tiểu học Di Lăng số 1"]),
    # the unit's parent place between the body and its verb
    ("Ban Thanh tra nhân dân xã Tân Phú, huyện Đức Hòa giám sát việc thu chi ngân sách tại UBND xã Tân Phú.",
     ["Ban Thanh tra nhân dân xã Tân Phú"], ["UBND xã Tân Phú"]),
    # a plan made before the work: "đã xây dựng kế hoạch và triển khai kiểm tra"
    ("Hội Cựu chiến binh huyện Tuy Phước đã xây dựng kế hoạch và triển khai kiểm tra tại Hội Cựu chiến binh "
     "xã Phước Hòa.",
     ["Hội Cựu chiến binh huyện Tuy Phước"], ["Hội Cựu chiến binh xã Phước Hòa"]),
    # the head dropped, the level written again; a city written short with its dot
    ("Đoàn giám sát làm việc với Đảng ủy phường Tân Khánh và phường Tân Hiệp.",
     [], ["Đảng ủy phường Tân Khánh", "Đảng ủy phường Tân Hiệp"]),
    ("Đoàn kiểm tra đã làm việc tại UBND huyện Tịnh Biên, Phú Tân, TP. Long Xuyên.",
     [], ["UBND huyện Tịnh Biên", "UBND huyện Phú Tân", "UBND TP. Long Xuyên"]),
    # no organization named doing the work: the one its named leader holds an office in
    ("Đoàn kiểm tra do đồng chí Lê Văn Tâm, Trưởng Ban Tổ chức Thị ủy làm Trưởng đoàn đã làm việc với Chi bộ "
     "Viện Kiểm sát nhân dân thị xã.",
     ["Ban Tổ chức Thị ủy"], ["Chi bộ Viện Kiểm sát nhân dân thị xã"]),
    ("Ông Trần Văn Bình, Trưởng Phòng GD-ĐT quận Tân Phú, đã tổ chức kiểm tra đột xuất bữa ăn bán trú.",
     ["Phòng GD-ĐT quận Tân Phú"], []),
    # adverbs and a partner named only as "các lực lượng chức năng" between the body and its verb
    ("Công an xã Lương Sơn (Phú Thọ) đã chủ động phối hợp với các lực lượng chức năng tổ chức kiểm tra các nhà "
     "thuốc trên địa bàn.", ["Công an xã Lương Sơn"], []),
    # the province's union named without its province, which the news dateline gives
    ("Tin tức\n\nPhú Thọ - Đoàn kiểm tra của Công đoàn ngành Giáo dục tỉnh vừa tiến hành kiểm tra tại các công đoàn "
     "cơ sở trên địa bàn huyện Đoan Hùng.", ["Công đoàn ngành Giáo dục tỉnh Phú Thọ"], ["huyện Đoan Hùng"]),
    # a business the inspection found at fault is inspected
    ("Thanh tra Sở Y tế Hà Nội đã kiểm tra các cơ sở khám bệnh. Phòng khám đa khoa An Khang (96 Ô Chợ Dừa, quận "
     "Đống Đa) bị đình chỉ hoạt động và xử phạt hơn 100 triệu đồng.",
     ["Thanh tra Sở Y tế Hà Nội"], ["Phòng khám đa khoa An Khang"]),
    # the unit worked with, before "về kiểm tra", is its object, not its subject
    ("Mới đây, Đoàn công tác của Hội LHPN Việt Nam đã làm việc với Hội LHPN tỉnh Vĩnh Long về kiểm tra, giám sát "
     "hoạt động ủy thác cho vay hộ nghèo.", ["Hội LHPN Việt Nam"], ["Hội LHPN tỉnh Vĩnh Long"]),
    # the target of the work named as a noun, up to the end of its clause
    ("Ngày 11/02, Ban Thường vụ Đảng uỷ Công an tỉnh tổ chức Hội nghị triển khai Quyết định kiểm tra đối với Cấp "
     "uỷ Chi bộ Công an xã Khánh Vĩnh.", ["Ban Thường vụ Đảng uỷ Công an tỉnh"], ["Chi bộ Công an xã Khánh Vĩnh"]),
    ("Thực hiện Thông báo kết luận của Ủy ban Kiểm tra Tỉnh ủy về kết quả kiểm tra tài chính đảng năm 2018 đối với "
     "Ban Thường vụ Huyện ủy Đức Linh; Ủy ban Kiểm tra Tỉnh ủy giao cho Ban Thường vụ Huyện ủy chỉ đạo.",
     ["Ủy ban Kiểm tra Tỉnh ủy"], ["Huyện ủy Đức Linh"]),
])
def test_who_inspected_whom_in_one_sentence(text, bodies, units):
    r = ex(text)
    assert names(r.inspecting_bodies) == bodies
    assert names(r.inspected_units) == units


def test_team_subject_before_the_body():
    # "Đoàn kiểm tra <subject> của X": X is the body whose team it is, not the owner of what is checked
    r = ex("Thành lập Đoàn kiểm tra công tác Đoàn và phong trào thanh thiếu nhi năm 2023 của Ban Thường vụ "
           "Huyện đoàn Nam Đàn. Đoàn kiểm tra làm việc tại Đoàn xã Nam Hưng.")
    assert names(r.inspecting_bodies) == ["Ban Thường vụ Huyện đoàn Nam Đàn"]
    assert names(r.inspected_units) == ["Đoàn xã Nam Hưng"]


@pytest.mark.parametrize("text", [
    # the act of a unit ("việc kiện toàn ... của Đoàn xã") and other nouns after the team are no subject
    "Tỉnh đoàn tổ chức đoàn giám sát việc kiện toàn tổ chức của Đoàn xã Phong Thổ.",
    "Trên cơ sở kết quả làm việc của Đoàn kiểm tra và ý kiến của Ban Thường vụ Huyện đoàn Tam Đường, Ủy ban kết luận.",
    "Đoàn kiểm tra đánh giá các đơn vị đã triển khai kịp thời các chủ trương của Hội đồng Đội tỉnh Sơn La.",
])
def test_what_is_not_the_team_subject(text):
    bodies = names(ex(text).inspecting_bodies)
    assert not any(b.startswith(("Đoàn xã", "Ban Thường vụ Huyện đoàn Tam", "Hội đồng Đội")) for b in bodies), bodies


def test_co_organiser_and_organ_of_an_organ():
    r = ex("Ngày 12/5/2023, Ban Thư ký Ủy ban Hội LHTN Việt Nam tỉnh Sóc Trăng phối hợp với Ban Thường vụ "
           "Tỉnh đoàn tổ chức giám sát việc thực hiện Điều lệ Hội tại Hội LHTN Việt Nam huyện Mỹ Tú.")
    assert names(r.inspecting_bodies) == ["Ban Thư ký Ủy ban Hội LHTN Việt Nam tỉnh Sóc Trăng",
                                          "Ban Thường vụ Tỉnh đoàn Sóc Trăng"]
    assert names(r.inspected_units) == ["Hội LHTN Việt Nam huyện Mỹ Tú"]
    assert "Ủy ban Hội LHTN Việt Nam tỉnh Sóc Trăng" in names(r.organizations)


def test_plan_team_formed_by_a_body():
    text = ("TỈNH ĐOÀN PHÚ YÊN\nSố: 21-KH/TĐTN\nĐOÀN TNCS HỒ CHÍ MINH\nTuy Hòa, ngày 04 tháng 3 năm 2024\n\n"
            "KẾ HOẠCH\nGiám sát chuyên đề năm 2024\n\n"
            "1. Đối tượng giám sát: Huyện đoàn Sơn Hòa; Huyện đoàn Đồng Xuân.\n"
            "2. Đoàn giám sát: do Ủy ban Kiểm tra Tỉnh đoàn thành lập.\n")
    r = ex(text)
    assert names(r.inspecting_bodies) == ["Ủy ban Kiểm tra Tỉnh đoàn Phú Yên"]
    assert names(r.inspected_units) == ["Huyện đoàn Sơn Hòa", "Huyện đoàn Đồng Xuân"]


def test_conclusion_by_the_standing_organ_of_the_inspecting_body():
    r = ex("TỈNH ĐOÀN NGHỆ AN\nHỘI ĐỒNG ĐỘI TỈNH\nSố: 09-TB/HĐĐ\nNghệ An, ngày 20 tháng 3 năm 2023\n\n"
           "THÔNG BÁO\nKết luận kiểm tra công tác Đội\n\n"
           "Ngày 14/3/2023, Đoàn kiểm tra của Hội đồng Đội tỉnh đã kiểm tra công tác Đội tại Hội đồng Đội huyện "
           "Diễn Châu. Sau khi nghe báo cáo, Thường trực Hội đồng Đội tỉnh kết luận như sau:\n1. Ưu điểm\n")
    assert names(r.inspecting_bodies) == ["Hội đồng Đội tỉnh Nghệ An"]
    assert names(r.inspected_units) == ["Hội đồng Đội huyện Diễn Châu"]


def kinds(text: str) -> list[tuple[str, str]]:
    """Findings of an article: a headline, then ``text``."""
    return [(f.kind, f.text) for f in ex("Kiểm tra công tác Đoàn tại huyện vùng cao\n\n" + text).findings]


def test_reported_results_with_counts_are_strengths():
    got = kinds("Báo cáo với đoàn, Huyện đoàn Sìn Hồ cho biết năm qua đã triển khai 31 công trình thanh niên với tổng "
                "giá trị hơn 800 triệu đồng. Hội LHTN huyện phát triển thêm 412 hội viên.")
    assert [k for k, _ in got] == ["strength", "strength"]
    # the team's own work is no result of the unit
    assert kinds("Ban Thường vụ Tỉnh đoàn đã tổ chức 03 đoàn kiểm tra tại các huyện vùng cao.") == []


def test_a_request_governs_every_part_of_its_sentence():
    got = kinds("Phát biểu kết luận, đồng chí Trưởng đoàn đề nghị Đoàn xã Pa Tần hoàn thành rà soát đoàn viên "
                "trước ngày 30/9/2024; chủ động tham mưu Đảng ủy bố trí cán bộ kiêm nhiệm; phân công Ủy viên Ban "
                "Chấp hành phụ trách từng bản để duy trì sinh hoạt chi đoàn.")
    assert [k for k, _ in got] == ["recommendation"] * 3


def test_neutral_nouns_are_no_shortcoming():
    # "hình thức sinh hoạt", "cán bộ kiêm nhiệm" name things; "còn hình thức" judges them
    got = kinds("Một là, đổi mới hình thức sinh hoạt chi đoàn, tăng cường sinh hoạt ghép. "
                "Việc sinh hoạt chủ đề ở một số chi đoàn còn hình thức, nội dung nghèo nàn.")
    assert got == [("limitation", "Việc sinh hoạt chủ đề ở một số chi đoàn còn hình thức, nội dung nghèo nàn")]


def test_generic_province_word_takes_the_headers_province():
    # "... tỉnh" ending a unit's name takes the one province the header names (dateline), recognised
    # by the gazetteer
    text = ("BAN CHẤP HÀNH ĐOÀN TỈNH YÊN BÁI          ĐOÀN TNCS HỒ CHÍ MINH\n***\n"
            "Số: 17-KH/TĐTN-UBKT                     Yên Bái, ngày 03 tháng 4 năm 2023\n\n"
            "KẾ HOẠCH\nGiám sát chuyên đề năm 2023\n\n"
            "1. Đối tượng giám sát: Đoàn Khối các cơ quan và doanh nghiệp tỉnh; Huyện đoàn Lục Yên.\n")
    assert [u.text for u in ex(text).inspected_units] == ["Đoàn Khối các cơ quan và doanh nghiệp tỉnh Yên Bái",
                                                          "Huyện đoàn Lục Yên"]


def test_a_full_stop_after_an_abbreviation_ends_no_sentence_but_one_after_a_word_that_folds_like_it_does():
    from nlp.text import Text

    raw = "Đoàn kiểm tra Quy chế dân chủ ở cơ sở. Theo đó, TP. Hà Nội có 5 xã. Số. 12 là mẫu."
    assert [raw[s:e] for s, e in Text(raw).sentences] == [
        "Đoàn kiểm tra Quy chế dân chủ ở cơ sở.", "Theo đó, TP. Hà Nội có 5 xã.", "Số. 12 là mẫu."]


def test_a_sentence_the_page_broke_over_two_lines_goes_on():
    from nlp.text import Text

    raw = "Ủy ban MTTQ tỉnh đã tổ chức Đoàn giám sát\ntrực tiếp tại 02 huyện Hạ Lang và Trùng Khánh.\nĐoàn làm việc."
    t = Text(raw)
    assert [raw[s:e] for s, e in t.sentences] == [
        "Ủy ban MTTQ tỉnh đã tổ chức Đoàn giám sát\ntrực tiếp tại 02 huyện Hạ Lang và Trùng Khánh.", "Đoàn làm việc."]
    # a line that closes its item, or a next line in capitals, is a sentence of its own
    assert len(Text("Kết quả:\nđạt yêu cầu").sentences) == 2
    assert len(Text("Tin liên quan\nTỉnh đoàn kiểm tra").sentences) == 2
    r = ex(raw)
    assert [m.text for m in r.inspected_units] == ["huyện Hạ Lang", "huyện Trùng Khánh"]


@pytest.mark.parametrize("text, figures", [
    ("Tại hiện trường có khoảng 10.000 viên đá chẻ, kích thước 15 x 20 x 25 cm. Điểm này chỉ cách trụ sở UBND xã"
     " tầm 3 km.", ["khoảng 10.000 viên đá chẻ"]),
    ("Trên xe có 150 gói xúc xích loại 2 kg.", ["150 gói xúc xích"]),
    ("Kích thước 15 X 20 X 25 cm; đá chẻ 15 x 20 x 25 cm.", []),
    # the length of a road built is a result
    ("Xã có công trình “Thắp sáng đường quê” dài 1,2 km tại tổ dân phố 3.", ["1,2 km"]),
    # "cách" and "loại" inside other words
    ("Hội đã vận động bằng cách trồng mới 500 ha rừng; đoàn đã loại bỏ 2 tấn thực phẩm và các loại thực phẩm"
     " 300 kg.", ["500 ha", "2 tấn", "300 kg"]),
])
def test_the_size_of_a_thing_or_a_distance_is_no_figure(text, figures):
    assert [f.text for f in ex(text).figures] == figures


@pytest.mark.parametrize("text, figure", [
    ("Hà Giang: Tổ chức 17 đợt giám sát các công trình đầu tư tại cơ sở.", "17 đợt giám sát"),
    ("Sở Y tế đã tạm đình chỉ hoạt động của 2 phòng khám vì phát hiện sai phạm.", "2 phòng khám"),
    # an adverb of time, "the said"
    ("UBND các xã có dự toán kinh phí hoạt động cho 2 Ban ngay từ đầu năm.", "2 Ban"),
    ("Việc chấp hành của 2 chủ mỏ nói trên là không tích cực.", "2 chủ mỏ"),
])
def test_a_figures_unit_ends_before_a_determiner_or_a_cause(text, figure):
    assert figure in [f.text for f in ex(text).figures]


@pytest.mark.parametrize("text, figure", [
    ("Qua thanh tra, phát hiện doanh nghiệp sử dụng hơn 23ha đất sai mục đích.", ("hơn 23ha", 23, "ha")),
    ("Đoàn kiến nghị thu hồi 17,42ha đất của công ty.", ("17,42ha", 17.42, "ha")),
])
def test_a_number_glued_to_its_measure_is_a_figure(text, figure):
    assert [(f.text, f.value, f.unit) for f in ex(text).figures] == [figure]


def test_a_number_glued_to_other_letters_names_something():
    assert ex("Dịch cúm H5N1 ở lớp 10A, xe 86H-5098 chở tai nghe dài 120cm, chuẩn 3.5mm.").figures == ()

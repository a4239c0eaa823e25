"""Pages that state things in running prose: titles without a stray lead, bylines that give the
published date, related-article lists, lists of what was checked, level words that open an
organization, and numbers that are no figures (ages, names, sessions)."""
from __future__ import annotations

import pytest

from .helpers import ex


def names(items) -> list[str]:
    return [m.text for m in items]


def kinds(text: str) -> list[tuple[str, str]]:
    """Findings of an article: a headline, then ``text``."""
    return [(f.kind, f.text) for f in ex("Kiểm tra công tác Hội tại vùng cao\n\n" + text).findings]


# ------------------------------------------------------------------------------- inspected units


def test_related_articles_report_other_work():
    r = ex("Thành đoàn Cần Thơ kiểm tra công tác Đoàn tại Quận đoàn Ninh Kiều\n"
           "Ngày 5/4, Thành đoàn Cần Thơ đã kiểm tra công tác Đoàn tại Quận đoàn Ninh Kiều.\n"
           "Tin cùng chuyên mục\n"
           "Thành đoàn Cần Thơ kiểm tra công tác Đoàn tại huyện Phong Điền\n")
    assert names(r.inspected_units) == ["Quận đoàn Ninh Kiều"]


def test_a_level_word_opening_an_organization_is_no_place():
    r = ex("Tỉnh đoàn Hà Giang kiểm tra công tác Đoàn tại Huyện đoàn Đồng Văn.")
    assert names(r.inspected_units) == ["Huyện đoàn Đồng Văn"]


# ---------------------------------------------------------------------------------------- findings


def test_a_list_of_what_was_checked_takes_no_kind():
    got = kinds("Đoàn tập trung giám sát việc quản lý đất đai còn tồn tại; công tác quản lý trật tự xây dựng; "
                "công tác phòng chống dịch bệnh trên địa bàn.")
    assert [t for _, t in got if t.startswith("công tác")] == []


def test_a_part_after_a_semicolon_keeps_the_kind_of_the_finding_before_it():
    got = kinds("Tuy nhiên, tỷ lệ hội viên đóng hội phí đúng hạn còn thấp; nhiều chi hội sinh hoạt ba tháng một lần; "
                "sổ sách của chi hội ghi chép sơ sài.")
    assert got == [("limitation", "Tuy nhiên, tỷ lệ hội viên đóng hội phí đúng hạn còn thấp"),
                   ("limitation", "nhiều chi hội sinh hoạt ba tháng một lần"),
                   ("limitation", "sổ sách của chi hội ghi chép sơ sài")]


def test_a_part_after_a_semicolon_that_states_the_work_or_a_topic_takes_no_kind():
    got = kinds("Năm 2020, Ủy ban Kiểm tra kết luận 1 tổ chức đảng, 5 đảng viên vi phạm; kiểm tra 28 tổ chức đảng "
                "thực hiện nhiệm vụ kiểm tra; việc tiếp nhận, giải quyết đơn thư của đảng viên ở cơ sở.")
    assert got == [("limitation", "Năm 2020, Ủy ban Kiểm tra kết luận 1 tổ chức đảng, 5 đảng viên vi phạm")]


def test_a_point_that_names_the_kinds_of_points_reviewed_is_content_free_unless_it_asks():
    assert kinds("Qua giám sát, đoàn đã đánh giá kết quả đạt được, những hạn chế, khó khăn, vướng mắc và nguyên nhân "
                 "trong thực hiện chính sách.") == []
    got = kinds("Trên cơ sở kết quả kiểm tra, Ban Thường vụ Tỉnh đoàn đề nghị Huyện đoàn tiếp tục phát huy ưu điểm, "
                "khắc phục hạn chế, tồn tại và khó khăn trong công tác đoàn.")
    assert [k for k, _ in got] == ["recommendation"]


# ------------------------------------------------------------------------------ figures and titles

@pytest.mark.parametrize("text", [
    "Phổ cập giáo dục mầm non cho trẻ em 5 tuổi tại 12 xã.",
    "Thực hiện mô hình chính quyền địa phương 2 cấp tại 12 xã.",
    "Ủy ban Kiểm tra Trung ương họp kỳ 39 dưới sự chủ trì của đồng chí Chủ nhiệm tại 12 xã.",
    "Phó Trưởng Ban Chỉ đạo 389 tỉnh làm Trưởng đoàn kiểm tra tại 12 xã.",
    "Phó Trưởng BCĐ 61 thành phố làm Trưởng đoàn kiểm tra Hải đoàn 48 tại 12 xã.",
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




def test_a_result_after_qua_kiem_tra_is_a_finding_without_a_cue():
    assert [k for k, _ in kinds("Qua kiểm tra, Chi đoàn đã tổ chức sinh hoạt đều đặn hằng tháng theo chủ đề.")] == [
        "strength"]
    # the same statement alone states nothing found
    assert kinds("Chi đoàn tổ chức sinh hoạt hằng tháng theo chủ đề của Đoàn cấp trên.") == []


@pytest.mark.parametrize("text, expected", [
    # a violation found is a shortcoming, a sanction decided against a named unit a recommendation
    ("Qua kiểm tra, đoàn ghi nhận cơ sở Karaoke Hoàng Gia có vi phạm về phòng cháy, chữa cháy.", ["limitation"]),
    ("Phòng khám Nhân Lộc Đường bị xử phạt 106 triệu đồng và bị đình chỉ hoạt động trong thời gian 18 tháng.",
     ["recommendation"]),
    # counted sanctions are figures, and an inspection "khi có dấu hiệu vi phạm" names its kind
    ("Đình chỉ hoạt động 32 cơ sở hành nghề y và buộc tiêu hủy hàng hóa của 4 cơ sở.", []),
    ("Ủy ban Kiểm tra đã tiến hành kiểm tra 58 tổ chức đảng khi có dấu hiệu vi phạm trong năm.", []),
    # what is not done as required is a shortcoming, whatever word of praise it holds
    ("Qua kiểm tra, đa số cơ sở dịch vụ Internet hoạt động không đúng giờ quy định.", ["limitation"]),
    # the voters' petitions are a noun: their being answered is a result, not a request
    ("Sau giám sát, hầu hết các kiến nghị của cử tri đều được tiếp thu và giải quyết kịp thời.", ["strength"]),
    # a shortcoming dealt with is none found; one pointed out is
    ("Qua kiểm tra, Ủy ban Kiểm tra các cấp đã kịp thời phát hiện và xử lý nghiêm minh đối với tổ chức đảng, đảng "
     "viên vi phạm, góp phần giữ vững kỷ luật của Đảng.", ["strength"]),
    ("Qua thanh tra, Thanh tra Chính phủ chỉ ra nhiều tồn tại về việc chấp hành các quy định về đầu tư và xây dựng.",
     ["limitation"]),
    # petitions dealt with, and what meets the requirements, are results: no request
    ("Qua giám sát, các kiến nghị đã được chủ đầu tư chấp nhận.", ["strength"]),
    ("Các kiến nghị đã được chủ đầu tư, đơn vị thi công chấp nhận và xử lý ngay, góp phần đảm bảo chất lượng công "
     "trình.", ["strength"]),
    ("Qua kiểm tra, 30 trường có bếp ăn đạt yêu cầu, chiếm tỷ lệ 96,8%.", ["strength"]),
    # money collected wrongly and paid back is no shortcoming found; a school made to pay it back is a sanction
    ("Qua kiểm tra, các trường đã tiến hành hoàn trả số tiền thu sai quy định cho phụ huynh, đảm bảo đúng quy định.",
     ["strength"]),
    ("Qua kiểm tra, Phòng Giáo dục đã buộc các nhà trường phải hoàn trả số tiền thu sai quy định.", ["recommendation"]),
    # what was not done, lack of care, and what exceeds the standard are shortcomings
    ("Qua thanh tra, huyện không kiểm tra thực địa trước khi lập hồ sơ cho thuê đất.", ["limitation"]),
    ("Qua kiểm tra, một số cán bộ thiếu trách nhiệm, buông lỏng lãnh đạo.", ["limitation"]),
    ("Qua kiểm tra, doanh nghiệp xả nước thải có thông số vượt quy chuẩn kỹ thuật.", ["limitation"]),
    # what is done without leave, land taken, goods of no known origin, and a lax management
    ("Qua thanh tra, đã phát hiện 397 trường hợp tự ý chuyển mục đích sử dụng đất nông nghiệp.", ["limitation"]),
    ("Qua thanh tra, 13 xã và một tổ chức thuê đất có hành vi lấn chiếm hơn 150 ha đất các loại.", ["limitation"]),
    ("Qua kiểm tra, do việc quản lý không chặt chẽ dẫn đến việc quyết toán thừa trên 330 triệu đồng.",
     ["limitation"]),
    # what was not done is a shortcoming; what did not happen, or a kind of staff, is none (after "Qua kiểm tra", a
    # result)
    ("Qua kiểm tra, chủ lô hàng không xuất trình được hóa đơn, chứng từ.", ["limitation"]),
    ("Qua kiểm tra, có 54 trường hợp cán bộ, đảng viên không dự hội nghị tiếp xúc cử tri.", ["limitation"]),
    ("Qua kiểm tra, 6 tháng đầu năm, các cấp ủy đảng không có thi hành kỷ luật tổ chức đảng.", ["strength"]),
    ("Qua kiểm tra, số người hoạt động không chuyên trách được sắp xếp.", ["strength"]),
    # goods faked, land given out beyond one's power, licences expired
    ("Qua kiểm tra, phát hiện quần áo, giày dép giả mạo các nhãn hiệu nổi tiếng.", ["limitation"]),
    ("Qua thanh tra, UBND thành phố giao, cho thuê hơn 44,6 ha đất trái thẩm quyền.", ["limitation"]),
])
def test_violations_and_sanctions(text, expected):
    assert [k for k, _ in kinds(text)] == expected


@pytest.mark.parametrize("text, expected", [
    # what the team did, and what the meeting was for, are no findings
    ("Đoàn kiểm tra đã tiến hành kiểm tra hồ sơ và nghe báo cáo của các công đoàn cơ sở về những tồn tại, hạn chế.",
     []),
    ("Cuộc giám sát này nhằm đánh giá thực trạng quản lý đất đai, chỉ ra những hạn chế và nguyên nhân.", []),
    ("Trọng tâm kiểm tra là việc chấp hành các quy định của pháp luật về an toàn thực phẩm.", []),
    # the team at work after a date, with its owner and leader between
    ("Trong các ngày 9,10/6/2020 Đoàn giám sát của HĐND huyện do đồng chí Phó Chủ tịch HĐND huyện làm trưởng đoàn "
     "đã giám sát những công việc cử tri có ý kiến, kiến nghị.", []),
    ("Ngày 6/12, Đoàn giám sát của HĐND huyện tổ chức buổi kết luận đợt giám sát việc giải quyết kiến nghị.", []),
    # the decision that forms the team, and what the work is for
    ("Ngày 17.9, UBND tỉnh đã ban hành quyết định về việc thành lập Đoàn kiểm tra công nhận đạt chuẩn phổ cập.", []),
    ("Mục đích hoạt động thanh tra là phát huy những ưu điểm, khắc phục những hạn chế (nếu có).", []),
    ("Đây hoạt động thường niên của Hội nhằm nắm bắt những thuận lợi, khó khăn và kiến nghị của cơ sở.", []),
    # the team at work for a purpose, and the team hearing reports about difficulties
    ("Ngày 13-10, Đoàn giám sát của Thường trực HĐND xã Phú Giáo giám sát hoạt động của Trung tâm Phục vụ hành chính "
     "công xã nhằm ghi nhận các tồn tại, từ đó đưa ra hướng khắc phục.", []),
    ("Tại các buổi làm việc, Đoàn giám sát đã được nghe các sở, ngành báo cáo về tình hình triển khai, những khó "
     "khăn vướng mắc trong quá trình thực hiện.", []),
    # the inspected side accepting the conclusions or promising to carry them out
    ("Thay mặt lãnh đạo UBND tỉnh, đồng chí Đặng Trọng Thăng, Chủ tịch UBND tỉnh tiếp thu ý kiến chỉ đạo của Phó "
     "Tổng Thanh tra Chính phủ.", []),
    ("Đồng chí cũng khẳng định sẽ chỉ đạo các sở, ban, ngành thực hiện nghiêm túc kết luận của đoàn thanh tra.", []),
    # but what the team noted at work is a finding
    ("Đoàn kiểm tra của Ủy ban MTTQ tỉnh vừa làm việc với xã Kim Phú, ghi nhận địa phương triển khai tốt công tác "
     "chuẩn bị bầu cử.", ["strength"]),
])
def test_procedure_is_no_finding(text, expected):
    assert [k for k, _ in kinds(text)] == expected


@pytest.mark.parametrize("text, title", [
    # the stored page's image markup and a site's celebration banner are no headline
    ('<image>data:image/s3,"s3://crabby-images/3be49/3be49c6213f9bacbb3c6faeb3a2aa3fffa59f3a0" alt="Đoàn công tác làm việc tại Sóc Trăng."</image>\n'
     "Bộ Y tế kiểm tra công tác phòng, chống dịch tại Sóc Trăng\nNgày 22/4, Đoàn công tác của Bộ Y tế đã đến kiểm tra.",
     "Bộ Y tế kiểm tra công tác phòng, chống dịch tại Sóc Trăng"),
    ("NHIỆT LIỆT CHÀO MỪNG 93 NĂM NGÀY THÀNH LẬP ĐẢNG CỘNG SẢN VIỆT NAM (03/02/1930 - 03/02/2023)!\n"
     "THỰC HIỆN KIỂM TRA VIỆC CHẤP HÀNH ĐIỀU LỆ CÔNG ĐOÀN VIỆT NAM\nỦy ban kiểm tra Công đoàn các cấp đã kiểm tra.",
     "THỰC HIỆN KIỂM TRA VIỆC CHẤP HÀNH ĐIỀU LỆ CÔNG ĐOÀN VIỆT NAM"),
    # a section label after the store's date marker is too short to be the headline
    (" date 2020-12 Trong tỉnh\n\nNằm trong chương trình giám sát các dự án cao tốc, đoàn công tác đã làm việc với tỉnh.",
     "Nằm trong chương trình giám sát các dự án cao tốc, đoàn công tác đã làm việc với tỉnh"),
    # a photo caption over the headline
    ("Đoàn giám sát của Tỉnh uỷ Vĩnh Long tham quan mô hình sản xuất cá linh tại xã Mỹ Phước, huyện Mang Thít.\n\n"
     "Tỉnh ủy Vĩnh Long giám sát thực hiện Nghị quyết tại các địa phương\n\nSáng 2/11, Đoàn giám sát đã khảo sát.",
     "Tỉnh ủy Vĩnh Long giám sát thực hiện Nghị quyết tại các địa phương"),
    # but a lead paragraph over a caption stays the title of a page without headline
    ("Chiều 30-10, Tổ công tác số 10 của Ban Thường vụ Thành ủy đã làm việc với Đảng ủy phường Tân Khánh.\n"
     "Đồng chí Hoàng Nguyên Dinh phát biểu tại buổi làm việc\n",
     "Chiều 30-10, Tổ công tác số 10 của Ban Thường vụ Thành ủy đã làm việc với Đảng ủy phường Tân Khánh"),
    # a contact line, a language switch, a view counter and a photo's caption are no headline
    (": toasoandko@gmail.com | : (04) 38.228.302\nLiên hệ quảng cáo: (04)39.431.943 - (04)39.447.011\n"
     "07:30:00 - Thứ năm, 04/10/2018\nThái Nguyên: Ban Thanh tra nhân dân giám sát 2.045 vụ việc\n"
     "Theo Ban Thường trực Ủy ban MTTQ tỉnh, toàn tỉnh hiện có 280 ban Thanh tra nhân dân.",
     "Thái Nguyên: Ban Thanh tra nhân dân giám sát 2.045 vụ việc"),
    ("Tiếng Việt | English\n07/02/2018 - 19:58\nVĩnh Hưng - Kiểm tra đột xuất hoạt động kinh doanh dịch vụ văn hóa\n"
     "Ngày 07/02, Đoàn kiểm tra liên ngành huyện Vĩnh Hưng kiểm tra đột xuất các cơ sở.",
     "Vĩnh Hưng - Kiểm tra đột xuất hoạt động kinh doanh dịch vụ văn hóa"),
    ("|\n| Kiểm tra khai thác cát trên sông Hàm Luông. Ảnh: T.Lập |\nNhằm tăng cường công tác tuyên truyền, "
     "từ ngày 13 đến 16-4,\nĐoạn Quản lý giao thông thủy bộ phối hợp kiểm tra.",
     "Nhằm tăng cường công tác tuyên truyền, từ ngày 13 đến 16-4"),
    # a sentence closing a table's cell under a photo is its caption, neither the title nor a finding
    ("![]() |\nPhòng khám đa khoa An Khang bị đình chỉ hoạt động và xử phạt hơn 100 triệu đồng. |\n"
     "Theo đó, Thanh tra Sở Y tế Hà Nội đã tổ chức 89 lượt kiểm tra các cơ sở khám, chữa bệnh.",
     "Theo đó, Thanh tra Sở Y tế Hà Nội đã tổ chức 89 lượt kiểm tra các cơ sở khám, chữa bệnh"),
    # a headline broken over two lines, the second in lower case
    ("Đoàn công tác của HĐND tỉnh\n\nkhảo sát công tác giáo dục tại Nậm Nhùn\n\nThực hiện Công văn số 140/HĐND-ĐGS "
     "ngày 06/5/2019 của Hội đồng nhân dân tỉnh Lai Châu về giám sát.",
     "Đoàn công tác của HĐND tỉnh khảo sát công tác giáo dục tại Nậm Nhùn"),
    # a paper's tag before the lead that serves as the title
    ("TPO - Ban Pháp chế HĐND thành phố Hà Nội sẽ giám sát việc thực hiện các quy định pháp luật về tổ chức, "
     "hoạt động công an xã.\nBan Pháp chế vừa có quyết định thành lập Đoàn giám sát.",
     "Ban Pháp chế HĐND thành phố Hà Nội sẽ giám sát việc thực hiện các quy định pháp luật về tổ chức, "
     "hoạt động công an xã"),
    # a date line under the body is a byline's, not the top of the page
    ("Vi phạm về hàng quá cảnh: Kiểm tra 132 container phát hiện 91 container vi phạm\n"
     "(HQ Online) – Cơ quan Hải quan kiểm tra 132 container hàng quá cảnh của một số doanh nghiệp tại Lạng Sơn, "
     "phát hiện tới gần 76% số lượng container chứa hàng vi phạm về xuất xứ và nhãn mác.\n"
     "Trước tình hình vi phạm phức tạp liên quan đến hàng quá cảnh, năm 2020, Tổng cục Hải quan đã xây dựng kế "
     "hoạch kiểm tra thực tế hàng hoá và chỉ đạo các chi cục kiểm tra.\n"
     "Dưới đây là hình ảnh một số mặt hàng vi phạm trong đợt kiểm tra\nThái Bình (Theo báo Hải quan 10:02 | 18/01/2021)",
     "Vi phạm về hàng quá cảnh: Kiểm tra 132 container phát hiện 91 container vi phạm"),
])
def test_the_headline_among_page_chrome(text, title):
    assert ex(text).title == title


def test_the_stored_pages_date_marker_is_no_figure():
    r = ex(" date 2017-03 Đồng Nai, Long An. Đoàn công tác đã kiểm tra 12 doanh nghiệp.")
    assert [(f.value, f.unit) for f in r.figures] == [(12, "doanh nghiệp")]



@pytest.mark.parametrize("text", [
    "Theo đại diện Sở Y tế, đợt kiểm tra này nhằm chấn chỉnh hoạt động hành nghề y, dược trên địa bàn.",
    "Kính gửi: Trưởng phòng Giáo dục và Đào tạo các huyện, thị xã, thành phố.",
    "Email của bạn sẽ không được hiển thị công khai",
    # the work announced by the paper that orders or concludes it
    "Ngày 6-5-2022, Thanh tra tỉnh Bình Phước đã ban hành Thông báo số 71/TB-T.Tr về kết luận thanh tra việc mua "
    "sắm trang thiết bị y tế.",
    "Ban Thường trực Ủy ban Trung ương MTTQ Việt Nam đã ban hành Thông tri số 04/TT-MTTW-BTT hướng dẫn Ủy ban Mặt "
    "trận các cấp kiểm tra, giám sát công tác bầu cử.",
    # "đặc biệt khó khăn" names a kind of commune, not a difficulty found
    "Sáng 03/10, đoàn công tác của Ban Dân tộc HĐND tỉnh đã giám sát việc thực hiện chính sách dân tộc tại các xã "
    "đặc biệt khó khăn.",
])
def test_purposes_addresses_and_page_chrome_are_no_findings(text):
    assert kinds(text) == []


@pytest.mark.parametrize("text, title", [
    # an official letter's subject is its V/v line, wrapped or not
    ("BỘ GIÁO DỤC VÀ ĐÀO TẠO\nTHANH TRA\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập – Tự do – Hạnh phúc\n\n"
     "Số: 248/TTr\nV/v: Hướng dẫn thanh tra thi tốt nghiệp THPT năm 2010\n\nHà Nội ngày 30 tháng 3 năm 2010\n",
     "V/v: Hướng dẫn thanh tra thi tốt nghiệp THPT năm 2010"),
    ("UBND TỈNH HÀ TĨNH\nSỞ GIÁO DỤC VÀ ĐÀO TẠO\nSố: 1081/SGD&ĐT-CTHSSV\nV/v thông báo kết quả kiểm tra công tác\n"
     "Giáo dục thể chất và hoạt động y tế trường học\n\nKính gửi: Trưởng phòng GD&ĐT các huyện.\n",
     "V/v thông báo kết quả kiểm tra công tác Giáo dục thể chất và hoạt động y tế trường học"),
    # the time of posting after a headline, a menu item written twice, a document site's download line
    ("Kết quả thanh tra tại Trường Tiểu học Sài Sơn B, huyện Quốc Oai (19:51 18/06/2021)\nNgày 15/6, UBND huyện "
     "đã ban hành kết luận thanh tra.", "Kết quả thanh tra tại Trường Tiểu học Sài Sơn B, huyện Quốc Oai"),
    ("Tổ chức Tổ chức\nTải bản đầy đủ (.doc) (14 trang)\nChiều 16/10, Đoàn giám sát của Thường trực HĐND tỉnh đã "
     "làm việc với Sở Y tế.", "Chiều 16/10, Đoàn giám sát của Thường trực HĐND tỉnh đã làm việc với Sở Y tế"),
    # a paper's tag with its dash against the lead's first word
    ("QĐND –Thường vụ Đảng ủy Quân khu 2 vừa tổ chức Hội nghị tổng kết công tác kiểm tra, giám sát.\nĐồng chí Bí "
     "thư chủ trì hội nghị.", "Thường vụ Đảng ủy Quân khu 2 vừa tổ chức Hội nghị tổng kết công tác kiểm tra, giám sát"),
    # a breadcrumb that ends with the headline
    ("Trang chủ\nVideo\nTrang chủ / Thu tiền sai, 14 trường ở Đồng Tháp phải trả lại phụ huynh\nThu tiền sai, 14 "
     "trường ở Đồng Tháp phải trả lại phụ huynh\n\nVTV.vn - Phòng GD-ĐT đã tổ chức đoàn kiểm tra.",
     "Thu tiền sai, 14 trường ở Đồng Tháp phải trả lại phụ huynh"),
    # the site's weather, and a section with its posting time
    ("Thứ 5, 09/05/2024 20:05:20 GMT+7\nBình Phước, 30°C/27°C - 33°C\naA\n\nPhòng chống tham nhũng, lãng phí "
     "16:06, 07/05/2022 GMT+7\n\nKết luận thanh tra mua sắm trang thiết bị y tế\n\nThứ 7, 07/05/2022 | 16:06:38\n"
     "BPO - Thanh tra tỉnh đã ban hành thông báo kết luận thanh tra.", "Kết luận thanh tra mua sắm trang thiết bị y tế"),
    # a portal's block of links over the page
    ("Liên kết Website\nCơ quan Đảng, Nhà nước\nCơ quan Báo chí\nCác trường Đại học, Cao đẳng\nNgày đăng: "
     "21.05.2020\nMặt trận thị trấn tham gia giám sát việc chi trả hỗ trợ.\n\nThực hiện Nghị quyết, Ban Thường trực "
     "đã tiến hành rà soát.", "Mặt trận thị trấn tham gia giám sát việc chi trả hỗ trợ"),
    # a photo's caption with its credit in brackets over a lead
    ("Quang cảnh cuộc họp. (Ảnh KN)\nTheo Kế hoạch năm 2017, Ủy ban MTTQ tỉnh tiến hành giám sát tập trung ở 3 nội "
     "dung.\nTrong đó, nội dung giám sát kết quả đỡ đầu hộ nghèo.",
     "Theo Kế hoạch năm 2017, Ủy ban MTTQ tỉnh tiến hành giám sát tập trung ở 3 nội dung"),
    # a lead paragraph after the stored page's date, then a section heading: the lead is no photo's caption
    (" date 2025-12-04 Ban Thường trực Ủy ban Trung ương MTTQ Việt Nam đã ban hành Thông tri số 04/TT-MTTW-BTT "
     "hướng dẫn Ủy ban Mặt trận Tổ quốc Việt Nam các cấp kiểm tra, giám sát công tác bầu cử đại biểu Quốc hội khóa "
     "XVI và đại biểu Hội đồng nhân dân các cấp.\n\nĐối tượng, nội dung kiểm tra, giám sát\n\nĐối tượng kiểm tra ở "
     "Trung ương.", "Ban Thường trực Ủy ban Trung ương MTTQ Việt Nam đã ban hành Thông tri số 04/TT-MTTW-BTT hướng "
     "dẫn Ủy ban Mặt trận Tổ quốc Việt Nam các cấp kiểm tra, giám sát công tác bầu cử đại biểu Quốc hội khóa XVI và "
     "đại biểu Hội đồng nhân dân các cấp"),
    # a report's kind written with its qualifier
    ("THANH TRA CHÍNH PHỦ\n-------\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\nSố: "
     "1256/BC-TTCP\n\nHà Nội, ngày 05 tháng 06 năm 2013\n\nBÁO CÁO TỔNG HỢP\n\nKẾT QUẢ THANH TRA CHUYÊN ĐỀ DIỆN RỘNG "
     "VIỆC THỰC HIỆN ĐỀ ÁN KIÊN CỐ HÓA TRƯỜNG, LỚP HỌC\n\nKính gửi: Thủ tướng Chính phủ\n",
     "KẾT QUẢ THANH TRA CHUYÊN ĐỀ DIỆN RỘNG VIỆC THỰC HIỆN ĐỀ ÁN KIÊN CỐ HÓA TRƯỜNG, LỚP HỌC"),
])
def test_titles_of_letters_and_pages_with_furniture(text, title):
    assert ex(text).title == title


def test_a_lead_paragraph_standing_in_for_a_headline_states_findings():
    # no headline: the first paragraph is the page's title, and its results are still findings
    lead = ("Hội nghị sơ kết của Hội Nông dân huyện đã đánh giá: 6 tháng đầu năm đã kết nạp 105 hội viên, nâng "
            "tổng số hội viên lên 7.262 hội viên; phối hợp triển khai tốt với Ngân hàng CSXH trong cho vay vốn; "
            "việc thu Quỹ Hội ở một số chi hội còn chậm")
    r = ex(lead + "\nPhát biểu tại Hội nghị, đồng chí Chủ tịch Hội đề nghị các cơ sở tập trung thu Quỹ Hội.")
    assert r.title == lead
    assert [f.kind for f in r.findings] == ["strength", "strength", "limitation", "recommendation"]


def test_a_headline_states_no_finding():
    r = ex("Huyện đoàn đã kết nạp 105 đoàn viên mới, vượt chỉ tiêu\nNgày 5/4, Huyện đoàn tổng kết công tác.")
    assert r.title == "Huyện đoàn đã kết nạp 105 đoàn viên mới, vượt chỉ tiêu"
    assert r.findings == ()


def test_sessions_held_for_members_are_results_and_sessions_of_inspection_are_work():
    assert kinds("Năm 2025 Hội đã phối hợp tổ chức 48 buổi tuyên truyền cho trên 42.500 lượt hội viên.") == [
        ("strength", "Năm 2025 Hội đã phối hợp tổ chức 48 buổi tuyên truyền cho trên 42.500 lượt hội viên")]
    assert kinds("Ban Thường vụ Huyện đoàn đã tổ chức 12 buổi kiểm tra tại các cơ sở đoàn.") == []


def test_a_paragraph_opening_with_the_work_it_carries_out_still_states_results():
    got = kinds("Thực hiện Nghị quyết Đại hội Đảng bộ các cấp, Đảng ủy thị trấn đã ban hành chương trình hành động. "
                "Sau hơn 2 năm, có 11/17 chỉ tiêu đạt và vượt kế hoạch đề ra; thu nhập bình quân đầu người "
                "đạt trên 30 triệu đồng.")
    # the resolution carried out is no finding; what the unit did to carry it out is one
    assert got == [("strength", "Đảng ủy thị trấn đã ban hành chương trình hành động"),
                   ("strength", "Sau hơn 2 năm, có 11/17 chỉ tiêu đạt và vượt kế hoạch đề ra"),
                   ("strength", "thu nhập bình quân đầu người đạt trên 30 triệu đồng")]


@pytest.mark.parametrize("text", [
    # the work announced: teams set up, a session held to consider cases, what the inspection covers
    "Vừa qua, Ban Thường trực Ủy ban MTTQ huyện đã thành lập 02 đoàn công tác giám sát việc chi trả các chính "
    "sách hỗ trợ người dân gặp khó khăn.",
    "Hôm 21/3, Ủy ban Kiểm tra Tỉnh ủy họp phiên quý I/2022, xem xét, kết luận một số nội dung cán bộ vi phạm.",
    "Nội dung kiểm tra tập trung toàn diện vào các điều kiện pháp lý, chứng chỉ hành nghề và việc niêm yết giá "
    "công khai.",
    "Theo đó, Ban chỉ đạo thành phố sẽ lập 6 đoàn thanh tra liên ngành về an toàn thực phẩm.",
    # what the inspection is for
    "Thông qua kiểm tra, giúp Ban vận động Quỹ các cấp phát huy mặt tích cực trong công tác vận động.",
    "Kiểm tra hoạt động hè nhằm đánh giá quá trình tổ chức và hiệu quả công tác hè trên địa bàn.",
])
def test_the_work_announced_and_its_purpose_are_no_findings(text):
    assert kinds(text) == []


def test_a_request_to_set_up_teams_is_a_recommendation():
    assert kinds("Yêu cầu các địa phương thành lập Tổ kiểm tra, rà soát tại những địa bàn phức tạp.") == [
        ("recommendation", "Yêu cầu các địa phương thành lập Tổ kiểm tra, rà soát tại những địa bàn phức tạp")]


def test_a_person_after_a_national_body_is_no_part_of_its_name():
    r = ex("Chiều 28/3, dưới sự chủ trì của Phó chủ tịch Quốc hội Uông Chu Lưu, Đoàn giám sát của Quốc hội đã làm "
           "việc với UBND tỉnh Kiên Giang. Đoàn cũng làm việc với UBND thành phố Uông Bí.")
    assert names(r.organizations) == ["Quốc hội", "UBND tỉnh Kiên Giang", "UBND thành phố Uông Bí"]
    assert [p.name for p in r.people] == ["Uông Chu Lưu"]


def test_clauses_with_subjects_of_their_own_are_points_of_their_own():
    got = kinds("Qua kiểm tra, khung giấy khen treo chưa đảm bảo, tường nhà văn hóa để mốc chưa quét vôi ve, "
                "bàn ghế chưa đảm bảo đúng quy định.")
    assert [k for k, _ in got] == ["limitation"] * 3
    assert got[1][1] == "tường nhà văn hóa để mốc chưa quét vôi ve"


def test_predicates_that_share_a_subject_stay_one_point():
    assert kinds("Huyện đoàn đã triển khai kịp thời các văn bản, đã tổ chức tốt các hoạt động hè cho thiếu nhi.") == [
        ("strength", "Huyện đoàn đã triển khai kịp thời các văn bản, đã tổ chức tốt các hoạt động hè cho thiếu nhi")]


@pytest.mark.parametrize("text, kind", [
    ("Một số nội dung trong Quy chế chưa phù hợp với tình hình thực tế, cần chỉnh sửa, bổ sung.", "limitation"),
    ("Đoàn kiểm tra đề nghị đơn vị khắc phục ngay những hạn chế đã nêu.", "recommendation"),
])
def test_of_a_request_and_a_shortcoming_the_one_stated_first_gives_the_kind(text, kind):
    assert [k for k, _ in kinds(text)] == [kind]


@pytest.mark.parametrize("text, expected", [
    ("UBND thành phố vừa ra quyết định xử phạt Công ty Cổ phần Môi trường Đồng Xanh 14 triệu đồng.", "recommendation"),
    ("UBKT Tỉnh ủy quyết định thi hành kỷ luật khiển trách đối với Đảng ủy Ban Dân tộc tỉnh.", "recommendation"),
    ("Theo quyết định xử phạt, Công ty Đồng Xanh đã xả nước thải vượt quy chuẩn kỹ thuật 9,3 lần.", None),
    ("Cơ quan chức năng đã ban hành quyết định xử phạt vi phạm hành chính đối với 24 công trình.", "none"),
])
def test_a_sanction_on_a_named_unit_is_a_recommendation_and_a_counted_one_a_figure(text, expected):
    got = [k for k, _ in kinds(text)]
    if expected == "none":
        assert got == []
    elif expected is None:
        assert "recommendation" not in got
    else:
        assert got == [expected]


def test_no_figure_from_a_number_in_a_name_before_its_verb():
    assert ex("QĐND – Thường vụ Đảng ủy Quân khu 2 vừa tổ chức Hội nghị tổng kết công tác kiểm tra, giám sát."
              ).figures == ()


def test_a_count_stops_before_the_verb_after_it():
    r = ex("Vi phạm về hàng quá cảnh: Kiểm tra 132 container phát hiện tới 91 container vi phạm")
    assert [(f.value, f.unit) for f in r.figures] == [(132, "container"), (91, "container")]


def test_a_point_the_stored_page_cuts_in_a_word_is_kept_only_if_it_already_says_something():
    assert kinds("Huyện đoàn đã tổ chức tốt các hoạt động hè. Thông qua đợt kiểm tra, C") == [
        ("strength", "Huyện đoàn đã tổ chức tốt các hoạt động hè")]
    got = kinds("Qua kiểm tra, một vài đơn vị chưa nắm rõ các chủ trương, nội dung văn bản của Đoàn cấp trên, t")
    assert got == [("limitation", "Qua kiểm tra, một vài đơn vị chưa nắm rõ các chủ trương, nội dung văn bản của "
                                  "Đoàn cấp trên, t")]


def test_a_person_after_a_whole_province_is_no_part_of_the_unit_name():
    r = ex("Phó Trưởng Đoàn chuyên trách phụ trách Đoàn ĐBQH tỉnh Đắk Lắk Lê Thị Thanh Xuân cho biết, năm 2023, "
           "Đoàn đã tổ chức giám sát chuyên đề.")
    assert "Đoàn ĐBQH tỉnh Đắk Lắk" in names(r.organizations)
    assert [p.name for p in r.people] == ["Lê Thị Thanh Xuân"]


def test_a_caption_in_a_tables_cell_is_no_finding():
    text = ("Kiểm tra cơ sở kinh doanh vật tư nông nghiệp\n"
            "Lực lượng chức năng kiểm tra một cơ sở chưa đảm bảo điều kiện kinh doanh thuốc thú y. |\n"
            "Qua kiểm tra, cơ sở chưa niêm yết giá bán.")
    assert [t for _, t in kinds(text)] == ["Qua kiểm tra, cơ sở chưa niêm yết giá bán"]


def test_a_long_sentence_of_a_sites_furniture_is_no_finding_whatever_follows_it():
    text = ("Qua kiểm tra, đơn vị chưa niêm yết giá bán.\n"
            "Email của bạn sẽ không được hiển thị công khai. Các trường bắt buộc được đánh dấu *\n"
            "Xem và tải ngay bản đầy đủ của tài liệu tại đây (156.1 KB, 14 trang )")
    assert [t for _, t in kinds(text)] == ["Qua kiểm tra, đơn vị chưa niêm yết giá bán"]


def test_the_topics_of_the_work_listed_are_no_findings():
    text = ("Năm học 2021-2022, Thanh tra Sở đã thanh tra 14 cuộc với 33 đơn vị.\n"
            "Việc thanh tra tập trung vào các nội dung như việc thực hiện Quy chế dân chủ, công khai trong lĩnh vực "
            "giáo dục; công tác tiếp công dân, xử lý đơn thư và phòng, chống tham nhũng; công tác quản lý tài chính, "
            "tài sản.\nĐoàn công tác đã tiến hành kiểm tra 6 nội dung: Công tác giáo dục chính trị, tư tưởng và hiệu "
            "quả đạt được; công tác thi đua khen thưởng đạt kết quả tốt.")
    assert list(ex(text).findings) == []
    # but a request to work on some points is a recommendation of each
    r = ex("Kết luận buổi kiểm tra, đồng chí Trưởng đoàn đề nghị Ban Thường vụ Huyện đoàn tập trung một số nội dung: "
           "thứ nhất, rà soát, hoàn thiện hồ sơ, sổ sách đoàn vụ trước ngày 30/9; thứ hai, đổi mới hình thức sinh "
           "hoạt chi đoàn.")
    assert [f.kind for f in r.findings] == ["recommendation", "recommendation"]


def test_a_question_is_no_finding():
    r = ex("Qua giám sát, Đoàn đặt câu hỏi: Cần duy trì các nguồn quỹ này như thế nào? Hiện có nhất thiết phải có "
           "thêm các nguồn quỹ huy động ngoài ngân sách Nhà nước nữa hay không? Đoàn đề nghị UBND tỉnh rà soát các "
           "nguồn quỹ.")
    assert [f.text for f in r.findings] == ["Đoàn đề nghị UBND tỉnh rà soát các nguồn quỹ"]


def test_a_photo_caption_with_its_credit_in_brackets_is_no_finding():
    r = ex("Qua kiểm tra, Phòng GD-ĐT phát hiện 2 trường thu sai quy định.\n"
           "Trường THCS Trưng Vương, nơi phát hiện việc thu sai quy định trong đầu năm học (Ảnh: CTV).\n")
    assert not [f for f in r.findings if "Trưng Vương" in f.text]


@pytest.mark.parametrize("text, kind", [
    ("Tăng cường củng cố tổ chức Hội và phát triển hội viên ở các chi hội.", "recommendation"),
    ("Tiếp tục thực hiện tốt công tác tiếp công dân, tiếp xúc cử tri theo luật định.", "recommendation"),
    ("Qua kiểm tra chưa phát hiện tiêu cực ở các xã được kiểm tra.", "strength"),
    ("Tỉnh Thái Bình không có vi phạm nghiêm trọng trong thực hiện các quy định của pháp luật.", "strength"),
    ("Cơ quan hải quan đã lập biên bản, tạm giữ toàn bộ tang vật và phương tiện vi phạm.", "recommendation"),
    ("Các hoạt động giám sát được triển khai theo đúng quy định, đảm bảo tiến độ và yêu cầu đề ra.", "strength"),
    ("Hoạt động của Ban Thanh tra nhân dân đã góp phần hạn chế các sai phạm, mang lại hiệu quả thiết thực.", "strength"),
    ("Đoàn đã làm rõ những tồn tại, bất cập và đánh giá cao kết quả thực hiện của đơn vị.", "strength"),
    ("Công tác vay vốn đã góp phần khích lệ thanh niên trong huyện tham gia khởi nghiệp, lập nghiệp.", "strength"),
    ("Qua kiểm tra, Đoàn đã nhắc nhở các cơ sở chấp hành đúng quy định về an toàn thực phẩm.", "recommendation"),
    ("Nước thải của doanh nghiệp có tổng nitơ vượt 4,35 lần so với Quy chuẩn kỹ thuật quốc gia.", "limitation"),
    ("Năng lực chỉ đạo, điều hành của cấp ủy được nâng cao, cơ bản đáp ứng được yêu cầu, nhiệm vụ.", "strength"),
    ("Kiên quyết xử lý nghiêm những tập thể, cá nhân cố ý để xảy ra sai phạm.", "recommendation"),
    # what will be done is asked for, whatever the cues say
    ("HĐND huyện cũng sẽ phối hợp, chỉ đạo thực hiện tốt công tác bầu cử đại biểu các cấp.", "recommendation"),
    ("Cơ sở vật chất được bố trí theo nguyên tắc một chiều, đảm bảo sạch sẽ, thoáng mát.", "strength"),
    # what will befall someone, on a condition, is no request
    ("Một số cơ sở chưa niêm yết giá bán, nếu tái phạm sẽ bị xử phạt nặng hơn.", "limitation"),
])
def test_directives_faultless_results_and_seizures_have_their_kinds(text, kind):
    assert [k for k, _ in kinds(text)] == [kind]


def test_a_directive_opening_a_sentence_of_results_leaves_the_parts_after_it_their_own_kind():
    got = kinds("Tiếp tục chỉ đạo các giải pháp nâng cao chất lượng hoạt động đoàn cấp cơ sở; công tác thu hút "
                "thanh niên vào tổ chức tiếp tục được quan tâm thực hiện có hiệu quả.")
    assert [k for k, _ in got] == ["recommendation", "strength"]


def test_a_caption_ending_with_its_photographer_is_no_finding():
    r = ex("Qua kiểm tra, Công an huyện đã tạm đình chỉ hoạt động 11 quán karaoke.\n"
           "Lực lượng chức năng kiểm tra công tác PCCC tại một quán karaoke có hiệu quả. Ảnh: Tuệ Mẫn\n")
    assert not [f for f in r.findings if "PCCC" in f.text]


def test_a_sentence_opening_with_the_instruction_it_carries_out_is_no_finding():
    r = ex("Thực hiện ý kiến chỉ đạo của đồng chí Chủ tịch HĐND tỉnh, Ban Văn hóa - Xã hội HĐND tỉnh đã giám sát "
           "tại huyện Nậm Nhùn và đánh giá cao kết quả đạt được.")
    assert not [f for f in r.findings if f.text.startswith("Thực hiện ý kiến chỉ đạo")]


@pytest.mark.parametrize("text, unit", [
    ("Đoàn đến khảo sát 01 CĐCS trực thuộc Liên đoàn Lao động huyện.", "CĐCS"),
    ("Hộ có 5 nhân khẩu trở lên được nhận 1.100.000 đồng.", "nhân khẩu"),
    ("Đoàn đã xử phạt hành chính 5 tàu cá tàng trữ công cụ kích điện.", "tàu cá tàng trữ"),
])
def test_a_figures_unit_does_not_end_inside_a_word_of_two_syllables(text, unit):
    assert unit in [f.unit for f in ex(text).figures]


def test_a_clause_whose_subject_is_counted_is_a_point_of_its_own():
    got = kinds("Qua giám sát, 12 chỉ tiêu kinh tế đã đạt và vượt kế hoạch, 03 chỉ tiêu xã hội đạt trên 90% kế "
                "hoạch đề ra.")
    assert [t for _, t in got] == ["Qua giám sát, 12 chỉ tiêu kinh tế đã đạt và vượt kế hoạch",
                                   "03 chỉ tiêu xã hội đạt trên 90% kế hoạch đề ra"]


def test_a_clause_after_the_tail_of_a_list_is_a_point_of_its_own_but_not_one_inside_an_address():
    got = kinds("Qua kiểm tra, cơ sở vật chất còn nhiều hạng mục chưa được nâng cấp, sửa chữa, trang thiết bị cung "
                "cấp chưa đầy đủ cho việc giảng dạy.")
    assert [t for _, t in got] == ["Qua kiểm tra, cơ sở vật chất còn nhiều hạng mục chưa được nâng cấp, sửa chữa",
                                   "trang thiết bị cung cấp chưa đầy đủ cho việc giảng dạy"]
    got = kinds("Qua kiểm tra, bà Đoàn Thị C bán lẻ thuốc tại số nhà 524, phố Lý Bôn, tỉnh Hưng Yên không có chứng "
                "chỉ hành nghề dược.")
    assert len(got) == 1


def test_a_sentence_opening_with_the_order_it_carries_out_states_the_point_of_its_main_clause():
    got = kinds("Thực hiện Nghị quyết Đại hội Đảng bộ các cấp, Đảng ủy thị trấn Bố Hạ đã ban hành kế hoạch hành động "
                "và tổ chức quán triệt nghị quyết có hiệu quả.")
    assert got == [("strength", "Đảng ủy thị trấn Bố Hạ đã ban hành kế hoạch hành động và tổ chức quán triệt nghị "
                                "quyết có hiệu quả")]
    assert kinds("Thực hiện Kế hoạch số 12-KH/TĐTN ngày 5/3/2024 của Ban Thường vụ Tỉnh đoàn về kiểm tra công tác "
                 "Đoàn năm 2024.") == []


def test_a_topics_label_and_a_document_sites_notice_are_no_findings():
    r = ex("Đoàn kiểm tra làm việc với UBND xã về công tác an toàn thực phẩm.\n"
           "Đối với các thôn trên địa bàn xã:\n"
           "Bạn đang xem bản rút gọn của tài liệu. Xem và tải ngay bản đầy đủ của tài liệu tại đây (156.1 KB, 14 trang )\n")
    assert not [f for f in r.findings if f.text.startswith(("Đối với", "Bạn đang xem", "Xem và tải"))]


def test_the_team_assessing_the_conditions_is_work_not_a_finding():
    assert kinds("Đoàn công tác đã tiến hành kiểm tra, đánh giá các điều kiện của nhà trường theo 5 tiêu chuẩn "
                 "trường đạt chuẩn quốc gia mức độ I.") == []
    assert kinds("Đoàn kiểm tra đánh giá cao các điều kiện của nhà trường theo tiêu chuẩn trường đạt chuẩn quốc gia.")


def test_the_turn_of_a_contrast_is_a_point_of_its_own_kind():
    got = kinds("Qua kiểm tra, địa phương đã triển khai thực hiện tốt kế hoạch chiến dịch diệt lăng quăng trên địa "
                "bàn xã, tuy nhiên kiểm tra các cơ sở thu mua ve chai, vỏ xe vẫn còn phát hiện có lăng quăng.")
    assert [k for k, _ in got] == ["strength", "limitation"]


def test_what_the_work_will_do_is_announced_not_found():
    assert kinds("Theo kế hoạch, công tác kiểm tra an toàn thực phẩm sẽ duy trì từ ngày 26/1 đến hết ngày 20/3 trên "
                 "phạm vi toàn phường, tập trung vào các nhóm thực phẩm tiêu dùng nhiều.") == []


def test_a_request_after_the_shortcoming_it_answers_is_a_point_of_its_own():
    got = kinds("Tuy nhiên, trong quá trình thi công lề hai bên đường có đoạn chưa được thẳng, đề nghị đơn vị sửa "
                "chữa ngay trong tháng.")
    assert [k for k, _ in got] == ["limitation", "recommendation"]
    got = kinds("Qua kiểm tra, đoàn phát hiện 41 doanh nghiệp vi phạm quy định về an toàn lao động và đề nghị UBND "
                "quận xử phạt theo quy định.")
    assert [k for k, _ in got] == ["limitation", "recommendation"]


@pytest.mark.parametrize("text, role", [
    ("Tham gia đoàn có bà Vũ Thị Huyền, Trưởng Ban Văn hóa - Xã hội HĐND tỉnh.", "Trưởng Ban Văn hóa - Xã hội HĐND tỉnh"),
    ("Dự buổi làm việc có ông Nguyễn Văn Bình, Phó Bí thư Huyện ủy – Chủ tịch HĐND huyện.",
     "Phó Bí thư Huyện ủy – Chủ tịch HĐND huyện"),
])
def test_a_role_goes_on_after_a_dash_with_a_departments_second_half_or_a_second_office(text, role):
    assert [p.role for p in ex(text).people] == [role]


@pytest.mark.parametrize("text, points", [
    # the clause after the comma has a counted subject: a point of its own, of the same kind
    ("Qua kiểm tra, đã phát hiện 07 chi đoàn sinh hoạt không đúng định kỳ, 03 chi đoàn thu, nộp đoàn phí chưa"
     " đúng quy định.",
     [("limitation", "Qua kiểm tra, đã phát hiện 07 chi đoàn sinh hoạt không đúng định kỳ"),
      ("limitation", "03 chi đoàn thu, nộp đoàn phí chưa đúng quy định")]),
    # its own subject and predicate and no cue of its own: it takes the kind of the clause before
    ("Qua giám sát cho thấy các phương tiện bảo hộ lao động được trang bị đầy đủ, người lao động được thực hiện"
     " chế độ ăn ca.",
     [("strength", "Qua giám sát cho thấy các phương tiện bảo hộ lao động được trang bị đầy đủ"),
      ("strength", "người lao động được thực hiện chế độ ăn ca")]),
])
def test_a_clause_with_its_own_subject_after_a_comma_is_a_point_of_the_kind_before(text, points):
    assert kinds(text) == points


@pytest.mark.parametrize("text, points", [
    ("Tại buổi phúc tra, Đoàn đã chỉ ra những hạn chế, khuyết điểm mà các CĐCS mắc phải.", []),
    ("Các thành viên trong đoàn kiểm tra cũng chỉ ra những hạn chế, tồn tại của các đơn vị.", []),
    ("Phát biểu tại các đơn vị, Trưởng đoàn kiểm tra ghi nhận và đánh giá cao những kết quả đạt được trong năm 2023.",
     []),
    # which shortcomings, the list after "như" says
    ("Đoàn đã chỉ ra những hạn chế của đơn vị như chưa lập sổ theo dõi đoàn viên, sinh hoạt chưa đều.",
     [("limitation", "Đoàn đã chỉ ra những hạn chế của đơn vị như chưa lập sổ theo dõi đoàn viên, sinh hoạt chưa"
                     " đều")]),
    # which shortcomings, it says
    ("Đoàn giám sát đã chỉ ra một số hạn chế yếu kém trong công tác tiếp dân của một số xã.",
     [("limitation", "Đoàn giám sát đã chỉ ra một số hạn chế yếu kém trong công tác tiếp dân của một số xã")]),
])
def test_shortcomings_pointed_out_without_saying_which_are_no_finding(text, points):
    assert kinds(text) == points


@pytest.mark.parametrize("text, points", [
    ("Tại buổi giám sát, Đoàn đã nghe lãnh đạo UBND xã báo cáo kết quả thực hiện việc tiếp công dân.", []),
    ("Tại cuộc giám sát, các thành viên trong Đoàn giám sát đã trao đổi, làm rõ thêm một số bất cập, hạn chế"
     " trong công tác tiếp công dân.", []),
    # what was reported follows the report
    ("Tại buổi làm việc, Bí thư Huyện đoàn báo cáo: 9 tháng đầu năm, Huyện đoàn đã kết nạp 312 đoàn viên mới,"
     " đạt 104% chỉ tiêu.", [("strength", "Tại buổi làm việc, Bí thư Huyện đoàn báo cáo: 9 tháng đầu năm, Huyện đoàn"
                                          " đã kết nạp 312 đoàn viên mới, đạt 104% chỉ tiêu")]),
])
def test_how_the_session_went_is_no_finding_but_what_it_heard_may_be(text, points):
    assert kinds(text) == points


@pytest.mark.parametrize("text, points", [
    # strengths and shortcomings pointed out, and "to be remedied", without saying which
    ("Qua kiểm tra, Đoàn đã nhìn nhận một cách khách quan và chỉ ra những mặt thôn đã làm được và những mặt còn"
     " tồn tại.", []),
    ("Đoàn ghi nhận kết quả công tác của chi bộ, đồng thời cũng chỉ ra một số tồn tại, hạn chế cần khắc phục.", []),
    # results praised, saying only whose
    ("Phát biểu kết luận hội nghị, ông Nguyễn Đình Khánh biểu dương kết quả đạt được của hoạt động UBKT CĐ các cấp"
     " trong 6 tháng qua.", []),
    # what the team itself will do, and the motto of its method
    ("Qua kiểm tra, đoàn sẽ đánh giá những việc làm được, chưa làm được, những ưu điểm, hạn chế, khuyết điểm.", []),
    ("Theo đó, từ ngày 24/10 - 26/10/2018, Đoàn giám sát của Ban Văn hóa - Xã hội Hội đồng nhân dân tỉnh sẽ tiến"
     " hành khảo sát thực tế tại chợ Tịnh Biên.", []),
    ("Với phương châm “giám sát phải mở rộng”, “kiểm tra phải có trọng tâm, trọng điểm”, Ủy ban Kiểm tra đã chủ"
     " động giám sát.", []),
    # a request's word used as a noun: a petition, the contents asked for
    ("Sau khi kiểm tra các nội dung yêu cầu mà đoàn đã gửi trước cho Hội CCB phường.", []),
    # the units' answer that they will carry the requests out stays a request
    ("Đoàn đề nghị Hội CCB phường sẽ tiếp tục rà soát, bổ sung hồ sơ hội viên.",
     [("recommendation", "Đoàn đề nghị Hội CCB phường sẽ tiếp tục rà soát, bổ sung hồ sơ hội viên")]),
])
def test_what_the_team_will_do_or_pointed_out_without_saying_which_is_no_finding(text, points):
    assert kinds(text) == points


def test_a_petition_is_no_request():
    found = kinds("Ban Kiểm tra các cấp đã nhận 73 đơn, gồm 11 đơn khiếu nại về kỷ luật và xóa tên hội viên, 62 đơn"
                  " đề nghị giúp đỡ bảo vệ quyền lợi về đất đai.")
    assert found == []


def test_a_photos_number_after_a_dash_makes_its_line_a_caption():
    text = ("Thanh tra tỉnh kết luận thanh tra tại huyện A\n\nChủ động giải quyết đơn thư khiếu tố của người lao động"
            " - Ảnh 1.\n\nQua thanh tra, Thanh tra tỉnh chỉ ra việc chi trả chế độ chưa đúng quy định.")
    assert kinds(text) == [("limitation", "Qua thanh tra, Thanh tra tỉnh chỉ ra việc chi trả chế độ chưa đúng quy định")]


@pytest.mark.parametrize("text, role", [
    # the role ends before what the person does, in lower case
    ("Bà Bùi Phi Long - Trưởng ban Văn hoá – Xã hội đánh giá cao sự cố gắng của toàn thể cán bộ.",
     "Trưởng ban Văn hoá – Xã hội"),
    ("Đồng chí Trần Thị Hiền, Ủy viên Ủy ban Kiểm tra Trung ương công bố kết quả kiểm tra.",
     "Ủy viên Ủy ban Kiểm tra Trung ương"),
    # and before a part after a comma that goes on with the sentence, not with the person's offices
    ("Theo ông Nguyễn Hưng Vượng, Ủy viên Ban Thường vụ, Chủ nhiệm Ủy ban Kiểm tra Tỉnh ủy Tuyên Quang, điểm mới nổi"
     " bật là sự chuyển trạng thái.", "Ủy viên Ban Thường vụ, Chủ nhiệm Ủy ban Kiểm tra Tỉnh ủy Tuyên Quang"),
    # a member and a secretary of the team are offices in lower case
    ("Tham gia đoàn có ông Huỳnh Công Danh, Phó Chủ nhiệm UBKT Tỉnh đoàn, thành viên; bà Cao Thị Kim Ngân.",
     "Phó Chủ nhiệm UBKT Tỉnh đoàn, thành viên"),
    # a former holder of the title
    ("Thanh tra tỉnh kết luận nguyên Chủ tịch UBND tỉnh Tiền Giang Nguyễn Văn Khang đã tiếp công dân chưa đủ.",
     "nguyên Chủ tịch UBND tỉnh Tiền Giang"),
])
def test_a_role_ends_where_the_sentence_goes_on(text, role):
    assert ex(text).people[0].role == role


@pytest.mark.parametrize("text, kind", [
    # shortcomings already dealt with: a result
    ("Qua kiểm tra, đoàn đã kịp thời chấn chỉnh, khắc phục những hạn chế, khó khăn vướng mắc của cấp cơ sở.",
     "strength"),
    # no complaint, no member breaking the law: a result
    ("Qua giám sát, Hội không có đơn thư khiếu kiện, không có hội viên vi phạm pháp luật.", "strength"),
    # a target to strive for: a request
    ("Qua kiểm tra, Đoàn đề ra chỉ tiêu: phấn đấu giám sát 100% tổ chức Hội cấp dưới trực tiếp.", "recommendation"),
])
def test_a_shortcoming_dealt_with_or_none_found_is_a_result_and_a_target_a_request(text, kind):
    assert [k for k, _ in kinds(text)] == [kind]


@pytest.mark.parametrize("text", [
    "Qua kiểm tra, UBKT Thành ủy thi hành kỷ luật 1 TCĐ và 1 ĐV.",
    "Qua kiểm tra, Ban Thường vụ Thành ủy kỷ luật khiển trách 1 ĐV.",
])
def test_discipline_counted_is_the_works_output_no_finding(text):
    assert kinds(text) == []



@pytest.mark.parametrize("text, kind", [
    # "hạn chế tối đa": kept to a minimum, a result
    ("Qua kiểm tra, các xã đã thực hiện tốt công tác tiếp nhận, giải quyết thủ tục hành chính, hạn chế tối đa hồ sơ"
     " quá hạn.", "strength"),
    # no sign of hoarding found: a result
    ("Qua kiểm tra thực tế tại các cửa hàng, đoàn xác định bồn chứa đã cạn, không có hiện tượng găm hàng, trục lợi.",
     "strength"),
])
def test_a_shortcoming_kept_to_a_minimum_or_not_found_is_a_result(text, kind):
    assert [k for k, _ in kinds(text)] == [kind]


@pytest.mark.parametrize("text, role", [
    # "và" before a capitalised word goes on with the office's name
    ("Mới đây, ông Lê Vũ Tuấn Anh, Chánh Thanh tra Bộ Tài nguyên và Môi trường vừa ký kết luận thanh tra.",
     "Chánh Thanh tra Bộ Tài nguyên và Môi trường"),
    # "và" before a lower-case word ends it, as does a verb of the work
    ("Đồng chí Đào Ngọc Bích, Phó Chủ tịch HĐND huyện Tân Hồng giám sát tiến độ thi công các công trình.",
     "Phó Chủ tịch HĐND huyện Tân Hồng"),
])
def test_a_role_goes_on_over_and_before_a_name_and_ends_at_the_works_verb(text, role):
    assert ex(text).people[0].role == role


@pytest.mark.parametrize("text, people", [
    # the verbs of the work inside the team's name
    ("Ông Nguyễn Văn An, Trưởng đoàn kiểm tra liên ngành đã làm việc với xã.",
     [("Nguyễn Văn An", "Trưởng đoàn kiểm tra liên ngành")]),
    ("Bà Lê Thị Hoa, Trưởng ban giám sát đầu tư cộng đồng xã phát biểu.",
     [("Lê Thị Hoa", "Trưởng ban giám sát đầu tư cộng đồng xã")]),
    # a second office after ", kiêm"
    ("Ông Trần Văn Bình, Bí thư Tỉnh ủy, kiêm Chủ tịch HĐND tỉnh phát biểu.",
     [("Trần Văn Bình", "Bí thư Tỉnh ủy, kiêm Chủ tịch HĐND tỉnh")]),
    # "và" before an organization joins the sentence's subjects, not the person's offices
    ("Ông Phạm Văn Cường, Giám đốc Sở Y tế và Đoàn công tác đã làm việc.", [("Phạm Văn Cường", "Giám đốc Sở Y tế")]),
    # titles in lower case, read from the data
    ("Tham gia đoàn có ông Huỳnh Công Danh, thành viên; bà Cao Thị Kim Ngân, thư ký.",
     [("Huỳnh Công Danh", "thành viên"), ("Cao Thị Kim Ngân", "thư ký")]),
    # a role before a name holds no other person
    ("Dự có ông Trần Văn Bình, thư ký đoàn và bà Lê Thị Hoa.", [("Trần Văn Bình", "thư ký đoàn"), ("Lê Thị Hoa", None)]),
    # "giữ nguyên": kept, not former
    ("Tỉnh ủy quyết định giữ nguyên Bí thư Huyện ủy Nguyễn Văn An.", [("Nguyễn Văn An", "Bí thư Huyện ủy")]),
])
def test_a_role_is_read_over_the_teams_name_a_second_office_and_titles_in_lower_case(text, people):
    assert [(p.name, p.role) for p in ex(text).people] == people


@pytest.mark.parametrize("text, kind", [
    # a request that the team's sentence carries is no announcement of the team's work
    ("Đoàn kiểm tra đề nghị UBND xã Tân Phú trong thời gian tới sẽ tập trung khắc phục các hạn chế.", "recommendation"),
    # the nouns of "no complaint" only right after the negation: lacking an answer to a complaint is a shortcoming
    ("Qua kiểm tra, UBND xã chưa có văn bản trả lời đơn thư của công dân.", "limitation"),
    ("Qua kiểm tra, xã chưa có kết quả giải quyết khiếu nại của 5 hộ dân.", "limitation"),
    # striving without a target is praise
    ("Qua kiểm tra, Chi bộ luôn nỗ lực, phấn đấu hoàn thành nhiệm vụ.", "strength"),
    # a request's word used as a noun, capitalised or after "đơn thư"
    ("Nội dung yêu cầu đã được đơn vị chuẩn bị đầy đủ.", "strength"),
    ("Qua giám sát, xã đã tiếp nhận 15 đơn thư kiến nghị của công dân, giải quyết đạt kết quả tốt.", "strength"),
])
def test_the_kind_cues_of_the_round_stay_within_what_they_say(text, kind):
    assert [k for k, _ in kinds(text)] == [kind]

"""Synthetic inspection records: many distinct, deterministic reports with every field filled, for
the search tests and the search benchmarks (bench/bench_elastic.py, bench/bench_web.py), which load
them without running the extractor."""
from __future__ import annotations

import hashlib
import random

from ingest.document import Document
from nlp.record import DateItem, Figure, Finding, Mention, Person, Record, Reference

PROVINCES = ["Ninh Bình", "Đà Nẵng", "Trà Vinh", "Hà Nội", "Nghệ An", "Thanh Hóa", "Quảng Nam", "Cần Thơ",
             "Lâm Đồng", "Bắc Giang", "Thái Bình", "Hải Phòng", "Đồng Nai", "Bến Tre", "Sóc Trăng",
             "Kiên Giang", "Phú Yên", "Quảng Ngãi", "Hà Tĩnh", "Yên Bái", "Lào Cai", "Điện Biên"]
DISTRICTS = ["Yên Khánh", "Tiểu Cần", "Cầu Kè", "Hòa Vang", "Sơn Trà", "Kim Sơn", "Gia Viễn", "Châu Thành",
             "Duyên Hải", "Càng Long", "Nam Đàn", "Diễn Châu", "Thọ Xuân", "Điện Bàn", "Núi Thành", "Bảo Lộc",
             "Hoa Lư", "Nho Quan", "Tam Điệp", "Cẩm Lệ", "Liên Chiểu", "Trà Cú", "Cầu Ngang", "Quỳnh Lưu",
             "Hưng Nguyên", "Tĩnh Gia", "Thăng Bình", "Phong Điền", "Ô Môn", "Đức Trọng"]
UNIT_KINDS = ["Huyện đoàn", "Thị đoàn", "Thành đoàn", "Đoàn Thanh niên Công an huyện", "Đoàn trường THPT",
              "Đoàn xã", "Đoàn phường"]
BODY_KINDS = ["Ban Thường vụ Tỉnh đoàn", "Ủy ban Kiểm tra Tỉnh đoàn", "Ban Thường vụ Thành Đoàn",
              "Ủy ban Kiểm tra Thành Đoàn", "Đoàn kiểm tra số {k} của Tỉnh đoàn"]
TASKS = ["công tác Đoàn và phong trào thanh thiếu nhi", "công tác kiểm tra, giám sát của Đoàn",
         "việc thực hiện Điều lệ Đoàn", "công tác phát triển đoàn viên mới", "việc thu, nộp và quản lý đoàn phí",
         "công tác tổ chức Đại hội Đoàn các cấp", "việc triển khai phần mềm Quản lý đoàn viên",
         "công tác tuyên truyền, giáo dục lý tưởng cách mạng", "phong trào thanh niên tình nguyện",
         "việc thực hiện Nghị quyết Đại hội Đoàn toàn quốc", "công tác quản lý hồ sơ, sổ sách chi đoàn"]
STRENGTHS = ["đơn vị đã hoàn thành tốt Đại hội Đoàn các cấp nhiệm kỳ 2022-2027 theo tiến độ",
             "công tác tuyên truyền được triển khai kịp thời, nội dung phong phú, hình thức đa dạng",
             "các cấp bộ đoàn đã chủ động bám sát sự chỉ đạo của cấp ủy địa phương",
             "việc cập nhật thông tin đoàn viên trên phần mềm được thực hiện đầy đủ, chính xác",
             "hồ sơ, sổ sách được lưu trữ khoa học, đúng quy định",
             "phong trào thanh niên tình nguyện thu hút đông đảo đoàn viên tham gia"]
LIMITATIONS = ["việc sinh hoạt chi đoàn ở nhiều cơ sở không đảm bảo theo quy định",
               "việc triển khai phần mềm Quản lý đoàn viên còn chậm, số liệu chưa cập nhật đầy đủ",
               "một số chi đoàn chưa xây dựng kế hoạch kiểm tra, giám sát năm",
               "công tác thu, nộp đoàn phí ở một số cơ sở chưa kịp thời",
               "chất lượng sinh hoạt chi đoàn chưa cao, nội dung còn đơn điệu",
               "hồ sơ kiểm tra chưa được lưu trữ đầy đủ"]
RECOMMENDATIONS = ["khắc phục hạn chế trong quản lý đoàn viên",
                   "tăng cường công tác kiểm tra, giám sát đối với tổ chức Đoàn cơ sở",
                   "hoàn thiện hồ sơ, sổ sách theo đúng hướng dẫn",
                   "đẩy mạnh ứng dụng công nghệ thông tin trong quản lý đoàn viên",
                   "nâng cao chất lượng sinh hoạt chi đoàn định kỳ"]
FILLERS = ["Buổi làm việc diễn ra trong không khí cởi mở, thẳng thắn và trách nhiệm.",
           "Đoàn kiểm tra đã nghe báo cáo, kiểm tra hồ sơ, sổ sách và trao đổi trực tiếp với cán bộ đoàn cơ sở.",
           "Trong quá trình triển khai, các nội dung được cụ thể hóa cho phù hợp với tình hình thực tế.",
           "Các nội dung triển khai được cấp cơ sở quan tâm thực hiện và đạt được những kết quả nhất định.",
           "Thông qua đợt kiểm tra, đơn vị đã nhận thức rõ hơn vai trò của công tác kiểm tra, giám sát.",
           "Đoàn kiểm tra ghi nhận những nỗ lực của tập thể Ban Chấp hành trong thời gian qua."]
PEOPLE = [("Trần Trí Cường", "Bí thư Tỉnh đoàn"), ("Nguyễn Thị Hương", "Phó Bí thư Tỉnh đoàn"),
          ("Lê Văn Nam", "Chủ nhiệm Ủy ban Kiểm tra"), ("Phạm Minh Tuấn", "Bí thư Huyện đoàn"),
          ("Võ Thị Lan", "Trưởng Ban Tổ chức")]
FIGURE_UNITS = ["đoàn viên ưu tú", "chi đoàn", "cơ sở đoàn", "đoàn viên mới", "công trình thanh niên"]
REF_TYPES = [("Kế hoạch", "KH"), ("Hướng dẫn", "HD"), ("Chỉ thị", "CT"), ("Nghị quyết", "NQ"),
             ("Thông báo", "TB")]
FORMATS = ["txt", "html", "pdf", "docx"]


def synthetic_records(n: int, seed: int = 7) -> list[Record]:
    """``n`` deterministic, distinct inspection reports (about 1.5 KB of text each)."""
    rnd = random.Random(seed)
    return [_report(rnd, i) for i in range(n)]


def _report(rnd: random.Random, i: int) -> Record:
    province = rnd.choice(PROVINCES)
    year = rnd.randint(2019, 2025)
    month, day = rnd.randint(1, 12), rnd.randint(1, 28)
    activity = rnd.choice(["kiểm tra", "giám sát"])
    body = rnd.choice(BODY_KINDS).format(k=rnd.randint(1, 9)) + " " + province
    units = [f"{rnd.choice(UNIT_KINDS)} {d}" for d in rnd.sample(DISTRICTS, rnd.choice([1, 1, 2, 3]))]
    if rnd.random() < 0.05:  # the same unit written differently: same facet key, another value
        units[0] = units[0][0].lower() + units[0][1:]
    task = rnd.choice(TASKS)
    rtype, rsym = rnd.choice(REF_TYPES)
    rnum = rnd.randint(1, 450)
    ref_date = f"{year}-{max(1, month - 1):02d}-{day:02d}"
    ref_text = f"{rtype} số {rnum}-{rsym}/TĐTN-KT, ngày {day:02d}/{max(1, month - 1)}/{year}"
    date_text = f"{day:02d}/{month}/{year}"
    person, role = rnd.choice(PEOPLE)
    fig_n = rnd.randint(2, 300)
    fig_unit = rnd.choice(FIGURE_UNITS)
    fig_text = f"{fig_n} {fig_unit}"
    strength = rnd.choice(STRENGTHS)
    limitation = rnd.choice(LIMITATIONS) if rnd.random() < 0.7 else None
    recommendation = rnd.choice(RECOMMENDATIONS) if rnd.random() < 0.6 else None

    parts = [f"Ngày {date_text}, {body} đã tiến hành {activity} {task} năm {year} tại {', '.join(units)} "
             f"theo {ref_text} của {body}."]
    parts += rnd.sample(FILLERS, 2)
    parts.append(f"Qua {activity} cho thấy {strength}; toàn đơn vị đã giới thiệu {fig_text} cho Đảng xem xét.")
    if limitation:
        parts.append(f"Tuy nhiên, {limitation}.")
    parts += rnd.sample(FILLERS, 2)
    if recommendation:
        parts.append(f"Đề nghị {units[0]} {recommendation}.")
    parts.append(f"Đồng chí {person}, {role} phát biểu ghi nhận và chỉ đạo các nhiệm vụ trọng tâm thời gian tới.")
    parts.append(rnd.choice(FILLERS))
    text = "\n".join(parts)
    title = f"{body} {activity} {units[0]} về {task} năm {year}"

    def span(s: str) -> tuple[int, int]:
        k = text.find(s)
        return (k, k + len(s)) if k >= 0 else (0, 0)

    sha = hashlib.sha256(f"{i}\n{text}".encode()).hexdigest()
    fmt = rnd.choice(FORMATS)
    doc = Document(source=f"synthetic/{province}/{i:06d}.{fmt}", sha256=sha, format=fmt, text=text)
    findings = [Finding("strength", strength, span(strength))]
    if limitation:
        findings.append(Finding("limitation", limitation, span(limitation)))
    if recommendation:
        findings.append(Finding("recommendation", f"Đề nghị {units[0]} {recommendation}",
                                span(f"Đề nghị {units[0]} {recommendation}")))
    return Record(
        document=doc, title=title, published=f"{year}-{month:02d}-{day:02d}" if rnd.random() < 0.7 else None,
        activity=(Mention(activity, span(activity)),),
        inspecting_bodies=(Mention(body, span(body)),),
        inspected_units=tuple(Mention(u, span(u)) for u in units),
        organizations=tuple(Mention(o, span(o)) for o in (body, *units)),
        references=(Reference(ref_text, rtype, str(rnum), f"{rsym}/TĐTN-KT", ref_date, body, span(ref_text)),),
        dates=(DateItem(ref_text[-10:].strip(", "), ref_date, None, span(ref_text)),
               DateItem(date_text, f"{year}-{month:02d}-{day:02d}", None, span(date_text))),
        people=(Person(person, role, span(person)),),
        figures=(Figure(fig_text, fig_n, fig_unit, span(fig_text)),),
        findings=tuple(findings),
    )

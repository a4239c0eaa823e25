"""Hand-made records for the backend contract suite (independent of the extractor)."""
from __future__ import annotations

import hashlib

from ingest.document import Document
from nlp.record import DateItem, Figure, Finding, Mention, Record, Reference


def make_record(source: str, text: str, *, title=None, published=None, fmt="txt", units=(), bodies=(),
                refs=(), findings=(), activity=(), dates=(), figures=()) -> Record:
    doc = Document(source=source, sha256=hashlib.sha256(text.encode()).hexdigest(), format=fmt, text=text)

    def span(s):
        i = text.find(s)
        return (i, i + len(s)) if i >= 0 else (0, 0)

    return Record(
        document=doc, title=title, published=published,
        inspected_units=tuple(Mention(u, span(u)) for u in units),
        inspecting_bodies=tuple(Mention(b, span(b)) for b in bodies),
        organizations=tuple(Mention(u, span(u)) for u in (*bodies, *units)),
        activity=tuple(Mention(a, span(a)) for a in activity),
        references=tuple(Reference(t, typ, n, s, d, None, span(t)) for t, typ, n, s, d in refs),
        findings=tuple(Finding(k, f, span(f)) for k, f in findings),
        dates=tuple(DateItem(t, v, None, span(t)) for t, v in dates),
        figures=tuple(Figure(t, v, u, span(t)) for t, v, u in figures),
    )


CORPUS = [
    make_record(
        "a/danang.txt",
        "Thực hiện Kế hoạch số 383-KH/UBKT ngày 28/4/2022 của Ủy ban Kiểm tra Thành Đoàn, ngày 08/7/2022, "
        "Ủy ban Kiểm tra tổ chức giám sát chuyên đề đối với Đoàn TN Tổng Công ty Điện lực Miền Trung. "
        "Việc triển khai phần mềm Quản lý đoàn viên còn chậm, số liệu chưa cập nhật đầy đủ.",
        title="Ủy ban Kiểm tra Thành Đoàn Đà Nẵng tổ chức giám sát định kỳ năm 2022",
        published=None, units=("Đoàn TN Tổng Công ty Điện lực Miền Trung",),
        bodies=("Ủy ban Kiểm tra Thành Đoàn",), activity=("giám sát",),
        refs=(("Kế hoạch số 383-KH/UBKT", "Kế hoạch", "383", "KH/UBKT", "2022-04-28"),),
        findings=(("limitation", "Việc triển khai phần mềm Quản lý đoàn viên còn chậm"),),
        dates=(("28/4/2022", "2022-04-28"), ("08/7/2022", "2022-07-08")),
    ),
    make_record(
        "b/ninhbinh.html",
        "Sáng 04/6/2022, Ban Thường vụ Tỉnh đoàn đã tiến hành kiểm tra công tác Đoàn tại Huyện đoàn Yên Khánh "
        "theo Kế hoạch số 261- KH/TĐTN-XDĐ. Toàn huyện giới thiệu 19 đoàn viên ưu tú cho Đảng. Qua kiểm tra cho thấy đơn vị đã hoàn thành tốt Đại hội Đoàn các cấp. "
        "Đề nghị Huyện đoàn Yên Khánh khắc phục hạn chế trong quản lý đoàn viên.",
        title="Tỉnh đoàn Ninh Bình kiểm tra Huyện đoàn Yên Khánh", published="2022-06-04", fmt="html",
        units=("Huyện đoàn Yên Khánh",), bodies=("Ban Thường vụ Tỉnh đoàn Ninh Bình",), activity=("kiểm tra",),
        refs=(("Kế hoạch số 261- KH/TĐTN-XDĐ", "Kế hoạch", "261", "KH/TĐTN-XDĐ", None),),
        findings=(("strength", "đơn vị đã hoàn thành tốt Đại hội Đoàn các cấp"),
                  ("recommendation", "Đề nghị Huyện đoàn Yên Khánh khắc phục hạn chế trong quản lý đoàn viên")),
        dates=(("04/6/2022", "2022-06-04"),),
        figures=(("19 đoàn viên ưu tú", 19, "đoàn viên ưu tú"),),
    ),
    make_record(
        "c/travinh.pdf",
        "Từ ngày 02/11 đến ngày 10/11/2023, Ban Thường vụ Tỉnh đoàn kiểm tra 11/11 Huyện, Thị, Thành đoàn. "
        "Đoàn kiểm tra làm việc tại Huyện đoàn Tiểu Cần và Huyện đoàn Cầu Kè, nơi có 25 đoàn viên ưu tú. Phần mềm quản lý đoàn viên "
        "được cập nhật đầy đủ.",
        title="TRÀ VINH: THỰC HIỆN KIỂM TRA CÔNG TÁC ĐOÀN NĂM 2023", published="2024-06-20", fmt="pdf",
        units=("Huyện đoàn Tiểu Cần", "Huyện đoàn Cầu Kè"), bodies=("Ban Thường vụ Tỉnh đoàn Trà Vinh",),
        activity=("kiểm tra",),
        findings=(("strength", "Phần mềm quản lý đoàn viên được cập nhật đầy đủ"),),
        dates=(("10/11/2023", "2023-11-10"),),
        figures=(("11/11 Huyện, Thị, Thành đoàn", 11, "Huyện, Thị, Thành đoàn"),
                 ("25 đoàn viên ưu tú", 25, "đoàn viên ưu tú")),
    ),
    make_record(
        "d/script.txt",
        "Tiêu đề <script>alert('x')</script> và công thức =HYPERLINK(\"http://x\") trong văn bản thi đua.",
        title="<img src=x onerror=alert(1)> Bản tin", published="2021-03-01",
    ),
]

"""Unit names resolved to one unit, and a unit's page data, on every backend."""
from __future__ import annotations

import pytest

from nlp.normalize import fold

from search.merger import place_history, placed
from search.units import linked_keys, shown_name, suggest, unit_key, unit_names, unit_profile, variants

from .records import CORPUS, make_record


@pytest.mark.parametrize("a, b", [
    ("Ban Thường vụ Huyện đoàn Yên Khánh", "Huyện đoàn Yên Khánh"),
    ("BAN THƯỜNG VỤ HUYỆN ĐOÀN YÊN KHÁNH", "huyen doan yen khanh"),
    ("Ban Chấp hành Tỉnh đoàn Ninh Bình", "Tỉnh Đoàn Ninh Bình"),
    ("UBND xã An Bình", "Ủy ban nhân dân xã An Bình"),
    ("UBND xã An Bình", "Uỷ ban Nhân dân xã An Bình"),             # both placements of the tone mark
    ("UBKT Thành Đoàn Đà Nẵng", "Ủy ban Kiểm tra Thành đoàn Đà Nẵng"),
    ("Ban Chấp hành T.Ư Đoàn", "Trung ương Đoàn"),
    ("TW Đoàn", "Trung ương Đoàn"),
    ("BTV Huyện đoàn Cầu Kè", "Huyện đoàn Cầu Kè"),
    ("Huyện đoàn  Cầu Kè,", "Huyện đoàn Cầu Kè"),                  # spaces and punctuation
])
def test_names_of_one_unit_share_a_key(a, b):
    assert unit_key(a) == unit_key(b)


@pytest.mark.parametrize("a, b", [
    ("Ủy ban Kiểm tra Tỉnh đoàn Ninh Bình", "Tỉnh đoàn Ninh Bình"),   # its own body, not the unit
    ("Huyện đoàn Yên Khánh", "Huyện đoàn Yên Mô"),
    ("Sở Tư pháp", "Sở Trung ương pháp"),       # "Tư" is a word, only "TƯ" abbreviates Trung ương
    ("Chi đoàn Khu phố 01", "Chi đoàn Khu phố 10"),
])
def test_different_units_keep_different_keys(a, b):
    assert unit_key(a) != unit_key(b)


def test_a_name_that_is_only_a_prefix_is_kept():
    assert unit_key("Ban Thường vụ") == "ban thuong vu"


def test_the_name_shown_is_the_plainest():
    assert shown_name({"Huyện đoàn Kim Sơn": 1, "Ban Thường vụ Huyện đoàn Kim Sơn": 5}) == "Huyện đoàn Kim Sơn"
    assert shown_name({"HUYỆN ĐOÀN KIM SƠN": 4, "Ban Thường vụ Huyện đoàn Kim Sơn": 1}) == "Huyện đoàn Kim Sơn"
    assert shown_name({"HUYỆN ĐOÀN KIM SƠN": 4}) == "HUYỆN ĐOÀN KIM SƠN"
    assert shown_name({"Ban Thường vụ": 2}) == "Ban Thường vụ"
    assert shown_name({"UBND xã An Bình": 1}) == "UBND xã An Bình"      # as written: abbreviations are kept


def _corpus():
    extra = [
        make_record("e/btv.txt", "Ngày 12/3/2023, Ban Thường vụ Huyện đoàn Yên Khánh kiểm tra Chi đoàn Xóm 1.",
                    title="Huyện đoàn Yên Khánh kiểm tra Chi đoàn Xóm 1", published="2023-03-12",
                    units=("Chi đoàn Xóm 1",), bodies=("Ban Thường vụ Huyện đoàn Yên Khánh",),
                    activity=("kiểm tra",), refs=(("Kế hoạch số 12-KH/HĐ", "Kế hoạch", "12", "KH/HĐ", None),),
                    findings=(("limitation", "sổ sách chưa đầy đủ"),)),
        make_record("e/upper.txt", "Ngày 05/6/2022, Tỉnh đoàn kiểm tra HUYỆN ĐOÀN YÊN KHÁNH, sổ sách chưa đầy đủ.",
                    title="Kiểm tra HUYỆN ĐOÀN YÊN KHÁNH", published="2022-06-05",
                    units=("HUYỆN ĐOÀN YÊN KHÁNH",), bodies=("Tỉnh đoàn Ninh Bình",), activity=("kiểm tra",),
                    findings=(("limitation", "sổ sách chưa đầy đủ"),)),
    ]
    return [*CORPUS, *extra]


def test_a_unit_gathers_every_name_the_documents_give_it(backend):
    backend.upsert(_corpus())
    names = variants(backend, "huyen doan yen khanh")
    # names differing only by case and diacritics may be one facet value (the filters fold them alike)
    assert {fold(n) for n in names} == {"huyen doan yen khanh", "ban thuong vu huyen doan yen khanh"}
    assert variants(backend, "Huyện đoàn Không Có") == ()
    # only inspected units and inspecting bodies are units; a name only mentioned is not
    assert all(k for k in unit_names(backend))


def test_a_units_page_data(backend):
    backend.upsert(_corpus())
    p = unit_profile(backend, "Ban Thường vụ Huyện đoàn Yên Khánh")
    assert p is not None and p.key == "huyen doan yen khanh"
    assert p.inspected_total == 2 and p.inspector_total == 1
    assert len(p.documents) == 3
    assert [(y.year, y.documents, y.months) for y in p.timeline] == [
        ("2023", 1, (("03", 1),)), ("2022", 2, (("06", 2),))]
    # one body under two names: "Ban Thường vụ Tỉnh đoàn Ninh Bình" and "Tỉnh đoàn Ninh Bình"
    assert len(p.inspected_by) == 1 and p.inspected_by[0][1] == 2
    assert p.inspected_by[0][0] in ("Ban Thường vụ Tỉnh đoàn Ninh Bình", "Tỉnh đoàn Ninh Bình")
    assert p.inspected == (("Chi đoàn Xóm 1", 1),)
    assert p.findings_by_kind == {"strength": 1, "recommendation": 1, "limitation": 1}
    assert ("2022", "limitation", 1) in p.findings_by_year
    assert [(label, value, n) for label, value, n in p.references] == [
        ("Kế hoạch 12-KH/HĐ", "12-KH/HĐ", 1), ("Kế hoạch 261-KH/TĐTN-XDĐ", "261-KH/TĐTN-XDĐ", 1)]
    assert unit_profile(backend, "Huyện đoàn Không Có") is None


def test_a_units_page_counts_every_document_and_lists_the_newest(backend, monkeypatch):
    import search.units as units
    backend.upsert(_corpus())
    monkeypatch.setattr(units, "DOCS_READ", 2)
    monkeypatch.setattr(units, "REFERENCES_READ", 1)
    p = unit_profile(backend, "Huyện đoàn Yên Khánh")
    # the two newest documents listed, the three counted
    assert [h.date for h, _ in p.documents] == ["2023-03-12", "2022-06-05"] and p.documents_total == 3
    assert [(y.year, y.documents, y.months) for y in p.timeline] == [
        ("2023", 1, (("03", 1),)), ("2022", 2, (("06", 2),))]
    assert (p.inspected_total, p.inspector_total) == (2, 1)
    # the reference cited most, of two cited once each: the first by its key
    assert p.references == (("Kế hoạch 12-KH/HĐ", "12-KH/HĐ", 1),) and p.references_cut


def _summary_corpus():
    def rec(source, body, unit, date=None, refs=()):
        text = f"{body} kiểm tra {unit}. " + " ".join(r[0] for r in refs)
        return make_record(source, text, title=f"{body} kiểm tra {unit}", published=date, units=(unit,),
                           bodies=(body,), activity=("kiểm tra",), refs=refs)

    kh12 = ("Kế hoạch số 12-KH/TĐ", "Kế hoạch", "12", "KH/TĐ", None)
    return [
        rec("s/1.txt", "Tỉnh đoàn Bến Tre", "Huyện đoàn Ba Tri", "2023-04-12", refs=(kh12,)),
        rec("s/2.txt", "Ủy ban Kiểm tra Tỉnh đoàn Bến Tre", "Huyện đoàn Ba Tri", "2023-04-30",
            refs=(kh12, ("Hướng dẫn số 5-HD/TĐ", "Hướng dẫn", "5", "HD/TĐ", None))),
        # the same plan written otherwise, with no type; and cited twice in one document
        rec("s/3.txt", "Huyện đoàn Ba Tri", "Đoàn xã An Đức", "2024-01-05",
            refs=(("số 12 - KH-TĐ", None, "12", "KH-TĐ", None), ("Thông báo số 7-TB/TĐ", "Thông báo", "7", "TB/TĐ", None),
                  ("Kế hoạch 12-KH/TĐ", "Kế hoạch", "12", "KH/TĐ", None))),
        rec("s/4.txt", "Tỉnh đoàn Bến Tre", "Huyện đoàn Ba Tri"),       # undated
        # another unit's document: not counted
        rec("s/5.txt", "Tỉnh đoàn Bến Tre", "Huyện đoàn Giồng Trôm", "2023-04-01",
            refs=(kh12, ("Chỉ thị số 1-CT/TĐ", "Chỉ thị", "1", "CT/TĐ", None))),
    ]


def test_a_summary_counts_the_documents_of_any_query_in_the_index(backend):
    from search.query import parse
    backend.upsert(_summary_corpus())
    queries = (parse("", inspected=["Huyện đoàn Ba Tri"]), parse("", inspector=["Huyện đoàn Ba Tri"]))
    s = backend.summary(queries)
    assert s.documents == 4
    assert s.months == (("", 1), ("2023-04", 2), ("2024-01", 1))
    # one row per reference, as most citations write it, counted in documents; then by key
    assert s.references == (("Kế hoạch", "12", "KH/TĐ", 3), ("Hướng dẫn", "5", "HD/TĐ", 1),
                            ("Thông báo", "7", "TB/TĐ", 1))
    assert backend.summary(queries, references=1).references == (("Kế hoạch", "12", "KH/TĐ", 3),)
    # a document matching both queries counts once; the queries' dates and words count too
    both = (*queries, parse("", inspected=["Huyện đoàn Ba Tri"], inspector=["Tỉnh đoàn Bến Tre"]))
    assert backend.summary(both).documents == 4
    dated = backend.summary(tuple(parse("Ba Tri", **{role: ["Huyện đoàn Ba Tri"]}, date_from="2023-04-20")
                                  for role in ("inspected", "inspector")))
    assert (dated.documents, dated.months) == (2, (("2023-04", 1), ("2024-01", 1)))
    assert backend.summary((parse("", inspected=["Huyện đoàn Không Có"]),)) == type(s)(0, (), ())
    assert backend.summary(()).documents == 0


# -- across the 2025 merger ------------------------------------------------------------------------

@pytest.mark.parametrize("name, org, place, eras", [
    ("Tỉnh đoàn Hà Giang", "doan", "P:tinhtuyenquang", {"old"}),          # merged into Tuyên Quang
    ("BAN THƯỜNG VỤ TỈNH ĐOÀN HÀ GIANG", "doan", "P:tinhtuyenquang", {"old"}),
    ("tinh doan ha giang", "doan", "P:tinhtuyenquang", {"old"}),           # typed without diacritics
    ("Tỉnh đoàn Tuyên Quang", "doan", "P:tinhtuyenquang", {"old", "new"}),  # its name before and after
    ("UBND tỉnh Hà Giang", "uy ban nhan dan", "P:tinhtuyenquang", {"old"}),
    ("Tỉnh đoàn Hải Dương", "doan", "P:thanhphohaiphong", {"old"}),       # a province into a city
    ("Thành đoàn Hải Phòng", "doan", "P:thanhphohaiphong", {"old", "new"}),
    ("Huyện đoàn Vị Xuyên", "doan", "D:tinhhagiang:huyenvixuyen", {"old"}),   # a district: its place before
    ("Huyện đoàn Vị Xuyên, tỉnh Tuyên Quang", "doan", "D:tinhhagiang:huyenvixuyen", {"old"}),
    ("Thành đoàn Hà Giang", "doan", "D:tinhhagiang:thanhphohagiang", {"old"}),  # a city of a province
    ("Huyện đoàn Quan Sơn", "doan", "D:tinhthanhhoa:huyenquanson", {"old"}),  # "Quan" is a name, "Quận" a level
    ("Đoàn phường Hà Giang 1", "doan", "W:tinhtuyenquang:phuonghagiang1", {"new"}),
])
def test_a_name_names_one_place_across_the_merger(name, org, place, eras):
    p = placed(name)
    assert p is not None and (p.org, p.place, set(p.eras)) == (org, place, eras)


@pytest.mark.parametrize("name", [
    "Đoàn xã An Bình",              # dozens of communes have that name
    "Đảng ủy xã Ngọc Đường, huyện Vị Xuyên",      # Ngọc Đường lay in the city of Hà Giang, not in Vị Xuyên
    "Trung ương Đoàn", "Chi đoàn Xóm 1", "Đoàn TN Tổng Công ty Điện lực Miền Trung",   # no place
    "Tỉnh đoàn Không Có",
])
def test_a_name_whose_place_is_not_one_place_is_left_alone(name):
    assert placed(name) is None


def test_what_became_of_a_place():
    assert place_history("P:tinhtuyenquang") == ("Từ 01/7/2025, tỉnh Hà Giang và tỉnh Tuyên Quang hợp nhất "
                                                 "thành tỉnh Tuyên Quang.")
    assert place_history("P:tinhcaobang") is None                    # kept its name and extent
    assert place_history("D:tinhhagiang:huyenvixuyen").startswith(
        "Từ 01/7/2025, không còn cấp huyện (huyện Vị Xuyên, tỉnh Hà Giang); tỉnh Hà Giang và")


def merger_corpus():
    """Tỉnh đoàn Hà Giang before the merger, Tỉnh đoàn Tuyên Quang after, a district of Hà Giang,
    and a province the documents name under its old name only."""
    def rec(source, body, unit, date, activity="kiểm tra", findings=()):
        y, m, d = date.split("-")
        text = f"Ngày {int(d)}/{int(m)}/{y}, {body} {activity} {unit}. " + " ".join(t for _, t in findings)
        return make_record(source, text, title=f"{body} {activity} {unit}", published=date, units=(unit,),
                           bodies=(body,), activity=(activity,), findings=findings,
                           dates=((f"{int(d)}/{int(m)}/{y}", date),))

    return [
        rec("merger/hg-2023.txt", "Ban Thường vụ Trung ương Đoàn", "Tỉnh đoàn Hà Giang", "2023-04-12",
            findings=(("limitation", "Sổ đoàn viên của Tỉnh đoàn Hà Giang ghi chép chưa đầy đủ."),)),
        rec("merger/hg-2024.txt", "Ủy ban Kiểm tra Trung ương Đoàn", "TỈNH ĐOÀN HÀ GIANG", "2024-10-03",
            activity="giám sát", findings=(("strength", "Tỉnh đoàn Hà Giang hoàn thành tốt chỉ tiêu kết nạp."),)),
        rec("merger/tq-2025.txt", "Ban Thường vụ Trung ương Đoàn", "Tỉnh đoàn Tuyên Quang", "2025-09-18",
            findings=(("recommendation", "Đề nghị Tỉnh đoàn Tuyên Quang cập nhật phần mềm quản lý đoàn viên."),)),
        rec("merger/vx-2023.txt", "Ban Thường vụ Tỉnh đoàn Hà Giang", "Huyện đoàn Vị Xuyên", "2023-06-20"),
        rec("merger/hd-2024.txt", "Ban Thường vụ Trung ương Đoàn", "Tỉnh đoàn Hải Dương", "2024-05-09"),
    ]


def test_a_unit_under_its_new_and_its_old_name(backend):
    backend.upsert(merger_corpus())
    for name in ("Tỉnh đoàn Tuyên Quang", "Tỉnh đoàn Hà Giang", "tinh doan ha giang", "BTV Tỉnh đoàn Hà Giang"):
        assert linked_keys(backend, name) == ("tinh doan ha giang", "tinh doan tuyen quang")
        p = unit_profile(backend, name)
        assert p.name == "Tỉnh đoàn Tuyên Quang"               # the name it has now
        assert (p.inspected_total, p.inspector_total) == (3, 1)
        assert [(y.year, y.documents) for y in p.timeline] == [("2025", 1), ("2024", 1), ("2023", 2)]
        assert p.findings_by_kind == {"limitation": 1, "strength": 1, "recommendation": 1}
        assert p.merger.before == ("Tỉnh đoàn Hà Giang", "Tỉnh đoàn Tuyên Quang")
        assert p.merger.after == ("Tỉnh đoàn Tuyên Quang",) and p.merger.since == "01/7/2025"
        assert "tỉnh Hà Giang và tỉnh Tuyên Quang hợp nhất thành tỉnh Tuyên Quang" in p.merger.note
        assert p.inspected == (("Huyện đoàn Vị Xuyên", 1),)
    # a province named under its old name only: its page says what became of it, names no new unit
    p = unit_profile(backend, "Tỉnh đoàn Hải Dương")
    assert p.name == "Tỉnh đoàn Hải Dương" and p.inspected_total == 1
    assert p.merger.before == ("Tỉnh đoàn Hải Dương",) and p.merger.after == ()
    assert "hợp nhất thành thành phố Hải Phòng" in p.merger.note
    assert unit_profile(backend, "Thành đoàn Hải Phòng") is None          # no document names it
    # a district of the merged province keeps its own page, with what became of its place
    p = unit_profile(backend, "Huyện đoàn Vị Xuyên")
    assert p.name == "Huyện đoàn Vị Xuyên" and p.merger.level == "district" and p.merger.after == ()
    assert p.inspected_by == (("Tỉnh đoàn Hà Giang", 1),)
    # units without a place are as they were
    assert unit_profile(backend, "Trung ương Đoàn").merger is None


# -- names as one types ----------------------------------------------------------------------------

def test_unit_suggestions_fold_case_and_diacritics_most_documents_first(backend):
    backend.upsert([*_corpus(), *merger_corpus()])
    # two documents name "Tỉnh đoàn Hà Giang" (in two spellings: one facet value), one its Ban Thường vụ
    for typed in ("ha giang", "HÀ GIANG", "  Ha   Giang "):
        got = backend.unit_suggestions(typed)
        assert [(fold(v), n) for v, n in got] == [("tinh doan ha giang", 2), ("ban thuong vu tinh doan ha giang", 1)]
    # đ is d; only inspected units or only inspecting bodies when asked
    assert backend.unit_suggestions("uy ban kiem tra trung uong doan") == (("Ủy ban Kiểm tra Trung ương Đoàn", 1),)
    assert backend.unit_suggestions("trung uong doan", fields=("inspected_unit",)) == ()
    assert [v for v, _ in backend.unit_suggestions("doan", limit=2)] == ["Ban Thường vụ Trung ương Đoàn",
                                                                         "HUYỆN ĐOÀN YÊN KHÁNH"]
    assert backend.unit_suggestions("") == () and backend.unit_suggestions("không có") == ()
    # one entry per unit, named as its page names it, the most documents first
    assert suggest(backend, "yen khanh") == (("Huyện đoàn Yên Khánh", 3),)
    assert suggest(backend, "trung uong") == (("Trung ương Đoàn", 3), ("Ủy ban Kiểm tra Trung ương Đoàn", 1))
    assert suggest(backend, "doan ha giang") == (("Tỉnh đoàn Hà Giang", 3),)


def test_a_list_that_shows_no_snippet_reads_no_text(backend):
    from dataclasses import replace

    from search.base import Query, Term
    backend.upsert(_corpus())
    q = Query(terms=(Term(text="kiểm tra"),), per_page=5)
    with_text, without = backend.search(q), backend.search(replace(q, snippets=False))
    assert [h.doc_id for h in with_text.hits] == [h.doc_id for h in without.hits] and with_text.hits
    assert all(any(is_match for _, is_match in h.snippet) for h in with_text.hits)
    assert all(h.snippet == () for h in without.hits)

"""Unit names resolved to one unit, and a unit's page data, on every backend."""
from __future__ import annotations

import pytest

from nlp.normalize import fold

from search.units import shown_name, unit_key, unit_names, unit_profile, variants

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

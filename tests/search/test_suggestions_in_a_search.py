"""Unit names as one types, within a search, on both backends: ``Backend.unit_suggestions`` with a
query suggests only the names of the documents the query finds, counted as the search's facets count
them; without one (or with an empty one), every document's."""
from __future__ import annotations

from dataclasses import replace

import pytest

from nlp.normalize import fold
from search import parse
from search.base import UNIT_SUGGEST_FIELDS
from search.units import suggest

from .records import make_record

FILLER = tuple(f"Chi đoàn Cơ quan {i:03d}" for i in range(1, 101))


def suggestions_corpus():
    """Inspections about "phần mềm quản lý đoàn viên" and about "sổ sách", in 2021 to 2023.

    In the search ``phần mềm`` of 2022: a hundred Chi đoàn Cơ quan, each in four documents (a unit
    facet that lists them and no other), Chi đoàn Trường Sơn in three documents and Chi đoàn Trường
    Xuân in two. Outside it: Trường Sơn in three documents of 2023, Chi đoàn Trường Chinh in four
    documents about sổ sách."""
    out = []

    def rec(source, topic, year, units, body):
        text = (f"Biên bản {source}. Ngày 10/5/{year}, {body} kiểm tra {', '.join(units)} về {topic}. "
                + ("Việc sử dụng phần mềm quản lý đoàn viên còn chậm." if topic == "phần mềm"
                   else "Sổ sách ghi chép chưa đầy đủ."))
        out.append(make_record(source, text, title=f"{body} kiểm tra {topic} ({source})", published=f"{year}-05-10",
                               units=units, bodies=(body,), activity=("kiểm tra",)))

    for i in range(4):
        rec(f"pm/co-quan-{i}.txt", "phần mềm", 2022, FILLER, "Đoàn Khối Cơ quan")
    rec("pm/son-xuan.txt", "phần mềm", 2022, ("Chi đoàn Trường Sơn", "Chi đoàn Trường Xuân"), "Huyện đoàn Yên Mô")
    rec("pm/son-1.txt", "phần mềm", 2022, ("Chi đoàn Trường Sơn",), "Huyện đoàn Yên Mô")
    rec("pm/son-2.txt", "phần mềm", 2022, ("Chi đoàn Trường Sơn",), "Huyện đoàn Kim Sơn")
    rec("pm/xuan.txt", "phần mềm", 2022, ("Chi đoàn Trường Xuân",), "Huyện đoàn Kim Sơn")
    for i in range(3):
        rec(f"pm/son-2023-{i}.txt", "phần mềm", 2023, ("Chi đoàn Trường Sơn",), "Huyện đoàn Hoa Lư")
    for i in range(4):
        rec(f"ss/chinh-{i}.txt", "sổ sách", 2022, ("Chi đoàn Trường Chinh",), "Huyện đoàn Hoa Lư")
    return out


@pytest.fixture
def loaded(backend):
    backend.upsert(suggestions_corpus())
    return backend


def test_a_search_suggests_only_its_own_names_with_its_counts(loaded):
    everywhere = loaded.unit_suggestions("truong", fields=("inspected_unit",))
    assert everywhere == (("Chi đoàn Trường Sơn", 6), ("Chi đoàn Trường Chinh", 4), ("Chi đoàn Trường Xuân", 2))
    q = parse("phần mềm", year=["2022"])
    assert loaded.unit_suggestions("truong", fields=("inspected_unit",), query=q) == (
        ("Chi đoàn Trường Sơn", 3), ("Chi đoàn Trường Xuân", 2))
    # inspecting bodies too, and both fields at once
    assert loaded.unit_suggestions("huyen doan", fields=("inspecting_body",), query=q) == (
        ("Huyện đoàn Kim Sơn", 2), ("Huyện đoàn Yên Mô", 2))
    assert loaded.unit_suggestions("huyen doan", fields=("inspecting_body",)) == (
        ("Huyện đoàn Hoa Lư", 7), ("Huyện đoàn Kim Sơn", 2), ("Huyện đoàn Yên Mô", 2))
    # nothing found: nothing suggested; an empty query is every document
    assert loaded.unit_suggestions("truong", query=parse("không có từ này")) == ()
    assert loaded.unit_suggestions("truong", fields=("inspected_unit",), query=parse("")) == everywhere
    # one entry per unit, named as its page names it
    assert suggest(loaded, "truong son", fields=("inspected_unit",), query=q) == (("Chi đoàn Trường Sơn", 3),)
    assert suggest(loaded, "truong son", fields=("inspected_unit",)) == (("Chi đoàn Trường Sơn", 6),)


@pytest.mark.parametrize("text, params", [
    ("phần mềm", {"year": ["2022"]}),
    ("phần mềm", {}),
    ("", {"year": ["2022"]}),
    ("-chậm", {}),
    ('"sổ sách"', {"date_from": "2022-01", "date_to": "2022-12"}),
    ("kiểm tra", {"unit": ["trường"], "inspector": ["Huyện đoàn Yên Mô", "Huyện đoàn Hoa Lư"]}),
    ("phan mem", {"inspected": ["Chi đoàn Trường Sơn"]}),
])
def test_the_counts_are_the_search_facets_counts(loaded, text, params):
    q = parse(text, **params)
    facets = loaded.search(replace(q, facet_size=1000, per_page=1)).facets
    for field in UNIT_SUGGEST_FIELDS:
        for typed in ("truong", "chi doan co quan 00", "huyen doan", "doan"):
            expected = sorted((v, n) for v, n in facets[field] if fold(typed) in fold(v))
            got = loaded.unit_suggestions(typed, limit=1000, fields=(field,), query=q)
            assert sorted(got) == expected, (field, typed)

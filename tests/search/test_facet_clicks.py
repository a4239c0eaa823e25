"""A facet's count is the number of results its click gives, on every backend: the facet lists of the
search page set the filter ``search.filters.for_facet`` names, and that filter matches what the
facet counted (a body that is also mentioned elsewhere, a name that is part of a longer one, the
same name in other capitals)."""
from __future__ import annotations

from dataclasses import replace

from search import parse
from search.filters import for_facet

from .records import make_record

BODY = "Ban Thường vụ Tỉnh đoàn"
RECORDS = [
    # the body inspects in two documents...
    make_record("f/1.txt", f"{BODY} kiểm tra Huyện đoàn A.", units=("Huyện đoàn A",), bodies=(BODY,)),
    make_record("f/2.txt", f"{BODY.upper()} kiểm tra Huyện đoàn B.", units=("Huyện đoàn B",),
                bodies=(BODY.upper(),)),
    # ...is only mentioned in a third, and a longer name holds its name in a fourth
    make_record("f/3.txt", f"Huyện đoàn A báo cáo {BODY}.", units=("Huyện đoàn A",)),
    make_record("f/4.txt", f"{BODY} Trà Vinh kiểm tra Huyện đoàn A.", units=("Huyện đoàn A",),
                bodies=(f"{BODY} Trà Vinh",)),
    make_record("f/5.txt", "Ban Bí thư Trung ương Đoàn giám sát Huyện đoàn A Mới.", units=("Huyện đoàn A Mới",),
                bodies=("Ban Bí thư Trung ương Đoàn",)),
]
for i, rec in enumerate(RECORDS[:3]):   # the mentions: organizations name every body and unit, and more
    RECORDS[i] = replace(rec, organizations=(*rec.organizations, *rec.inspecting_bodies))


def _every_click_gives_its_count(backend, base: str):
    result = backend.search(parse(base, per_page=100))
    checked = 0
    for field, values in result.facets.items():
        for value, count in values:
            f = for_facet(field)
            assert f is not None, field
            clicked = backend.search(parse(base, **{f.name: [value]}))
            assert clicked.total == count, (field, value, count, clicked.total)
            checked += 1
    return checked


def test_every_facet_value_gives_as_many_results_as_it_counts(backend):
    backend.upsert(RECORDS)
    assert _every_click_gives_its_count(backend, "") == 7     # 3 units, 3 bodies, 1 format
    assert _every_click_gives_its_count(backend, "kiem tra") >= 4
    bodies = dict(backend.search(parse("")).facets["inspecting_body"])
    assert bodies.get(BODY, bodies.get(BODY.upper())) == 2 and len(bodies) == 3   # one key, shown once, whatever its capitals
    unit_a = backend.search(parse("", inspected=["Huyện đoàn A"]))
    assert sorted(h.source for h in unit_a.hits) == ["f/1.txt", "f/3.txt", "f/4.txt"]   # not "A Mới"
    # unit: keeps finding every role and a part of a name
    assert backend.search(parse("", unit=["Huyện đoàn A"])).total == 4


def test_more_facet_values_on_request(backend):
    backend.upsert([make_record(f"m/{i}.txt", f"Kiểm tra chi đoàn số {i}.", units=(f"Chi đoàn {i:02d}",))
                    for i in range(40)])
    assert len(backend.search(parse("")).facets["inspected_unit"]) == 15
    listed = backend.search(replace(parse(""), facet_size=100)).facets["inspected_unit"]
    assert len(listed) == 40 and listed[0] == ("Chi đoàn 00", 1)

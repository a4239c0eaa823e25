"""The unit page on both backends (the ``backend`` fixture), through the Flask test client."""
from __future__ import annotations

import re

import pytest

from ..search.test_units import _corpus, merger_corpus
from .conftest import client_over


@pytest.fixture
def unit_client(backend, tmp_path):
    return client_over(backend, tmp_path, _corpus())


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_unit_page_under_each_name(unit_client):
    for name in ("Huyện đoàn Yên Khánh", "BAN THƯỜNG VỤ HUYỆN ĐOÀN YÊN KHÁNH", "huyen doan yen khanh"):
        r = unit_client.get("/don-vi", query_string={"ten": name})
        assert r.status_code == 200
        html = r.get_data(as_text=True)
        assert html.count("<h1") == 1 and "<h1>Huyện đoàn Yên Khánh</h1>" in html
        assert '<dd id="count-inspected">2</dd>' in html and '<dd id="count-inspector">1</dd>' in html
        page = text(html)
        assert "Năm 2023 : 1 văn bản" in page and "Tháng 6/2022 : 2" in page
        assert "Còn được viết là: Ban Thường vụ Huyện đoàn Yên Khánh" in page
        assert "<script>" not in html.split("</head>")[1]


def test_a_unit_page_says_what_it_lists_of_more(unit_client, monkeypatch):
    import search.units
    import web.units
    monkeypatch.setattr(web.units, "DOCUMENTS_SHOWN", 2)
    monkeypatch.setattr(search.units, "REFERENCES_READ", 1)
    html = unit_client.get("/don-vi", query_string={"ten": "Huyện đoàn Yên Khánh"}).get_data(as_text=True)
    page = text(html)
    assert html.count('<li><a href="/doc/') == 2 and "Hiện 2 văn bản mới nhất trong 3" in page
    # the timeline counts every document
    assert "Năm 2023 : 1 văn bản" in page and "Năm 2022 : 2 văn bản" in page
    assert html.count('<li><a href="/?ref=') == 1 and "Hiện 1 văn bản được trích dẫn nhiều nhất." in page


def test_an_unknown_unit_is_not_found(unit_client):
    for name in ("Yên Khánh", "Huyện đoàn Hoa Lư", "Ủy ban Kiểm tra Huyện đoàn Yên Khánh"):
        r = unit_client.get("/don-vi", query_string={"ten": name})
        assert r.status_code == 404
        assert f"Không có đơn vị nào tên “{name}”" in r.get_data(as_text=True)
    assert unit_client.get("/don-vi").status_code == 404


def test_pages_link_unit_names_to_their_page(unit_client):
    rec = _corpus()[1]
    html = unit_client.get(f"/doc/{rec.doc_id}").get_data(as_text=True)
    assert 'href="/don-vi?ten=Huy%E1%BB%87n+%C4%91o%C3%A0n+Y%C3%AAn+Kh%C3%A1nh">(trang đơn vị)' in html
    assert 'href="/don-vi?ten=Ban+Th%C6%B0%E1%BB%9Dng+v%E1%BB%A5+T%E1%BB%89nh+%C4%91o%C3%A0n+Ninh+B%C3%ACnh"' in html
    html = unit_client.get("/", query_string={"inspected": "Huyện đoàn Yên Khánh"}).get_data(as_text=True)
    assert '<p class="unit-pages">Trang đơn vị: <a href="/don-vi?ten=Huy' in html


def test_a_unit_page_says_which_names_it_had_when(unit_client, backend):
    backend.upsert(merger_corpus())
    for name in ("Tỉnh đoàn Hà Giang", "Tỉnh đoàn Tuyên Quang"):
        html = unit_client.get("/don-vi", query_string={"ten": name}).get_data(as_text=True)
        assert "<h1>Tỉnh đoàn Tuyên Quang</h1>" in html and '<dd id="count-inspected">3</dd>' in html
        page = text(html)
        assert "Tên trước sáp nhập 2025 Tỉnh đoàn Hà Giang; Tỉnh đoàn Tuyên Quang" in page
        assert "Từ 01/7/2025 Tỉnh đoàn Tuyên Quang" in page
        assert "tỉnh Hà Giang và tỉnh Tuyên Quang hợp nhất thành tỉnh Tuyên Quang" in page
        assert "Năm 2025 : 1 văn bản" in page and "Năm 2023 : 2 văn bản" in page
    page = text(unit_client.get("/don-vi", query_string={"ten": "Huyện đoàn Vị Xuyên"}).get_data(as_text=True))
    assert "Tên trước sáp nhập 2025 Huyện đoàn Vị Xuyên" in page and "Từ 01/7/2025 không còn cấp huyện" in page
    # a unit without a place says nothing of the merger
    assert "sáp nhập" not in unit_client.get("/don-vi", query_string={"ten": "Chi đoàn Xóm 1"}).get_data(as_text=True)


def test_a_search_by_a_units_new_name_offers_its_old_one(unit_client, backend):
    backend.upsert(merger_corpus())
    html = unit_client.get("/", query_string={"q": 'unit:"Tỉnh đoàn Tuyên Quang"'}).get_data(as_text=True)
    note = re.search(r'<p class="unit-merger-search">(.*?)</p>', html)
    assert note and text(note.group(1)).startswith(
        "Tỉnh đoàn Tuyên Quang trước hoặc sau sáp nhập năm 2025 còn có tên Tỉnh đoàn Hà Giang: tìm cả văn bản")
    url = re.search(r'href="([^"]+)"', note.group(1)).group(1).replace("&amp;", "&")
    both = unit_client.get(url).get_data(as_text=True)
    assert "unit=T%E1%BB%89nh+%C4%91o%C3%A0n+H%C3%A0+Giang" in url
    # Tuyên Quang once, Hà Giang twice as inspected unit and once as inspecting body
    api = unit_client.get("/api/search", query_string={"q": 'unit:"Tỉnh đoàn Tuyên Quang"', "unit": "Tỉnh đoàn Hà Giang"})
    assert api.get_json()["total"] == 4 and 'class="unit-merger-search"' not in both
    # the other way round, and for a facet's whole name
    html = unit_client.get("/", query_string={"inspected": "TỈNH ĐOÀN HÀ GIANG"}).get_data(as_text=True)
    assert "còn có tên Tỉnh đoàn Tuyên Quang" in text(html)
    # a name without a place, or a part of a name, offers nothing
    for q in ('unit:"Trung ương Đoàn"', "unit:giang"):
        assert 'class="unit-merger-search"' not in unit_client.get("/", query_string={"q": q}).get_data(as_text=True)


def test_unit_names_suggested_as_one_types(unit_client, backend):
    backend.upsert(merger_corpus())
    r = unit_client.get("/api/units/suggest", query_string={"q": "ha giang"})
    assert r.status_code == 200 and r.is_json
    assert r.get_json() == {"q": "ha giang", "filter": "unit", "adds": False, "suggestions": [
        {"name": "Tỉnh đoàn Hà Giang", "documents": 3, "page": "/don-vi?ten=T%E1%BB%89nh+%C4%91o%C3%A0n+H%C3%A0+Giang"}]}
    got = unit_client.get("/api/units/suggest", query_string={"q": "doan", "limit": 2}).get_json()["suggestions"]
    # three units in three documents each: by name, case and diacritics aside
    assert [(s["name"], s["documents"]) for s in got] == [("Huyện đoàn Yên Khánh", 3), ("Tỉnh đoàn Hà Giang", 3)]
    got = unit_client.get("/api/units/suggest", query_string={"q": "trung uong", "field": "inspected_unit"}).get_json()
    assert got["suggestions"] == [] and got["filter"] == "inspected"
    got = unit_client.get("/api/units/suggest", query_string={"q": "trung uong", "field": "inspecting_body"}).get_json()
    assert got["filter"] == "inspector" and got["suggestions"][0]["name"] == "Trung ương Đoàn"
    assert unit_client.get("/api/units/suggest", query_string={"q": "h"}).get_json()["suggestions"] == []
    for bad in ({"q": "ha", "limit": "0"}, {"q": "ha", "limit": "x"}, {"q": "ha", "field": "kind"}):
        r = unit_client.get("/api/units/suggest", query_string=bad)
        assert r.status_code == 400 and r.get_json()["error_code"] == "bad-parameter"
    spec = unit_client.get("/api/openapi.json").get_json()
    assert "/api/units/suggest" in spec["paths"] and "UnitSuggestions" in spec["components"]["schemas"]
    # the boxes that suggest: the search box and the unit facets' boxes
    html = unit_client.get("/").get_data(as_text=True)
    assert 'data-unit-suggest="/api/units/suggest"' in html and "units.js" in html

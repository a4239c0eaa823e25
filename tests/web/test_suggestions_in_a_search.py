"""``/api/units/suggest`` within the current search, on both backends (the ``backend`` fixture): given the
search (``search`` and its filters, as the page's facet box sends them), the names are the search's,
each with the number of results its pick gives (or adds), as the facet list counts; the search box's
names (no ``search``) stay every document's unless the page has a filter set."""
from __future__ import annotations

import pytest

from ..search.test_suggestions_in_a_search import suggestions_corpus
from .conftest import client_over


@pytest.fixture
def client(backend, tmp_path):
    return client_over(backend, tmp_path, suggestions_corpus())


def names(client, **params) -> list[tuple[str, int]]:
    r = client.get("/api/units/suggest", query_string=params)
    assert r.status_code == 200, r.get_json()
    return [(s["name"], s["documents"]) for s in r.get_json()["suggestions"]]


def total(client, **params) -> int:
    """The results of a search (``/api/search``: the page's numbers)."""
    return client.get("/api/search", query_string=params).get_json()["total"]


def test_the_facet_box_suggests_the_names_and_counts_of_the_search(client):
    search = {"search": "phần mềm", "year": "2022"}
    got = names(client, q="truong", field="inspected_unit", **search)
    assert got == [("Chi đoàn Trường Sơn", 3), ("Chi đoàn Trường Xuân", 2)]
    # what a pick gives: the search filtered on the name
    for name, n in got:
        assert total(client, q="phần mềm", year="2022", inspected=name) == n
    # past the hundred values the page lists of the facet (the Chi đoàn Cơ quan, in four results each)
    facets = client.get("/api/search", query_string={"q": "phần mềm", "year": "2022"}).get_json()["facets"]
    assert all(v["value"].startswith("Chi đoàn Cơ quan") and v["count"] == 4 for v in facets["inspected_unit"])
    # without the search: every document's
    assert names(client, q="truong", field="inspected_unit") == [
        ("Chi đoàn Trường Sơn", 6), ("Chi đoàn Trường Chinh", 4), ("Chi đoàn Trường Xuân", 2)]
    # inspecting bodies, dates, a query's own filters and words without diacritics
    assert names(client, q="huyen doan", field="inspecting_body", search="phan mem",
                 **{"from": "2022-01", "to": "2022-12"}) == [("Huyện đoàn Kim Sơn", 2), ("Huyện đoàn Yên Mô", 2)]
    assert names(client, q="truong", field="inspected_unit", search='"sổ sách" nam:2022') == [
        ("Chi đoàn Trường Chinh", 4)]
    assert names(client, q="truong", field="inspected_unit", search="không có từ này") == []


def test_with_values_of_the_facet_chosen_a_name_counts_what_it_adds(client):
    """The facet list of a filter with values chosen lists the other values with what their click
    adds (values of one filter are ORed): so do the suggestions, leaving the chosen ones out."""
    search = {"search": "phần mềm", "year": "2022", "inspected": "Chi đoàn Trường Sơn"}
    data = client.get("/api/units/suggest", query_string={"q": "truong", "field": "inspected_unit", **search}).get_json()
    assert data["adds"] is True and data["filter"] == "inspected"
    assert [(s["name"], s["documents"]) for s in data["suggestions"]] == [("Chi đoàn Trường Xuân", 1)]
    before = total(client, q="phần mềm", year="2022", inspected=["Chi đoàn Trường Sơn"])
    after = total(client, q="phần mềm", year="2022", inspected=["Chi đoàn Trường Sơn", "Chi đoàn Trường Xuân"])
    assert (before, after) == (3, 4)
    # another facet's box counts the search as it is
    got = client.get("/api/units/suggest", query_string={"q": "huyen doan", "field": "inspecting_body",
                                                         **search}).get_json()
    assert got["adds"] is False
    assert [(s["name"], s["documents"]) for s in got["suggestions"]] == [("Huyện đoàn Yên Mô", 2),
                                                                         ("Huyện đoàn Kim Sơn", 1)]


def test_the_search_box_suggests_every_documents_names_unless_the_page_has_a_filter(client):
    # what the search box sends: no search text; the page's filters and dates when it has some
    assert names(client, q="truong son") == [("Chi đoàn Trường Sơn", 6)]
    assert names(client, q="truong son", year="2023") == [("Chi đoàn Trường Sơn", 3)]
    assert names(client, q="truong", year="2022", **{"from": "2022-05"}) == [
        ("Chi đoàn Trường Chinh", 4), ("Chi đoàn Trường Sơn", 3), ("Chi đoàn Trường Xuân", 2)]
    # the unit filter a typed name goes to is left out (its values are ORed with the typed one)
    assert names(client, q="truong", unit="Trường Chinh", year="2023") == [("Chi đoàn Trường Sơn", 3)]


def test_a_malformed_search_is_refused_and_the_parameters_are_described(client):
    for bad in ({"q": "truong", "year": "abc"}, {"q": "truong", "from": "2023", "to": "2022"},
                {"q": "truong", "kind": "không-có"}):
        r = client.get("/api/units/suggest", query_string=bad)
        assert r.status_code == 400 and r.get_json()["error_code"] == "bad-parameter", bad
    spec = client.get("/api/openapi.json").get_json()
    params = {p["name"] for p in spec["paths"]["/api/units/suggest"]["get"]["parameters"]}
    assert {"q", "field", "limit", "search", "year", "inspected", "from", "to"} <= params

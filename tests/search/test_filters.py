"""The filter registry (search.filters): one declaration is a filter everywhere.

A throwaway filter, added to the registry and nowhere else, is understood by the query parser (its
key and its Vietnamese alias), carried by links, applied by both backends, described by OpenAPI and
refused past the per-filter limit, and reported by the README check until it is documented."""
from __future__ import annotations

import pytest

from search import parse
from search.base import QueryError
from search.filters import BOUNDS, FILTERS, Filter, by_key, ref_key, registered
from search.query import to_string

from ..test_docs import README, undocumented_filters
from .records import CORPUS

# documents whose cited number's symbol contains the given letters (ref: needs the whole number)
SYMBOL = Filter("kyhieu", ("ref",), "Ký hiệu văn bản", "Letters of a cited document's symbol",
                "kyhieu:UBKT", aliases=("symbol",), key=ref_key, contains=True)


@pytest.fixture
def symbol_filter():
    with registered(SYMBOL) as f:
        yield f
    assert "kyhieu" not in FILTERS


def test_parser_reads_a_new_filter_by_name_and_alias(symbol_filter):
    q = parse("kiểm tra kyhieu:UBKT SYMBOL:tđtn")
    assert q.values("kyhieu") == ("UBKT", "tđtn")
    assert [t.text for t in q.terms] == ["kiểm", "tra"]
    assert parse(to_string(q)) == q


def test_parameters_of_a_new_filter(symbol_filter):
    q = parse("", kyhieu=["UBKT"], unit="Yên Khánh")
    assert q.filters == (("unit", ("Yên Khánh",)), ("kyhieu", ("UBKT",)))
    with pytest.raises(TypeError):
        parse("", nosuchfilter=["x"])


def test_without_the_declaration_the_key_is_plain_text():
    q = parse("kyhieu:UBKT")
    assert q.filters == () and [t.text for t in q.terms] == ["kyhieu:UBKT"]


def test_both_backends_apply_a_new_filter(backend, symbol_filter):
    backend.upsert(CORPUS)
    found = sorted(h.source for h in backend.search(parse("kyhieu:ubkt")).hits)
    assert found == ["a/danang.txt"]
    found = sorted(h.source for h in backend.search(parse('kyhieu:"KH/"')).hits)
    assert found == ["a/danang.txt", "b/ninhbinh.html"]
    assert backend.search(parse("kyhieu:ubkt kind:recommendation")).total == 0
    assert [f.text for f in backend.search_findings(parse("kyhieu:tdtn")).hits] == [
        "đơn vị đã hoàn thành tốt Đại hội Đoàn các cấp",
        "Đề nghị Huyện đoàn Yên Khánh khắc phục hạn chế trong quản lý đoàn viên"]


def test_openapi_and_limits_describe_a_new_filter(symbol_filter, tmp_path):
    from web import create_app

    app = create_app({"INDEX": f"sqlite:///{tmp_path / 'index.db'}", "SECRET_KEY": "test", "TESTING": True})
    spec = app.test_client().get("/api/openapi.json").get_json()
    params = {p["name"]: p for p in spec["paths"]["/api/search"]["get"]["parameters"]}
    assert params["kyhieu"]["schema"]["type"] == "array"
    assert "kyhieu:" in params["q"]["description"]
    too_many = "&".join(f"kyhieu=a{i}" for i in range(21))
    r = app.test_client().get(f"/api/search?{too_many}")
    assert r.status_code == 400 and r.get_json()["error_code"] == "too-many-values"


def test_the_readme_check_reports_a_new_filter_until_it_is_documented(symbol_filter):
    assert undocumented_filters(README) == ["kyhieu:", "symbol:"]
    row = "| `-thi đua` |"
    documented = README.replace(row, "| `kyhieu:UBKT` (`symbol:`) | letters of a cited symbol |\n" + row, 1)
    assert undocumented_filters(documented) == []


def test_every_key_names_one_filter():
    keys = [k for e in (*FILTERS.values(), *BOUNDS.values()) for k in (e.name, *e.aliases)]
    assert len(keys) == len(set(keys))
    assert all(by_key(k).name in (*FILTERS, *BOUNDS) for k in keys)
    with pytest.raises(ValueError):
        with registered(Filter("nam", ("year",), "x", "x", "nam:1")):
            pass


@pytest.mark.parametrize("text, name, values", [
    ("donvi:\"Yên Khánh\"", "unit", ("Yên Khánh",)),
    ("loai:\"hạn chế\"", "kind", ("limitation",)),
    ("loại:\"kiến nghị\"", "kind", ("recommendation",)),
    ("năm:2022", "year", ("2022",)),
    ("so:383-KH/UBKT", "ref", ("383-KH/UBKT",)),
    ("dinhdang:PDF", "format", ("pdf",)),
    ("hoatdong:\"giam sat\"", "activity", ("giám sát",)),
])
def test_vietnamese_keys(text, name, values):
    assert parse(text).values(name) == values


def test_vietnamese_date_keys():
    q = parse("tu:2022-03 đến:2022")
    assert (q.date_from, q.date_to) == ("2022-03-01", "2022-12-31")


@pytest.mark.parametrize("text", ["loai:xyz", "nam:12", "format:exe", "tu:2022-13"])
def test_a_bad_value_is_a_query_error_in_vietnamese(text):
    with pytest.raises(QueryError, match="không hợp lệ|phải|không hiểu"):
        parse(text)

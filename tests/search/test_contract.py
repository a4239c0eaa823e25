"""The backend contract: every backend gives the same answers to the same records and queries.

The ``backend`` fixture (tests/conftest.py) is parametrized over every backend available here."""
from __future__ import annotations

from dataclasses import replace

import pytest

from search import parse
from search.base import FileEntry
from search.query import QueryError

from .records import CORPUS


@pytest.fixture
def loaded(backend):
    assert backend.upsert(CORPUS) == len(CORPUS)
    return backend


def sources(result):
    return sorted(h.source for h in result.hits)


def test_upsert_is_idempotent_by_sha256(loaded):
    loaded.upsert(CORPUS)
    loaded.upsert(CORPUS[:1])
    assert loaded.count() == len(CORPUS)


def test_get_round_trips_the_record(loaded):
    rec = CORPUS[1]
    got = loaded.get(rec.doc_id)
    assert got is not None
    assert got.to_json(text=True) == rec.to_json(text=True)
    assert loaded.get("0" * 64) is None


@pytest.mark.parametrize("q, expected", [
    ("ke hoach 383", ["a/danang.txt"]),
    ("Kế hoạch số 383", ["a/danang.txt"]),
    ("doan vien", ["a/danang.txt", "b/ninhbinh.html", "c/travinh.pdf"]),
    ("ĐOÀN VIÊN", ["a/danang.txt", "b/ninhbinh.html", "c/travinh.pdf"]),
    ('"phan mem quan ly doan vien"', ["a/danang.txt", "c/travinh.pdf"]),
    ('"quan ly doan vien" -chậm', ["b/ninhbinh.html", "c/travinh.pdf"]),
    ("tieu can", ["c/travinh.pdf"]),
    ("yen khanh", ["b/ninhbinh.html"]),
    ("không có từ này", []),
])
def test_full_text_folds_diacritics_and_case(loaded, q, expected):
    assert sources(loaded.search(parse(q))) == expected


def test_title_matches_rank_first(loaded):
    result = loaded.search(parse("Trà Vinh"))
    assert result.hits[0].source == "c/travinh.pdf"


@pytest.mark.parametrize("q, expected", [
    ("ref:383-KH/UBKT", ["a/danang.txt"]),
    ("ref:383", ["a/danang.txt"]),
    ("ref:261-KH/TĐTN-XDĐ", ["b/ninhbinh.html"]),
    ('ref:"261 KH/TDTN-XDD"', ["b/ninhbinh.html"]),
    ('unit:"yen khanh"', ["b/ninhbinh.html"]),
    ('unit:"Huyện đoàn Cầu Kè"', ["c/travinh.pdf"]),
    ("kind:limitation", ["a/danang.txt"]),
    ('kind:"kiến nghị"', ["b/ninhbinh.html"]),
    ('activity:"giám sát"', ["a/danang.txt"]),
    ("format:pdf", ["c/travinh.pdf"]),
    ("year:2022", ["a/danang.txt", "b/ninhbinh.html"]),
    ("from:2022-06-05", ["a/danang.txt", "c/travinh.pdf"]),
    ("from:2022-01-01 to:2022-06-30", ["b/ninhbinh.html"]),
    ("to:2021", ["d/script.txt"]),
    ("doan vien from:2024", ["c/travinh.pdf"]),
])
def test_filters(loaded, q, expected):
    assert sources(loaded.search(parse(q))) == expected


def test_filters_from_parameters_combine_with_text(loaded):
    q = parse("doan vien", unit=["Yên Khánh", "Tiểu Cần"], kind=["strength"])
    assert sources(loaded.search(q)) == ["b/ninhbinh.html", "c/travinh.pdf"]


def test_date_sort_and_paging(loaded):
    newest = loaded.search(parse("", sort="-date", per_page=2))
    assert newest.total == 4 and newest.pages == 2
    assert [h.source for h in newest.hits] == ["c/travinh.pdf", "a/danang.txt"]
    rest = loaded.search(parse("", sort="-date", per_page=2, page=2))
    assert [h.source for h in rest.hits] == ["b/ninhbinh.html", "d/script.txt"]
    oldest = loaded.search(parse("", sort="date", per_page=1))
    assert oldest.hits[0].source == "d/script.txt"


def test_snippets_mark_the_original_words(loaded):
    hit = loaded.search(parse("ke hoach 383")).hits[0]
    marked = [t for t, m in hit.snippet if m]
    assert marked == ["Kế", "hoạch", "383"]
    assert "".join(t for t, _ in hit.snippet).replace("…", "").strip() in CORPUS[0].text.replace("\n", " ")


def test_facets_count_matching_documents(loaded):
    facets = loaded.search(parse("doan vien")).facets
    assert dict(facets["format"]) == {"txt": 1, "html": 1, "pdf": 1}
    assert dict(facets["kind"]) == {"strength": 2, "limitation": 1, "recommendation": 1}
    assert dict(facets["year"]) == {"2022": 2, "2024": 1}
    assert dict(facets["inspected_unit"])["Huyện đoàn Tiểu Cần"] == 1


def test_iter_records_honours_the_query(loaded):
    got = sorted(r.document.source for r in loaded.iter_records(parse("format:html")))
    assert got == ["b/ninhbinh.html"]
    assert len(list(loaded.iter_records())) == 4


def test_delete(loaded):
    assert loaded.delete(CORPUS[0].doc_id)
    assert not loaded.delete(CORPUS[0].doc_id)
    assert loaded.count() == 3
    assert loaded.search(parse("ke hoach 383")).total == 0


def test_bad_query_is_a_query_error():
    for bad in ["from:2022-13", "from:hôm qua", "kind:xyz", "format:exe"]:
        with pytest.raises(QueryError):
            parse(bad)
    with pytest.raises(QueryError):
        parse("", page="abc")
    with pytest.raises(QueryError):
        parse("from:2023 to:2022")


def _needs(backend, method):
    if not callable(getattr(type(backend), method, None)):
        pytest.skip(f"{type(backend).__name__} does not implement {method} yet")


def test_findings_search_matches_finding_text_with_document_context(loaded):
    _needs(loaded, "search_findings")
    result = loaded.search_findings(parse('"quan ly doan vien"'))
    assert result.total == 3
    assert result.counts == {"strength": 1, "limitation": 1, "recommendation": 1}
    only = loaded.search_findings(parse('"quan ly doan vien" kind:limitation'))
    assert only.total == 1
    hit = only.hits[0]
    assert hit.text == "Việc triển khai phần mềm Quản lý đoàn viên còn chậm"
    assert hit.source == "a/danang.txt" and hit.date == "2022-07-08" and hit.kind == "limitation"
    assert [t for t, m in hit.marked if m] == ["Quản lý đoàn viên"]
    assert hit.inspected_units == ("Đoàn TN Tổng Công ty Điện lực Miền Trung",)
    # document filters apply to the finding's document
    assert loaded.search_findings(parse("doan vien from:2024")).total == 1
    assert loaded.search_findings(parse("doan vien -chậm")).total == 2


def test_a_record_upserted_again_with_fewer_findings_leaves_none_behind(loaded):
    _needs(loaded, "search_findings")
    rec = next(r for r in CORPUS if len(r.findings) >= 2)
    kept = rec.findings[1]
    loaded.upsert([replace(rec, findings=(kept,))])
    of_rec = [h for h in loaded.search_findings(parse("")).hits if h.source == rec.document.source]
    assert [(h.kind, h.text) for h in of_rec] == [(kept.kind, kept.text)]
    assert loaded.get(rec.doc_id).findings == (kept,)
    assert loaded.count() == len(CORPUS)


def test_stats(loaded):
    _needs(loaded, "stats")
    st = loaded.stats(parse(""), indicator="doan vien uu tu")
    assert st.documents == 4
    assert set(st.findings_by_year) == {("2022", "limitation", 1), ("2022", "recommendation", 1),
                                        ("2022", "strength", 1), ("2024", "strength", 1)}
    assert st.documents_by_month == (("2022-06", 1), ("2022-07", 1), ("2024-06", 1))
    assert dict(st.top_units)["Huyện đoàn Yên Khánh"] == 1 and len(st.top_units) == 4
    assert [(d, v) for d, v, _, _ in st.figures] == [("2022-06-04", 19), ("2024-06-20", 25)]
    narrowed = loaded.stats(parse("year:2024"))
    assert narrowed.documents == 1 and narrowed.findings_by_year == (("2024", "strength", 1),)


def test_manifest(backend):
    backend.record_files([FileEntry("b/x.pdf", "ab" * 32, 10, "pdf", "indexed"),
                          FileEntry("a/y.txt", None, 3, None, "failed", "CorruptFile: bad bytes")])
    backend.record_file(FileEntry("c/" + "z" * 600 + ".txt", "cd" * 32, 5, "txt", "indexed"))
    assert backend.file("a/y.txt").error == "CorruptFile: bad bytes"
    assert backend.file("nope") is None
    assert [f.path[:2] for f in backend.files()] == ["a/", "b/", "c/"]
    assert [f.path for f in backend.files("failed")] == ["a/y.txt"]
    backend.record_files([FileEntry("a/y.txt", "ef" * 32, 3, "txt", "indexed"),
                          FileEntry("d/ü.txt", "0f" * 32, 1, "txt", "indexed")])
    assert backend.files("failed") == []
    entry = backend.file("a/y.txt")
    assert (entry.status, entry.sha256, entry.error) == ("indexed", "ef" * 32, None) and entry.updated
    assert len(backend.files()) == 4
    backend.record_files([])
    assert len(backend.files()) == 4


def test_items_people_keep_are_kept_apart_from_the_documents(loaded):
    loaded.put_item("saved-search", "b", {"name": "Đoàn viên 2022", "q": "đoàn viên", "filters": ["2022"]})
    loaded.put_item("saved-search", "a", {"name": "Kiểm tra"})
    loaded.put_item("correction", "a", {"field": "inspected_units"})
    assert loaded.item("saved-search", "b") == {"name": "Đoàn viên 2022", "q": "đoàn viên", "filters": ["2022"]}
    assert loaded.item("saved-search", "zz") is None
    listed = loaded.items("saved-search")
    assert [(i.kind, i.key) for i in listed] == [("saved-search", "a"), ("saved-search", "b")]
    assert listed[0].value == {"name": "Kiểm tra"} and listed[0].updated
    loaded.put_item("saved-search", "a", {"name": "Giám sát"})            # a key's value replaces the old
    assert loaded.item("saved-search", "a") == {"name": "Giám sát"}
    # documents written again leave them as they are
    loaded.upsert(CORPUS)
    assert loaded.item("correction", "a") == {"field": "inspected_units"}
    assert loaded.delete_item("saved-search", "a") is True
    assert loaded.delete_item("saved-search", "a") is False
    assert [i.key for i in loaded.items("saved-search")] == ["b"]
    assert loaded.count() == len(CORPUS)

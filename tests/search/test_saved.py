"""Saved searches on every backend (the ``backend`` fixture): kept beside the documents, read back as
the same query, and what is new for each: the documents matching it by the time they were written in
the index (``Backend.indexed_since``), each listed once by the alerts."""
from __future__ import annotations

import time

import pytest

from search import parse, saved
from search.base import Reindexable

from .records import CORPUS, make_record


@pytest.fixture
def loaded(backend):
    backend.upsert(CORPUS)
    return backend


def _new(i: int, text: str = "", kind: str = "limitation"):
    finding = f"Chi đoàn số {i} còn hạn chế trong việc cập nhật phần mềm quản lý đoàn viên."
    return make_record(f"moi/{i}.txt", f"Báo cáo kiểm tra số {i}/BC-ĐTN. {finding} {text}",
                       title=f"Báo cáo kiểm tra số {i}", published="2024-03-0" + str(i % 9 + 1),
                       units=(f"Chi đoàn số {i}",), activity=("kiểm tra",),
                       findings=((kind, finding), ("strength", "Đơn vị hoàn thành tốt nhiệm vụ.")))


def test_indexed_since_lists_matching_documents_most_recently_written_first(backend):
    first, second, other = _new(1), _new(2), make_record("khac.txt", "Thông báo lịch nghỉ lễ.", title="Khác")
    backend.upsert([first, other])
    time.sleep(1.1)                                  # indexed_at is kept to the second
    backend.upsert([second])
    q = parse("kiem tra")
    rows = backend.indexed_since(q)
    assert [d for d, _ in rows] == [second.doc_id, first.doc_id]          # the other one does not match
    assert rows[0][1] > rows[1][1] and rows[0][1].endswith("+00:00")
    assert [d for d, _ in backend.indexed_since(q, rows[0][1])] == [second.doc_id]
    assert [d for d, _ in backend.indexed_since(q, limit=1)] == [second.doc_id]
    assert backend.indexed_since(q, limit=0) == []
    assert len(backend.indexed_since(parse(""))) == 3                      # the empty query: everything
    assert [d for d, _ in backend.indexed_since(parse("kind:limitation year:2024"))] == [
        second.doc_id, first.doc_id]
    # a record written again is written now
    time.sleep(1.1)
    backend.upsert([first])
    assert [d for d, _ in backend.indexed_since(q)] == [first.doc_id, second.doc_id]


def test_a_saved_search_is_kept_and_read_back_as_the_same_query(loaded):
    q = parse('"quản lý đoàn viên" -thi', kind=["limitation"], year=["2022"], sort="-date")
    params = {"q": ['"quản lý đoàn viên" -thi'], "kind": ["limitation"], "year": ["2022"], "sort": ["-date"],
              "page": ["3"]}
    s = saved.save(loaded, "  Hạn chế   về phần mềm ", "findings", params, q)
    assert s.name == "Hạn chế về phần mềm" and s.view == "findings" and len(s.key) == 12
    assert "page" not in s.params and s.params["kind"] == ["limitation"]
    back = saved.load(loaded, s.key)
    assert back == s
    assert (back.as_query().terms, back.as_query().filters, back.as_query().sort) == (q.terms, q.filters, q.sort)
    assert loaded.search(back.as_query()).total == loaded.search(q).total
    other = saved.save(loaded, "Tất cả", "search", {}, parse(""))
    assert [x.key for x in saved.listed(loaded)] in ([other.key, s.key], [s.key, other.key])
    assert saved.listed(loaded)[0].created >= saved.listed(loaded)[1].created
    # kept apart from the documents: writing them again leaves the saved searches as they are
    loaded.upsert(CORPUS)
    assert saved.load(loaded, s.key) == s
    assert saved.delete(loaded, s.key) is True and saved.delete(loaded, s.key) is False
    assert saved.load(loaded, s.key) is None and [x.key for x in saved.listed(loaded)] == [other.key]
    assert saved.load(loaded, "../x") is None and saved.load(loaded, "") is None


@pytest.mark.parametrize("name, view, code", [("", "search", "name-missing"), ("   ", "search", "name-missing"),
                                              ("x" * 201, "search", "name-too-long"), ("Tên", "stats", "bad-view")])
def test_what_cannot_be_saved_says_why_in_vietnamese(loaded, name, view, code):
    with pytest.raises(saved.SavedSearchError) as err:
        saved.save(loaded, name, view, {}, parse(""))
    assert err.value.code == code and str(err.value)[0].isupper()
    assert saved.listed(loaded) == []


def test_the_alerts_list_each_new_matching_document_once(loaded):
    s = saved.save(loaded, "Hạn chế 2024", "search", {}, parse("phan mem", kind=["limitation"], year=["2024"]))
    assert saved.news(loaded, s) == []                       # what matched before it was saved is no news
    loaded.upsert([_new(1), make_record("khac.txt", "Thông báo phần mềm nghỉ lễ.", title="Khác", published="2024-01-02")])
    assert [d.title for d in saved.news(loaded, s, commit=False)] == ["Báo cáo kiểm tra số 1"]   # a look only
    new = saved.news(loaded, s)
    assert [d.title for d in new] == ["Báo cáo kiểm tra số 1"]
    d = new[0]
    assert d.source == "moi/1.txt" and d.inspected_units == ("Chi đoàn số 1",) and d.published.startswith("2024")
    # the findings listed are those the search asks for (its kind, its words)
    assert d.findings == (("limitation", "Chi đoàn số 1 còn hạn chế trong việc cập nhật phần mềm quản lý đoàn viên."),)
    assert saved.news(loaded, s) == []                       # listed once
    loaded.upsert([_new(2), _new(3, kind="recommendation")])
    assert sorted(d.title for d in saved.news(loaded, s)) == ["Báo cáo kiểm tra số 2"]
    assert saved.news(loaded, s) == []
    # the feed lists the most recently written matching documents, whatever the alerts saw
    assert {d.title for d in saved.recent(loaded, s)} == {"Báo cáo kiểm tra số 1", "Báo cáo kiểm tra số 2"}
    assert [d.title for d in saved.recent(loaded, s, limit=1)][0].startswith("Báo cáo kiểm tra số")


def test_a_document_written_late_within_the_overlap_is_still_listed(loaded):
    """A record whose ``indexed_at`` is older than the newest one seen, searchable only after a run (a
    long write, Elasticsearch's refresh), is listed by the next run, and only once."""
    s = saved.save(loaded, "Kiểm tra", "search", {}, parse("kiem tra"))
    loaded.upsert([_new(1)])
    assert [d.title for d in saved.news(loaded, s)] == ["Báo cáo kiểm tra số 1"]
    state = loaded.item(saved.SEEN_KIND, s.key)
    assert _new(1).doc_id in state["ids"]
    # as if document 1 had been seen a minute later than it was written, and 4 not yet seen
    loaded.put_item(saved.SEEN_KIND, s.key, {**state, "newest": saved._back(state["newest"], -60)})
    loaded.upsert([_new(4)])
    assert [d.title for d in saved.news(loaded, s)] == ["Báo cáo kiểm tra số 4"]
    assert saved.news(loaded, s) == []


def test_saved_searches_and_what_was_seen_survive_a_reindex(loaded):
    if not isinstance(loaded, Reindexable):
        pytest.skip("this backend keeps its derived data current by itself: it has no reindex")
    s = saved.save(loaded, "Kiểm tra", "search", {}, parse("kiem tra"))
    loaded.upsert([_new(1)])
    before = loaded.indexed_since(parse(""))
    assert [d.title for d in saved.news(loaded, s)] == ["Báo cáo kiểm tra số 1"]
    loaded.reindex()
    assert saved.load(loaded, s.key) == s
    assert loaded.indexed_since(parse("")) == before        # a reindex writes no document anew
    assert saved.news(loaded, s) == []

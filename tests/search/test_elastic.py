"""What only the Elasticsearch backend has: the alias and mapping version, an unreachable cluster,
bulk ingest at size (and agreeing with SQLite there), the manifest index, and a node that stops in
the middle of a bulk ingest. The shared behaviour is in test_contract.py."""
from __future__ import annotations

import logging
import os
import socket
import time
import uuid
from dataclasses import replace

import pytest

from .synthetic import synthetic_records
from search import IndexUnavailable, open_backend, parse
from search.elastic import (MAPPING_VERSION, META_KEY, BulkIndexingFailed, ElasticsearchBackend,
                            MappingVersionError)
from tests.conftest import ElasticsearchNode

from .records import CORPUS

pytestmark = pytest.mark.elasticsearch


def _name() -> str:
    return f"kiemtra-test-{uuid.uuid4().hex[:12]}"


@pytest.fixture
def es(elasticsearch_url):
    b = ElasticsearchBackend(elasticsearch_url, index=_name())
    yield b
    b.drop()
    b.close()


@pytest.fixture(scope="module")
def many():
    return synthetic_records(2000, seed=11)


def test_documents_live_behind_an_alias_with_the_mapping_version(es):
    assert es.index.startswith(f"{es.alias}-v{MAPPING_VERSION}-")
    assert list(es.client.indices.get_alias(name=es.alias)) == [es.index]
    meta = es.client.indices.get_mapping(index=es.alias)[es.index]["mappings"]["_meta"]
    assert meta[META_KEY] == MAPPING_VERSION
    assert es.client.indices.exists(index=es.files_index)
    again = ElasticsearchBackend(es.url, index=es.alias)  # reopening uses the same index
    assert again.index == es.index
    again.close()


def test_an_older_mapping_version_is_a_clear_error(es):
    es.client.indices.put_mapping(index=es.index, meta={META_KEY: MAPPING_VERSION - 1})
    with pytest.raises(MappingVersionError) as err:
        ElasticsearchBackend(es.url, index=es.alias)
    assert isinstance(err.value, IndexUnavailable)
    reason = err.value.reason
    assert f"mapping version {MAPPING_VERSION - 1}, older than this kiemtra's version {MAPPING_VERSION}" in reason
    assert es.index in reason and "Upgrade it in place with `kiemtra reindex`" in reason


def test_an_index_kiemtra_did_not_make_is_refused(elasticsearch_url):
    name = _name()
    b = None
    try:
        from elasticsearch import Elasticsearch

        with Elasticsearch(elasticsearch_url) as client:
            client.indices.create(index=name, settings={"number_of_replicas": 0})
            with pytest.raises(MappingVersionError, match="not made by kiemtra"):
                b = ElasticsearchBackend(elasticsearch_url, index=name)
            client.indices.delete(index=name)
    finally:
        if b:
            b.close()


def test_an_unreachable_cluster_is_index_unavailable():
    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    started = time.monotonic()
    with pytest.raises(IndexUnavailable) as err:
        open_backend(f"http://127.0.0.1:{port}", timeout=2)
    assert time.monotonic() - started < 15
    assert err.value.url == f"http://127.0.0.1:{port}"
    assert "cannot reach Elasticsearch while connecting" in err.value.reason
    assert "Connection refused" in err.value.reason and "Is it running?" in err.value.reason


def test_a_failed_search_of_a_multi_search_is_mapped_as_a_search_alone(es):
    # the near copies of many texts are one msearch: an index deleted meanwhile answers each search with
    # an error, which is the same IndexUnavailable a single search raises
    text = " ".join(f"đoàn kiểm tra số {i} làm việc với đoàn xã" for i in range(20))
    assert es.near_copies([text]) == [[]]
    es.client.indices.delete(index=f"{es.alias}*", expand_wildcards="all")
    with pytest.raises(IndexUnavailable) as err:
        es.near_copies([text, text])
    assert "was deleted while looking for other files of a report" in err.value.reason


def test_credentials_are_not_shown_in_errors():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(IndexUnavailable) as err:
        open_backend(f"http://kiem:s3cret@127.0.0.1:{port}", timeout=2)
    assert "s3cret" not in str(err.value)


def test_bulk_of_2000_records(es, many):
    started = time.monotonic()
    assert es.upsert(many) == 2000
    elapsed = time.monotonic() - started
    assert es.count() == 2000
    assert es.search(parse("")).total == 2000
    got = [r.doc_id for r in es.iter_records()]
    assert got == [r.doc_id for r in many]  # every record once, in insertion order
    assert es.get(many[1234].doc_id).to_json(text=True) == many[1234].to_json(text=True)
    # upserting again (some twice in one call) replaces, keeps the count and the insertion order
    assert es.upsert([*many[1500:], *many[:10], many[0]]) == 511
    assert es.count() == 2000
    assert [r.doc_id for r in es.iter_records()] == got
    print(f"2000 records indexed in {elapsed:.1f}s")


QUERIES = [
    ("", {"sort": "-date"}),
    ("", {"sort": "date", "page": 3, "per_page": 50}),
    ("kiem tra", {"sort": "-date", "per_page": 100}),
    ("doan vien uu tu", {"sort": "date"}),
    ('"phan mem quan ly doan vien"', {"sort": "-date"}),
    ("sinh hoat chi doan -phan", {"sort": "date"}),
    ('unit:"huyen doan tieu can"', {"sort": "-date"}),
    ("unit:Khánh unit:Cầu", {"sort": "date"}),
    ("kind:limitation year:2023", {"sort": "-date"}),
    ("ref:120-KH/TĐTN-KT", {}),
    ("ref:120", {}),
    ("giam sat from:2021-01 to:2022-06", {"sort": "date", "per_page": 100}),
    ("doan phi format:pdf activity:\"giám sát\"", {"sort": "-date"}),
    ("to:2019", {"sort": "date"}),
]


@pytest.fixture(scope="module")
def pair(elasticsearch_url, many, tmp_path_factory):
    """The 2,000 records in SQLite and in Elasticsearch, 50 of them upserted a second time (which
    moves their findings and figures last in write order, on both)."""
    sq = open_backend(f"sqlite:///{tmp_path_factory.mktemp('pair') / 'index.db'}")
    es = ElasticsearchBackend(elasticsearch_url, index=_name())
    for b in (sq, es):
        b.upsert(many)
        b.upsert(many[100:150])
    yield sq, es
    sq.close()
    es.drop()
    es.close()


@pytest.mark.parametrize("text, params", QUERIES)
def test_agrees_with_the_embedded_backend_on_2000_records(pair, text, params):
    """Same totals, facets (values, counts, order, the 15-value cut) and, where the order is fixed
    (date sorts, ties by insertion order), the same hits with the same snippets; the same findings
    search answers and statistics."""
    sq, es = pair
    q = parse(text, **params)
    want, got = sq.search(q), es.search(q)
    assert got.total == want.total
    assert got.facets == want.facets
    if q.sort == "relevance" and q.positive_terms:
        rq = parse(text, per_page=100)
        assert {h.doc_id for h in es.search(rq).hits} <= {r.doc_id for r in sq.iter_records(rq)}
    else:
        strip = lambda hits: [(h.doc_id, h.source, h.title, h.date, h.format, h.snippet, h.inspected_units)
                              for h in hits]
        assert strip(got.hits) == strip(want.hits)
    assert [r.doc_id for r in es.iter_records(q)] == [r.doc_id for r in sq.iter_records(q)]
    # findings search (two pages, each kind) and statistics over the same query
    for extra in ({"per_page": 100}, {"per_page": 100, "page": 2}, {"kind": "limitation"},
                  {"kind": "recommendation", "page": 2, "per_page": 10}):
        fq = parse(text, **{**params, **extra})
        assert es.search_findings(fq) == sq.search_findings(fq)
    for indicator in ("doan vien uu tu", "chi đoàn", None):
        assert by_year_sorted(es.stats(q, indicator=indicator)) == by_year_sorted(sq.stats(q, indicator=indicator))


def by_year_sorted(st):
    """Statistics with the (year, kind, findings) rows in one order: the contract leaves it open."""
    return replace(st, findings_by_year=tuple(sorted(st.findings_by_year)))


def test_facet_ties_at_the_cut_as_the_embedded_backend(es, tmp_path):
    """20 units with one document each: the 15 shown are the first by value, as SQLite shows them."""
    from .records import make_record

    recs = [make_record(f"u/{i}.txt", f"Kiểm tra đơn vị số {i}.", units=(f"Chi đoàn {chr(0x41 + (i * 7) % 20)}",))
            for i in range(20)]
    sq = open_backend(f"sqlite:///{tmp_path / 'index.db'}")
    try:
        sq.upsert(recs)
        es.upsert(recs)
        assert es.search(parse("kiem tra")).facets == sq.search(parse("kiem tra")).facets
        assert len(es.search(parse("")).facets["inspected_unit"]) == 15
    finally:
        sq.close()


def test_search_after_delete_and_reupsert_keeps_working(es):
    es.upsert(CORPUS)
    assert es.delete(CORPUS[0].doc_id)
    es.upsert(CORPUS)
    assert es.count() == len(CORPUS)
    # the deleted and re-added record is now the newest insertion
    assert [r.doc_id for r in es.iter_records()][-1] == CORPUS[0].doc_id


def test_a_refused_document_leaves_no_findings_and_is_reported(es, monkeypatch):
    """A document the cluster refuses (here: a field the strict mapping does not have) fails the
    upsert with its reason, and none of its findings stay searchable without it."""
    from search.elastic import backend as elastic  # where upsert builds documents

    good, bad = CORPUS[0], next(r for r in CORPUS[1:] if r.findings)
    build = elastic.document

    def document(rec, *args, **kwargs):
        doc = build(rec, *args, **kwargs)
        return {**doc, "unexpected": 1} if rec.doc_id == bad.doc_id else doc

    monkeypatch.setattr(elastic, "document", document)
    with pytest.raises(BulkIndexingFailed, match="refused 1 of 2 documents") as err:
        es.upsert([good, bad])
    assert bad.doc_id in str(err.value) and "strict" in str(err.value)
    es.refresh()
    assert es.get(bad.doc_id) is None and es.get(good.doc_id) is not None
    assert {h.source for h in es.search_findings(parse("")).hits} == {good.document.source}


def test_a_refused_new_version_leaves_the_stored_one_whole(es, monkeypatch):
    """A document already indexed whose new version the cluster refuses keeps its stored version
    and that version's findings (the new version's findings, written beside it, are undone)."""
    from search.elastic import backend as elastic  # where upsert builds documents

    rec = next(r for r in CORPUS if len(r.findings) >= 2)
    es.upsert([rec])
    before = [(h.kind, h.text) for h in es.search_findings(parse("")).hits]
    newer = replace(rec, findings=(replace(rec.findings[0], text="Một hạn chế khác hẳn"),))
    build = elastic.document
    monkeypatch.setattr(elastic, "document", lambda r, *a, **k: {**build(r, *a, **k), "unexpected": 1})
    with pytest.raises(BulkIndexingFailed, match="refused 1 of 1"):
        es.upsert([newer])
    es.refresh()
    assert es.get(rec.doc_id).findings == rec.findings
    assert [(h.kind, h.text) for h in es.search_findings(parse("")).hits] == before


@pytest.fixture
def second_node(elasticsearch_url):
    """A node of its own, so stopping it leaves the session's node running."""
    node = ElasticsearchNode(f"pytest-outage-{os.getpid()}")
    node.wipe()
    yield node
    node.wipe()


def test_node_stopped_during_bulk_ingest(second_node, caplog):
    url = second_node.start()
    port = int(url.rsplit(":", 1)[1])
    records = synthetic_records(3000, seed=5)
    options = dict(index="kiemtra-outage", chunk_size=200, max_retries=2, initial_backoff=0.2)
    b = ElasticsearchBackend(url, **options)

    def feed():
        for i, rec in enumerate(records):
            if i == 1000:  # the node goes away while batch 6 is read; upsert reads one batch
                second_node.stop()  # ahead, so batch 5 (records 800-999) is not sent yet
            yield rec

    caplog.set_level(logging.WARNING, logger="search.elastic")
    with pytest.raises(BulkIndexingFailed) as err:
        b.upsert(feed())
    b.close()
    assert err.value.written == 800
    assert "stopped answering during bulk indexing (ConnectionError:" in err.value.reason
    assert "Connection refused" in err.value.reason
    assert "gave up after 2 retries" in err.value.reason and "Run the same ingest again" in err.value.reason
    assert len([r for r in caplog.records if "retry" in r.getMessage()]) == 2

    url = second_node.start(port=port)
    b = ElasticsearchBackend(url, **options)
    try:
        assert b.count() == 800  # what was acknowledged survived the stop
        assert b.upsert(records) == 3000
        assert b.count() == 3000
        ids = [r.doc_id for r in b.iter_records()]
        assert len(ids) == len(set(ids)) == 3000
        assert set(ids) == {r.doc_id for r in records}
        assert ids == [r.doc_id for r in records]  # the first 800 kept their place
    finally:
        b.close()


def test_writes_not_yet_searchable_keep_insertion_order(es, many):
    """``upsert(refresh=False)`` (a batch ingest's flushes) leaves writes unsearchable for a while;
    the next upsert still numbers its records after them."""
    es.client.indices.put_settings(index=[es.alias, es.findings_alias], settings={"index.refresh_interval": "-1"})
    for i in range(0, 300, 100):
        es.upsert(many[i:i + 100], refresh=False)
    assert es.search(parse("")).total < 300  # not searchable yet
    es.refresh()
    assert [r.doc_id for r in es.iter_records()] == [r.doc_id for r in many[:300]]
    seqs = es.client.search(index=es.alias, size=300, source=["seq", "wseq"])["hits"]["hits"]
    assert len({h["_source"]["seq"] for h in seqs}) == len({h["_source"]["wseq"] for h in seqs}) == 300

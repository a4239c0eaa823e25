"""Re-indexing behind the alias on a real node: same answers after, searches answered throughout,
writes refused (never lost) meanwhile, an interrupted copy leaves the index as it was, and an index
with an older mapping (version 1: no findings index, no write order) is upgraded."""
from __future__ import annotations

import os
import threading
import time
import uuid

import pytest

from .synthetic import synthetic_records
from search import IndexUnavailable, open_backend, parse
from search.base import Reindexable
from search.elastic import (MAPPING_VERSION, MAPPINGS, META_KEY, SETTINGS, BulkIndexingFailed,
                            ElasticsearchBackend, MappingVersionError, document)

from .records import CORPUS
from .test_elastic import by_year_sorted

pytestmark = pytest.mark.elasticsearch


@pytest.fixture(scope="module")
def records():
    return synthetic_records(2500, seed=23)


@pytest.fixture
def es(elasticsearch_url):
    b = ElasticsearchBackend(elasticsearch_url, index=f"kiemtra-test-{uuid.uuid4().hex[:12]}")
    yield b
    b.drop()
    b.close()


def _indices(b: ElasticsearchBackend) -> set[str]:
    return set(b.client.indices.get(index=f"{b.alias}-*", expand_wildcards="open"))


def _answers(b, queries=("", "kiem tra", "unit:Khánh kind:limitation", "ref:120")):
    """Everything a reader sees: hits, facets, findings, statistics, the export order."""
    out = []
    for text in queries:
        q = parse(text, sort="-date", per_page=50)
        out += [b.search(q), b.search_findings(q), by_year_sorted(b.stats(q, indicator="doan vien uu tu")),
                [r.to_json(text=True) for r in b.iter_records(parse(text))]]
    return out


def test_reindex_moves_the_alias_and_keeps_every_answer(es, records):
    assert isinstance(es, Reindexable)
    es.upsert(records[:600])
    es.upsert(records[100:150])  # re-upserted: their findings move last in write order
    before = _answers(es)
    old = (es.index, es.findings_index)
    done = es.reindex()
    assert (done.documents, done.from_version, done.to_version) == (600, MAPPING_VERSION, MAPPING_VERSION)
    assert done.findings == sum(len(r.findings) for r in records[:600])
    assert done.old == old and done.kept == ()
    assert es.index == done.new[0] != old[0] and es.findings_index == done.new[1]
    assert list(es.client.indices.get_alias(name=es.alias)) == [es.index]
    assert list(es.client.indices.get_alias(name=es.findings_alias)) == [es.findings_index]
    assert _indices(es) == {es.index, es.findings_index, es.files_index, es.items_index}  # the old ones are gone
    assert _answers(es) == before
    again = ElasticsearchBackend(es.url, index=es.alias)  # another process sees the new index
    assert again.index == es.index and _answers(again) == before
    again.close()
    # writing goes on after the swap, insertion order continued
    es.upsert(records[600:610])
    assert [r.doc_id for r in es.iter_records()] == [r.doc_id for r in records[:610]]


def test_keep_old_leaves_the_old_indices_read_only(es):
    from elasticsearch import AuthorizationException

    es.upsert(CORPUS)
    done = es.reindex(keep_old=True)
    try:
        assert done.kept == done.old and set(done.kept) <= _indices(es)
        assert es.client.count(index=done.kept[0])["count"] == len(CORPUS)
        assert es.search(parse("ke hoach 383")).hits[0].source == "a/danang.txt"
        with pytest.raises(AuthorizationException, match="cluster_block_exception"):
            es.client.delete(index=done.kept[0], id=CORPUS[0].doc_id)
    finally:
        es.client.indices.delete(index=list(done.kept))


def test_searches_are_answered_throughout_a_reindex(es, records):
    """A reader in a loop while the copy runs and the alias moves: no error, no empty or partial
    answer, and some answers come from each side of the swap."""
    es.upsert(records)
    reader = ElasticsearchBackend(es.url, index=es.alias)
    q = parse("kiem tra", sort="-date")
    want = reader.search(q)
    assert want.total > 1000
    seen, failures = [], []
    stop = threading.Event()

    def read():
        while not stop.is_set():
            try:
                got = reader.search(q)
                findings = reader.search_findings(parse("doan vien"))
                seen.append((time.monotonic(), got == want, findings.total))
            except Exception as exc:  # noqa: BLE001 - every failure is the test's finding
                failures.append(repr(exc))

    thread = threading.Thread(target=read)
    thread.start()
    try:
        time.sleep(0.3)
        started = time.monotonic()
        done = es.reindex()
        swapped = time.monotonic()
        time.sleep(0.5)
    finally:
        stop.set()
        thread.join()
        reader.close()
    assert failures == []
    assert done.documents == len(records)
    assert all(same for _, same, _ in seen)
    assert len({n for _, _, n in seen}) == 1 and seen[0][2] > 0
    during = [t for t, _, _ in seen if started < t < swapped]
    after = [t for t, _, _ in seen if t > swapped]
    print(f"{len(during)} searches during the {swapped - started:.1f}s reindex, {len(after)} after it")
    assert len(during) >= 5 and after


def test_writes_during_a_reindex_are_refused_with_a_message_and_land_afterwards(es, records):
    es.upsert(records[:1500])
    writer = ElasticsearchBackend(es.url, index=es.alias)
    late = records[1500:1510]
    refused = []

    def write_midway(done, total):
        if done == 1000:  # the copy is running: the old index refuses writes
            with pytest.raises(BulkIndexingFailed) as err:
                writer.upsert(late)
            refused.append(err.value.reason)
            with pytest.raises(IndexUnavailable) as err:
                writer.delete(records[0].doc_id)
            refused.append(err.value.reason)

    try:
        es.reindex(progress=write_midway)
        assert len(refused) == 2
        for reason in refused:
            assert "refuses writes" in reason and "`kiemtra reindex` blocks writes" in reason
            assert "run the same command again" in reason
        assert es.count() == 1500 and es.get(late[0].doc_id) is None
        assert writer.upsert(late) == 10 and writer.delete(records[0].doc_id)  # run again: they land
        assert es.count() == 1509 and es.get(late[0].doc_id) is not None
    finally:
        writer.close()


def test_a_second_reindex_while_one_runs_is_refused_before_it_touches_anything(es, records):
    es.upsert(records[:1500])
    before = _answers(es, queries=("", "kiem tra"))
    other = ElasticsearchBackend(es.url, index=es.alias)
    refused = []

    def second_midway(done, total):
        if done == 500:
            with pytest.raises(IndexUnavailable) as err:
                other.reindex()
            refused.append(err.value.reason)
            # the first one's write block is still on: the second lifted nothing
            with pytest.raises(BulkIndexingFailed, match="refuses writes"):
                other.upsert(records[1500:1501])

    try:
        done = es.reindex(progress=second_midway)
        assert done.documents == 1500
        assert len(refused) == 1 and "another `kiemtra reindex`" in refused[0]
        assert f"{es.alias}-reindexing" in refused[0] and str(os.getpid()) in refused[0]
        assert _answers(es, queries=("", "kiem tra")) == before
        assert _indices(es) == {*done.new, es.files_index, es.items_index}  # nothing of the second one's, no lock left
        assert other.reindex().documents == 1500  # the lock went with the first one
    finally:
        other.close()


def test_a_lock_left_by_a_killed_reindex_is_named_in_the_message(es):
    es.upsert(CORPUS)
    es.client.indices.create(index=f"{es.alias}-reindexing",
                             mappings={"_meta": {"host": "archive-1", "pid": 4242, "started": "2026-01-02"}})
    try:
        with pytest.raises(IndexUnavailable, match="process 4242 on archive-1") as err:
            es.reindex()
        assert f"delete the index '{es.alias}-reindexing'" in err.value.reason
        assert es.upsert(CORPUS[:1]) == 1  # it blocked nothing
    finally:
        es.client.indices.delete(index=f"{es.alias}-reindexing")
    assert es.reindex().documents == len(CORPUS)


def test_a_reindex_removes_only_its_own_lock(es, records):
    """If its lock was deleted by hand and another run took it, a reindex that ends leaves that
    run's lock alone."""
    es.upsert(records[:600])
    lock = f"{es.alias}-reindexing"

    def taken_over(done, total):
        if done == 500:
            es.client.indices.delete(index=lock)
            es.client.indices.create(index=lock, mappings={"_meta": {"pid": 1, "host": "h", "token": "other"}})

    try:
        es.reindex(progress=taken_over)
        assert es.client.indices.exists(index=lock)
        with pytest.raises(IndexUnavailable, match="another `kiemtra reindex`"):
            es.reindex()
    finally:
        es.client.indices.delete(index=lock, ignore_unavailable=True)


class Interrupted(Exception):
    pass


def test_an_interrupted_reindex_leaves_the_index_as_it_was(es, records):
    es.upsert(records[:1500])
    before = _indices(es)

    def interrupt(done, total):
        raise Interrupted

    with pytest.raises(Interrupted):
        es.reindex(progress=interrupt)
    assert _indices(es) == before  # the half-made copy is gone
    assert list(es.client.indices.get_alias(name=es.alias)) == [es.index]
    assert es.upsert(records[1500:1501]) == 1  # writes are allowed again
    assert es.count() == 1501


# -- an index written by mapping version 1 ----------------------------------------------------------
NOT_IN_V1 = ("year", "month", "wseq", "nfindings", "fk", "fv", "figs", "figure_units")


def _v1_index(url: str, alias: str, recs) -> None:
    """The layout of mapping version 1: one index behind the alias, no findings index, no
    year/month/write order, figures without unit_key."""
    props = {k: v for k, v in MAPPINGS["properties"].items() if k not in NOT_IN_V1}
    props["figures"] = {"type": "nested", "properties": {
        k: v for k, v in MAPPINGS["properties"]["figures"]["properties"].items() if k != "unit_key"}}
    mappings = {**MAPPINGS, "_meta": {META_KEY: 1, "app": "kiemtra"}, "properties": props}
    from elasticsearch import Elasticsearch, helpers

    with Elasticsearch(url) as client:
        client.indices.create(index=f"{alias}-v1-20240101000000000000", mappings=mappings, settings=SETTINGS,
                              aliases={alias: {"is_write_index": True}})
        docs = []
        for seq, rec in enumerate(recs, 1):
            doc = {k: v for k, v in document(rec, seq).items() if k not in NOT_IN_V1}
            doc["figures"] = [{k: v for k, v in f.items() if k != "unit_key"} for f in doc["figures"]]
            docs.append({"_index": alias, "_id": rec.doc_id, "_source": doc})
        helpers.bulk(client, docs, refresh=True)


def test_an_index_with_an_older_mapping_is_upgraded_by_reindex(elasticsearch_url, records, tmp_path):
    alias = f"kiemtra-test-{uuid.uuid4().hex[:12]}"
    recs = [*CORPUS, *records[:300]]
    _v1_index(elasticsearch_url, alias, recs)
    with pytest.raises(MappingVersionError) as err:
        ElasticsearchBackend(elasticsearch_url, index=alias)
    assert "mapping version 1, older than this kiemtra's version" in err.value.reason
    assert "`kiemtra reindex`" in err.value.reason
    old = ElasticsearchBackend(elasticsearch_url, index=alias, allow_old_mapping=True)
    try:
        done = old.reindex()
        assert (done.from_version, done.to_version, done.documents) == (1, MAPPING_VERSION, len(recs))
        assert len(done.old) == 1  # there was no findings index
    finally:
        old.close()
    es = ElasticsearchBackend(elasticsearch_url, index=alias)  # opens normally now
    sq = open_backend(f"sqlite:///{tmp_path / 'index.db'}")
    try:
        sq.upsert(recs)
        assert _answers(es) == _answers(sq)
        assert es.search(parse("ke hoach 383")).hits[0].source == "a/danang.txt"
    finally:
        sq.close()
        es.drop()
        es.close()

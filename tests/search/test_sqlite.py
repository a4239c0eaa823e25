"""What is particular to the SQLite backend: its schema upgrades, the column cache that filters and
counts run on, and ranking of queries whose words are everywhere."""
from __future__ import annotations

import sqlite3

import search.sqlite.backend as sqlite_backend
from search import open_backend, parse

from .records import CORPUS, make_record

QUERIES = ["", "doan vien", "unit:tiểu cần", "kind:limitation", "ref:383", "year:2022", "-chậm doan vien",
           "from:2022-01-01 to:2022-12-31"]


def answers(backend):
    out = []
    for q in QUERIES:
        res = backend.search(parse(q, sort="-date"))
        found = backend.search_findings(parse(q))
        out.append((q, res.total, [h.doc_id for h in res.hits], res.facets, found.total, found.counts,
                    backend.stats(parse(q), indicator="đoàn viên")))
    return out


def test_schema_2_index_is_upgraded_without_losing_facets(tmp_path):
    db = tmp_path / "index.db"
    backend = open_backend(f"sqlite:///{db}")
    backend.upsert(CORPUS)
    before = answers(backend)
    backend.close()
    # rewrite the facet tables the way schema 2 kept them: text rows, one per document and value
    conn = sqlite3.connect(db)
    conn.executescript("""
        CREATE TABLE facets(doc INTEGER NOT NULL, field TEXT NOT NULL, value TEXT NOT NULL, key TEXT NOT NULL);
        INSERT INTO facets SELECT d.doc, k.field, k.value, k.key FROM doc_facets d JOIN facet_keys k ON k.id = d.kid;
        CREATE INDEX facets_key ON facets(field, key);
        DROP TABLE doc_facets;
        DROP TABLE facet_keys;
        UPDATE meta SET value = '2' WHERE key = 'schema_version';
    """)
    conn.close()

    upgraded = open_backend(f"sqlite:///{db}")
    assert answers(upgraded) == before
    tables = {name for (name,) in sqlite3.connect(db).execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert "facets" not in tables and {"facet_keys", "doc_facets"} <= tables
    assert sqlite3.connect(db).execute("SELECT value FROM meta WHERE key='schema_version'").fetchone() == (
        str(sqlite_backend.SCHEMA_VERSION),)


def test_filters_and_counts_follow_every_write(tmp_path):
    backend = open_backend(f"sqlite:///{tmp_path / 'index.db'}")
    backend.upsert(CORPUS)
    units = dict(backend.search(parse("")).facets["inspected_unit"])
    assert "Huyện đoàn Bình Thủy" not in units
    extra = make_record("d/cantho.txt", "Huyện đoàn Bình Thủy được kiểm tra ngày 02/3/2023.",
                        units=("Huyện đoàn Bình Thủy",), published="2023-03-02", activity=("kiểm tra",))
    backend.upsert([extra])
    res = backend.search(parse("unit:binh thuy"))
    assert [h.source for h in res.hits] == ["d/cantho.txt"]
    assert dict(backend.search(parse("")).facets["inspected_unit"])["Huyện đoàn Bình Thủy"] == 1
    assert backend.stats(parse("")).documents == len(CORPUS) + 1
    backend.delete(extra.doc_id)
    assert backend.search(parse("unit:binh thuy")).total == 0
    assert "Huyện đoàn Bình Thủy" not in dict(backend.search(parse("")).facets["inspected_unit"])


def test_words_in_most_documents_of_a_large_index_are_ordered_newest_first(tmp_path, monkeypatch):
    backend = open_backend(f"sqlite:///{tmp_path / 'index.db'}")
    backend.upsert(CORPUS)
    everywhere = [w for w in ("doan", "kiem", "tra", "ngay")
                  if backend.search(parse(w)).total * 2 > len(CORPUS)]
    assert everywhere, "the contract corpus should have a word in most documents"
    word = everywhere[0]
    ranked = backend.search(parse(word))
    assert any(h.score for h in ranked.hits), "below the limit, BM25 ranks the hits"
    monkeypatch.setattr(sqlite_backend, "RANK_LIMIT", 1)
    newest = backend.search(parse(word, sort="-date"))
    fallback = backend.search(parse(word))
    assert [h.doc_id for h in fallback.hits] == [h.doc_id for h in newest.hits]
    assert fallback.total == ranked.total
    # a rarer word is still ranked
    rare = backend.search(parse("tieu can"))
    assert rare.total * 2 <= len(CORPUS) and any(h.score for h in rare.hits)


def test_words_in_most_documents_filter_but_are_left_out_of_the_ranking(tmp_path, monkeypatch):
    """Above RANK_LIMIT documents, BM25 runs over the words that carry weight only: the same hits, in
    the same order, with scores within the weight FTS5 gives the words left out (its IDF floor)."""
    backend = open_backend(f"sqlite:///{tmp_path / 'index.db'}")
    backend.upsert(CORPUS)
    common, rare = "doan", "phan mem"
    assert backend.search(parse(common)).total * 2 > len(CORPUS)
    assert backend.search(parse(rare)).total == 2
    full = backend.search(parse(f"{common} {rare}"))
    monkeypatch.setattr(sqlite_backend, "RANK_LIMIT", 1)
    reduced = backend.search(parse(f"{common} {rare}"))
    assert reduced.total == full.total == 2
    assert [h.doc_id for h in reduced.hits] == [h.doc_id for h in full.hits]
    assert len({h.score for h in reduced.hits}) == 2, "ranked, not listed by date"
    assert all(abs(a.score - b.score) < 1e-4 for a, b in zip(full.hits, reduced.hits))
    # the common word still filters: a document with the rare words only is not a hit
    assert {h.doc_id for h in reduced.hits} <= {h.doc_id for h in backend.search(parse(common)).hits}


def test_statistics_match_a_count_over_the_records(tmp_path):
    backend = open_backend(f"sqlite:///{tmp_path / 'index.db'}")
    backend.upsert(CORPUS)
    from collections import Counter

    from search.facets import record_date
    want = Counter((record_date(r)[:4], f.kind) for r in CORPUS if record_date(r) for f in r.findings)
    got = backend.stats(parse("")).findings_by_year
    assert list(got) == sorted(got), "listed by year, then kind name"
    assert {(y, k): n for y, k, n in got} == dict(want)


# -- columns patched from the change log ---------------------------------------------------------------
def _same_columns(a, b) -> None:
    """``a`` and ``b`` answer alike: live documents, dates, facet values and who carries them,
    findings."""
    import numpy as np

    assert a.generation == b.generation and a.count == b.count
    n = max(a.size, b.size)
    for x, y in ((a.live, b.live), (a.date, b.date), (a.has_activity, b.has_activity)):
        assert np.array_equal(np.pad(x, (0, n - len(x))), np.pad(y, (0, n - len(y))))
    fa, fb = a.facets, b.facets
    assert list(zip(fa.fields, fa.keys, fa.values)) == list(zip(fb.fields, fb.keys, fb.values))
    for i in range(len(fb.fields)):
        assert sorted(fa.docs[fa.ptr[i]:fa.ptr[i + 1]]) == sorted(fb.docs[fb.ptr[i]:fb.ptr[i + 1]]), fb.keys[i]
    assert a.facet_counts(None, 1000) == b.facet_counts(None, 1000)
    assert sorted(zip(a.f_rowid, a.f_doc, a.f_kind)) == sorted(zip(b.f_rowid, b.f_doc, b.f_kind))
    assert np.array_equal(a.f_rowid[a.f_pos[a.f_rowid]], a.f_rowid)


def _columns_of(backend):
    from search.sqlite.columns import Columns

    with backend._reading() as conn:
        cols = backend._columns(conn)
        return cols, Columns(conn, cols.generation)


def test_a_reader_patches_its_columns_with_what_each_write_changed(tmp_path):
    from dataclasses import replace

    from .synthetic import synthetic_records

    path = tmp_path / "index.db"
    writer, reader = open_backend(f"sqlite:///{path}"), open_backend(f"sqlite:///{path}")
    extra = synthetic_records(60, seed=5)
    writer.upsert(CORPUS)
    cols, whole = _columns_of(reader)
    assert not cols.incremental
    steps = [
        lambda: writer.upsert(extra[:30]),                                    # new documents
        lambda: writer.upsert([replace(extra[3], findings=extra[3].findings[:1], inspected_units=()),
                               replace(CORPUS[0], title="Tiêu đề mới")]),      # replaced in place
        lambda: writer.delete(extra[29].doc_id),                              # the last rowid: reused next
        lambda: writer.upsert([extra[29], *extra[30:40]]),
        lambda: writer.upsert([make_record("z/new.txt", "Huyện đoàn Đảo Mới giám sát chi đoàn.",
                                           units=("Huyện đoàn Đảo Mới",), activity=("giám sát",),
                                           findings=(("limitation", "giám sát chi đoàn"),),
                                           dates=(("ngày 02/3/2025", "2025-03-02"),))]),  # a new facet value
        lambda: [writer.delete(r.doc_id) for r in extra[5:9]],                # several writes in a row
        lambda: writer.upsert(extra[40:]),
    ]
    for step in steps:
        step()
        cols, whole = _columns_of(reader)
        assert cols.incremental
        _same_columns(cols, whole)
    assert answers(reader) == answers(open_backend(f"sqlite:///{path}"))


def test_a_reader_loads_the_whole_past_a_generation_without_a_log(tmp_path):
    path = tmp_path / "index.db"
    writer, reader = open_backend(f"sqlite:///{path}"), open_backend(f"sqlite:///{path}")
    writer.upsert(CORPUS[:2])
    _columns_of(reader)
    writer.upsert(CORPUS[2:])
    with sqlite3.connect(path) as conn:  # that write's log was pruned
        conn.execute("DELETE FROM changes WHERE generation = (SELECT max(generation) FROM changes)")
    cols, whole = _columns_of(reader)
    assert not cols.incremental and cols.count == len(CORPUS)
    _same_columns(cols, whole)
    with sqlite3.connect(path) as conn:  # a write that logged nothing (an older kiemtra still running)
        conn.execute("DELETE FROM docs_fts WHERE rowid = (SELECT rowid FROM docs WHERE doc_id = ?)",
                     (CORPUS[0].doc_id,))
        conn.execute("DELETE FROM docs WHERE doc_id = ?", (CORPUS[0].doc_id,))
        conn.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'generation'")
    writer.upsert(CORPUS[1:2])
    cols, whole = _columns_of(reader)
    assert not cols.incremental and cols.count == len(CORPUS) - 1
    _same_columns(cols, whole)
    writer.upsert(CORPUS[:1])  # logged again: patched from here on
    cols, whole = _columns_of(reader)
    assert cols.incremental and cols.count == len(CORPUS)
    _same_columns(cols, whole)


def test_a_reader_one_write_behind_gets_the_previous_columns(tmp_path):
    path = tmp_path / "index.db"
    writer, reader = open_backend(f"sqlite:///{path}"), open_backend(f"sqlite:///{path}")
    writer.upsert(CORPUS[:2])
    behind = sqlite3.connect(path, isolation_level=None)
    behind.execute("BEGIN")
    behind.execute("SELECT count(*) FROM docs").fetchone()  # its snapshot: two documents
    older, _ = _columns_of(reader)
    writer.upsert(CORPUS[2:3])
    newer, _ = _columns_of(reader)
    assert reader._columns(behind) is older                 # kept, not loaded again
    assert reader._columns_cache is newer
    writer.upsert(CORPUS[3:])
    newest, _ = _columns_of(reader)
    from search.sqlite.columns import Columns

    stale = reader._columns(behind)                          # two behind: loaded for it, not kept
    assert stale.count == 2 and stale is not older
    _same_columns(stale, Columns(behind, stale.generation))
    assert reader._columns_cache is newest
    behind.execute("COMMIT")


def test_a_schema_3_index_gets_the_change_log(tmp_path):
    path = tmp_path / "index.db"
    open_backend(f"sqlite:///{path}").upsert(CORPUS[:3])
    with sqlite3.connect(path) as conn:  # as kiemtra with schema 3 left it
        conn.executescript("DROP TABLE changes; UPDATE meta SET value = '3' WHERE key = 'schema_version';")
    writer, reader = open_backend(f"sqlite:///{path}"), open_backend(f"sqlite:///{path}")
    assert not _columns_of(reader)[0].incremental
    writer.upsert(CORPUS[3:])
    cols, whole = _columns_of(reader)
    assert cols.incremental and cols.count == len(CORPUS)
    _same_columns(cols, whole)
    assert sqlite3.connect(path).execute("SELECT value FROM meta WHERE key='schema_version'").fetchone() == (
        str(sqlite_backend.SCHEMA_VERSION),)

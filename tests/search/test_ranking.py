"""BM25 of a large SQLite index scored in two processes (search.sqlite.ranking): exactly the scores of one,
whatever happens to the second process."""
from __future__ import annotations

import logging
import time

import numpy as np
import pytest

import search.sqlite.backend as sqlite_backend
from .synthetic import synthetic_records
from search import open_backend, parse
from search.sqlite.ranking import Ranker, bm25

from .records import CORPUS

EXPRESSIONS = ['"doan" "vien"', '"phan mem quan ly doan vien"', '"kiem" "tra" "tieu"', '"khong" "co" "dau"']


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    path = tmp_path_factory.mktemp("ranking") / "index.db"
    backend = open_backend(f"sqlite:///{path}")
    backend.upsert([*CORPUS, *synthetic_records(400, seed=3)])
    backend.close()
    return path


def _ready(ranker: Ranker, conn) -> None:
    deadline = time.monotonic() + 60
    while not ranker._started():
        assert time.monotonic() < deadline, "the ranking process did not start"
        time.sleep(0.05)


def _whole(conn, expr):
    ids, scores = bm25(conn, expr)
    order = np.argsort(ids)
    return ids[order], scores[order]


def _split(ranker, backend, expr, generation=None):
    with backend._reading() as conn:
        cols = backend._columns(conn)
        ids, scores = ranker.bm25(conn, expr, cols.generation if generation is None else generation, cols.size)
        return ids, scores, _whole(conn, expr)


def test_two_halves_score_exactly_as_the_whole(index):
    backend = open_backend(f"sqlite:///{index}")
    ranker = Ranker(str(index))
    try:
        _ready(ranker, None)
        for expr in EXPRESSIONS:
            ids, scores, (want_ids, want_scores) = _split(ranker, backend, expr)
            assert np.array_equal(ids, want_ids) and np.array_equal(scores, want_scores), expr
        assert ranker._process.poll() is None and not ranker._failed
        # asked about a generation the index has left: this process scores the second half too
        ids, scores, (want_ids, want_scores) = _split(ranker, backend, EXPRESSIONS[0], generation=-5)
        assert np.array_equal(ids, want_ids) and np.array_equal(scores, want_scores)
    finally:
        ranker.close()
        backend.close()
    assert ranker._process is None


def test_a_dead_ranking_process_is_reported_and_ranking_goes_on(index, caplog):
    backend = open_backend(f"sqlite:///{index}")
    ranker = Ranker(str(index))
    try:
        _ready(ranker, None)
        ranker._process.kill()
        ranker._process.wait()
        with caplog.at_level(logging.WARNING, logger="search.sqlite.ranking"):
            ids, scores, (want_ids, want_scores) = _split(ranker, backend, EXPRESSIONS[1])
        assert np.array_equal(ids, want_ids) and np.array_equal(scores, want_scores)
        assert ranker._failed and "ranking in one process from now on" in caplog.text
        ids, scores, (want_ids, want_scores) = _split(ranker, backend, EXPRESSIONS[0])
        assert np.array_equal(ids, want_ids) and np.array_equal(scores, want_scores)
    finally:
        ranker.close()
        backend.close()


def test_a_server_backend_ranks_in_two_processes_with_the_same_answers(index, monkeypatch):
    monkeypatch.setattr(sqlite_backend, "RANK_LIMIT", 10)
    served = open_backend(f"sqlite:///{index}", rank_process=True)
    plain = open_backend(f"sqlite:///{index}")
    try:
        queries = ["doan vien", '"phan mem quan ly doan vien"', "kiem tra tieu can", "sinh hoat -phan"]
        served.search(parse(queries[0]))  # starts the process
        with served._reading() as conn:
            _ready(served._ranker, conn)
        for q in queries:
            a, b = served.search(parse(q, per_page=50)), plain.search(parse(q, per_page=50))
            assert [(h.doc_id, h.score) for h in a.hits] == [(h.doc_id, h.score) for h in b.hits], q
            assert a.total == b.total and a.facets == b.facets
        assert served._ranker._ready and not served._ranker._failed
    finally:
        served.close()
        plain.close()
    assert served._ranker._process is None


def test_kiemtra_serve_opens_the_index_with_a_ranking_process(tmp_path):
    from web import create_app, get_backend

    app = create_app({"INDEX": f"sqlite:///{tmp_path / 'index.db'}", "SECRET_KEY": "t", "TESTING": True,
                      "SERVING": True})
    with app.app_context():
        assert get_backend()._ranker is not None
    app = create_app({"INDEX": f"sqlite:///{tmp_path / 'index.db'}", "SECRET_KEY": "t", "TESTING": True})
    with app.app_context():
        assert get_backend()._ranker is None

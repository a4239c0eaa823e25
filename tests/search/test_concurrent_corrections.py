"""Corrections of one document made at the same moment are all kept, on both backends: the items store
changes an item in one step (``Backend.update_item``: SQLite's ``BEGIN IMMEDIATE``, Elasticsearch's
``if_seq_no``/``if_primary_term`` tried again on a conflict), and the record is written again until it
holds what is stored. Many threads at once, and for SQLite two processes of many threads each."""
from __future__ import annotations

import multiprocessing
import threading

import pytest

from pipeline import corrections as fixes
from search import open_backend, parse

from .records import make_record

NAMES = tuple(f"Chi đoàn Tổ {i:02d}" for i in range(1, 25))
THREADS = 12


def _record():
    text = ("Ngày 20/9/2023, Ban Thường vụ Huyện đoàn Kim Sơn kiểm tra các chi đoàn: " + ", ".join(NAMES)
            + ". Sổ sách các chi đoàn được ghi chép đầy đủ.")
    return make_record("k/to.txt", text, title="Kiểm tra các chi đoàn tổ", published="2023-09-20",
                       units=("Ban Thường vụ Huyện đoàn Kim Sơn",), bodies=("Huyện đoàn Kim Sơn",),
                       activity=("kiểm tra",))


RECORD = _record()


def _at_once(work, items, threads: int = THREADS) -> None:
    """``work(item)`` for every item, ``threads`` threads at a time, all starting together; the
    first error is raised."""
    start = threading.Barrier(threads)
    errors: list[BaseException] = []
    chunks = [items[i::threads] for i in range(threads)]

    def run(chunk):
        try:
            start.wait()
            for item in chunk:
                work(item)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    pool = [threading.Thread(target=run, args=(chunk,)) for chunk in chunks]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    if errors:
        raise errors[0]


def _add(backend, name: str) -> None:
    fixes.save(backend, RECORD.doc_id, {"action": "add", "field": "inspected_units", "text": name})


def _all_kept(backend, names=NAMES) -> None:
    stored = fixes.load(backend, RECORD.doc_id)
    assert sorted(c["text"] for c in stored) == sorted(names)
    assert len({c["id"] for c in stored}) == len(names)
    record = backend.get(RECORD.doc_id)
    assert set(names) <= {m.text for m in record.inspected_units}
    assert len(fixes.info(record)["items"]) == len(names)
    facet = dict(backend.search(parse("", per_page=1, year="2023")).facets["inspected_unit"])
    assert all(facet.get(n) == 1 for n in names[:10])


def test_items_change_in_one_step(backend):
    def append(n):
        backend.update_item("test", "one", lambda v: {"seen": [*(v or {}).get("seen", []), n]})

    _at_once(append, list(range(60)))
    assert sorted(backend.item("test", "one")["seen"]) == list(range(60))
    # an error in the change leaves the item as it was; None deletes it
    with pytest.raises(KeyError):
        backend.update_item("test", "one", lambda v: {}["missing"])
    assert len(backend.item("test", "one")["seen"]) == 60
    assert backend.update_item("test", "one", lambda v: None) is None
    assert backend.item("test", "one") is None
    assert backend.update_item("test", "one", lambda v: {"again": v is None}) == {"again": True}
    assert [i.key for i in backend.items("test")] == ["one"]


def test_corrections_made_at_once_are_all_kept(backend):
    backend.upsert([RECORD])
    _at_once(lambda name: _add(backend, name), list(NAMES))
    _all_kept(backend)
    # undone at once too: the others stay
    undo = [c["id"] for c in fixes.load(backend, RECORD.doc_id) if c["text"] in NAMES[::2]]
    _at_once(lambda cid: fixes.undo(backend, RECORD.doc_id, cid), undo)
    _all_kept(backend, NAMES[1::2])
    assert not {m.text for m in backend.get(RECORD.doc_id).inspected_units} & set(NAMES[::2])


def _process(path: str, names: list[str], ready, go) -> None:
    """One server process: its own backend on the same SQLite file, several threads."""
    backend = open_backend(f"sqlite:///{path}")
    ready.set()
    go.wait(30)
    _at_once(lambda name: _add(backend, name), names, threads=6)
    backend.close()


def test_two_processes_keep_every_correction_on_sqlite(tmp_path):
    path = tmp_path / "index.db"
    backend = open_backend(f"sqlite:///{path}")
    backend.upsert([RECORD])
    ctx = multiprocessing.get_context("spawn")
    go = ctx.Event()
    halves = [list(NAMES[0::2]), list(NAMES[1::2])]
    readies = [ctx.Event() for _ in halves]
    procs = [ctx.Process(target=_process, args=(str(path), half, ready, go)) for half, ready in zip(halves, readies)]
    for p in procs:
        p.start()
    try:
        assert all(r.wait(60) for r in readies)
        go.set()
        for p in procs:
            p.join(120)
        assert [p.exitcode for p in procs] == [0, 0]
    finally:
        for p in procs:
            if p.is_alive():
                p.kill()
    _all_kept(backend)
    backend.close()

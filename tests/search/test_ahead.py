"""``search.elastic._ahead``: items produced in a thread ahead of their consumer (re-indexing
builds the next bulk body while the current one is written)."""
from __future__ import annotations

import threading
import time

import pytest

from search.elastic import _ahead


def test_yields_every_item_in_order_from_another_thread():
    threads = set()

    def items():
        for i in range(50):
            threads.add(threading.current_thread().name)
            yield i

    assert list(_ahead(items(), depth=3)) == list(range(50))
    assert threads == {"kiemtra-ahead"}


def test_the_producers_exception_reaches_the_consumer_after_the_items_before_it():
    def items():
        yield 1
        yield 2
        raise ValueError("page 3 unreadable")

    got = []
    with pytest.raises(ValueError, match="page 3 unreadable"):
        for x in _ahead(items()):
            got.append(x)
    assert got == [1, 2]


def test_a_consumer_that_stops_early_stops_the_producer_and_closes_its_source():
    produced, closed = [], threading.Event()

    def items():
        try:
            for i in range(10_000):
                produced.append(i)
                yield i
        finally:
            closed.set()

    it = _ahead(items(), depth=2)
    assert next(it) == 0
    time.sleep(0.3)                      # the producer fills the queue, then waits
    assert len(produced) <= 4
    it.close()
    assert closed.wait(5)
    assert len(produced) <= 5

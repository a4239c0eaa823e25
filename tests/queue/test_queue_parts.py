"""Parts of the queue that need no PostgreSQL."""
from __future__ import annotations

import zipfile
from contextlib import closing

from ingest import Document
from pipeline.queue.app import lock_key, redact
from pipeline.queue.enqueue import archive_of
from pipeline.queue.worker import complete, member_bytes


def test_archive_of_finds_the_archive_on_disk_not_a_folder_named_with_a_bang(tmp_path):
    odd = tmp_path / "thu-muc!"
    odd.mkdir()
    (odd / "a.txt").write_text("x")
    with zipfile.ZipFile(odd / "kho.zip", "w") as zf:
        zf.writestr("b/c.txt", "nội dung")
    assert archive_of(str(odd / "a.txt")) is None
    member = f"{odd / 'kho.zip'}!/b/c.txt"
    assert archive_of(member) == str(odd / "kho.zip")
    assert member_bytes(str(odd / "kho.zip"), member) == "nội dung".encode()


def test_a_pdf_with_pages_left_for_ocr_is_not_complete():
    class R:
        def __init__(self, fmt, meta):
            self.document = Document("x", "0" * 64, fmt, "t", meta=meta)

    assert complete(R("txt", {}))
    assert complete(R("pdf", {"pages": 2}))
    assert not complete(R("pdf", {"pages_without_text": [2]}))
    assert complete(R("pdf", {"pages_without_text": [2], "ocr_pages": [2]}))


def test_urls_lose_their_password_in_messages_and_locks_are_short():
    assert redact("postgresql://u:bí-mật@h:5432/db") == "postgresql://u:***@h:5432/db"
    assert redact("postgresql://u@h/db") == "postgresql://u@h/db"
    assert len(lock_key("path", "/srv/" + "x" * 5000)) < 60


# -- gathered writes ---------------------------------------------------------------------------------
def _record(i: int):
    import hashlib

    import nlp

    text = f"BÁO CÁO KẾT QUẢ KIỂM TRA SỐ {i}-BC/UBKT\nĐoàn kiểm tra làm việc với Huyện đoàn Yên Khánh.\n"
    sha = hashlib.sha256(text.encode()).hexdigest()
    return nlp.extract(Document(f"/kho/bc{i}.txt", sha, "txt", text)), sha


def test_writes_of_several_jobs_go_in_one_request_and_each_returns_once_written(tmp_path):
    import threading

    from pipeline.queue.writes import Writes
    from search import FileEntry, open_backend

    url = f"sqlite:///{tmp_path / 'index.db'}"
    writes = Writes(lambda: open_backend(url), records=50, seconds=30)
    seen_after_write: list[bool] = []

    def job(i: int, started: threading.Barrier):
        record, sha = _record(i)
        writes.begin()
        started.wait()
        writes.write([record], [FileEntry(f"/kho/bc{i}.txt", sha, 10, "txt", "indexed")])
        with closing(open_backend(url)) as b:
            seen_after_write.append(b.get(sha) is not None and b.file(f"/kho/bc{i}.txt").status == "indexed")

    started = threading.Barrier(5)
    threads = [threading.Thread(target=job, args=(i, started)) for i in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    writes.close()
    assert seen_after_write == [True] * 5
    assert writes.flushes == 1           # sent when no job was left reading, not after 30 s
    with closing(open_backend(url)) as b:
        assert b.count() == 5


def test_a_write_waits_for_a_job_still_reading_at_most_its_seconds(tmp_path):
    import time

    from pipeline.queue.writes import Writes
    from search import FileEntry, open_backend

    url = f"sqlite:///{tmp_path / 'index.db'}"
    writes = Writes(lambda: open_backend(url), records=50, seconds=0.5)
    writes.begin()                        # a job still reading, never writing
    writes.begin()
    record, sha = _record(1)
    t = time.monotonic()
    writes.write([record], [FileEntry("/kho/bc1.txt", sha, 10, "txt", "indexed")])
    assert 0.4 < time.monotonic() - t < 5
    writes.end()
    writes.close()


def test_a_failed_write_is_raised_in_every_job_that_waited_for_it(tmp_path):
    import threading

    import pytest

    from pipeline.queue.writes import Writes
    from search import FileEntry, IndexUnavailable

    def refused():
        raise IndexUnavailable("http://127.0.0.1:9", "không kết nối được")

    writes = Writes(refused, records=2, seconds=30)
    errors: list[BaseException] = []

    def job(i: int):
        record, sha = _record(i)
        writes.begin()
        try:
            writes.write([record], [FileEntry(f"/kho/bc{i}.txt", sha, 10, "txt", "indexed")])
        except IndexUnavailable as exc:
            errors.append(exc)

    threads = [threading.Thread(target=job, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    writes.close()
    assert len(errors) == 2
    with pytest.raises(RuntimeError):
        writes.begin()
        writes.write([], [])


def test_lent_job_slots_let_the_worker_take_the_next_job_and_are_taken_back_without_waiting():
    import asyncio

    from pipeline.queue.writes import LendingSlots, lending_worker_class

    async def scenario():
        slots = LendingSlots(2)
        await slots.acquire()
        await slots.acquire()
        assert slots.locked()
        slots.lend()                       # a job waits for its write: its slot is free for the next job
        assert not slots.locked()
        await slots.acquire()              # the next job
        slots.take_back()                  # the write is done while every slot is taken: owed
        slots.release()                    # a job ends: pays what was owed, frees nothing
        assert slots.locked()
        slots.release()
        slots.release()
        assert not slots.locked()
        await slots.acquire()
        await slots.acquire()
        assert slots.locked()              # two slots, as at the start

    asyncio.run(scenario())
    # Procrastinate's worker makes its slots anew when it runs: they are lending ones
    worker_class = lending_worker_class()
    assert "_job_semaphore" in vars(worker_class)

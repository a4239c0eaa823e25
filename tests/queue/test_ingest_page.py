"""The /ingest page and `kiemtra status` over a real queue (no worker needed: states are set as a
worker sets them)."""
from __future__ import annotations

import json

import pytest

pytestmark = [pytest.mark.queue]


@pytest.fixture
def queued(queue_url, tmp_path):
    from pipeline.queue import enqueue, store
    from pipeline.queue.app import connect

    folder = tmp_path / "kho"
    folder.mkdir()
    for i in range(3):
        (folder / f"bc{i}.txt").write_text(f"Báo cáo {i}", encoding="utf-8")
    done = enqueue(queue_url, [str(folder)])
    with connect(queue_url, autocommit=True) as conn:
        store.register_worker(conn, "may-1", 123, 2, "text,ocr")
        store.mark(conn, done.batch, str(folder / "bc0.txt"), "done", outcome="indexed", worker="may-1")
        store.mark(conn, done.batch, str(folder / "bc1.txt"), "failed", code="corrupt", reason="tệp hỏng",
                   worker="may-1")
    return queue_url, folder, done


@pytest.fixture
def client(queued, tmp_path):
    from web import create_app

    app = create_app({"INDEX": f"sqlite:///{tmp_path / 'i.db'}", "QUEUE": queued[0], "TOKEN": "bí-mật",
                      "SECRET_KEY": "k", "WTF_CSRF_ENABLED": False, "TESTING": True})
    return app.test_client()


def test_page_needs_the_token_then_shows_counts_workers_and_failures(client, queued):
    _, folder, done = queued
    page = client.get("/ingest")
    assert page.status_code == 200 and "Mã quản trị" in page.text and "Các lô" not in page.text
    wrong = client.post("/ingest", data={"token": "sai"})
    assert wrong.status_code == 401 and "không đúng" in wrong.text
    page = client.post("/ingest", data={"token": "bí-mật"})
    assert page.status_code == 200, page.text
    for label in ("chờ", "đang đọc", "chờ OCR", "xong", "lỗi", "Tốc độ", "Dự kiến xong sau"):
        assert label in page.text
    assert "may-1" in page.text and "đang chạy" in page.text
    assert "bc1.txt" in page.text and "tệp hỏng" in page.text and "Thử lại các tệp lỗi" in page.text
    again = client.get("/ingest")                  # remembered for the browser session
    assert "Các lô" in again.text
    retried = client.post("/ingest", data={"action": "retry"})
    assert "Đã xếp lại 1 tệp lỗi" in retried.text and "Tệp lỗi (0)" in retried.text, retried.text[-2500:]


def test_retry_needs_the_token(queued, tmp_path):
    from web import create_app

    app = create_app({"INDEX": f"sqlite:///{tmp_path / 'i.db'}", "QUEUE": queued[0], "TOKEN": "bí-mật",
                      "SECRET_KEY": "k", "WTF_CSRF_ENABLED": False, "TESTING": True})
    page = app.test_client().post("/ingest", data={"action": "retry"})
    assert page.status_code == 401


def test_status_command_prints_and_gives_json(queued, tmp_path):
    from web import create_app

    url, folder, done = queued
    app = create_app({"INDEX": f"sqlite:///{tmp_path / 'i.db'}", "TOKEN": "x", "SECRET_KEY": "k"})
    out = app.test_cli_runner().invoke(args=["status", "--queue", url])
    assert out.exit_code == 0, out.output
    assert f"Lô {done.batch}" in out.output and "chờ 1" in out.output and "xong 1" in out.output
    assert "lỗi 1" in out.output and "tệp hỏng" in out.output
    data = json.loads(app.test_cli_runner().invoke(args=["status", "--queue", url, "--json"]).output)
    assert data["batches"][0]["counts"]["failed"] == 1 and data["failures"][0]["code"] == "corrupt"
    assert data["workers"][0]["name"] == "may-1"


def test_worker_refuses_a_sqlite_index(queue_url, tmp_path):
    from web import create_app

    app = create_app({"INDEX": f"sqlite:///{tmp_path / 'i.db'}", "SECRET_KEY": "k"})
    out = app.test_cli_runner().invoke(args=["worker", "--queue", queue_url])
    assert out.exit_code == 2 and "SQLite chỉ dùng được trên một máy" in out.output


def test_page_without_a_queue_or_a_token_says_what_to_set(tmp_path):
    from web import create_app

    app = create_app({"INDEX": f"sqlite:///{tmp_path / 'i.db'}", "SECRET_KEY": "k", "TOKEN": "t"})
    assert "KIEMTRA_QUEUE" in app.test_client().get("/ingest").text
    app = create_app({"INDEX": f"sqlite:///{tmp_path / 'i.db'}", "SECRET_KEY": "k", "QUEUE": "postgresql://x/y"})
    assert "KIEMTRA_TOKEN" in app.test_client().get("/ingest").text


def test_retry_without_the_csrf_token_is_refused(queued, tmp_path):
    from web import create_app

    app = create_app({"INDEX": f"sqlite:///{tmp_path / 'i.db'}", "QUEUE": queued[0], "TOKEN": "bí-mật",
                      "SECRET_KEY": "k"})
    page = app.test_client().post("/ingest", data={"token": "bí-mật", "action": "retry"})
    assert page.status_code == 400


def test_status_of_a_large_batch_is_quick_and_its_rate_right(queued):
    """A batch of 35,000 files: the rate counts the files finished in the last RATE_WINDOW seconds
    before the batch's last change, and reading it does not grow with the square of the files."""
    import time

    from pipeline.queue import store
    from pipeline.queue.app import connect

    url, _, _ = queued
    with connect(url, autocommit=True) as conn:
        batch = conn.execute("INSERT INTO kiemtra_queue_batches (paths, files, enqueued) VALUES "
                             "('{/kho-lon}', 35000, true) RETURNING id").fetchone()[0]
        # 30,000 finished, one every 0.1 s up to now; 5,000 left, queued long before
        conn.execute("INSERT INTO kiemtra_queue_files (batch, source, state, updated) SELECT %s, '/kho-lon/' || i, "
                     "'done', now() - make_interval(secs => i * 0.1) FROM generate_series(0, 29999) AS i", (batch,))
        conn.execute("INSERT INTO kiemtra_queue_files (batch, source, state, updated) SELECT %s, '/kho-lon/q' || i, "
                     "'queued', now() - interval '2 hours' FROM generate_series(1, 5000) AS i", (batch,))
        conn.execute("ANALYZE kiemtra_queue_files")
        started = time.perf_counter()
        status = store.status(conn)
        seconds = time.perf_counter() - started
    big = next(b for b in status.batches if b.id == batch)
    assert (big.counts["done"], big.left) == (30000, 5000)
    # 3,000 files in the last 300 s: 10 files/s, so 500 s left
    assert store.RATE_WINDOW == 300
    assert big.rate == pytest.approx(10.0, rel=0.02)
    assert big.eta_seconds == pytest.approx(500, rel=0.02)
    assert seconds < 2.0, f"status took {seconds:.1f} s for 35,000 files"

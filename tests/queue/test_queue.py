"""The queue end to end, with real parts: PostgreSQL started by the fixture, Elasticsearch, and three
`kiemtra worker` processes standing for three machines (each its own process tree)."""
from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
import zipfile
from pathlib import Path

import pytest

from tests.ingest.builders import PLAN, VIET, scanned_pdf

pytestmark = [pytest.mark.queue, pytest.mark.slow]

KIEMTRA = str(Path(sys.executable).parent / "kiemtra")
STALLED_AFTER = "4"          # seconds without a heartbeat before a worker's jobs are taken back
SCAN_PAGE = ["Đoàn kiểm tra đề nghị Ban Thường vụ Huyện đoàn khắc phục những hạn chế, thiếu sót trong công tác "
             "quản lý đoàn viên và thu nộp đoàn phí trước ngày 30/6/2022."]


# -- helpers -----------------------------------------------------------------------------------------
@pytest.fixture
def es_index(elasticsearch_url):
    from search.elastic import ElasticsearchBackend

    name = f"kiemtra-qtest-{uuid.uuid4().hex[:10]}"
    yield name
    backend = ElasticsearchBackend(elasticsearch_url, index=name)
    backend.drop()
    backend.close()


def _backend(url: str, index: str):
    from search.elastic import ElasticsearchBackend

    return ElasticsearchBackend(url, index=index)


class Workers:
    """`kiemtra worker` processes, each in a session of its own (a machine of its own)."""

    def __init__(self, queue_url: str, es_url: str, index: str):
        self.queue_url, self.es_url, self.index = queue_url, es_url, index
        self.procs: dict[str, subprocess.Popen] = {}

    def env(self) -> dict:
        return dict(os.environ, KIEMTRA_INDEX=self.es_url, KIEMTRA_ES_INDEX=self.index, PYTHONUNBUFFERED="1")

    def start(self, name: str, *extra: str) -> subprocess.Popen:
        proc = subprocess.Popen([KIEMTRA, "worker", "--queue", self.queue_url, "-c", "1", "--name", name,
                                 "--stalled-after", STALLED_AFTER, *extra], env=self.env(),
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
        self.procs[name] = proc
        return proc

    def run(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
        return subprocess.run([KIEMTRA, *args], env=self.env(), capture_output=True, text=True, timeout=timeout)

    def stop_all(self) -> None:
        for proc in self.procs.values():
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for proc in self.procs.values():
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(10)


@pytest.fixture
def workers(queue_url, elasticsearch_url, es_index):
    w = Workers(queue_url, elasticsearch_url, es_index)
    yield w
    w.stop_all()


def _rows(url: str, batch: int | None = None) -> list[dict]:
    import psycopg
    from psycopg.rows import dict_row

    with psycopg.connect(url, row_factory=dict_row) as conn:
        return conn.execute("SELECT * FROM kiemtra_queue_files WHERE %s::bigint IS NULL OR batch = %s "
                            "ORDER BY batch, source", (batch, batch)).fetchall()


def _wait(condition, timeout: float, what: str, interval: float = 0.3, workers: Workers | None = None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    extra = ""
    if workers is not None:
        workers.stop_all()
        extra = "\n".join(f"--- {n} ({p.returncode}):\n{p.stderr.read()[-3000:]}" for n, p in workers.procs.items())
    raise AssertionError(f"timed out waiting for {what}\n{extra}")


def _all_finished(url: str):
    rows = _rows(url)
    return rows if rows and all(r["state"] in ("done", "failed", "skipped") for r in rows) else None


def _text_corpus(folder: Path, n: int, *, paragraphs: int = 1) -> int:
    """``n`` text files of distinct content, a copy of the first, and a zip holding a new document and
    a copy of the second; returns the number of distinct contents (documents the index must hold)."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        body = "\n".join(f"Đoạn {j} của báo cáo kt{i:03d}zq: {VIET} {PLAN}" for j in range(paragraphs))
        (folder / f"bc{i:03d}.txt").write_text(f"BÁO CÁO KẾT QUẢ KIỂM TRA SỐ {i}-BC/UBKT\n{body}\n", encoding="utf-8")
    shutil.copy(folder / "bc000.txt", folder / "ban-sao.txt")
    with zipfile.ZipFile(folder / "luu-tru.zip", "w") as zf:
        zf.writestr("trong-zip/moi.txt", f"THÔNG BÁO KẾT LUẬN KIỂM TRA kt999zq\n{VIET}\n")
        zf.write(folder / "bc001.txt", "trong-zip/bc001-ban-sao.txt")
    return n + 1


def _expected_sources(folder: Path) -> set[str]:
    out = {str(p) for p in folder.iterdir() if p.suffix != ".zip"}
    out |= {f"{folder / 'luu-tru.zip'}!/trong-zip/moi.txt", f"{folder / 'luu-tru.zip'}!/trong-zip/bc001-ban-sao.txt"}
    return out


def _assert_each_once(es_url: str, index: str, folder: Path, distinct: int) -> None:
    """Every file has one manifest line, indexed; the index holds each distinct content once."""
    backend = _backend(es_url, index)
    try:
        backend.refresh()
        files = [f for f in backend.files() if f.status != "root"]
        paths = [f.path for f in files]
        assert sorted(paths) == sorted(_expected_sources(folder)), "manifest lines differ from the files"
        assert len(paths) == len(set(paths))
        assert {f.status for f in files} == {"indexed"}, [(f.path, f.error) for f in files if f.status != "indexed"]
        assert backend.count() == distinct
        shas = {f.sha256 for f in files}
        assert len(shas) == distinct
        for path in _expected_sources(folder):
            if "!/" not in path:
                assert backend.file(path).sha256 == hashlib.sha256(Path(path).read_bytes()).hexdigest()
    finally:
        backend.close()


def _mixed_pdf() -> bytes:
    import io

    import pypdfium2 as pdfium

    from tests.ingest.builders import new_pdf, pdf_bytes

    text = new_pdf()
    text.add_page()
    text.set_font("DejaVu", "", 12)
    text.multi_cell(0, 6, f"BÁO CÁO kt777zq. {VIET}")
    merged = pdfium.PdfDocument(pdf_bytes(text))
    merged.import_pages(pdfium.PdfDocument(scanned_pdf([SCAN_PAGE])))
    buf = io.BytesIO()
    merged.save(buf)
    return buf.getvalue()


# -- the tests ---------------------------------------------------------------------------------------
def test_worker_killed_mid_file_loses_and_doubles_nothing(workers, queue_url, tmp_path):
    from pipeline.queue import enqueue

    folder = tmp_path / "kho"
    distinct = _text_corpus(folder, 18, paragraphs=100)     # about a second of extraction each
    done = enqueue(queue_url, [str(folder)])
    assert done.files == 18 + 1 + 2 and done.already == 0
    for name in ("may-1", "may-2", "may-3"):
        workers.start(name)

    def reading_on_1():
        return [r for r in _rows(queue_url) if r["state"] == "running" and r["worker"] == "may-1"]

    _wait(reading_on_1, 180, "may-1 to read a file", interval=0.1, workers=workers)
    os.kill(workers.procs["may-1"].pid, signal.SIGKILL)        # its reading process dies with it
    workers.procs["may-1"].wait(10)
    rows = _wait(lambda: _all_finished(queue_url), 300, "every file to be finished", workers=workers)

    assert {r["state"] for r in rows} == {"done"}, [(r["source"], r["code"], r["reason"]) for r in rows]
    taken_back = [r for r in rows if r["attempts"] >= 1]
    assert taken_back, "the killed worker's file was not taken back by another worker"
    assert all(r["worker"] != "may-1" for r in taken_back)
    _assert_each_once(workers.es_url, workers.index, folder, distinct)


def test_broker_stopped_mid_run_is_a_clear_error_then_a_rerun_completes(workers, queue_url, postgres_server,
                                                                         tmp_path):
    from pipeline.queue import QueueUnavailable, enqueue

    folder = tmp_path / "kho"
    distinct = _text_corpus(folder, 24, paragraphs=60)
    enqueue(queue_url, [str(folder)])
    for name in ("may-1", "may-2", "may-3"):
        workers.start(name)
    _wait(lambda: sum(r["state"] == "done" for r in _rows(queue_url)) >= 3, 180, "a few files done",
          workers=workers)
    postgres_server.stop("fast")
    try:
        for name, proc in workers.procs.items():
            try:
                proc.wait(90)
            except subprocess.TimeoutExpired:
                pytest.fail(f"worker {name} kept running without its queue")
            err = proc.stderr.read()
            assert proc.returncode == 4, (name, proc.returncode, err[-3000:])
            assert "không dùng được hàng đợi PostgreSQL" in err and "chạy lại" in err, err[-3000:]
            assert "Traceback" not in err, err[-3000:]
        status = workers.run("status", "--queue", queue_url)
        assert status.returncode == 4 and "không dùng được hàng đợi PostgreSQL" in status.stderr
        again = workers.run("ingest", "--queue", queue_url, str(folder))
        assert again.returncode == 4 and "không dùng được hàng đợi PostgreSQL" in again.stderr
        with pytest.raises(QueueUnavailable):
            enqueue(queue_url, [str(folder)])
    finally:
        postgres_server.start()
    rerun = workers.run("ingest", "--queue", queue_url, str(folder))
    assert rerun.returncode == 0, rerun.stderr
    assert "không xếp hai lần" in rerun.stdout          # the files still waiting are not queued twice
    for name in ("may-4", "may-5", "may-6"):
        workers.start(name)
    rows = _wait(lambda: _all_finished(queue_url), 300, "every file to be finished", workers=workers)
    assert {r["state"] for r in rows} == {"done"}, [(r["source"], r["code"], r["reason"]) for r in rows]
    _assert_each_once(workers.es_url, workers.index, folder, distinct)


def test_same_folder_enqueued_twice_gives_each_file_once(workers, queue_url, tmp_path):
    from pipeline.queue import enqueue, queue_status

    folder = tmp_path / "kho"
    distinct = _text_corpus(folder, 12)
    first = workers.run("ingest", "--queue", queue_url, str(folder))
    assert first.returncode == 0, first.stderr
    second = enqueue(queue_url, [str(folder)])
    assert second.files == 0 and second.already == 12 + 1 + 2
    for name in ("may-1", "may-2", "may-3"):
        workers.start(name)
    _wait(lambda: _all_finished(queue_url), 240, "every file to be finished", workers=workers)
    third = enqueue(queue_url, [str(folder)])            # after they are done: found unchanged, not read
    assert third.files == 15
    rows = _wait(lambda: _all_finished(queue_url), 240, "the third batch", workers=workers)
    assert {r["outcome"] for r in rows if r["batch"] == third.batch} == {"unchanged"}
    outcomes = [r["outcome"] for r in rows if r["batch"] != third.batch]
    assert set(outcomes) <= {"indexed", "duplicate"} and outcomes.count("indexed") >= distinct
    _assert_each_once(workers.es_url, workers.index, folder, distinct)
    _wait(lambda: sum(w.alive for w in queue_status(queue_url).workers) == 3, 120, "three workers seen",
          workers=workers)
    st = queue_status(queue_url)
    assert [b.id for b in st.batches] == [third.batch, second.batch, 1]
    assert st.batches[0].counts == {"done": 15} and st.batches[1].already == 15
    assert {w.name for w in st.workers} == {"may-1", "may-2", "may-3"} and all(w.alive for w in st.workers)
    assert sum(w.files for w in st.workers) == 30
    shown = workers.run("status", "--queue", queue_url)
    assert shown.returncode == 0 and "Lô 1" in shown.stdout and "xong 15" in shown.stdout, shown.stdout


def _planned_jobs(conn) -> float:
    """How many jobs PostgreSQL's statistics say ``procrastinate_jobs`` holds (-1: never analyzed)."""
    return conn.execute("SELECT reltuples FROM pg_class WHERE relname = 'procrastinate_jobs'").fetchone()[0]


def _take_jobs(conn, n: int) -> tuple[list, float]:
    """Take ``n`` text jobs as a worker does, in a transaction rolled back: their ids and the seconds
    per job."""
    worker = conn.execute("INSERT INTO procrastinate_workers DEFAULT VALUES RETURNING id").fetchone()[0]
    with conn.transaction(force_rollback=True):
        started = time.perf_counter()
        taken = [conn.execute("SELECT id FROM procrastinate_fetch_job_v2(%s, %s)",
                              (["kiemtra-text"], worker)).fetchone()[0] for _ in range(n)]
        return taken, (time.perf_counter() - started) / n


def test_a_large_batch_is_planned_as_large_so_each_job_is_taken_quickly(queue_url, tmp_path):
    """PostgreSQL plans the workers' job fetch from the jobs table's statistics. A batch enqueued into
    a queue whose table was last seen empty must not be planned as empty: each fetch would then look
    at every waiting job (0.19 s per job at 3,000 waiting, 0.4 s at 5,000, before the index on the
    jobs' lock) until autovacuum comes by."""
    from pipeline.queue import enqueue
    from pipeline.queue.app import connect

    folder = tmp_path / "kho"
    folder.mkdir()
    for i in range(3000):
        (folder / f"bc{i:04d}.txt").write_bytes(b"x")
    done = enqueue(queue_url, [str(folder)])
    assert done.files == 3000
    with connect(queue_url, autocommit=True) as conn:
        assert _planned_jobs(conn) >= 3000
        taken, seconds = _take_jobs(conn, 20)
    assert len(set(taken)) == 20 and None not in taken
    assert seconds < 0.02, f"{seconds * 1000:.0f} ms to take a job among 3,000"


def test_taking_a_job_does_not_wait_for_fresh_statistics(queue_url):
    """3,000 waiting jobs the statistics do not know of (written without the enqueue's ``ANALYZE``):
    the fetch's look for another job holding the same lock is a seek on kiemtra's index, not a scan
    of the table for each job it may take (240 ms per job without the index)."""
    from pipeline.queue.app import apply_schema, connect

    apply_schema(queue_url)
    with connect(queue_url, autocommit=True) as conn:
        conn.execute("INSERT INTO procrastinate_jobs (queue_name, task_name, priority, lock, queueing_lock, args) "
                     "SELECT 'kiemtra-text', 'kiemtra.ingest_file', 0, 'path:' || md5(i::text), 'file:' || md5(i::text), "
                     "'{}' FROM generate_series(1, 3000) AS i")
        assert _planned_jobs(conn) < 3000
        taken, seconds = _take_jobs(conn, 20)
    assert len(set(taken)) == 20 and None not in taken
    assert seconds < 0.05, f"{seconds * 1000:.0f} ms to take a job among 3,000"


def test_ocr_heavy_batch_is_searchable_by_its_text_before_its_ocr_ends(workers, queue_url, tmp_path):
    from ingest import ocr
    from pipeline.queue import enqueue
    from search import parse

    if not ocr.available():
        pytest.skip("Tesseract or its Vietnamese model is missing: bash scripts/install-system-packages")
    folder = tmp_path / "kho"
    folder.mkdir()
    for i in range(8):
        (folder / f"bc{i:03d}.txt").write_text(f"BÁO CÁO kt{i:03d}zq\n{VIET}\n", encoding="utf-8")
    for i in range(5):
        (folder / f"scan{i}.pdf").write_bytes(scanned_pdf([[f"BIÊN BẢN {i}"] + SCAN_PAGE, SCAN_PAGE]))
    (folder / "mixed.pdf").write_bytes(_mixed_pdf())       # a text page, then a scanned one
    enqueue(queue_url, [str(folder)])
    for name in ("may-1", "may-2", "may-3"):
        workers.start(name)
    backend = _backend(workers.es_url, workers.index)
    try:
        def text_searchable():
            try:
                return all(backend.search(parse(f"kt{i:03d}zq")).total == 1 for i in range(8))
            except Exception:     # noqa: BLE001 - the index is created by the first worker's write
                return False

        _wait(text_searchable, 240, "the text files to be searchable", interval=0.2, workers=workers)
        waiting = [r for r in _rows(queue_url) if r["source"].endswith(".pdf") and r["state"] != "done"]
        assert waiting, "OCR ended before the text was searchable"
        assert backend.search(parse('"thu nộp đoàn phí"')).total < 5
        # the mixed PDF: its text page is searchable once its text job is done, OCR or not
        _wait(lambda: [r for r in _rows(queue_url) if r["source"].endswith("mixed.pdf") and r["state"] in
                       ("ocr", "done")], 240, "the mixed PDF's text job", workers=workers)
        backend.refresh()
        assert backend.search(parse("kt777zq")).total == 1
        rows = _wait(lambda: _all_finished(queue_url), 600, "OCR to end", workers=workers)
        assert {r["state"] for r in rows} == {"done"}, [(r["source"], r["code"], r["reason"]) for r in rows]
        backend.refresh()
        assert backend.search(parse('"thu nộp đoàn phí"')).total == 6       # the mixed PDF's scan too
        assert backend.count() == 14
        mixed = backend.get(backend.file(str(folder / "mixed.pdf")).sha256)
        assert mixed.document.meta["ocr_pages"] == [2] and "kt777zq" in mixed.document.text
        ocr_jobs = [r for r in rows if r["source"].endswith(".pdf")]
        assert all(r["outcome"] == "indexed" for r in ocr_jobs), [(r["source"], r["outcome"]) for r in ocr_jobs]
    finally:
        backend.close()


def test_a_report_in_four_formats_is_one_document_through_the_queue(workers, queue_url, tmp_path):
    """The files of one report (pipeline.copies) are grouped by the workers as by ``kiemtra ingest``."""
    samples = Path(__file__).resolve().parents[2] / "corpora" / "samples"
    folder = tmp_path / "mot-bao-cao"
    folder.mkdir()
    for fmt in ("docx", "html", "pdf", "txt"):
        shutil.copy(samples / f"001.{fmt}", folder / f"001.{fmt}")
    queued = workers.run("ingest", "--queue", queue_url, str(folder))
    assert queued.returncode == 0, queued.stderr
    workers.start("may-1")
    _wait(lambda: _all_finished(queue_url), 240, "every file to be finished", workers=workers)
    backend = _backend(workers.es_url, workers.index)
    try:
        backend.refresh()
        assert backend.count() == 1
        (record,) = backend.iter_records()
        assert record.document.format == "docx"
        assert sorted(Path(c["source"]).name for c in record.document.meta["copies"]) == [
            "001.html", "001.pdf", "001.txt"]
        assert {f.status for f in backend.files() if f.status != "root"} == {"indexed"}
    finally:
        backend.close()

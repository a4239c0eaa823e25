"""Batches: worker processes, limits, identical files, retries, and a batch killed with -9 and resumed."""
from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

import nlp
from search.sqlite import SQLiteBackend
import pipeline
from pipeline import run_batch

from ..conftest import ROOT, SAMPLES
from ..ingest.builders import VIET, text_reports, zip_bytes

KIEMTRA = Path(sys.executable).parent / "kiemtra"


@pytest.fixture
def backend(tmp_path):
    b = SQLiteBackend(tmp_path / "index.db")
    yield b
    b.close()


# extract functions the workers run (fork: no pickling needed) -------------------------------------------
def slow_on_cham(document):
    if "cham" in document.source:
        time.sleep(30)
    return nlp.extract(document)


def deaf_on_cham(document):
    if "cham" in document.source:     # a reader stuck in C code: the alarm cannot interrupt it
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
        time.sleep(30)
    return nlp.extract(document)


def greedy_on_lon(document):
    if "lon" in document.source:
        hog = bytearray(4 * 2**30)      # more than the worker may have
        hog[-1] = 1
    return nlp.extract(document)


def crash_on_vo(document):
    if "vo" in document.source:
        import faulthandler

        faulthandler.disable()       # pytest's crash report would fill the log; the crash is the point
        os.kill(os.getpid(), signal.SIGSEGV)
    return nlp.extract(document)


# -------------------------------------------------------------------------------------------------------
def test_workers_give_the_same_index_as_one_process(tmp_path):
    files = text_reports(tmp_path / "a", 12)
    shutil.copy(SAMPLES / "000.pdf", tmp_path / "a")
    shutil.copy(SAMPLES / "001.docx", tmp_path / "a")
    one, two = SQLiteBackend(tmp_path / "one.db"), SQLiteBackend(tmp_path / "two.db")
    r1 = run_batch([tmp_path / "a"], one, jobs=0)
    r2 = run_batch([tmp_path / "a"], two, jobs=2)
    assert r1.indexed == r2.indexed == len(files) + 2 and r2.failed_count == 0
    assert sorted(r.doc_id for r in one.iter_records()) == sorted(r.doc_id for r in two.iter_records())
    assert [f.path for f in one.files()] == [f.path for f in two.files()]


def test_identical_files_are_stored_once_with_every_path(tmp_path, backend):
    d = tmp_path / "kho"
    (d / "2021").mkdir(parents=True)
    (d / "2022").mkdir()
    data = (SAMPLES / "002.docx").read_bytes()
    for p in (d / "2021" / "bc.docx", d / "2022" / "bc-ban-sao.docx", d / "2022" / "copy.docx"):
        p.write_bytes(data)
    (d / "hoso.zip").write_bytes(zip_bytes({"trong-zip/bc.docx": data, "khac.txt": VIET.encode()}))
    report = run_batch([d], backend, jobs=2)
    assert report.failed_count == 0
    assert report.indexed == 2 and report.duplicates == 3
    entries = {f.path: f for f in backend.files()}
    paths = [str(d / "2021" / "bc.docx"), str(d / "2022" / "bc-ban-sao.docx"), str(d / "2022" / "copy.docx"),
             f"{d / 'hoso.zip'}!/trong-zip/bc.docx"]
    assert all(entries[p].status == "indexed" and entries[p].format == "docx" for p in paths)
    assert len({entries[p].sha256 for p in paths}) == 1
    assert backend.count() == 2

    again = run_batch([d], backend, jobs=2)
    assert again.skipped == 5 and again.indexed == again.duplicates == 0


def test_a_slow_file_times_out_and_the_rest_go_in(tmp_path, backend):
    text_reports(tmp_path / "a", 4)
    (tmp_path / "a" / "cham.txt").write_text(VIET, encoding="utf-8")
    started = time.monotonic()
    report = run_batch([tmp_path / "a"], backend, jobs=2, time_limit=1, extract=slow_on_cham)
    assert time.monotonic() - started < 20
    assert report.indexed == 4
    assert report.failed == [(str(tmp_path / "a" / "cham.txt"), "đọc tệp quá 1 giây")]
    entry = backend.file(str(tmp_path / "a" / "cham.txt"))
    assert entry.error.startswith("timeout:") and entry.format == "txt" and entry.size == len(VIET.encode())


def test_a_worker_deaf_to_its_alarm_is_killed_and_replaced(tmp_path, backend, monkeypatch):
    monkeypatch.setattr(pipeline.pool, "GRACE", 1.0)
    text_reports(tmp_path / "a", 4)
    (tmp_path / "a" / "cham.txt").write_text(VIET, encoding="utf-8")
    report = run_batch([tmp_path / "a"], backend, jobs=1, time_limit=1, extract=deaf_on_cham)
    assert report.indexed == 4 and report.failed_count == 1
    assert "đã dừng tiến trình đọc" in report.failed[0][1]


def test_memory_limit(tmp_path, backend):
    text_reports(tmp_path / "a", 3)
    (tmp_path / "a" / "lon.txt").write_text(VIET, encoding="utf-8")
    report = run_batch([tmp_path / "a"], backend, jobs=2, memory_limit_mb=1024, extract=greedy_on_lon)
    assert report.indexed == 3
    assert report.failed == [(str(tmp_path / "a" / "lon.txt"), "hết bộ nhớ khi đọc tệp (giới hạn bộ nhớ của tiến trình đọc)")]


def test_a_crashing_reader_is_reported_and_its_worker_replaced(tmp_path, backend):
    text_reports(tmp_path / "a", 5)
    (tmp_path / "a" / "vo.txt").write_text(VIET, encoding="utf-8")
    report = run_batch([tmp_path / "a"], backend, jobs=2, extract=crash_on_vo)
    assert report.indexed == 5
    assert report.failed == [(str(tmp_path / "a" / "vo.txt"), "bộ đọc bị sập (SIGSEGV)")]


def test_batch_memory_does_not_grow_with_the_number_of_files(tmp_path):
    """The main process keeps no per-file state beyond the manifest rows it writes: the Python heap's
    peak over 3,000 files is that over 1,000 (what it caches, bounded, fills within the first thousand:
    the records of its last writes, the readers' and the near-copy checks' caches)."""
    import gc
    import tracemalloc

    from nlp.record import Record

    peaks = {}
    threshold = gc.get_threshold()
    # cyclic garbage counts in the peak until the collector runs, and when it runs depends on what ran before
    # (a whole test session): collected often here, the peak is what the batch keeps alive
    gc.set_threshold(100, 2, 2)
    try:
        for n in (20, 1000, 3000):         # the first batch loads what is loaded once
            for k in range(0, n, 100):
                text_reports(tmp_path / f"kho-{n}" / f"{k:04d}", min(100, n - k), start=10 * n + k)
            backend = SQLiteBackend(tmp_path / f"{n}.db")
            gc.collect()
            tracemalloc.start()
            try:
                report = run_batch([tmp_path / f"kho-{n}"], backend, jobs=0, extract=Record)
                peaks[n] = tracemalloc.get_traced_memory()[1]
            finally:
                tracemalloc.stop()
                backend.close()
            assert report.indexed == n and report.failed_count == 0
    finally:
        gc.set_threshold(*threshold)
    print(f"peak Python heap: {peaks}")
    assert peaks[3000] < 1.2 * peaks[1000] + 256 * 1024, peaks


def test_progress_bar_shows_rate_and_failures(tmp_path, backend, capsys):
    text_reports(tmp_path / "a", 5)
    (tmp_path / "a" / "rong.txt").write_bytes(b"")
    run_batch([tmp_path / "a"], backend, jobs=2, progress=True)
    err = capsys.readouterr().err
    assert "tệp/s" in err and "lỗi: 1" in err and "6/6" in err


def test_retry_failed_with_no_path_retries_the_manifest_failures(tmp_path, runner, app):
    d = tmp_path / "a"
    text_reports(d, 3)
    (d / "hong.txt").write_bytes(b"")
    first = runner.invoke(args=["ingest", str(d), "--no-progress", "--jobs", "1"])
    assert first.exit_code == 1, first.output
    assert "mã thoát 1" in first.output and "kiemtra failures" in first.output
    listed = runner.invoke(args=["failures", "--json"])
    assert '"code": "empty"' in listed.stdout and "hong.txt" in listed.stdout

    (d / "hong.txt").write_text(VIET, encoding="utf-8")       # someone repaired the file
    retry = runner.invoke(args=["ingest", "--retry-failed", "--no-progress"])
    assert retry.exit_code == 0, retry.output
    assert "1 tệp đã lập chỉ mục" in retry.output
    assert runner.invoke(args=["failures"]).stdout == ""


def _count(db: Path, sql: str) -> int:
    try:
        with sqlite3.connect(db, timeout=10) as conn:
            return conn.execute(sql).fetchone()[0]
    except sqlite3.OperationalError:
        return 0


@pytest.mark.slow
def test_kill_9_in_the_middle_then_rerun_resumes_and_indexes_every_file_once(tmp_path):
    archive = tmp_path / "kho"
    files = text_reports(archive / "txt", 400)
    for i in range(5):   # some identical copies, and real documents
        shutil.copy(files[i], archive / f"ban-sao-{i}.txt")
    for p in sorted(SAMPLES.glob("00[0-3].*")):
        shutil.copy(p, archive / p.name)
    total = 400 + 5 + len(list(SAMPLES.glob("00[0-3].*")))
    db = tmp_path / "index.db"
    env = dict(os.environ, KIEMTRA_INDEX=f"sqlite:///{db}")
    cmd = [str(KIEMTRA), "ingest", str(archive), "--jobs", "2", "--no-progress"]

    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True, cwd=ROOT)
    deadline = time.monotonic() + 120
    while _count(db, "SELECT count(*) FROM files WHERE status = 'indexed'") < 60:
        assert proc.poll() is None, "the batch ended before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)          # the main process and its workers, mid-batch
    proc.wait()
    done_before = _count(db, "SELECT count(*) FROM files WHERE status = 'indexed'")
    print(f"killed with {done_before} of {total} files in the manifest")
    assert 60 <= done_before < total

    rerun = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{done_before} tệp không đổi đã bỏ qua" in rerun.stdout

    distinct = total - 5                          # contents
    reports = 400 + 4                             # each sample is one report in four formats
    assert _count(db, "SELECT count(*) FROM files WHERE status != 'root'") == total
    assert _count(db, "SELECT count(*) FROM files WHERE status = 'indexed'") == total
    assert _count(db, "SELECT count(*) FROM docs") == reports
    assert _count(db, "SELECT count(DISTINCT doc_id) FROM docs") == reports
    assert _count(db, "SELECT count(*) FROM docs_fts") == reports
    assert _count(db, "SELECT count(DISTINCT sha256) FROM files") == distinct


@pytest.mark.elasticsearch
def test_a_batch_on_elasticsearch_is_searchable_when_it_returns(elasticsearch_url, tmp_path, monkeypatch):
    """Flushes inside a batch write without a refresh (one per 50 records would make a segment
    each); the batch refreshes once at the end, also when its last flush left nothing pending."""
    import uuid

    from search import parse
    from search.elastic import ElasticsearchBackend

    es = ElasticsearchBackend(elasticsearch_url, index=f"kiemtra-test-{uuid.uuid4().hex[:12]}")
    refreshes = []
    monkeypatch.setattr(es.client.indices, "refresh", lambda *a, _r=es.client.indices.refresh, **k:
                        (refreshes.append(k.get("index")), _r(*a, **k))[1])
    try:
        es.client.indices.put_settings(index=[es.alias, es.findings_alias],
                                       settings={"index.refresh_interval": "-1"})  # only ours count
        text_reports(tmp_path / "kho", pipeline.batch.BATCH * 2)  # flushed twice inside, nothing left at the end
        report = run_batch([tmp_path / "kho"], es)
        assert report.indexed == pipeline.batch.BATCH * 2
        assert refreshes.count([es.alias, es.findings_alias]) == 1
        assert es.search(parse("doan kiem tra")).total == pipeline.batch.BATCH * 2
        assert es.search_findings(parse("khac phuc")).total == pipeline.batch.BATCH * 2
    finally:
        es.drop()
        es.close()

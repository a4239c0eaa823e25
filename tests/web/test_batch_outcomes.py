"""What a batch makes of inputs that were once lost, merged or given another file's verdict: litter
is listed as skipped, names that read alike keep a manifest line each, a file's outcome depends on
that file alone, names cannot forge the command's output, and the main process does not hold the
members of an archive it hashes."""
from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from pipeline import failed_paths, run_batch
from search.sqlite import SQLiteBackend

from ..ingest.builders import VIET, zip_bytes

KIEMTRA = Path(sys.executable).parent / "kiemtra"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def backend(tmp_path):
    b = SQLiteBackend(tmp_path / "index.db")
    yield b
    b.close()


def _report(n: int) -> str:
    return f"Báo cáo số {n}/BC-ĐTN kết quả kiểm tra\n{VIET}\n"


def _lines(backend) -> dict[str, tuple[str, str | None]]:
    return {f.path: (f.status, f.sha256) for f in backend.files() if f.status != "root"}


def test_litter_has_a_manifest_line_as_skipped_never_a_failure(tmp_path, backend):
    folder = tmp_path / "ho-so"
    (folder / "__MACOSX").mkdir(parents=True)
    (folder / "__MACOSX" / "._bao-cao.txt").write_bytes(b"\x00\x05\x16\x07")
    (folder / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    (folder / "~$ke-hoach.docx").write_bytes(b"\x0bNguyen Van A")
    (folder / "bao-cao.txt").write_text(_report(1), encoding="utf-8")
    (folder / "nen.zip").write_bytes(zip_bytes({"Thumbs.db": b"\xd0\xcf\x11\xe0", "tin.txt": _report(2).encode()}))
    report = run_batch([folder], backend)
    lines = _lines(backend)
    assert {p: s for p, (s, _) in lines.items()} == {
        f"{folder}/__MACOSX": "skipped", f"{folder}/.DS_Store": "skipped", f"{folder}/~$ke-hoach.docx": "skipped",
        f"{folder}/bao-cao.txt": "indexed", f"{folder}/nen.zip!/Thumbs.db": "skipped",
        f"{folder}/nen.zip!/tin.txt": "indexed"}
    assert (report.indexed, report.ignored_count, report.failed_count) == (2, 4, 0)
    reasons = {e.path: e.error for e in backend.files(status="skipped")}
    assert "Office" in reasons[f"{folder}/~$ke-hoach.docx"]


def test_names_that_read_alike_keep_a_manifest_line_each(tmp_path, backend):
    folder = tmp_path / "trung"
    folder.mkdir()
    with open(os.fsencode(folder) + b"/ten-\xff.txt", "w", encoding="utf-8") as fh:     # the byte 0xff
        fh.write(_report(1))
    (folder / "ten-\\xff.txt").write_text(_report(2), encoding="utf-8")                # backslash, x, f, f
    (folder / "ho-so.zip").write_bytes(zip_bytes({"a.txt": _report(3).encode()}))
    (folder / "ho-so.zip!").mkdir()                                                    # a folder named so
    (folder / "ho-so.zip!" / "a.txt").write_text(_report(4), encoding="utf-8")
    report = run_batch([folder], backend)
    lines = _lines(backend)
    assert report.indexed == 4 and len(lines) == 4, lines
    assert len({sha for _, sha in lines.values()}) == 4            # four contents, four lines
    assert all(status == "indexed" for status, _ in lines.values())
    again = run_batch([folder], backend)                            # each line is its file's: nothing read again
    assert (again.skipped, again.indexed, again.duplicates) == (4, 0, 0)


def test_failures_to_retry_lead_back_to_their_files(tmp_path, backend):
    """``kiemtra ingest --retry-failed`` walks again what ``failed_paths`` gives: the files on disk,
    whatever their manifest path had to escape."""
    folder = tmp_path / "loi"
    (folder / "ho-so.zip!").mkdir(parents=True)
    (folder / "ho-so.zip!" / "rong.txt").write_bytes(b"")
    with open(os.fsencode(folder) + b"/rong-\xff.txt", "wb"):
        pass
    report = run_batch([folder], backend)
    assert report.failed_count == 2
    paths = failed_paths(backend)
    assert sorted(paths) == sorted([str(folder / "ho-so.zip!" / "rong.txt"),
                                    os.fsdecode(os.fsencode(folder) + b"/rong-\xff.txt")])
    assert all(os.path.lexists(p) for p in paths)


def _write(folder: Path, names: list[str], data: bytes) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / name).write_bytes(data)


def _statuses(backend, folder: Path) -> dict[str, tuple[str, str]]:
    return {Path(f.path).name: (f.status, (f.error or "").partition(":")[0]) for f in backend.files()
            if f.status != "root" and f.path.startswith(str(folder))}


@pytest.mark.parametrize("jobs", [0, 2])
def test_a_file_with_the_content_of_another_gets_its_own_outcome(tmp_path, jobs):
    """Plain text named ``.pdf`` is a damaged PDF, named ``.txt`` a text: the same bytes under both
    names keep the outcome each has alone, whatever is read first, in this run or the next."""
    text = _report(7).encode()
    alone = {}
    for name in ("a.pdf", "b.txt"):
        b = SQLiteBackend(tmp_path / f"alone-{name}.db")
        _write(tmp_path / f"alone-{name}", [name], text)
        run_batch([tmp_path / f"alone-{name}"], b, jobs=jobs)
        alone.update(_statuses(b, tmp_path / f"alone-{name}"))
        b.close()
    assert alone == {"a.pdf": ("failed", "corrupt"), "b.txt": ("indexed", "")}
    for order in (["a.pdf", "b.txt", "c.txt"], ["a.txt", "b.pdf", "c.txt"]):
        folder = tmp_path / f"cung-{'-'.join(order)}"
        _write(folder, order, text)
        b = SQLiteBackend(tmp_path / f"{folder.name}.db")
        try:
            run_batch([folder], b, jobs=jobs)
            first = _statuses(b, folder)
            assert {n: s for n, s in first.items()} == {
                n: ("failed", "corrupt") if n.endswith(".pdf") else ("indexed", "") for n in order}, first
            run_batch([folder], b, jobs=jobs)          # the failure is retried: the same outcome
            assert _statuses(b, folder) == first
        finally:
            b.close()


def test_names_cannot_drive_the_terminal_or_forge_lines(tmp_path):
    folder = tmp_path / "ten"
    folder.mkdir()
    (folder / "\x1b]0;tieu-de\x07\x1b[2J\x1b[31mrỗng.txt").write_bytes(b"")
    (folder / "giả\nLỖI  passwd: dòng giả mạo\r.txt").write_bytes(b"")
    (folder / "\x1b[31m.DS_Store").mkdir()                               # not litter: an empty folder
    (folder / "Thumbs.db").write_bytes(b"\xd0\xcf\x11\xe0")
    (folder / "tot.txt").write_text(_report(1), encoding="utf-8")
    env = dict(os.environ, KIEMTRA_INDEX=f"sqlite:///{tmp_path / 'index.db'}")
    run = subprocess.run([str(KIEMTRA), "ingest", str(folder), "--jobs", "0", "--no-progress"], env=env,
                         capture_output=True, timeout=300)
    err, out = run.stderr.decode("utf-8"), run.stdout.decode("utf-8")
    assert "Traceback" not in err, err
    assert run.returncode == 2
    assert "\x1b" not in err + out and "\x07" not in err and "\r" not in err
    failed = [line for line in err.splitlines() if line.startswith("LỖI")]
    assert len(failed) == 2, err                                  # one line per failure, none forged
    assert failed[0].startswith(f"LỖI  {folder}/\\x1b]0;tieu-de\\x07\\x1b[2J\\x1b[31mrỗng.txt: "), failed
    assert failed[1].startswith(f"LỖI  {folder}/giả\\nLỖI  passwd: dòng giả mạo\\r.txt: "), failed
    assert re.search(r"^BỎ QUA  .*/Thumbs\.db: .*Windows", err, re.M), err
    assert "1 mục không phải văn bản đã bỏ qua, 2 tệp lỗi" in out


MEMBER_MB = 60


def test_the_main_process_does_not_hold_the_members_it_hashes(tmp_path):
    """Three 60 MB members of an archive on disk: the main process streams them through sha256 and
    the worker reads each out of the archive; its peak memory grows by far less than one member."""
    path = tmp_path / "lon.zip"
    block = bytes(range(256)) * (1 << 12)                         # 1 MB of binary (read and refused at once)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as zf:   # stored: no ratio to refuse
        for i in range(3):
            with zf.open(zipfile.ZipInfo(f"thanh-phan-{i}.bin"), "w") as fh:
                fh.write(bytes([i]) * 16)
                for _ in range(MEMBER_MB):
                    fh.write(block)
    script = f"""
import resource, sys
from pipeline import failed_paths, run_batch
from search.sqlite import SQLiteBackend
backend = SQLiteBackend({str(tmp_path / 'index.db')!r})
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
report = run_batch([{str(path)!r}], backend, jobs=1)
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(report.failed_count, (after - before) // 1024, [backend.file(s).error for s, _ in report.failed])
"""
    run = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    failed, grown_mb = map(int, run.stdout.split()[:2])
    assert failed == 3 and run.stdout.count("'unsupported: ") == 3, run.stdout   # each read, and refused, by the worker
    assert grown_mb < 30, f"main process grew by {grown_mb} MB for {MEMBER_MB} MB members"

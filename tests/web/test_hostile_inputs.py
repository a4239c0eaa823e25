"""Inputs that once stopped a whole batch or leaked files outside it: each is now a failure or a
skipped entry with its reason, the batch goes on, and nothing outside the ingested folder is read or
served."""
from __future__ import annotations

import os
import re
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import ingest
from search import parse
from web import get_backend

from .conftest import ingested_app
from ..ingest.builders import VIET

KIEMTRA = Path(sys.executable).parent / "kiemtra"
GOOD = f"Báo cáo kết quả kiểm tra Huyện đoàn Yên Khánh.\n{VIET}\n"


def _set_utf8_flag(data: bytes) -> bytes:
    out = bytearray(data)
    for m in re.finditer(b"PK\x03\x04", data):
        struct.pack_into("<H", out, m.start() + 6, struct.unpack_from("<H", out, m.start() + 6)[0] | 0x800)
    for m in re.finditer(b"PK\x01\x02", data):
        struct.pack_into("<H", out, m.start() + 8, struct.unpack_from("<H", out, m.start() + 8)[0] | 0x800)
    return bytes(out)


def bad_utf8_member_zip(path: Path) -> None:
    """A zip whose second member's name is flagged UTF-8 but is not (zipfile cannot even list it)."""
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("dung.txt", "Kế hoạch kiểm tra số 12-KH/TĐTN\n" + GOOD)
        zf.writestr("XXXXX.txt", "Thông báo kết luận giám sát\n" + GOOD)
    path.write_bytes(_set_utf8_flag(path.read_bytes().replace(b"XXXXX", b"\xff\xfe(a\xc3")))


def negative_offset_zip(path: Path) -> None:
    """A zip whose directory puts its member before the start of the file."""
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("a.txt", "Báo cáo giám sát chuyên đề\n" + GOOD)
    data = bytearray(path.read_bytes())
    end = data.rfind(b"PK\x05\x06")
    offset = struct.unpack_from("<I", data, end + 16)[0]
    struct.pack_into("<I", data, end + 16, offset + 4096)   # the directory claims to start later
    path.write_bytes(bytes(data))


@pytest.fixture
def hostile(tmp_path):
    folder = tmp_path / "luu-tru"
    folder.mkdir()
    (folder / "tot.txt").write_text(GOOD + "Kế hoạch 383-KH/UBKT.\n", encoding="utf-8")
    bad_utf8_member_zip(folder / "ten-hong.zip")
    negative_offset_zip(folder / "lech.zip")
    (folder / os.fsdecode(b"t\xe9n-l\xf4i.txt")).write_text("Thông báo số 77-TB/HĐ\n" + GOOD, encoding="utf-8")
    os.symlink("/etc/passwd", folder / "mat-khau.txt")
    os.symlink("/proc/self/status", folder / "trang-thai.txt")
    os.mkfifo(folder / "ong.txt")
    (folder / "ben-trong").mkdir()
    os.symlink("../tot.txt", folder / "ben-trong" / "lien-ket.txt")      # inside: followed
    return folder


def test_walk_never_raises_and_stays_inside(hostile):
    items = {item.source: item for item in ingest.walk(hostile)}
    by_name = {Path(s.split(ingest.MEMBER_SEP)[0]).name + ("!" if ingest.MEMBER_SEP in s else ""): it
               for s, it in items.items()}
    assert by_name["mat-khau.txt"].error.code == "skipped"
    assert "nằm ngoài thư mục được nạp" in by_name["mat-khau.txt"].error.reason
    assert by_name["trang-thai.txt"].error.code == "skipped"
    assert by_name["ong.txt"].error.code == "skipped" and "FIFO" in by_name["ong.txt"].error.reason
    assert by_name["lien-ket.txt"].ok
    # the member whose name is not UTF-8 is still listed and readable, beside its good sibling
    members = [s for s in items if s.startswith(str(hostile / "ten-hong.zip"))]
    assert len(members) == 2 and all(items[m].ok for m in members)
    assert sorted(len(items[m].load()) > 0 for m in members) == [True, True]
    # a name that is not UTF-8 is shown escaped, and still opens
    escaped = [it for s, it in items.items() if "\\xe9" in s]
    assert len(escaped) == 1 and escaped[0].load().startswith("Thông báo".encode())
    for source in items:
        source.encode("utf-8")          # every source is valid Unicode


def test_read_file_refuses_special_files(tmp_path):
    os.mkfifo(tmp_path / "fifo")
    with pytest.raises(ingest.Skipped, match="FIFO"):
        ingest.read_file(tmp_path / "fifo")          # returns at once, never blocks on the pipe
    with pytest.raises(ingest.Skipped, match="tệp hệ thống"):
        ingest.read_file("/proc/self/status")


def test_one_bad_input_never_stops_a_batch(hostile, tmp_path):
    env = dict(os.environ, KIEMTRA_INDEX=f"sqlite:///{tmp_path / 'index.db'}")
    run = subprocess.run([str(KIEMTRA), "ingest", str(hostile), "--jobs", "2"], env=env,
                         capture_output=True, text=True, timeout=300)
    assert "Traceback" not in run.stderr, run.stderr
    failed = re.findall(r"^LỖI  (.*?): ", run.stderr, re.M)
    skipped = re.findall(r"^BỎ QUA  (.*?): ", run.stderr, re.M)
    assert run.returncode == len(failed) == 1, run.stderr           # the member read past the file's start
    assert "lech.zip" in failed[0]
    assert sorted(Path(s).name for s in skipped) == ["mat-khau.txt", "ong.txt", "trang-thai.txt"]
    # every good file is searchable, the odd names included
    for q in ("ke hoach 12", "thong bao ket luan giam sat", "ref:77", "ref:383"):
        out = subprocess.run([str(KIEMTRA), "search", q, "--json"], env=env, capture_output=True, text=True,
                             timeout=120)
        assert out.returncode == 0 and '"total": 0' not in out.stdout.replace(" ", " "), (q, out.stdout)
    # nothing from outside the folder was read
    out = subprocess.run([str(KIEMTRA), "search", "root", "--json"], env=env, capture_output=True, text=True)
    assert "passwd" not in out.stdout and "/bin/bash" not in out.stdout
    # a second run goes through the same inputs the same way
    again = subprocess.run([str(KIEMTRA), "ingest", str(hostile), "--jobs", "0"], env=env,
                           capture_output=True, text=True, timeout=300)
    assert again.returncode == 1 and "Traceback" not in again.stderr, again.stderr


def test_a_link_out_of_the_folder_is_never_served(tmp_path):
    """A document whose file is replaced by a link to a system file after ingest is not served; and
    nothing outside the ingested roots is, even with the right content."""
    folder = tmp_path / "luu-tru"
    folder.mkdir()
    doc = folder / "bao-cao.txt"
    doc.write_text(GOOD, encoding="utf-8")
    outside = tmp_path / "ngoai"
    outside.mkdir()
    with ingested_app(tmp_path, folder) as (app, report):
        assert report.indexed == 1
        with app.app_context():
            doc_id = get_backend().search(parse("")).hits[0].doc_id
        client = app.test_client()
        assert client.get(f"/doc/{doc_id}/original").data == GOOD.encode()
        # the same bytes, now reached through a link to a file outside the root: refused
        (outside / "bao-cao.txt").write_text(GOOD, encoding="utf-8")
        doc.unlink()
        os.symlink(outside / "bao-cao.txt", doc)
        assert client.get(f"/doc/{doc_id}/original").status_code == 404


def test_a_download_name_with_line_breaks_is_served(tmp_path):
    folder = tmp_path / "luu-tru"
    folder.mkdir()
    (folder / "bao\r\ncao.txt").write_text(GOOD, encoding="utf-8")
    with ingested_app(tmp_path, folder) as (app, report):
        assert report.indexed == 1
        with app.app_context():
            doc_id = get_backend().search(parse("")).hits[0].doc_id
        r = app.test_client().get(f"/doc/{doc_id}/original")
    assert r.status_code == 200 and r.data == GOOD.encode()
    assert "\r" not in r.headers["Content-Disposition"] and "\n" not in r.headers["Content-Disposition"]


def test_an_unsupported_compression_method_is_not_called_a_password(tmp_path):
    path = tmp_path / "nen-la.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("a.txt", GOOD)
    data = bytearray(path.read_bytes())
    for sig, at in ((b"PK\x03\x04", 8), (b"PK\x01\x02", 10)):      # method 6: implode, which zipfile cannot read
        pos = data.find(sig)
        struct.pack_into("<H", data, pos + at, 6)
    path.write_bytes(bytes(data))
    [item] = list(ingest.walk(path))
    with pytest.raises(ingest.UnsupportedFormat, match="kiểu nén không được hỗ trợ"):
        item.load()

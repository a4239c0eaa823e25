"""A folder of bad files among good ones, through the real ``kiemtra ingest`` command: every good file is
indexed, every bad one is listed with a clear reason, and the exit code is the number that failed."""
from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import docx
import pytest

from ..conftest import ROOT, SAMPLES
from ..ingest.builders import VIET, docx_bytes, new_pdf, pdf_bytes, simple_pdf, zip_bytes

KIEMTRA = Path(sys.executable).parent / "kiemtra"


def _encrypted_pdf() -> bytes:
    pdf = new_pdf()
    pdf.add_page()
    pdf.set_font("DejaVu", "", 12)
    pdf.multi_cell(0, 6, VIET)
    pdf.set_encryption(owner_password="owner", user_password="mat-khau")
    return pdf_bytes(pdf)


def _encrypted_zip_member() -> bytes:
    data = bytearray(zip_bytes({"mat.txt": VIET.encode()}))
    # set the "encrypted" flag in the local and central headers, as a password-protected zip has
    for sig in (b"PK\x03\x04", b"PK\x01\x02"):
        at = data.find(sig)
        flag_at = at + (6 if sig == b"PK\x03\x04" else 8)
        data[flag_at] |= 0x01
    return bytes(data)


def _good_docx() -> bytes:
    d = docx.Document()
    d.add_heading("Báo cáo giám sát chuyên đề", level=1)
    d.add_paragraph(VIET)
    return docx_bytes(d)


GOOD = {
    "tot/bao-cao.txt": (VIET + "\n").encode("utf-8"),
    "tot/bao-cao.pdf": simple_pdf([VIET, "Đoàn giám sát đề nghị khắc phục."]),
    "tot/bao-cao.docx": None,                                   # filled in below (python-docx)
    "tot/thuc-ra-la-pdf.docx": simple_pdf(["Văn bản PDF mang đuôi .docx: đọc theo nội dung."]),
    "tot/ghi-chu.pdf.txt": "Ghi chú kiểm tra, đuôi lạ nhưng là văn bản.\n".encode("utf-8"),
}

# name -> (bytes or a maker, words the reason must hold)
BAD = {
    "hong/rac.pdf": (b"%PDF-1.7\n" + bytes(range(256)) * 8, "không phải tệp PDF hợp lệ"),
    "hong/bi-cat.pdf": (None, "PDF"),                                 # truncated, below
    "hong/bi-cat.docx": (None, "DOCX"),                               # truncated, below
    "hong/zip-hong.zip": (b"PK\x03\x04" + bytes(range(200)), "bị hỏng"),
    "khoa/mat-khau.pdf": (_encrypted_pdf, "được mã hoá"),
    "khoa/mat-khau.zip!/mat.txt": (_encrypted_zip_member, "có mật khẩu"),
    "rong/trang.txt": (b" \r\n\t\n", "chỉ có khoảng trắng"),
    "rong/khong-byte.docx": (b"", "tệp rỗng (0 byte)"),
    "rong/khong-byte.txt": (b"", "tệp rỗng (0 byte)"),
    "lon/qua-lon.pdf": ("sparse", "giới hạn 200 MB"),
    "sai-duoi/van-ban.pdf": ("Đây là văn bản thường, không phải PDF.".encode(), "không có phần đầu %PDF"),
    "sai-duoi/anh.docx": (b"\x89PNG\r\n\x1a\n" + bytes(300), "ảnh PNG: định dạng không được hỗ trợ"),
    "quyen/khong-doc-duoc.txt": ("unreadable", "không có quyền đọc"),
}


def _make_folder(root: Path) -> None:
    GOOD["tot/bao-cao.docx"] = _good_docx()
    full_pdf = (SAMPLES / "001.pdf").read_bytes()
    full_docx = (SAMPLES / "001.docx").read_bytes()
    for name, data in GOOD.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    for name, (data, _) in BAD.items():
        path = root / name.split("!/")[0]
        path.parent.mkdir(parents=True, exist_ok=True)
        if name.endswith("bi-cat.pdf"):
            data = full_pdf[: len(full_pdf) // 2]
        elif name.endswith("bi-cat.docx"):
            data = full_docx[: len(full_docx) // 2]
        elif callable(data):
            data = data()
        if data == "sparse":
            with open(path, "wb") as fh:
                fh.truncate(250 * 2**20)          # 250 MB that take no disk
        elif data == "unreadable":
            path.write_text(VIET, encoding="utf-8")
            path.chmod(0)
        else:
            path.write_bytes(data)


@pytest.mark.slow
def test_bad_files_are_listed_with_reasons_and_every_good_one_goes_in(tmp_path):
    archive = tmp_path / "kho"
    _make_folder(archive)
    db = tmp_path / "index.db"
    env = dict(os.environ, KIEMTRA_INDEX=f"sqlite:///{db}", HOME=str(tmp_path))
    prefix: list[str] = []
    bad = dict(BAD)
    if os.geteuid() == 0:
        # Root reads a chmod-000 file anyway (CAP_DAC_OVERRIDE). Run the batch as root without the two
        # capabilities that bypass file permissions, so that the file is as unreadable as for anyone.
        prefix = [shutil.which("setpriv") or "setpriv", "--bounding-set=-dac_override,-dac_read_search"]
        unreadable = archive / "quyen" / "khong-doc-duoc.txt"
        try:
            probe = subprocess.run([*prefix, "cat", str(unreadable)], capture_output=True)
            works = probe.returncode != 0 and b"Permission denied" in probe.stderr
            why = probe.stderr.decode(errors="replace")[-200:]
        except OSError as exc:
            works, why = False, str(exc)
        if not works:
            print("SKIPPED the unreadable-permission file: running as root, and setpriv (util-linux) could "
                  f"not drop CAP_DAC_OVERRIDE ({why!r}), so chmod 000 does not stop root from reading it")
            prefix = []
            bad.pop("quyen/khong-doc-duoc.txt")
            unreadable.unlink()
    result = subprocess.run([*prefix, str(KIEMTRA), "ingest", str(archive), "--jobs", "2", "--no-progress"],
                            env=env, capture_output=True, text=True, timeout=600, cwd=ROOT)
    print(result.stdout, result.stderr[-5000:])
    assert result.returncode == len(bad), result.stderr
    assert f"{len(GOOD)} tệp đã lập chỉ mục" in result.stdout
    assert f"{len(bad)} tệp lỗi" in result.stdout
    assert f"mã thoát {len(bad)}" in result.stderr

    errors = {}
    for line in result.stderr.splitlines():
        if line.startswith("LỖI  "):
            path, _, reason = line[5:].partition(": ")
            errors[path] = reason
    assert set(errors) == {str(archive / name) for name in bad}
    for name, (_, words) in bad.items():
        assert words in errors[str(archive / name)], (name, errors[str(archive / name)])

    with sqlite3.connect(db) as conn:
        rows = dict(conn.execute("SELECT path, status FROM files"))
        indexed_sources = {r[0] for r in conn.execute("SELECT source FROM docs")}
    assert {p for p, s in rows.items() if s == "indexed"} == {str(archive / n) for n in GOOD}
    assert indexed_sources == {str(archive / n) for n in GOOD}

    listed = subprocess.run([str(KIEMTRA), "failures"], env=env, capture_output=True, text=True, cwd=ROOT)
    failed = dict(line.split("\t") for line in listed.stdout.strip().split("\n"))
    assert set(failed) == set(errors)
    assert all(": " in reason for reason in failed.values())     # "code: reason"

"""Uploads go the batch's way (pipeline.ingest_upload): a manifest line per content, a zip walked member
by member, a reader that crashes or hangs gets the batch's error code and time limit, never a 500."""
from __future__ import annotations

import io
import time
import zipfile

import pytest

import ingest.readers.txt
from web import create_app, get_backend

from ..conftest import SAMPLES
from ..ingest.builders import VIET

AUTH = {"Authorization": "Bearer s3cret"}


@pytest.fixture
def app(tmp_path):
    app = create_app({"INDEX": f"sqlite:///{tmp_path / 'i.db'}", "SECRET_KEY": "k", "TOKEN": "s3cret",
                      "STORAGE": str(tmp_path / "files"), "UPLOAD_TIME_LIMIT": 3.0})
    yield app
    with app.app_context():
        get_backend().close()


def _post(client, data: bytes, name: str):
    return client.post("/api/documents", data={"file": (io.BytesIO(data), name)}, headers=AUTH)


def test_two_different_files_with_the_same_name_keep_both_lines(app):
    client = app.test_client()
    a = _post(client, f"Báo cáo kiểm tra số 1/BC-ĐTN\n{VIET}\n".encode(), "bao-cao.txt")
    b = _post(client, f"Báo cáo giám sát số 2/BC-ĐTN\n{VIET}\n".encode(), "bao-cao.txt")
    again = _post(client, f"Báo cáo kiểm tra số 1/BC-ĐTN\n{VIET}\n".encode(), "bao-cao.txt")
    assert a.status_code == b.status_code == again.status_code == 201
    assert a.get_json()["id"] != b.get_json()["id"] and again.get_json()["id"] == a.get_json()["id"]
    with app.app_context():
        lines = [f for f in get_backend().files() if f.path.startswith("upload/")]
    assert sorted(f.path for f in lines) == sorted(
        f"upload/{r.get_json()['id']}/bao-cao.txt" for r in (a, b))
    assert all(f.status == "indexed" for f in lines)


def test_a_zip_upload_is_walked_like_a_zip_on_disk(app):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.write(SAMPLES / "004.pdf", "2024/004.pdf")
        zf.write(SAMPLES / "000.docx", "000.docx")
        zf.writestr("rong.txt", b"")
    client = app.test_client()
    r = _post(client, buf.getvalue(), "luu-tru.zip")
    assert r.status_code == 201, r.get_json()
    body = r.get_json()
    assert sorted(d["source"] for d in body["documents"]) == ["luu-tru.zip!/000.docx", "luu-tru.zip!/2024/004.pdf"]
    assert [(f["source"], f["error_code"]) for f in body["failures"]] == [("luu-tru.zip!/rong.txt", "empty")]
    pdf = next(d for d in body["documents"] if d["source"].endswith(".pdf"))
    download = client.get(pdf["url"] + "/original")
    assert download.status_code == 200 and download.data == (SAMPLES / "004.pdf").read_bytes()
    assert "004.pdf" in download.headers["Content-Disposition"]


def test_a_reader_that_crashes_gives_the_batch_error_not_a_500(app, monkeypatch):
    def broken(data, source, sha256):
        raise KeyError("a bug in the reader")

    monkeypatch.setattr(ingest.readers.txt, "read_txt", broken)
    r = _post(app.test_client(), "Báo cáo".encode(), "loi.txt")
    assert r.status_code == 422
    assert r.get_json()["error_code"] == "error" and "KeyError" in r.get_json()["error"]
    with app.app_context():
        [line] = [f for f in get_backend().files() if f.path.startswith("upload/")]
    assert line.status == "failed" and line.error.startswith("error: lỗi nội bộ KeyError")


def test_a_reader_that_hangs_meets_the_time_limit(app, monkeypatch):
    def stuck(data, source, sha256):
        time.sleep(60)

    monkeypatch.setattr(ingest.readers.txt, "read_txt", stuck)
    started = time.monotonic()
    r = _post(app.test_client(), "Báo cáo".encode(), "cham.txt")
    assert time.monotonic() - started < 30
    assert r.status_code == 422 and r.get_json()["error_code"] == "timeout", r.get_json()


def test_the_upload_page_lists_each_member(app):
    client = app.test_client()
    html = client.get("/upload").get_data(as_text=True)
    import re

    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("mot.txt", f"Kế hoạch kiểm tra số 5-KH/ĐTN\n{VIET}\n")
        zf.writestr("hai.bin", b"\x7fELF\x02\x01\x01" + b"\0" * 64)
    r = client.post("/upload", data={"file": (io.BytesIO(buf.getvalue()), "goi.zip"), "csrf_token": token,
                                     "token": "s3cret"}, content_type="multipart/form-data")
    page = r.get_data(as_text=True)
    assert r.status_code == 422          # one member could not be read
    assert "goi.zip!/mot.txt" in page and "✗ goi.zip!/hai.bin" in page

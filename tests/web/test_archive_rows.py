"""Every input of a batch has its manifest line (issue 16): an empty zip is a failure of its own, and
members of one zip that share a name are indexed on lines of their own, each downloading its own
original."""
from __future__ import annotations

import hashlib
import io
import warnings
import zipfile

import pytest

from pipeline import run_batch
from web import get_backend

from .conftest import ingested_app
from ..ingest.builders import VIET

FIRST = f"Báo cáo số 1/BC-ĐTN\n{VIET}\nĐoàn kiểm tra số 1 đề nghị khắc phục.\n".encode()
SECOND = f"Báo cáo số 2/BC-ĐTN\n{VIET}\nĐoàn kiểm tra số 2 kết luận không có vi phạm.\n".encode()
THIRD = "Thông báo kết luận kiểm tra số 3/TB-ĐTN của Ban Thường vụ.\n".encode()


@pytest.fixture
def folder(tmp_path):
    folder = tmp_path / "luu-tru"
    folder.mkdir()
    zipfile.ZipFile(folder / "rong.zip", "w").close()
    with zipfile.ZipFile(folder / "trung-ten.zip", "w") as zf, warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Duplicate name", UserWarning)
        zf.writestr("2024/bao-cao.txt", FIRST)
        zf.writestr("2024/bao-cao.txt", SECOND)       # the same name again, other content
        zf.writestr("2024/bao-cao.txt", THIRD)
    return folder


@pytest.fixture
def app(tmp_path, folder):
    with ingested_app(tmp_path, folder) as (app, report):
        assert report.indexed == 3 and report.failed_count == 1, report
        yield app


def test_every_input_has_its_line(app, folder):
    with app.app_context():
        rows = {row.path: row for row in get_backend().files() if row.status != "root"}
    archive = folder / "trung-ten.zip"
    assert sorted(rows) == sorted([str(folder / "rong.zip"), f"{archive}!/2024/bao-cao.txt",
                                   f"{archive}!/2024/bao-cao (2).txt", f"{archive}!/2024/bao-cao (3).txt"])
    empty = rows[str(folder / "rong.zip")]
    assert empty.status == "failed" and empty.error == "empty: tệp nén zip không chứa tệp nào"
    assert {rows[p].status for p in rows if p.startswith(str(archive))} == {"indexed"}


@pytest.mark.parametrize("copy, data", [("bao-cao.txt", FIRST), ("bao-cao (2).txt", SECOND),
                                        ("bao-cao (3).txt", THIRD)])
def test_each_copy_downloads_its_own_original(app, folder, copy, data):
    doc_id = hashlib.sha256(data).hexdigest()
    client = app.test_client()
    page = client.get(f"/doc/{doc_id}")
    assert page.status_code == 200 and "Tải tệp gốc" in page.get_data(as_text=True)
    r = client.get(f"/doc/{doc_id}/original")
    assert r.status_code == 200
    assert r.data == data
    assert r.headers["Content-Disposition"] in (f"attachment; filename={copy}", f'attachment; filename="{copy}"')


def test_a_rerun_finds_the_same_lines(app, folder):
    with app.app_context():
        report = run_batch([folder], get_backend())
        rows = [row.path for row in get_backend().files() if row.status != "root"]
    assert report.skipped == 3 and report.indexed == 0 and report.failed_count == 1
    assert len(rows) == len(set(rows)) == 4


def test_an_uploaded_zip_names_repeated_members_the_same_way(tmp_path):
    """The same archive given as bytes (an upload's walk) names its members the same way."""
    import ingest

    path = tmp_path / "x.zip"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf, warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Duplicate name", UserWarning)
        zf.writestr("a.txt", FIRST)
        zf.writestr("a.txt", SECOND)
    path.write_bytes(buf.getvalue())
    sources = [item.source for item in ingest.walk(path, names={str(path): "upload/ab/x.zip"})]
    assert sources == ["upload/ab/x.zip!/a.txt", "upload/ab/x.zip!/a (2).txt"]

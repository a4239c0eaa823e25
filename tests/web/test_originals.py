"""The original of a document ingested from disk downloads from where it was read: a file, or a member
of a (nested) zip archive; never anything whose content is not the indexed one."""
from __future__ import annotations

import io
import shutil
import zipfile

import pytest

from web import get_backend

from .conftest import ingested_app
from ..conftest import SAMPLES
from ..search.records import make_record


@pytest.fixture
def archive(tmp_path):
    folder = tmp_path / "luu-tru"
    folder.mkdir()
    shutil.copy(SAMPLES / "001.docx", folder / "001.docx")
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as zf:
        zf.write(SAMPLES / "004.pdf", "2024/004.pdf")
    with zipfile.ZipFile(folder / "nam-2024.zip", "w") as zf:
        zf.writestr("bao-cao/trong.zip", inner.getvalue())
    return folder


@pytest.fixture
def app(tmp_path, archive):
    with ingested_app(tmp_path, archive) as (app, report):
        assert report.failed_count == 0 and report.indexed == 2, report
        yield app


def _doc_url(client, q: str) -> str:
    hits = client.get("/api/search", query_string={"q": q}).get_json()["hits"]
    assert len(hits) == 1, hits
    return f"/doc/{hits[0]['id']}"


@pytest.mark.parametrize("q, original", [("format:docx", "001.docx"), ("format:pdf", "004.pdf")])
def test_file_and_nested_zip_member_download_as_indexed(app, q, original):
    client = app.test_client()
    url = _doc_url(client, q)
    assert "Tải tệp gốc" in client.get(url).get_data(as_text=True)
    r = client.get(url + "/original")
    assert r.status_code == 200
    assert r.data == (SAMPLES / original).read_bytes()
    assert f'filename={original}' in r.headers["Content-Disposition"]


def test_a_changed_or_moved_original_is_not_served(app, archive):
    client = app.test_client()
    url = _doc_url(client, "format:docx")
    (archive / "001.docx").write_bytes(b"PK changed since it was indexed")
    r = client.get(url + "/original")
    assert r.status_code == 404
    assert "changed since" not in r.get_data(as_text=True)
    assert "Không còn tệp gốc" in r.get_data(as_text=True)
    (archive / "001.docx").unlink()
    assert "Tải tệp gốc" not in client.get(url).get_data(as_text=True)


def test_a_source_path_naming_another_file_serves_nothing(app, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("bí mật của máy chủ", encoding="utf-8")
    forged = make_record(str(secret), "Một văn bản khác hẳn.")
    with app.app_context():
        get_backend().upsert([forged])
    r = app.test_client().get(f"/doc/{forged.doc_id}/original")
    assert r.status_code == 404
    assert "bí mật" not in r.get_data(as_text=True)

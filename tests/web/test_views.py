"""Findings, statistics, exports, uploads and the API, through the Flask test client."""
from __future__ import annotations

import csv
import io
import json
import re

import pytest
from openpyxl import load_workbook

from web import create_app, get_backend

from ..conftest import SAMPLES
from ..search.records import make_record


def test_findings_page_lists_matching_findings_with_their_document(client):
    html = client.get("/findings", query_string={"q": "quan ly doan vien", "kind": "limitation"}).get_data(as_text=True)
    assert "Tìm thấy <strong>1</strong> phát hiện" in html
    assert "Hạn chế (1)" in html and "Ưu điểm (1)" in html and "Kiến nghị (1)" in html
    assert "Ủy ban Kiểm tra Thành Đoàn Đà Nẵng" in html
    assert "<mark>Quản</mark>" in html


def test_stats_page_draws_charts_and_offers_their_data(client):
    r = client.get("/stats", query_string={"indicator": "đoàn viên ưu tú"})
    html = r.get_data(as_text=True)
    assert r.status_code == 200
    assert html.count("<svg") == 4
    assert "Thống kê trên <strong>4</strong> văn bản" in html
    assert "Huyện đoàn Yên Khánh" in html
    data = client.get("/stats/figures.csv", query_string={"indicator": "đoàn viên ưu tú"})
    rows = list(csv.reader(io.StringIO(data.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0] == ["Ngày", "Giá trị", "Đơn vị tính", "Mã văn bản"]
    assert [(r[0], float(r[1])) for r in rows[1:]] == [("2022-06-04", 19.0), ("2024-06-20", 25.0)]
    data = client.get("/stats/findings.csv").get_data(as_text=True).lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(data)))
    assert rows[0] == ["Năm", "Loại", "Số phát hiện"]
    assert {r[1] for r in rows[1:]} <= {"Ưu điểm", "Hạn chế", "Kiến nghị"} and len(rows) > 1
    assert client.get("/stats/nope.csv").status_code == 404


def test_ui_exports_are_typed_and_inert(client):
    r = client.get("/export", query_string={"table": "documents", "output": "csv"})
    assert r.headers["Content-Disposition"].startswith("attachment")
    text = r.get_data(as_text=True)
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert len(rows) == 4
    # a title starting with a formula character must not be run by a spreadsheet
    evil = make_record("e/evil.txt", "Nội dung =cmd|' /C calc'!A0", title="=HYPERLINK(\"http://x\",\"bấm\")")
    with client.application.app_context():
        get_backend().upsert([evil])
    rows = list(csv.DictReader(io.StringIO(
        client.get("/export", query_string={"output": "csv", "q": "cmd"}).get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0]["Tiêu đề"].startswith("'=")
    x = client.get("/export", query_string={"table": "figures", "output": "xlsx"})
    ws = load_workbook(io.BytesIO(x.data)).active
    header = [c.value for c in ws[1]]
    assert header[:2] == ["Giá trị", "Đơn vị tính"]
    values = sorted(row[0].value for row in ws.iter_rows(min_row=2))
    assert values == [11, 19, 25]
    dates = {row[header.index("Ngày")].value.date().isoformat() for row in ws.iter_rows(min_row=2)}
    assert dates == {"2022-06-04", "2024-06-20"}
    j = client.get("/export", query_string={"table": "findings", "output": "json", "kind": "strength"})
    items = [json.loads(line) for line in j.get_data(as_text=True).splitlines()]
    assert {i["kind"] for i in items} == {"strength"} and len(items) == 2
    xe = client.get("/export", query_string={"output": "xlsx", "q": "cmd"})
    sheet = load_workbook(io.BytesIO(xe.data)).active
    title = [c.value for c in sheet[1]].index("Tiêu đề")
    assert sheet.cell(row=2, column=title + 1).value.startswith("'=")


@pytest.mark.parametrize("url", ["/export?table=users", "/export?output=exe", "/findings?page=0",
                                 "/stats?from=2022-02-30", "/api/findings?kind=bad", "/api/stats?year=abc",
                                 "/api/export?table=x", "/stats/units.csv?to=tomorrow"])
def test_bad_parameters_are_400(client, url):
    assert client.get(url).status_code == 400


def test_api_findings_stats_and_openapi(client):
    f = client.get("/api/findings", query_string={"q": "doan vien", "kind": "recommendation"}).get_json()
    assert f["total"] == 1 and f["hits"][0]["document"]["source"] == "b/ninhbinh.html"
    s = client.get("/api/stats", query_string={"year": 2022}).get_json()
    assert s["documents"] == 2
    spec = client.get("/api/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    rules = {r.rule.replace("<doc_id>", "{id}") for r in client.application.url_map.iter_rules()
             if r.rule.startswith("/api/") and r.rule != "/api/openapi.json"}
    assert rules == set(spec["paths"])


@pytest.fixture
def admin_app(tmp_path):
    app = create_app({"INDEX": f"sqlite:///{tmp_path / 'i.db'}", "SECRET_KEY": "k", "TOKEN": "s3cret",
                      "STORAGE": str(tmp_path / "files")})
    yield app
    with app.app_context():
        get_backend().close()


def _csrf(client) -> str:
    html = client.get("/upload").get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def test_upload_needs_token_and_csrf_then_ingests_and_keeps_the_original(admin_app):
    client = admin_app.test_client()
    pdf = (SAMPLES / "004.pdf").read_bytes()
    form = lambda **kw: {"file": (io.BytesIO(pdf), "bao cao.pdf"), **kw}
    assert client.post("/upload", data=form(token="s3cret"), content_type="multipart/form-data").status_code == 400
    token = _csrf(client)
    assert client.post("/upload", data=form(csrf_token=token), content_type="multipart/form-data").status_code == 401
    assert client.post("/upload", data=form(csrf_token=token, token="wrong"),
                       content_type="multipart/form-data").status_code == 401
    ok = client.post("/upload", data=form(csrf_token=token, token="s3cret"), content_type="multipart/form-data")
    assert ok.status_code == 200, ok.get_data(as_text=True)
    doc_url = re.search(r'href="(/doc/[0-9a-f]{64})"', ok.get_data(as_text=True)).group(1)
    page = client.get(doc_url).get_data(as_text=True)
    assert "Tỉnh đoàn Ninh Bình kiểm tra Huyện đoàn Yên Khánh" in page and "Tải tệp gốc" in page
    download = client.get(doc_url + "/original")
    assert download.data == pdf and "attachment" in download.headers["Content-Disposition"]


def test_api_upload_with_bearer_token(admin_app):
    client = admin_app.test_client()
    data = lambda: {"file": (io.BytesIO((SAMPLES / "000.docx").read_bytes()), "000.docx")}
    assert client.post("/api/documents", data=data()).status_code == 401
    r = client.post("/api/documents", data=data(), headers={"Authorization": "Bearer s3cret"})
    assert r.status_code == 201
    assert r.get_json()["record"]["references"][0]["symbol"] == "KH/UBKT"
    bad = client.post("/api/documents", data={"file": (io.BytesIO(b""), "empty.txt")},
                      headers={"Authorization": "Bearer s3cret"})
    # machines read the stable English code, people the Vietnamese reason of the message table
    assert bad.status_code == 422 and bad.get_json()["error_code"] == "empty"
    assert bad.get_json()["error"] == "tệp rỗng (0 byte)"


def test_uploads_are_off_without_a_configured_token(client):
    assert "KIEMTRA_TOKEN" in client.get("/upload").get_data(as_text=True)
    r = client.post("/api/documents", data={"file": (io.BytesIO(b"x"), "a.txt")},
                    headers={"Authorization": "Bearer "})
    assert r.status_code == 401


def test_downloads_cannot_escape_the_storage_folder(admin_app, tmp_path):
    client = admin_app.test_client()
    (tmp_path / "secret.txt").write_text("bí mật")
    for url in ["/doc/../secret.txt/original", "/doc/..%2f..%2fsecret.txt/original",
                "/doc/" + "a" * 64 + "/original", "/static/../../secret.txt"]:
        r = client.get(url)
        assert r.status_code == 404, url
        assert "bí mật" not in r.get_data(as_text=True)


def test_oversized_upload_is_413(admin_app):
    admin_app.config["MAX_CONTENT_LENGTH"] = 1024
    r = admin_app.test_client().post("/api/documents", data={"file": (io.BytesIO(b"x" * 5000), "a.txt")},
                                     headers={"Authorization": "Bearer s3cret"})
    assert r.status_code == 413


def test_an_unreachable_index_is_a_503_with_its_reason(tmp_path):
    app = create_app({"INDEX": "http://127.0.0.1:9/", "SECRET_KEY": "test", "TESTING": True, "ES_TIMEOUT": 2})
    client = app.test_client()
    page = client.get("/", query_string={"q": "kiem tra"})
    assert page.status_code == 503
    assert "Chỉ mục tạm thời không dùng được" in page.get_data(as_text=True)
    api = client.get("/api/search", query_string={"q": "kiem tra"})
    assert api.status_code == 503 and "unavailable" in api.get_json()["error"]

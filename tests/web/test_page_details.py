"""Page details checked without a browser: links, the way back from a document, the upload token
kept for the browser session, the icon (the browser tests click the same things)."""
from __future__ import annotations

import io
import re

import pytest

from web import create_app, get_backend

from ..search.records import CORPUS


def test_the_chart_data_links_are_plain_csv_urls(client):
    html = client.get("/stats", query_string={"q": "doan vien", "indicator": "đoàn viên ưu tú"}).get_data(as_text=True)
    links = [h.replace("&amp;", "&") for h in re.findall(r'href="(/stats/[^"]+)"', html)]
    assert [re.match(r"/stats/(\w+)\.csv\?", h).group(1) for h in links] == ["findings", "months", "units", "figures"]
    for h in links:
        r = client.get(h)
        assert r.status_code == 200 and r.mimetype == "text/csv"


@pytest.mark.parametrize("back", ["https://evil.example/", "//evil.example/", "/\\evil.example", "/stats",
                                  "javascript:alert(1)"])
def test_the_way_back_leads_only_to_a_results_page(client, back):
    html = client.get(f"/doc/{CORPUS[1].doc_id}", query_string={"back": back, "q": "yen khanh"}).get_data(as_text=True)
    link = re.search(r'<p class="back"><a href="([^"]*)">', html).group(1)
    assert link == "/?q=yen+khanh"


def test_the_way_back_keeps_the_results_page(client):
    back = "/findings?q=doan+vien&kind=limitation&page=2"
    html = client.get(f"/doc/{CORPUS[1].doc_id}", query_string={"back": back}).get_data(as_text=True)
    assert re.search(r'<p class="back"><a href="([^"]*)">([^<]*)<', html).groups() == (
        back.replace("&", "&amp;"), "‹ Quay lại danh sách phát hiện")


def test_favicon(client):
    r = client.get("/favicon.ico")
    assert r.status_code == 200 and r.mimetype == "image/svg+xml" and r.data.startswith(b"<svg")


@pytest.fixture
def admin(tmp_path):
    def make(token):
        app = create_app({"INDEX": f"sqlite:///{tmp_path / 'i.db'}", "SECRET_KEY": "k", "TOKEN": token,
                          "STORAGE": str(tmp_path / "files"), "TESTING": True})
        return app
    apps = []
    yield lambda token: apps.append(make(token)) or apps[-1]
    for app in apps:
        with app.app_context():
            get_backend().close()


def _post(client, name, **form):
    html = client.get("/upload").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    data = {"csrf_token": csrf, **form}
    if name:
        data["file"] = (io.BytesIO(f"Báo cáo kiểm tra {name} của Chi đoàn Thôn Đông.".encode()), name)
    return client.post("/upload", data=data, content_type="multipart/form-data")


def test_the_upload_token_is_asked_once_per_browser_session(admin):
    client = admin("s3cret").test_client()
    assert _post(client, "a.txt").status_code == 401
    assert _post(client, "a.txt", token="s3cret").status_code == 200
    cookie = client.get_cookie("session")
    assert cookie is not None and "s3cret" not in cookie.value and cookie.expires is None   # until it closes
    page = client.get("/upload").get_data(as_text=True)
    assert 'name="token"' not in page and "không cần nhập lại" in page
    assert _post(client, "b.txt").status_code == 200
    assert _post(client, None, forget="1").status_code == 200
    assert _post(client, "c.txt").status_code == 401
    # a session from before the token changed is not enough any more
    assert _post(client, "d.txt", token="s3cret").status_code == 200
    other = admin("new-token").test_client()
    other.set_cookie("session", client.get_cookie("session").value)
    assert _post(other, "e.txt").status_code == 401
    # the API never takes the browser's session for a token
    r = client.post("/api/documents", data={"file": (io.BytesIO(b"x y z"), "f.txt")})
    assert r.status_code == 401


def test_the_upload_page_lists_every_format_it_reads(admin):
    import ingest

    html = admin("s3cret").test_client().get("/upload").get_data(as_text=True)
    listed = re.search(r"Tệp \(([^;]+);", html).group(1).split(", ")
    assert listed == [*ingest.READERS, "zip"]

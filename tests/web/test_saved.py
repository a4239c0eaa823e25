"""Saved searches through the web app and the command line (SQLite; the browser test and the backends'
contract are apart): saving from the search and findings pages with the token, the shared link, the
list, deleting, the Atom feed parsed as Atom, and ``kiemtra alerts``."""
from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from lxml import etree

from search import parse
from search import saved as saved_searches
from web import create_app, get_backend

from ..search.records import CORPUS, make_record

TOKEN = "bi-mat"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def app(tmp_path):
    app = create_app({"INDEX": f"sqlite:///{tmp_path / 'index.db'}", "SECRET_KEY": "test", "TESTING": True,
                      "TOKEN": TOKEN})
    with app.app_context():
        get_backend().upsert(CORPUS)
    yield app
    with app.app_context():
        get_backend().close()


def _csrf(client, path="/") -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).get_data(as_text=True)).group(1)


def _save_form(html: str) -> dict[str, list[str]]:
    """The hidden fields of the page's "Lưu tìm kiếm" form, as the browser sends them."""
    form = re.search(r'<form class="save-search".*?</form>', html, re.S).group(0)
    fields: dict[str, list[str]] = {}
    for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form):
        fields.setdefault(name, []).append(value.replace("&#34;", '"').replace("&amp;", "&"))
    return fields


def _save(client, page: str, name: str, **extra):
    html = client.get(page).get_data(as_text=True)
    assert "<summary>Lưu tìm kiếm</summary>" in html
    return client.post("/tim-kiem-da-luu", data={**_save_form(html), "name": name, **extra})


def _keys(client) -> list[str]:
    return re.findall(r'<li class="saved" id="s-([0-9a-f]+)"', client.get("/tim-kiem-da-luu").get_data(as_text=True))


def test_a_search_is_saved_with_the_token_and_its_link_opens_it(app):
    client = app.test_client()
    page = "/?q=ki%E1%BB%83m+tra&year=2022&sort=-date&page=1"
    r = _save(client, page, "Kiểm tra 2022")
    assert r.status_code == 401 and "Mã quản trị không đúng hoặc chưa nhập." in r.get_data(as_text=True)
    # refused: the form comes back with what was asked, to give the token
    assert 'value="Kiểm tra 2022"' in r.get_data(as_text=True) and _keys(client) == []
    r = _save(client, page, "Kiểm tra 2022", token="sai")
    assert r.status_code == 401
    r = _save(client, page, "Kiểm tra 2022", token=TOKEN)
    assert r.status_code == 303 and r.headers["Location"].startswith("/tim-kiem-da-luu#s-")
    listing = client.get("/tim-kiem-da-luu").get_data(as_text=True)
    assert "Đã lưu tìm kiếm “Kiểm tra 2022”." in listing
    (key,) = _keys(client)
    assert f"http://localhost/tim-kiem-da-luu/{key}" in listing and "kiểm tra year:2022" in listing
    opened = client.get(f"/tim-kiem-da-luu/{key}")
    assert opened.status_code == 302
    target = urlsplit(opened.headers["Location"])
    assert target.path == "/" and parse_qs(target.query) == {"q": ["kiểm tra"], "year": ["2022"], "sort": ["-date"]}
    # the token is asked once per browser session, as on the upload page
    html = client.get("/findings?kind=limitation").get_data(as_text=True)
    assert 'name="token"' not in re.search(r'<form class="save-search".*?</form>', html, re.S).group(0)
    assert _save(client, "/findings?kind=limitation", "Hạn chế").status_code == 303
    assert len(_keys(client)) == 2
    findings_key = next(k for k in _keys(client) if k != key)
    assert urlsplit(client.get(f"/tim-kiem-da-luu/{findings_key}").headers["Location"]).path == "/findings"


def test_the_same_results_are_found_through_the_saved_link(app):
    client = app.test_client()
    page = "/?q=doan+vien&format=txt"
    count = re.search(r'id="result-count">Tìm thấy <strong>(\d+)</strong>', client.get(page).get_data(as_text=True))
    assert _save(client, page, "Đoàn viên", token=TOKEN).status_code == 303
    (key,) = _keys(client)
    again = client.get(f"/tim-kiem-da-luu/{key}", follow_redirects=True).get_data(as_text=True)
    assert re.search(r'id="result-count">Tìm thấy <strong>(\d+)</strong>', again).group(1) == count.group(1)


def test_what_cannot_be_saved_is_said_in_vietnamese(app, tmp_path):
    client = app.test_client()
    csrf = _csrf(client)
    r = client.post("/tim-kiem-da-luu", data={"csrf_token": csrf, "view": "search", "name": "  ", "token": TOKEN})
    assert r.status_code == 400 and "Cần đặt tên cho tìm kiếm cần lưu." in r.get_data(as_text=True)
    r = client.post("/tim-kiem-da-luu", data={"csrf_token": csrf, "view": "search", "name": "X", "year": "abc",
                                              "token": TOKEN})
    assert r.status_code == 400 and "Truy vấn không hợp lệ" in r.get_data(as_text=True)
    assert client.post("/tim-kiem-da-luu", data={"view": "search", "name": "X", "token": TOKEN}).status_code == 400
    assert client.get("/tim-kiem-da-luu/abcdef123456").status_code == 404
    assert "Không có tìm kiếm đã lưu này" in client.get("/tim-kiem-da-luu/abcdef123456/feed").get_data(as_text=True)
    assert client.get("/tim-kiem-da-luu/..%2Fx").status_code == 404
    # without a token configured, saving is off and says so; the list still reads
    off = create_app({"INDEX": f"sqlite:///{tmp_path / 'off.db'}", "SECRET_KEY": "t", "TESTING": True,
                      "WTF_CSRF_ENABLED": False})      # no page of it has a form to take the CSRF token from
    c = off.test_client()
    assert "Chức năng lưu tìm kiếm đang tắt" in c.get("/").get_data(as_text=True)
    r = c.post("/tim-kiem-da-luu", data={"view": "search", "name": "X", "token": "x"})
    assert r.status_code == 403 and "đang tắt" in r.get_data(as_text=True)
    assert "Chưa có tìm kiếm nào được lưu." in c.get("/tim-kiem-da-luu").get_data(as_text=True)
    with off.app_context():
        get_backend().close()


def test_deleting_takes_the_token(app):
    client = app.test_client()
    with app.app_context():
        s = saved_searches.save(get_backend(), "Xoá tôi", "search", {"q": ["x"]}, parse("x"))
    csrf = _csrf(client, "/tim-kiem-da-luu")
    assert client.post("/tim-kiem-da-luu/xoa", data={"csrf_token": csrf, "key": s.key}).status_code == 401
    assert _keys(client) == [s.key]
    r = client.post("/tim-kiem-da-luu/xoa", data={"csrf_token": csrf, "key": s.key, "token": TOKEN})
    assert r.status_code == 303
    listing = client.get("/tim-kiem-da-luu").get_data(as_text=True)
    assert "Đã xoá tìm kiếm “Xoá tôi”." in listing and _keys(client) == []
    with app.app_context():
        assert get_backend().item(saved_searches.SEEN_KIND, s.key) is None
    assert client.get(f"/tim-kiem-da-luu/{s.key}").status_code == 404


def _feed(client, key):
    r = client.get(f"/tim-kiem-da-luu/{key}/feed")
    assert r.status_code == 200 and r.mimetype == "application/atom+xml"
    return etree.fromstring(r.get_data())


def test_the_feed_is_atom_listing_new_matching_documents_newest_first(app):
    client = app.test_client()
    with app.app_context():
        backend = get_backend()
        s = saved_searches.save(backend, "Phần mềm", "findings", {"q": ["phần mềm"], "kind": ["limitation"]},
                                parse("phần mềm", kind=["limitation"]))
        before = [d for d, _ in backend.indexed_since(s.as_query())]
        new = make_record("moi.txt", "Kiểm tra Chi đoàn Mới. Việc cập nhật phần mềm còn chậm & <thiếu>.",
                          title="Kiểm tra Chi đoàn Mới", published="2024-05-06", units=("Chi đoàn Mới",),
                          findings=(("limitation", "Việc cập nhật phần mềm còn chậm & <thiếu>."),))
        backend.upsert([new])
    feed = _feed(client, s.key)
    assert feed.tag == f"{ATOM}feed" and feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "vi"
    assert feed.findtext(f"{ATOM}title") == "Tìm kiếm đã lưu “Phần mềm” · kiemtra"
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == f"http://localhost/tim-kiem-da-luu/{s.key}/feed"
    alternate = urlsplit(feed.find(f"{ATOM}link[@rel='alternate']").get("href"))
    assert alternate.path == "/findings" and parse_qs(alternate.query) == {"q": ["phần mềm"], "kind": ["limitation"]}
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}id").rsplit("/", 1)[1] for e in entries] == [new.doc_id, *before]
    first = entries[0]
    assert first.findtext(f"{ATOM}title") == "Kiểm tra Chi đoàn Mới"
    assert first.find(f"{ATOM}link").get("href") == f"http://localhost/doc/{new.doc_id}"
    updated = [e.findtext(f"{ATOM}updated") for e in entries]
    assert updated == sorted(updated, reverse=True) and feed.findtext(f"{ATOM}updated") == updated[0]
    with app.app_context():
        assert updated[0] == dict(get_backend().indexed_since(s.as_query()))[new.doc_id]
    content = first.find(f"{ATOM}content")
    assert content.get("type") == "html"
    assert "Ngày văn bản: 06/05/2024" in content.text and "Đơn vị được kiểm tra: Chi đoàn Mới" in content.text
    assert "<strong>Hạn chế</strong>: Việc cập nhật phần mềm còn chậm &amp; &lt;thiếu&gt;." in content.text
    assert client.get(f"/doc/{new.doc_id}").status_code == 200


def test_kiemtra_alerts_prints_what_is_new_once(app):
    runner = app.test_cli_runner()
    r = runner.invoke(args=["alerts"])
    assert r.exit_code == 0 and r.output.startswith("Chưa có tìm kiếm nào được lưu.")
    with app.app_context():
        backend = get_backend()
        s = saved_searches.save(backend, "Phần mềm", "search", {"q": ["phan mem"]}, parse("phan mem"))
        saved_searches.save(backend, "Không khớp", "search", {"q": ["xyzzy"]}, parse("xyzzy"))
    r = runner.invoke(args=["alerts"])
    assert r.exit_code == 0
    assert sorted(r.output.splitlines()) == ["“Không khớp” (xyzzy): không có gì mới",
                                             "“Phần mềm” (phan mem): không có gì mới"]
    new = make_record("moi.txt", "Kiểm tra phần mềm quản lý. Phần mềm còn lỗi.", title="Phần mềm mới",
                      findings=(("limitation", "Phần mềm còn lỗi."),))
    with app.app_context():
        get_backend().upsert([new])
    r = runner.invoke(args=["alerts", "--dry-run", "--url", "http://kiemtra.example:8000/"])
    assert r.exit_code == 0
    lines = r.output.splitlines()
    at = lines.index("“Phần mềm” (phan mem): 1 văn bản mới")
    assert lines[at + 1] == "  • Phần mềm mới"
    assert lines[at + 2].startswith(f"    http://kiemtra.example:8000/doc/{new.doc_id} · moi.txt · ghi vào chỉ mục lúc ")
    assert lines[at + 3] == "    - Hạn chế: Phần mềm còn lỗi."
    assert "“Không khớp” (xyzzy): không có gì mới" in lines
    r = runner.invoke(args=["alerts", "--json"])
    rows = [json.loads(line) for line in r.output.splitlines()]
    mine = next(row for row in rows if row["id"] == s.key)
    assert mine["name"] == "Phần mềm" and [d["id"] for d in mine["new"]] == [new.doc_id]
    assert mine["new"][0]["findings"] == [{"kind": "limitation", "text": "Phần mềm còn lỗi."}]
    assert mine["new"][0]["link"] == f"/doc/{new.doc_id}"
    r = runner.invoke(args=["alerts"])                      # seen by the run before: nothing new
    assert r.exit_code == 0 and "“Phần mềm” (phan mem): không có gì mới" in r.output


def test_the_alerts_help_is_vietnamese(app):
    r = app.test_cli_runner().invoke(args=["alerts", "--help"])
    assert r.exit_code == 0
    assert "In những gì mới cho từng tìm kiếm đã lưu" in r.output and "Chỉ xem, không ghi nhận" in r.output


def test_a_saved_query_no_longer_valid_is_said_and_skipped(app):
    with app.app_context():
        backend = get_backend()
        good = saved_searches.save(backend, "Phần mềm", "search", {"q": ["phan mem"]}, parse("phan mem"))
        backend.put_item(saved_searches.KIND, "0123456789ab", {"name": "Cũ", "view": "search",
                                                               "params": {"q": ["year:abc"]}, "query": "year:abc",
                                                               "sort": "relevance", "created": good.created})
    r = app.test_client().get("/tim-kiem-da-luu/0123456789ab/feed")
    assert r.status_code == 400 and "“Cũ”: truy vấn đã lưu không còn hợp lệ" in r.get_data(as_text=True)
    r = app.test_cli_runner().invoke(args=["alerts"])
    assert r.exit_code == 0
    assert "“Cũ”: truy vấn đã lưu không còn hợp lệ" in r.stderr
    assert "“Phần mềm” (phan mem): không có gì mới" in r.stdout

"""What an attack run found (issue 16), each reproduced: repeated filter parameters that made pages
quadratic, missing security headers, an OpenAPI description that echoed the Host header and left out
limits and status codes, formulas in the statistics CSV, and an encrypted ODT upload that gave a 500."""
from __future__ import annotations

import csv
import io
import re
import struct
import time
import zipfile
from urllib.parse import parse_qsl, urlencode, urlsplit

import lxml.html
import pytest

from search import IndexUnavailable
from search.query import MAX_PAGE, MAX_PER_PAGE
from web import create_app, get_backend
from search.filters import filter_names
from web.limits import MAX_FILTER_VALUES, MAX_QUERY_STRING

from ..ingest.builders import VIET
from ..search.records import CORPUS, make_record
from .test_browser import ARGS, CHROMIUM, _require_browser
from .conftest import served_app

PAGES = ["/", "/findings", "/stats"]
API = ["/api/search", "/api/findings", "/api/stats", "/api/export"]
DOWNLOADS = ["/export", "/stats/units.csv"]
FAST = 2.0     # seconds: generous on a busy 2-core machine; the attack took 21.8 s


def _timed(client, path, params, **kw):
    start = time.perf_counter()
    r = client.get(path, query_string=params, **kw)
    r.get_data()            # a download is streamed: its time is in reading it
    r.close()
    return r, time.perf_counter() - start


# 1. bounded filter parameters, pages in linear time ------------------------------------------------

@pytest.mark.parametrize("path", PAGES + API + DOWNLOADS)
def test_the_attack_3000_unit_values_is_refused_at_once(client, path):
    params = [("unit", f"u{i}") for i in range(3000)]        # a 32 KB URL, as in the attack run
    assert len(urlencode(params)) > 30_000
    r, took = _timed(client, path, params)
    assert r.status_code == 400 and took < FAST
    assert len(r.data) < 20_000                                  # nothing of the URL is echoed back
    if path.startswith("/api/"):
        assert r.get_json()["error_code"] == "query-string-too-long" and r.get_json()["error"]
    else:
        assert "quá dài" in r.get_data(as_text=True)


@pytest.mark.parametrize("path", PAGES + API + DOWNLOADS)
def test_more_values_of_one_filter_than_the_limit_is_400(client, path):
    params = [("unit", f"u{i}") for i in range(MAX_FILTER_VALUES + 1)]
    r, took = _timed(client, path, params)
    assert r.status_code == 400 and took < FAST
    if path.startswith("/api/"):
        body = r.get_json()
        assert body["error_code"] == "too-many-values" and "unit" in body["error"]
    else:
        assert f"tối đa {MAX_FILTER_VALUES} giá trị" in r.get_data(as_text=True)


@pytest.mark.parametrize("path", PAGES + API)
def test_a_query_string_over_the_limit_is_400(client, path):
    r = client.get(path, query_string={"q": "a", "x": "b" * MAX_QUERY_STRING})
    assert r.status_code == 400
    if path.startswith("/api/"):
        assert r.get_json()["error_code"] == "query-string-too-long"
    else:
        assert f"{MAX_QUERY_STRING // 1024} KB" in r.get_data(as_text=True)


def _at_the_limit():
    """Every filter at its limit, the query string just under its own: one real unit among made-up
    ones, so the answer is known (the Yên Khánh inspection of 2022)."""
    params = [("unit", "Huyện đoàn Yên Khánh")] + [("unit", f"Đơn vị không có thật số {i}")
                                                   for i in range(MAX_FILTER_VALUES - 1)]
    params += [("year", str(y)) for y in range(2022, 2022 + MAX_FILTER_VALUES)]
    params += [("activity", "kiểm tra")] * MAX_FILTER_VALUES
    params += [("ref", f"{i}-KH/TĐTN-XDĐ")
               for i in range(261, 261 + MAX_FILTER_VALUES)]
    pad = MAX_QUERY_STRING - len(urlencode(params)) - 200
    params += [("q", "doan vien"), ("to", "2030-12-31"), ("zz", "x" * pad)]
    assert MAX_QUERY_STRING - 250 < len(urlencode(params)) <= MAX_QUERY_STRING
    return params


def _count(html: str) -> int:
    return int(re.search(r'id="result-count">[^<]*<strong>(\d+)</strong>', html).group(1))


@pytest.mark.parametrize("path", PAGES)
def test_a_request_at_the_limit_answers_fast_and_right(client, path):
    r, took = _timed(client, path, _at_the_limit())
    assert r.status_code == 200, r.get_data(as_text=True)[:2000]
    assert took < FAST
    html = r.get_data(as_text=True)
    minimal = {"unit": "Huyện đoàn Yên Khánh", "year": "2022", "activity": "kiểm tra", "ref": "261-KH/TĐTN-XDĐ",
               "q": "doan vien"}
    expected = _count(client.get(path, query_string=minimal).get_data(as_text=True))
    assert _count(html) == expected and expected > 0
    assert len(r.data) < 400_000
    doc = lxml.html.fromstring(html)
    chips = doc.xpath("//form[contains(@class, 'active-filters')]//button[@name='remove']")
    assert len(chips) == 4 * MAX_FILTER_VALUES - (MAX_FILTER_VALUES - 1)   # activity repeats one value


@pytest.mark.parametrize("path", API)
def test_the_api_at_the_limit_answers_fast_and_right(client, path):
    r, took = _timed(client, path, _at_the_limit())
    assert r.status_code == 200 and took < FAST
    if path == "/api/search":
        assert [h["source"] for h in r.get_json()["hits"]] == ["b/ninhbinh.html"]


def _size(client, path, n):
    params = [("unit", f"{i:03d} " + "x" * 300) for i in range(n)]
    assert len(urlencode(params)) <= MAX_QUERY_STRING
    return len(client.get(path, query_string=params).data)


@pytest.mark.parametrize("path", PAGES)
def test_a_page_grows_linearly_with_its_filters(client, path):
    """Every removal link carried every other filter: n filters made n links of n values each."""
    # from one filter on: no made-up unit matches, so the pages differ by their filters only (the page
    # without a filter lists documents, which an empty result does not)
    s0, s10, s20 = (_size(client, path, n) for n in (1, MAX_FILTER_VALUES // 2, MAX_FILTER_VALUES - 1))
    assert s20 - s10 < 1.3 * (s10 - s0), (s0, s10, s20)


def test_removing_an_active_filter_keeps_the_others(client):
    params = [("q", "doan vien"), ("unit", "Huyện đoàn Yên Khánh"), ("unit", "Huyện đoàn Tiểu Cần"),
              ("year", "2022"), ("sort", "-date"), ("page", "1")]
    html = client.get("/", query_string=params).get_data(as_text=True)
    form = lxml.html.fromstring(html).xpath("//form[contains(@class, 'active-filters')]")[0]
    button = form.xpath(".//button[@name='remove'][contains(., 'Tiểu Cần')]")[0]
    sent = [(i.name, i.value) for i in form.xpath(".//input[@type='hidden']")] + [("remove", button.get("value"))]
    r = client.get(form.get("action"), query_string=sent)
    assert r.status_code == 303
    target = urlsplit(r.headers["Location"])
    assert target.path == "/"
    assert sorted(parse_qsl(target.query)) == sorted([("q", "doan vien"), ("unit", "Huyện đoàn Yên Khánh"),
                                                      ("year", "2022"), ("sort", "-date")])
    followed = client.get(r.headers["Location"]).get_data(as_text=True)
    assert "Tìm thấy <strong>1</strong> văn bản" in followed


# 2. security headers ------------------------------------------------------------------------------

def _policy(header: str) -> dict[str, list[str]]:
    out = {}
    for part in header.split(";"):
        if part.strip():
            name, *values = part.split()
            out[name] = values
    return out


def _check_headers(r, what):
    h = r.headers
    assert h.get("X-Content-Type-Options") == "nosniff", what
    assert h.get("X-Frame-Options") == "DENY", what
    assert h.get("Referrer-Policy") == "same-origin", what
    csp = _policy(h.get("Content-Security-Policy", ""))
    assert csp.get("default-src") == ["'self'"], what
    assert csp.get("frame-ancestors") == ["'none'"], what
    for values in csp.values():
        assert not {"'unsafe-inline'", "'unsafe-eval'", "*", "data:"} & set(values), (what, csp)


def test_every_kind_of_response_carries_the_security_headers(loaded_app, monkeypatch):
    loaded_app.config["TOKEN"] = "s3cret"
    client = loaded_app.test_client()
    doc = CORPUS[0].doc_id
    for url in ["/", "/findings", "/stats", f"/doc/{doc}", "/upload", "/static/style.css", "/static/upload.js",
                "/stats/units.csv", "/export", "/export?output=xlsx", "/api/search", "/api/findings", "/api/stats",
                "/api/export", f"/api/documents/{doc}", "/api/openapi.json", "/nowhere", "/api/nowhere",
                "/?page=0", "/api/search?page=0", f"/doc/{'a' * 64}/original", "/api/documents",
                "/?" + urlencode([("unit", str(i)) for i in range(50)])]:
        _check_headers(client.get(url), url)
    _check_headers(client.post("/api/documents"), "POST /api/documents")
    _check_headers(client.post("/upload"), "POST /upload without CSRF")

    def broken():
        raise RuntimeError("a bug")

    monkeypatch.setattr("web.views.get_backend", broken)
    loaded_app.config["PROPAGATE_EXCEPTIONS"] = False
    r = client.get("/")
    assert r.status_code == 500
    _check_headers(r, "500")


def test_a_method_not_allowed_says_which_are(client):
    api, page = client.get("/api/documents"), client.post("/stats")
    assert api.status_code == page.status_code == 405
    assert "POST" in api.headers["Allow"] and api.get_json()["error_code"] == "method-not-allowed"
    assert "GET" in page.headers["Allow"] and "phương thức" in page.get_data(as_text=True)


def test_pages_hold_nothing_a_strict_policy_would_block(client):
    doc = CORPUS[1].doc_id
    for url in ["/?q=doan+vien&unit=Huyện+đoàn+Yên+Khánh", "/findings?q=doan+vien", "/stats?indicator=đoàn+viên",
                f"/doc/{doc}?q=yen+khanh", "/upload", "/nowhere", "/?page=0"]:
        doc_html = lxml.html.fromstring(client.get(url).get_data(as_text=True))
        assert not doc_html.xpath("//script[not(@src)]"), url
        assert not doc_html.xpath("//style"), url
        assert not doc_html.xpath("//*[@style]"), url
        handlers = [a for el in doc_html.iter() if isinstance(el.tag, str) for a in el.attrib if a.startswith("on")]
        assert not handlers, (url, handlers)
        assert not doc_html.xpath("//*[starts-with(normalize-space(@href), 'javascript:')]"), url


@pytest.fixture(scope="module")
def token_server(tmp_path_factory):
    _require_browser()
    with served_app(tmp_path_factory.mktemp("csp"), "c", samples=False, records=CORPUS, TOKEN="s3cret") as url:
        yield url


@pytest.fixture
def page():
    _require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield browser.new_context(locale="vi-VN").new_page()
        browser.close()


def test_in_a_browser_the_policy_blocks_nothing_the_pages_use(page, token_server):
    refused = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(token_server + "/?" + urlencode([("q", "doan vien"), ("unit", "Huyện đoàn Yên Khánh"),
                                                ("unit", "Huyện đoàn Tiểu Cần")]))
    assert page.eval_on_selector("header.top", "e => getComputedStyle(e).backgroundColor") == "rgb(179, 18, 31)"
    page.click("form.active-filters button:has-text('Tiểu Cần')")       # a chip removes its filter
    assert parse_qsl(urlsplit(page.url).query) == [("q", "doan vien"), ("unit", "Huyện đoàn Yên Khánh")]
    assert page.locator("#result-count strong").inner_text() == "1"
    page.goto(token_server + "/stats?indicator=đoàn+viên")
    assert page.locator("svg.chart").count() >= 3
    page.goto(token_server + "/upload")                                 # upload.js: progress, then the result
    page.fill("input[name=token]", "s3cret")
    page.set_input_files("input[name=file]", {"name": "bao-cao.txt", "mimeType": "text/plain",
                                              "buffer": f"Báo cáo kiểm tra số 7/BC-ĐTN\n{VIET}\n".encode()})
    page.click("#upload button[type=submit]")
    page.wait_for_selector("ul.upload-results", timeout=60_000)
    assert "✓" in page.locator("ul.upload-results").inner_text()
    assert not refused, refused


# 3. the OpenAPI description -------------------------------------------------------------------------

def test_openapi_does_not_reflect_the_host_header(client):
    r = client.get("/api/openapi.json", headers={"Host": "evil.example", "X-Forwarded-Host": "evil2.example"})
    assert r.status_code == 200
    assert "evil" not in r.get_data(as_text=True)
    assert r.get_json()["servers"] == [{"url": "/"}]


def _params(op) -> dict:
    return {p["name"]: p["schema"] for p in op["parameters"]}


def test_openapi_states_the_limits_the_api_enforces(client):
    spec = client.get("/api/openapi.json").get_json()
    for path in ("/api/search", "/api/findings"):
        params = _params(spec["paths"][path]["get"])
        assert (params["page"]["minimum"], params["page"]["maximum"]) == (1, MAX_PAGE)
        assert (params["per_page"]["minimum"], params["per_page"]["maximum"]) == (1, MAX_PER_PAGE)
    for path in API:
        op = spec["paths"][path]["get"]
        params = _params(op)
        for name in filter_names():
            assert params[name]["maxItems"] == MAX_FILTER_VALUES, (path, name)
        assert params["q"]["maxLength"] == 1000
        assert (params["year"]["items"]["minimum"], params["year"]["items"]["maximum"]) == (1900, 2999)
        assert str(MAX_QUERY_STRING) in op["responses"]["400"]["description"]


def _break_the_index(monkeypatch):
    def down():
        raise IndexUnavailable("http://127.0.0.1:9", "connection refused")

    for module in ("web.api", "web.views", "web.upload"):
        monkeypatch.setattr(f"{module}.get_backend", down)


def test_openapi_lists_every_status_code_the_api_returns(loaded_app, monkeypatch):
    loaded_app.config["TOKEN"] = "s3cret"
    client = loaded_app.test_client()
    spec = client.get("/api/openapi.json").get_json()
    seen: dict[tuple[str, str], set] = {}

    def call(method, template, url, **kw):
        r = client.open(url, method=method, **kw)
        seen.setdefault((method.lower(), template), set()).add(str(r.status_code))
        if r.status_code >= 400:
            body = r.get_json()
            assert body and body["error"] and body["error_code"], (url, r.status_code, r.data[:200])

    doc = CORPUS[0].doc_id
    auth = {"Authorization": "Bearer s3cret"}
    for path in API:
        call("GET", path, path)
        call("GET", path, path + "?year=abc")
        call("GET", path, path + "?" + urlencode([("unit", "u")] * (MAX_FILTER_VALUES + 1)))
    call("GET", "/api/documents/{id}", f"/api/documents/{doc}")
    call("GET", "/api/documents/{id}", f"/api/documents/{'0' * 64}")
    call("POST", "/api/documents", "/api/documents")
    call("POST", "/api/documents", "/api/documents", headers=auth)
    call("POST", "/api/documents", "/api/documents", headers=auth, data={"file": (io.BytesIO(b""), "rong.txt")})
    loaded_app.config["MAX_CONTENT_LENGTH"] = 1024
    call("POST", "/api/documents", "/api/documents", headers=auth, data={"file": (io.BytesIO(b"x" * 5000), "a.txt")})
    loaded_app.config["MAX_CONTENT_LENGTH"] = 50 * 1024 * 1024
    _break_the_index(monkeypatch)
    for path in API:
        call("GET", path, path)
    call("GET", "/api/documents/{id}", f"/api/documents/{doc}")
    call("POST", "/api/documents", "/api/documents", headers=auth,
         data={"file": (io.BytesIO("Báo cáo kiểm tra".encode()), "a.txt")})
    for (method, path), codes in seen.items():
        documented = set(spec["paths"][path][method]["responses"])
        assert codes <= documented, (method, path, codes - documented)
        for code in documented - {"200", "201"}:
            content = spec["paths"][path][method]["responses"][code]["content"]
            assert content["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}
    assert {"400", "401", "413", "422", "503"} <= seen[("post", "/api/documents")]
    assert {"404", "503"} <= seen[("get", "/api/documents/{id}")]


# 4. statistics CSV --------------------------------------------------------------------------------

EVIL = make_record(
    "e/evil.txt",
    "Ban Thường vụ kiểm tra =HYPERLINK(\"http://x\",\"bấm\") về 7 @SUM(1+1) trong năm.",
    title="Kiểm tra đơn vị lạ", published="2023-03-01", units=("=HYPERLINK(\"http://x\",\"bấm\")",),
    activity=("kiểm tra",), figures=(("7 @SUM(1+1)", 7, "@SUM(1+1)"),))


def test_stats_csv_neutralizes_formulas(loaded_app):
    with loaded_app.app_context():
        get_backend().upsert([EVIL])
    client = loaded_app.test_client()
    cells = {}
    for chart, params in (("units", {}), ("figures", {"indicator": "SUM"})):
        r = client.get(f"/stats/{chart}.csv", query_string=params)
        assert r.status_code == 200
        rows = list(csv.reader(io.StringIO(r.get_data(as_text=True).lstrip("\ufeff"))))
        cells[chart] = [c for row in rows for c in row]
        assert not [c for c in cells[chart] if c[:1] in ("=", "+", "-", "@", "\t", "\r")], (chart, rows)
    assert "'=HYPERLINK(\"http://x\",\"bấm\")" in cells["units"]
    assert "'@SUM(1+1)" in cells["figures"]


# 6. an ODT whose mimetype member is flagged encrypted ---------------------------------------------

def encrypted_mimetype_odt() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        zf.writestr("content.xml", "<office:document-content/>", compress_type=zipfile.ZIP_DEFLATED)
    data = bytearray(buf.getvalue())
    struct.pack_into("<H", data, 6, struct.unpack_from("<H", data, 6)[0] | 1)           # local header
    central = data.find(b"PK\x01\x02")
    struct.pack_into("<H", data, central + 8, struct.unpack_from("<H", data, central + 8)[0] | 1)
    return bytes(data)


@pytest.fixture
def upload_app(tmp_path):
    app = create_app({"INDEX": f"sqlite:///{tmp_path / 'i.db'}", "SECRET_KEY": "k", "TOKEN": "s3cret",
                      "STORAGE": str(tmp_path / "files"), "WTF_CSRF_ENABLED": False, "PROPAGATE_EXCEPTIONS": False})
    yield app
    with app.app_context():
        get_backend().close()


def test_an_odt_with_an_encrypted_mimetype_member_is_422_with_a_reason(upload_app):
    client = upload_app.test_client()
    data = encrypted_mimetype_odt()
    api = client.post("/api/documents", data={"file": (io.BytesIO(data), "bao-cao.odt")},
                      headers={"Authorization": "Bearer s3cret"})
    assert api.status_code == 422, api.get_data(as_text=True)[:500]
    assert api.get_json()["error_code"] and api.get_json()["error"]
    page = client.post("/upload", data={"file": (io.BytesIO(data), "bao-cao.odt"), "token": "s3cret"})
    assert page.status_code == 422
    assert re.search(r"✗ bao-cao\.odt: \S", page.get_data(as_text=True))

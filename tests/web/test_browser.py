"""The web interface in a real browser: Debian's Chromium driven by Playwright, against a real
server on loopback. Screenshots go to test-output/screenshots/ (or $KIEMTRA_TEST_OUTPUT)."""
from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pytest


from ..conftest import ROOT
from .conftest import served_app

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _require_browser():
    missing = []
    if not Path(CHROMIUM).exists():
        missing.append("Debian package chromium (apt-get install chromium)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing.append("the playwright Python package (pip install -e '.[test]')")
    if missing:
        message = "browser tests need " + " and ".join(missing)
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    _require_browser()
    with served_app(tmp_path_factory.mktemp("browser"), "b") as url:
        yield url


SHOTS = Path(os.environ.get("KIEMTRA_TEST_OUTPUT", ROOT / "test-output")) / "screenshots"


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.fixture
def page(browser, request):
    context = browser.new_context(accept_downloads=True, locale="vi-VN", viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    yield pg
    shot(pg, request.node.name)
    context.close()


def test_search_facet_document_and_export(page, server, tmp_path):
    page.goto(server + "/")
    assert page.locator("#result-count strong").inner_text() == "5"     # five reports, four files each
    page.fill("input[name=q]", "ke hoach 383")
    page.click("form.search button[type=submit]")
    assert page.locator("#result-count strong").inner_text() == "1"
    assert page.locator("li.hit .formats").inner_text() == "DOCX, HTML, PDF, TXT"
    assert page.locator("li.hit mark").first.inner_text() in ("Kế", "hoạch", "383")

    page.click("aside.facets a:has-text('pdf')")
    assert page.locator("#result-count strong").inner_text() == "1"
    assert "format=pdf" in page.url

    page.click("li.hit a.title")
    assert page.locator("h1").inner_text().startswith("Ủy ban Kiểm tra Thành Đoàn Đà Nẵng")
    refs = page.locator("span.e-ref").all_inner_texts()
    assert "383-KH/UBKT" in "".join(refs)
    assert page.locator("table.refs td", has_text="KH/UBKT").count() >= 1
    shot(page, "document-page")

    page.go_back()
    page.click("summary:has-text('Tải xuống kết quả')")
    with page.expect_download() as info:
        page.click("p.exports a[href*='table=documents'][href*='output=csv']")
    path = tmp_path / "export.csv"
    info.value.save_as(path)
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    assert len(rows) == 1 and rows[0]["Định dạng"] == "docx" and "383-KH/UBKT" in rows[0]["Văn bản trích dẫn"]
    assert "000.pdf" in rows[0]["Tệp khác cùng nội dung"]


def test_findings_and_statistics_pages(page, server):
    page.goto(server + "/findings?q=doan+vien+uu+tu")
    total = int(page.locator("#result-count strong").inner_text())
    assert total > 0
    assert page.locator("li.finding .kind").count() == min(total, 20)
    page.goto(server + "/stats?indicator=%C4%91o%C3%A0n+vi%C3%AAn")
    assert page.locator("svg.chart").count() >= 3
    shot(page, "statistics-page")
    assert page.locator("#result-count strong").inner_text() == "5"


def test_no_request_leaves_the_machine(page, server):
    hosts = set()
    page.on("request", lambda r: hosts.add(r.url.split("/")[2]))
    page.goto(server + "/stats")
    page.goto(server + "/")
    assert hosts == {server.split("/")[2]}

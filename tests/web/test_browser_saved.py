"""Saved searches as a person uses them, in Chromium at desktop (1280 px) and phone (390 px) width:
search, filter by a facet, save the search with a name and the token, open the list, follow the link to
the same results; a document uploaded afterwards appears first in the search's Atom feed and once in
``kiemtra alerts`` (run as the cron job runs it, on the same index); axe-core finds no violation on
the new pages at either width."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

from .conftest import served_app
from .test_browser import _require_browser
from .test_browser_pages import WIDTHS, _axe_source, _context, axe_found, axe_violations, count, open_facets

TOKEN = "ma-bi-mat"
ATOM = "{http://www.w3.org/2005/Atom}"
KIEMTRA = Path(sys.executable).with_name("kiemtra")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    _require_browser()
    tmp = tmp_path_factory.mktemp("saved")
    with served_app(tmp, "saved", TOKEN=TOKEN) as url:
        yield url, tmp / "i.db"




def alerts(index: Path) -> str:
    """``kiemtra alerts`` as a cron job runs it: its own process, on the server's index."""
    env = {**os.environ, "KIEMTRA_INDEX": f"sqlite:///{index}"}
    done = subprocess.run([str(KIEMTRA), "alerts", "--url", "http://kiemtra.example"], env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def block(output: str, name: str) -> list[str]:
    """The lines ``kiemtra alerts`` printed for the saved search ``name``."""
    lines = output.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"“{name}” "))
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("“")), len(lines))
    return lines[start:end]


def feed_entries(page, server: str, href: str) -> list[tuple[str, str, str]]:
    r = page.request.get(server + href)
    assert r.status == 200 and r.headers["content-type"].startswith("application/atom+xml")
    feed = etree.fromstring(r.body())
    assert feed.tag == f"{ATOM}feed"
    return [(e.findtext(f"{ATOM}title"), e.find(f"{ATOM}link").get("href"), e.findtext(f"{ATOM}updated"))
            for e in feed.findall(f"{ATOM}entry")]


def test_a_saved_search_is_shared_and_its_feed_and_alerts_tell_what_came_after(page, server):
    url, index = server
    name = f"Kiểm tra, tệp txt ({page.width} px)"
    page.goto(url + "/?q=ki%E1%BB%83m+tra")
    open_facets(page)
    page.locator("section[aria-labelledby=facet-format] a", has_text="txt").first.click()
    assert "format=txt" in page.url
    found = count(page)
    assert found > 0
    # save it: a name and the token
    page.locator("details.save-box summary").click()
    page.fill("details.save-box input[name=name]", name)
    if page.locator("details.save-box input[name=token]").count():
        page.fill("details.save-box input[name=token]", TOKEN)
    page.click("details.save-box button[type=submit]")
    assert page.locator("h1").inner_text() == "Tìm kiếm đã lưu"
    assert page.locator("p.notice").inner_text() == f"Đã lưu tìm kiếm “{name}”."
    saved = page.locator("li.saved", has=page.locator("a.saved-open", has_text=name))
    assert saved.locator(".saved-query").inner_text() == "kiểm tra format:txt"
    link = saved.locator(".saved-link").inner_text()
    feed = saved.locator("a.saved-feed").get_attribute("href")
    assert page.evaluate("document.documentElement.scrollWidth") <= page.width
    # the list, reached from the search page, and its link: the same results
    page.goto(url + "/")
    page.locator("details.save-box summary").click()
    page.locator("details.save-box a", has_text="xem các tìm kiếm đã lưu").click()
    page.locator("a.saved-open", has_text=name).click()
    assert "format=txt" in page.url and count(page) == found
    page.goto(link)                                     # the link as shared, typed into a browser
    assert count(page) == found
    before = feed_entries(page, url, feed)
    assert len(before) == found
    assert block(alerts(index), name) == [f"“{name}” (kiểm tra format:txt): không có gì mới"]
    # a document uploaded after the search was saved (the token is remembered for this browser session)
    page.goto(url + "/upload")
    assert page.locator("#upload input[name=token]").count() == 0
    title = f"Báo cáo kiểm tra công tác đoàn viên số {page.width}"
    page.set_input_files("input[name=file]", {"name": f"moi-{page.width}.txt", "mimeType": "text/plain", "buffer": (
        f"{title}\n\nNgày 05/12/2026, Ban Thường vụ Tỉnh đoàn Ninh Bình kiểm tra Chi đoàn Thôn Mới "
        f"{page.width}. Chi đoàn còn hạn chế trong việc cập nhật phần mềm quản lý đoàn viên.").encode()})
    page.click("#upload button[type=submit]:has-text('Tải lên')")
    page.wait_for_selector("ul.upload-results")
    assert "✓" in page.locator("ul.upload-results").inner_text()
    doc_href = page.locator("ul.upload-results a").first.get_attribute("href")
    entries = feed_entries(page, url, feed)
    assert len(entries) == found + 1
    assert entries[0][1] == url + doc_href                # newest first, linking to the document page
    assert entries[0][2] >= max(e[2] for e in before)
    page.goto(entries[0][1])
    assert page.locator("h1").count() == 1
    # the cron job: listed once, then nothing new
    lines = block(alerts(index), name)
    assert lines[0] == f"“{name}” (kiểm tra format:txt): 1 văn bản mới"
    assert lines[2].startswith(f"    http://kiemtra.example{doc_href} · ")
    assert block(alerts(index), name) == [f"“{name}” (kiểm tra format:txt): không có gì mới"]
    page.goto(link)
    assert count(page) == found + 1


def test_a_refused_save_keeps_the_search_and_asks_for_the_token_again(page, server):
    url, _ = server
    page.goto(url + "/findings?kind=limitation")
    page.locator("details.save-box summary").click()
    page.fill("details.save-box input[name=name]", "Hạn chế")
    page.fill("details.save-box input[name=token]", "sai")
    page.click("details.save-box button[type=submit]")
    assert page.locator("p.error[role=alert]").inner_text() == "Mã quản trị không đúng hoặc chưa nhập."
    assert page.locator("h1").count() == 1
    assert page.locator("details.save-box input[name=name]").input_value() == "Hạn chế"
    page.fill("details.save-box input[name=token]", TOKEN)
    page.click("details.save-box button[type=submit]")
    page.locator("a.saved-open", has_text="Hạn chế").first.click()
    assert "/findings" in page.url and "kind=limitation" in page.url


@pytest.mark.parametrize("width", list(WIDTHS))
def test_axe_finds_no_violation_on_the_saved_search_pages(browser, server, width):
    url, _ = server
    axe = _axe_source()
    context = _context(browser, WIDTHS[width], bypass_csp=True)   # axe is injected as an inline script
    page = context.new_page()
    failures = axe_violations(page, axe, url, ("/tim-kiem-da-luu", "/?q=ki%E1%BB%83m+tra&format=txt",
                                               "/findings?kind=limitation"))
    # the list with saved searches, and the form a refused save shows again
    page.goto(url + "/?q=doan+vien")
    page.locator("details.save-box summary").click()
    page.fill("details.save-box input[name=name]", "Đoàn viên")
    page.fill("details.save-box input[name=token]", "sai")
    page.click("details.save-box button[type=submit]")
    for where in ("refused", "saved"):
        if where == "saved":
            page.fill("details.save-box input[name=token]", TOKEN)
            page.click("details.save-box button[type=submit]")
            assert page.locator("li.saved").count() >= 1
        found = axe_found(page, axe)
        if found:
            failures[where] = found
        assert page.evaluate("document.documentElement.scrollWidth") <= WIDTHS[width], where
        assert page.locator("h1").count() == 1
    context.close()
    assert not failures, failures

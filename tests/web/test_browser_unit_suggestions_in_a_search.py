"""The unit facet's box suggests the names of the current search, with its counts, in Chromium at
desktop (1280 px) and phone (390 px) width: a person searches "phần mềm", picks the year 2022, types
in the box of the inspected units and reads names and counts of that search (not of every document);
a pick filters the search on it. With a unit chosen, the box offers the others with what they add,
as the list does. axe-core finds no violation with the suggestions open."""
from __future__ import annotations

import urllib.parse

import pytest

from ..search.test_suggestions_in_a_search import suggestions_corpus
from .conftest import WIDTHS, served_app
from .test_browser import _require_browser
from .test_browser_pages import _axe_source, _context, axe_found, count, open_facets


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    _require_browser()
    with served_app(tmp_path_factory.mktemp("suggest"), "suggest", samples=False, records=suggestions_corpus()) as url:
        yield url


def facet_box(page):
    open_facets(page)
    return page.get_by_label("Lọc đơn vị được kiểm tra")


def suggested(page, box, typed: str) -> tuple[list[str], list[str]]:
    """Type into the box; the names and counts it suggests."""
    box.click()
    box.press("End")
    box.press_sequentially(typed, delay=30)
    options = page.locator("#" + box.get_attribute("aria-controls") + " [role=option]")
    options.first.wait_for()
    assert box.get_attribute("aria-expanded") == "true"
    assert page.evaluate("document.documentElement.scrollWidth") <= page.width
    return options.locator(".name").all_inner_texts(), options.locator(".count").all_inner_texts()


def test_the_facet_box_suggests_the_names_and_counts_of_the_search(page, server):
    page.goto(server + "/")
    box = page.locator("form.search input[name=q]")
    box.fill("phần mềm")
    box.press("Enter")
    page.wait_for_url("**/?q=*")
    assert count(page) == 11
    open_facets(page)
    page.locator("section[aria-labelledby=facet-year] a", has_text="2022").click()
    page.wait_for_url("**year=2022*")
    assert count(page) == 8
    # in every document: Trường Sơn 6, Trường Chinh 4 (about sổ sách), Trường Xuân 2
    names, counts = suggested(page, facet_box(page), "truong")
    assert names == ["Chi đoàn Trường Sơn", "Chi đoàn Trường Xuân"]
    assert counts == ["3 văn bản", "2 văn bản"]
    page.locator("[role=option]", has_text="Chi đoàn Trường Sơn").click()
    page.wait_for_url("**inspected=*")
    assert count(page) == 3
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(page.url).query)
    assert query["q"] == ["phần mềm"] and query["year"] == ["2022"]
    assert query["inspected"] == ["Chi đoàn Trường Sơn"]
    # a unit chosen: the box offers the other with the results it adds, as the list does ("+N")
    names, counts = suggested(page, facet_box(page), "truong")
    assert names == ["Chi đoàn Trường Xuân"] and counts == ["+1 văn bản"]
    if page.width < 800:            # on a phone, by keys; on a desktop, by the mouse
        page.keyboard.press("ArrowDown")
        page.keyboard.press("Enter")
    else:
        page.locator("[role=option]", has_text="Chi đoàn Trường Xuân").click()
    page.wait_for_url("**Tr%C6%B0%E1%BB%9Dng+Xu%C3%A2n*")
    assert count(page) == 4


def test_the_search_box_suggests_every_documents_names_without_a_filter(page, server):
    page.goto(server + "/?" + urllib.parse.urlencode({"q": "phần mềm"}))
    box = page.locator("form.search input[name=q]")
    names, counts = suggested(page, box, " unit:truong")
    assert names == ["Chi đoàn Trường Sơn", "Chi đoàn Trường Chinh", "Chi đoàn Trường Xuân"]
    assert counts == ["6 văn bản", "4 văn bản", "2 văn bản"]
    # a filter set in the page: the names of its documents
    page.goto(server + "/?" + urllib.parse.urlencode({"q": "phần mềm", "year": "2023"}))
    names, counts = suggested(page, box, " unit:truong")
    assert names == ["Chi đoàn Trường Sơn"] and counts == ["3 văn bản"]


@pytest.mark.parametrize("width", list(WIDTHS))
def test_axe_finds_no_violation_with_the_facet_suggestions_open(browser, server, width):
    axe = _axe_source()
    context = _context(browser, WIDTHS[width], bypass_csp=True)   # axe is injected as an inline script
    page = context.new_page()
    page.width = WIDTHS[width]
    page.goto(server + "/?" + urllib.parse.urlencode({"q": "phần mềm", "year": "2022"}))
    box = facet_box(page)
    suggested(page, box, "truong")
    box.press("ArrowDown")
    assert page.locator("h1").count() == 1
    found = axe_found(page, axe)
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTHS[width]
    context.close()
    assert not found, found

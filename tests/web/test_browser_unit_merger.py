"""Units across the 2025 merger and unit names as one types, in Chromium at desktop (1280 px) and
phone (390 px) width: a unit page reached from a facet shows the timeline and findings of the unit
under its new name and under its name before the merger; the search box and the unit facet's box
suggest names typed without diacritics; axe-core finds no violation, the list of names open."""
from __future__ import annotations

import re
import time
import urllib.parse
import urllib.request
import json

import pytest
from playwright.sync_api import expect

from ..search.records import make_record
from ..search.test_units import merger_corpus
from .conftest import served_app
from .test_browser import _require_browser
from .test_browser_pages import WIDTHS, _axe_source, _context, axe_found, open_facets


def _records():
    """The merger corpus, and twenty communes' Chi đoàn inspected by Tỉnh đoàn Tuyên Quang: a unit
    facet longer than the values shown at first, so that it has a box to narrow it."""
    extra = []
    for i in range(1, 21):
        unit, date = f"Chi đoàn Thôn Nà {i}", f"2025-{(i % 5) + 8:02d}-{i:02d}"
        extra.append(make_record(f"merger/thon-{i}.txt", f"Ngày {date}, Tỉnh đoàn Tuyên Quang kiểm tra {unit}.",
                                 title=f"Tỉnh đoàn Tuyên Quang kiểm tra {unit}", published=date, units=(unit,),
                                 bodies=("Tỉnh đoàn Tuyên Quang",), activity=("kiểm tra",)))
    # and 110 more units, each in one document: past the 100 values a page lists of a facet
    for i in range(1, 111):
        unit = f"Chi đoàn Cơ quan {i:03d}"
        extra.append(make_record(f"merger/cq-{i}.txt", f"Ngày 2024-03-01, Đoàn Khối kiểm tra {unit}.",
                                 title=f"Đoàn Khối kiểm tra {unit}", published="2024-03-01", units=(unit,),
                                 bodies=("Đoàn Khối",), activity=("kiểm tra",)))
    return [*merger_corpus(), *extra]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    _require_browser()
    with served_app(tmp_path_factory.mktemp("merger"), "merger", samples=False, records=_records()) as url:
        yield url




def read_tuyen_quang(page) -> None:
    """The page of Tỉnh đoàn Tuyên Quang: its documents and findings under that name and under
    Tỉnh đoàn Hà Giang, the name of its part before the merger."""
    expect(page.locator("h1")).to_have_text("Tỉnh đoàn Tuyên Quang")   # waits for the page the click opened
    assert page.locator("h1").count() == 1
    # the names most used first: Tuyên Quang in 21 documents, Hà Giang in 3
    assert page.locator("#names-before").inner_text() == "Tỉnh đoàn Tuyên Quang; Tỉnh đoàn Hà Giang"
    assert page.locator("#names-after").inner_text() == "Tỉnh đoàn Tuyên Quang"
    assert page.locator(".unit-merger dt").all_inner_texts() == ["Tên trước sáp nhập 2025", "Từ 01/7/2025"]
    assert page.locator("#merger-note").inner_text() == (
        "Từ 01/7/2025, tỉnh Hà Giang và tỉnh Tuyên Quang hợp nhất thành tỉnh Tuyên Quang.")
    assert page.locator("#count-inspected").inner_text() == "3"       # twice as Hà Giang, once as Tuyên Quang
    assert page.locator("#count-inspector").inner_text() == "21"      # Vị Xuyên in 2023, the twenty Chi đoàn in 2025
    assert page.locator("#count-findings").inner_text() == "3 (ưu điểm: 1, hạn chế: 1, kiến nghị: 1)"
    assert page.locator(".timeline .year").all_inner_texts() == ["Năm 2025", "Năm 2024", "Năm 2023"]
    assert "Tháng 4/2023" in page.locator(".timeline .month").all_inner_texts()       # as Hà Giang
    assert "Tháng 9/2025" in page.locator(".timeline .month").all_inner_texts()       # as Tuyên Quang
    table = page.locator(".findings-table tbody tr").all_inner_texts()
    assert [r.split("\t")[0] for r in table] == ["2025", "2024", "2023"]
    assert "Huyện đoàn Vị Xuyên" in page.locator(".inspected li a").all_inner_texts()
    titles = page.locator(".unit-docs li a").all_inner_texts()
    assert any("Tỉnh đoàn Hà Giang" in t for t in titles) and any("Tỉnh đoàn Tuyên Quang" in t for t in titles)
    assert page.evaluate("document.documentElement.scrollWidth") <= page.width


def test_a_facet_leads_to_the_unit_page_under_both_names(page, server):
    page.goto(server + "/?q=phan+mem+quan+ly")      # the finding of Tỉnh đoàn Tuyên Quang's inspection
    open_facets(page)
    page.locator("section[aria-labelledby=facet-inspected_unit] a", has_text="Tỉnh đoàn Tuyên Quang").first.click()
    page.wait_for_url(re.compile(r"[?&]inspected="))   # the filtered search, not the one the click left
    assert int(page.locator("#result-count strong").inner_text()) == 1
    page.locator(".unit-pages a").first.click()
    read_tuyen_quang(page)
    # the page's search link finds the documents of both names
    page.locator(".unit-search a", has_text="được kiểm tra").click()
    assert int(page.locator("#result-count strong").inner_text()) == 3
    # the unit under its old name is the same page
    page.goto(server + "/don-vi?" + urllib.parse.urlencode({"ten": "Tỉnh đoàn Hà Giang"}))
    read_tuyen_quang(page)


def test_a_district_of_a_merged_province_says_what_became_of_it(page, server):
    page.goto(server + "/?q=vi+xuyen")
    open_facets(page)
    page.locator("section[aria-labelledby=facet-inspected_unit] a", has_text="Huyện đoàn Vị Xuyên").first.click()
    page.locator(".unit-pages a").first.click()
    expect(page.locator("h1")).to_have_text("Huyện đoàn Vị Xuyên")
    assert page.locator("#names-before").inner_text() == "Huyện đoàn Vị Xuyên"
    assert page.locator("#names-after").inner_text() == "không còn cấp huyện"
    assert page.locator("#merger-note").inner_text().startswith(
        "Từ 01/7/2025, không còn cấp huyện (huyện Vị Xuyên, tỉnh Hà Giang); tỉnh Hà Giang và tỉnh Tuyên Quang")
    page.locator(".inspected-by a", has_text="Tỉnh đoàn Hà Giang").click()     # leads to the unit it is now
    read_tuyen_quang(page)


def test_the_search_box_suggests_unit_names_typed_without_diacritics(page, server):
    page.goto(server + "/")
    box = page.locator("form.search input[name=q]")
    box.click()
    box.press_sequentially("unit:ha gian", delay=30)
    options = page.locator("#" + box.get_attribute("aria-controls") + " [role=option]")
    options.first.wait_for()
    assert box.get_attribute("aria-expanded") == "true"
    assert options.locator(".name").all_inner_texts() == ["Tỉnh đoàn Hà Giang"]
    assert options.locator(".count").all_inner_texts() == ["3 văn bản"]
    assert page.evaluate("document.documentElement.scrollWidth") <= page.width
    if page.width < 800:            # on a phone, by keys; on a desktop, by the mouse
        box.press("ArrowDown")
        assert options.first.get_attribute("aria-selected") == "true"
        assert box.get_attribute("aria-activedescendant") == options.first.get_attribute("id")
        box.press("Enter")
    else:
        options.first.click()
    assert box.input_value() == 'unit:"Tỉnh đoàn Hà Giang" '
    assert box.get_attribute("aria-expanded") == "false"
    box.press("Enter")
    page.wait_for_url("**/?q=unit*")
    # the two documents naming Tỉnh đoàn Hà Giang as inspected unit, the one where its Ban Thường vụ inspected
    assert int(page.locator("#result-count strong").inner_text()) == 3
    # its name after the merger is offered, and found with one click: Tuyên Quang in 21 more documents
    note = page.locator(".unit-merger-search")
    assert note.inner_text().startswith("Tỉnh đoàn Hà Giang trước hoặc sau sáp nhập năm 2025 còn có tên "
                                        "Tỉnh đoàn Tuyên Quang")
    note.locator("a").click()
    expect(page.locator("#result-count strong")).to_have_text("24")   # the new search, not the one left
    assert page.locator(".unit-merger-search").count() == 0
    # donvi: too, with other words before it; Escape closes the list
    box = page.locator("form.search input[name=q]")
    box.fill("")
    box.press_sequentially("kiểm tra donvi:vi xuy", delay=30)
    options = page.locator("#" + box.get_attribute("aria-controls") + " [role=option]")
    options.first.wait_for()
    assert options.locator(".name").all_inner_texts() == ["Huyện đoàn Vị Xuyên"]
    box.press("Escape")
    assert not options.first.is_visible() and box.get_attribute("aria-expanded") == "false"


def test_the_unit_facet_box_suggests_names(page, server):
    page.goto(server + "/?q=kiem+tra")
    open_facets(page)
    section = page.locator("section[aria-labelledby=facet-inspected_unit]")
    box = page.get_by_label("Lọc đơn vị được kiểm tra")
    # a name among the values the page lists: the list narrows, nothing more is suggested
    box.press_sequentially("ha gia", delay=30)
    page.wait_for_timeout(600)
    assert [" ".join(t.split()) for t in section.locator("li:visible a").all_inner_texts()] == [
        "TỈNH ĐOÀN HÀ GIANG 2 văn bản"]
    assert box.get_attribute("aria-expanded") == "false"
    # Huyện đoàn Vị Xuyên, in one document, is past the 100 values listed: it is suggested
    box.fill("")
    box.press_sequentially("vi xuy", delay=30)
    options = page.locator("#" + box.get_attribute("aria-controls") + " [role=option]")
    options.first.wait_for()
    assert box.get_attribute("aria-expanded") == "true"
    assert options.locator(".name").all_inner_texts() == ["Huyện đoàn Vị Xuyên"]      # inspected units only
    assert options.locator(".count").all_inner_texts() == ["1 văn bản"]
    assert page.evaluate("document.documentElement.scrollWidth") <= page.width
    options.first.click()
    # the search is filtered on it, as a click on it in the list would
    page.wait_for_url("**inspected=*")
    assert int(page.locator("#result-count strong").inner_text()) == 1
    assert "q=kiem+tra" in page.url
    assert page.locator(".active-filters").inner_text().count("Huyện đoàn Vị Xuyên") == 1


def test_suggestions_are_quick(server):
    url = server + "/api/units/suggest?" + urllib.parse.urlencode({"q": "doan tuyen"})
    urllib.request.urlopen(url).read()
    start = time.perf_counter()
    with urllib.request.urlopen(url) as r:
        data = json.loads(r.read())
    assert time.perf_counter() - start < 0.2
    assert data["suggestions"][0] == {"name": "Tỉnh đoàn Tuyên Quang", "documents": 21,
                                      "page": "/don-vi?ten=T%E1%BB%89nh+%C4%91o%C3%A0n+Tuy%C3%AAn+Quang"}


@pytest.mark.parametrize("width", list(WIDTHS))
def test_axe_finds_no_violation_with_the_suggestions_open(browser, server, width):  # noqa: F811
    axe = _axe_source()
    context = _context(browser, WIDTHS[width], bypass_csp=True)   # axe is injected as an inline script
    page = context.new_page()
    failures = {}
    for path, typed in (("/", "unit:ha gia"), ("/don-vi?ten=T%E1%BB%89nh+%C4%91o%C3%A0n+H%C3%A0+Giang", None),
                        ("/?" + urllib.parse.urlencode({"q": 'unit:"Tỉnh đoàn Hà Giang"'}), None),   # the merger note
                        ("/?q=vi", "donvi:vi xu"),
                        ("/don-vi?ten=Huy%E1%BB%87n+%C4%91o%C3%A0n+V%E1%BB%8B+Xuy%C3%AAn", None)):
        page.goto(server + path)
        if typed:
            box = page.locator("form.search input[name=q]")
            box.click()
            box.press("End")
            box.press_sequentially((" " if box.input_value() else "") + typed, delay=30)
            page.locator("[role=listbox] [role=option]").first.wait_for()
            box.press("ArrowDown")
        found = axe_found(page, axe)
        if found:
            failures[path] = found
        assert page.evaluate("document.documentElement.scrollWidth") <= WIDTHS[width]
    context.close()
    assert not failures, failures

"""The pages as a person uses them, in Debian's Chromium driven by Playwright, at desktop (1280 px)
and phone (390 px) width: every test clicks what a person clicks and reads what a person reads.
axe-core (npm, tests/web/package.json) checks every page at both widths."""
from __future__ import annotations

import csv
import io
import os
import re
from dataclasses import replace
from pathlib import Path
from urllib.parse import parse_qsl, urljoin, urlsplit

import pytest
from playwright.sync_api import expect

from nlp.record import DocNumber
from web.views import accepted_formats

from ..search.records import make_record
from .test_browser import _require_browser
from .conftest import WIDTHS, served_app
from .conftest import browser_context as _context

TOKEN = "s3cret-admin"
AXE = Path(__file__).with_name("node_modules") / "axe-core" / "axe.min.js"
TITLE_104 = ("Kế hoạch kiểm tra, giám sát việc thực hiện chương trình chuyển đổi số trong công tác quản lý "
             "đoàn viên, hội viên và đội viên năm 2021 tại các cơ sở Đoàn trực thuộc Tỉnh đoàn")


def _month_records():
    """Fifty months of inspections (2019-01 to 2023-02), each of its own unit: a long month axis and
    a unit facet longer than the fifteen values shown at first."""
    out = []
    for i in range(50):
        y, m = 2019 + i // 12, i % 12 + 1
        unit = f"Chi đoàn Khu phố {i:02d}"
        text = f"Ngày 05/{m:02d}/{y}, Ban Thường vụ Huyện đoàn kiểm tra {unit} về sinh hoạt chi đoàn."
        out.append(make_record(f"thang/{y}-{m:02d}.txt", text, title=f"Kiểm tra {unit}",
                               published=f"{y}-{m:02d}-05", units=(unit,), bodies=("Ban Thường vụ Huyện đoàn",),
                               activity=("kiểm tra",), dates=((f"05/{m:02d}/{y}", f"{y}-{m:02d}-05"),)))
    return out


def _plan_104():
    """A document that states its number (``Số: 104/KH-UBND``) but no date of its own: its page files
    it under the first date it names, as its search result does."""
    text = ("ỦY BAN NHÂN DÂN HUYỆN\nSố: 104/KH-UBND\n" + TITLE_104 + "\nNgày 16/04/2021, Ban Thường vụ Huyện "
            "đoàn kiểm tra Chi đoàn Thôn Đông. Ông Nguyễn Văn An, Bí thư, báo cáo 12 đoàn viên ưu tú.")
    rec = make_record("ke-hoach/104.txt", text, title=TITLE_104, units=("Chi đoàn Thôn Đông",),
                      bodies=("Ban Thường vụ Huyện đoàn",), activity=("kiểm tra",),
                      dates=(("16/04/2021", "2021-04-16"),), findings=(("strength", "báo cáo 12 đoàn viên ưu tú"),),
                      figures=(("12 đoàn viên ưu tú", 12, "đoàn viên ưu tú"),))
    start = text.index("Số: 104")
    return replace(rec, doc_number=DocNumber("Số: 104/KH-UBND", "104", "KH-UBND", "Kế hoạch",
                                             (start, start + len("Số: 104/KH-UBND"))))


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    _require_browser()
    with served_app(tmp_path_factory.mktemp("pages"), "pages", records=[*_month_records(), _plan_104()],
                    TOKEN=TOKEN) as url:
        yield url




def count(page) -> int:
    return int(page.locator("#result-count strong").inner_text())


def open_facets(page) -> None:
    """On a phone the facets are behind the "Bộ lọc" button."""
    if page.width < 800:
        assert not page.locator("#facets").is_visible()
        page.click(".facets-button")
    assert page.locator("#facets").is_visible()


def document_url(page, server) -> str:
    page.goto(server + "/?q=104%2FKH-UBND")
    return page.locator("li.hit a.title").first.get_attribute("href")


# -- statistics -------------------------------------------------------------------------------------

def test_every_chart_data_link_downloads_its_data(page, server, tmp_path):
    page.goto(server + "/stats?indicator=%C4%91o%C3%A0n+vi%C3%AAn+%C6%B0u+t%C3%BA")
    links = page.locator("a", has_text="Tải số liệu (CSV)")
    assert links.count() == 4
    headers = []
    for i in range(4):
        with page.expect_download() as info:
            links.nth(i).click()
        path = tmp_path / f"{i}.csv"
        info.value.save_as(path)
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
        assert len(rows) > 1, (info.value.url, rows)
        headers.append(rows[0][0])
        assert re.fullmatch(r"kiemtra-\w+\.csv", info.value.suggested_filename)
    assert headers == ["Năm", "Tháng", "Đơn vị được kiểm tra", "Ngày"]


def test_month_axis_is_readable_and_chart_text_is_at_least_12px(page, server):
    page.goto(server + "/stats?indicator=%C4%91o%C3%A0n+vi%C3%AAn+%C6%B0u+t%C3%BA")
    charts = page.locator("svg.chart")
    assert charts.count() == 4
    for i in range(charts.count()):
        sizes = charts.nth(i).evaluate(
            "svg => [...svg.querySelectorAll('text')].map(t => parseFloat(getComputedStyle(t).fontSize)"
            " * t.getScreenCTM().a)")
        assert sizes and min(sizes) >= 12 - 1e-6, sizes
        boxes = charts.nth(i).evaluate(
            "svg => [...svg.querySelectorAll('text.x-label')].map(t => { const r = t.getBoundingClientRect();"
            " return [r.left, r.right]; })")
        for (l1, r1), (l2, r2) in zip(boxes, boxes[1:]):
            assert r1 <= l2, f"x labels overprint: {boxes}"
    months = page.locator("figure", has_text="theo tháng")
    labels = months.locator("text.x-label").evaluate_all("ts => ts.map(t => t.textContent)")
    columns = months.locator("rect title").count()
    assert columns >= 50 and 3 <= len(labels) < columns      # thinned: not one label per month
    assert all(re.fullmatch(r"\d\d/\d{4}", x) for x in labels), labels
    caption = months.locator("figcaption").inner_text()
    assert "Số cuộc kiểm tra" not in page.content() and caption.startswith("Văn bản về kiểm tra, giám sát")


# -- search results, facets, empty states ------------------------------------------------------------

def test_every_facet_count_is_the_number_of_results_its_click_gives(page, server):
    page.goto(server + "/")
    open_facets(page)
    facets = page.locator("#facets section")
    seen = 0
    for s in range(facets.count()):
        section = page.locator("#facets section").nth(s)
        n = min(3, section.locator("ul li a:visible").count())
        for k in range(n):
            link = page.locator("#facets section").nth(s).locator("ul li a:visible").nth(k)
            expected = int(link.locator(".count").inner_text().split()[0])
            label = link.inner_text()
            target = urljoin(page.url, link.get_attribute("href"))
            link.click()
            page.wait_for_url(target)    # the filtered results, not the page the click left (same count at times)
            assert count(page) == expected, (label, expected, count(page))
            if page.width < 800:
                open_facets(page)
            active = page.locator("#facets a[aria-current=true]")
            assert active.count() == 1 and active.inner_text().split()[:-1] == label.split()[:-1]
            page.go_back()
            if page.width < 800:
                open_facets(page)
            seen += 1
    assert seen >= 12


def test_a_second_value_in_a_list_adds_the_results_it_says(page, server):
    page.goto(server + "/?q=kiem+tra")
    open_facets(page)
    years = lambda: page.locator("#facets section", has=page.locator("h2", has_text="Năm"))  # noqa: E731
    first = years().locator("a").first
    expected = int(first.locator(".count").inner_text().split()[0])
    first.click()
    assert count(page) == expected
    open_facets(page)
    others = years().locator("a:not([aria-current])")
    assert others.count() >= 2
    for k in range(2):
        other = years().locator("a:not([aria-current])").nth(k)
        added = other.locator(".count").inner_text().split()[0]
        assert added.startswith("+"), added
        before = count(page)
        other.click()
        assert count(page) == before + int(added[1:])
        assert len([v for k_, v in parse_qsl(urlsplit(page.url).query) if k_ == "year"]) == 2 + k
        open_facets(page)
    chosen = years().locator("a[aria-current=true] .count").all_inner_texts()
    assert sum(int(c.split()[0]) for c in chosen) >= count(page)        # each chosen year: its results


def test_more_facet_values_and_a_filter_box(page, server):
    page.goto(server + "/")
    open_facets(page)
    units = page.locator("#facets section", has=page.locator("h2", has_text="Đơn vị được kiểm tra"))
    assert units.locator("li:visible").count() == 15
    more = units.locator("summary", has_text="Xem thêm")
    assert more.is_visible()
    more.click()
    assert units.locator("li:visible").count() > 15
    more.click()
    box = units.get_by_label("Lọc đơn vị được kiểm tra")
    box.fill("khu pho 4")                                   # without diacritics, as the search box
    visible = units.locator("li:visible")
    assert visible.count() == 10 and all("Khu phố 4" in t for t in visible.all_inner_texts())
    visible.first.locator("a").click()
    expect(page.locator("#result-count strong")).to_have_text("1")   # the filtered search, not the page left
    assert count(page) == 1 and "Khu phố 4" in page.locator("li.hit a.title").inner_text()


def test_more_facet_values_without_javascript(browser, server):
    context = _context(browser, 1280, java_script_enabled=False)
    page = context.new_page()
    page.goto(server + "/")
    units = page.locator("#facets section", has=page.locator("h2", has_text="Đơn vị được kiểm tra"))
    assert units.locator("li:visible").count() == 15
    units.locator("summary", has_text="Xem thêm").click()
    assert units.locator("li:visible").count() > 15
    units.get_by_label("Lọc đơn vị được kiểm tra").fill("khu pho 4")       # Enter asks the server
    units.get_by_label("Lọc đơn vị được kiểm tra").press("Enter")
    visible = units.locator("li:visible")
    assert visible.count() == 10 and all("Khu phố 4" in t for t in visible.all_inner_texts())
    assert "10 giá trị có “khu pho 4”" in units.inner_text()
    visible.nth(3).locator("a").click()
    expect(page.locator("#result-count strong")).to_have_text("1")   # the filtered search, not the page left
    assert count(page) == 1 and page.locator("li.hit a.title").inner_text() == "Kiểm tra Chi đoàn Khu phố 43"
    assert "facet_q" not in page.url
    context.close()


def test_nothing_found_and_a_page_past_the_last_say_so(page, server):
    page.goto(server + "/?q=xyzzy")
    empty = page.locator(".empty")
    assert "Không có văn bản nào khớp với xyzzy" in empty.inner_text()
    assert page.locator("ol.hits").count() == 0 and not re.search(r"\b1\.\s*Không", page.inner_text("main"))
    page.click("text=Xem tất cả văn bản")
    total = count(page)
    last = -(-total // 20)
    page.goto(server + "/?page=999")
    assert page.locator(".notice").inner_text() == (f"Không có trang 999: kết quả chỉ có {last} trang, "
                                                     "đang hiển thị trang cuối.")
    assert page.locator("nav.pages span").inner_text() == f"Trang {last} / {last}"
    assert page.locator("ol.hits").get_attribute("start") == str((last - 1) * 20 + 1)
    assert page.locator("li.hit").count() == total - (last - 1) * 20
    page.click("a[rel=prev]")
    assert page.locator("nav.pages span").inner_text() == f"Trang {last - 1} / {last}"
    page.goto(server + "/findings?q=xyzzy")
    assert "Không có phát hiện nào khớp" in page.locator(".empty").inner_text()


def test_titles_are_one_line_and_the_way_back_keeps_query_filters_and_page(page, server):
    page.goto(server + "/?q=kiem+tra&per_page=5")
    open_facets(page)
    page.locator("#facets a", has_text="Ban Thường vụ Huyện đoàn").click()
    page.click("a[rel=next]")
    before = parse_qsl(urlsplit(page.url).query)
    assert ("inspector", "Ban Thường vụ Huyện đoàn") in before and ("page", "2") in before
    title = page.locator("li.hit a.title").first
    line = title.evaluate("a => parseFloat(getComputedStyle(a).lineHeight)")
    assert title.bounding_box()["height"] <= line * 1.2
    full = title.get_attribute("title")
    title.click()
    expect(page.locator("h1")).to_have_text(full)   # the document's page, once it has replaced the search
    page.click("text=Quay lại kết quả tìm kiếm")
    assert parse_qsl(urlsplit(page.url).query) == before
    page.goto(server + "/?q=104%2FKH-UBND")
    long_title = page.locator("li.hit a.title").first
    assert long_title.get_attribute("title") == TITLE_104
    assert long_title.evaluate("a => a.scrollWidth > a.clientWidth")          # cut, with an ellipsis
    assert long_title.evaluate("a => getComputedStyle(a).textOverflow") == "ellipsis"


def test_a_document_page_shows_the_date_and_number_its_result_shows(page, server):
    page.goto(server + "/?q=104%2FKH-UBND")
    result_date = page.locator("li.hit .meta").first.inner_text().split(" · ")[0]
    assert result_date == "16/04/2021"
    page.locator("li.hit a.title").first.click()

    def field(label):
        return page.locator(f"dl.fields dt:text-is('{label}') + dd").inner_text()

    assert field("Ngày văn bản").startswith("16/04/2021")
    assert field("Số văn bản") == "104/KH-UBND"


# -- upload and the icon ----------------------------------------------------------------------------

def test_upload_lists_what_it_accepts_and_asks_the_token_once(page, server):
    page.goto(server + "/upload")
    label = page.locator("label", has=page.locator("input[type=file]")).inner_text()
    listed = re.search(r"Tệp \(([^;]+);", label).group(1).split(", ")
    assert listed == list(accepted_formats()) and {"txt", "html", "pdf", "docx", "zip"} <= set(listed)
    for i, name in enumerate(("mot.txt", "hai.txt")):
        if i == 0:
            page.fill("input[name=token]", TOKEN)
        else:
            assert page.locator("input[name=token]").count() == 0
            assert "không cần nhập lại" in page.locator(".remembered").inner_text()
        page.set_input_files("input[name=file]", {"name": name, "mimeType": "text/plain",
                                                  "buffer": f"Báo cáo kiểm tra số {i + 7}/BC-ĐTN của Chi đoàn "
                                                            f"Thôn {name}. Ban Thường vụ Huyện đoàn kiểm tra.".encode()})
        page.click("#upload button[type=submit]:has-text('Tải lên')")
        page.wait_for_selector("ul.upload-results")
        assert "✓" in page.locator("ul.upload-results").inner_text()
        page.goto(server + "/upload")
    with page.expect_navigation():     # the form posts, and the page it answers with asks for the token again
        page.click("text=Quên mã")
    page.wait_for_selector("input[name=token]")
    assert page.locator("input[name=token]").count() == 1


def test_the_icon_is_served(page, server):
    page.goto(server + "/")
    icon = page.locator("link[rel=icon]").get_attribute("href")
    for path in (icon, "/favicon.ico"):
        r = page.request.get(server + path)
        assert r.status == 200 and r.headers["content-type"].startswith("image/svg+xml")
        assert r.text().startswith("<svg")


# -- phone width ------------------------------------------------------------------------------------

def all_pages(page, server) -> list[str]:
    return ["/", "/?q=xyzzy", "/?page=999", "/findings", "/findings?kind=limitation",
            "/stats?indicator=%C4%91o%C3%A0n+vi%C3%AAn", document_url(page, server), "/upload", "/doc/0"]


def test_no_page_is_wider_than_the_screen_and_the_header_wraps_by_item(page, server):
    for path in all_pages(page, server):
        page.goto(server + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= page.width, path
        line = page.locator("nav.main a").first.evaluate("a => parseFloat(getComputedStyle(a).lineHeight)")
        for link in page.locator("nav.main a").all():
            assert link.bounding_box()["height"] <= line * 1.2, (path, link.inner_text())


def test_results_come_first_with_the_facets_behind_a_button_on_a_phone(page, server):
    page.goto(server + "/")
    first = page.locator("li.hit").first.bounding_box()
    facets = page.locator("#facets")
    if page.width < 800:
        assert not facets.is_visible()
        button = page.locator(".facets-button")
        assert button.bounding_box()["y"] < first["y"]
        button.click()
        assert facets.is_visible() and button.get_attribute("aria-expanded") == "true"
        page.locator("#facets a", has_text="PDF").click()
        assert count(page) == 5 and "format=pdf" in page.url
    else:
        assert not page.locator(".facets-button").is_visible()
        assert facets.bounding_box()["x"] < first["x"]                # facets on the left
        assert facets.bounding_box()["y"] <= first["y"] + 1


# -- accessibility ----------------------------------------------------------------------------------

def test_one_h1_a_skip_link_and_aria_current(page, server):
    for path in all_pages(page, server):
        page.goto(server + path)
        assert page.locator("h1").count() == 1, path
        page.keyboard.press("Tab")
        skip = page.evaluate("document.activeElement.textContent")
        assert skip.startswith("Chuyển đến"), (path, skip)
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.closest('main') !== null"), path
    page.goto(server + "/findings")
    current = page.locator("nav.main a[aria-current=page]")
    assert current.count() == 1 and current.inner_text() == "Phát hiện kiểm tra"
    page.goto(server + "/?format=pdf")
    open_facets(page)
    assert page.locator("#facets a[aria-current=true]").inner_text().lower().startswith("pdf")


def test_the_first_result_is_a_few_tab_stops_away(page, server):
    page.goto(server + "/?q=kiem+tra")
    first = page.locator("li.hit a.title").first.get_attribute("href")
    for stops in range(1, 40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('href')") == first:
            break
    assert stops <= 15, stops
    page.goto(server + "/?q=kiem+tra")                  # through the skip link: three keys
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == first


def test_extracted_items_differ_by_more_than_colour(page, server):
    page.goto(server + document_url(page, server))
    legend = page.locator("p.legend span")
    assert legend.count() >= 10
    styles = legend.evaluate_all(
        "spans => spans.map(s => { const c = getComputedStyle(s), b = getComputedStyle(s, '::before');"
        " return [s.className, c.textDecorationLine + ' ' + c.textDecorationStyle, c.borderBottomStyle + ' '"
        " + c.borderBottomWidth, b.content, c.outlineStyle + c.fontWeight]; })")
    shapes = {}
    for cls, *shape in styles:
        shapes.setdefault(tuple(shape), []).append(cls)
    assert all(len(v) == 1 for v in shapes.values()), shapes
    assert page.locator(".fulltext span.e-ref").count() and page.locator(".fulltext span.e-date").count()


def _axe_source() -> str:
    if not AXE.exists():
        message = f"axe-core is not installed: run `npm ci` in {AXE.parents[2]}"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return str(AXE)


def axe_found(page, axe: str) -> list:
    """axe-core's violations on the page as it stands: ``[(rule, impact, first targets)]``."""
    page.add_script_tag(path=axe)
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]


def axe_violations(page, axe: str, server: str, paths) -> dict:
    """axe-core's violations on each page of ``paths``: ``{path: [(rule, impact, first targets)]}``."""
    failures = {}
    for path in paths:
        page.goto(server + path)
        found = axe_found(page, axe)
        if found:
            failures[path] = found
    return failures


@pytest.mark.parametrize("width", list(WIDTHS))
def test_axe_finds_no_violation_on_any_page(browser, server, width):
    axe = _axe_source()
    context = _context(browser, WIDTHS[width], bypass_csp=True)   # axe is injected as an inline script
    page = context.new_page()
    page.width = WIDTHS[width]
    failures = axe_violations(page, axe, server, all_pages(page, server))
    context.close()
    assert not failures, failures

"""The unit page as a person reaches it, in Chromium at desktop (1280 px) and phone (390 px) width:
from a document page and from a facet, its counts, timeline and who inspected it; axe-core finds no
violation on it at either width."""
from __future__ import annotations

import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from playwright.sync_api import expect


from ..search.records import make_record
from .test_browser_pages import WIDTHS, _axe_source, _context, axe_violations, open_facets
from .test_browser import _require_browser
from .conftest import served_app


def _kim_son():
    """Huyện đoàn Kim Sơn under three names, inspected three times by two bodies (one of them under
    two names), and inspecting once."""
    def rec(source, body, unit, date, activity="kiểm tra", findings=(), refs=()):
        y, m, d = date.split("-")
        text = (f"Ngày {d}/{m}/{y}, {body} {activity} {unit}. "
                + " ".join(t for _, t in findings) + " " + " ".join(r[0] for r in refs))
        return make_record(source, text, title=f"{body} {activity} {unit}", published=date, units=(unit,),
                           bodies=(body,), activity=(activity,), findings=findings, refs=refs,
                           dates=((f"{d}/{m}/{y}", date),))

    return [
        rec("kimson/2021.txt", "Ban Thường vụ Tỉnh đoàn Ninh Bình", "Huyện đoàn Kim Sơn", "2021-09-15",
            findings=(("strength", "Đơn vị hoàn thành tốt chỉ tiêu phát triển đoàn viên."),
                      ("limitation", "Sổ sách còn ghi chép chưa đầy đủ.")),
            refs=(("Kế hoạch số 45-KH/TĐTN", "Kế hoạch", "45", "KH/TĐTN", None),)),
        rec("kimson/2022.txt", "Tỉnh đoàn Ninh Bình", "HUYỆN ĐOÀN KIM SƠN", "2022-03-10", activity="giám sát",
            findings=(("recommendation", "Đề nghị đơn vị cập nhật phần mềm quản lý đoàn viên."),)),
        rec("kimson/2022b.txt", "Ủy ban Kiểm tra Tỉnh đoàn Ninh Bình", "Huyện đoàn Kim Sơn", "2022-11-02"),
        rec("kimson/btv.txt", "Ban Thường vụ Huyện đoàn Kim Sơn", "Chi đoàn Thôn Lưu Phương", "2023-05-20"),
    ]


KIM_SON = _kim_son()[0]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    _require_browser()
    with served_app(tmp_path_factory.mktemp("units"), "units", records=_kim_son()) as url:
        yield url




def unit_url(name: str) -> str:
    return "/don-vi?" + urllib.parse.urlencode({"ten": name})


def read_kim_son(page) -> None:
    """What the page of Huyện đoàn Kim Sơn says, under any of its three names."""
    expect(page.locator("h1")).to_have_text("Huyện đoàn Kim Sơn")   # waits for the page the click opened
    assert page.locator("h1").count() == 1
    variants = page.locator(".unit-variants").inner_text()
    assert variants.startswith("Còn được viết là:") and "Ban Thường vụ Huyện đoàn Kim Sơn" in variants
    assert page.locator("#count-inspected").inner_text() == "3"
    assert page.locator("#count-inspector").inner_text() == "1"
    assert page.locator("#count-findings").inner_text() == "3 (ưu điểm: 1, hạn chế: 1, kiến nghị: 1)"
    assert page.locator(".timeline .year").all_inner_texts() == ["Năm 2023", "Năm 2022", "Năm 2021"]
    assert page.locator(".timeline .month").all_inner_texts() == [
        "Tháng 5/2023", "Tháng 3/2022", "Tháng 11/2022", "Tháng 9/2021"]
    # two names of one inspecting body are one entry; the Ủy ban Kiểm tra is a body of its own
    assert page.locator(".inspected-by li a").all_inner_texts() == [
        "Tỉnh đoàn Ninh Bình", "Ủy ban Kiểm tra Tỉnh đoàn Ninh Bình"]
    assert page.locator(".inspected-by li .meta").all_inner_texts() == ["2 văn bản", "1 văn bản"]
    assert page.locator(".inspected li a").all_inner_texts() == ["Chi đoàn Thôn Lưu Phương"]
    assert page.locator(".unit-refs li a").all_inner_texts() == ["Kế hoạch 45-KH/TĐTN"]
    assert page.locator(".unit-docs li").count() == 4
    assert page.evaluate("document.documentElement.scrollWidth") <= page.width


def test_a_document_page_leads_to_the_unit_page_and_back_to_a_search(page, server):
    page.goto(server + f"/doc/{KIM_SON.doc_id}")
    units = page.locator("dl.fields dt:text-is('Đơn vị được kiểm tra, giám sát') + dd")
    units.locator("a.unit-link").click()
    read_kim_son(page)
    # the unit page links to a search filtered on every name of the unit
    page.locator(".unit-search a", has_text="được kiểm tra").click()
    assert int(page.locator("#result-count strong").inner_text()) == 3
    # and who inspected it has a page of its own, listing it among the units it inspected
    page.go_back()
    page.locator(".inspected-by a", has_text="Tỉnh đoàn Ninh Bình").first.click()
    expect(page.locator("h1")).to_have_text("Tỉnh đoàn Ninh Bình")
    assert "Huyện đoàn Kim Sơn" in page.locator(".inspected li a").all_inner_texts()


def test_a_facet_leads_to_the_unit_page(page, server):
    page.goto(server + "/?q=kim+son")
    open_facets(page)
    page.locator("section[aria-labelledby=facet-inspected_unit] a", has_text="Kim Sơn").first.click()
    page.locator(".unit-pages a").first.click()
    read_kim_son(page)


def test_a_search_result_names_its_units_with_links_to_their_pages(page, server):
    page.goto(server + "/?q=luu+phuong")
    page.locator("li.hit .meta a", has_text="Chi đoàn Thôn Lưu Phương").first.click()
    expect(page.locator("h1")).to_have_text("Chi đoàn Thôn Lưu Phương")
    assert page.locator(".inspected-by li a").all_inner_texts() == ["Huyện đoàn Kim Sơn"]


def test_an_unknown_unit_is_a_404_page_in_vietnamese(page, server):
    for name, says in (("Huyện đoàn Không Có", "Không có đơn vị nào tên “Huyện đoàn Không Có”"),
                       ("Kim Sơn", "Không có đơn vị nào tên “Kim Sơn”"),     # a part of a name is no unit
                       ("", "Chưa nêu tên đơn vị.")):
        response = page.goto(server + unit_url(name))
        assert response.status == 404
        assert page.locator("h1").count() == 1
        assert page.locator("p.error").inner_text().startswith(says)


def test_every_name_of_a_unit_opens_its_page_quickly(server):
    for name in ("Huyện đoàn Kim Sơn", "ban thuong vu huyen doan kim son", "BTV HUYỆN ĐOÀN KIM SƠN"):
        urllib.request.urlopen(server + unit_url(name)).read()
        start = time.perf_counter()
        with urllib.request.urlopen(server + unit_url(name)) as r:
            html = r.read().decode()
        assert time.perf_counter() - start < 0.3
        assert "<h1>Huyện đoàn Kim Sơn</h1>" in html
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(server + unit_url("Kim Sơn"))      # a part of a name is no unit
    assert err.value.code == 404


@pytest.mark.parametrize("width", list(WIDTHS))
def test_axe_finds_no_violation_on_the_unit_pages(browser, server, width):  # noqa: F811
    axe = _axe_source()
    context = _context(browser, WIDTHS[width], bypass_csp=True)   # axe is injected as an inline script
    page = context.new_page()
    failures = axe_violations(page, axe, server, (
        unit_url("Huyện đoàn Kim Sơn"), unit_url("Tỉnh đoàn Ninh Bình"), unit_url("Không Có"),
        f"/doc/{KIM_SON.doc_id}", "/?inspected=Huy%E1%BB%87n+%C4%91o%C3%A0n+Kim+S%C6%A1n"))
    context.close()
    assert not failures, failures

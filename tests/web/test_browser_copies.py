"""One result per report, as a person sees it in Chromium at desktop and phone width: the five sample
reports, each ingested as a .docx, .html, .pdf and .txt, are five results that say their formats; a
report's page lists its four files, and each file's link downloads that very file."""
from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import served_app
from .test_browser import _require_browser
from .test_browser_pages import WIDTHS, _axe_source, _context, axe_violations, count, open_facets

SAMPLES = Path(__file__).resolve().parents[2] / "corpora" / "samples"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    _require_browser()
    with served_app(tmp_path_factory.mktemp("copies"), "copies") as url:
        yield url




def test_a_report_in_four_files_is_one_result_that_names_its_formats(page, server):
    page.goto(server + "/")
    assert count(page) == 5
    assert page.locator("li.hit").count() == 5
    assert page.locator("li.hit .formats").all_inner_texts() == ["DOCX, HTML, PDF, TXT"] * 5
    open_facets(page)
    formats = page.locator("#facets a", has_text="PDF")
    assert formats.count() == 1 and "5" in formats.inner_text()
    formats.click()
    assert count(page) == 5


def test_a_reports_page_lists_its_files_and_each_link_downloads_that_file(page, server, tmp_path):
    page.goto(server + "/")
    page.locator("li.hit a.title").first.click()
    files = page.locator("ul.files li")
    assert files.count() == 4
    listed = files.all_inner_texts()
    assert "DOCX" in listed[0] and "bản dùng để trích xuất" in listed[0]
    assert sorted(t.split(" (")[1][:4].rstrip(")") for t in listed[1:]) == ["HTML", "PDF", "TXT"]
    assert "tệp cùng nội dung" in page.locator("dt", has_text="Tệp gốc").inner_text()
    for i in range(4):
        link = files.nth(i).locator("a[download]")
        name = Path(files.nth(i).inner_text().split(" (")[0]).name
        with page.expect_download() as info:
            link.click()
        saved = tmp_path / f"{i}-{name}"
        info.value.save_as(saved)
        assert saved.read_bytes() == (SAMPLES / name).read_bytes(), name


@pytest.mark.parametrize("width", list(WIDTHS))
def test_the_pages_of_reports_with_several_files_have_no_accessibility_violations(browser, server, width):
    context = _context(browser, WIDTHS[width], bypass_csp=True)   # axe is injected as an inline script
    try:
        page = context.new_page()
        page.goto(server + "/")
        doc = page.locator("li.hit a.title").first.get_attribute("href")
        assert axe_violations(page, _axe_source(), server, ["/", doc]) == {}
    finally:
        context.close()

"""A correction as staff make it, in Chromium at desktop (1280 px) and phone (390 px) width: a document
opened from the search results, the token entered on its page, a wrongly extracted inspected unit
removed; the unit facet on the search page counts one document less and the CSV export no longer
lists the unit for that document; `kiemtra ingest --force` on the same folder (and, on
Elasticsearch, `kiemtra reindex`) keeps the correction. axe-core finds no violation on the document
page in edit mode at either width."""
from __future__ import annotations

import csv
import io
import os
import re
import subprocess
import sys
import urllib.parse
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .conftest import served_app
from .test_browser import _require_browser
from .test_browser_pages import WIDTHS, _axe_source, _context, axe_violations, open_facets
from .test_corrections import OTHER, YEN_KHANH

TOKEN = "s3cret-admin"
KIEMTRA = Path(sys.executable).with_name("kiemtra")
OTHER_TITLE = OTHER.title


def kiemtra(env: dict, *args: str) -> str:
    proc = subprocess.run([str(KIEMTRA), *args], env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, f"kiemtra {' '.join(args)} exited {proc.returncode}:\n{proc.stderr}"
    return proc.stdout + proc.stderr


def _env(**settings) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIEMTRA_")}
    env.update({f"KIEMTRA_{k}": v for k, v in settings.items()}, PYTHONUNBUFFERED="1")
    return env




def search(page, server: str) -> None:
    page.goto(server + "/?" + urllib.parse.urlencode({"q": "Yên Khánh"}))


def facet_count(page, server: str) -> int:
    search(page, server)
    open_facets(page)
    link = page.locator("section[aria-labelledby=facet-inspected_unit] a", has_text=YEN_KHANH)
    return int(link.locator(".count").inner_text().split()[0]) if link.count() else 0


def csv_listing(page, server: str, tmp: Path) -> list[str]:
    """The titles of the documents whose inspected units the downloaded CSV lists Yên Khánh for."""
    search(page, server)
    page.locator("details.exports-box summary").click()
    with page.expect_download() as info:
        page.locator("details.exports-box a[href*='table=documents'][href*='output=csv']").first.click()
    path = tmp / f"{uuid.uuid4().hex}.csv"
    info.value.save_as(path)
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    assert rows, "the export lists the documents found"
    return sorted(r["Tiêu đề"] for r in rows if YEN_KHANH in r["Đơn vị được kiểm tra"])


def open_document(page, server: str) -> str:
    search(page, server)
    page.locator("li.hit a.title").filter(has_not_text=OTHER_TITLE).first.click()
    page.wait_for_url(re.compile(r"/doc/[0-9a-f]+"))   # the document page loaded, not the search page still showing
    assert page.locator("h1").count() == 1
    return page.locator("h1").inner_text()


def units_field(page):
    return page.locator("dl.fields dt:text-is('Đơn vị được kiểm tra, giám sát') + dd")


def remove_yen_khanh(page, server: str) -> str:
    title = open_document(page, server)
    assert YEN_KHANH in units_field(page).inner_text()
    page.get_by_role("link", name="Sửa kết quả trích xuất của văn bản này").click()
    page.get_by_label("Mã quản trị").fill(TOKEN)
    page.get_by_role("button", name="Bắt đầu hiệu chỉnh").click()
    expect(page.locator("#hieu-chinh")).to_contain_text("Đang hiệu chỉnh")
    item = page.locator("ul.correct-items[data-field=inspected_units] li", has_text=YEN_KHANH)
    item.get_by_role("button", name=re.compile("^Bỏ")).click()
    expect(page.get_by_role("status").first).to_have_text(re.compile(r"^\s*Đã lưu hiệu chỉnh"))
    read_corrected(page)
    return title


def read_corrected(page) -> None:
    """What the document page says of the removed unit: gone from the field, marked as corrected in
    words (not colour alone), listed with an undo."""
    field = units_field(page).inner_text()
    assert YEN_KHANH not in field and "✎ đã hiệu chỉnh" in field
    listed = page.locator(".correction-list li").all_inner_texts()
    assert len(listed) == 1 and f"Bỏ “{YEN_KHANH}” khỏi đơn vị được kiểm tra, giám sát" in listed[0]
    assert page.evaluate("document.documentElement.scrollWidth") <= page.width


def correct_then_ingest_again(page, server: str, env: dict, docs: Path, tmp: Path, reindex: bool) -> None:
    assert facet_count(page, server) == 2
    before = csv_listing(page, server, tmp)
    assert OTHER_TITLE in before and len(before) == 2
    title = remove_yen_khanh(page, server)
    assert facet_count(page, server) == 1
    assert csv_listing(page, server, tmp) == [OTHER_TITLE]
    # the file read again and extracted anew: the correction is applied to the new record
    out = kiemtra(env, "ingest", "--force", "--no-progress", str(docs))
    assert "20 tệp đã lập chỉ mục" in out or "0 tệp lỗi" in out, out
    if reindex:
        kiemtra(env, "reindex")
    assert facet_count(page, server) == 1
    assert csv_listing(page, server, tmp) == [OTHER_TITLE]
    assert open_document(page, server) == title
    read_corrected(page)


def test_a_unit_removed_in_the_browser_leaves_the_facet_and_the_export_and_survives_ingest_force(
        page, tmp_path):
    _require_browser()
    with served_app(tmp_path, "corrections", records=[OTHER], TOKEN=TOKEN) as server:
        env = _env(INDEX=f"sqlite:///{tmp_path / 'i.db'}", STORAGE=str(tmp_path / "files"))
        correct_then_ingest_again(page, server, env, tmp_path / "docs", tmp_path, reindex=False)


def test_on_elasticsearch_the_correction_survives_ingest_force_and_reindex(page, tmp_path, elasticsearch_url):
    _require_browser()
    alias = f"kiemtra-test-hc-{uuid.uuid4().hex[:12]}"
    try:
        with served_app(tmp_path, "corrections-es", records=[OTHER], TOKEN=TOKEN, INDEX=elasticsearch_url,
                        ES_INDEX=alias) as server:
            env = _env(INDEX=elasticsearch_url, ES_INDEX=alias, STORAGE=str(tmp_path / "files"))
            correct_then_ingest_again(page, server, env, tmp_path / "docs", tmp_path, reindex=True)
    finally:
        from search.elastic import ElasticsearchBackend

        b = ElasticsearchBackend(elasticsearch_url, index=alias)
        b.drop()
        b.close()


def test_a_name_selected_in_the_full_text_is_added_with_its_place(page, tmp_path):
    """Selecting text fills the form with the name and where it is written (offsets into the text)."""
    _require_browser()
    with served_app(tmp_path, "corrections-add", samples=False, records=[OTHER], TOKEN=TOKEN) as server:
        page.goto(server + f"/doc/{OTHER.doc_id}?sua=1#hieu-chinh")
        page.get_by_label("Mã quản trị").fill(TOKEN)
        page.get_by_role("button", name="Bắt đầu hiệu chỉnh").click()
        name = "Tỉnh đoàn Ninh Bình"
        paragraph = page.locator(".fulltext p", has_text=name).first
        paragraph.evaluate("""(p, name) => {
            const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
            let node;
            while ((node = walker.nextNode())) {
                const i = node.data.indexOf(name);
                if (i >= 0) {
                    const r = document.createRange();
                    r.setStart(node, i); r.setEnd(node, i + name.length);
                    const s = window.getSelection(); s.removeAllRanges(); s.addRange(r);
                    return;
                }
            }
            throw new Error('not found');
        }""", name)
        form = page.locator("#hc-add")
        expect(form.locator("[name=start]")).not_to_have_value("")   # no eval: the page's CSP forbids it
        assert form.get_by_label("Tên").input_value() == name
        start = OTHER.text.index(name)
        assert "ký tự " + str(start) + "–" + str(start + len(name)) in page.locator("#hc-selection").inner_text()
        form.get_by_label("Thêm vào").select_option("inspecting_bodies")      # already there: nothing changes
        form.get_by_label("Tên").fill("Ban Thường vụ Tỉnh đoàn Ninh Bình")     # completed by hand
        assert form.locator("[name=start]").input_value() == ""                # then found in the text again
        paragraph.evaluate("""(p, name) => {
            const node = [...p.childNodes].find(n => n.textContent.includes(name));
            const r = document.createRange();
            const text = node.nodeType === 3 ? node : node.firstChild;
            const i = text.data.indexOf(name);
            r.setStart(text, i); r.setEnd(text, i + name.length);
            const s = window.getSelection(); s.removeAllRanges(); s.addRange(r);
        }""", name)
        expect(form.locator("[name=start]")).not_to_have_value("")   # no eval: the page's CSP forbids it
        form.get_by_label("Thêm vào").select_option("inspected_units")
        form.get_by_role("button", name="Thêm").click()
        assert page.get_by_role("status").first.inner_text().startswith("Đã lưu hiệu chỉnh")
        field = units_field(page).inner_text()
        assert name in field and "✎ đã hiệu chỉnh" in field
        record = page.request.get(server + f"/api/documents/{OTHER.doc_id}").json()
        assert {"text": name, "span": [start, start + len(name)]} in record["spans"]["inspected_units"]


@pytest.mark.parametrize("width", list(WIDTHS))
def test_axe_finds_no_violation_on_the_document_page_in_edit_mode(browser, tmp_path, width):
    _require_browser()
    axe = _axe_source()
    with served_app(tmp_path, "corrections-axe", records=[OTHER], TOKEN=TOKEN) as server:
        context = _context(browser, WIDTHS[width], bypass_csp=True)   # axe is injected as an inline script
        page = context.new_page()
        page.width = WIDTHS[width]
        remove_yen_khanh(page, server)              # edit mode, with a correction listed and its undo
        doc = page.url.split("?")[0].removeprefix(server)
        failures = axe_violations(page, axe, server, (f"{doc}?sua=1", doc))
        # and the token form, in a browser that has not given it
        fresh = _context(browser, WIDTHS[width], bypass_csp=True)
        failures.update(axe_violations(fresh.new_page(), axe, server, (f"{doc}?sua=1",)))
        assert page.evaluate("document.documentElement.scrollWidth") <= page.width
        fresh.close()
        context.close()
    assert not failures, failures

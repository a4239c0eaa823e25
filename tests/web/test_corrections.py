"""Corrections through the document page's forms, without JavaScript (POST, then a redirect): the token
of the upload page is asked once and remembered; CSRF as every form; what is corrected is what the
search page's facets, the CSV export, the statistics and the unit page read; corrections are shown
as corrected and can be taken back; ``kiemtra corrections export`` writes gold annotations that
``kiemtra evaluate`` scores the extractor on."""
from __future__ import annotations

import csv
import io
import json
import re
import shutil

import pytest

from pipeline import run_batch
from search import parse
from web import create_app, get_backend

from ..conftest import SAMPLES
from ..search.records import make_record

TOKEN = "s3cret"
YEN_KHANH = "Huyện đoàn Yên Khánh"
# a second document about Huyện đoàn Yên Khánh: its facet counts two before a correction
OTHER = make_record("khac/yenkhanh.txt", f"Ngày 10/10/2023, Tỉnh đoàn Ninh Bình giám sát {YEN_KHANH}.",
                    title=f"Tỉnh đoàn Ninh Bình giám sát {YEN_KHANH}", published="2023-10-10", units=(YEN_KHANH,),
                    bodies=("Tỉnh đoàn Ninh Bình",), activity=("giám sát",))


@pytest.fixture
def app(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    for p in SAMPLES.glob("00[0-4].txt"):
        shutil.copy(p, docs / p.name)
    app = create_app({"INDEX": f"sqlite:///{tmp_path / 'i.db'}", "SECRET_KEY": "k", "TOKEN": TOKEN,
                      "STORAGE": str(tmp_path / "files")})
    with app.app_context():
        assert not run_batch([docs], get_backend()).failed
        get_backend().upsert([OTHER])
    app.docs = docs
    yield app
    with app.app_context():
        get_backend().close()


def _doc(app, unit: str):
    with app.app_context():
        return next(r for r in get_backend().iter_records(parse("")) if r.document.source != OTHER.document.source
                    and unit in [m.text for m in r.inspected_units])


def _csrf(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def _page(client, doc_id: str, edit: bool = True) -> str:
    return client.get(f"/doc/{doc_id}" + ("?sua=1" if edit else "")).get_data(as_text=True)


def _post(client, doc_id: str, **form):
    html = _page(client, doc_id)
    return client.post(f"/doc/{doc_id}/hieu-chinh", data={"csrf_token": _csrf(html), **form})


def _facet(client, field: str = "inspected_unit") -> dict[str, int]:
    html = client.get("/").get_data(as_text=True)
    section = html.split(f'id="facet-{field}"', 1)[1].split("</section>", 1)[0]
    return {name.strip(): int(n) for name, n in
            re.findall(r'>([^<>]+) <span class="count">(\d+)<span class="visually-hidden">', section)}


def _csv_units(client) -> list[list[str]]:
    body = client.get("/export?output=csv").get_data(as_text=True).lstrip("\ufeff")
    rows = list(csv.DictReader(io.StringIO(body)))
    return [r["Đơn vị được kiểm tra"] for r in rows]


def _enter_token(client, doc_id: str):
    r = _post(client, doc_id, token=TOKEN)
    assert r.status_code == 303 and r.headers["Location"].endswith(f"/doc/{doc_id}?sua=1#hieu-chinh")


def test_the_page_asks_for_the_token_and_nothing_changes_without_it(app):
    client = app.test_client()
    rec = _doc(app, YEN_KHANH)
    html = _page(client, rec.doc_id, edit=False)
    assert "Sửa kết quả trích xuất của văn bản này" in html and 'name="action"' not in html
    html = _page(client, rec.doc_id)
    assert 'type="password" name="token"' in html and 'value="remove"' not in html
    r = _post(client, rec.doc_id, action="remove", field="inspected_units", text=YEN_KHANH, token="wrong")
    assert r.status_code == 303
    assert "Mã quản trị không đúng hoặc chưa nhập." in client.get(r.headers["Location"]).get_data(as_text=True)
    # without the form's CSRF token the POST is refused before anything is read
    r = client.post(f"/doc/{rec.doc_id}/hieu-chinh", data={"action": "remove", "field": "inspected_units",
                                                            "text": YEN_KHANH, "token": TOKEN})
    assert r.status_code == 400
    assert _facet(client)[YEN_KHANH] == 2
    with app.app_context():
        assert get_backend().items("correction") == []


def test_corrections_are_off_without_a_configured_token(tmp_path):
    app = create_app({"INDEX": f"sqlite:///{tmp_path / 'i.db'}", "SECRET_KEY": "k", "STORAGE": str(tmp_path),
                      "WTF_CSRF_ENABLED": False})      # the page has no form to take a CSRF token from
    with app.app_context():
        get_backend().upsert([OTHER])
    client = app.test_client()
    html = _page(client, OTHER.doc_id)
    assert "Chức năng hiệu chỉnh đang tắt" in html and 'name="token"' not in html
    r = client.post(f"/doc/{OTHER.doc_id}/hieu-chinh", data={"token": "", "action": "remove",
                                                              "field": "inspected_units", "text": YEN_KHANH})
    assert r.status_code == 303
    with app.app_context():
        assert [m.text for m in get_backend().get(OTHER.doc_id).inspected_units] == [YEN_KHANH]
        get_backend().close()


def test_a_wrong_unit_removed_leaves_facets_export_statistics_and_the_unit_page(app):
    client = app.test_client()
    rec = _doc(app, YEN_KHANH)
    assert _facet(client)[YEN_KHANH] == 2
    assert sum(YEN_KHANH in u for u in _csv_units(client)) == 2
    assert dict(csv.reader(io.StringIO(client.get("/stats/units.csv").get_data(as_text=True).lstrip("\ufeff"))))[
        YEN_KHANH] == "2"
    unit_page = client.get("/don-vi", query_string={"ten": YEN_KHANH}).get_data(as_text=True)
    assert rec.doc_id in unit_page
    _enter_token(client, rec.doc_id)
    html = _page(client, rec.doc_id)
    assert "Đang hiệu chỉnh (đã nhập mã quản trị)" in html and 'type="password"' not in html
    r = _post(client, rec.doc_id, action="remove", field="inspected_units", text=YEN_KHANH)
    assert r.status_code == 303
    html = client.get(r.headers["Location"]).get_data(as_text=True)
    assert "Đã lưu hiệu chỉnh" in html
    assert f"Bỏ “{YEN_KHANH}” khỏi đơn vị được kiểm tra, giám sát" in html
    fields = html.split('<dl class="fields">', 1)[1].split("</dl>", 1)[0]
    units = fields.split("<dt>Đơn vị được kiểm tra, giám sát</dt>", 1)[1].split("</dd>", 1)[0]
    assert YEN_KHANH not in units and "✎ đã hiệu chỉnh" in units
    # everything that reads the index reads the corrected record
    assert _facet(client)[YEN_KHANH] == 1
    assert sum(YEN_KHANH in u for u in _csv_units(client)) == 1
    assert rec.doc_id not in client.get("/don-vi", query_string={"ten": YEN_KHANH}).get_data(as_text=True)
    top_units = dict(csv.reader(io.StringIO(client.get("/stats/units.csv").get_data(as_text=True).lstrip("\ufeff"))))
    assert top_units[YEN_KHANH] == "1"
    search = client.get("/", query_string={"inspected": YEN_KHANH}).get_data(as_text=True)
    assert rec.doc_id not in search and OTHER.doc_id in search
    # the JSON API tells machines what was corrected
    record = client.get(f"/api/documents/{rec.doc_id}").get_json()
    assert record["meta"]["corrections"]["fields"] == ["inspected_units"]


def test_add_a_unit_change_a_kind_say_a_name_is_no_person_then_undo(app):
    client = app.test_client()
    rec = _doc(app, "Huyện đoàn Cầu Kè")          # Trà Vinh: two people, many findings
    _enter_token(client, rec.doc_id)
    # added without JavaScript: the name typed as the text writes it is found in the text
    r = _post(client, rec.doc_id, action="add", field="inspecting_bodies", text="Ban Thường vụ Tỉnh đoàn")
    assert r.status_code == 303
    finding = rec.findings[0]
    other = "limitation" if finding.kind != "limitation" else "strength"
    _post(client, rec.doc_id, action="kind", start=str(finding.span[0]), end=str(finding.span[1]), kind=other)
    person = rec.people[0].name
    _post(client, rec.doc_id, action="not-person", name=person)
    html = _page(client, rec.doc_id)
    assert "Thêm “Ban Thường vụ Tỉnh đoàn” vào cơ quan kiểm tra, giám sát" in html
    assert "✎ đã đổi loại" in html and f"“{person}” không phải tên người" in html
    assert html.count("Hoàn tác") == 3
    with app.app_context():
        stored = get_backend().get(rec.doc_id)
    assert "Ban Thường vụ Tỉnh đoàn" in [m.text for m in stored.inspecting_bodies]
    added = next(m for m in stored.inspecting_bodies if m.text == "Ban Thường vụ Tỉnh đoàn")
    assert stored.text[added.span[0]:added.span[1]] == "Ban Thường vụ Tỉnh đoàn"
    assert stored.findings[0].kind == other and person not in [p.name for p in stored.people]
    assert "Ban Thường vụ Tỉnh đoàn" in _facet(client, "inspecting_body")
    # a name that is not in the text cannot be added without its place
    r = _post(client, rec.doc_id, action="add", field="inspected_units", text="Huyện đoàn Không Có")
    assert "Không tìm thấy “Huyện đoàn Không Có” trong toàn văn" in client.get(r.headers["Location"]).get_data(
        as_text=True)
    # undo, one by one, from the list
    for _ in range(3):
        html = _page(client, rec.doc_id)
        action = re.search(r'action="(/doc/[0-9a-f]+/hieu-chinh/[0-9a-f]+/hoan-tac)"', html).group(1)
        r = client.post(action, data={"csrf_token": _csrf(html)})
        assert r.status_code == 303
    html = client.get(r.headers["Location"]).get_data(as_text=True)
    assert "Đã hoàn tác hiệu chỉnh." in html and "Hoàn tác" not in html and "✎" not in html
    with app.app_context():
        assert get_backend().get(rec.doc_id) == rec


def test_export_writes_gold_annotations_that_evaluate_scores(app, tmp_path):
    client = app.test_client()
    rec = _doc(app, "Huyện đoàn Cầu Kè")
    _enter_token(client, rec.doc_id)
    _post(client, rec.doc_id, action="remove", field="inspected_units", text="Huyện đoàn Cầu Kè")
    person = rec.people[0].name
    _post(client, rec.doc_id, action="not-person", name=person)
    runner = app.test_cli_runner()
    out = tmp_path / "gold"
    result = runner.invoke(args=["corrections", "export", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [f"{rec.doc_id}\t{rec.document.source}\tinspected_units, people"]
    gold = json.loads((out / f"{rec.doc_id}.json").read_text(encoding="utf-8"))
    assert list(gold) == ["title", "published", "doc_number", "activity", "inspecting_bodies", "inspected_units",
                          "organizations", "references", "dates", "people", "figures", "findings"]
    assert "Huyện đoàn Cầu Kè" not in gold["inspected_units"]
    assert len(gold["inspected_units"]) == len(rec.inspected_units) - 1
    assert person not in [p["name"] for p in gold["people"]] and set(gold["findings"][0]) == {"kind", "text"}
    assert (out / "docs" / f"{rec.doc_id}.txt").read_text(encoding="utf-8") == rec.text
    result = runner.invoke(args=["evaluate", str(out), "--json", "--no-baseline"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)["scores"]["all"]
    units, people = scores["inspected_units"], scores["people"]
    # the extractor still finds what staff removed: one false positive in each corrected field
    assert (units["tp"], units["predicted"], units["gold"]) == (len(rec.inspected_units) - 1,
                                                                 len(rec.inspected_units), len(rec.inspected_units) - 1)
    assert units["recall"] == 1.0 and units["precision"] < 1.0
    assert (people["predicted"], people["gold"]) == (len(rec.people), len(rec.people) - 1)
    assert scores["findings"]["f1"] == 1.0          # fields nobody corrected agree with the extraction


def test_export_without_corrections_writes_nothing(app, tmp_path):
    result = app.test_cli_runner().invoke(args=["corrections", "export", "--out", str(tmp_path / "g")])
    assert result.exit_code == 0 and result.stdout == ""
    assert list((tmp_path / "g").glob("*.json")) == []

from __future__ import annotations

import re

import pytest

from ..search.records import CORPUS

SCRIPT_DOC = CORPUS[3]


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_search_page_shows_count_hits_and_marks(client):
    r = client.get("/", query_string={"q": "ke hoach 383"})
    assert r.status_code == 200
    html = r.get_data(as_text=True)
    assert 'lang="vi"' in html
    assert "Tìm thấy <strong>1</strong> văn bản" in html
    assert "<mark>Kế</mark> <mark>hoạch</mark> số <mark>383</mark>" in html
    assert "Ủy ban Kiểm tra Thành Đoàn Đà Nẵng tổ chức giám sát định kỳ năm 2022" in html


def test_empty_query_lists_everything_with_facets(client):
    html = client.get("/").get_data(as_text=True)
    assert "Tìm thấy <strong>4</strong> văn bản" in html
    assert "Đơn vị được kiểm tra" in html and "Huyện đoàn Yên Khánh" in html


def test_facet_link_filters(client):
    html = client.get("/", query_string={"q": "doan vien"}).get_data(as_text=True)
    link = re.search(r'href="([^"]*format=pdf[^"]*)"', html)
    assert link, "a facet link for the pdf format"
    filtered = client.get(link.group(1).replace("&amp;", "&")).get_data(as_text=True)
    assert "Tìm thấy <strong>1</strong> văn bản" in filtered
    assert "TRÀ VINH" in filtered


def test_pagination_links(client):
    html = client.get("/", query_string={"per_page": 2}).get_data(as_text=True)
    assert "Trang 1 / 2" in html
    nxt = re.search(r'<a rel="next" href="([^"]+)"', html).group(1).replace("&amp;", "&")
    page2 = client.get(nxt).get_data(as_text=True)
    assert "Trang 2 / 2" in page2


def test_date_range_from_the_form(client):
    html = client.get("/", query_string={"from": "2024-01-01", "to": "2024-12-31"}).get_data(as_text=True)
    assert "Tìm thấy <strong>1</strong> văn bản" in html


@pytest.mark.parametrize("params", [{"q": "from:2022-99"}, {"page": "x"}, {"sort": "loud"},
                                    {"from": "yesterday"}, {"per_page": "100000"}, {"kind": "nope"}])
def test_malformed_parameters_give_400_with_a_message(client, params):
    r = client.get("/", query_string=params)
    assert r.status_code == 400
    assert "Truy vấn không hợp lệ" in r.get_data(as_text=True)
    api = client.get("/api/search", query_string=params)
    assert api.status_code == 400 and api.get_json()["error"]


def test_document_page_shows_fields_and_text(client):
    rec = CORPUS[1]
    r = client.get(f"/doc/{rec.doc_id}", query_string={"q": "yen khanh"})
    assert r.status_code == 200
    html = r.get_data(as_text=True)
    assert "Tỉnh đoàn Ninh Bình kiểm tra Huyện đoàn Yên Khánh" in html
    assert "04/06/2022" in html
    assert "KH/TĐTN-XDĐ" in html
    assert "Đề nghị Huyện đoàn Yên Khánh khắc phục hạn chế" in text_of(html)


def marked_pieces(html: str, label: str) -> list[str]:
    return re.findall(rf'<span id="c\d+" class="[^"]*\be-{label}\b[^"]*"[^>]*>([^<]*)</span>', html)


def test_document_text_marks_every_extracted_item_by_type(client):
    rec = CORPUS[1]
    html = client.get(f"/doc/{rec.doc_id}", query_string={"q": "yen khanh"}).get_data(as_text=True)
    assert "".join(marked_pieces(html, "ref")) == "Kế hoạch số 261- KH/TĐTN-XDĐ"
    assert "".join(marked_pieces(html, "date")) == "04/6/2022"
    assert "".join(marked_pieces(html, "figure")) == "19 đoàn viên ưu tú"
    assert "".join(marked_pieces(html, "recommendation")) == rec.findings[1].text
    matches = marked_pieces(html, "match")
    assert matches and set(matches) == {"Yên", "Khánh"}
    # the anchors are character offsets: the figure list links to its place in the text
    start = rec.figures[0].span[0]
    assert f'href="#c{start}"' in html and f'id="c{start}"' in html


def test_unknown_document_is_404(client):
    assert client.get("/doc/" + "0" * 64).status_code == 404
    assert client.get("/doc/..%2f..%2fetc%2fpasswd").status_code == 404
    assert client.get("/api/documents/" + "0" * 64).status_code == 404


def test_script_payloads_are_inert_on_every_page(client):
    pages = [
        client.get("/", query_string={"q": "thi dua"}),
        client.get("/", query_string={"q": "<script>alert(1)</script>"}),
        client.get("/"),
        client.get(f"/doc/{SCRIPT_DOC.doc_id}"),
        client.get(f"/doc/{SCRIPT_DOC.doc_id}", query_string={"q": "<script>"}),
    ]
    for r in pages:
        html = r.get_data(as_text=True)
        assert "<script>" not in html and "<img src=x" not in html, r.request.url
    doc_html = pages[3].get_data(as_text=True)
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in doc_html
    assert "&lt;img src=x onerror=alert(1)&gt;" in doc_html


def test_api_search_and_document(client):
    data = client.get("/api/search", query_string={"q": "doan vien", "per_page": 2}).get_json()
    assert data["total"] == 3 and len(data["hits"]) == 2 and data["pages"] == 2
    assert {f["value"] for f in data["facets"]["format"]} == {"txt", "html", "pdf"}
    doc = client.get(f"/api/documents/{CORPUS[0].doc_id}").get_json()
    assert doc["references"][0]["symbol"] == "KH/UBKT"
    assert doc["text"] == CORPUS[0].text

"""The unit page on both backends (the ``backend`` fixture), through the Flask test client."""
from __future__ import annotations

import re

import pytest

from web import create_app

from ..search.test_units import _corpus


@pytest.fixture
def unit_client(backend, tmp_path):
    app = create_app({"INDEX": f"sqlite:///{tmp_path / 'unused.db'}", "SECRET_KEY": "t", "TESTING": True})
    app.extensions["kiemtra.backend"] = backend
    backend.upsert(_corpus())
    return app.test_client()


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_unit_page_under_each_name(unit_client):
    for name in ("Huyện đoàn Yên Khánh", "BAN THƯỜNG VỤ HUYỆN ĐOÀN YÊN KHÁNH", "huyen doan yen khanh"):
        r = unit_client.get("/don-vi", query_string={"ten": name})
        assert r.status_code == 200
        html = r.get_data(as_text=True)
        assert html.count("<h1") == 1 and "<h1>Huyện đoàn Yên Khánh</h1>" in html
        assert '<dd id="count-inspected">2</dd>' in html and '<dd id="count-inspector">1</dd>' in html
        page = text(html)
        assert "Năm 2023 : 1 văn bản" in page and "Tháng 6/2022 : 2" in page
        assert "Còn được viết là: Ban Thường vụ Huyện đoàn Yên Khánh" in page
        assert "<script>" not in html.split("</head>")[1]


def test_an_unknown_unit_is_not_found(unit_client):
    for name in ("Yên Khánh", "Huyện đoàn Hoa Lư", "Ủy ban Kiểm tra Huyện đoàn Yên Khánh"):
        r = unit_client.get("/don-vi", query_string={"ten": name})
        assert r.status_code == 404
        assert f"Không có đơn vị nào tên “{name}”" in r.get_data(as_text=True)
    assert unit_client.get("/don-vi").status_code == 404


def test_pages_link_unit_names_to_their_page(unit_client):
    rec = _corpus()[1]
    html = unit_client.get(f"/doc/{rec.doc_id}").get_data(as_text=True)
    assert 'href="/don-vi?ten=Huy%E1%BB%87n+%C4%91o%C3%A0n+Y%C3%AAn+Kh%C3%A1nh">(trang đơn vị)' in html
    assert 'href="/don-vi?ten=Ban+Th%C6%B0%E1%BB%9Dng+v%E1%BB%A5+T%E1%BB%89nh+%C4%91o%C3%A0n+Ninh+B%C3%ACnh"' in html
    html = unit_client.get("/", query_string={"inspected": "Huyện đoàn Yên Khánh"}).get_data(as_text=True)
    assert '<p class="unit-pages">Trang đơn vị: <a href="/don-vi?ten=Huy' in html

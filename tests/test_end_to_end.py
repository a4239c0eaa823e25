"""The whole path with real files: ingest → extract → index → search page → document page."""
from __future__ import annotations

import re

from web import create_app


def test_folder_to_search_page_to_document_page(tmp_path):
    d = tmp_path / "docs"
    d.mkdir()
    payload = ("Đoàn kiểm tra <script>alert('xss')</script> làm việc tại Huyện đoàn Tiểu Cần "
               "theo Kế hoạch số 45-KH/TĐTN ngày 03/3/2023.\n")
    (d / "bao-cao.txt").write_text("Báo cáo <b>kiểm tra</b> Huyện đoàn Tiểu Cần\n" + payload, encoding="utf-8")
    app = create_app({"INDEX": f"sqlite:///{tmp_path / 'i.db'}", "SECRET_KEY": "t", "TESTING": True})
    result = app.test_cli_runner().invoke(args=["ingest", str(d), "--no-progress"])
    assert result.exit_code == 0, result.output

    client = app.test_client()
    html = client.get("/", query_string={"q": "tieu can"}).get_data(as_text=True)
    assert "Tìm thấy <strong>1</strong> văn bản" in html
    assert "<mark>Tiểu</mark> <mark>Cần</mark>" in html
    assert "<script>" not in html and "<b>kiểm" not in html

    link = re.search(r'href="(/doc/[0-9a-f]{64}[^"]*)"', html).group(1).replace("&amp;", "&")
    page = client.get(link).get_data(as_text=True)
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&#39;xss&#39;)&lt;/script&gt;" in page
    assert "45" in page and "KH/TĐTN" in page and "03/03/2023" in page

    api = client.get("/api/search", query_string={"q": "ref:45-KH/TĐTN"}).get_json()
    assert api["total"] == 1

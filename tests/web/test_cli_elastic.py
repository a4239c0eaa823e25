"""The ``kiemtra`` program against a real Elasticsearch node, as people run it: ``KIEMTRA_INDEX``
pointing at the node, ``kiemtra ingest corpora/samples``, then ``search``, ``export`` (CSV, XLSX,
JSON Lines), the web interface served by ``kiemtra serve`` (waitress), ``failures`` and ``reindex``;
the exports agree with the same samples ingested into SQLite."""
from __future__ import annotations

import csv
import io
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path
from urllib.parse import urlencode

import pytest
from openpyxl import load_workbook

from ..conftest import SAMPLES

pytestmark = pytest.mark.elasticsearch

KIEMTRA = Path(sys.executable).with_name("kiemtra")


def kiemtra(env: dict, *args: str, check: bool = True, timeout: float = 600) -> subprocess.CompletedProcess:
    proc = subprocess.run([str(KIEMTRA), *args], env=env, capture_output=True, text=True, timeout=timeout)
    if check:
        assert proc.returncode == 0, f"kiemtra {' '.join(args)} exited {proc.returncode}:\n{proc.stderr}"
    return proc


def _env(tmp: Path, index: str, es_index: str | None = None) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIEMTRA_")}
    env.update(KIEMTRA_INDEX=index, KIEMTRA_STORAGE=str(tmp / "files"), PYTHONUNBUFFERED="1")
    if es_index:
        env["KIEMTRA_ES_INDEX"] = es_index
    return env


@pytest.fixture(scope="module")
def es_env(elasticsearch_url, tmp_path_factory):
    """The samples ingested with the command line into a fresh alias on the node."""
    alias = f"kiemtra-test-cli-{uuid.uuid4().hex[:12]}"
    env = _env(tmp_path_factory.mktemp("es"), elasticsearch_url, alias)
    first = kiemtra(env, "ingest", str(SAMPLES), "--no-progress")
    yield env, first
    from search.elastic import ElasticsearchBackend

    b = ElasticsearchBackend(elasticsearch_url, index=alias)
    b.drop()
    b.close()


@pytest.fixture(scope="module")
def sqlite_env(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("sqlite")
    env = _env(tmp, f"sqlite:///{tmp / 'index.db'}")
    kiemtra(env, "ingest", str(SAMPLES), "--no-progress")
    return env


def _json_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.strip().split("\n") if line]


def test_ingest_into_elasticsearch_and_again(es_env):
    env, first = es_env
    # each sample is one report in four formats: one file is read for it, three are its other files
    assert "5 tệp đã lập chỉ mục" in first.stdout and "15 tệp trùng nội dung" in first.stdout
    assert "0 tệp lỗi" in first.stdout
    assert env["KIEMTRA_INDEX"] in first.stdout
    again = kiemtra(env, "ingest", str(SAMPLES), "--no-progress")  # the manifest lives in the node too
    assert "0 tệp đã lập chỉ mục, 20 tệp không đổi đã bỏ qua" in again.stdout
    failures = kiemtra(env, "failures")
    assert failures.stdout == "" and "0 tệp lỗi" in failures.stderr


def test_search(es_env):
    env, _ = es_env
    hits = _json_lines(kiemtra(env, "search", "ke", "hoach", "383", "--json").stdout)
    assert [h["formats"] for h in hits] == [["docx", "html", "pdf", "txt"]]
    assert all(Path(h["source"]).stem == "000" and "Đà Nẵng" in h["title"] for h in hits)
    assert all("hoạch" in h["snippet"].lower() for h in hits)
    text = kiemtra(env, "search", "ke", "hoach", "383").stdout
    assert text.startswith("1 văn bản")
    bad = kiemtra(env, "search", "from:2022-44", check=False)
    assert bad.returncode == 2 and "không hợp lệ" in bad.stderr


def test_exports_agree_with_sqlite(es_env, sqlite_env, tmp_path):
    env, _ = es_env
    rows = list(csv.DictReader(io.StringIO(
        kiemtra(env, "export", "ref:383-KH/UBKT", "--format", "csv").stdout.lstrip("\ufeff"))))
    assert len(rows) == 1 and all("383-KH/UBKT" in r["Văn bản trích dẫn"] for r in rows)
    assert Path(rows[0]["Tệp gốc"]).name == "000.docx"
    assert {Path(f).name for f in rows[0]["Tệp khác cùng nội dung"].split("; ")} == {"000.txt", "000.html", "000.pdf"}

    for table in ("documents", "findings", "figures"):
        es_rows = _json_lines(kiemtra(env, "export", "--format", "json", "--table", table).stdout)
        sq_rows = _json_lines(kiemtra(sqlite_env, "export", "--format", "json", "--table", table).stdout)
        key = lambda r: json.dumps(r, sort_keys=True, ensure_ascii=False)  # noqa: E731
        assert sorted(es_rows, key=key) == sorted(sq_rows, key=key) and es_rows, table
    docs = _json_lines(kiemtra(env, "export", "--format", "json").stdout)
    files = [Path(f).name for r in docs for f in [r["source"], *r["other_files"]]]
    assert sorted(files) == sorted(p.name for p in SAMPLES.iterdir())

    xlsx = tmp_path / "out.xlsx"
    out = kiemtra(env, "export", "kind:limitation", "--table", "findings", "--format", "xlsx", "-o", str(xlsx))
    assert f"vào {xlsx}" in out.stderr
    ws = load_workbook(xlsx).active
    header = [c.value for c in ws[1]]
    kinds = {row[header.index("Loại")] for row in ws.iter_rows(min_row=2, values_only=True)}
    assert ws.max_row > 1 and kinds == {"Hạn chế"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(base: str, path: str, **params) -> tuple[int, str, str]:
    url = base + path + (f"?{urlencode(params)}" if params else "")
    with urllib.request.urlopen(url, timeout=30) as r:
        return r.status, r.headers.get("Content-Type", ""), r.read().decode("utf-8")


@pytest.fixture
def server(es_env):
    env, _ = es_env
    port = _free_port()
    proc = subprocess.Popen([str(KIEMTRA), "serve", "--port", str(port)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            _get(base, "/api/openapi.json")
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"kiemtra serve did not answer: {proc.communicate()[0]}")
            time.sleep(0.2)
    yield env, base
    proc.terminate()
    proc.wait(timeout=30)


def test_web_interface_served_from_elasticsearch(server):
    env, base = server
    status, _, html = _get(base, "/", q="ke hoach 383")
    assert status == 200 and "Tìm thấy <strong>1</strong> văn bản" in html
    assert "<mark>Kế</mark> <mark>hoạch</mark>" in html
    assert "Ủy ban Kiểm tra Thành Đoàn Đà Nẵng tổ chức giám sát định kỳ năm 2022" in html
    api = json.loads(_get(base, "/api/search", q="ke hoach 383")[2])
    assert api["total"] == 1 and {f["value"] for f in api["facets"]["format"]} == {"txt", "html", "docx", "pdf"}
    doc_id = api["hits"][0]["id"]
    status, _, page = _get(base, f"/doc/{doc_id}")
    assert status == 200 and api["hits"][0]["title"] in page
    record = json.loads(_get(base, f"/api/documents/{doc_id}")[2])
    assert record["sha256"] == doc_id and any(r["symbol"] == "KH/UBKT" for r in record["references"])
    findings = json.loads(_get(base, "/api/findings", q="kind:limitation")[2])
    assert findings["total"] > 0 and {h["kind"] for h in findings["hits"]} == {"limitation"}
    assert json.loads(_get(base, "/api/stats")[2])["documents"] == 5
    status, ctype, body = _get(base, "/export", q="ref:383-KH/UBKT", output="csv")
    rows = list(csv.DictReader(io.StringIO(body.lstrip("\ufeff"))))
    assert ctype.startswith("text/csv") and len(rows) == 1
    assert {Path(r["Tệp gốc"]).stem for r in rows} == {"000"}
    status, _, html = _get(base, "/stats")
    assert status == 200 and "<svg" in html


def test_reindex_while_the_web_interface_serves(server):
    env, base = server
    before = json.loads(_get(base, "/api/search", q="doan vien", sort="-date", per_page=50)[2])
    out = kiemtra(env, "reindex", "--no-progress")
    assert "5 văn bản" in out.stdout and "Đã xoá chỉ mục cũ" in out.stdout
    # the running server, which opened the index before, answers from the new index
    assert json.loads(_get(base, "/api/search", q="doan vien", sort="-date", per_page=50)[2]) == before
    hits = _json_lines(kiemtra(env, "search", "ke", "hoach", "383", "--json").stdout)
    assert len(hits) == 1


def test_an_older_mapping_is_named_and_upgraded_from_the_command_line(es_env):
    from search.elastic import MAPPING_VERSION, META_KEY, ElasticsearchBackend

    env, _ = es_env
    b = ElasticsearchBackend(env["KIEMTRA_INDEX"], index=env["KIEMTRA_ES_INDEX"])
    try:
        b.client.indices.put_mapping(index=b.index, meta={META_KEY: MAPPING_VERSION - 1})
    finally:
        b.close()
    refused = kiemtra(env, "search", "ke", "hoach", "383", check=False)
    assert refused.returncode == 3
    assert f"mapping version {MAPPING_VERSION - 1}, older than" in refused.stderr
    assert "`kiemtra reindex`" in refused.stderr
    out = kiemtra(env, "reindex", "--keep-old")
    assert f"phiên bản ánh xạ {MAPPING_VERSION - 1} → {MAPPING_VERSION}" in out.stdout
    assert "Giữ lại chỉ mục cũ (chỉ đọc)" in out.stdout
    assert kiemtra(env, "search", "ke", "hoach", "383").stdout.startswith("1 văn bản")
    kept = out.stdout.split("Giữ lại chỉ mục cũ (chỉ đọc): ")[1].strip().split(", ")
    b = ElasticsearchBackend(env["KIEMTRA_INDEX"], index=env["KIEMTRA_ES_INDEX"])
    try:
        assert all(b.client.indices.exists(index=k) for k in kept)
        b.client.indices.delete(index=kept)
    finally:
        b.close()


def test_reindex_on_sqlite_says_it_is_not_needed(sqlite_env):
    out = kiemtra(sqlite_env, "reindex")
    assert "không cần lập lại" in out.stdout and "kiemtra ingest --force" in out.stdout

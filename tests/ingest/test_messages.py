"""The message table (``ingest/data/messages.tsv``): every text shown to people comes from it, every key
the code asks for is in it with the fields the code fills in, and no failure reason is written in the code."""
from __future__ import annotations

import ast
import string
import unicodedata
from pathlib import Path

import pytest

import ingest
from ingest import messages
from ingest.errors import IngestError

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("ingest", "nlp", "search", "pipeline", "web")
ERRORS = {cls.__name__ for cls in (IngestError, *IngestError.__subclasses__())}
DYNAMIC = ("file.", "kind.", "column.", "sheet.", "help.")  # keys the code builds from a code it holds


def _calls():
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.Call):
                    yield path.relative_to(ROOT), node


def _name(func) -> str | None:
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None


def _written(node) -> bool:
    """A text written in the code: a string literal, an f-string, or a sum holding one."""
    if isinstance(node, (ast.Constant, ast.JoinedStr)):
        return isinstance(node, ast.JoinedStr) or isinstance(node.value, str)
    if isinstance(node, ast.BinOp):
        return _written(node.left) or _written(node.right)
    return False


def test_every_key_asked_for_is_in_the_table_with_its_fields():
    table = messages.table()
    problems, used = [], set()
    for where, call in _calls():
        if _name(call.func) != "msg" or not call.args:
            continue
        key = call.args[0]
        if not isinstance(key, ast.Constant):
            continue
        used.add(key.value)
        if key.value not in table:
            problems.append(f"{where}:{call.lineno}: no message {key.value!r}")
            continue
        fields = {f for _, f, _, _ in string.Formatter().parse(table[key.value]) if f}
        given = {k.arg for k in call.keywords}
        if fields != given:
            problems.append(f"{where}:{call.lineno}: {key.value!r} fills {sorted(given)}, the text has {sorted(fields)}")
    assert not problems, "\n".join(problems)
    # keys held in tables (``_CLAIMED``) or chosen by a condition are named as strings somewhere
    mentioned = {node.value for package in PACKAGES for path in (ROOT / package).rglob("*.py")
                 for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
                 if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in table}
    unused = [k for k in table if k not in used | mentioned and not k.startswith(DYNAMIC)]
    assert not unused, f"messages no code asks for: {unused}"


def test_no_failure_reason_is_written_in_the_code():
    """Reasons given to people come from the table: an ``IngestError`` (or a pipeline ``Result``) made with
    a text written in the code fails here, so a new reason cannot slip in untranslated."""
    written = []
    for where, call in _calls():
        name = _name(call.func)
        reasons = []
        if name in ERRORS and len(call.args) >= 2:
            reasons.append(call.args[1])
        reasons += [k.value for k in call.keywords if k.arg in ("reason", "empty_reason")]
        if name in ERRORS or name in ("Result", "build_document"):
            written += [f"{where}:{call.lineno}" for r in reasons if _written(r)]
    assert not written, "reasons written in the code, not in ingest/data/messages.tsv: " + ", ".join(written)


def test_the_table_is_nfc_and_every_line_is_a_key_and_a_text():
    raw = messages.TABLE.read_text(encoding="utf-8")
    assert unicodedata.is_normalized("NFC", raw)
    for line in raw.splitlines():
        if line.strip() and not line.startswith("#"):
            key, tab, text = line.partition("\t")
            assert tab and key == key.strip() and " " not in key and text.strip(), line
    for kind in ("strength", "limitation", "recommendation"):
        assert messages.has(f"kind.{kind}")


@pytest.mark.parametrize("data, name, code, reason", [
    (b"", "rong.txt", "empty", "tệp rỗng (0 byte)"),
    (b"\x89PNG\r\n\x1a\n" + bytes(200), "anh.png", "unsupported", "ảnh PNG: định dạng không được hỗ trợ"),
    (b"just text", "gia.pdf", "corrupt", "không phải tệp PDF hợp lệ (không có phần đầu %PDF); tệp chứa văn bản thuần"),
])
def test_a_failure_has_a_stable_code_and_a_vietnamese_reason(data, name, code, reason):
    with pytest.raises(IngestError) as info:
        ingest.read_bytes(data, name)
    assert info.value.code == code and info.value.reason == reason and info.value.source == name


def test_a_reason_names_what_it_is_about(tmp_path):
    big = tmp_path / "lon.txt"
    big.write_bytes(b"a" * (3 * 2**20))
    with pytest.raises(ingest.TooLarge) as info:
        ingest.read(big, max_bytes=2**20)
    assert info.value.reason == "tệp nặng 3 MB, vượt giới hạn 1 MB"

"""Every zip is accounted for (issue 16): an archive with no files is one failed item of its own, and
members that share a name each get a source of their own, which ``archive_member`` reads back."""
from __future__ import annotations

import io
import warnings
import zipfile

import pytest

from ingest import MEMBER_SEP, EmptyFile, walk

from .builders import zip_bytes


def _zip(entries: list[tuple[str, bytes]]) -> bytes:
    """A zip holding ``entries`` in this order; a name may come twice (zipfile warns, and writes it)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf, warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Duplicate name", UserWarning)
        for name, data in entries:
            zf.writestr(name, data)
    return buf.getvalue()


def _empty_zip() -> bytes:
    buf = io.BytesIO()
    zipfile.ZipFile(buf, "w").close()
    return buf.getvalue()


def _dirs_only() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(zipfile.ZipInfo("2024/"), b"")
        zf.writestr(zipfile.ZipInfo("2024/thang-6/"), b"")
    return buf.getvalue()


@pytest.mark.parametrize("data", [
    _empty_zip(),
    _dirs_only(),
    zip_bytes({".DS_Store": b"\x00\x00\x00\x01Bud1", "__MACOSX/._bao-cao.txt": b"\x00\x05\x16\x07",
               "Thumbs.db": b"\xd0\xcf\x11\xe0"}),
], ids=["no-members", "folders-only", "os-litter-only"])
def test_a_zip_with_no_files_is_one_failed_item(tmp_path, data, request):
    path = tmp_path / "rong.zip"
    path.write_bytes(data)
    items = list(walk(path))
    litter = [item for item in items if item.parent == str(path)]    # each listed as skipped, with why
    assert all(item.error.code == "skipped" for item in litter)
    assert len(litter) == (3 if "litter" in request.node.callspec.id else 0)
    items = items[len(litter):]
    assert [(item.source, item.parent) for item in items] == [(str(path), None)]
    assert isinstance(items[0].error, EmptyFile)
    assert items[0].error.code == "empty" and items[0].error.reason == "tệp nén zip không chứa tệp nào"


def test_an_empty_zip_inside_a_zip_is_its_member_failed(tmp_path):
    path = tmp_path / "ngoai.zip"
    path.write_bytes(zip_bytes({"a.txt": "Báo cáo".encode(), "trong/rong.zip": _empty_zip()}))
    items = list(walk(path))
    assert [(i.source, i.parent, i.error and i.error.code) for i in items] == [
        (f"{path}{MEMBER_SEP}a.txt", str(path), None),
        (f"{path}{MEMBER_SEP}trong/rong.zip", str(path), "empty"),
    ]


def test_members_with_the_same_name_get_sources_of_their_own(tmp_path):
    path = tmp_path / "trung.zip"
    path.write_bytes(_zip([("bc/bao-cao.txt", b"ban 1"), ("bc/bao-cao (2).txt", b"ban that"),
                           ("bc/bao-cao.txt", b"ban 2"), ("bc/bao-cao.txt", b"ban 3"), ("README", b"r1"),
                           ("README", b"r2")]))
    items = list(walk(path))
    got = {item.source.split(MEMBER_SEP, 1)[1]: item.load() for item in items}
    assert len(items) == len(got) == 6                   # six members, six sources
    assert got["bc/bao-cao.txt"] == b"ban 1"              # the first keeps its name
    assert got["bc/bao-cao (2).txt"] == b"ban that"       # a real member keeps its name ...
    assert sorted(got) == sorted(["bc/bao-cao.txt", "bc/bao-cao (2).txt", "bc/bao-cao (3).txt",
                                  "bc/bao-cao (4).txt", "README", "README (2)"])   # ... repeats go past it
    assert (got["bc/bao-cao (3).txt"], got["bc/bao-cao (4).txt"], got["README (2)"]) == (b"ban 2", b"ban 3", b"r2")


def test_archive_member_reads_every_source_back(tmp_path):
    from ingest import archive_member

    path = tmp_path / "trung.zip"
    path.write_bytes(_zip([("bao-cao.txt", b"ban 1"), ("bao-cao.txt", b"ban 2"), ("khac.txt", b"khac")]))
    with zipfile.ZipFile(path) as zf:
        for item in walk(path):
            info = archive_member(zf, item.source.split(MEMBER_SEP, 1)[1])
            assert info is not None and zf.read(info) == item.load()
        assert archive_member(zf, "khong-co.txt") is None
        assert archive_member(zf, "bao-cao (3).txt") is None

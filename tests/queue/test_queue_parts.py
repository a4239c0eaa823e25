"""Parts of the queue that need no PostgreSQL."""
from __future__ import annotations

import zipfile

from ingest import Document
from pipeline.queue.app import lock_key, redact
from pipeline.queue.enqueue import archive_of
from pipeline.queue.worker import complete, member_bytes


def test_archive_of_finds_the_archive_on_disk_not_a_folder_named_with_a_bang(tmp_path):
    odd = tmp_path / "thu-muc!"
    odd.mkdir()
    (odd / "a.txt").write_text("x")
    with zipfile.ZipFile(odd / "kho.zip", "w") as zf:
        zf.writestr("b/c.txt", "nội dung")
    assert archive_of(str(odd / "a.txt")) is None
    member = f"{odd / 'kho.zip'}!/b/c.txt"
    assert archive_of(member) == str(odd / "kho.zip")
    assert member_bytes(str(odd / "kho.zip"), member) == "nội dung".encode()


def test_a_pdf_with_pages_left_for_ocr_is_not_complete():
    class R:
        def __init__(self, fmt, meta):
            self.document = Document("x", "0" * 64, fmt, "t", meta=meta)

    assert complete(R("txt", {}))
    assert complete(R("pdf", {"pages": 2}))
    assert not complete(R("pdf", {"pages_without_text": [2]}))
    assert complete(R("pdf", {"pages_without_text": [2], "ocr_pages": [2]}))


def test_urls_lose_their_password_in_messages_and_locks_are_short():
    assert redact("postgresql://u:bí-mật@h:5432/db") == "postgresql://u:***@h:5432/db"
    assert redact("postgresql://u@h/db") == "postgresql://u@h/db"
    assert len(lock_key("path", "/srv/" + "x" * 5000)) < 60

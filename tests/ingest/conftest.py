from __future__ import annotations

import os

import pytest


def _need(ok: bool, message: str) -> None:
    if ok:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


@pytest.fixture
def ocr_installed():
    """Tesseract with its Vietnamese model (scripts/install-system-packages); CI must have it."""
    from ingest import ocr

    _need(ocr.available(), "Tesseract or its Vietnamese model is missing: bash scripts/install-system-packages")

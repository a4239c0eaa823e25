from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "corpora" / "samples"
SEEDS = ROOT.parent / "shared" / "seeds"


def _sqlite_backend(tmp_path):
    from search import open_backend

    return open_backend(f"sqlite:///{tmp_path / 'index.db'}")


BACKEND_FACTORIES = {"sqlite": _sqlite_backend}


@pytest.fixture(params=sorted(BACKEND_FACTORIES))
def backend(request, tmp_path):
    b = BACKEND_FACTORIES[request.param](tmp_path)
    yield b
    b.close()

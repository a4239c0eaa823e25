"""The layers: ``ingest ← nlp ← search ← pipeline ← web``. No package imports one to its right, and
the worker pool lives in ``pipeline`` alone (``web`` holds Flask views, the API and commands)."""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LAYERS = ["ingest", "nlp", "search", "pipeline", "web"]


def _imports(path: Path) -> set[str]:
    """Top-level modules a file imports (relative imports stay inside its package)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_no_package_imports_one_to_its_right():
    wrong = []
    for i, layer in enumerate(LAYERS):
        right = set(LAYERS[i + 1:])
        for path in sorted((ROOT / layer).rglob("*.py")):
            bad = _imports(path) & right
            if bad:
                wrong.append(f"{path.relative_to(ROOT)} imports {', '.join(sorted(bad))}")
    assert not wrong, "\n".join(wrong)


def test_the_worker_pool_is_the_pipelines_alone():
    pools = {"multiprocessing", "concurrent", "resource"}
    found = [f"{p.relative_to(ROOT)}" for p in sorted((ROOT / "web").rglob("*.py")) if _imports(p) & pools]
    assert not found, found


def test_the_check_sees_a_wrong_import(tmp_path):
    bad = tmp_path / "x.py"
    bad.write_text("import web.views\nfrom pipeline import run_batch\nfrom . import sibling\n")
    assert _imports(bad) == {"web", "pipeline"}


def test_tests_import_no_benchmark_code():
    bench = {"bench"} | {p.stem for p in (ROOT / "bench").glob("*.py")}
    found = [f"{p.relative_to(ROOT)}" for p in sorted((ROOT / "tests").rglob("*.py")) if _imports(p) & bench]
    assert not found, found

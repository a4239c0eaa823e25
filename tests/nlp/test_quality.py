"""The extraction quality the README states holds: the gold sets are scored as ``kiemtra evaluate``
scores them (every document read through the readers), and a rule change that lowers any stated
figure by more than 0.02 fails here."""
from __future__ import annotations

import re
import sys

import pytest

from nlp import evaluate as ev
from pipeline.gold import load_cases

from ..conftest import ROOT

README = ROOT / "README.md"
TABLE_HEAD = "| field | real dev P |"
TOLERANCE = 0.02
# README column -> (split, measure)
COLUMNS = {"real dev P": ("dev", "precision"), "real dev R": ("dev", "recall"), "real dev F1": ("dev", "f1"),
           "real test P": ("test", "precision"), "real test R": ("test", "recall"),
           "real test F1": ("test", "f1"), "written F1": ("written", "f1")}
# README row -> (field, attribute of matched items or None)
ATTRIBUTE_ROWS = {"findings kind accuracy": ("findings", "kind"), "people role accuracy": ("people", "role")}


def stated() -> dict[tuple[str, str], float]:
    """``(row, column) -> figure`` from the README's evaluation table."""
    lines = README.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(TABLE_HEAD))
    header = [c.strip().strip("*") for c in lines[start].strip("|").split("|")]
    out = {}
    for line in lines[start + 2:]:
        if not line.startswith("|"):
            break
        cells = [c.strip().strip("*") for c in line.strip("|").split("|")]
        if cells[0].strip("`") not in ev.FIELDS and cells[0] not in ATTRIBUTE_ROWS:
            continue      # a baseline's row: not the extractor's
        for name, cell in zip(header[1:], cells[1:]):
            m = re.match(r"^(\d\.\d\d)", cell)
            if m and name in COLUMNS:
                out[(cells[0].strip("`"), name)] = float(m.group(1))
    return out


@pytest.fixture(scope="module")
def measured():
    rows = {}
    for split, folder in (("dev", "corpora/gold/real"), ("test", "corpora/gold/real"), ("written", "corpora/gold")):
        cases = load_cases(ROOT / folder, split)
        assert cases, f"no gold documents for {split} in {folder}"
        rows[split] = ev.evaluate((t, p, g) for _, t, p, g in cases)
    return rows


def _value(rows, row: str, column: str) -> float:
    split, measure = COLUMNS[column]
    if row in ATTRIBUTE_ROWS:
        field, attr = ATTRIBUTE_ROWS[row]
        right, n = rows[split][field].attrs.get(attr, (0, 0))
        return right / n if n else 0.0
    score = rows[split][row]
    if row in ("title", "published"):
        return score.accuracy
    return getattr(score, measure)


def test_the_readme_states_the_figures_for_every_field():
    figures = stated()
    rows = {row for row, _ in figures}
    assert set(ev.FIELDS) <= rows, sorted(set(ev.FIELDS) - rows)
    assert {"real dev F1", "real test F1", "written F1"} <= {c for _, c in figures}


def test_no_field_falls_below_what_the_readme_states(measured):
    low = []
    for (row, column), figure in sorted(stated().items()):
        got = _value(measured, row, column)
        if got < figure - TOLERANCE:
            low.append(f"{row} {column}: {got:.2f} < {figure:.2f} stated")
    assert not low, "\n".join(low)


def test_the_check_reads_a_table_it_is_given(tmp_path, monkeypatch):
    readme = tmp_path / "README.md"
    readme.write_text("x\n\n| field | real dev P | real dev R | real dev F1 | written F1 |\n|---|---|---|---|---|\n"
                      "| title | | | 0.86 (acc.) | 0.97 |\n| findings kind accuracy | | | 0.75 | |\n\nafter\n",
                      encoding="utf-8")
    monkeypatch.setattr(sys.modules[__name__], "README", readme)
    assert stated() == {("title", "real dev F1"): 0.86, ("title", "written F1"): 0.97,
                        ("findings kind accuracy", "real dev F1"): 0.75}

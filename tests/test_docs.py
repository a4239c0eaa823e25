"""The README documents every setting and every command (and keeps the quick start true)."""
from __future__ import annotations

import re

from search.filters import BOUNDS, FILTERS
from web.cli import cli
from web.settings import SETTINGS

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_setting_is_documented():
    missing = [s.env for s in SETTINGS if f"`{s.env}`" not in README]
    assert not missing, f"settings missing from README.md: {missing}"


def test_every_command_is_documented():
    missing = [name for name in cli.commands if f"`kiemtra {name}" not in README]
    assert not missing, f"commands missing from README.md: {missing}"


def test_quick_start_is_two_commands_that_exist_in_the_makefile():
    block = re.search(r"## Quick start.*?```sh\n(.*?)```", README, re.S).group(1)
    commands = [line.split("#")[0].strip() for line in block.strip().splitlines()]
    assert commands == ["make run", "make test"]
    makefile = (ROOT / "Makefile").read_text()
    for target in ("run", "test"):
        assert re.search(rf"^{target}:", makefile, re.M)


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text()
    assert "make test" in ci


def undocumented_filters(readme: str) -> list[str]:
    """The filter keys (search.filters: names and aliases) the README's query syntax table leaves out."""
    table = re.search(r"### Query syntax\n(.*?)\n\n", readme, re.S).group(1)
    keys = [k for e in (*FILTERS.values(), *BOUNDS.values()) for k in (e.name, *e.aliases)]
    return [f"{k}:" for k in keys if not re.search(rf"`{re.escape(k)}:", table)]


def test_every_filter_is_in_the_query_syntax_table():
    assert undocumented_filters(README) == []

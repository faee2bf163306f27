"""The README documents what exists: every CLI command and setting, the two Quick start commands."""

from __future__ import annotations

import argparse
import re

import pytest

from models.cli import build_parser
from models.db import PROJECT_ROOT
from models.settings import SETTINGS

README = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")


def _commands(parser: argparse.ArgumentParser, prefix: str = "actionplan") -> list[str]:
    found = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found.append(f"{prefix} {name}")
                found.extend(_commands(sub, f"{prefix} {name}"))
    return found


@pytest.mark.parametrize("command", _commands(build_parser()))
def test_every_cli_command_is_in_the_readme(command):
    assert f"`{command}" in README, f"README.md does not document `{command}`"


def test_quick_start_has_the_two_commands():
    quick_start = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    assert re.search(r"^make run\b", quick_start, re.M)
    assert re.search(r"^make test\b", quick_start, re.M)


def _configuration_rows() -> dict[str, tuple[str, str]]:
    section = README.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `(\w+)` \| (.*?) \| (.*?) \|$", section, re.M)
    return {name: (default, meaning) for name, default, meaning in rows}


def test_the_configuration_table_is_the_settings_list():
    assert _configuration_rows() == {s.name: (s.default, s.meaning) for s in SETTINGS}


@pytest.mark.parametrize("variable", ["REQUIRE_POSTGRES", "REQUIRE_BROWSER"])
def test_test_settings_are_documented(variable):
    assert f"`{variable}" in README


def test_where_things_are_names_every_folder():
    section = README.split("## Where things are", 1)[1].split("\n## ", 1)[0]
    folders = ["app.py", "pages/", "pages/ui/", "migrations/", "seed_data/", "tests/", "docs/"]
    folders += [f"{p.name}/" for p in (PROJECT_ROOT / "models").iterdir() if p.is_dir()]
    for folder in folders:
        if folder != "__pycache__/":
            assert folder in section, folder


def test_ci_runs_the_readme_test_command():
    ci = (PROJECT_ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in ci

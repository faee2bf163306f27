"""The house: one place for each kind of code, and the layering between them, checked."""

from __future__ import annotations

import importlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from models.db import PROJECT_ROOT
from pages.ui.navigation import PAGES, SIGN_IN

LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
KINDS = {
    "entities",
    "queries",
    "rules",
    "services",
    "views",
    "charts",
    "exchange",
    "seeding",
    "ops",
}


def _lint_imports(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"], cwd=root, capture_output=True, text=True, timeout=900
    )


def test_every_file_directly_in_pages_is_a_registered_page_and_back():
    files = {f"pages/{p.name}" for p in (PROJECT_ROOT / "pages").glob("*.py")}
    registered = {path for path, _title, _icon in [*PAGES.values(), SIGN_IN]}
    assert files == registered


def test_models_top_level_holds_at_most_six_modules_and_packages_say_their_kind():
    top = sorted(p.name for p in (PROJECT_ROOT / "models").glob("*.py"))
    assert len(top) <= 6, top
    packages = {p.name for p in (PROJECT_ROOT / "models").iterdir() if (p / "__init__.py").exists()}
    assert packages == KINDS


@pytest.mark.parametrize("page", sorted(k for k in PAGES))
def test_a_pages_view_chart_and_test_share_its_name(page):
    for kind in ("views", "charts"):
        module = PROJECT_ROOT / "models" / kind / f"{page}.py"
        others = {p.stem for p in (PROJECT_ROOT / "models" / kind).glob("*.py")}
        assert module.exists() or not others & {page}, module
    assert (PROJECT_ROOT / "tests" / "pages" / f"test_{page}.py").exists()


def test_views_and_charts_are_named_after_pages():
    names = set(PAGES) | {"base", "__init__"}
    for kind in ("views", "charts"):
        stray = {p.stem for p in (PROJECT_ROOT / "models" / kind).glob("*.py")} - names
        assert not stray, f"models/{kind} has modules no page is named after: {stray}"


def test_every_page_that_writes_goes_through_the_one_action_helper():
    for path in [*(PROJECT_ROOT / "pages").glob("*.py"), *(PROJECT_ROOT / "pages/ui").glob("*.py")]:
        source = path.read_text(encoding="utf-8")
        if path.name in {"actions.py", "session.py"}:
            continue  # the helper itself; signing in commits its own attempt
        assert "transaction(" not in source, f"{path.name} opens a transaction of its own"
        assert "except (" not in source, f"{path.name} picks exception classes to catch"


def test_no_formatter_switched_off_without_a_reason():
    off, skip = "fmt: " + "off", "fmt: " + "skip"
    for path in PROJECT_ROOT.glob("**/*.py"):
        if ".venv" in path.parts:
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            assert off not in line, path
            # A skip says why, in parentheses after it.
            assert skip not in line or "(" in line.split(skip, 1)[1], path


def test_every_refusal_derives_from_the_one_domain_error():
    from models.services.errors import DomainError

    internal = {"AuditTrailError", "CommandError", "SeedError"}  # bugs and operators' errors
    found = []
    for path in (PROJECT_ROOT / "models").rglob("*.py"):
        module = importlib.import_module(
            ".".join(path.relative_to(PROJECT_ROOT).with_suffix("").parts)
        )
        for name, value in vars(module).items():
            if (
                isinstance(value, type)
                and issubclass(value, Exception)
                and value.__module__ == module.__name__
            ):
                found.append(value)
                if name not in internal:
                    assert issubclass(value, DomainError), f"{module.__name__}.{name}"
    assert len(found) > 8


@pytest.fixture(scope="module")
def tree_copy(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("house")
    for name in ("models", "pages"):
        shutil.copytree(PROJECT_ROOT / name, root / name, ignore=shutil.ignore_patterns("*.pyc"))
    shutil.copy(PROJECT_ROOT / "pyproject.toml", root / "pyproject.toml")
    return root


def test_the_import_contracts_hold():
    result = _lint_imports(PROJECT_ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("module", "bad_import", "contract"),
    [
        ("models/rules/progress.py", "import models.queries.dashboard", "rules are pure"),
        ("models/views/base.py", "import streamlit", "models never import Streamlit"),
        ("models/entities/plan.py", "import models.services.audit", "entities import nothing"),
        ("pages/overview.py", "import models.queries.plan", "pages reach the database"),
        ("pages/ui/labels.py", "from sqlalchemy import select", "pages reach the database"),
    ],
)
def test_a_wrong_import_breaks_a_contract(tree_copy, module, bad_import, contract):
    path = tree_copy / module
    original = path.read_text(encoding="utf-8")
    path.write_text(original + f"\n{bad_import}  # noqa\n", encoding="utf-8")
    try:
        result = _lint_imports(tree_copy)
    finally:
        path.write_text(original, encoding="utf-8")
    assert result.returncode != 0
    assert f"{contract}" in result.stdout and "BROKEN" in result.stdout

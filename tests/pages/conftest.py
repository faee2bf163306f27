"""AppTest fixtures: the app run in-process against a real, seeded SQLite file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import new_seeded_url

APP = str(Path(__file__).resolve().parents[2] / "app.py")


@pytest.fixture
def seeded_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh SQLite copy of the seeded database (plan + illustrative demo set)."""
    return new_seeded_url("sqlite", request, tmp_path)


@pytest.fixture
def app(monkeypatch) -> Callable[..., AppTest]:
    """`app(url, page=None, user=None, params=None)`: an AppTest run of the app, on `page`."""

    def run(url: str, page: str | None = None, *, user: dict | None = None,
            params: dict | None = None) -> AppTest:  # fmt: skip
        monkeypatch.setenv("DATABASE_URL", url)
        at = AppTest.from_file(APP, default_timeout=60)
        if user is not None:
            at.session_state["user"] = user
        for key, value in (params or {}).items():
            at.query_params[key] = value
        at.run()
        if page is not None:
            at.switch_page(page).run()
        assert not at.exception, at.exception
        return at

    return run

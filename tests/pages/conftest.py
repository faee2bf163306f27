"""AppTest fixtures: the app run in-process against a real, seeded SQLite file, signed in."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

from models.db import make_engine, transaction
from models.entities import Organisation, User
from models.services.accounts import create_user
from models.services.auth import SignedInUser, session_user
from models.services.authz import Operator
from tests.conftest import new_seeded_url

APP = str(Path(__file__).resolve().parents[2] / "app.py")
# The agency a test account of a role belongs to when the test does not say.
DEFAULT_ORGANISATION = {"editor": "IOM", "donor": "OSCE"}
_SIGNED_IN = object()


@pytest.fixture(autouse=True)
def entrypoint_runs_every_time(monkeypatch) -> None:
    """Make every AppTest run execute app.py, then the page, as a running server does.

    AppTest forgets between runs that app.py called st.navigation and, finding a pages/
    folder, would run a switched-to page on its own (Streamlit's old multipage mode), without
    app.py's sign-in gate, navigation and data-version read. A server decides this once per
    process, and after app.py's first run always runs app.py.
    """
    original = PagesManager.__init__

    def init(self, *args, **kwargs) -> None:
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init)


@pytest.fixture
def seeded_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh SQLite copy of the seeded database (plan + illustrative demo set)."""
    return new_seeded_url("sqlite", request, tmp_path)


def account(url: str, role: str, organisation: str | int | None = None) -> SignedInUser:
    """A real account of `role` in the database (made once), as the app keeps it in session."""
    organisation = organisation or DEFAULT_ORGANISATION.get(role)
    engine = make_engine(url)
    with transaction(engine) as session:
        if isinstance(organisation, str):
            organisation = session.scalar(
                select(Organisation.id).where(Organisation.acronym == organisation)
            )
        username = f"test.{role}.{organisation or 'none'}"
        user = session.scalar(select(User).where(User.username == username))
        if user is None:
            user = create_user(
                session=session,
                username=username,
                password="test-password-1",
                role=role,
                organisation_acronym_or_id=organisation,
                actor=Operator("test"),
            )
        values = session_user(session, user)
    engine.dispose()
    return values


@pytest.fixture
def app(monkeypatch) -> Callable[..., AppTest]:
    """`app(url, page=None, user=..., params=None)`: an AppTest run of the app, on `page`.

    `user` is a role name or a dict with "role" (and optionally "organisation_id"): the
    test runs signed in as a real account of that role; the default is the coordinator.
    `user=None` is an anonymous visitor with the public summary switched on.
    """

    def run(
        url: str, page: str | None = None, *, user=_SIGNED_IN, params: dict | None = None
    ) -> AppTest:
        monkeypatch.setenv("DATABASE_URL", url)
        at = AppTest.from_file(APP, default_timeout=60)
        if user is None:
            monkeypatch.setenv("PUBLIC_SUMMARY", "1")
        else:
            role = "coordinator" if user is _SIGNED_IN else user
            if isinstance(role, dict):
                role, org = role["role"], role.get("organisation_id")
            else:
                org = None
            at.session_state["user"] = account(url, role, org)
        for key, value in (params or {}).items():
            at.query_params[key] = value
        at.run()
        if page is not None:
            at.switch_page(page).run()
        assert not at.exception, at.exception
        return at

    return run

"""The dashboard in a real browser: a `streamlit run` server and headless Chromium."""

from __future__ import annotations

import pytest

from models.db import make_engine, transaction
from models.services.accounts import create_user
from models.services.authz import Operator
from tests.browser.conftest import StreamlitServer
from tests.conftest import new_seeded_url

pytestmark = pytest.mark.browser


PASSWORD = "browser-password-1"


@pytest.fixture(scope="module")
def server(request, tmp_path_factory, chromium):
    """One server for these read-only tests: starting one takes seconds."""
    folder = tmp_path_factory.mktemp("browser-dashboard")
    url = new_seeded_url("sqlite", request, folder)
    engine = make_engine(url)
    with transaction(engine) as session:
        create_user(
            session=session,
            username="browser.coordinator",
            password=PASSWORD,
            role="coordinator",
            actor=Operator("test"),
        )
    engine.dispose()
    server = StreamlitServer(url, folder / "streamlit.log")
    yield server
    server.stop()


def _sign_in(page) -> None:
    """Sign in on the form a visitor meets first, wherever the link pointed."""
    page.get_by_label("Username", exact=True).fill("browser.coordinator")
    page.get_by_role("textbox", name="Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_visitor_meets_the_sign_in_form_and_no_figures(server, page):
    page.goto(server.url)
    page.get_by_role("button", name="Sign in").wait_for()
    assert page.get_by_test_id("stMetric").count() == 0


def test_plan_page_shows_the_three_frameworks(server, page):
    page.goto(f"{server.url}/plan")
    _sign_in(page)
    page.get_by_role("heading", name="Kosovo: Action Plan to Combat Human Trafficking").wait_for()
    for name in ("Prevention", "Protection", "Prosecution"):
        page.get_by_role("tab", name=name).wait_for()
    page.get_by_role("tab", name="Prosecution").click()
    page.get_by_role("heading", name="Prosecution framework").wait_for()


def test_overview_shows_each_framework_progress(server, page):
    page.goto(server.url)
    _sign_in(page)
    page.get_by_role("heading", name="Overview, as of").wait_for()
    metrics = page.get_by_test_id("stMetric")
    metrics.nth(2).wait_for()
    assert metrics.count() == 3
    for name in ("Prevention", "Protection", "Prosecution"):
        assert page.get_by_role("heading", name=name, exact=True).is_visible()
    values = page.get_by_test_id("stMetricValue").all_inner_texts()
    assert all(v.strip().endswith("%") for v in values), values


def test_bookmarked_view_opens_after_signing_in(server, page):
    page.goto(f"{server.url}/?asof=2006-03-31")
    _sign_in(page)
    page.get_by_role("heading", name="Overview, as of 31 March 2006").wait_for()
    assert "asof=2006-03-31" in page.url

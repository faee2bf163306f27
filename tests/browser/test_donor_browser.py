"""A donor in a real browser: the funding coverage chart, and no way into editing pages."""

from __future__ import annotations

import pytest

from models.db import make_engine, transaction
from models.services.accounts import create_user
from models.services.authz import Operator
from tests.conftest import new_seeded_url

pytestmark = pytest.mark.browser

PASSWORD = "donor-password-1"
WAIT = 90_000  # ms: the machine running the suite may be busy


@pytest.fixture
def server(request, tmp_path, start_server):
    url = new_seeded_url("sqlite", request, tmp_path)
    engine = make_engine(url)
    with transaction(engine) as session:
        create_user(
            session=session,
            username="osce.donor",
            password=PASSWORD,
            role="donor",
            organisation_acronym_or_id="OSCE",
            actor=Operator("test"),
        )
    engine.dispose()
    return start_server(url)


def _sign_in(page) -> None:
    page.get_by_label("Username", exact=True).fill("osce.donor")
    page.get_by_role("textbox", name="Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_donor_finds_the_coverage_chart_and_no_editing_page(server, page):
    page.goto(f"{server.url}/funding")
    _sign_in(page)
    page.get_by_role("heading", name="Funding", exact=True).wait_for(timeout=WAIT)
    chart = page.get_by_text("Coverage per framework: costed, pledged, committed and disbursed")
    chart.first.wait_for(timeout=WAIT)
    page.get_by_text("Your organisation: OSCE").first.wait_for(timeout=WAIT)
    menu = page.get_by_test_id("stSidebarNav").inner_text()
    for editing in ("Approvals", "Edit the plan", "My activities", "Accounts", "Audit trail"):
        assert editing not in menu
    # Typing an editing page's address leads back to the donor's home page, with a word why;
    # the sign-in session carries over to the new address, so no second sign-in.
    page.goto(f"{server.url}/approvals")
    page.get_by_role("heading", name="Overview, as of").wait_for(timeout=WAIT)
    page.get_by_text("Approvals is for coordinators", exact=False).first.wait_for(timeout=WAIT)
    assert page.get_by_role("heading", name="Approvals").count() == 0

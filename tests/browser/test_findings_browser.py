"""The report's findings in a real browser: the coordinator records a response and a follow-up
on a recommendation and the Overview's summary moves; an agency's editor sees the finding on
an activity of theirs but has nothing to edit it with."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text

from models.db import make_engine
from tests.browser.conftest import seeded_url_with_accounts, settled, sign_in

pytestmark = pytest.mark.browser

PASSWORD = "findings-password-1"
WAIT = 90_000  # ms: the machine running the suite may be busy
FINDING = "Recommendation 6: witness protection system"
ACTIVITY = "PROS-A3"  # led by KJI; the seed links recommendation 6 and deficiency 2 to it
DUE = date(2008, 6, 30)


def _rows(url: str, statement: str, **params) -> list:
    engine = make_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(text(statement), params).all()
    engine.dispose()
    return rows


@pytest.fixture
def findings_url(request, tmp_path) -> str:
    accounts = [("kji.reporter", "editor", "KJI"), ("national.coordinator", "coordinator", None)]
    return seeded_url_with_accounts(request, tmp_path, accounts, PASSWORD)


def _sign_in(page, url: str, username: str) -> None:
    page.goto(url)
    sign_in(page, username, PASSWORD)


def _sign_out(page) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("button", name="Sign in").wait_for(timeout=WAIT)


def _choose(page, label: str, option: str) -> None:
    """Pick `option` in the visible Streamlit selectbox labelled `label` (typed, so that an
    option far down a long list is drawn)."""
    settled(page, WAIT)
    box = page.locator("[data-testid='stSelectbox']:visible")
    box.filter(has=page.get_by_text(label, exact=True)).first.click()
    page.keyboard.type(option)
    page.get_by_role("option").filter(has_text=option).first.click()
    settled(page, WAIT)


def _note(page):
    """The follow-up note as the Findings page shows it (not as typed in the form)."""
    shown = page.get_by_test_id("stMarkdownContainer").filter(has_text="Follow-up (")
    return shown.filter(has_text="A draft law is with the Assembly.").first


def _summary(page) -> str:
    """The Overview's line on the report's recommendations."""
    page.get_by_role("link", name="Overview").click()
    page.get_by_role("heading", name="The report's recommendations").wait_for(timeout=WAIT)
    line = page.get_by_text("Accepted: ", exact=False).first
    return line.inner_text(timeout=WAIT).strip()


def test_a_response_and_a_follow_up_move_the_overview_and_an_editor_only_reads(
    start_server, page, findings_url, tmp_path
):
    server = start_server(findings_url)
    try:
        _sign_in(page, server.url, "national.coordinator")
        page.get_by_role("heading", name="Overview, as of").wait_for(timeout=WAIT)
        before = _summary(page)
        assert before.startswith("Accepted: 0 of 6 · Acted on: 0 of 6"), before

        page.get_by_role("link", name="Findings").click()
        page.get_by_text("Follow up a finding").click()
        _choose(page, "Finding", FINDING)
        page.get_by_label("Reason").fill("The Working Group agrees: the DoJ drafts the law.")
        _choose(page, "Owner agency", "KJI")
        for part, value in (("year", DUE.year), ("month", DUE.month), ("day", DUE.day)):
            page.get_by_role("spinbutton", name=f"{part}, Due date").click()
            page.keyboard.type(f"{value:02d}")
        page.get_by_role("button", name="Record response").click()
        page.get_by_text("Saved. The findings below include it.").wait_for(timeout=WAIT)

        page.get_by_text("Follow up a finding").click()
        page.get_by_role("tab", name="Follow-up note").click()
        _choose(page, "Finding", FINDING)
        _choose(page, "Status", "Limited")
        page.get_by_label("What has been done").fill("A draft law is with the Assembly.")
        page.get_by_role("button", name="Record follow-up").click()
        _note(page).wait_for(timeout=WAIT)

        ((response, status),) = _rows(
            findings_url,
            """
            SELECT r.response, u.status FROM finding f
            JOIN finding_response r ON r.finding_id = f.id
            JOIN finding_follow_up u ON u.finding_id = f.id
            WHERE f.kind = 'recommendation' AND f.position = 6""",
        )
        assert (response, status) == ("accepted", "limited")
        after = _summary(page)
        assert after.startswith("Accepted: 1 of 6 · Acted on: 1 of 6"), after
        _sign_out(page)

        _sign_in(page, server.url, "kji.reporter")
        page.get_by_role("heading", name="My activities").wait_for(timeout=WAIT)
        page.get_by_role("link", name="Framework explorer").click()
        page.get_by_role("heading", name="Framework explorer").wait_for(timeout=WAIT)
        page.get_by_text("Prosecution", exact=True).first.click()
        _choose(page, "Activity", f"{ACTIVITY} · ")
        page.get_by_role("heading", name="The report's findings about this").wait_for(timeout=WAIT)
        page.get_by_text(
            "An effective witness protection system should be established"
        ).first.wait_for(timeout=WAIT)
        page.get_by_role("link", name="Findings").click()
        _note(page).wait_for(timeout=WAIT)
        assert page.get_by_text("Follow up a finding").count() == 0
        assert page.get_by_role("button", name="Unlink", exact=False).count() == 0
        assert page.get_by_test_id("stForm").count() == 0
    except Exception:
        page.screenshot(path=str(tmp_path / "failure.png"), full_page=True)
        raise

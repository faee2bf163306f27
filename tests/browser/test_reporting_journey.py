"""The reporting workflow end to end in a real browser: an agency's editor submits a report,
the coordinator approves it, and the Overview's progress figure moves."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text

from models.db import make_engine
from tests.browser.conftest import seeded_url_with_accounts, settled, sign_in

pytestmark = pytest.mark.browser

PASSWORD = "journey-password-1"
WAIT = 90_000  # ms: the machine running the suite may be busy
ACTIVITY = "PROT-A5"  # led by IOM; its latest approved report is at 90%
REPORT_DATE = date(2007, 10, 31)  # after the plan's latest report, before its target date


def _rows(url: str, statement: str, **params) -> list:
    engine = make_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(text(statement), params).all()
    engine.dispose()
    return rows


def _protection_progress(url: str) -> str:
    """The Overview's Protection figure at its default date (the latest approved report):
    mean % complete of the latest approved reports, unreported counting 0, suspended and
    cancelled activities left out."""
    ((as_of,),) = _rows(url, "SELECT max(report_date) FROM status_update WHERE state = 'approved'")
    rows = _rows(
        url,
        """
        SELECT (SELECT p.status || ':' || p.percent_complete FROM status_update p
                WHERE p.activity_id = a.id AND p.state = 'approved' AND p.report_date <= :d
                ORDER BY p.report_date DESC, p.id DESC LIMIT 1)
        FROM activity a JOIN framework f ON f.id = a.framework_id
        WHERE f.name = 'Protection'""",
        d=str(as_of)[:10],
    )
    latest = [r[0].split(":") if r[0] else ("none", "0") for r in rows]
    counted = [int(p) for status, p in latest if status not in ("suspended", "cancelled")]
    return f"{sum(counted) / len(counted):.0f}%"


@pytest.fixture
def journey_url(request, tmp_path) -> str:
    accounts = [("iom.reporter", "editor", "IOM"), ("national.coordinator", "coordinator", None)]
    return seeded_url_with_accounts(request, tmp_path, accounts, PASSWORD)


def _sign_in(page, url: str, username: str) -> None:
    page.goto(url)
    sign_in(page, username, PASSWORD)


def _sign_out(page) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("button", name="Sign in").wait_for(timeout=WAIT)


def _choose(page, label: str, option: str) -> None:
    """Pick `option` in the Streamlit selectbox or multiselect labelled `label`."""
    box = page.get_by_test_id("stSelectbox").or_(page.get_by_test_id("stMultiSelect"))
    box.filter(has=page.get_by_text(label, exact=True)).first.click()
    page.get_by_role("option").filter(has_text=option).first.click()
    page.keyboard.press("Escape")  # a multiselect's list stays open over what follows
    # A choice reruns the page and redraws the form: a click during the rerun is lost.
    settled(page, WAIT)


def _protection_figure(page) -> str:
    page.get_by_role("heading", name="Overview, as of").wait_for(timeout=WAIT)
    card = (
        page.get_by_test_id("stVerticalBlock")
        .filter(has=page.get_by_role("heading", name="Protection", exact=True))
        .filter(has=page.get_by_test_id("stMetric"))
    )
    return card.last.get_by_test_id("stMetricValue").inner_text(timeout=WAIT).strip()


def test_a_submitted_report_counts_once_the_coordinator_approves_it(
    start_server, page, journey_url, tmp_path
):
    server = start_server(journey_url)
    (title,) = _rows(journey_url, "SELECT title FROM activity WHERE code = :c", c=ACTIVITY)[0]
    before = _protection_progress(journey_url)
    try:
        _sign_in(page, server.url, "iom.reporter")
        page.get_by_role("heading", name="My activities").wait_for(timeout=WAIT)
        _choose(page, "Report on", f"{ACTIVITY}: {title}")
        _choose(page, "Implementation status", "Complete")
        page.get_by_label("Percent complete").fill("100")
        for part, value in (
            ("year", REPORT_DATE.year),
            ("month", REPORT_DATE.month),
            ("day", REPORT_DATE.day),
        ):
            page.get_by_role("spinbutton", name=f"{part}, Report date").click()
            page.keyboard.type(f"{value:02d}")
        page.get_by_label("Narrative").fill("Shelter standards adopted; every shelter inspected.")
        page.get_by_label("Evidence link").fill("https://example.org/prot-a5-final.pdf")
        page.get_by_role("button", name="Submit for approval").click()
        page.get_by_text("submitted for approval").wait_for(timeout=WAIT)
        ((state, percent, day),) = _rows(
            journey_url,
            """
            SELECT s.state, s.percent_complete, s.report_date FROM status_update s
            JOIN activity a ON a.id = s.activity_id WHERE a.code = :c ORDER BY s.id DESC
            LIMIT 1""",
            c=ACTIVITY,
        )
        assert (state, percent, str(day)[:10]) == ("submitted", 100, REPORT_DATE.isoformat())
        _sign_out(page)

        _sign_in(page, server.url, "national.coordinator")
        assert _protection_figure(page) == before
        page.get_by_role("link", name="Approvals").click()
        page.get_by_role("heading", name="Review one report").wait_for(timeout=WAIT)
        # The queue table draws on a canvas; its cells are in the page for screen readers.
        change = page.get_by_text("90% → 100% (+10 pts)", exact=True).first
        change.wait_for(state="attached", timeout=WAIT)
        _choose(page, "Reports to approve", f"{ACTIVITY} · IOM")
        page.get_by_role("button", name="Approve selected reports").click()
        page.get_by_text("Approved 1 report(s).").wait_for(timeout=WAIT)

        after = _protection_progress(journey_url)
        assert after != before
        page.get_by_role("link", name="Overview").click()
        page.get_by_role("heading", name=f"Overview, as of {REPORT_DATE:%d %B %Y}").wait_for(
            timeout=WAIT
        )
        assert _protection_figure(page) == after
    except Exception:
        page.screenshot(path=str(tmp_path / "failure.png"), full_page=True)
        raise


def test_a_submitted_report_shows_read_only_and_cannot_be_submitted_twice(
    start_server, page, journey_url, tmp_path
):
    server = start_server(journey_url)
    (title,) = _rows(journey_url, "SELECT title FROM activity WHERE code = :c", c=ACTIVITY)[0]
    pending = """
        SELECT count(*) FROM status_update s JOIN activity a ON a.id = s.activity_id
        WHERE a.code = :c AND s.state IN ('draft', 'submitted', 'returned')"""
    try:
        _sign_in(page, server.url, "iom.reporter")
        page.get_by_role("heading", name="My activities").wait_for(timeout=WAIT)
        _choose(page, "Report on", f"{ACTIVITY}: {title}")
        page.get_by_label("Percent complete").fill("95")
        page.get_by_label("Narrative").fill("Every shelter inspected.")
        page.get_by_role("button", name="Submit for approval").click()
        page.get_by_text("submitted for approval").wait_for(timeout=WAIT)

        # The form is gone: the submitted report shows read-only, with the one way to change it.
        page.get_by_text("is submitted and awaits the coordinator's review").wait_for(timeout=WAIT)
        page.get_by_text("Every shelter inspected.").first.wait_for(timeout=WAIT)
        withdraw = page.get_by_role("button", name="Withdraw to edit")
        withdraw.wait_for(timeout=WAIT)
        assert page.get_by_role("button", name="Submit for approval").count() == 0
        assert page.get_by_label("Narrative").count() == 0
        assert _rows(journey_url, pending, c=ACTIVITY) == [(1,)]

        # Nor after coming back to the page: still one report in progress, still read-only.
        page.reload()
        page.get_by_role("heading", name="My activities").wait_for(timeout=WAIT)
        _choose(page, "Report on", f"{ACTIVITY}: {title}")
        page.get_by_role("button", name="Withdraw to edit").wait_for(timeout=WAIT)
        assert page.get_by_role("button", name="Submit for approval").count() == 0
        assert _rows(journey_url, pending, c=ACTIVITY) == [(1,)]
    except Exception:
        page.screenshot(path=str(tmp_path / "failure.png"), full_page=True)
        raise

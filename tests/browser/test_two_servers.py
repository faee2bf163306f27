"""Two `streamlit run` servers on one database: a report approved through server A shows on
server B's Overview at its next load, although B had the Overview cached (its cache keys are
versions read from the database, not anything a server keeps to itself)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from models.db import make_engine, transaction
from models.entities import Activity, StatusUpdate, User
from models.services.accounts import create_user
from models.services.authz import Operator
from models.services.reporting import save_report
from tests.browser.test_reporting_journey import (
    ACTIVITY,
    PASSWORD,
    WAIT,
    _choose,
    _protection_figure,
    _protection_progress,
    _sign_in,
)
from tests.conftest import new_seeded_url

pytestmark = pytest.mark.browser

REPORT_DATE = date(2007, 10, 31)


@pytest.fixture
def shared_url(request, tmp_path) -> str:
    """The seeded database with a coordinator and IOM's report on PROT-A5 (100%) submitted."""
    url = new_seeded_url("sqlite", request, tmp_path)
    engine = make_engine(url)
    with transaction(engine) as session:
        for name, role, organisation in (
            ("iom.reporter", "editor", "IOM"),
            ("national.coordinator", "coordinator", None),
        ):
            create_user(
                session=session,
                username=name,
                password=PASSWORD,
                role=role,
                organisation_acronym_or_id=organisation,
                actor=Operator("test"),
            )
    with transaction(engine) as session:
        editor = session.scalar(select(User).where(User.username == "iom.reporter"))
        activity = session.scalar(select(Activity).where(Activity.code == ACTIVITY))
        base = session.scalar(
            select(StatusUpdate.id)
            .where(StatusUpdate.activity_id == activity.id, StatusUpdate.state == "approved")
            .order_by(StatusUpdate.report_date.desc(), StatusUpdate.id.desc())
        )
        save_report(
            session=session,
            actor=editor,
            activity_id=activity.id,
            report_date=REPORT_DATE,
            status="complete",
            percent_complete=100,
            narrative="Shelter standards adopted.",
            evidence_url="https://example.org/prot-a5-final.pdf",
            indicator_values={},
            based_on_id=base,
            submit=True,
        )
    engine.dispose()
    return url


def test_an_approval_on_server_a_shows_on_server_b(start_server, chromium, shared_url, tmp_path):
    server_a, server_b = start_server(shared_url), start_server(shared_url)
    before = _protection_progress(shared_url)
    context_a, context_b = chromium.new_context(), chromium.new_context()
    page_a, page_b = context_a.new_page(), context_b.new_page()
    for page in (page_a, page_b):
        page.set_default_timeout(WAIT)  # a server's first page takes a while on a busy machine
    try:
        _sign_in(page_b, server_b.url, "national.coordinator")
        assert _protection_figure(page_b) == before  # B now holds the Overview in its cache

        _sign_in(page_a, server_a.url, "national.coordinator")
        page_a.get_by_role("heading", name="Overview, as of").wait_for(timeout=WAIT)
        page_a.get_by_role("link", name="Approvals").click()
        page_a.get_by_role("heading", name="Review one report").wait_for(timeout=WAIT)
        _choose(page_a, "Reports to approve", f"{ACTIVITY} · IOM")
        page_a.get_by_role("button", name="Approve selected reports").click()
        page_a.get_by_text("Approved 1 report(s).").wait_for(timeout=WAIT)
        after = _protection_progress(shared_url)
        assert after != before

        # B's next load of the Overview, in the same signed-in session.
        page_b.get_by_role("link", name="Plan as stated").click()
        page_b.get_by_role(
            "heading", name="Kosovo: Action Plan to Combat Human Trafficking"
        ).wait_for(timeout=WAIT)
        page_b.get_by_role("link", name="Overview").click()
        page_b.get_by_role("heading", name=f"Overview, as of {REPORT_DATE:%d %B %Y}").wait_for(
            timeout=WAIT
        )
        assert _protection_figure(page_b) == after
    except Exception:
        page_a.screenshot(path=str(tmp_path / "server-a.png"), full_page=True)
        page_b.screenshot(path=str(tmp_path / "server-b.png"), full_page=True)
        raise
    finally:
        context_a.close()
        context_b.close()

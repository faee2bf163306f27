"""A write in another plan leaves a page's reads cached: the page's next run sends only the
statements a warm run sends (the version reads), while a write in the page's own plan makes it
read again. Covers the reads keyed on one activity or indicator (My activities' report
history and workbook, the explorer's history and evidence, an indicator's history, findings)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine, event, select

from models.db import make_engine, transaction
from models.entities import ActionPlan, Activity, Organisation
from tests.factories import make_activity, make_framework, make_plan, make_status_update

KOSOVO = "XK-2005-2007"
PAGES = [
    ("pages/my_activities.py", "editor"),
    ("pages/explorer.py", "coordinator"),
    ("pages/indicators.py", "coordinator"),
    ("pages/findings.py", "coordinator"),
    ("pages/overview.py", "coordinator"),
    ("pages/plan_editor.py", "coordinator"),
]


class Statements:
    def __init__(self) -> None:
        self.count = 0

        self.seen: list[str] = []

    def __call__(self, _conn, _cursor, statement, *_args) -> None:
        self.count += 1
        self.seen.append(" ".join(statement.split())[:300])


@pytest.fixture
def statements():
    counter = Statements()
    event.listen(Engine, "before_cursor_execute", counter)
    yield counter
    event.remove(Engine, "before_cursor_execute", counter)


def _approved_report(url: str, activity_code: str | None = None, plan_code: str | None = None):
    """An approved report (the rows an approval leaves) on an activity of a plan."""
    engine = make_engine(url)
    with transaction(engine) as session:
        stmt = select(Activity).order_by(Activity.id).limit(1)
        if activity_code:
            stmt = stmt.where(Activity.code == activity_code)
        if plan_code:
            stmt = stmt.join(ActionPlan, ActionPlan.id == Activity.plan_id).where(
                ActionPlan.code == plan_code
            )
        activity = session.scalar(stmt)
        iom = session.scalar(select(Organisation).where(Organisation.acronym == "IOM"))
        make_status_update(
            session,
            activity,
            iom,
            report_date=date(2007, 9, 1),
            state="approved",
            percent_complete=50,
            narrative="Approved meanwhile.",
        )
    engine.dispose()


@pytest.mark.parametrize(("page", "role"), PAGES)
def test_a_write_in_another_plan_leaves_the_page_cached(
    app, seeded_url, statements, page, role
) -> None:
    engine = make_engine(seeded_url)
    with transaction(engine) as session:  # made before the page runs: a new plan is news
        other = make_plan(session, code="OTHER-PLAN")
        make_activity(session, make_framework(session, other), code="OTHER-A1")
    engine.dispose()
    at = app(seeded_url, page, user=role, params={"plan": KOSOVO})
    at.run()
    statements.count, statements.seen = 0, []
    at.run()
    assert not at.exception, at.exception
    warm = statements.count

    _approved_report(seeded_url, activity_code="OTHER-A1")
    statements.count, statements.seen = 0, []
    at.run()
    assert not at.exception, at.exception
    assert statements.count == warm, "\n".join(statements.seen)

    _approved_report(seeded_url, plan_code=KOSOVO)
    statements.count, statements.seen = 0, []
    at.run()
    assert not at.exception, at.exception
    assert statements.count > warm

"""Every workflow and dashboard read restricts to the plan (or agency) before it ranks: on a
generated database, SQLite's EXPLAIN QUERY PLAN reads the report, indicator-value and
agency-link tables through an index, never by scanning them whole."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import event, select

from models.db import make_engine, transaction
from models.entities import ActionPlan, User
from models.queries import audit, dashboard, funding, indicators, reporting
from models.seeding.synthetic import generate
from models.services.authz import Operator
from tests.conftest import new_seeded_url

# Tables every plan adds thousands of rows to: a read may only reach them through an index.
BIG = ("status_update", "indicator_value", "activity_agency", "audit_event")


@pytest.fixture
def generated(request, tmp_path):
    engine = make_engine(new_seeded_url("sqlite", request, tmp_path))
    with transaction(engine) as session:
        generate(session, plans=3, seed=11, actor=Operator("test"))
    yield engine
    engine.dispose()


def _plans_of(engine, read, *args, **kwargs) -> list[str]:
    """The EXPLAIN QUERY PLAN lines of every statement `read` sends."""
    sent = []

    def capture(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("SELECT"):
            sent.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", capture)
    try:
        read(engine, *args, **kwargs)
    finally:
        event.remove(engine, "before_cursor_execute", capture)
    assert sent, "the read sent no statement"
    lines = []
    raw = engine.raw_connection()
    try:
        for statement, parameters in sent:
            cursor = raw.cursor()
            cursor.execute(f"EXPLAIN QUERY PLAN {statement}", parameters)
            lines += [row[-1] for row in cursor.fetchall()]
    finally:
        raw.close()
    return lines


def _scans(lines: list[str]) -> list[str]:
    """Whole-table reads of a big table ("SCAN t", "SCAN t USING INDEX i": every plan's
    rows); a bounded read shows as "SEARCH t USING INDEX i (col=?)"."""
    return [line for line in lines if line.startswith("SCAN ") and line.split()[1] in BIG]


def test_each_read_uses_an_index_for_the_big_tables(generated):
    with generated.connect() as connection:
        plan_id = connection.scalar(select(ActionPlan.id).order_by(ActionPlan.id.desc()))
        user_id = connection.scalar(
            select(User.id).where(User.organisation_id.is_not(None), User.active)
        )
    as_of = date(2030, 1, 1)
    reads = {
        "my_activities (all plans)": (reporting.my_activities, (user_id,), {}),
        "my_activities (one plan)": (reporting.my_activities, (user_id, plan_id), {}),
        "approval_queue": (reporting.approval_queue, (plan_id,), {}),
        "locked_periods": (reporting.locked_periods, (plan_id,), {}),
        "latest_approved": (dashboard.latest_approved, (plan_id, as_of), {}),
        "monthly_history": (dashboard.monthly_history, (plan_id, as_of), {}),
        "activities": (dashboard.activities, (plan_id,), {}),
        "activities (agency)": (dashboard.activities, (plan_id,), {"agency_id": 1}),
        "default_as_of": (dashboard.default_as_of, (plan_id,), {}),
        "indicators": (indicators.indicators, (plan_id, as_of), {}),
        "activity_money": (funding.activity_money, (plan_id, as_of), {}),
    }
    found = {}
    for name, (read, args, kwargs) in reads.items():
        lines = _plans_of(generated, read, *args, **kwargs)
        if scans := _scans(lines):
            found[name] = scans
    assert found == {}


def test_the_audit_trail_reads_its_newest_events_through_an_index(generated):
    """Newest first, at most `limit`: walked backwards along ix_audit_event_occurred_at and
    stopped at the limit, never every event read and sorted (migration 0012)."""
    lines = _plans_of(generated, audit.audit_events, since=date(2000, 1, 1))
    assert any("ix_audit_event_occurred_at" in line for line in lines), lines
    assert not any("TEMP B-TREE FOR ORDER BY" in line for line in lines), lines


def test_the_values_of_given_reports_are_read_through_an_index(generated):
    """Approvals reads the values of the waiting reports: by ix_indicator_value_status_update_id
    (migration 0012), never every plan's values."""
    lines = _plans_of(generated, reporting.report_values, [1, 2, 3])
    assert any("ix_indicator_value_status_update_id" in line for line in lines), lines
    assert _scans(lines) == []

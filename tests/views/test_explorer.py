"""The explorer's reads and figures on SQLite and PostgreSQL: seeded plan, own reports."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from sqlalchemy import delete, select

from models.charts.explorer import history_figure
from models.entities import ActionPlan, Activity, ActivityObjective, Organisation
from models.queries import explorer as q
from models.queries.plan import plan_outline
from models.seeding.plan import seed_plan
from models.views import explorer
from models.views.overview import rated_activities
from tests.factories import make_status_update


@pytest.fixture
def plan(session):
    """The Kosovo plan, with reports on PREV-A1 in every workflow state, committed."""
    seed_plan(session)
    acts = {a.code: a for a in session.scalars(select(Activity))}
    iom = session.scalar(select(Organisation).where(Organisation.acronym == "IOM"))
    a1 = acts["PREV-A1"]
    reports = [
        (date(2006, 3, 31), "approved", 30, "limited", "https://example.org/r1"),
        (date(2006, 6, 30), "approved", 45, "substantial", "javascript:alert(1)"),
        (date(2006, 6, 30), "approved", 50, "substantial", None),  # same day, later id
        (date(2006, 8, 31), "draft", 99, "complete", None),
        (date(2006, 9, 15), "submitted", 98, "complete", None),
        (date(2006, 9, 20), "returned", 97, "complete", None),
        (date(2007, 3, 31), "approved", 80, "substantial", None),  # after `until` below
    ]
    made = [
        make_status_update(
            session,
            a1,
            iom,
            report_date=when,
            state=state,
            percent_complete=pct,
            status=status,
            evidence_url=url,
            narrative=f"{state} {pct}",
            return_reason="No source." if state == "returned" else None,
        )
        for when, state, pct, status, url in reports
    ]
    make_status_update(
        session, acts["PREV-A2"], iom, state="approved", report_date=date(2006, 1, 1)
    )
    session.commit()
    plan_id = session.scalar(select(ActionPlan.id))
    return {"plan_id": plan_id, "a1": a1.id, "a2": acts["PREV-A2"].id, "reports": made}


def test_history_is_approved_reports_up_to_the_date_in_order(engine, plan):
    history = q.activity_history(engine, plan["a1"], date(2006, 12, 31))
    assert list(history.columns) == q.HISTORY_COLUMNS
    assert list(history["percent_complete"]) == [30, 45, 50]
    assert list(history["report_date"]) == [date(2006, 3, 31), date(2006, 6, 30), date(2006, 6, 30)]
    assert set(history["reported_by"]) == {"IOM"}
    assert q.activity_history(engine, plan["a1"], date(2006, 3, 30)).empty


def test_history_includes_a_report_on_the_date_itself(engine, plan):
    history = q.activity_history(engine, plan["a1"], date(2007, 3, 31))
    assert list(history["percent_complete"]) == [30, 45, 50, 80]


def test_evidence_only_for_approved_reports_that_have_a_link(engine, plan):
    ids = [r.id for r in plan["reports"]]
    evidence = q.report_evidence(engine, ids)
    assert dict(zip(evidence["id"], evidence["evidence_url"], strict=True)) == {
        ids[0]: "https://example.org/r1",
        ids[1]: "javascript:alert(1)",
    }
    assert q.report_evidence(engine, []).empty


def _view(engine, plan, as_of):
    rated = rated_activities(engine, plan["plan_id"], as_of)
    evidence = q.report_evidence(engine, rated["report_id"].dropna().astype(int))
    outline = plan_outline(engine, plan["plan_id"])
    prevention = int(outline.frameworks.set_index("code").at["PREV", "id"])
    return explorer.framework_detail(rated, outline, prevention, evidence), outline


def test_framework_view_lists_latest_report_and_safe_evidence(engine, plan):
    fv, _ = _view(engine, plan, date(2006, 4, 30))
    a1 = fv.activities[fv.activities["code"] == "PREV-A1"].iloc[0]
    assert (a1["status_label"], a1["reported_percent"], a1["narrative"]) == (
        "Limited",
        30,
        "approved 30",
    )
    assert a1["evidence"] == "https://example.org/r1"
    # On 2006-07-31 the latest approved is the same-day report with the higher id (50%).
    fv, _ = _view(engine, plan, date(2006, 7, 31))
    a1 = fv.activities[fv.activities["code"] == "PREV-A1"].iloc[0]
    assert (a1["reported_percent"], a1["evidence"]) == (50, None)


def test_unlinked_activity_gets_its_own_row(engine, plan):
    with engine.begin() as connection:
        connection.execute(
            delete(ActivityObjective).where(ActivityObjective.activity_id == plan["a2"])
        )
    fv, outline = _view(engine, plan, date(2006, 4, 30))
    last = fv.objectives.iloc[-1]
    assert (last["title"], last["activities"]) == (explorer.NOT_LINKED, 1)
    unlinked = explorer.activities_of(fv, pd.NA)
    assert list(unlinked["code"]) == ["PREV-A2"]
    prevention_objectives = (
        outline.objectives["framework_id"] == fv.activities["framework_id"].iloc[0]
    )
    assert len(fv.objectives) == prevention_objectives.sum() + 1


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("https://a.org/x", "https://a.org/x"),
        ("http://a.org", "http://a.org"),
        ("javascript:alert(1)", None),
        ("data:text/html,x", None),
        ("https://", None),
        ("ftp://a.org/f", None),
        (None, None),
    ],
)
def test_safe_link(url, shown):
    assert explorer.safe_link(url) == shown


def test_history_figure_holds_the_last_report_to_the_as_of_date():
    history = pd.DataFrame(
        {
            "report_date": [date(2006, 3, 31), date(2006, 9, 30)],
            "status": ["limited", "complete"],
            "percent_complete": [20, 100],
        }
    )
    fig = history_figure(
        history,
        code="X",
        planned_start=date(2006, 1, 1),
        planned_end=date(2006, 12, 31),
        as_of=date(2007, 2, 1),
    )
    expected, reported = fig.data[0], fig.data[1]
    assert list(expected.y) == [0, 0, 100, 100]
    assert list(reported.y) == [20, 100, 100] and reported.line.shape == "hv"
    assert pd.Timestamp(reported.x[-1]) == pd.Timestamp(2007, 2, 1)
    assert fig.layout.yaxis.title.text == "Complete (%)"
    assert fig.layout.xaxis.title.text == "Report date"
    assert [t.name for t in fig.data[2:]] == ["Report: Limited", "Report: Complete"]

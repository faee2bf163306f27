"""Dashboard reads on the seeded plan: as-of rewinding, approved reports only, roll-ups."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from models.entities import Activity, ActivityAgency, Framework, Organisation, StatusUpdate
from models.queries import dashboard as q
from models.queries.plan import plan_outline, plans
from models.views import overview as dashboard


def _plan_id(engine) -> int:
    return int(plans(engine)["id"].iloc[0])


def _latest_by_hand(engine, as_of: date) -> dict[str, tuple[str, int]]:
    """Latest approved report per activity code, the slow obvious way."""
    with Session(engine) as s:
        rows = s.execute(
            select(
                Activity.code,
                StatusUpdate.report_date,
                StatusUpdate.id,
                StatusUpdate.status,
                StatusUpdate.percent_complete,
            )
            .join(Activity, Activity.id == StatusUpdate.activity_id)
            .where(StatusUpdate.state == "approved", StatusUpdate.report_date <= as_of)
        ).all()
    latest: dict[str, tuple] = {}
    for code, when, rid, status, pct in rows:
        if code not in latest or (when, rid) > latest[code][0]:
            latest[code] = ((when, rid), status, pct)
    return {code: (v[1], v[2]) for code, v in latest.items()}


@pytest.mark.parametrize("as_of", [date(2005, 9, 30), date(2006, 6, 30), date(2007, 9, 30)])
def test_rated_activities_use_the_latest_approved_report_as_of(seeded_engine, as_of):
    rated = dashboard.rated_activities(seeded_engine, _plan_id(seeded_engine), as_of)
    expected = _latest_by_hand(seeded_engine, as_of)
    assert len(rated) == 26
    shown = {
        r.code: (r.status, int(r.reported_percent))
        for r in rated.itertuples()
        if isinstance(r.status, str)
    }
    assert shown == expected


def test_rewinding_changes_the_figures(seeded_engine):
    plan_id = _plan_id(seeded_engine)
    early = dashboard.rated_activities(seeded_engine, plan_id, date(2005, 12, 31))
    late = dashboard.rated_activities(seeded_engine, plan_id, date(2007, 9, 30))
    assert early["reported_percent"].fillna(0).sum() < late["reported_percent"].fillna(0).sum()
    before_any = dashboard.rated_activities(seeded_engine, plan_id, date(2005, 5, 1))
    assert before_any["status"].isna().all()
    assert set(before_any["rating"]) <= {"no_report", "not_due_yet"}


def test_submitted_and_draft_reports_never_count(seeded_engine):
    plan_id = _plan_id(seeded_engine)
    as_of = date(2007, 9, 30)
    before = dashboard.rated_activities(seeded_engine, plan_id, as_of).set_index("code")
    with Session(seeded_engine) as s, s.begin():
        activity = s.scalar(select(Activity).where(Activity.code == "PREV-A1"))
        org = s.scalar(select(Organisation).where(Organisation.acronym == "IOM"))
        for state in ("draft", "submitted"):
            s.add(
                StatusUpdate(
                    activity_id=activity.id,
                    organisation_id=org.id,
                    report_date=as_of,
                    status="cancelled",
                    percent_complete=1,
                    narrative="not approved",
                    state=state,
                )
            )
    after = dashboard.rated_activities(seeded_engine, plan_id, as_of).set_index("code")
    assert after.loc["PREV-A1", "status"] == before.loc["PREV-A1", "status"]
    assert after.loc["PREV-A1", "reported_percent"] == before.loc["PREV-A1", "reported_percent"]


def test_filters_narrow_the_activities(seeded_engine):
    plan_id = _plan_id(seeded_engine)
    frameworks = plan_outline(seeded_engine, plan_id).frameworks.set_index("code")
    prevention = int(frameworks.loc["PREV", "id"])
    only_prev = q.activities(seeded_engine, plan_id, framework_ids=[prevention])
    assert len(only_prev) == 5 and set(only_prev["framework_code"]) == {"PREV"}
    with Session(seeded_engine) as s:
        iom = s.scalar(select(Organisation.id).where(Organisation.acronym == "IOM"))
        involved = s.scalars(
            select(Activity.code)
            .where(Activity.plan_id == plan_id)
            .where(
                Activity.id.in_(
                    select(ActivityAgency.activity_id).where(ActivityAgency.organisation_id == iom)
                )
            )
        ).all()
    by_agency = q.activities(seeded_engine, plan_id, agency_id=iom)
    assert sorted(by_agency["code"]) == sorted(involved) and len(involved) > 0


def test_framework_summary_matches_a_hand_computation(seeded_engine):
    plan_id = _plan_id(seeded_engine)
    as_of = date(2007, 9, 30)
    rated = dashboard.rated_activities(seeded_engine, plan_id, as_of)
    frameworks = plan_outline(seeded_engine, plan_id).frameworks
    summary = dashboard.framework_summary(rated, frameworks).set_index("code")
    latest = _latest_by_hand(seeded_engine, as_of)
    prot = [code for code in latest if code.startswith("PROT")]
    counted = [latest[c] for c in prot if latest[c][0] not in ("suspended", "cancelled")]
    by_hand = sum(100 if s == "complete" else p for s, p in counted) / len(counted)
    assert summary.loc["PROT", "reported_progress"] == pytest.approx(by_hand)
    assert summary.loc["PROS", "activities"] == 16
    assert summary.loc["PROS", "rating_cancelled"] + summary.loc["PROS", "rating_suspended"] == 2


def test_default_as_of_is_the_latest_approved_report(seeded_engine):
    plan_id = _plan_id(seeded_engine)
    with Session(seeded_engine) as s:
        dates = s.scalars(select(StatusUpdate.report_date).where(StatusUpdate.state == "approved"))
        assert q.default_as_of(seeded_engine, plan_id) == max(dates)


def test_data_version_changes_on_a_new_report(seeded_engine):
    before = q.data_version(seeded_engine)
    with Session(seeded_engine) as s, s.begin():
        activity = s.scalar(select(Activity).limit(1))
        org = s.scalar(select(Organisation).limit(1))
        s.add(
            StatusUpdate(
                activity_id=activity.id,
                organisation_id=org.id,
                report_date=date(2007, 1, 1),
                status="limited",
                percent_complete=5,
                narrative="",
                state="draft",
            )
        )
    assert q.data_version(seeded_engine) != before


def test_watch_list_lists_overdue_before_behind_and_nothing_on_track(seeded_engine):
    rated = dashboard.rated_activities(seeded_engine, _plan_id(seeded_engine), date(2007, 9, 30))
    watch = dashboard.watch_list(rated)
    assert not watch.empty
    flagged = rated[rated["rating"].isin(["overdue", "behind"]) | rated["stale"]]
    assert sorted(watch["code"]) == sorted(flagged["code"])
    order = watch["rating"].map({"overdue": 0, "behind": 1}).fillna(2).tolist()
    assert order == sorted(order)
    assert watch["lead"].str.len().gt(0).all()


def test_progress_timeline_stops_reporting_at_as_of(seeded_engine):
    plan_id = _plan_id(seeded_engine)
    as_of = date(2006, 6, 30)
    rated = dashboard.rated_activities(seeded_engine, plan_id, as_of)
    timeline = dashboard.progress_timeline(
        seeded_engine,
        plan_id,
        activities=rated,
        as_of=as_of,
        start=date(2005, 5, 1),
        target=date(2007, 12, 31),
    )
    reported = timeline[timeline["series"] == "Reported"]
    expected = timeline[timeline["series"] == "Expected"]
    assert reported.loc[reported["month"] > pd.Timestamp(as_of), "percent"].isna().all()
    assert expected.groupby("framework")["percent"].last().eq(100).all()
    june = reported[reported["month"] == pd.Timestamp(as_of)].set_index("framework")["percent"]
    summary = dashboard.framework_summary(
        rated, plan_outline(seeded_engine, plan_id).frameworks
    ).set_index("name")
    assert june.to_dict() == pytest.approx(summary["reported_progress"].to_dict())


@pytest.mark.parametrize(
    "reported, expected, value, delta, bar",
    [
        (75.4, 93.0, "75%", "-18 pts vs expected 93%", 75),
        (float("nan"), 50.0, "—", None, 0),
        (100.0, float("nan"), "100%", None, 100),
    ],
)
def test_progress_card(reported, expected, value, delta, bar):
    card = dashboard.progress_card(reported, expected)
    assert (card.value, card.delta, card.bar) == (value, delta, bar)


def test_framework_of_every_activity_is_in_its_plan(seeded_engine):
    with Session(seeded_engine) as s:
        mismatched = s.scalar(
            select(Activity.id)
            .join(Framework, Framework.id == Activity.framework_id)
            .where(Framework.plan_id != Activity.plan_id)
            .limit(1)
        )
    assert mismatched is None


def test_a_framework_card_lists_only_the_non_zero_counts():
    from types import SimpleNamespace

    from models.views.overview import rating_counts

    zeros = dict.fromkeys(
        [
            "rating_complete",
            "rating_on_track",
            "rating_behind",
            "rating_overdue",
            "rating_no_report",
            "rating_not_due_yet",
            "rating_suspended",
            "rating_cancelled",
        ],
        0,
    )
    card = SimpleNamespace(**{**zeros, "activities": 7, "rating_on_track": 5, "rating_behind": 2})
    assert rating_counts(card) == "7 activities · 5 on track · 2 behind"
    assert " 0 " not in rating_counts(SimpleNamespace(**zeros, activities=0)) + " "

"""Reads behind My activities and Approvals: what each role sees, in one statement each."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pandas as pd
import pytest
from sqlalchemy import event, select

from models.db import transaction
from models.entities import ActionPlan, ActivityAgency, Organisation, PeriodLock, StatusUpdate
from models.queries.reporting import (
    activity_indicators,
    approval_queue,
    locked_periods,
    my_activities,
    report_history,
    report_values,
)
from models.services.reporting import lock_period, return_report, save_report
from tests.factories import make_status_update
from tests.reporting_world import build_world, make_user, report_args, submitted


@pytest.fixture
def world(session):
    """Reports on PREV-A1: 1 approved base (MLSW 40%), IOM's returned report and its
    resubmission, an MLSW draft, an MLSW report submitted without a basis and dated in a
    locked period; on PREV-A2 a KPS report submitted last."""
    w = build_world(session)
    w.iom_returned = submitted(session, w, actor=w.iom_editor, percent_complete=50)
    return_report(
        session=session, actor=w.coordinator, report_id=w.iom_returned.id, reason="Attach the list."
    )
    w.iom_resub = submitted(
        session, w, actor=w.iom_editor, percent_complete=60, report_id=w.iom_returned.id
    )
    w.mlsw_draft = save_report(session=session, **report_args(w))
    w.mlsw_stale = make_status_update(
        session,
        w.a1,
        w.mlsw,
        state="submitted",
        report_date=date(2006, 2, 15),
        percent_complete=45,
        submitted_at=datetime(2020, 1, 1, tzinfo=UTC),
    )
    session.add(
        PeriodLock(plan_id=w.plan.id, period_start=date(2006, 1, 1), period_end=date(2006, 2, 28))
    )
    w.kps_sub = save_report(
        session=session,
        **report_args(
            w,
            actor=w.kps_editor,
            activity_id=w.a2.id,
            based_on_id=None,
            percent_complete=20,
            indicator_values={w.other_indicator.id: "3.5"},
            submit=True,
        ),
    )
    session.commit()
    w.engine = session.get_bind()
    return w


def _statements(engine, read):
    """Run `read` and count the SQL statements it sent."""
    seen = []
    listener = lambda *args: seen.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        result = read()
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    return result, len(seen)


def test_my_activities_shows_role_latest_approved_and_own_work(world):
    user_id = world.mlsw_editor.id
    rows, statements = _statements(world.engine, lambda: my_activities(world.engine, user_id))
    assert statements == 1
    (row,) = rows.to_dict("records")
    assert (row["code"], row["role"], row["approved_id"], row["approved_percent"]) == (
        "PREV-A1",
        "lead",
        world.base.id,
        40,
    )
    # MLSW's latest report in the workflow is the one submitted last, not the older draft.
    assert (row["own_id"], row["own_state"], row["own_percent"]) == (
        world.mlsw_stale.id,
        "submitted",
        45,
    )


def test_my_activities_for_each_agency(world):
    iom = my_activities(world.engine, world.iom_editor.id).iloc[0]
    assert (iom["role"], iom["own_id"], iom["own_state"]) == (
        "supporting",
        world.iom_resub.id,
        "submitted",
    )
    kps = my_activities(world.engine, world.kps_editor.id).iloc[0]
    assert (kps["code"], kps["own_id"]) == ("PREV-A2", world.kps_sub.id)
    assert pd.isna(kps["approved_id"]) and pd.isna(kps["approved_percent"])
    assert my_activities(world.engine, world.coordinator.id).empty


def test_a_returned_report_shows_with_its_reason_until_resubmitted(session, world):
    return_report(
        session=session,
        actor=world.coordinator,
        report_id=world.iom_resub.id,
        reason="Which shelters?",
    )
    session.commit()
    iom = my_activities(world.engine, world.iom_editor.id).iloc[0]
    assert (iom["own_state"], iom["own_reason"]) == ("returned", "Which shelters?")


def test_an_inactive_user_has_no_activities(session, world):
    world.iom_editor.active = False
    session.commit()
    assert my_activities(world.engine, world.iom_editor.id).empty


def test_approval_queue_oldest_first_beside_the_previous_approved_report(world):
    plan_id = world.plan.id
    queue, statements = _statements(world.engine, lambda: approval_queue(world.engine, plan_id))
    assert statements == 1
    columns = [
        "report_id",
        "code",
        "organisation",
        "submitted_by",
        "percent_complete",
        "previous_id",
        "previous_percent",
        "percent_change",
        "conflict",
        "locked",
    ]
    assert queue[columns].astype(object).where(queue[columns].notna(), None).values.tolist() == [
        [world.mlsw_stale.id, "PREV-A1", "MLSW", None, 45, world.base.id, 40, 5, True, True],
        [
            world.iom_resub.id,
            "PREV-A1",
            "IOM",
            "editor.iom",
            60,
            world.base.id,
            40,
            20,
            False,
            False,
        ],
        [world.kps_sub.id, "PREV-A2", "KPS", "editor.kps", 20, None, None, None, False, False],
    ]


def test_approval_queue_matches_the_seeded_plan(seeded_engine):
    with seeded_engine.connect() as connection:
        plan_id = connection.scalar(select(ActionPlan.id).where(ActionPlan.code == "XK-2005-2007"))
        submitted = (
            connection.execute(
                select(StatusUpdate.id)
                .where(StatusUpdate.state == "submitted")
                .order_by(StatusUpdate.submitted_at, StatusUpdate.id)
            )
            .scalars()
            .all()
        )
    queue = approval_queue(seeded_engine, plan_id)
    assert queue["report_id"].tolist() == submitted
    assert not queue["locked"].any()
    first = queue.iloc[0]
    with seeded_engine.connect() as connection:
        previous = connection.execute(
            select(StatusUpdate.percent_complete)
            .where(
                StatusUpdate.activity_id == int(first["activity_id"]),
                StatusUpdate.state == "approved",
            )
            .order_by(StatusUpdate.report_date.desc(), StatusUpdate.id.desc())
            .limit(1)
        ).scalar()
    assert first["previous_percent"] == previous


def _visible(world, viewer):
    activity_id = world.a1.id
    history, statements = _statements(
        world.engine, lambda: report_history(world.engine, activity_id, viewer)
    )
    assert statements == 1
    return history["report_id"].tolist()


def test_report_history_shows_each_role_what_it_may_see(world):
    base, returned, resub = world.base.id, world.iom_returned.id, world.iom_resub.id
    draft, stale = world.mlsw_draft.id, world.mlsw_stale.id

    def signed_in(user):  # what the app keeps in st.session_state["user"]
        return {"id": user.id, "role": user.role, "organisation_id": user.organisation_id}

    # Newest report date first: the 2006-06-30 reports by id, then March, then February.
    assert _visible(world, signed_in(world.mlsw_editor)) == [draft, resub, base, stale]
    assert _visible(world, signed_in(world.iom_editor)) == [resub, returned, base, stale]
    assert _visible(world, signed_in(world.kps_editor)) == [resub, base, stale]
    assert _visible(world, signed_in(world.coordinator)) == [resub, returned, base, stale]
    for outsider in (signed_in(world.donor), signed_in(world.admin), None, {"role": "x"}):
        assert _visible(world, outsider) == [base]
    assert _visible(world, {**signed_in(world.mlsw_editor), "active": False}) == []


def test_report_history_carries_the_review(world):
    history = report_history(world.engine, world.a1.id, world.coordinator).set_index("report_id")
    returned = history.loc[world.iom_returned.id]
    assert (returned["state"], returned["return_reason"], returned["reviewed_by"]) == (
        "returned",
        "Attach the list.",
        "coord",
    )
    assert (returned["organisation"], returned["created_by"]) == ("IOM", "editor.iom")


def test_locked_periods(session, world):
    lock_period(
        session=session,
        actor=world.coordinator,
        plan_id=world.plan.id,
        period_start=date(2005, 5, 1),
        period_end=date(2005, 12, 31),
    )
    session.commit()
    periods = locked_periods(world.engine, world.plan.id)
    assert periods[["period_start", "period_end"]].values.tolist() == [
        [date(2005, 5, 1), date(2005, 12, 31)],
        [date(2006, 1, 1), date(2006, 2, 28)],
    ]
    assert periods["locked_by"].iloc[0] == "coord" and pd.isna(periods["locked_by"].iloc[1])


def test_indicators_and_values_for_the_report_form(world):
    indicators = activity_indicators(world.engine, world.a1.id)
    assert indicators[["code", "measure"]].values.tolist() == [["I1", "unit"], ["I2", "milestone"]]
    values = report_values(world.engine, [world.iom_resub.id, world.kps_sub.id])
    assert [
        (r, c, float(v), s)
        for r, c, v, s in values[["report_id", "code", "value", "state"]].itertuples(index=False)
    ] == [
        (world.iom_resub.id, "I1", 12.0, "submitted"),
        (world.iom_resub.id, "I2", 1.0, "submitted"),
        (world.kps_sub.id, "I3", 3.5, "submitted"),
    ]


def test_my_activities_matches_the_seeded_plan(seeded_engine):
    with seeded_engine.connect() as connection:
        mlsw = connection.scalar(select(Organisation.id).where(Organisation.acronym == "MLSW"))
        expected = connection.execute(
            select(ActivityAgency.activity_id, ActivityAgency.role).where(
                ActivityAgency.organisation_id == mlsw
            )
        ).all()
    with transaction(seeded_engine) as session:
        user_id = make_user(session, "editor.mlsw", "editor", "MLSW").id
    rows = my_activities(seeded_engine, user_id)
    assert sorted(zip(rows["activity_id"], rows["role"], strict=True)) == sorted(
        tuple(r) for r in expected
    )
    assert len(rows) > 0

"""The reporting workflow services: transitions, conflicts, period locks, audit events."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from models.entities import AuditEvent, IndicatorValue, PeriodLock, StatusUpdate
from models.services.errors import ReportConflict, ReportError
from models.services.reporting import (
    approve,
    lock_period,
    return_report,
    save_report,
    submit_draft,
    withdraw_report,
)
from tests.factories import make_status_update, row_counts
from tests.reporting_world import build_world, report_args, submitted


@pytest.fixture
def world(session):
    return build_world(session)


def _values(session, report):
    rows = session.execute(
        select(
            IndicatorValue.indicator_id,
            IndicatorValue.value,
            IndicatorValue.state,
            IndicatorValue.return_reason,
        )
        .where(IndicatorValue.status_update_id == report.id)
        .order_by(IndicatorValue.indicator_id)
    )
    return [(key, Decimal(str(value)), state, reason) for key, value, state, reason in rows]


def _events(session, report_id):
    query = select(AuditEvent).where(
        AuditEvent.entity_type == "status_update", AuditEvent.entity_id == str(report_id)
    )
    return list(session.scalars(query.order_by(AuditEvent.id)))


def test_a_draft_is_saved_with_its_indicator_values(session, world):
    report = save_report(session=session, **report_args(world))
    assert (report.state, report.organisation_id, report.created_by_id) == (
        "draft",
        world.mlsw.id,
        world.mlsw_editor.id,
    )
    assert (report.submitted_at, report.reviewed_at) == (None, None)
    assert _values(session, report) == [
        (world.unit.id, Decimal("12"), "draft", None),
        (world.milestone.id, Decimal("1"), "draft", None),
    ]
    (event,) = _events(session, report.id)
    assert (event.actor, event.action, event.old_value) == ("editor.mlsw", "save_draft", None)
    new = json.loads(event.new_value)
    assert (new["percent_complete"], new["state"]) == (55, "draft")
    assert new["based_on_id"] == world.base.id
    assert new["indicator_values"] == {str(world.unit.id): "12", str(world.milestone.id): "1"}


def test_a_draft_is_edited_in_place_with_old_and_new_values_audited(session, world):
    draft = save_report(session=session, **report_args(world))
    edited = save_report(
        session=session,
        **report_args(
            world,
            report_id=draft.id,
            percent_complete=60,
            indicator_values={world.unit.id: 14},
        ),
    )
    assert edited.id == draft.id and edited.percent_complete == 60
    assert _values(session, edited) == [(world.unit.id, Decimal("14"), "draft", None)]
    assert session.query(StatusUpdate).count() == 2  # the approved base and this draft
    event = _events(session, draft.id)[-1]
    assert event.action == "edit_draft"
    assert json.loads(event.old_value)["percent_complete"] == 55
    assert json.loads(event.new_value)["indicator_values"] == {str(world.unit.id): "14"}


def test_a_supporting_agency_reports_in_its_own_name(session, world):
    report = submitted(session, world, actor=world.iom_editor)
    assert (report.state, report.organisation_id) == ("submitted", world.iom.id)
    assert report.submitted_at is not None


def test_submitting_moves_report_and_values_together(session, world):
    draft = save_report(session=session, **report_args(world))
    report = submit_draft(session=session, actor=world.mlsw_editor, report_id=draft.id)
    assert report.state == "submitted"
    assert {state for *_, state, _ in _values(session, report)} == {"submitted"}
    event = _events(session, draft.id)[-1]
    assert (json.loads(event.old_value)["state"], json.loads(event.new_value)["state"]) == (
        "draft",
        "submitted",
    )


def test_approval_moves_values_and_records_the_reviewer(session, world):
    report = submitted(session, world)
    (approved,) = approve(session=session, actor=world.coordinator, report_ids=[report.id])
    assert (approved.state, approved.reviewed_by_id) == ("approved", world.coordinator.id)
    assert {state for *_, state, _ in _values(session, report)} == {"approved"}
    event = _events(session, report.id)[-1]
    assert (event.actor, event.action) == ("coord", "approve")
    assert json.loads(event.old_value)["state"] == "submitted"


def test_only_approved_reports_reach_the_dashboard(session, world):
    from models.queries.dashboard import latest_approved

    report = submitted(session, world)
    session.commit()
    engine = session.get_bind()
    shown = latest_approved(engine, world.plan.id, date(2007, 1, 1))
    assert shown.set_index("activity_id").loc[world.a1.id, "percent_complete"] == 40
    approve(session=session, actor=world.coordinator, report_ids=[report.id])
    session.commit()
    shown = latest_approved(engine, world.plan.id, date(2007, 1, 1))
    assert shown.set_index("activity_id").loc[world.a1.id, "percent_complete"] == 55


def test_several_reports_are_approved_at_once(session, world):
    first = submitted(session, world)
    other = make_status_update(session, world.a2, world.kps, state="submitted")
    approved = approve(session=session, actor=world.coordinator, report_ids=[first.id, other.id])
    assert [r.state for r in approved] == ["approved", "approved"]


def test_approval_is_all_or_nothing(session, world):
    good = submitted(session, world)
    draft = make_status_update(session, world.a2, world.kps, state="draft")
    before = row_counts(session)
    with pytest.raises(ReportError) as refused:
        approve(session=session, actor=world.coordinator, report_ids=[good.id, draft.id])
    assert refused.value.messages == [
        f"report_ids: report {draft.id} is draft; only a submitted report can be approved"
    ]
    assert session.get(StatusUpdate, good.id).state == "submitted"
    assert row_counts(session) == before


ILLEGAL = [
    (
        "approve a draft",
        "draft",
        lambda s, w, r: approve(session=s, actor=w.coordinator, report_ids=[r.id]),
        "only a submitted report can be",
    ),
    (
        "approve twice",
        "approved",
        lambda s, w, r: approve(session=s, actor=w.coordinator, report_ids=[r.id]),
        "is approved; only a submitted",
    ),
    (
        "return a draft",
        "draft",
        lambda s, w, r: return_report(session=s, actor=w.coordinator, report_id=r.id, reason="No."),
        "is draft; only a",
    ),
    (
        "return an approved report",
        "approved",
        lambda s, w, r: return_report(session=s, actor=w.coordinator, report_id=r.id, reason="No."),
        "is approved; only a",
    ),
    (
        "submit twice",
        "submitted",
        lambda s, w, r: submit_draft(session=s, actor=w.mlsw_editor, report_id=r.id),
        "is submitted; only a draft can be",
    ),
    (
        "submit a returned report",
        "returned",
        lambda s, w, r: submit_draft(session=s, actor=w.mlsw_editor, report_id=r.id),
        "is returned; only a draft can be",
    ),
    (
        "edit a submitted report",
        "submitted",
        lambda s, w, r: save_report(session=s, **report_args(w, report_id=r.id)),
        "is submitted; only a draft can be",
    ),
    (
        "edit an approved report",
        "approved",
        lambda s, w, r: save_report(session=s, **report_args(w, report_id=r.id)),
        "is approved; only a draft can be",
    ),
]


@pytest.mark.parametrize(
    ("state", "act", "message"), [c[1:] for c in ILLEGAL], ids=[c[0] for c in ILLEGAL]
)
def test_illegal_transitions_are_refused_and_change_nothing(session, world, state, act, message):
    extra = {"return_reason": "Check the figures."} if state == "returned" else {}
    report = make_status_update(
        session, world.a1, world.mlsw, state=state, based_on_id=world.base.id, **extra
    )
    before = row_counts(session)
    with pytest.raises(ReportError) as refused:
        act(session, world, report)
    assert message in " ".join(refused.value.messages)
    assert session.get(StatusUpdate, report.id).state == state
    assert row_counts(session) == before


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_return_needs_a_reason(session, world, reason):
    report = submitted(session, world)
    before = row_counts(session)
    with pytest.raises(ReportError) as refused:
        return_report(session=session, actor=world.coordinator, report_id=report.id, reason=reason)
    assert refused.value.messages == ["reason: say why the report is returned"]
    assert session.get(StatusUpdate, report.id).state == "submitted"
    assert row_counts(session) == before


def test_return_keeps_the_report_and_its_values_with_the_reason(session, world):
    report = submitted(session, world)
    return_report(
        session=session,
        actor=world.coordinator,
        report_id=report.id,
        reason="  Attach the training list.  ",
    )
    assert (report.state, report.return_reason) == ("returned", "Attach the training list.")
    assert {(state, reason) for *_, state, reason in _values(session, report)} == {
        ("returned", "Attach the training list.")
    }
    event = _events(session, report.id)[-1]
    assert (event.action, json.loads(event.new_value)["return_reason"]) == (
        "return",
        "Attach the training list.",
    )


def test_a_returned_report_is_resubmitted_as_a_new_report(session, world):
    returned = submitted(session, world)
    return_report(session=session, actor=world.coordinator, report_id=returned.id, reason="Why?")
    again = submitted(session, world, report_id=returned.id, narrative="Training list attached.")
    assert again.id != returned.id and again.state == "submitted"
    session.refresh(returned)
    assert (returned.state, returned.narrative) == ("returned", "Training delivered.")
    (event,) = _events(session, again.id)
    assert (event.action, json.loads(event.new_value)["resubmits"]) == ("submit", returned.id)


def test_submitting_against_an_outdated_report_keeps_a_draft(session, world):
    first = submitted(session, world)
    approve(session=session, actor=world.coordinator, report_ids=[first.id])
    with pytest.raises(ReportConflict) as clash:
        # Lower than the newer report, but the writer never saw it: a conflict, not an error.
        submitted(session, world, actor=world.iom_editor, percent_complete=50, narrative="")
    conflict = clash.value
    assert conflict.newer_id == first.id
    kept = session.get(StatusUpdate, conflict.draft_id)
    assert (kept.state, kept.percent_complete, kept.organisation_id) == ("draft", 50, world.iom.id)
    assert "report " + str(
        first.id
    ) + " of 2006-06-30: substantial, 55%, by MLSW (editor.mlsw)" in (str(conflict))
    assert f"kept as draft {kept.id}" in str(conflict)
    event = _events(session, kept.id)[-1]
    assert (event.action, json.loads(event.new_value)["conflict_with"]) == ("save_draft", first.id)
    # Re-based on the newer report, the same draft goes through.
    rebased = save_report(
        session=session,
        **report_args(
            world,
            actor=world.iom_editor,
            report_id=kept.id,
            based_on_id=first.id,
            submit=True,
        ),
    )
    assert (rebased.id, rebased.state) == (kept.id, "submitted")


def test_submitting_a_saved_draft_rechecks_its_basis(session, world):
    draft = save_report(session=session, **report_args(world, actor=world.iom_editor))
    approve(session=session, actor=world.coordinator, report_ids=[submitted(session, world).id])
    with pytest.raises(ReportConflict) as clash:
        submit_draft(session=session, actor=world.iom_editor, report_id=draft.id)
    assert clash.value.draft_id == draft.id
    assert session.get(StatusUpdate, draft.id).state == "draft"


def test_approval_rechecks_the_basis(session, world):
    first, second = submitted(session, world), submitted(session, world, actor=world.iom_editor)
    approve(session=session, actor=world.coordinator, report_ids=[first.id])
    with pytest.raises(ReportConflict) as clash:
        approve(session=session, actor=world.coordinator, report_ids=[second.id])
    assert (clash.value.report_id, clash.value.newer_id, clash.value.draft_id) == (
        second.id,
        first.id,
        None,
    )
    assert session.get(StatusUpdate, second.id).state == "submitted"


def test_two_reports_on_one_basis_cannot_be_approved_together(session, world):
    first, second = submitted(session, world), submitted(session, world, actor=world.iom_editor)
    before = row_counts(session)
    with pytest.raises(ReportConflict):
        approve(session=session, actor=world.coordinator, report_ids=[first.id, second.id])
    assert [session.get(StatusUpdate, r.id).state for r in (first, second)] == ["submitted"] * 2
    assert row_counts(session) == before


def test_a_locked_period_freezes_everything_dated_in_it(session, world):
    draft = save_report(session=session, **report_args(world, report_date=date(2006, 5, 31)))
    lock = lock_period(
        session=session,
        actor=world.coordinator,
        plan_id=world.plan.id,
        period_start=date(2006, 4, 1),
        period_end=date(2006, 6, 30),
    )
    (event,) = session.scalars(select(AuditEvent).where(AuditEvent.entity_type == "period_lock"))
    assert (event.action, event.entity_id) == ("lock", str(lock.id))
    assert json.loads(event.new_value) == {
        "plan_id": world.plan.id,
        "period_start": "2006-04-01",
        "period_end": "2006-06-30",
    }
    # A submitted report dated in the period, e.g. from an import, can no longer be reviewed.
    pending = make_status_update(
        session, world.a1, world.iom, state="submitted", report_date=date(2006, 4, 15)
    )
    locked = "in the locked period 2006-04-01 to 2006-06-30"
    calls = {
        "new report": lambda: save_report(session=session, **report_args(world)),
        "edit draft": lambda: save_report(
            session=session, **report_args(world, report_id=draft.id, report_date=date(2006, 7, 1))
        ),
        "submit draft": lambda: submit_draft(
            session=session, actor=world.mlsw_editor, report_id=draft.id
        ),
        "approve": lambda: approve(
            session=session, actor=world.coordinator, report_ids=[pending.id]
        ),
        "return": lambda: return_report(
            session=session, actor=world.coordinator, report_id=pending.id, reason="Late."
        ),
    }
    before = row_counts(session)
    for name, call in calls.items():
        with pytest.raises(ReportError) as refused:
            call()
        assert locked in " ".join(refused.value.messages), name
    assert row_counts(session) == before
    # The draft stuck in the locked period blocks a new report until its agency withdraws it.
    with pytest.raises(ReportError, match="already has a report in progress"):
        save_report(session=session, **report_args(world, report_date=date(2006, 7, 1)))
    assert withdraw_report(session=session, actor=world.mlsw_editor, report_id=draft.id)
    assert save_report(session=session, **report_args(world, report_date=date(2006, 7, 1)))


BAD_LOCKS = [
    ((date(2006, 6, 30), date(2006, 1, 1)), "period_end: 2006-01-01 is before period_start"),
    (("2006-01-01", date(2006, 6, 30)), "period_start: '2006-01-01' is not a date"),
    (
        (date(2005, 10, 1), date(2006, 1, 31)),
        "period_start: 2005-10-01 to 2006-01-31 overlaps the locked period"
        " 2006-01-01 to 2006-03-31",
    ),
    (
        (date(2006, 4, 1), date(2006, 9, 30)),
        "period_end: 1 submitted report(s) dated in the period await review",
    ),
]


@pytest.mark.parametrize(("period", "message"), BAD_LOCKS)
def test_lock_period_refusals(session, world, period, message):
    session.add(
        PeriodLock(
            plan_id=world.plan.id, period_start=date(2006, 1, 1), period_end=date(2006, 3, 31)
        )
    )
    submitted(session, world)  # dated 2006-06-30
    before = row_counts(session)
    with pytest.raises(ReportError) as refused:
        lock_period(
            session=session,
            actor=world.coordinator,
            plan_id=world.plan.id,
            period_start=period[0],
            period_end=period[1],
        )
    assert refused.value.messages[0].startswith(message)
    assert row_counts(session) == before

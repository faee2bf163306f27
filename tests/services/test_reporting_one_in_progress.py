"""One report in progress per activity per agency; withdrawing one, audited, history kept."""

from __future__ import annotations

import json
import threading
from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from models.db import make_engine, transaction
from models.entities import AuditEvent, IndicatorValue, StatusUpdate, User
from models.services.errors import PermissionDenied, ReportError
from models.services.reporting import (
    approve,
    return_report,
    save_report,
    withdraw_report,
)
from tests.factories import row_counts
from tests.reporting_world import build_world, report_args, submitted

TIMEOUT = 20
IN_PROGRESS = "PREV-A1 already has a report in progress from your organisation"


@pytest.fixture
def world(session):
    return build_world(session)


def test_a_second_submit_is_refused_while_the_first_awaits_review(session, world):
    first = submitted(session, world)
    before = row_counts(session)
    with pytest.raises(ReportError) as refused:
        submitted(session, world, percent_complete=60)
    (message,) = refused.value.messages
    assert IN_PROGRESS in message
    assert f"report {first.id}, submitted, dated 2006-06-30" in message
    assert row_counts(session) == before


@pytest.mark.parametrize("state", ["draft", "returned"])
def test_a_new_report_is_refused_beside_a_draft_or_returned_one(session, world, state):
    report = save_report(session=session, **report_args(world, submit=state == "returned"))
    if state == "returned":
        return_report(session=session, actor=world.coordinator, report_id=report.id, reason="No.")
    with pytest.raises(ReportError, match=IN_PROGRESS):
        save_report(session=session, **report_args(world))
    # ... but that very report may be edited (draft) or resubmitted (returned).
    again = save_report(session=session, **report_args(world, report_id=report.id, submit=True))
    assert again.state == "submitted"
    # Once resubmitted, the returned report is no longer in progress; the new one is.
    if state == "returned":
        with pytest.raises(ReportError, match=f"report {again.id}, submitted"):
            save_report(session=session, **report_args(world, report_id=report.id))


def test_after_approval_the_agency_may_report_again(session, world):
    first = submitted(session, world)
    approve(session=session, actor=world.coordinator, report_ids=[first.id])
    later = submitted(session, world, based_on_id=first.id, report_date=date(2006, 9, 30))
    assert later.state == "submitted"


def test_another_agency_is_not_blocked(session, world):
    submitted(session, world)
    assert submitted(session, world, actor=world.iom_editor).organisation_id == world.iom.id


@pytest.mark.parametrize("state", ["draft", "submitted", "returned"])
def test_the_agency_withdraws_its_report_in_progress(session, world, state):
    report = save_report(session=session, **report_args(world, submit=state != "draft"))
    if state == "returned":
        return_report(session=session, actor=world.coordinator, report_id=report.id, reason="No.")
    withdrawn = withdraw_report(session=session, actor=world.mlsw_editor, report_id=report.id)
    assert withdrawn.state == "withdrawn"
    values = session.scalars(
        select(IndicatorValue.state).where(IndicatorValue.status_update_id == report.id)
    ).all()
    assert values and set(values) == {"withdrawn"}
    event = session.scalars(
        select(AuditEvent).where(AuditEvent.action == "withdraw").order_by(AuditEvent.id.desc())
    ).first()
    assert event.entity_id == str(report.id) and event.user_id == world.mlsw_editor.id
    assert json.loads(event.old_value)["state"] == state
    assert json.loads(event.new_value)["state"] == "withdrawn"
    # History kept: the report is still there, and a new one may now be written.
    assert session.get(StatusUpdate, report.id) is not None
    assert save_report(session=session, **report_args(world)).state == "draft"


def test_withdrawal_refusals(session, world):
    first = submitted(session, world)
    approve(session=session, actor=world.coordinator, report_ids=[first.id])
    with pytest.raises(ReportError, match="is approved, not in progress"):
        withdraw_report(session=session, actor=world.mlsw_editor, report_id=first.id)
    draft = save_report(session=session, **report_args(world, based_on_id=first.id))
    with pytest.raises(PermissionDenied, match="belongs to another organisation"):
        withdraw_report(session=session, actor=world.iom_editor, report_id=draft.id)
    with pytest.raises(PermissionDenied):
        withdraw_report(session=session, actor=world.coordinator, report_id=draft.id)
    withdraw_report(session=session, actor=world.mlsw_editor, report_id=draft.id)
    with pytest.raises(ReportError, match="is withdrawn, not in progress"):
        withdraw_report(session=session, actor=world.mlsw_editor, report_id=draft.id)


@pytest.fixture
def committed_world(db_url):
    engine = make_engine(db_url)
    with Session(engine) as session:
        world = build_world(session)
        ids = {
            "a1": world.a1.id,
            "base": world.base.id,
            "editor": world.mlsw_editor.id,
            "unit": world.unit.id,
            "milestone": world.milestone.id,
        }
        session.commit()
    yield engine, ids
    engine.dispose()


def test_two_submits_at_once_leave_one_report_in_progress(committed_world):
    """Two tabs submit at the same moment: one report is kept, the other is refused."""
    engine, ids = committed_world
    barrier = threading.Barrier(2, timeout=TIMEOUT)
    outcomes: list = []

    def submit(percent):
        try:
            barrier.wait()
            with transaction(engine) as session:
                report = save_report(
                    session=session,
                    actor=session.get(User, ids["editor"]),
                    activity_id=ids["a1"],
                    report_date=date(2006, 6, 30),
                    status="substantial",
                    percent_complete=percent,
                    narrative="",
                    indicator_values={ids["unit"]: "12", ids["milestone"]: 1},
                    based_on_id=ids["base"],
                    submit=True,
                )
                outcomes.append(("saved", report.id))
        except ReportError as refused:
            outcomes.append(("refused", " ".join(refused.messages)))
        except Exception as error:  # handed to the test thread, which asserts on it
            outcomes.append(("error", repr(error)))

    threads = [threading.Thread(target=submit, args=(p,)) for p in (55, 60)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(TIMEOUT)
    kinds = sorted(kind for kind, _ in outcomes)
    assert kinds == ["refused", "saved"], outcomes
    refusal = next(text for kind, text in outcomes if kind == "refused")
    assert IN_PROGRESS in refusal
    with engine.connect() as connection:
        pending = connection.execute(
            select(StatusUpdate.id).where(
                StatusUpdate.activity_id == ids["a1"], StatusUpdate.state == "submitted"
            )
        ).all()
    assert len(pending) == 1

"""Back-dated reports: a report's basis is the activity's latest approval, whatever its date.

PREV-A1 has an approved report dated 2006-09-30. Two agencies then report on 2006-06-30,
earlier than it, both written against it. Approving the first makes it the latest approval
(by approval, not by reporting date), so the second was written against an outdated basis:
its approval is refused with ReportConflict, as for any report overtaken by an approval.
"""

from __future__ import annotations

from datetime import date

import pytest

from models.entities import StatusUpdate
from models.queries.reporting import approval_queue, my_activities
from models.services.errors import ReportConflict
from models.services.reporting import approve, save_report
from tests.reporting_world import build_world, submitted


@pytest.fixture
def world(session):
    world = build_world(session)
    latest = submitted(session, world, report_date=date(2006, 9, 30), percent_complete=70)
    approve(session=session, actor=world.coordinator, report_ids=[latest.id])
    world.latest = latest
    session.commit()
    return world


def _back_dated(session, world, actor):
    return submitted(
        session,
        world,
        actor=actor,
        report_date=date(2006, 6, 30),
        percent_complete=60,
        based_on_id=world.latest.id,
    )


def test_two_back_dated_reports_on_one_basis_cannot_both_be_approved(session, world):
    first = _back_dated(session, world, world.mlsw_editor)
    second = _back_dated(session, world, world.iom_editor)
    approve(session=session, actor=world.coordinator, report_ids=[first.id])
    with pytest.raises(ReportConflict) as clash:
        approve(session=session, actor=world.coordinator, report_ids=[second.id])
    assert (clash.value.report_id, clash.value.newer_id) == (second.id, first.id)
    assert "2006-06-30: substantial, 60%, by MLSW (editor.mlsw)" in str(clash.value)
    assert session.get(StatusUpdate, second.id).state == "submitted"


def test_nor_together(session, world):
    first = _back_dated(session, world, world.mlsw_editor)
    second = _back_dated(session, world, world.iom_editor)
    with pytest.raises(ReportConflict) as clash:
        approve(session=session, actor=world.coordinator, report_ids=[first.id, second.id])
    assert clash.value.newer_id == first.id
    states = [session.get(StatusUpdate, r.id).state for r in (first, second)]
    assert states == ["submitted", "submitted"]


def test_after_a_back_dated_approval_new_reports_are_based_on_it(session, engine, world):
    first = _back_dated(session, world, world.mlsw_editor)
    second = _back_dated(session, world, world.iom_editor)
    approve(session=session, actor=world.coordinator, report_ids=[first.id])
    session.commit()
    # What the pages show: the basis to write against, and the clash before approving.
    mine = my_activities(engine, world.iom_editor.id).set_index("code")
    assert mine.loc["PREV-A1", "approved_id"] == first.id
    queue = approval_queue(engine, world.plan.id).set_index("report_id")
    assert bool(queue.loc[second.id, "conflict"]) is True
    assert queue.loc[second.id, "previous_id"] == first.id
    # Written against the later-dated report, which is no longer the latest approval: refused.
    with pytest.raises(ReportConflict) as clash:
        save_report(
            session=session,
            actor=world.mlsw_editor,
            activity_id=world.a1.id,
            report_date=date(2006, 12, 31),
            status="substantial",
            percent_complete=80,
            narrative="",
            based_on_id=world.latest.id,
            submit=True,
        )
    assert clash.value.newer_id == first.id

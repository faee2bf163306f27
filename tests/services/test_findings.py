"""Findings follow-up: links, responses and follow-up notes, validated, authorised, audited."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import select

from models.entities import AuditEvent, Finding, FindingFollowUp, FindingLink, FindingResponse
from models.services.errors import FindingError, PermissionDenied
from models.services.findings import (
    link_finding,
    record_follow_up,
    record_response,
    unlink_finding,
)
from tests.factories import (
    make_activity,
    make_framework,
    make_organisation,
    make_plan,
    make_user,
    row_counts,
)


@pytest.fixture
def world(session):
    plan = make_plan(session, period_start=date(2005, 5, 1), target_date=date(2007, 12, 31))
    other = make_plan(session, code="OTHER", period_start=date(2005, 5, 1))
    framework = make_framework(session, plan)
    activity = make_activity(session, framework, code="PROT-A1")
    elsewhere = make_activity(session, make_framework(session, other), code="X-1")
    recommendation = Finding(
        plan_id=plan.id, kind="recommendation", position=1, title="Data", text="A unified system"
    )
    practice = Finding(
        plan_id=plan.id, kind="best_practice", position=1, title="Advocacy", text="Advocacy"
    )
    session.add_all([recommendation, practice])
    session.flush()
    agency = make_organisation(session, "MLSW")
    return {
        "plan": plan,
        "framework": framework,
        "activity": activity,
        "elsewhere": elsewhere,
        "recommendation": recommendation,
        "practice": practice,
        "agency": agency,
        "coordinator": make_user(session, "coord", role="coordinator"),
        "editor": make_user(session, "editor1", role="editor", organisation_id=agency.id),
        "donor": make_user(session, "donor1", role="donor", organisation_id=agency.id),
    }


def _response(world, **overrides):
    values = {
        "actor": world["coordinator"],
        "finding_id": world["recommendation"].id,
        "response": "accepted",
        "reason": "The Working Group agrees",
        "response_date": date(2006, 3, 1),
        "owner_id": world["agency"].id,
        "due_date": date(2006, 12, 31),
    }
    return {**values, **overrides}


def _events(session, entity_type):
    return list(session.scalars(select(AuditEvent).where(AuditEvent.entity_type == entity_type)))


def test_a_coordinator_links_a_finding_to_an_activity_audited(session, world):
    link = link_finding(
        session=session,
        actor=world["coordinator"],
        finding_id=world["recommendation"].id,
        target_kind="activity",
        target_id=world["activity"].id,
    )
    assert (link.target_kind, link.target_id, link.inferred) == (
        "activity",
        world["activity"].id,
        False,
    )
    [event] = _events(session, "finding_link")
    assert event.actor == "coord" and json.loads(event.new_value)["target_kind"] == "activity"


def test_linking_again_confirms_an_inferred_link(session, world):
    seeded = FindingLink(
        finding_id=world["recommendation"].id,
        target_kind="framework",
        target_id=world["framework"].id,
        inferred=True,
        source="inferred from the report's wording",
    )
    session.add(seeded)
    session.flush()
    link = link_finding(
        session=session,
        actor=world["coordinator"],
        finding_id=world["recommendation"].id,
        target_kind="framework",
        target_id=world["framework"].id,
    )
    assert link.id == seeded.id and link.inferred is False
    [event] = _events(session, "finding_link")
    assert event.action == "confirm link" and json.loads(event.old_value)["inferred"] is True


def test_a_link_refused_lists_every_problem_and_writes_nothing(session, world):
    before = row_counts(session)
    with pytest.raises(FindingError) as refused:
        link_finding(
            session=session,
            actor=world["coordinator"],
            finding_id=world["recommendation"].id,
            target_kind="activity",
            target_id=world["elsewhere"].id,
        )
    assert refused.value.messages == [
        f"Target: no activity with id {world['elsewhere'].id} in this finding's plan"
    ]
    with pytest.raises(FindingError) as refused:
        link_finding(
            session=session,
            actor=world["coordinator"],
            finding_id=99999,
            target_kind="indicator",
            target_id="seven",
        )
    assert len(refused.value.messages) == 3
    assert row_counts(session) == before


def test_unlink_removes_the_link_and_is_audited(session, world):
    link = link_finding(
        session=session,
        actor=world["coordinator"],
        finding_id=world["recommendation"].id,
        target_kind="activity",
        target_id=world["activity"].id,
    )
    unlink_finding(session=session, actor=world["coordinator"], link_id=link.id)
    assert session.scalars(select(FindingLink)).all() == []
    assert [e.action for e in _events(session, "finding_link")] == ["link", "unlink"]


@pytest.mark.parametrize("role", ["editor", "donor"])
def test_only_a_coordinator_writes(session, world, role):
    before = row_counts(session)
    actor = world[role]
    with pytest.raises(PermissionDenied):
        record_response(session=session, **_response(world, actor=actor))
    with pytest.raises(PermissionDenied):
        record_follow_up(
            session=session,
            actor=actor,
            finding_id=world["recommendation"].id,
            note_date=date(2006, 5, 1),
            status="limited",
            note="Started",
        )
    with pytest.raises(PermissionDenied):
        link_finding(
            session=session,
            actor=actor,
            finding_id=world["recommendation"].id,
            target_kind="activity",
            target_id=world["activity"].id,
        )
    assert row_counts(session) == before


def test_responses_and_follow_ups_are_appended_and_audited(session, world):
    record_response(session=session, **_response(world, response="partially_accepted"))
    record_response(session=session, **_response(world, response_date=date(2006, 6, 1)))
    record_follow_up(
        session=session,
        actor=world["coordinator"],
        finding_id=world["recommendation"].id,
        note_date=date(2006, 7, 1),
        status="limited",
        note="A working group on data was set up",
    )
    responses = session.scalars(select(FindingResponse).order_by(FindingResponse.id)).all()
    assert [r.response for r in responses] == ["partially_accepted", "accepted"]
    [follow_up] = session.scalars(select(FindingFollowUp)).all()
    assert (follow_up.status, follow_up.recorded_by) == ("limited", world["coordinator"].id)
    assert len(_events(session, "finding_response")) == 2
    [event] = _events(session, "finding_follow_up")
    assert json.loads(event.new_value)["note_date"] == "2006-07-01"


def test_a_response_refused_lists_every_problem_and_writes_nothing(session, world):
    before = row_counts(session)
    with pytest.raises(FindingError) as refused:
        record_response(
            session=session,
            **_response(
                world,
                response="maybe",
                reason="  ",
                owner_id=99999,
                due_date=date(2005, 1, 1),
            ),
        )
    assert refused.value.messages == [
        "Response: 'maybe' is not one of accepted, partially_accepted, not_accepted",
        "Reason: must not be empty",
        "Due date: 01 Jan 2005 is before the response, 01 Mar 2006",
        "Owner agency: no organisation has id 99999",
    ]
    with pytest.raises(FindingError) as refused:
        record_response(session=session, **_response(world, owner_id=None, due_date=None))
    assert refused.value.messages == [
        "Due date: give the date by which the accepted part is to be done",
        "Owner agency: name the agency that owns the follow-up",
    ]
    assert row_counts(session) == before


def test_best_practices_are_not_followed_up(session, world):
    with pytest.raises(FindingError) as refused:
        record_response(session=session, **_response(world, finding_id=world["practice"].id))
    assert refused.value.messages == [
        "Finding: only recommendations and deficiencies are followed up"
    ]


def test_a_follow_up_needs_a_response_first_and_a_status_on_the_scale(session, world):
    before = row_counts(session)
    with pytest.raises(FindingError) as refused:
        record_follow_up(
            session=session,
            actor=world["coordinator"],
            finding_id=world["recommendation"].id,
            note_date=date(2006, 7, 1),
            status="suspended",
            note="",
        )
    assert refused.value.messages == [
        "Status: 'suspended' is not one of not_started, limited, substantial, complete",
        "Note: must not be empty",
        "Finding: record a response before following it up",
    ]
    assert row_counts(session) == before

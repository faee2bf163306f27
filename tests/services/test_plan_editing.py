"""Plan editing services: objectives, activities and their links — validation with specific
messages and nothing written, coordinators only, audited with old and new values, and what a
coordinator saves is no longer inferred."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import select

from models.entities import ActivityAgency, ActivityObjective, AuditEvent, Objective
from models.services.accounts import create_user
from models.services.authz import Operator
from models.services.errors import PermissionDenied, PlanEditError
from models.services.plan_editing import (
    add_activity,
    add_objective,
    edit_activity,
    edit_objective,
    save_activity,
    set_activity_agencies,
    set_activity_objectives,
)
from tests.factories import (
    make_activity,
    make_framework,
    make_objective,
    make_organisation,
    make_plan,
    row_counts,
)


@pytest.fixture
def world(session):
    plan = make_plan(session, period_start=date(2005, 5, 1), target_date=date(2007, 12, 31))
    prevention = make_framework(session, plan)
    protection = make_framework(session, plan, "protection")
    objective = make_objective(session, prevention, code="PREV-O1", inferred=True, source="IV.A")
    activity = make_activity(
        session,
        prevention,
        code="PREV-A1",
        title="Study",
        source="IV.A",
        inferred=True,
        dates_inferred=True,
    )
    mlsw, iom, osce = (make_organisation(session, a) for a in ("MLSW", "IOM", "OSCE"))
    session.add_all(
        [
            ActivityObjective(activity_id=activity.id, objective_id=objective.id, inferred=True),
            ActivityAgency(
                activity_id=activity.id, organisation_id=mlsw.id, role="lead", inferred=True
            ),
            ActivityAgency(
                activity_id=activity.id, organisation_id=iom.id, role="supporting", inferred=True
            ),
        ]
    )
    other_plan = make_plan(session, code="other")
    elsewhere = make_framework(session, other_plan)
    return {
        "plan": plan,
        "prevention": prevention,
        "protection": protection,
        "objective": objective,
        "activity": activity,
        "mlsw": mlsw,
        "iom": iom,
        "osce": osce,
        "elsewhere": elsewhere,
        "other_objective": make_objective(session, elsewhere),
        "coord": user(session, "coordinator"),
    }


def user(session, role: str):
    # Made only where needed: each argon2 hash takes a noticeable moment.
    return create_user(
        session=session,
        username=f"{role}.one",
        password="long-password-1",
        role=role,
        organisation_acronym_or_id="MLSW" if role == "editor" else None,
        actor=Operator("test"),
    )


def _events(session, entity_type: str) -> list[AuditEvent]:
    query = select(AuditEvent).where(AuditEvent.entity_type == entity_type)
    return list(session.scalars(query.order_by(AuditEvent.id)))


def _objective(world, **change):
    values = {
        "actor": world["coord"],
        "framework_id": world["prevention"].id,
        "code": "PREV-O9",
        "title": "Awareness",
        "description": "People know the risks.",
    }
    return values | change


def _activity(world, **change):
    values = {
        "actor": world["coord"],
        "framework_id": world["prevention"].id,
        "code": "PREV-A9",
        "title": "Campaign",
        "description": "A school campaign.",
        "planned_start": date(2006, 1, 1),
        "planned_end": date(2006, 12, 31),
    }
    return values | change


def test_add_objective_is_the_coordinators_word_and_audited(session, world):
    objective = add_objective(session=session, **_objective(world, code=" PREV-O9 "))
    assert (objective.code, objective.plan_id) == ("PREV-O9", world["plan"].id)
    assert (objective.inferred, objective.source) == (False, "entered by coordinator.one")
    assert objective.position == world["objective"].position + 1  # last in its framework
    (event,) = _events(session, "objective")
    assert (event.actor, event.action, event.entity_id) == (
        "coordinator.one",
        "create",
        str(objective.id),
    )
    assert event.old_value is None
    assert json.loads(event.new_value) == {
        "framework_id": world["prevention"].id,
        "code": "PREV-O9",
        "title": "Awareness",
        "description": "People know the risks.",
        "source": "entered by coordinator.one",
        "inferred": False,
    }


def test_editing_an_inferred_objective_clears_the_flag_keeping_the_old_in_the_trail(session, world):
    objective = world["objective"]
    edit_objective(
        session=session,
        objective_id=objective.id,
        **_objective(world, code="PREV-O1", framework_id=world["protection"].id),
    )
    session.expire_all()
    stored = session.get(Objective, objective.id)
    assert (stored.title, stored.framework_id) == ("Awareness", world["protection"].id)
    assert (stored.inferred, stored.source) == (False, "entered by coordinator.one")
    (event,) = _events(session, "objective")
    old, new = json.loads(event.old_value), json.loads(event.new_value)
    assert event.action == "update"
    assert (old["inferred"], old["source"], old["framework_id"]) == (
        True,
        "IV.A",
        world["prevention"].id,
    )
    assert (new["inferred"], new["title"]) == (False, "Awareness")


def test_saving_an_unchanged_inferred_objective_confirms_it(session, world):
    objective = world["objective"]
    same = {"code": objective.code, "title": objective.title, "description": objective.description}
    edit_objective(session=session, objective_id=objective.id, **_objective(world, **same))
    assert objective.inferred is False
    assert len(_events(session, "objective")) == 1


def test_saving_an_unchanged_confirmed_objective_writes_nothing(session, world):
    objective = add_objective(session=session, **_objective(world))
    before = row_counts(session)
    edit_objective(session=session, objective_id=objective.id, **_objective(world))
    assert row_counts(session) == before


BAD_OBJECTIVES = [
    ({"code": ""}, "Code: must not be empty"),
    ({"code": "   "}, "Code: must not be empty"),
    ({"code": "PREV O9"}, "Code: 'PREV O9' may contain only letters, digits, '-' and '.'"),
    ({"code": "PREV/O9"}, "Code: 'PREV/O9' may contain only letters, digits, '-' and '.'"),
    ({"code": "X" * 41}, "Code: is 41 characters long; at most 40 are kept"),
    ({"code": "prev-o1"}, "Code: 'prev-o1' is already used by objective PREV-O1 in this plan"),
    ({"title": ""}, "Title: must not be empty"),
    ({"title": "T" * 301}, "Title: is 301 characters long; at most 300 are kept"),
    ({"description": None}, "Description: must not be empty"),
    ({"description": "d" * 4001}, "Description: is 4001 characters long; at most 4000 are kept"),
    ({"framework_id": 999_999}, "Framework: no framework with id 999999 in this plan"),
    ({"framework_id": "1"}, "Framework: '1' is not an id"),
]


@pytest.mark.parametrize(("change", "message"), BAD_OBJECTIVES)
def test_add_objective_refuses_bad_input_and_writes_nothing(session, world, change, message):
    before = row_counts(session)
    with pytest.raises(PlanEditError) as refused:
        add_objective(session=session, **_objective(world, **change))
    assert refused.value.messages == [message]
    assert row_counts(session) == before


def test_a_code_may_be_reused_in_another_plan_but_not_moved_there(session, world):
    assert (
        add_objective(
            session=session, **_objective(world, code="PREV-O1", framework_id=world["elsewhere"].id)
        ).plan_id
        != world["plan"].id
    )
    before = row_counts(session)
    with pytest.raises(PlanEditError) as refused:
        edit_objective(
            session=session,
            objective_id=world["objective"].id,
            **_objective(world, framework_id=world["elsewhere"].id),
        )
    assert refused.value.messages == [
        f"Framework: no framework with id {world['elsewhere'].id} in this plan"
    ]
    assert row_counts(session) == before


def test_every_problem_is_reported_at_once(session, world):
    with pytest.raises(PlanEditError) as refused:
        add_activity(
            session=session,
            **_activity(
                world,
                code="",
                title=" ",
                planned_start=date(2007, 6, 1),
                planned_end=date(2008, 1, 1),
            ),
        )
    assert refused.value.messages == [
        "Code: must not be empty",
        "Title: must not be empty",
        "Planned end: 01 Jan 2008 is outside the plan period, 01 May 2005 to 31 Dec 2007",
    ]


BAD_ACTIVITIES = [
    (
        {"planned_start": date(2005, 4, 30)},
        "Planned start: 30 Apr 2005 is outside the plan period, 01 May 2005 to 31 Dec 2007",
    ),
    (
        {"planned_end": date(2008, 1, 1)},
        "Planned end: 01 Jan 2008 is outside the plan period, 01 May 2005 to 31 Dec 2007",
    ),
    (
        {"planned_start": date(2006, 6, 2), "planned_end": date(2006, 6, 1)},
        "Planned end: 01 Jun 2006 is before the planned start, 02 Jun 2006",
    ),
    ({"planned_start": None}, "Planned start: give a date"),
    ({"planned_end": "2006-12-31"}, "Planned end: '2006-12-31' is not a date"),
    ({"code": "Prev-A1"}, "Code: 'Prev-A1' is already used by activity PREV-A1 in this plan"),
]


@pytest.mark.parametrize(("change", "message"), BAD_ACTIVITIES)
def test_add_activity_refuses_bad_dates_and_codes(session, world, change, message):
    before = row_counts(session)
    with pytest.raises(PlanEditError) as refused:
        add_activity(session=session, **_activity(world, **change))
    assert refused.value.messages == [message]
    assert row_counts(session) == before


def test_an_objective_code_may_equal_an_activity_code(session, world):
    # Codes are unique among objectives and among activities, each in its own list.
    assert add_activity(session=session, **_activity(world, code="PREV-O1")).code == "PREV-O1"


def test_editing_an_activity_confirms_its_dates(session, world):
    activity = world["activity"]
    edit_activity(
        session=session,
        activity_id=activity.id,
        **_activity(world, code="PREV-A1", planned_end=date(2007, 12, 31)),
    )
    assert (activity.inferred, activity.dates_inferred) == (False, False)
    assert activity.planned_end == date(2007, 12, 31)
    (event,) = _events(session, "activity")
    old, new = json.loads(event.old_value), json.loads(event.new_value)
    assert (old["dates_inferred"], old["title"], old["source"]) == (True, "Study", "IV.A")
    assert (new["dates_inferred"], new["title"], new["planned_end"]) == (
        False,
        "Campaign",
        "2007-12-31",
    )


def test_unknown_activity_is_refused(session, world):
    with pytest.raises(PlanEditError) as refused:
        edit_activity(session=session, activity_id=999_999, **_activity(world))
    assert refused.value.messages == ["Activity: no activity has id 999999"]


def test_set_activity_objectives_replaces_the_links_as_the_coordinators(session, world):
    activity, extra = world["activity"], make_objective(session, world["protection"])
    set_activity_objectives(
        session=session, actor=world["coord"], activity_id=activity.id, objective_ids=[extra.id]
    )
    links = session.scalars(select(ActivityObjective)).all()
    assert [(link.objective_id, link.inferred, link.source) for link in links] == [
        (extra.id, False, "entered by coordinator.one")
    ]
    (event,) = _events(session, "activity_objective")
    assert json.loads(event.old_value) == {
        "objective_ids": [world["objective"].id],
        "inferred_ids": [world["objective"].id],
    }
    assert json.loads(event.new_value) == {"objective_ids": [extra.id], "inferred_ids": []}


def test_objectives_of_another_plan_are_refused(session, world):
    before = row_counts(session)
    other = world["other_objective"].id
    with pytest.raises(PlanEditError) as refused:
        set_activity_objectives(
            session=session,
            actor=world["coord"],
            activity_id=world["activity"].id,
            objective_ids=[world["objective"].id, other, 999_999],
        )
    assert refused.value.messages == [
        f"Objectives: no objective with id {other}, 999999 in this plan"
    ]
    assert row_counts(session) == before


def test_set_activity_agencies_swaps_roles_and_confirms(session, world):
    activity, mlsw, iom, osce = (world[k] for k in ("activity", "mlsw", "iom", "osce"))
    set_activity_agencies(
        session=session,
        actor=world["coord"],
        activity_id=activity.id,
        lead_id=iom.id,
        supporting_ids=[mlsw.id, osce.id],
    )
    rows = session.scalars(select(ActivityAgency).order_by(ActivityAgency.organisation_id)).all()
    assert {(r.organisation_id, r.role, r.inferred) for r in rows} == {
        (mlsw.id, "supporting", False),
        (iom.id, "lead", False),
        (osce.id, "supporting", False),
    }
    (event,) = _events(session, "activity_agency")
    assert json.loads(event.old_value) == {
        "lead_ids": [mlsw.id],
        "supporting_ids": [iom.id],
        "inferred_ids": sorted([mlsw.id, iom.id]),
    }
    assert json.loads(event.new_value) == {
        "lead_ids": [iom.id],
        "supporting_ids": sorted([mlsw.id, osce.id]),
        "inferred_ids": [],
    }


def _bad_agencies(world):
    mlsw, iom = world["mlsw"].id, world["iom"].id
    return [
        ({"lead_id": None}, "Lead agency: choose the one agency that leads the activity"),
        ({"lead_id": [mlsw, iom]}, "Lead agency: an activity has exactly one lead agency"),
        (
            {"supporting_ids": [iom, mlsw]},
            "Supporting agencies: the lead agency cannot also be a supporting agency",
        ),
        (
            {"lead_id": 999_998, "supporting_ids": [999_999]},
            "Agencies: no organisation has id 999998, 999999",
        ),
    ]


def test_set_activity_agencies_refuses_bad_choices(session, world):
    for change, message in _bad_agencies(world):
        before = row_counts(session)
        values = {"lead_id": world["mlsw"].id, "supporting_ids": [world["iom"].id]} | change
        with pytest.raises(PlanEditError) as refused:
            set_activity_agencies(
                session=session, actor=world["coord"], activity_id=world["activity"].id, **values
            )
        assert refused.value.messages == [message]
        assert row_counts(session) == before


def test_save_activity_adds_with_links_or_nothing(session, world):
    links = {"objective_ids": [world["other_objective"].id], "lead_id": None, "supporting_ids": []}
    before = row_counts(session)
    with pytest.raises(PlanEditError) as refused:
        save_activity(session=session, activity_id=None, **_activity(world, **links))
    assert len(refused.value.messages) == 2
    assert row_counts(session) == before
    links = {
        "objective_ids": [world["objective"].id],
        "lead_id": world["osce"].id,
        "supporting_ids": [world["iom"].id],
    }
    activity = save_activity(session=session, activity_id=None, **_activity(world, **links))
    agencies = session.scalars(
        select(ActivityAgency).where(ActivityAgency.activity_id == activity.id)
    ).all()
    assert {(a.organisation_id, a.role) for a in agencies} == {
        (world["osce"].id, "lead"),
        (world["iom"].id, "supporting"),
    }
    assert [
        e.action
        for e in session.scalars(select(AuditEvent).where(AuditEvent.actor == "coordinator.one"))
    ] == ["create", "replace", "replace"]


@pytest.mark.parametrize("role", ["editor", "donor", "admin"])
def test_only_a_coordinator_may_edit_the_plan(session, world, role):
    actor = user(session, role)
    before = row_counts(session)
    calls = [
        lambda: add_objective(session=session, **_objective(world, actor=actor)),
        lambda: edit_activity(
            session=session, activity_id=world["activity"].id, **_activity(world, actor=actor)
        ),
        lambda: set_activity_agencies(
            session=session,
            actor=actor,
            activity_id=world["activity"].id,
            lead_id=world["iom"].id,
            supporting_ids=[],
        ),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied) as refused:
            call()
        assert str(refused.value) == (f"only a coordinator may edit the plan; {role}.one is {role}")
    assert row_counts(session) == before


def test_a_deactivated_coordinator_or_no_one_is_refused(session, world):
    world["coord"].active = False
    for actor in (world["coord"], None, "coordinator.one"):
        with pytest.raises(PermissionDenied, match="only an active, signed-in coordinator"):
            add_objective(session=session, **_objective(world, actor=actor))

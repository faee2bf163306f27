"""Indicator editing: on an objective or an activity, unit or milestone, baseline and target
checked with specific messages; coordinators only; audited; no longer inferred once saved."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from models.entities import AuditEvent, Indicator
from models.services.accounts import create_user
from models.services.authz import Operator
from models.services.errors import PermissionDenied, PlanEditError
from models.services.plan_editing import add_indicator, edit_indicator
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
    framework = make_framework(session, plan)
    objective = make_objective(session, framework, code="PREV-O1")
    activity = make_activity(session, framework, code="PREV-A1")
    indicator = Indicator(
        plan_id=plan.id,
        code="PREV-O1-I1",
        objective_id=objective.id,
        name="Guidelines adopted",
        measure="milestone",
        baseline_value=Decimal(0),
        baseline_date=date(2005, 5, 1),
        target_value=Decimal(1),
        target_date=date(2007, 12, 31),
        inferred=True,
        source="inferred: IV.A",
    )
    session.add(indicator)
    other = make_objective(session, make_framework(session, make_plan(session, code="other")))
    coordinator = create_user(
        session=session,
        username="coord",
        password="long-password-1",
        role="coordinator",
        actor=Operator("test"),
    )
    return {
        "objective": objective,
        "activity": activity,
        "indicator": indicator,
        "other": other,
        "coord": coordinator,
    }


def _indicator(world, **change):
    values = {
        "actor": world["coord"],
        "activity_id": world["activity"].id,
        "code": "PREV-A1-I1",
        "name": "Teachers trained",
        "measure": "unit",
        "unit": "people",
        "direction": "increase",
        "baseline_value": "0",
        "baseline_date": date(2005, 5, 1),
        "target_value": "120.5",
        "target_date": date(2007, 6, 30),
        "means_of_verification": "Training attendance lists",
    }
    return values | change


def test_add_indicator_on_an_activity(session, world):
    indicator = add_indicator(session=session, **_indicator(world))
    assert (indicator.activity_id, indicator.objective_id) == (world["activity"].id, None)
    assert (indicator.target_value, indicator.unit) == (Decimal("120.5"), "people")
    assert (indicator.inferred, indicator.source) == (False, "entered by coord")
    event = session.scalar(select(AuditEvent).where(AuditEvent.entity_type == "indicator"))
    new = json.loads(event.new_value)
    assert (event.action, new["target_value"], new["target_date"]) == (
        "create",
        "120.5",
        "2007-06-30",
    )


def test_editing_an_inferred_indicator_makes_it_the_coordinators(session, world):
    indicator = world["indicator"]
    change = {
        "objective_id": world["objective"].id,
        "activity_id": None,
        "code": "PREV-O1-I1",
        "measure": "milestone",
        "unit": None,
        "baseline_value": 0,
        "target_value": 1,
    }
    edit_indicator(session=session, indicator_id=indicator.id, **_indicator(world, **change))
    assert (indicator.inferred, indicator.source, indicator.name) == (
        False,
        "entered by coord",
        "Teachers trained",
    )
    event = session.scalar(select(AuditEvent).where(AuditEvent.entity_type == "indicator"))
    old, new = json.loads(event.old_value), json.loads(event.new_value)
    assert (old["inferred"], old["source"], old["name"]) == (
        True,
        "inferred: IV.A",
        "Guidelines adopted",
    )
    assert (new["inferred"], new["target_date"]) == (False, "2007-06-30")


def _bad(world):
    return [
        (
            {"objective_id": world["objective"].id},
            "Measures: choose either an objective or an activity, not both",
        ),
        ({"activity_id": None}, "Measures: choose an objective or an activity"),
        ({"activity_id": 999_999}, "Measures: no activity with id 999999 in this plan"),
        (
            {"code": "prev-o1-i1"},
            "Code: 'prev-o1-i1' is already used by indicator PREV-O1-I1 in this plan",
        ),
        ({"name": ""}, "Name: must not be empty"),
        ({"measure": "percent"}, "Measure: 'percent' is not one of unit, milestone"),
        ({"direction": "up"}, "Direction: 'up' is not one of increase, decrease"),
        ({"unit": " "}, "Unit: must not be empty"),
        ({"unit": "u" * 61}, "Unit: is 61 characters long; at most 60 are kept"),
        (
            {"measure": "milestone", "target_value": "1"},
            "Unit: a milestone has no unit: it is reached (1) or not (0)",
        ),
        (
            {"measure": "milestone", "unit": None, "target_value": "2"},
            "Target value: a milestone is 0 (not reached) or 1 (reached), not 2",
        ),
        (
            {"measure": "milestone", "unit": None, "baseline_value": "0.5", "target_value": "1"},
            "Baseline value: a milestone is 0 (not reached) or 1 (reached), not 0.5",
        ),
        ({"baseline_date": None}, "Baseline: give both a value and a date, or neither"),
        ({"baseline_value": ""}, "Baseline: give both a value and a date, or neither"),
        ({"target_value": None}, "Target value: give a value"),
        ({"target_value": "many"}, "Target value: 'many' is not a number"),
        ({"target_value": "1.00001"}, "Target value: 1.00001 has more than four decimal places"),
        (
            {"target_value": "1e15"},
            "Target value: 1e15 is not a number that can be kept (at most 14 digits)",
        ),
        (
            {"target_value": "NaN"},
            "Target value: NaN is not a number that can be kept (at most 14 digits)",
        ),
        (
            {"target_date": date(2008, 6, 30)},
            "Target date: 30 Jun 2008 is outside the plan period, 01 May 2005 to 31 Dec 2007",
        ),
        (
            {"baseline_date": date(2007, 7, 1)},
            "Baseline date: 01 Jul 2007 is after the target date, 30 Jun 2007",
        ),
        (
            {"means_of_verification": "m" * 4001},
            "Means of verification: is 4001 characters long; at most 4000 are kept",
        ),
    ]


def test_add_indicator_refuses_each_bad_input_and_writes_nothing(session, world):
    for change, message in _bad(world):
        before = row_counts(session)
        with pytest.raises(PlanEditError) as refused:
            added = add_indicator(session=session, **_indicator(world, **change))
            pytest.fail(f"{change} was accepted as {added.code}")
        assert refused.value.messages == [message], change
        assert row_counts(session) == before


def test_a_baseline_before_the_plan_is_accepted(session, world):
    # The situation the plan starts from may be measured before it begins.
    day = date(2004, 12, 31)
    assert (
        add_indicator(session=session, **_indicator(world, baseline_date=day)).baseline_date == day
    )


def test_an_indicator_stays_in_its_plan(session, world):
    before = row_counts(session)
    change = {"activity_id": None, "objective_id": world["other"].id, "code": "PREV-O1-I1"}
    with pytest.raises(PlanEditError) as refused:
        edit_indicator(
            session=session, indicator_id=world["indicator"].id, **_indicator(world, **change)
        )
    assert refused.value.messages == [
        f"Measures: no objective with id {world['other'].id} in this plan"
    ]
    assert row_counts(session) == before


@pytest.mark.parametrize("role", ["editor", "donor", "admin"])
def test_only_a_coordinator_may_edit_indicators(session, world, role):
    agency = make_organisation(session, "MLSW").id if role == "editor" else None
    actor = create_user(
        session=session,
        username=f"{role}.one",
        password="long-password-1",
        role=role,
        organisation_acronym_or_id=agency,
        actor=Operator("test"),
    )
    before = row_counts(session)
    with pytest.raises(PermissionDenied, match=f"only a coordinator may edit the plan; {role}"):
        add_indicator(session=session, **_indicator(world, actor=actor))
    with pytest.raises(PermissionDenied):
        edit_indicator(
            session=session, indicator_id=world["indicator"].id, **_indicator(world, actor=actor)
        )
    assert row_counts(session) == before

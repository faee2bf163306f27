"""The checks of an indicator edit: what it measures, its unit or milestone, baseline and
target (see models.services.plan_editing for the services that use them)."""

from __future__ import annotations

from models.codes import INDICATOR_DIRECTIONS, INDICATOR_MEASURES
from models.entities import Activity, Indicator, Objective
from models.i18n import N_
from models.services.plan_checks import (
    TEXT_MAX,
    TITLE_MAX,
    UNIT_MAX,
    Checks,
    plan_period,
    short_date,
    unique_code,
)


def indicator_values(
    session,
    checks,
    record,
    *,
    objective_id=None,
    activity_id=None,
    code,
    name,
    measure,
    unit=None,
    direction="increase",
    baseline_value=None,
    baseline_date=None,
    target_value,
    target_date,
    means_of_verification=None,
):
    plan_id = _measured(session, checks, record, objective_id, activity_id)
    measure = checks.choice(N_("Measure"), measure, INDICATOR_MEASURES)
    values = {
        "code": checks.code(N_("Code"), code),
        "name": checks.text(N_("Name"), name, TITLE_MAX),
        "objective_id": objective_id,
        "activity_id": activity_id,
        "measure": measure,
        "unit": checks.text(N_("Unit"), unit, UNIT_MAX, required=measure == "unit"),
        "direction": checks.choice(N_("Direction"), direction, INDICATOR_DIRECTIONS),
        "baseline_value": checks.number(N_("Baseline value"), baseline_value, required=False),
        "baseline_date": checks.day(N_("Baseline date"), baseline_date, required=False),
        "target_value": checks.number(N_("Target value"), target_value),
        "target_date": checks.day(
            N_("Target date"), target_date, within=plan_period(session, plan_id)
        ),
        "means_of_verification": checks.text(
            N_("Means of verification"), means_of_verification, TEXT_MAX, required=False
        ),
    }
    _check_values(checks, values)
    unique_code(session, checks, Indicator, plan_id, record, values["code"])
    return plan_id, values


def _measured(session, checks, record, objective_id, activity_id) -> int | None:
    """The plan of the objective or activity the indicator measures (one, not both)."""
    if (objective_id is None) == (activity_id is None):
        checks.fail(
            N_("Measures"),
            N_("choose either an objective or an activity, not both")
            if objective_id is not None
            else N_("choose an objective or an activity"),
        )
        return record.plan_id if record else None
    model, key = (Objective, objective_id) if objective_id is not None else (Activity, activity_id)
    key = checks.identifier(N_("Measures"), key)
    target = session.get(model, key) if key is not None else None
    if key is not None and (target is None or record and target.plan_id != record.plan_id):
        checks.fail(
            N_("Measures"),
            N_("no {kind} with id {id} in this plan"),
            kind=model.__tablename__,
            id=key,
        )
    return record.plan_id if record else target and target.plan_id


def _check_values(checks: Checks, values: dict) -> None:
    if (values["baseline_value"] is None) != (values["baseline_date"] is None):
        checks.fail(N_("Baseline"), N_("give both a value and a date, or neither"))
    if values["measure"] == "milestone":
        if values["unit"] is not None:
            checks.fail(N_("Unit"), N_("a milestone has no unit: it is reached (1) or not (0)"))
        for field, label in (
            ("baseline_value", N_("Baseline value")),
            ("target_value", N_("Target value")),
        ):
            if values[field] is not None and values[field] not in (0, 1):
                checks.fail(
                    label,
                    N_("a milestone is 0 (not reached) or 1 (reached), not {value}"),
                    value=values[field],
                )
    start, end = values["baseline_date"], values["target_date"]
    if start and end and start > end:
        checks.fail(
            N_("Baseline date"),
            N_("{day} is after the target date, {end}"),
            day=short_date(start),
            end=short_date(end),
        )

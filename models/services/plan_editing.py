"""Coordinators edit the plan: objectives, activities (with their objectives and agencies)
and indicators.

Provenance: what a coordinator creates or saves is their word, neither the report's nor a
proposal. Each record they create or change gets `inferred=False` and the source
"entered by <username>"; what it had before (a report section, or the reasoning behind an
inference) stays in the audit event's old value. Saving an activity confirms its dates too
(`dates_inferred=False`); saving its objectives or agencies confirms those links. Saving a
record that is already the user's word, unchanged, writes nothing.

Every check runs before anything is written and all problems are reported together
(`PlanEditError.messages`). The caller owns the transaction; each write is audited with old
and new values.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models.entities import Activity, Framework, Indicator, Objective, User
from models.i18n import N_, _
from models.services import audit
from models.services.authz import require_role
from models.services.errors import PlanEditError
from models.services.indicator_checks import indicator_values
from models.services.plan_checks import (
    TEXT_MAX,
    TITLE_MAX,
    Checks,
    plan_period,
    short_date,
    unique_code,
)
from models.services.plan_links import (
    checked_agencies,
    checked_objectives,
    entered_by,
    write_agencies,
    write_objective_links,
)

__all__ = [
    "PlanEditError",
    "add_objective",
    "edit_objective",
    "add_activity",
    "edit_activity",
    "save_activity",
    "set_activity_objectives",
    "set_activity_agencies",
    "add_indicator",
    "edit_indicator",
]

_TEXT = ("framework_id", "code", "title", "description")
OBJECTIVE_FIELDS = (*_TEXT, "source", "inferred")
ACTIVITY_FIELDS = (*_TEXT, "planned_start", "planned_end", "dates_inferred", "source", "inferred")
INDICATOR_FIELDS = (
    "code",
    "name",
    "objective_id",
    "activity_id",
    "measure",
    "unit",
    "direction",
    "baseline_value",
    "baseline_date",
    "target_value",
    "target_date",
    "means_of_verification",
    "source",
    "inferred",
)


def add_objective(*, session: Session, actor: User, **fields: Any) -> Objective:
    """fields: framework_id, code, title, description."""
    return _save(session, actor, Objective, None, fields)


def edit_objective(*, session: Session, actor: User, objective_id: int, **fields) -> Objective:
    """fields: framework_id, code, title, description."""
    return _save(session, actor, Objective, objective_id, fields)


def add_activity(*, session: Session, actor: User, **fields: Any) -> Activity:
    """fields: framework_id, code, title, description, planned_start, planned_end."""
    return _save(session, actor, Activity, None, fields)


def edit_activity(*, session: Session, actor: User, activity_id: int, **fields) -> Activity:
    """fields: framework_id, code, title, description, planned_start, planned_end."""
    return _save(session, actor, Activity, activity_id, fields)


def add_indicator(*, session: Session, actor: User, **fields: Any) -> Indicator:
    """fields: code, name, objective_id or activity_id, measure, unit, direction,
    baseline_value, baseline_date, target_value, target_date, means_of_verification."""
    return _save(session, actor, Indicator, None, fields)


def edit_indicator(*, session: Session, actor: User, indicator_id: int, **fields) -> Indicator:
    """fields as for add_indicator; the indicator stays in its plan."""
    return _save(session, actor, Indicator, indicator_id, fields)


def save_activity(
    *,
    session: Session,
    actor: User,
    activity_id: int | None,
    objective_ids,
    lead_id,
    supporting_ids,
    **fields: Any,
) -> Activity:
    """Add (activity_id None) or edit an activity with its objectives and agencies in one
    go, the problems of all three reported together."""
    checks, activity, plan_id, values = _checked(session, actor, Activity, activity_id, fields)
    objectives = checked_objectives(session, checks, plan_id, objective_ids)
    agencies = checked_agencies(session, checks, lead_id, supporting_ids)
    checks.done()
    activity = _write(session, actor, Activity, activity, plan_id, values)
    write_objective_links(session, actor, activity, objectives)
    write_agencies(session, actor, activity, *agencies)
    return activity


def set_activity_objectives(
    *, session: Session, actor: User, activity_id: int, objective_ids
) -> Activity:
    """The objectives the activity serves: exactly these, all in the activity's plan."""
    _authorise(actor)
    activity = _existing(session, Activity, activity_id)
    checks = Checks()
    ids = checked_objectives(session, checks, activity.plan_id, objective_ids)
    checks.done()
    write_objective_links(session, actor, activity, ids)
    return activity


def set_activity_agencies(
    *, session: Session, actor: User, activity_id: int, lead_id, supporting_ids
) -> Activity:
    """One lead agency and any number of supporting ones (the lead not among them)."""
    _authorise(actor)
    activity = _existing(session, Activity, activity_id)
    checks = Checks()
    agencies = checked_agencies(session, checks, lead_id, supporting_ids)
    checks.done()
    write_agencies(session, actor, activity, *agencies)
    return activity


def _authorise(actor: Any) -> User:
    return require_role(actor, "coordinator", action=N_("edit the plan"))


def _save(session: Session, actor: User, model, key, fields: dict):
    checks, record, plan_id, values = _checked(session, actor, model, key, fields)
    checks.done()
    return _write(session, actor, model, record, plan_id, values)


def _checked(session: Session, actor: User, model, key, fields: dict):
    """(checks, record or None, plan id, cleaned values): permission first, then every field."""
    _authorise(actor)
    record = None if key is None else _existing(session, model, key)
    checks = Checks()
    plan_id, values = _VALUES[model](session, checks, record, **fields)
    return checks, record, plan_id, values


def _write(session: Session, actor: User, model, record, plan_id, values: dict):
    """Set `values` on `record` as the actor's word, audited; nothing if nothing would change."""
    wanted = {**values, **entered_by(actor)}
    if record is not None and all(
        getattr(record, k) == v for k, v in wanted.items() if k != "source"
    ):
        return record
    fields = _FIELDS[model]
    old = None if record is None else _snapshot(record, fields)
    if record is None:
        record = _new(session, model, plan_id, values)
    for field, value in wanted.items():
        setattr(record, field, value)
    session.add(record)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="create" if old is None else "update",
        entity_type=record.__tablename__,
        entity_id=record.id,
        old=old,
        new=_snapshot(record, fields),
    )
    return record


def _new(session: Session, model, plan_id: int, values: dict):
    if model is Indicator:
        return Indicator(plan_id=plan_id)
    # New objectives and activities go last in their framework.
    query = select(func.max(model.position)).where(model.framework_id == values["framework_id"])
    return model(plan_id=plan_id, position=(session.scalar(query) or 0) + 1)


def _snapshot(record, fields: tuple[str, ...]) -> dict[str, Any]:
    return {field: getattr(record, field) for field in fields}


def _existing(session: Session, model, key):
    noun = model.__tablename__
    found = session.get(model, key) if isinstance(key, int) and not isinstance(key, bool) else None
    if found is None:
        problem = _("no {kind} has id {id}").format(kind=noun, id=repr(key))
        raise PlanEditError([f"{noun.title()}: {problem}"])
    return found


def _objective_values(session, checks, record, **fields):
    return _framework_values(session, checks, Objective, record, **fields)


def _framework_values(session, checks, model, record, *, framework_id, code, title, description):
    """(plan id, values) of an objective or activity's framework, code, title, description."""
    key = checks.identifier(N_("Framework"), framework_id)
    framework = session.get(Framework, key) if key is not None else None
    if key is not None and (framework is None or record and framework.plan_id != record.plan_id):
        checks.fail(N_("Framework"), N_("no framework with id {id} in this plan"), id=key)
        framework = None
    plan_id = record.plan_id if record else framework and framework.plan_id
    code = checks.code(N_("Code"), code)
    unique_code(session, checks, model, plan_id, record, code)
    return plan_id, {
        "framework_id": key,
        "code": code,
        "title": checks.text(N_("Title"), title, TITLE_MAX),
        "description": checks.text(N_("Description"), description, TEXT_MAX),
    }


def _activity_values(session, checks, record, *, planned_start, planned_end, **fields):
    plan_id, values = _framework_values(session, checks, Activity, record, **fields)
    period = plan_period(session, plan_id)
    start = checks.day(N_("Planned start"), planned_start, within=period)
    end = checks.day(N_("Planned end"), planned_end, within=period)
    if start and end and end < start:
        checks.fail(
            N_("Planned end"),
            N_("{day} is before the planned start, {start}"),
            day=short_date(end),
            start=short_date(start),
        )
    return plan_id, {**values, "planned_start": start, "planned_end": end, "dates_inferred": False}


_FIELDS = {Objective: OBJECTIVE_FIELDS, Activity: ACTIVITY_FIELDS, Indicator: INDICATOR_FIELDS}
_VALUES = {Objective: _objective_values, Activity: _activity_values, Indicator: indicator_values}

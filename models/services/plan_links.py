"""An activity's links: the objectives it serves, the agency that leads it and those that
support it. Checked with the rest of an edit (see models.services.plan_editing), then replaced as a
whole: a link a coordinator saves is their word, no longer the seed's inference."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.entities import (
    Activity,
    ActivityAgency,
    ActivityObjective,
    Objective,
    Organisation,
    User,
)
from models.i18n import N_
from models.services import audit
from models.services.plan_checks import Checks


def entered_by(actor: User) -> dict[str, Any]:
    """Provenance of what a coordinator enters: not inferred, and who said so."""
    return {"inferred": False, "source": f"entered by {actor.username}"}


def checked_objectives(session: Session, checks: Checks, plan_id: int | None, ids) -> set[int]:
    """The objective ids, each of an objective in the plan."""
    wanted = _ids(checks, N_("Objectives"), ids)
    if plan_id is None or not wanted:
        return wanted
    query = select(Objective.id).where(Objective.id.in_(wanted), Objective.plan_id == plan_id)
    missing = sorted(wanted - set(session.scalars(query)))
    if missing:
        checks.fail(
            N_("Objectives"), N_("no objective with id {ids} in this plan"), ids=_listed(missing)
        )
    return wanted


def checked_agencies(session: Session, checks: Checks, lead_id, supporting_ids) -> tuple:
    """The lead (exactly one) and the supporting agencies, none of them the lead."""
    lead = None
    if lead_id is None:
        checks.fail(N_("Lead agency"), N_("choose the one agency that leads the activity"))
    elif isinstance(lead_id, list | tuple | set):
        checks.fail(N_("Lead agency"), N_("an activity has exactly one lead agency"))
    else:
        lead = checks.identifier(N_("Lead agency"), lead_id)
    supporting = _ids(checks, N_("Supporting agencies"), supporting_ids)
    if lead is not None and lead in supporting:
        checks.fail(
            N_("Supporting agencies"), N_("the lead agency cannot also be a supporting agency")
        )
    named = supporting | ({lead} if lead is not None else set())
    found = set(session.scalars(select(Organisation.id).where(Organisation.id.in_(named))))
    missing = sorted(named - found)
    if missing:
        checks.fail(N_("Agencies"), N_("no organisation has id {ids}"), ids=_listed(missing))
    return lead, supporting


def write_objective_links(session: Session, actor: User, activity: Activity, ids: set[int]):
    rows = _rows(session, ActivityObjective, activity)
    current = {row.objective_id: row for row in rows}
    if set(current) == ids and not any(row.inferred for row in rows):
        return
    old = {"objective_ids": sorted(current), "inferred_ids": _inferred(rows, "objective_id")}
    for key, row in current.items():
        if key in ids:
            _confirm(row, actor)
        else:
            session.delete(row)
    for key in sorted(ids - set(current)):
        session.add(
            ActivityObjective(activity_id=activity.id, objective_id=key, **entered_by(actor))
        )
    _audit(
        session,
        actor,
        ActivityObjective,
        activity,
        old,
        {"objective_ids": sorted(ids), "inferred_ids": []},
    )


def write_agencies(session: Session, actor: User, activity: Activity, lead: int, supporting):
    rows = _rows(session, ActivityAgency, activity)
    current = {row.organisation_id: row for row in rows}
    wanted = dict.fromkeys(supporting, "supporting") | {lead: "lead"}
    if {k: r.role for k, r in current.items()} == wanted and not any(r.inferred for r in rows):
        return
    old = _roles({k: r.role for k, r in current.items()}) | {
        "inferred_ids": _inferred(rows, "organisation_id")
    }
    for key, row in current.items():
        if key in wanted:
            row.role = wanted[key]
            _confirm(row, actor)
        else:
            session.delete(row)
    for key in sorted(set(wanted) - set(current)):
        session.add(
            ActivityAgency(
                activity_id=activity.id, organisation_id=key, role=wanted[key], **entered_by(actor)
            )
        )
    _audit(session, actor, ActivityAgency, activity, old, _roles(wanted) | {"inferred_ids": []})


def _ids(checks: Checks, label: str, ids) -> set[int]:
    keys = (checks.identifier(label, raw) for raw in (ids or ()))
    return {key for key in keys if key is not None}


def _listed(keys: list[int]) -> str:
    return ", ".join(str(key) for key in keys)


def _rows(session: Session, model, activity: Activity) -> list:
    return list(session.scalars(select(model).where(model.activity_id == activity.id)))


def _inferred(rows: list, key: str) -> list[int]:
    return sorted(getattr(row, key) for row in rows if row.inferred)


def _roles(roles: dict[int, str]) -> dict[str, list[int]]:
    return {
        "lead_ids": sorted(k for k, role in roles.items() if role == "lead"),
        "supporting_ids": sorted(k for k, role in roles.items() if role == "supporting"),
    }


def _confirm(row, actor: User) -> None:
    for field, value in entered_by(actor).items():
        setattr(row, field, value)


def _audit(session: Session, actor: User, model, activity: Activity, old: dict, new: dict):
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="replace",
        entity_type=model.__tablename__,
        entity_id=activity.id,
        old=old,
        new=new,
    )

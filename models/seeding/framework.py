"""Seed loader for one framework file: the framework, its agencies, objectives, activities,
which objectives each activity serves, who leads and supports it, and the indicators."""

from __future__ import annotations

from datetime import date

from models.codes import (
    ACTIVITY_ROLES,
    FRAMEWORK_KINDS,
    INDICATOR_DIRECTIONS,
    INDICATOR_MEASURES,
)
from models.entities import (
    ActionPlan,
    Activity,
    ActivityAgency,
    ActivityObjective,
    Framework,
    FrameworkAgency,
    Indicator,
    Objective,
)
from models.seeding.files import Counts, Record, resolve, rows_of

FRAMEWORK_TABLES = [
    m.__tablename__
    for m in (Framework, FrameworkAgency, Objective, Activity, ActivityObjective)
    + (ActivityAgency, Indicator)
]


def seed_framework(
    counts: Counts, plan: ActionPlan, file: Record, position: int, orgs: dict[str, int]
) -> None:
    framework = _framework(counts, plan, file.child("framework"), position)

    def agency(r: Record, position: int) -> dict:
        named_as = r.get("named_as")
        link = {"organisation_id": resolve(r, orgs), "named_as": named_as, "position": position}
        return {"framework_id": framework.id, **link, **r.sourced()}

    key = ("framework_id", "organisation_id")
    counts.add(FrameworkAgency, key, rows_of(file.children("agencies"), agency))
    owner = {"plan_id": plan.id, "framework_id": framework.id}

    def objective(r: Record, position: int) -> dict:
        return {**owner, **_text(r), "description": r.get("description"), "position": position}

    def activity(r: Record, position: int) -> dict:
        return {**owner, **_text(r), **_dates(r), "position": position}

    key = ("plan_id", "code")
    objectives = counts.add(Objective, key, rows_of(file.children("objectives"), objective))
    records = list(file.children("activities"))
    activities = counts.add(Activity, key, rows_of(records, activity))
    objective_ids = {code: o.id for (_, code), o in objectives.items()}
    activity_ids = {code: a.id for (_, code), a in activities.items()}
    _activity_links(counts, records, activity_ids, objective_ids, orgs)
    _indicators(counts, plan, file, {"objective": objective_ids, "activity": activity_ids})


def _framework(counts: Counts, plan: ActionPlan, r: Record, position: int) -> Framework:
    values = {
        "plan_id": plan.id,
        "code": r.get("code"),
        "kind": r.get("kind", choices=FRAMEWORK_KINDS),
        "name": r.get("name"),
        "description": r.get("description", required=False),
        "target_date": r.get("target_date", date),
        "position": position,
        **r.sourced(),
    }
    found = counts.add(Framework, ("plan_id", "code"), [(r.where, values)])
    return found[(plan.id, values["code"])]


def _text(r: Record) -> dict:
    return {"code": r.get("code"), "title": r.get("title"), **r.sourced()}


def _dates(r: Record) -> dict:
    start, end = r.get("planned_start", date), r.get("planned_end", date)
    if end < start:
        raise r.fail("planned_end is before planned_start")
    return {
        "description": r.get("description"),
        "planned_start": start,
        "planned_end": end,
        "dates_inferred": r.flag("dates_inferred"),
    }


def _lookup(r: Record, key: str, ids: dict[str, int]) -> int:
    code = r.get(key)
    if code not in ids:
        raise r.fail(f"{key} {code!r} is not in this framework's file")
    return ids[code]


def _activity_links(counts: Counts, records, activity_ids, objective_ids, orgs) -> None:
    served, agencies = [], []
    for a in records:
        activity_id = activity_ids[a.get("code")]
        for o in a.children("objectives", required=False):
            link = {"objective_id": _lookup(o, "objective", objective_ids), **o.sourced()}
            served.append((o.where, {"activity_id": activity_id, **link}))
        roles = []
        for g in a.children("agencies", required=False):
            roles.append(g.get("role", choices=ACTIVITY_ROLES))
            link = {"organisation_id": resolve(g, orgs), "role": roles[-1], **g.sourced()}
            agencies.append((g.where, {"activity_id": activity_id, **link}))
        # Status reports are filed by the lead agency, so there must be exactly one.
        if roles and roles.count("lead") != 1:
            raise a.fail("an activity with agencies needs exactly one lead")
    counts.add(ActivityObjective, ("activity_id", "objective_id"), served)
    counts.add(ActivityAgency, ("activity_id", "organisation_id"), agencies)


def _indicators(counts: Counts, plan: ActionPlan, file: Record, owners: dict) -> None:
    def indicator(r: Record, _position: int) -> dict:
        kinds = [kind for kind in owners if kind in r.data]
        if len(kinds) != 1:
            raise r.fail("an indicator needs exactly one of 'objective' or 'activity'")
        return {
            "plan_id": plan.id,
            "code": r.get("code"),
            "name": r.get("name"),
            f"{kinds[0]}_id": _lookup(r, kinds[0], owners[kinds[0]]),
            "measure": r.get("measure", choices=INDICATOR_MEASURES),
            "unit": r.get("unit", required=False),
            "direction": r.get("direction", choices=INDICATOR_DIRECTIONS),
            "baseline_value": r.number("baseline_value", required=False),
            "baseline_date": r.get("baseline_date", date, required=False),
            "target_value": r.number("target_value", required=False),
            "target_date": r.get("target_date", date, required=False),
            "means_of_verification": r.get("means_of_verification", required=False),
            **r.sourced(),
        }

    rows = rows_of(file.children("indicators", required=False), indicator)
    counts.add(Indicator, ("plan_id", "code"), rows)

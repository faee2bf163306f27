"""Reads behind the Agencies page: who leads and supports what, one statement each."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine, and_, case, func, select

from models.entities import Activity, ActivityAgency, Framework, Organisation
from models.queries._frame import frame
from models.queries.translations import marked


def _agency_label():
    return func.coalesce(Organisation.acronym, Organisation.name)


def _link_filter(plan_id: int, framework_ids: list[int] | None, agency_id: int | None):
    # The agency filter keeps that agency's own links: the matrix then shows its row only.
    clauses = [Activity.plan_id == plan_id]
    if framework_ids:
        clauses.append(Activity.framework_id.in_(framework_ids))
    if agency_id is not None:
        clauses.append(ActivityAgency.organisation_id == agency_id)
    return and_(*clauses)


def _links_from(stmt):
    return (
        stmt.select_from(ActivityAgency)
        .join(Activity, Activity.id == ActivityAgency.activity_id)
        .join(Framework, Framework.id == Activity.framework_id)
        .join(Organisation, Organisation.id == ActivityAgency.organisation_id)
    )


def role_counts(
    engine: Engine,
    plan_id: int,
    *,
    framework_ids: list[int] | None = None,
    agency_id: int | None = None,
) -> pd.DataFrame:
    """Per agency, framework and role: how many activities, and how many links are inferred."""
    label = _agency_label()
    stmt = _links_from(
        select(
            Organisation.id.label("organisation_id"),
            label.label("agency"),
            Framework.id.label("framework_id"),
            Framework.code.label("framework_code"),
            marked("framework", "title", Framework.id, Framework.name).label("framework"),
            Framework.position.label("framework_position"),
            ActivityAgency.role,
            func.count(ActivityAgency.activity_id).label("activities"),
            func.sum(case((ActivityAgency.inferred, 1), else_=0)).label("inferred_links"),
        )
    )
    stmt = (
        stmt.where(_link_filter(plan_id, framework_ids, agency_id))
        .group_by(
            Organisation.id,
            label,
            Framework.id,
            Framework.code,
            Framework.name,
            Framework.position,
            ActivityAgency.role,
        )
        .order_by(Framework.position, label, ActivityAgency.role)
    )
    counts = frame(engine, stmt)
    return counts.astype({"activities": int, "inferred_links": int})


def activity_links(
    engine: Engine,
    plan_id: int,
    *,
    framework_ids: list[int] | None = None,
    agency_id: int | None = None,
) -> pd.DataFrame:
    """One row per agency and activity it leads or supports, in plan order."""
    stmt = _links_from(
        select(
            ActivityAgency.activity_id,
            Activity.code,
            Activity.title,
            Framework.code.label("framework_code"),
            ActivityAgency.organisation_id,
            _agency_label().label("agency"),
            ActivityAgency.role,
            ActivityAgency.inferred,
            ActivityAgency.source,
        )
    )
    stmt = stmt.where(_link_filter(plan_id, framework_ids, agency_id)).order_by(
        Framework.position,
        Activity.position,
        Activity.code,
        ActivityAgency.role,
        _agency_label(),
    )
    links = frame(engine, stmt)
    return links.astype({"inferred": bool})

"""Reads behind the dashboard: activities, the latest approved report as of a date, history.

Each function is one statement whatever the plan's size; SQL picks the latest report per
activity with a window function instead of shipping every report to Python.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import Engine, and_, extract, func, select

from models.entities import (
    Activity,
    ActivityAgency,
    AuditEvent,
    DataChange,
    Framework,
    Organisation,
    StatusUpdate,
)
from models.entities.versions import ALL_PLANS
from models.queries._frame import frame
from models.queries.translations import translated


def data_version(engine: Engine) -> tuple:
    """Changes whenever data the dashboard reads changes: the key of its caches.

    Every write leaves an audit event (approvals and returns included); the newest report id
    also catches a bulk load that wrote reports directly. Both are one index lookup: a
    count(*) here would read a whole index on every page run.
    """
    with engine.connect() as connection:
        audit = connection.scalar(select(func.max(AuditEvent.id)))
        last = connection.scalar(select(func.max(StatusUpdate.id)))
    return (audit, last)


def plan_versions(engine: Engine, plan_id: int, kinds: tuple[str, ...]) -> tuple:
    """The cache versions of `kinds` in the plan, and of data every plan shows (plan 0): one
    index seek each (models/entities/versions.py explains the scheme)."""

    def newest(plan: int, kind: str):
        return (
            select(func.max(DataChange.id))
            .where(DataChange.plan_id == plan, DataChange.kind == kind)
            .scalar_subquery()
        )

    columns = [newest(plan_id, kind) for kind in kinds]
    columns += [newest(ALL_PLANS, kind) for kind in kinds]
    with engine.connect() as connection:
        return tuple(connection.execute(select(*columns)).one())


def _activity_filter(plan_id: int, framework_ids: list[int] | None, agency_id: int | None):
    clauses = [Activity.plan_id == plan_id]
    if framework_ids:
        clauses.append(Activity.framework_id.in_(framework_ids))
    if agency_id is not None:
        involved = select(ActivityAgency.activity_id).where(
            ActivityAgency.organisation_id == agency_id
        )
        clauses.append(Activity.id.in_(involved))
    return and_(*clauses)


def activities(
    engine: Engine,
    plan_id: int,
    *,
    framework_ids: list[int] | None = None,
    agency_id: int | None = None,
) -> pd.DataFrame:
    """The plan's activities with framework and lead agency, in plan order; titles in the
    run's language where translated (`untranslated`, `framework_untranslated` where not)."""
    lead = (
        select(
            ActivityAgency.activity_id,
            func.min(func.coalesce(Organisation.acronym, Organisation.name)).label("lead"),
        )
        .join(Organisation, Organisation.id == ActivityAgency.organisation_id)
        .join(Activity, Activity.id == ActivityAgency.activity_id)
        # The plan's links only, before grouping: not every plan's.
        .where(Activity.plan_id == plan_id, ActivityAgency.role == "lead")
        .group_by(ActivityAgency.activity_id)
        .subquery()
    )
    title, untranslated = translated("activity", "title", Activity.id, Activity.title)
    framework, framework_untranslated = translated(
        "framework", "title", Framework.id, Framework.name
    )
    stmt = (
        select(
            Activity.id,
            Activity.code,
            title.label("title"),
            untranslated.label("untranslated"),
            Activity.framework_id,
            Framework.code.label("framework_code"),
            framework.label("framework"),
            framework_untranslated.label("framework_untranslated"),
            Activity.planned_start,
            Activity.planned_end,
            func.coalesce(lead.c.lead, "").label("lead"),
        )
        .join(Framework, Framework.id == Activity.framework_id)
        .outerjoin(lead, lead.c.activity_id == Activity.id)
        .where(_activity_filter(plan_id, framework_ids, agency_id))
        .order_by(Framework.position, Activity.position, Activity.code)
    )
    return frame(engine, stmt)


def latest_approved(engine: Engine, plan_id: int, as_of: date) -> pd.DataFrame:
    """Per activity, the latest approved report dated on or before `as_of`."""
    ranked = (
        select(
            StatusUpdate.id,
            StatusUpdate.activity_id,
            StatusUpdate.report_date,
            StatusUpdate.status,
            StatusUpdate.percent_complete,
            StatusUpdate.narrative,
            StatusUpdate.illustrative,
            Organisation.acronym.label("reported_by"),
            func.row_number()
            .over(
                partition_by=StatusUpdate.activity_id,
                order_by=(StatusUpdate.report_date.desc(), StatusUpdate.id.desc()),
            )
            .label("rank"),
        )
        .join(Activity, Activity.id == StatusUpdate.activity_id)
        .join(Organisation, Organisation.id == StatusUpdate.organisation_id)
        .where(
            Activity.plan_id == plan_id,
            StatusUpdate.state == "approved",
            StatusUpdate.report_date <= as_of,
        )
        .subquery()
    )
    stmt = select(*[c for c in ranked.c if c.name != "rank"]).where(ranked.c.rank == 1)
    return frame(engine, stmt)


def monthly_history(engine: Engine, plan_id: int, until: date) -> pd.DataFrame:
    """Per activity and month, the last approved report of that month (for progress lines)."""
    month_index = extract("year", StatusUpdate.report_date) * 12 + extract(
        "month", StatusUpdate.report_date
    )
    ranked = (
        select(
            StatusUpdate.activity_id,
            month_index.label("month_index"),
            StatusUpdate.status,
            StatusUpdate.percent_complete,
            func.row_number()
            .over(
                partition_by=(StatusUpdate.activity_id, month_index),
                order_by=(StatusUpdate.report_date.desc(), StatusUpdate.id.desc()),
            )
            .label("rank"),
        )
        .join(Activity, Activity.id == StatusUpdate.activity_id)
        .where(
            Activity.plan_id == plan_id,
            StatusUpdate.state == "approved",
            StatusUpdate.report_date <= until,
        )
        .subquery()
    )
    stmt = select(
        ranked.c.activity_id, ranked.c.month_index, ranked.c.status, ranked.c.percent_complete
    ).where(ranked.c.rank == 1)
    return frame(engine, stmt)


def default_as_of(engine: Engine, plan_id: int) -> date | None:
    """The date of the latest approved report in the plan: the dashboard's default view."""
    stmt = (
        select(func.max(StatusUpdate.report_date))
        .join(Activity, Activity.id == StatusUpdate.activity_id)
        .where(Activity.plan_id == plan_id, StatusUpdate.state == "approved")
    )
    with engine.connect() as connection:
        return connection.scalar(stmt)


def agencies_in_plan(engine: Engine, plan_id: int) -> pd.DataFrame:
    """Organisations that lead or support at least one activity of the plan."""
    stmt = (
        select(Organisation.id, Organisation.acronym, Organisation.name)
        .where(
            Organisation.id.in_(
                select(ActivityAgency.organisation_id)
                .join(Activity, Activity.id == ActivityAgency.activity_id)
                .where(Activity.plan_id == plan_id)
            )
        )
        .order_by(func.coalesce(Organisation.acronym, Organisation.name))
    )
    return frame(engine, stmt)

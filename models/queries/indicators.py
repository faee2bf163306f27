"""Reads behind the Indicators page: each indicator with its latest approved value, and history.

Scope follows the sidebar's filters. An activity's indicator is in view when its activity is
(framework, and the agency leads or supports it). An objective's indicator is in view when the
objective's framework is chosen and, with an agency chosen, when at least one activity serving
the objective (activity_objective) involves that agency: an objective has no agencies of its
own, so the agencies of its activities are the ones answerable for it.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import Engine, and_, case, func, or_, select

from models.entities import (
    Activity,
    ActivityAgency,
    ActivityObjective,
    Framework,
    Indicator,
    IndicatorValue,
    Objective,
)
from models.queries._frame import frame
from models.queries.translations import marked


def _latest_approved(plan_id: int, as_of: date):
    """Per indicator, the latest approved value dated on or before `as_of` (ties: highest id)."""
    ranked = (
        select(
            IndicatorValue.indicator_id,
            IndicatorValue.value.label("latest_value"),
            IndicatorValue.value_date.label("latest_date"),
            IndicatorValue.illustrative.label("latest_illustrative"),
            func.row_number()
            .over(
                partition_by=IndicatorValue.indicator_id,
                order_by=(IndicatorValue.value_date.desc(), IndicatorValue.id.desc()),
            )
            .label("rank"),
        )
        .join(Indicator, Indicator.id == IndicatorValue.indicator_id)
        .where(
            Indicator.plan_id == plan_id,
            IndicatorValue.state == "approved",
            IndicatorValue.value_date <= as_of,
        )
        .subquery()
    )
    return select(*[c for c in ranked.c if c.name != "rank"]).where(ranked.c.rank == 1).subquery()


def _scope(framework_ids: list[int] | None, agency_id: int | None) -> list:
    """WHERE clauses for the sidebar's filters (see the module docstring)."""
    clauses = []
    if framework_ids:
        clauses.append(Framework.id.in_(framework_ids))
    if agency_id is not None:
        activities = select(ActivityAgency.activity_id).where(
            ActivityAgency.organisation_id == agency_id
        )
        objectives = select(ActivityObjective.objective_id).where(
            ActivityObjective.activity_id.in_(activities)
        )
        clauses.append(
            or_(Indicator.activity_id.in_(activities), Indicator.objective_id.in_(objectives))
        )
    return clauses


def indicators(
    engine: Engine,
    plan_id: int,
    as_of: date,
    *,
    framework_ids: list[int] | None = None,
    agency_id: int | None = None,
) -> pd.DataFrame:
    """Every indicator in view with its owner, framework and latest approved value, in one
    statement; indicators without an approved value have missing latest_* columns."""
    latest = _latest_approved(plan_id, as_of)
    framework_id = func.coalesce(Objective.framework_id, Activity.framework_id)
    stmt = (
        select(
            Indicator.id,
            Indicator.code,
            Indicator.name,
            Indicator.measure,
            Indicator.unit,
            Indicator.direction,
            Indicator.baseline_value,
            Indicator.baseline_date,
            Indicator.target_value,
            Indicator.target_date,
            Indicator.means_of_verification,
            Indicator.inferred,
            Indicator.source,
            Framework.id.label("framework_id"),
            marked("framework", "title", Framework.id, Framework.name).label("framework"),
            case((Indicator.objective_id.is_not(None), "objective"), else_="activity").label(
                "owner_kind"
            ),
            func.coalesce(Objective.code, Activity.code).label("owner_code"),
            func.coalesce(Objective.title, Activity.title).label("owner_title"),
            latest.c.latest_value,
            latest.c.latest_date,
            latest.c.latest_illustrative,
        )
        .outerjoin(Objective, Objective.id == Indicator.objective_id)
        .outerjoin(Activity, Activity.id == Indicator.activity_id)
        .join(Framework, Framework.id == framework_id)
        .outerjoin(latest, latest.c.indicator_id == Indicator.id)
        .where(and_(Indicator.plan_id == plan_id, *_scope(framework_ids, agency_id)))
        .order_by(
            Framework.position,
            Indicator.objective_id.is_(None),
            func.coalesce(Objective.position, Activity.position),
            Indicator.code,
        )
    )
    return frame(engine, stmt)


def approved_values(
    engine: Engine, indicator_id: int, as_of: date, plan_id: int | None = None
) -> pd.DataFrame:
    """An indicator's approved values dated on or before `as_of`, oldest first (none if
    `plan_id` is given and the indicator is not the plan's)."""
    stmt = (
        select(
            IndicatorValue.id,
            IndicatorValue.value_date,
            IndicatorValue.value,
            IndicatorValue.illustrative,
        )
        .where(
            IndicatorValue.indicator_id == indicator_id,
            IndicatorValue.state == "approved",
            IndicatorValue.value_date <= as_of,
        )
        .order_by(IndicatorValue.value_date, IndicatorValue.id)
    )
    if plan_id is not None:
        stmt = stmt.join(Indicator, Indicator.id == IndicatorValue.indicator_id).where(
            Indicator.plan_id == plan_id
        )
    return frame(engine, stmt)

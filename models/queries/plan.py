"""The plan as stated: frameworks, objectives, activities and the agencies behind them."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Engine, select

from models.entities import (
    ActionPlan,
    Activity,
    ActivityAgency,
    ActivityObjective,
    Framework,
    FrameworkAgency,
    Objective,
    Organisation,
    PlanDonor,
)
from models.queries._frame import frame
from models.queries.translations import translated_columns


def plans(engine: Engine) -> pd.DataFrame:
    """Every plan in the database, oldest period first."""
    stmt = select(
        ActionPlan.id,
        ActionPlan.code,
        ActionPlan.country,
        ActionPlan.title,
        ActionPlan.period_start,
        ActionPlan.target_date,
        ActionPlan.description,
        ActionPlan.source,
        ActionPlan.inferred,
    ).order_by(ActionPlan.period_start, ActionPlan.code)
    return frame(engine, stmt)


@dataclass(frozen=True)
class PlanOutline:
    frameworks: pd.DataFrame
    objectives: pd.DataFrame
    activities: pd.DataFrame
    framework_agencies: pd.DataFrame
    activity_agencies: pd.DataFrame
    activity_objectives: pd.DataFrame
    donors: pd.DataFrame


def plan_outline(engine: Engine, plan_id: int) -> PlanOutline:
    """Everything needed to show one plan's structure, in seven set-based queries.

    Titles and descriptions of frameworks (`name`), objectives and activities are in the
    run's language where translated (models/queries/translations.py), flagged `untranslated`
    / `description_untranslated` where they fell back to the source, which is kept as
    `original_name` / `original_title` and `original_description`.
    """
    return PlanOutline(
        frameworks=frame(engine, _frameworks(plan_id)),
        objectives=frame(engine, _objectives(plan_id)),
        activities=frame(engine, _activities(plan_id)),
        framework_agencies=frame(engine, _framework_agencies(plan_id)),
        activity_agencies=frame(engine, _activity_agencies(plan_id)),
        activity_objectives=frame(engine, _activity_objectives(plan_id)),
        donors=frame(engine, _donors(plan_id)),
    )


def _frameworks(plan_id: int):
    return (
        select(
            Framework.id,
            Framework.code,
            Framework.kind,
            *translated_columns(
                "framework",
                Framework.id,
                title=Framework.name,
                description=Framework.description,
                label="name",
            ),
            Framework.target_date,
            Framework.source,
            Framework.inferred,
        )
        .where(Framework.plan_id == plan_id)
        .order_by(Framework.position, Framework.code)
    )


def _objectives(plan_id: int):
    return (
        select(
            Objective.id,
            Objective.framework_id,
            Objective.code,
            *translated_columns(
                "objective", Objective.id, title=Objective.title, description=Objective.description
            ),
            Objective.source,
            Objective.inferred,
        )
        .where(Objective.plan_id == plan_id)
        .order_by(Objective.position, Objective.code)
    )


def _activities(plan_id: int):
    return (
        select(
            Activity.id,
            Activity.framework_id,
            Activity.code,
            *translated_columns(
                "activity", Activity.id, title=Activity.title, description=Activity.description
            ),
            Activity.planned_start,
            Activity.planned_end,
            Activity.dates_inferred,
            Activity.source,
            Activity.inferred,
        )
        .where(Activity.plan_id == plan_id)
        .order_by(Activity.position, Activity.code)
    )


def _org_label():
    return Organisation.acronym, Organisation.name


def _framework_agencies(plan_id: int):
    return (
        select(
            FrameworkAgency.framework_id,
            *_org_label(),
            FrameworkAgency.named_as,
            FrameworkAgency.source,
            FrameworkAgency.inferred,
        )
        .join(Organisation, Organisation.id == FrameworkAgency.organisation_id)
        .join(Framework, Framework.id == FrameworkAgency.framework_id)
        .where(Framework.plan_id == plan_id)
        .order_by(FrameworkAgency.framework_id, FrameworkAgency.position)
    )


def _activity_agencies(plan_id: int):
    return (
        select(
            ActivityAgency.activity_id,
            ActivityAgency.role,
            Organisation.id.label("organisation_id"),
            *_org_label(),
            ActivityAgency.source,
            ActivityAgency.inferred,
        )
        .join(Organisation, Organisation.id == ActivityAgency.organisation_id)
        .join(Activity, Activity.id == ActivityAgency.activity_id)
        .where(Activity.plan_id == plan_id)
        .order_by(ActivityAgency.activity_id, ActivityAgency.role, Organisation.acronym)
    )


def _activity_objectives(plan_id: int):
    return (
        select(
            ActivityObjective.activity_id,
            ActivityObjective.objective_id,
            Objective.code.label("objective_code"),
            ActivityObjective.inferred,
        )
        .join(Objective, Objective.id == ActivityObjective.objective_id)
        .where(Objective.plan_id == plan_id)
        .order_by(ActivityObjective.activity_id, Objective.code)
    )


def _donors(plan_id: int):
    return (
        select(*_org_label(), PlanDonor.named_as, PlanDonor.source)
        .join(Organisation, Organisation.id == PlanDonor.organisation_id)
        .where(PlanDonor.plan_id == plan_id)
        .order_by(PlanDonor.position)
    )

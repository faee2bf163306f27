"""What every dashboard page reads: the plans, a plan's outline, its agencies, the data
version, and the activities in the sidebar's selection rated as of the reporting date.

The reads are the queries' own (re-exported here, so pages reach them through the views);
`rated_activities` joins them with the progress rules.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import Engine

from models.queries import dashboard as q
from models.queries import plan as plan_queries
from models.queries.dashboard import agencies_in_plan, data_version, default_as_of, plan_versions
from models.queries.plan import PlanOutline, plans
from models.rules import progress
from models.views.translations import mark, marked_outline

__all__ = [
    "PlanOutline",
    "agencies_in_plan",
    "data_version",
    "default_as_of",
    "plan_outline",
    "plan_versions",
    "plans",
    "rated_activities",
]


def plan_outline(engine: Engine, plan_id: int) -> PlanOutline:
    """The plan's structure in the run's language, untranslated texts marked (the editor's
    forms start from the `original_*` columns, the source text)."""
    return marked_outline(plan_queries.plan_outline(engine, plan_id))


def rated_activities(
    engine: Engine,
    plan_id: int,
    as_of: date,
    *,
    framework_ids: list[int] | None = None,
    agency_id: int | None = None,
) -> pd.DataFrame:
    """Every activity in view, rated as of `as_of` from approved reports only."""
    acts = q.activities(engine, plan_id, framework_ids=framework_ids, agency_id=agency_id)
    acts = mark(mark(acts, "title", "untranslated"), "framework", "framework_untranslated")
    reports = q.latest_approved(engine, plan_id, as_of)
    acts = acts.rename(columns={"id": "activity_id"})
    rated = progress.rate_activities(acts, reports.drop(columns=["narrative"]), as_of)
    extra = reports.set_index("id")[["narrative", "illustrative", "reported_by"]]
    return rated.join(extra, on="report_id")


def blank_missing(table: pd.DataFrame) -> pd.DataFrame:
    """The table as shown: a missing value in a text column is empty, never "None"/"nan"."""
    shown = table.copy()
    for column in shown.select_dtypes(include=["object", "str"]).columns:
        shown[column] = shown[column].where(shown[column].notna(), "")
    return shown

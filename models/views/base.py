"""What every dashboard page reads: the plans, a plan's outline, its agencies, the data
version, and the activities in the sidebar's selection rated as of the reporting date.

Plan titles come in the run's language (models/queries/translations.py); `shown_title` is the
one way a page marks one shown in the source language for want of a translation ("Prevention
· EN"), and the outline and the rated activities carry the marker already, so every page
showing them marks them without a change of its own.

The reads are the queries' own (re-exported here, so pages reach them through the views);
`rated_activities` joins them with the progress rules.
"""

from __future__ import annotations

import dataclasses
from datetime import date

import pandas as pd
from sqlalchemy import Engine

from models.queries import dashboard as q
from models.queries import plan as plan_queries
from models.queries import translations as translations_queries
from models.queries.dashboard import agencies_in_plan, data_version, default_as_of, plan_versions
from models.queries.plan import PlanOutline, plans
from models.rules import progress

__all__ = [
    "PlanOutline",
    "agencies_in_plan",
    "data_version",
    "default_as_of",
    "plan_outline",
    "plan_versions",
    "plans",
    "rated_activities",
    "shown_title",
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


def shown_title(text, untranslated) -> str:
    """`text` as shown: with the source language's small marker if it is not translated."""
    if text is None or (not isinstance(text, str) and pd.isna(text)):
        return text
    if not untranslated or pd.isna(untranslated) or not str(text).strip():
        return text
    return translations_queries.marker(text)


def mark(frame: pd.DataFrame, column: str, flag: str) -> pd.DataFrame:
    """A copy of `frame` whose `column` carries the marker where `flag` is true."""
    if column not in frame or flag not in frame or not frame[flag].astype(bool).any():
        return frame
    marked = frame.copy()
    marked[column] = [shown_title(t, u) for t, u in zip(frame[column], frame[flag], strict=True)]
    return marked


def marked_outline(outline: PlanOutline) -> PlanOutline:
    """The outline with the marker on every untranslated framework name, objective and
    activity title and description (the `original_*` columns stay the source text)."""

    def both(frame: pd.DataFrame, title: str) -> pd.DataFrame:
        return mark(mark(frame, title, "untranslated"), "description", "description_untranslated")

    return dataclasses.replace(
        outline,
        frameworks=both(outline.frameworks, "name"),
        objectives=both(outline.objectives, "title"),
        activities=both(outline.activities, "title"),
    )

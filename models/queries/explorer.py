"""Reads behind the framework explorer: one activity's report history, report evidence.

Each function is one statement: the explorer's lists take the latest report per activity
from the dashboard's rated activities, and only ask here for what that frame lacks.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pandas as pd
from sqlalchemy import Engine, select

from models.entities import Activity, Organisation, StatusUpdate
from models.queries._frame import frame

HISTORY_COLUMNS = [
    "id",
    "report_date",
    "status",
    "percent_complete",
    "narrative",
    "evidence_url",
    "illustrative",
    "reported_by",
]


def _in_plan(stmt, plan_id: int | None):
    """`stmt` (on status_update) restricted to the plan's activities when a plan is given: a
    read keyed on one plan's cache versions then cannot show another plan's reports."""
    if plan_id is None:
        return stmt
    return stmt.join(Activity, Activity.id == StatusUpdate.activity_id).where(
        Activity.plan_id == plan_id
    )


def activity_history(
    engine: Engine, activity_id: int, until: date, plan_id: int | None = None
) -> pd.DataFrame:
    """Approved reports of one activity dated on or before `until`, oldest first (none if
    `plan_id` is given and the activity is not the plan's).

    Equal dates keep id order, so the last row is the report the dashboard counts.
    """
    stmt = (
        select(
            StatusUpdate.id,
            StatusUpdate.report_date,
            StatusUpdate.status,
            StatusUpdate.percent_complete,
            StatusUpdate.narrative,
            StatusUpdate.evidence_url,
            StatusUpdate.illustrative,
            Organisation.acronym.label("reported_by"),
        )
        .join(Organisation, Organisation.id == StatusUpdate.organisation_id)
        .where(
            StatusUpdate.activity_id == activity_id,
            StatusUpdate.state == "approved",
            StatusUpdate.report_date <= until,
        )
        .order_by(StatusUpdate.report_date, StatusUpdate.id)
    )
    return frame(engine, _in_plan(stmt, plan_id))


def report_evidence(
    engine: Engine, report_ids: Sequence[int], plan_id: int | None = None
) -> pd.DataFrame:
    """Evidence links of the given approved reports (id, evidence_url), where they have one
    (of the plan's activities only, if `plan_id` is given)."""
    ids = sorted({int(i) for i in report_ids})
    if not ids:
        return pd.DataFrame(columns=["id", "evidence_url"])
    stmt = select(StatusUpdate.id, StatusUpdate.evidence_url).where(
        StatusUpdate.id.in_(ids),
        StatusUpdate.state == "approved",
        StatusUpdate.evidence_url.is_not(None),
    )
    return frame(engine, _in_plan(stmt, plan_id))

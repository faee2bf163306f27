"""Reads only the progress report needs: what happened between two reporting dates."""

from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import Engine, func, select

from models.entities import Activity, Framework, Organisation, StatusUpdate
from models.queries._frame import frame

_ORGANISATION = func.coalesce(Organisation.acronym, Organisation.name)


def _reports(plan_id: int, since: date, until: date, *states: str):
    """Reports of the plan in `states`, dated after `since` and on or before `until`."""
    return (
        select(
            StatusUpdate.id.label("report_id"),
            StatusUpdate.activity_id,
            Activity.code,
            Activity.title,
            Framework.name.label("framework"),
            StatusUpdate.report_date,
            StatusUpdate.status,
            StatusUpdate.percent_complete,
            StatusUpdate.state,
            StatusUpdate.return_reason,
            _ORGANISATION.label("organisation"),
            StatusUpdate.illustrative,
        )
        .join(Activity, Activity.id == StatusUpdate.activity_id)
        .join(Framework, Framework.id == Activity.framework_id)
        .join(Organisation, Organisation.id == StatusUpdate.organisation_id)
        .where(
            Activity.plan_id == plan_id,
            StatusUpdate.state.in_(states),
            StatusUpdate.report_date > since,
            StatusUpdate.report_date <= until,
        )
        .order_by(StatusUpdate.report_date, Framework.position, Activity.position, StatusUpdate.id)
    )


def approved_between(engine: Engine, plan_id: int, since: date, until: date) -> pd.DataFrame:
    """Approved reports dated in (since, until], oldest first: what the period added."""
    return frame(engine, _reports(plan_id, since, until, "approved"))


def open_reports(engine: Engine, plan_id: int, since: date, until: date) -> pd.DataFrame:
    """Submitted (awaiting review) and returned reports dated in (since, until], with the
    reason for a return: the Secretariat's internal notes, never shown to donors."""
    return frame(engine, _reports(plan_id, since, until, "submitted", "returned"))

"""Reads behind the reporting workflow: an editor's activities, the approval queue, a report
history each role may see, locked periods. One statement each, whatever the plan's size.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
from sqlalchemy import Engine, and_, exists, false, func, or_, select, true
from sqlalchemy.orm import aliased

from models.entities import (
    LATEST_APPROVAL_FIRST,
    Activity,
    ActivityAgency,
    Framework,
    Indicator,
    IndicatorValue,
    Organisation,
    PeriodLock,
    StatusUpdate,
    User,
)
from models.queries._frame import frame

_ORGANISATION = func.coalesce(Organisation.acronym, Organisation.name)


def _ranked(activities, *where, order=None):
    """Reports of `activities` (a SELECT of activity ids) matching `where`, numbered per
    activity (1 = first in `order`). Restricted to those activities BEFORE the window, so the
    rank reads one plan's (or one agency's) reports through ix_status_update_activity_id,
    never every plan's."""
    if order is None:
        order = (StatusUpdate.report_date.desc(), StatusUpdate.id.desc())
    rank = func.row_number().over(partition_by=StatusUpdate.activity_id, order_by=order)
    stmt = select(StatusUpdate, rank.label("rank"))
    return stmt.where(StatusUpdate.activity_id.in_(activities), *where).subquery()


def my_activities(engine: Engine, user_id: int, plan_id: int | None = None) -> pd.DataFrame:
    """Activities the user's organisation leads or supports, with its role, the latest
    approval (approved_*: the most recently approved report, whatever its date; its id is the
    `based_on_id` of a new report) and the
    organisation's own latest report still in the workflow (own_*: draft, submitted or
    returned with its reason, or withdrawn by it; empty once its latest report is approved)."""
    organisation = select(User.organisation_id).where(User.id == user_id, User.active)
    organisation = organisation.scalar_subquery()
    mine = select(ActivityAgency.activity_id).where(ActivityAgency.organisation_id == organisation)
    if plan_id is not None:
        mine = mine.join(Activity, Activity.id == ActivityAgency.activity_id).where(
            Activity.plan_id == plan_id
        )
    approved = _ranked(mine, StatusUpdate.state == "approved", order=LATEST_APPROVAL_FIRST)
    own = _ranked(mine, StatusUpdate.organisation_id == organisation, order=StatusUpdate.id.desc())
    stmt = (
        select(
            Activity.id.label("activity_id"),
            Activity.plan_id,
            Activity.code,
            Activity.title,
            Framework.name.label("framework"),
            Activity.planned_start,
            Activity.planned_end,
            ActivityAgency.role,
            approved.c.id.label("approved_id"),
            approved.c.report_date.label("approved_date"),
            approved.c.status.label("approved_status"),
            approved.c.percent_complete.label("approved_percent"),
            approved.c.illustrative.label("approved_illustrative"),
            own.c.id.label("own_id"),
            own.c.state.label("own_state"),
            own.c.report_date.label("own_date"),
            own.c.status.label("own_status"),
            own.c.percent_complete.label("own_percent"),
            own.c.return_reason.label("own_reason"),
            own.c.based_on_id.label("own_based_on_id"),
        )
        .join(ActivityAgency, ActivityAgency.activity_id == Activity.id)
        .join(Framework, Framework.id == Activity.framework_id)
        .outerjoin(approved, and_(approved.c.activity_id == Activity.id, approved.c.rank == 1))
        .outerjoin(
            own, and_(own.c.activity_id == Activity.id, own.c.rank == 1, own.c.state != "approved")
        )
        .where(ActivityAgency.organisation_id == organisation)
        .where(true() if plan_id is None else Activity.plan_id == plan_id)
        .order_by(Activity.plan_id, Framework.position, Activity.position, Activity.code)
    )
    return _with_int_ids(frame(engine, stmt), "approved_id", "own_id", "own_based_on_id")


def approval_queue(engine: Engine, plan_id: int) -> pd.DataFrame:
    """Submitted reports of the plan, oldest submission first, beside the activity's latest
    approval (previous_*, whatever its date) so a reviewer sees what changed. `conflict` is
    True when a newer report was approved since the one it was written against (approval
    would be refused); `locked` when it is dated in a locked period (approval and return
    refused)."""
    in_plan = select(Activity.id).where(Activity.plan_id == plan_id)
    previous = _ranked(in_plan, StatusUpdate.state == "approved", order=LATEST_APPROVAL_FIRST)
    author = aliased(User)
    locked = exists().where(
        PeriodLock.plan_id == plan_id,
        StatusUpdate.report_date.between(PeriodLock.period_start, PeriodLock.period_end),
    )
    stmt = (
        select(
            StatusUpdate.id.label("report_id"),
            StatusUpdate.activity_id,
            Activity.code,
            Activity.title,
            _ORGANISATION.label("organisation"),
            author.username.label("submitted_by"),
            StatusUpdate.submitted_at,
            StatusUpdate.report_date,
            StatusUpdate.status,
            StatusUpdate.percent_complete,
            StatusUpdate.narrative,
            StatusUpdate.evidence_url,
            StatusUpdate.illustrative,
            StatusUpdate.based_on_id,
            previous.c.id.label("previous_id"),
            previous.c.report_date.label("previous_date"),
            previous.c.status.label("previous_status"),
            previous.c.percent_complete.label("previous_percent"),
            (StatusUpdate.percent_complete - previous.c.percent_complete).label("percent_change"),
            func.coalesce(StatusUpdate.based_on_id, -1).label("_base"),
            func.coalesce(previous.c.id, -1).label("_latest"),
            locked.label("locked"),
        )
        .join(Activity, Activity.id == StatusUpdate.activity_id)
        .join(Organisation, Organisation.id == StatusUpdate.organisation_id)
        .outerjoin(author, author.id == StatusUpdate.created_by_id)
        .outerjoin(
            previous, and_(previous.c.activity_id == StatusUpdate.activity_id, previous.c.rank == 1)
        )
        .where(Activity.plan_id == plan_id, StatusUpdate.state == "submitted")
        .order_by(StatusUpdate.submitted_at, StatusUpdate.id)
    )
    queue = frame(engine, stmt)
    queue["conflict"] = queue.pop("_base") != queue.pop("_latest")
    queue["locked"] = queue["locked"].astype(bool)
    return _with_int_ids(queue, "based_on_id", "previous_id", "previous_percent", "percent_change")


def report_history(
    engine: Engine,
    activity_id: int,
    viewer: Mapping[str, Any] | User | None,
    plan_id: int | None = None,
):
    """Every report on the activity the viewer may see, newest first; never edited, only
    appended to. Editors see submitted and approved reports, plus their own organisation's
    drafts and returned reports; coordinators see all but drafts (not yet part of the
    record); everyone else sees approved reports only."""
    reviewer, author = aliased(User), aliased(User)
    stmt = (
        select(
            StatusUpdate.id.label("report_id"),
            StatusUpdate.report_date,
            StatusUpdate.status,
            StatusUpdate.percent_complete,
            StatusUpdate.narrative,
            StatusUpdate.evidence_url,
            StatusUpdate.state,
            StatusUpdate.return_reason,
            StatusUpdate.organisation_id,
            _ORGANISATION.label("organisation"),
            author.username.label("created_by"),
            StatusUpdate.created_at,
            StatusUpdate.submitted_at,
            reviewer.username.label("reviewed_by"),
            StatusUpdate.reviewed_at,
            StatusUpdate.based_on_id,
            StatusUpdate.illustrative,
        )
        .join(Organisation, Organisation.id == StatusUpdate.organisation_id)
        .outerjoin(author, author.id == StatusUpdate.created_by_id)
        .outerjoin(reviewer, reviewer.id == StatusUpdate.reviewed_by_id)
        .where(StatusUpdate.activity_id == activity_id, _visible_to(viewer))
        .where(*_of_plan(StatusUpdate.activity_id, plan_id))
        .order_by(StatusUpdate.report_date.desc(), StatusUpdate.id.desc())
    )
    return _with_int_ids(frame(engine, stmt), "based_on_id")


def _visible_to(viewer):
    def field(name):
        return viewer.get(name) if isinstance(viewer, Mapping) else getattr(viewer, name, None)

    role, organisation_id = field("role"), field("organisation_id")
    if field("active") is False:
        return false()
    if role == "editor" and organisation_id is not None:
        return or_(
            StatusUpdate.state.in_(("submitted", "approved")),
            StatusUpdate.organisation_id == organisation_id,
        )
    if role == "coordinator":
        return StatusUpdate.state.not_in(("draft", "withdrawn"))
    return StatusUpdate.state == "approved"


def locked_periods(engine: Engine, plan_id: int) -> pd.DataFrame:
    """The plan's locked reporting periods, earliest first, with who locked them and when."""
    stmt = (
        select(
            PeriodLock.id,
            PeriodLock.period_start,
            PeriodLock.period_end,
            User.username.label("locked_by"),
            PeriodLock.locked_at,
        )
        .outerjoin(User, User.id == PeriodLock.locked_by_id)
        .where(PeriodLock.plan_id == plan_id)
        .order_by(PeriodLock.period_start)
    )
    return frame(engine, stmt)


def _of_plan(activity_id_column, plan_id: int | None) -> list:
    """No condition, or "the activity is the plan's" when a plan is given (a read keyed on
    one plan's cache versions then cannot show another plan's rows)."""
    if plan_id is None:
        return []
    return [activity_id_column.in_(select(Activity.id).where(Activity.plan_id == plan_id))]


def activity_indicators(
    engine: Engine, activity_id: int, plan_id: int | None = None
) -> pd.DataFrame:
    """The activity's own indicators: the ones a report on it may carry values for."""
    stmt = (
        select(
            Indicator.id.label("indicator_id"),
            Indicator.code,
            Indicator.name,
            Indicator.measure,
            Indicator.unit,
            Indicator.baseline_value,
            Indicator.target_value,
        )
        .where(Indicator.activity_id == activity_id, *_of_plan(Indicator.activity_id, plan_id))
        .order_by(Indicator.code)
    )
    return frame(engine, stmt)


def report_values(engine: Engine, report_ids: list[int]) -> pd.DataFrame:
    """The indicator values reported with these reports (they share their report's state)."""
    stmt = (
        select(
            IndicatorValue.status_update_id.label("report_id"),
            IndicatorValue.indicator_id,
            Indicator.code,
            Indicator.name,
            Indicator.measure,
            Indicator.unit,
            IndicatorValue.value,
            IndicatorValue.state,
        )
        .join(Indicator, Indicator.id == IndicatorValue.indicator_id)
        .where(IndicatorValue.status_update_id.in_(list(report_ids)))
        .order_by(IndicatorValue.status_update_id, Indicator.code)
    )
    return frame(engine, stmt)


def _with_int_ids(result: pd.DataFrame, *columns: str) -> pd.DataFrame:
    # Outer joins turn missing ids into NaN floats; nullable integers keep them ids.
    for column in columns:
        result[column] = result[column].astype("Int64")
    return result

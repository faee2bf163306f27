"""Reads and locks the reporting services run inside their own transaction (a Session)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from models.codes import state_label
from models.db import lock_for_write
from models.entities import (
    LATEST_APPROVAL_FIRST,
    Activity,
    ActivityAgency,
    Indicator,
    IndicatorValue,
    Organisation,
    PeriodLock,
    StatusUpdate,
    User,
)
from models.i18n import N_, _
from models.rules.reporting import ApprovedReport, locked_messages, said
from models.services import audit
from models.services.errors import PermissionDenied, ReportError

_ORGANISATION_NAME = func.coalesce(Organisation.acronym, Organisation.name)


def lock_activities(session: Session, activity_ids: list[int]) -> None:
    """Serialise writers on these activities until the transaction ends."""
    ids = sorted(set(activity_ids))
    if ids:
        lock_for_write(session, Activity, Activity.id.in_(ids))


def activity_ids_of(session: Session, report_ids: list[int]) -> list[int]:
    query = select(StatusUpdate.activity_id).where(StatusUpdate.id.in_(report_ids)).distinct()
    return list(session.scalars(query))


def plan_activity_ids(session: Session, plan_id: int) -> list[int]:
    return list(session.scalars(select(Activity.id).where(Activity.plan_id == plan_id)))


def reporter_organisation(session: Session, actor: User, activity: Activity) -> int:
    """The editor's organisation, if it leads or supports the activity; else PermissionDenied."""
    role = session.scalar(
        select(ActivityAgency.role).where(
            ActivityAgency.activity_id == activity.id,
            ActivityAgency.organisation_id == actor.organisation_id,
        )
    )
    if role is None:
        organisation = session.get(Organisation, actor.organisation_id)
        name = organisation.acronym or organisation.name
        raise PermissionDenied(
            _(
                "{username} reports for {agency}, which neither leads nor supports activity "
                "{activity}"
            ).format(username=actor.username, agency=name, activity=activity.code)
        )
    return actor.organisation_id


def current_approved_report(session: Session, activity_id: int) -> ApprovedReport | None:
    """The activity's latest approval (LATEST_APPROVAL_FIRST), whatever its reporting date:
    the approved report every new report must be based on."""
    return _approved(session, StatusUpdate.activity_id == activity_id)


def approved_report(session: Session, report_id: int | None) -> ApprovedReport | None:
    if report_id is None or not isinstance(report_id, int):
        return None
    return _approved(session, StatusUpdate.id == report_id)


def _approved(session: Session, condition) -> ApprovedReport | None:
    row = session.execute(
        select(
            StatusUpdate.id,
            StatusUpdate.report_date,
            StatusUpdate.status,
            StatusUpdate.percent_complete,
            _ORGANISATION_NAME,
            User.username,
        )
        .join(Organisation, Organisation.id == StatusUpdate.organisation_id)
        .outerjoin(User, User.id == StatusUpdate.created_by_id)
        .where(condition, StatusUpdate.state == "approved")
        .order_by(*LATEST_APPROVAL_FIRST)
        .limit(1)
    ).first()
    return None if row is None else ApprovedReport(*row)


def as_approved(session: Session, report: StatusUpdate) -> ApprovedReport:
    organisation = session.get(Organisation, report.organisation_id)
    author = session.get(User, report.created_by_id) if report.created_by_id else None
    return ApprovedReport(
        report.id,
        report.report_date,
        report.status,
        report.percent_complete,
        organisation.acronym or organisation.name,
        author.username if author else None,
    )


def locked_ranges(session: Session, plan_id: int) -> tuple:
    """The plan's locked periods as (start, end) pairs, read in the service's transaction."""
    query = (
        select(PeriodLock.period_start, PeriodLock.period_end)
        .where(PeriodLock.plan_id == plan_id)
        .order_by(PeriodLock.period_start)
    )
    return tuple((start, end) for start, end in session.execute(query))


def indicator_codes(session: Session, activity_id: int) -> dict[int, tuple[str, str]]:
    """The activity's indicators as {id: (code, measure)}, for checking reported values."""
    query = select(Indicator.id, Indicator.code, Indicator.measure).where(
        Indicator.activity_id == activity_id
    )
    return {key: (code, measure) for key, code, measure in session.execute(query)}


def values_of(session: Session, report_id: int) -> dict[int, Decimal]:
    query = select(IndicatorValue.indicator_id, IndicatorValue.value).where(
        IndicatorValue.status_update_id == report_id
    )
    return {key: _plain(Decimal(str(value))) for key, value in session.execute(query)}


def _plain(value: Decimal) -> Decimal:
    # 12, not 12.0000 (the column's scale), in the audit trail; never 1E+2 either.
    return value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize()


def report_fields(report: StatusUpdate, values: dict[int, Decimal]) -> dict[str, Any]:
    """What the audit trail keeps of a report, with its indicator values."""
    names = (
        "activity_id",
        "organisation_id",
        "report_date",
        "status",
        "percent_complete",
        "narrative",
        "evidence_url",
        "state",
        "return_reason",
        "based_on_id",
    )
    fields = {name: getattr(report, name) for name in names}
    fields["indicator_values"] = {str(key): value for key, value in sorted(values.items())}
    return fields


def get_report(session: Session, report_id: int) -> StatusUpdate:
    # Re-read on each call: after the activity lock, another transaction may have moved it.
    valid = isinstance(report_id, int) and not isinstance(report_id, bool)
    report = session.get(StatusUpdate, report_id, populate_existing=True) if valid else None
    if report is None:
        raise ReportError([said("report_id", N_("no report has id {id}"), id=repr(report_id))])
    return report


def reports_for_review(session: Session, ids: list[int], name: str, verb: str) -> list:
    """The submitted reports with these ids, outside locked periods; else ReportError."""
    query = select(StatusUpdate, Activity.plan_id).join(
        Activity, Activity.id == StatusUpdate.activity_id
    )
    rows = session.execute(
        query.where(StatusUpdate.id.in_(ids)).execution_options(populate_existing=True)
    )
    found = {report.id: (report, plan_id) for report, plan_id in rows}
    messages = [said(name, N_("no report has id {id}"), id=i) for i in ids if i not in found]
    for report, plan_id in (found[i] for i in ids if i in found):
        if report.state != "submitted":
            messages.append(
                said(
                    name,
                    N_("report {id} is {state}; only a submitted report can be {verb}"),
                    id=report.id,
                    state=state_label(report.state),
                    verb=_(verb),
                )
            )
        locked = locked_ranges(session, plan_id)
        messages += locked_messages(locked, report.id, report.report_date, name)
    if messages:
        raise ReportError(messages)
    return [found[i][0] for i in ids]


def pending_in_period(session: Session, plan_id: int, start: date, end: date) -> int:
    """How many submitted reports of the plan, dated in the period, still await review."""
    return session.scalar(
        select(func.count(StatusUpdate.id))
        .join(Activity, Activity.id == StatusUpdate.activity_id)
        .where(
            Activity.plan_id == plan_id,
            StatusUpdate.state == "submitted",
            StatusUpdate.report_date.between(start, end),
        )
    )


def replace_values(session: Session, actor: User, report: StatusUpdate, values: dict) -> None:
    """Set a draft's indicator values; only a draft's, which is not yet part of the record."""
    session.flush()
    session.execute(delete(IndicatorValue).where(IndicatorValue.status_update_id == report.id))
    session.add_all(
        IndicatorValue(
            indicator_id=key,
            status_update_id=report.id,
            value=value,
            value_date=report.report_date,
            state="draft",
            created_by_id=actor.id,
        )
        for key, value in values.items()
    )
    session.flush()


def move(
    session: Session,
    report: StatusUpdate,
    state: str,
    *,
    reviewer: User | None = None,
    reason: str | None = None,
) -> None:
    """Move a report and its indicator values to `state` together."""
    now = datetime.now(UTC)
    report.state = state
    if state == "submitted":
        report.submitted_at = now
    if reviewer is not None:
        report.reviewed_by_id, report.reviewed_at = reviewer.id, now
    if reason is not None:
        report.return_reason = reason
    values = session.scalars(
        select(IndicatorValue).where(IndicatorValue.status_update_id == report.id)
    )
    for value in values:
        value.state, value.return_reason = state, report.return_reason
    session.flush()


def record(session, actor, action, report, old, extra=None) -> None:
    """The audit event of one report write: old and new fields with indicator values."""
    new = {**report_fields(report, values_of(session, report.id)), **(extra or {})}
    audit.record(
        session,
        actor=actor,
        action=action,
        entity_type=StatusUpdate.__tablename__,
        entity_id=report.id,
        old=old,
        new=new,
    )


IN_PROGRESS = ("draft", "submitted", "returned")


def report_in_progress(
    session: Session, activity_id: int, organisation_id: int
) -> StatusUpdate | None:
    """The agency's report on the activity still in progress (draft, submitted, or returned
    and not yet resubmitted): its latest report, unless that one was approved."""
    latest = session.scalars(
        select(StatusUpdate)
        .where(
            StatusUpdate.activity_id == activity_id,
            StatusUpdate.organisation_id == organisation_id,
        )
        .order_by(StatusUpdate.id.desc())
        .limit(1)
    ).first()
    return latest if latest is not None and latest.state in IN_PROGRESS else None

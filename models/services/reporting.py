"""The reporting workflow: agencies' status reports from draft to approved, and period locks.

States: draft → submitted → approved, or submitted → returned (with a reason). History is
append-only: a submitted, approved or returned report never changes content, only its state
moves on. A draft is not yet part of the record, so its agency's editors may edit it in place.
An agency has at most one report in progress (draft, submitted, or returned and not yet
resubmitted) per activity; a second one is refused. The agency may withdraw it (it stays in
the history as "withdrawn"). A returned report is resubmitted as a NEW report
(`save_report(report_id=<returned id>)`), linked to it by its audit event. Indicator values
travel with their report's state. Nothing dated in a locked period changes: no report there
is added, edited, submitted, approved or returned, so `lock_period` refuses while reports in
the period still await review; withdrawing is allowed, so a stuck report never blocks.

Only editors write reports, only for activities their organisation leads or supports;
coordinators approve, return and lock (so nobody reviews their own writing).

No lost updates: a report names the approved report it was written against (based_on_id).
Submitting or approving it after a newer report was approved raises ReportConflict. At
submission the report is KEPT as a draft; the caller owns the transaction, so catch the
conflict inside it for the draft to be committed:

    with transaction(engine) as s:
        try:
            save_report(session=s, ..., submit=True)
        except ReportConflict as conflict:
            kept = conflict.draft_id  # committed with the block
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import null
from sqlalchemy.orm import Session

from models.codes import state_label
from models.entities import ActionPlan, Activity, PeriodLock, StatusUpdate, User
from models.i18n import N_, _
from models.rules.reporting import (
    ApprovedReport,
    ReportContext,
    check_report,
    lock_messages,
    locked_messages,
    parsed_values,
    reason_messages,
)
from models.services import audit
from models.services.authz import require_role
from models.services.errors import PermissionDenied, ReportConflict, ReportError
from models.services.reporting_store import (
    activity_ids_of,
    approved_report,
    as_approved,
    current_approved_report,
    get_report,
    indicator_codes,
    lock_activities,
    locked_ranges,
    move,
    pending_in_period,
    plan_activity_ids,
    record,
    replace_values,
    report_fields,
    report_in_progress,
    reporter_organisation,
    reports_for_review,
    values_of,
)

_WRITE = N_("write reports")
_REVIEW = N_("approve or return reports")
# Field names (before ": ") stay English: the pages read them to label the message's field.
_ANOTHER_ORGANISATION = N_("report {id} belongs to another organisation")
_CONTENT = ("report_date", "status", "percent_complete", "narrative", "evidence_url")


def save_report(
    *,
    session: Session,
    actor: User,
    activity_id: int,
    report_date: date,
    status: str,
    percent_complete: int,
    narrative: str = "",
    evidence_url: str | None = None,
    indicator_values: dict[int, Any] | None = None,
    based_on_id: int | None,
    submit: bool,
    report_id: int | None = None,
) -> StatusUpdate:
    """Save a new draft, edit a draft (`report_id` of a draft), or resubmit a returned report
    (`report_id` of a returned one: a new report); with `submit`, also submit it."""
    require_role(actor, "editor", action=_WRITE)
    activity = _activity(session, activity_id)
    organisation_id = reporter_organisation(session, actor, activity)
    lock_activities(session, [activity.id])
    earlier = _earlier(session, activity, organisation_id, report_id)
    draft = earlier if earlier is not None and earlier.state == "draft" else None
    context = _context(session, activity, based_on_id)
    content = dict(
        zip(
            _CONTENT,
            (
                report_date,
                status,
                percent_complete,
                "" if narrative is None else narrative,
                (evidence_url or "").strip() or None,
            ),
            strict=True,
        )
    )
    messages = check_report(**content, indicator_values=indicator_values, context=context)
    messages += _based_on_messages(session, activity, based_on_id)
    messages += _one_in_progress(session, activity, organisation_id, earlier)
    if draft is not None:
        messages += locked_messages(context.locked, draft.id, draft.report_date, "report_id")
    if messages:
        raise ReportError(messages)
    old = None if draft is None else report_fields(draft, values_of(session, draft.id))
    # SQL NULLs: the schema's timestamp columns default to "now" even where nullable, and
    # the ORM applies a default in place of a plain None.
    report = draft or StatusUpdate(
        activity_id=activity.id,
        organisation_id=organisation_id,
        submitted_at=null(),
        reviewed_at=null(),
    )
    for name, value in {**content, "based_on_id": based_on_id, "state": "draft"}.items():
        setattr(report, name, value)
    report.created_by_id = report.created_by_id or actor.id
    session.add(report)
    replace_values(session, actor, report, parsed_values(indicator_values))
    resubmits = earlier.id if earlier is not None and draft is None else None
    return _submit_or_keep(session, actor, activity, report, old, resubmits, submit, context)


def _submit_or_keep(session, actor, activity, report, old, resubmits, submit, context):
    """Submit the just-saved draft, unless not asked to or a newer approved report clashes."""
    newer = context.latest
    clash = submit and (newer.id if newer else None) != report.based_on_id
    extra = {} if resubmits is None else {"resubmits": resubmits}
    if clash:
        extra["conflict_with"] = newer.id if newer else None
    elif submit:
        move(session, report, "submitted")
    action = "submit" if report.state == "submitted" else "edit_draft" if old else "save_draft"
    record(session, actor, action, report, old, extra)
    if clash:
        raise conflict(activity_code=activity.code, report_id=report.id, state="draft", newer=newer)
    return report


def submit_draft(*, session: Session, actor: User, report_id: int) -> StatusUpdate:
    """Submit a saved draft as it stands, after checking it again against today's record."""
    require_role(actor, "editor", action=_WRITE)
    activity = session.get(Activity, get_report(session, report_id).activity_id)
    organisation_id = reporter_organisation(session, actor, activity)
    lock_activities(session, [activity.id])
    report = get_report(session, report_id)
    if report.organisation_id != organisation_id:
        raise PermissionDenied(_(_ANOTHER_ORGANISATION).format(id=report.id))
    if report.state != "draft":
        problem = _("report {id} is {state}; only a draft can be submitted").format(
            id=report.id, state=state_label(report.state)
        )
        raise ReportError([f"report_id: {problem}"])
    values = values_of(session, report.id)
    context = _context(session, activity, report.based_on_id)
    content = {name: getattr(report, name) for name in _CONTENT}
    messages = check_report(**content, indicator_values=values, context=context)
    if messages:
        raise ReportError(messages)
    newer = context.latest
    if (newer.id if newer else None) != report.based_on_id:
        raise conflict(activity_code=activity.code, report_id=report.id, state="draft", newer=newer)
    old = report_fields(report, values)
    move(session, report, "submitted")
    record(session, actor, "submit", report, old)
    return report


def withdraw_report(*, session: Session, actor: User, report_id: int) -> StatusUpdate:
    """Withdraw the agency's report in progress (draft, submitted or returned) to write it again
    or to discard it. It stays in the history as "withdrawn"; a locked period does not stop it,
    so a report stuck there never blocks its activity."""
    require_role(actor, "editor", action=_WRITE)
    activity = session.get(Activity, get_report(session, report_id).activity_id)
    organisation_id = reporter_organisation(session, actor, activity)
    lock_activities(session, [activity.id])
    report = get_report(session, report_id)
    if report.organisation_id != organisation_id:
        raise PermissionDenied(_(_ANOTHER_ORGANISATION).format(id=report.id))
    pending = report_in_progress(session, activity.id, organisation_id)
    if pending is None or pending.id != report.id:
        problem = _(
            "report {id} is {state}, not in progress; only a draft, submitted or returned "
            "report awaiting resubmission can be withdrawn"
        ).format(id=report.id, state=state_label(report.state))
        raise ReportError([f"report_id: {problem}"])
    old = report_fields(report, values_of(session, report.id))
    move(session, report, "withdrawn")
    record(session, actor, "withdraw", report, old)
    return report


def approve(*, session: Session, actor: User, report_ids: list[int]) -> list[StatusUpdate]:
    """Approve submitted reports, all or none: every check passes before anything changes."""
    require_role(actor, "coordinator", action=_REVIEW)
    ids = _ids(report_ids, "report_ids", N_("approved"))
    lock_activities(session, activity_ids_of(session, ids))
    reports = reports_for_review(session, ids, "report_ids", N_("approved"))
    _check_bases(session, reports)
    for report in reports:
        old = report_fields(report, values_of(session, report.id))
        move(session, report, "approved", reviewer=actor)
        record(session, actor, "approve", report, old)
    return reports


def return_report(*, session: Session, actor: User, report_id: int, reason: str) -> StatusUpdate:
    """Send a submitted report back to its agency with the reason; it stays in the history."""
    require_role(actor, "coordinator", action=_REVIEW)
    messages = reason_messages(reason)
    ids = _ids([report_id], "report_id", N_("returned"))
    lock_activities(session, activity_ids_of(session, ids))
    try:
        (report,) = reports_for_review(session, ids, "report_id", N_("returned"))
    except ReportError as refused:
        raise ReportError(refused.messages + messages) from None
    if messages:
        raise ReportError(messages)
    old = report_fields(report, values_of(session, report.id))
    move(session, report, "returned", reviewer=actor, reason=reason.strip())
    record(session, actor, "return", report, old)
    return report


def lock_period(
    *, session: Session, actor: User, plan_id: int, period_start: date, period_end: date
) -> PeriodLock:
    """Close a reporting period of the plan: no report dated in it may change any more."""
    require_role(actor, "coordinator", action=N_("lock a reporting period"))
    plan = session.get(ActionPlan, plan_id) if isinstance(plan_id, int) else None
    if plan is None:
        raise ReportError([f"plan_id: {_('no plan has id {id}').format(id=repr(plan_id))}"])
    # Every activity of the plan, so no report slips into the period while it is locked.
    lock_activities(session, plan_activity_ids(session, plan.id))
    messages = lock_messages(period_start, period_end, locked_ranges(session, plan.id))
    if not messages and (pending := pending_in_period(session, plan.id, period_start, period_end)):
        problem = _(
            "{count} submitted report(s) dated in the period await review; approve or "
            "return them first"
        ).format(count=pending)
        messages.append(f"period_end: {problem}")
    if messages:
        raise ReportError(messages)
    lock = PeriodLock(
        plan_id=plan.id, period_start=period_start, period_end=period_end, locked_by_id=actor.id
    )
    session.add(lock)
    session.flush()
    new = {"plan_id": plan.id, "period_start": period_start, "period_end": period_end}
    audit.record(
        session,
        actor=actor,
        action="lock",
        entity_type=PeriodLock.__tablename__,
        entity_id=lock.id,
        new=new,
    )
    return lock


def _activity(session: Session, activity_id: int) -> Activity:
    activity = session.get(Activity, activity_id) if isinstance(activity_id, int) else None
    if activity is None:
        problem = _("no activity has id {id}").format(id=repr(activity_id))
        raise ReportError([f"activity_id: {problem}"])
    return activity


def _earlier(session, activity, organisation_id, report_id) -> StatusUpdate | None:
    """The draft being edited or the returned report being resubmitted, if any."""
    if report_id is None:
        return None
    report = get_report(session, report_id)
    if report.organisation_id != organisation_id:
        raise PermissionDenied(_(_ANOTHER_ORGANISATION).format(id=report.id))
    if report.activity_id != activity.id:
        problem = _("report {id} is about another activity").format(id=report.id)
        raise ReportError([f"report_id: {problem}"])
    if report.state not in ("draft", "returned"):
        problem = _(
            "report {id} is {state}; only a draft can be edited, or a returned report resubmitted"
        ).format(id=report.id, state=state_label(report.state))
        raise ReportError([f"report_id: {problem}"])
    return report


def _one_in_progress(session, activity, organisation_id, earlier) -> list[str]:
    """An agency has at most one report in progress on an activity: a new report only when
    none is, otherwise only that one may be edited (draft) or resubmitted (returned)."""
    pending = report_in_progress(session, activity.id, organisation_id)
    if pending is None or (earlier is not None and earlier.id == pending.id):
        return []
    hint = {
        "draft": N_("edit or submit that draft, or withdraw it"),
        "submitted": N_("wait for the coordinator's review, or withdraw it to edit"),
        "returned": N_("resubmit or withdraw that report"),
    }[pending.state]
    problem = _(
        "{activity} already has a report in progress from your organisation (report {id}, "
        "{state}, dated {date}); {hint}"
    ).format(
        activity=activity.code,
        id=pending.id,
        state=state_label(pending.state),
        date=pending.report_date.isoformat(),
        hint=_(hint),
    )
    return [f"report_id: {problem}"]


def _context(session: Session, activity: Activity, based_on_id) -> ReportContext:
    plan = session.get(ActionPlan, activity.plan_id)
    return ReportContext(
        plan_start=plan.period_start,
        today=date.today(),
        locked=locked_ranges(session, plan.id),
        basis=approved_report(session, based_on_id),
        latest=current_approved_report(session, activity.id),
        indicators=indicator_codes(session, activity.id),
    )


def _based_on_messages(session: Session, activity: Activity, based_on_id) -> list[str]:
    if based_on_id is None:
        return []
    basis = session.get(StatusUpdate, based_on_id) if isinstance(based_on_id, int) else None
    if basis is None or basis.activity_id != activity.id or basis.state != "approved":
        problem = _("{id} is not an approved report on {activity}").format(
            id=repr(based_on_id), activity=activity.code
        )
        return [f"based_on_id: {problem}"]
    return []


def _ids(report_ids, name: str, verb: str) -> list[int]:
    ids = list(dict.fromkeys(report_ids or []))
    if not ids or not all(isinstance(i, int) and not isinstance(i, bool) for i in ids):
        problem = _("choose the reports to be {verb}: {ids}").format(
            verb=_(verb), ids=repr(report_ids)
        )
        raise ReportError([f"{name}: {problem}"])
    return ids


def _check_bases(session: Session, reports: list[StatusUpdate]) -> None:
    """ReportConflict unless each report was written against its activity's latest approval,
    whatever the reports' dates; in submission order, each approval becomes the basis the next
    must have used (so of two reports on one basis, only the first is approved)."""
    latest: dict[int, Any] = {}
    for report in sorted(reports, key=lambda r: r.id):
        if report.activity_id not in latest:
            latest[report.activity_id] = current_approved_report(session, report.activity_id)
        current = latest[report.activity_id]
        if (current.id if current else None) != report.based_on_id:
            code = session.get(Activity, report.activity_id).code
            raise conflict(
                activity_code=code, report_id=report.id, state=report.state, newer=current
            )
        latest[report.activity_id] = as_approved(session, report)


def conflict(
    *, activity_code: str, report_id: int, state: str, newer: ApprovedReport | None
) -> ReportConflict:
    newer_text = newer.describe() if newer else _("it is no longer approved")
    if state == "draft":
        template = N_(
            "{activity} has a newer approved report than the one report {id} was written "
            "against: {newer}. Your report is kept as draft {id}. Review it and base the "
            "report on it."
        )
    else:
        template = N_(
            "{activity} has a newer approved report than the one report {id} was written "
            "against: {newer}. Review it and base the report on it."
        )
    message = _(template).format(activity=activity_code, id=report_id, newer=newer_text)
    return ReportConflict(
        message, report_id=report_id, newer_id=newer.id if newer else None, state=state
    )

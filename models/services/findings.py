"""The follow-up of the report's own findings: links to the plan, responses, follow-up notes.

Coordinators only. Each service checks everything before it touches the session (every problem
at once, nothing written on refusal) and leaves an audit event. Responses and follow-up notes
are appended, never changed: the history stays, and the "as of" date picks the current one.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.codes import FINDING_LINK_KINDS, FINDING_RESPONSES, FOLLOW_UP_STATUSES
from models.entities import (
    Activity,
    Finding,
    FindingFollowUp,
    FindingLink,
    FindingResponse,
    Framework,
    Objective,
    Organisation,
    User,
)
from models.i18n import N_
from models.services import audit
from models.services.authz import require_role
from models.services.errors import FindingError
from models.services.plan_checks import TEXT_MAX, Checks, short_date

WRITE_ROLES = ("coordinator",)
# Findings the management response applies to: best practices are not acted on.
RESPONDED_KINDS = ("recommendation", "deficiency")
_TARGETS = {"framework": Framework, "objective": Objective, "activity": Activity}


class _Checks(Checks):
    def done(self) -> None:
        if self.messages:
            raise FindingError(self.messages)


def link_finding(
    *, session: Session, actor: User, finding_id: int, target_kind: str, target_id: int
) -> FindingLink:
    """Link a finding to a framework, objective or activity of its plan (the coordinator's word).

    A link the seed proposed (inferred) becomes the coordinator's on being linked again.
    """
    require_role(actor, *WRITE_ROLES, action=N_("link a finding to the plan"))
    checks = _Checks()
    finding = _finding(session, checks, finding_id)
    kind = checks.choice(N_("Concerns"), target_kind, FINDING_LINK_KINDS)
    target = checks.identifier(N_("Target"), target_id)
    if finding is not None and kind is not None and target is not None:
        model = _TARGETS[kind]
        row = session.get(model, target)
        if row is None or row.plan_id != finding.plan_id:
            checks.fail(
                N_("Target"),
                N_("no {kind} with id {id} in this finding's plan"),
                kind=kind,
                id=target,
            )
    checks.done()
    link = session.scalar(
        select(FindingLink).where(
            FindingLink.finding_id == finding.id,
            FindingLink.target_kind == kind,
            FindingLink.target_id == target,
        )
    )
    old = None
    if link is None:
        link = FindingLink(finding_id=finding.id, target_kind=kind, target_id=target)
        session.add(link)
    else:
        old = {"inferred": link.inferred, "source": link.source}
    link.inferred = False
    link.source = f"entered by {actor.username}"
    session.flush()
    new = {"finding_id": finding.id, "target_kind": kind, "target_id": target, "inferred": False}
    audit.record(
        session,
        actor=actor,
        action="link" if old is None else "confirm link",
        entity_type="finding_link",
        entity_id=link.id,
        old=old,
        new=new,
    )
    return link


def unlink_finding(*, session: Session, actor: User, link_id: int) -> None:
    """Remove a finding's link to the plan (a seeded proposal the coordinator does not keep)."""
    require_role(actor, *WRITE_ROLES, action=N_("unlink a finding from the plan"))
    checks = _Checks()
    key = checks.identifier(N_("Link"), link_id)
    link = session.get(FindingLink, key) if key is not None else None
    if key is not None and link is None:
        checks.fail(N_("Link"), N_("no link with id {id}"), id=key)
    checks.done()
    old = {
        "finding_id": link.finding_id,
        "target_kind": link.target_kind,
        "target_id": link.target_id,
        "inferred": link.inferred,
    }
    session.delete(link)
    session.flush()
    audit.record(
        session, actor=actor, action="unlink", entity_type="finding_link", entity_id=key, old=old
    )


def record_response(
    *,
    session: Session,
    actor: User,
    finding_id: int,
    response: str,
    reason: str,
    response_date: date,
    owner_id: int | None = None,
    due_date: date | None = None,
) -> FindingResponse:
    """Append the management response to a recommendation or deficiency."""
    require_role(actor, *WRITE_ROLES, action=N_("record a response to a finding"))
    checks = _Checks()
    finding = _finding(session, checks, finding_id, responded=True)
    answer = checks.choice(N_("Response"), response, FINDING_RESPONSES)
    why = checks.text(N_("Reason"), reason, TEXT_MAX)
    day = checks.day(N_("Response date"), response_date)
    due = checks.day(N_("Due date"), due_date, required=False)
    if answer == "not_accepted" and due is not None:
        checks.fail(N_("Due date"), N_("a response that is not accepted has nothing to be due"))
    if answer in ("accepted", "partially_accepted") and due is None:
        checks.fail(N_("Due date"), N_("give the date by which the accepted part is to be done"))
    if day is not None and due is not None and due < day:
        checks.fail(
            N_("Due date"),
            N_("{day} is before the response, {response}"),
            day=short_date(due),
            response=short_date(day),
        )
    owner = None
    if owner_id is not None:
        owner = checks.identifier(N_("Owner agency"), owner_id)
        if owner is not None and session.get(Organisation, owner) is None:
            checks.fail(N_("Owner agency"), N_("no organisation has id {ids}"), ids=owner)
    elif answer in ("accepted", "partially_accepted"):
        checks.fail(N_("Owner agency"), N_("name the agency that owns the follow-up"))
    checks.done()
    row = FindingResponse(
        finding_id=finding.id,
        response_date=day,
        response=answer,
        reason=why,
        owner_id=owner,
        due_date=due,
        recorded_by=actor.id,
    )
    session.add(row)
    session.flush()
    new = {
        "finding_id": finding.id,
        "response": answer,
        "reason": why,
        "response_date": day,
        "owner_id": owner,
        "due_date": due,
    }
    audit.record(
        session,
        actor=actor,
        action="respond",
        entity_type="finding_response",
        entity_id=row.id,
        new=new,
    )
    return row


def record_follow_up(
    *,
    session: Session,
    actor: User,
    finding_id: int,
    note_date: date,
    status: str,
    note: str,
) -> FindingFollowUp:
    """Append a dated follow-up note, with its status on the activities' completion scale."""
    require_role(actor, *WRITE_ROLES, action=N_("record a follow-up on a finding"))
    checks = _Checks()
    finding = _finding(session, checks, finding_id, responded=True)
    day = checks.day(N_("Date"), note_date)
    state = checks.choice(N_("Status"), status, FOLLOW_UP_STATUSES)
    text = checks.text(N_("Note"), note, TEXT_MAX)
    if finding is not None and day is not None:
        first = session.scalar(
            select(FindingResponse.response_date)
            .where(FindingResponse.finding_id == finding.id)
            .order_by(FindingResponse.response_date)
            .limit(1)
        )
        if first is None:
            checks.fail(N_("Finding"), N_("record a response before following it up"))
        elif day < first:
            checks.fail(
                N_("Date"),
                N_("{day} is before the first response, {response}"),
                day=short_date(day),
                response=short_date(first),
            )
    checks.done()
    row = FindingFollowUp(
        finding_id=finding.id, note_date=day, status=state, note=text, recorded_by=actor.id
    )
    session.add(row)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="follow up",
        entity_type="finding_follow_up",
        entity_id=row.id,
        new={"finding_id": finding.id, "note_date": day, "status": state, "note": text},
    )
    return row


def _finding(session: Session, checks: Checks, finding_id, *, responded: bool = False):
    key = checks.identifier(N_("Finding"), finding_id)
    if key is None:
        return None
    finding = session.get(Finding, key)
    if finding is None:
        checks.fail(N_("Finding"), N_("no finding has id {id}"), id=key)
        return None
    if responded and finding.kind not in RESPONDED_KINDS:
        checks.fail(N_("Finding"), N_("only recommendations and deficiencies are followed up"))
    return finding

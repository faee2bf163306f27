"""The audit trail: who changed what, when, with old and new values. Append-only."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

from models.entities import AuditEvent, User
from models.services.authz import Operator

# Bound by the column widths of audit_event.
_NAME_MAX = 60


class AuditTrailError(RuntimeError):
    """Raised when code tries to change or delete an audit event."""


def to_json(values: dict[str, Any] | None) -> str | None:
    """Values as JSON text: sorted keys, dates ISO, Decimals as strings."""
    if values is None:
        return None
    return json.dumps(values, sort_keys=True, ensure_ascii=False, default=_encode)


def _encode(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, set | frozenset):
        return sorted(value)
    raise TypeError(f"cannot record a {type(value).__name__} in the audit trail")


def record(
    session: Session,
    *,
    actor: User | Operator | str,
    action: str,
    entity_type: str,
    entity_id: int | str | None = None,
    old: dict[str, Any] | None = None,
    new: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one audit event to the session (flushed, not committed).

    `actor`: the User, the Operator, or a fixed name of the service's own ("anonymous").
    """
    user = actor if isinstance(actor, User) else None
    if user is not None and user.id is None:
        session.flush()
    if user is not None:
        actor_name = user.username
    else:
        actor_name = actor.name if isinstance(actor, Operator) else actor
    for label, value in (("actor", actor_name), ("action", action), ("entity", entity_type)):
        if not value or len(value) > _NAME_MAX:
            raise ValueError(f"audit {label} must be 1 to {_NAME_MAX} characters: {value!r}")
    audit_event = AuditEvent(
        user_id=user.id if user is not None else None,
        actor=actor_name,
        action=action,
        entity_type=entity_type,
        entity_id=None if entity_id is None else str(entity_id),
        old_value=to_json(old),
        new_value=to_json(new),
    )
    session.add(audit_event)
    session.flush()
    return audit_event


@event.listens_for(Session, "before_flush")
def _refuse_rewriting_history(session: Session, _context, _instances) -> None:
    # The trail is evidence: an ORM update or delete of an event is a bug, not a feature.
    for obj in (*session.dirty, *session.deleted):
        if isinstance(obj, AuditEvent) and (obj in session.deleted or session.is_modified(obj)):
            raise AuditTrailError(f"audit event {obj.id} is append-only")

import json
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import select

from models.entities import AuditEvent
from models.services import audit
from tests.factories import make_user


def test_record_serialises_values_canonically(session):
    event = audit.record(
        session,
        actor="cli",
        action="update",
        entity_type="budget",
        entity_id=7,
        old={"amount": Decimal("10.50"), "period_end": date(2006, 12, 31)},
        new={"when": datetime(2007, 1, 2, 3, 4, 5, tzinfo=UTC), "amount": Decimal("12.00")},
    )
    assert event.id is not None and event.user_id is None
    assert (event.actor, event.entity_id) == ("cli", "7")
    assert event.old_value == '{"amount": "10.50", "period_end": "2006-12-31"}'
    assert json.loads(event.new_value) == {
        "amount": "12.00",
        "when": "2007-01-02T03:04:05+00:00",
    }
    assert list(json.loads(event.new_value)) == ["amount", "when"]


def test_actor_may_be_a_user(session):
    user = make_user(session, "coordinator")
    event = audit.record(session, actor=user, action="approve", entity_type="status_update")
    assert (event.actor, event.user_id, event.old_value) == ("coordinator", user.id, None)


def test_unserialisable_value_is_refused(session):
    with pytest.raises(TypeError, match="cannot record a object"):
        audit.record(session, actor="cli", action="x", entity_type="y", new={"v": object()})


@pytest.mark.parametrize("field", ["actor", "action", "entity_type"])
def test_names_must_fit_their_columns(session, field):
    names = {"actor": "cli", "action": "create", "entity_type": "plan"}
    with pytest.raises(ValueError, match="must be 1 to 60 characters"):
        audit.record(session, **{**names, field: "x" * 61})


def test_events_cannot_be_changed_or_deleted(session):
    event = audit.record(session, actor="cli", action="create", entity_type="plan")
    session.commit()
    event.action = "delete"
    with pytest.raises(audit.AuditTrailError, match="append-only"):
        session.flush()
    session.rollback()
    session.delete(session.get(AuditEvent, event.id))
    with pytest.raises(audit.AuditTrailError):
        session.flush()
    session.rollback()
    assert session.scalars(select(AuditEvent.action)).all() == ["create"]

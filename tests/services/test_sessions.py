"""Sign-in sessions: kept across reloads and tabs, ended by sign-out, idleness or
deactivation; stored hashed; no cache version bumped (both databases)."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from models.db import transaction
from models.entities import AuditEvent, DataChange, SignInSession, User
from models.queries.dashboard import data_version
from models.services import sessions
from models.services.accounts import create_user, deactivate_user, reactivate_user, reset_password
from models.services.auth import IDLE_TIMEOUT
from models.services.authz import Operator

T0 = datetime(2007, 3, 1, 10, 0, tzinfo=UTC)


def _user(engine, username="jdoe"):
    with transaction(engine) as session:
        user = create_user(
            session=session,
            username=username,
            password="a long enough secret",
            role="coordinator",
            actor=Operator("test"),
        )
        return user.id


def _start(engine, user_id, now=T0) -> str:
    with transaction(engine) as session:
        return sessions.start(session=session, user_id=user_id, now=now)


def _resume(engine, token, now=T0):
    with transaction(engine) as session:
        return sessions.resume(session=session, token=token, now=now)


def _reason(engine, token) -> str:
    with transaction(engine) as session:
        return sessions.ended_reason(session=session, token=token)


def test_a_session_resumes_as_its_user_and_is_stored_only_hashed(engine):
    user_id = _user(engine)
    token = _start(engine, user_id)
    assert len(token) >= 40
    resumed = _resume(engine, token, T0 + timedelta(minutes=5))
    assert resumed is not None and resumed.id == user_id and resumed.username == "jdoe"
    with transaction(engine) as session:
        row = session.scalars(select(SignInSession)).one()
        assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
        assert token not in row.token_hash
    assert _resume(engine, "not-a-session") is None
    assert _resume(engine, "") is None


def test_each_sign_in_gets_its_own_random_id(engine):
    user_id = _user(engine)
    assert len({_start(engine, user_id) for _ in range(5)}) == 5


def test_activity_keeps_a_session_alive_and_idleness_ends_it(engine):
    user_id = _user(engine)
    token = _start(engine, user_id)
    # Seen every 20 minutes: never idle for 30, so still signed in after an hour.
    for minutes in (20, 40, 60):
        assert _resume(engine, token, T0 + timedelta(minutes=minutes)) is not None
    late = T0 + timedelta(minutes=60) + IDLE_TIMEOUT + timedelta(seconds=1)
    assert _resume(engine, token, late) is None
    assert _reason(engine, token) == sessions.IDLE
    # Ended for good: coming back sooner does not revive it.
    assert _resume(engine, token, T0 + timedelta(minutes=61)) is None


def test_signing_out_ends_every_session_of_the_account_and_is_audited(engine):
    user_id, other_id = _user(engine), _user(engine, "other")
    first, second, other = (
        _start(engine, user_id),
        _start(engine, user_id),
        _start(engine, other_id),
    )
    with transaction(engine) as session:
        assert sessions.sign_out(session=session, user_id=user_id, now=T0) == 2
    assert _resume(engine, first) is None and _resume(engine, second) is None
    assert _reason(engine, second) == sessions.ENDED
    assert _resume(engine, other) is not None
    with transaction(engine) as session:
        event = session.scalars(select(AuditEvent).where(AuditEvent.action == "sign_out")).one()
        assert (event.actor, event.entity_id) == ("jdoe", str(user_id))


def test_end_ends_one_session_and_end_all_counts_only_open_ones(engine):
    user_id = _user(engine)
    first, second = _start(engine, user_id), _start(engine, user_id)
    with transaction(engine) as session:
        sessions.end(session=session, token=first)
    assert _resume(engine, first) is None and _resume(engine, second) is not None
    with transaction(engine) as session:
        assert sessions.end_all(session=session, user_id=user_id) == 1
        assert sessions.end_all(session=session, user_id=user_id) == 0


def test_deactivation_ends_every_session_and_reactivation_does_not_revive_them(engine):
    user_id = _user(engine)
    token = _start(engine, user_id)
    with transaction(engine) as session:
        deactivate_user(session=session, username_or_id=user_id, actor=Operator("test"))
        assert (
            session.scalar(
                select(func.count()).where(
                    SignInSession.user_id == user_id, SignInSession.ended_at.is_(None)
                )
            )
            == 0
        )
    assert _resume(engine, token) is None
    assert _reason(engine, token) == sessions.INACTIVE
    with transaction(engine) as session:
        reactivate_user(session=session, username_or_id=user_id, actor=Operator("test"))
    assert _resume(engine, token) is None


def test_a_password_reset_ends_every_session_opened_with_the_old_password(engine):
    user_id = _user(engine)
    first, second = _start(engine, user_id), _start(engine, user_id)
    with transaction(engine) as session:
        reset_password(
            session=session,
            username_or_id=user_id,
            new_password="another long enough secret",
            actor=Operator("test"),
        )
    assert _resume(engine, first) is None and _resume(engine, second) is None
    assert _resume(engine, _start(engine, user_id)) is not None


def test_a_deactivated_account_cannot_resume_a_session_it_still_has(engine):
    # Deactivated by a write that did not end the sessions (e.g. directly in the database).
    user_id = _user(engine)
    token = _start(engine, user_id)
    with transaction(engine) as session:
        session.get(User, user_id).active = False
    assert _resume(engine, token) is None


def test_session_writes_bump_no_cache_version(engine):
    user_id = _user(engine)
    with engine.connect() as connection:
        changes = connection.scalar(select(func.count()).select_from(DataChange))
    version = data_version(engine)
    token = _start(engine, user_id)
    _resume(engine, token, T0 + timedelta(minutes=5))
    with transaction(engine) as session:
        sessions.end_all(session=session, user_id=user_id)
    with engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(DataChange)) == changes
    assert data_version(engine) == version

"""Sign-in sessions: a signed-in browser stays signed in across reloads and tabs.

`start` gives a random id (the cookie's value); only its sha256 is stored, with when the
session started and was last seen. `resume` turns the id back into the signed-in user, or None
once the session has ended: signed out (every session of the account at once, `end_all`),
idle for longer than auth.IDLE_TIMEOUT, or the account deactivated. The caller owns the
transaction; these writes bump no cache version and are not exchanged.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from models.entities import SignInSession, User
from models.i18n import N_
from models.services import audit
from models.services.auth import IDLE_TIMEOUT, SignedInUser, active_user, session_user

# last_seen_at is written at most this often: a page run is not worth a write each.
TOUCH_EVERY = timedelta(minutes=1)
# Why a session ended, in English; translated where shown (pages.ui.session.signed_out_message).
IDLE = N_("Signed out after {minutes} minutes without activity.")
INACTIVE = N_("Your account is no longer active.")
ENDED = N_("You were signed out (in this or another tab).")


def start(*, session: Session, user_id: int, now: datetime | None = None) -> str:
    """A new session for the user; returns its id, which is stored only as a hash."""
    now = now or datetime.now(UTC)
    token = secrets.token_urlsafe(32)
    session.add(
        SignInSession(token_hash=_hash(token), user_id=user_id, created_at=now, last_seen_at=now)
    )
    session.flush()
    return token


def resume(*, session: Session, token: str, now: datetime | None = None) -> SignedInUser | None:
    """The signed-in user of this session id, seen now; None (and the session ended) if not."""
    now = now or datetime.now(UTC)
    row = _find(session, token)
    if row is None or row.ended_at is not None:
        return None
    user = active_user(session, row.user_id)
    if user is None or _utc(now) - _utc(row.last_seen_at) > IDLE_TIMEOUT:
        row.ended_at = now
        return None
    touch(row, now)
    return session_user(session, user)


def touch(row: SignInSession, now: datetime) -> None:
    """Record activity: the idle timeout counts from the last time the session was seen."""
    if _utc(now) - _utc(row.last_seen_at) >= TOUCH_EVERY:
        row.last_seen_at = now


def ended_reason(*, session: Session, token: str) -> str:
    """Why `resume` refused this id, in words for the sign-in page."""
    row = _find(session, token)
    if row is None or row.ended_at is None:
        return ENDED
    if active_user(session, row.user_id) is None:
        return INACTIVE
    return IDLE if _utc(row.ended_at) - _utc(row.last_seen_at) > IDLE_TIMEOUT else ENDED


def end(*, session: Session, token: str, now: datetime | None = None) -> None:
    """End one session (its browser signs in again); an unknown or ended id is left alone."""
    row = _find(session, token)
    if row is not None and row.ended_at is None:
        row.ended_at = now or datetime.now(UTC)


def end_all(*, session: Session, user_id: int, now: datetime | None = None) -> int:
    """End every open session of the account, in every browser and tab; how many were open."""
    result = session.execute(
        update(SignInSession)
        .where(SignInSession.user_id == user_id, SignInSession.ended_at.is_(None))
        .values(ended_at=now or datetime.now(UTC))
        .execution_options(synchronize_session=False)
    )
    return result.rowcount


def sign_out(*, session: Session, user_id: int, now: datetime | None = None) -> int:
    """The person signs out: every session of the account ends, and the audit trail says so."""
    ended = end_all(session=session, user_id=user_id, now=now)
    user = session.get(User, user_id)
    audit.record(
        session,
        actor=user or "anonymous",
        action="sign_out",
        entity_type=User.__tablename__,
        entity_id=user_id,
        new={"sessions_ended": ended},
    )
    return ended


def _find(session: Session, token: str) -> SignInSession | None:
    if not token:
        return None
    return session.scalar(select(SignInSession).where(SignInSession.token_hash == _hash(token)))


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _utc(moment: datetime) -> datetime:
    # SQLite hands timestamps back without a zone; they were stored in UTC.
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)

"""Sign-in: password check with lockout, the signed-in user as plain values, idle timeout.

The sign-in form calls `sign_in(engine=..., username=..., password=..., source=...)`: it runs
one transaction that is committed whether the attempt succeeds or fails, because a failed
attempt is counted (perhaps locking the typed name for that source: models/services/throttle.py)
and that must persist. Code that
owns its own transaction calls `authenticate(session=...)` and must commit after a
SignInError as well as after a success (`models.db.transaction` would roll it back).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any, NoReturn

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from models.db import transaction
from models.entities import Organisation, User
from models.i18n import N_, _
from models.services import audit, throttle
from models.services.accounts import hash_password, needs_rehash, verify_password
from models.services.errors import SignInError

MAX_FAILED_ATTEMPTS = throttle.MAX_FAILURES
LOCKOUT = throttle.LOCKOUT
IDLE_TIMEOUT = timedelta(minutes=30)

# In English; the sign-in form shows them in the run's language (pages.ui.session.sign_in).
WRONG_CREDENTIALS = N_("Wrong username or password.")
LOCKED = N_("This account is locked after {n} failed sign-ins. Try again after {at} UTC.")
DEACTIVATED = N_("This account is deactivated. Ask an administrator.")
# Failed attempts are made by whoever typed the name, not by the account's owner.
ANONYMOUS = "anonymous"


@dataclass(frozen=True)
class SignedInUser:
    """What the app keeps of the signed-in person: plain values, never an ORM object."""

    id: int
    username: str
    role: str
    organisation_id: int | None = None
    organisation: str | None = None  # its acronym (or name), for display
    language: str | None = None  # the dashboard's language chosen in the account, if any


def sign_in(
    *,
    engine: Engine,
    username: str,
    password: str,
    source: str | None = None,
    now: datetime | None = None,
) -> SignedInUser:
    """Authenticate in a transaction of its own; commit the attempt either way.

    `source` is the client's address (None when the server does not know it): failures are
    counted and locked per typed name and source (models/services/throttle.py).
    Returns `session_user(...)` for st.session_state; raises SignInError after committing.
    """
    with transaction(engine) as session:
        try:
            user = authenticate(
                session=session, username=username, password=password, source=source, now=now
            )
        except SignInError as refused:
            failure = refused
        else:
            return session_user(session, user)
    raise failure


def authenticate(
    *,
    session: Session,
    username: str,
    password: str,
    source: str | None = None,
    now: datetime | None = None,
) -> User:
    """The user whose password this is, or SignInError; records the attempt (not committed).

    A known and an unknown name get the same answers ("wrong", then "locked" after five
    failures) after the same work (one hash check), so neither tells which names exist.
    """
    now = _utc(now or datetime.now(UTC))
    name = username.strip().lower()
    key, origin = throttle.account_key(name), throttle.source_key(source)
    locked = throttle.locked_until(session, key, origin, now)
    user = session.scalar(select(User).where(User.username == name))
    # An unknown name costs one hash check too: timing must not tell which names exist.
    matches = verify_password(
        password_hash=user.password_hash if user else _dummy_hash(), password=password
    )
    if locked is not None:
        _refuse(session, user, "locked", _locked_message(locked))
    if user is None or not matches:
        _count_failure(session, user, key, origin, now)
    if not user.active:
        # Said only to someone who knows the password, so it reveals nothing to a guesser.
        _refuse(session, user, "deactivated", DEACTIVATED)
    # Only this source's count starts again: a guesser elsewhere keeps theirs.
    throttle.forget(session, key, origin)
    _succeed(session, user, password, now)
    return user


def session_user(session: Session, user: User) -> SignedInUser:
    """What the app keeps of the signed-in user: plain values, never an ORM object."""
    organisation = session.get(Organisation, user.organisation_id) if user.organisation_id else None
    return SignedInUser(
        id=user.id,
        username=user.username,
        role=user.role,
        organisation_id=user.organisation_id,
        organisation=(organisation.acronym or organisation.name) if organisation else None,
        language=user.language,
    )


def active_user(session: Session, user_id: int) -> User | None:
    """The user, re-read on each page load: None once deactivated, so access ends at once."""
    user = session.get(User, user_id, populate_existing=True)
    return user if user is not None and user.active else None


def session_expired(last_seen: datetime, now: datetime) -> bool:
    """True when nothing happened for longer than IDLE_TIMEOUT: sign the person out."""
    return _utc(now) - _utc(last_seen) > IDLE_TIMEOUT


def _count_failure(
    session: Session, user: User | None, key: str, source: str, now: datetime
) -> NoReturn:
    failures, until = throttle.count_failure(session, key, source, now)
    # The typed name is not kept for unknown users: people type passwords into that field.
    entity_id = user.id if user else None
    new = {"failures": failures, "source": source}
    if user is None:
        new["reason"] = "unknown username"
    audit.record(
        session,
        actor=ANONYMOUS,
        action="sign_in_failed",
        entity_type=User.__tablename__,
        entity_id=entity_id,
        new=new,
    )
    if until is None:
        raise SignInError(WRONG_CREDENTIALS)
    if failures == MAX_FAILED_ATTEMPTS:
        audit.record(
            session,
            actor=ANONYMOUS,
            action="lock",
            entity_type=User.__tablename__,
            entity_id=entity_id,
            new={"locked_until": until, "source": source},
        )
    raise SignInError(_locked_message(until))


def _refuse(session: Session, user: User | None, reason: str, message: str) -> NoReturn:
    # The typed name is not kept for unknown users: people type passwords into that field.
    audit.record(
        session,
        actor=ANONYMOUS,
        action="sign_in_refused",
        entity_type=User.__tablename__,
        entity_id=user.id if user else None,
        new={"reason": reason},
    )
    raise SignInError(message)


def _succeed(session: Session, user: User, password: str, now: datetime) -> None:
    old = {"last_login_at": user.last_login_at}
    new: dict[str, Any] = {"last_login_at": now}
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
        new["password_rehashed"] = True
    user.last_login_at = now
    audit.record(
        session,
        actor=user,
        action="sign_in",
        entity_type=User.__tablename__,
        entity_id=user.id,
        old=old,
        new=new,
    )


def _locked_message(until: datetime) -> str:
    until = _utc(until)
    # Rounded up to the minute: "after 10:15" must not be a time when it is still locked.
    if until.second or until.microsecond:
        until = until.replace(second=0, microsecond=0) + timedelta(minutes=1)
    return _(LOCKED).format(n=MAX_FAILED_ATTEMPTS, at=until.strftime("%H:%M"))


def _utc(moment: datetime) -> datetime:
    # SQLite hands timestamps back without a zone; they were stored in UTC.
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return hash_password(secrets.token_urlsafe(32))

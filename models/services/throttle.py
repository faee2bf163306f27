"""Failed sign-ins counted per typed name and source, so that guessing passwords is slow.

Five failures from one source (the client's address) for one typed name within LOCKOUT lock
that name for that source for LOCKOUT. Why this shape:

- Atomic: each failure is one `INSERT ... ON CONFLICT DO UPDATE ... RETURNING` (SQLite 3.35+
  and PostgreSQL), so parallel wrong passwords cannot lose a count: the fifth locks, however
  many arrive at once. Reading the count, checking a password (~150 ms) and writing old + 1
  lost counts on SQLite, where SELECT ... FOR UPDATE is a no-op.
- Per typed name, not per account: an unknown name is counted and locked like a real one,
  so the answers ("wrong", "locked") never tell which names exist. The name is kept only as
  a SHA-256 hash of its lower-cased form: people type passwords into that field.
- Per source too: a stranger who types a coordinator's name five times locks that name for
  their own address only; the coordinator, elsewhere, still signs in. The price: someone
  guessing from many addresses gets five tries per address per LOCKOUT. Behind a proxy that
  hides addresses every client is one source ("unknown" when none is known) and the lock
  falls back to per name.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import and_, case, delete, literal, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from models.entities import SignInThrottle

MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=15)
UNKNOWN_SOURCE = "unknown"
_SOURCE_MAX = 64
_table = SignInThrottle.__table__


def account_key(typed_name: str) -> str:
    """The key a typed name is counted under: SHA-256 of it, trimmed and lower-cased."""
    return SignInThrottle.key_for(typed_name)


def source_key(source: str | None) -> str:
    """The source as stored: the address, or "unknown" when the server does not know it."""
    source = source.strip() if isinstance(source, str) else ""
    return source[:_SOURCE_MAX] if source else UNKNOWN_SOURCE


def locked_until(session: Session, key: str, source: str, now: datetime) -> datetime | None:
    """When the lock on this name from this source ends, if it is locked at `now`."""
    until = session.scalar(
        select(_table.c.locked_until).where(_table.c.account_key == key, _table.c.source == source)
    )
    return until if until is not None and _aware(until) > now else None


def count_failure(
    session: Session, key: str, source: str, now: datetime
) -> tuple[int, datetime | None]:
    """Count one failure atomically: (failures in this window, the lock's end if locked).

    A window starts at the first failure and lasts LOCKOUT; a failure after it, or after a
    lock has ended, starts a new one, so after a lock a guesser has five more tries, not one.
    """
    stale = or_(
        _table.c.window_start <= now - LOCKOUT,
        and_(_table.c.locked_until.is_not(None), _table.c.locked_until <= now),
    )
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    started = literal(now, _table.c.window_start.type)
    first = {"account_key": key, "source": source, "failures": 1, "window_start": now}
    statement = (
        dialect.insert(_table)
        .values(**first, locked_until=None)
        .on_conflict_do_update(
            index_elements=[_table.c.account_key, _table.c.source],
            set_={
                "failures": case((stale, 1), else_=_table.c.failures + 1),
                "window_start": case((stale, started), else_=_table.c.window_start),
                "locked_until": case(
                    (stale, literal(None, _table.c.locked_until.type)),
                    else_=_table.c.locked_until,
                ),
            },
        )
        .returning(_table.c.failures)
    )
    failures = session.execute(statement).scalar_one()
    if failures < MAX_FAILURES:
        return failures, None
    # This transaction holds the row (PostgreSQL) or the database (SQLite) until it ends.
    until = now + LOCKOUT
    session.execute(
        update(_table)
        .where(_table.c.account_key == key, _table.c.source == source)
        .where(or_(_table.c.locked_until.is_(None), _table.c.locked_until < until))
        .values(locked_until=until)
    )
    return failures, until


def forget(session: Session, key: str, source: str | None = None) -> int:
    """Drop the count of a name, from one source or (None) from every source: rows removed."""
    statement = delete(_table).where(_table.c.account_key == key)
    if source is not None:
        statement = statement.where(_table.c.source == source)
    return session.execute(statement).rowcount


def lock_of(session: Session, key: str, now: datetime) -> datetime | None:
    """The latest lock on a name from any source, if one is in force at `now`."""
    rows = session.scalars(
        select(_table.c.locked_until).where(
            _table.c.account_key == key, _table.c.locked_until.is_not(None)
        )
    )
    current = [_aware(until) for until in rows if _aware(until) > now]
    return max(current, default=None)


def _aware(moment: datetime) -> datetime:
    # SQLite hands timestamps back without a zone; they were stored in UTC.
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)

"""Reads for the audit trail and the accounts list: events filtered in SQL, facets, CSV.

The trail is read-only here: nothing in this module writes. Password hashes never reach it,
because the services record only `accounts.public_fields` of a user.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta

import pandas as pd
from sqlalchemy import Engine, and_, func, literal, or_, select, true, union

from models.entities import AuditEvent, Organisation, User
from models.exchange.spreadsheet import safe_cell
from models.queries._frame import frame

EVENT_COLUMNS = [
    "occurred_at",
    "actor",
    "action",
    "entity_type",
    "entity_id",
    "old_value",
    "new_value",
]
FACETS = ("actor", "action", "entity_type")


def _time_clauses(since: date | datetime | None, until: date | datetime | None) -> list:
    """Bounds as aware UTC datetimes; a date `until` includes that whole day."""
    clauses = []
    if since is not None:
        clauses.append(AuditEvent.occurred_at >= _utc(since))
    if isinstance(until, datetime):
        clauses.append(AuditEvent.occurred_at <= _utc(until))
    elif until is not None:
        clauses.append(AuditEvent.occurred_at < _utc(until) + timedelta(days=1))
    return clauses


def _utc(moment: date | datetime) -> datetime:
    if not isinstance(moment, datetime):
        return datetime.combine(moment, time.min, tzinfo=UTC)
    # SQLite stores naive UTC: a naive bound is read as UTC too.
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _one_of(column, wanted: str | Iterable[str] | None):
    if wanted is None or wanted == "":
        return None
    values = [wanted] if isinstance(wanted, str) else list(wanted)
    return column.in_(values) if values else None


def _where(*, since=None, until=None, actor=None, action=None, entity_type=None, text=None):
    clauses = [
        _one_of(AuditEvent.actor, actor),
        _one_of(AuditEvent.action, action),
        _one_of(AuditEvent.entity_type, entity_type),
    ]
    clauses += _time_clauses(since, until)
    if text and text.strip():
        needle = text.strip()
        searched = (
            AuditEvent.actor,
            AuditEvent.action,
            AuditEvent.entity_type,
            AuditEvent.entity_id,
            AuditEvent.old_value,
            AuditEvent.new_value,
        )
        # autoescape: a typed "%" or "_" is looked for as such, not as a wildcard.
        clauses.append(or_(*(c.icontains(needle, autoescape=True) for c in searched)))
    return and_(true(), *(c for c in clauses if c is not None))


def audit_events(
    engine: Engine,
    *,
    since: date | datetime | None = None,
    until: date | datetime | None = None,
    actor: str | Iterable[str] | None = None,
    action: str | Iterable[str] | None = None,
    entity_type: str | Iterable[str] | None = None,
    text: str | None = None,
    limit: int = 1000,
) -> pd.DataFrame:
    """Events matching every filter given (a name or a list of names for actor, action and
    entity type; `text` anywhere, case-insensitive), newest first, at most `limit` of them;
    occurred_at as UTC timestamps. Dates are inclusive."""
    where = _where(
        since=since, until=until, actor=actor, action=action, entity_type=entity_type, text=text
    )
    statement = (
        select(*(getattr(AuditEvent, c) for c in EVENT_COLUMNS))
        .where(where)
        .order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
        .limit(limit)
    )
    events = frame(engine, statement)
    # SQLite hands back naive datetimes (stored in UTC), PostgreSQL aware ones: one form.
    events["occurred_at"] = pd.to_datetime(events["occurred_at"], utc=True)
    return events


def audit_count(engine: Engine, **filters) -> int:
    """How many events match `filters`, however many `audit_events` shows."""
    statement = select(func.count()).select_from(AuditEvent).where(_where(**filters))
    with engine.connect() as connection:
        return int(connection.scalar(statement))


def audit_facets(engine: Engine) -> dict[str, list[str]]:
    """The distinct actors, actions and entity types in the trail, sorted: one UNION."""
    parts = [
        select(literal(name).label("facet"), getattr(AuditEvent, name).label("value"))
        for name in FACETS
    ]
    rows = frame(engine, union(*parts))
    return {name: sorted(rows.loc[rows["facet"] == name, "value"]) for name in FACETS}


def audit_csv(events: pd.DataFrame) -> bytes:
    """The events as CSV for a spreadsheet: UTF-8 with a BOM (so Excel reads it as UTF-8),
    ISO 8601 timestamps, formula-like cells neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(EVENT_COLUMNS)
    for row in events[EVENT_COLUMNS].itertuples(index=False):
        writer.writerow([_cell(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")


def _cell(value) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, datetime):
        return value.isoformat()
    return safe_cell(str(value))


def account_list(engine: Engine) -> pd.DataFrame:
    """Every account with its organisation, for the administrator: never the password hash."""
    statement = (
        select(
            User.id,
            User.username,
            User.role,
            User.organisation_id,
            func.coalesce(Organisation.acronym, Organisation.name).label("organisation"),
            User.active,
            User.demo,
            User.locked_until,
            User.last_login_at,
        )
        .outerjoin(Organisation, Organisation.id == User.organisation_id)
        .order_by(User.username)
    )
    accounts = frame(engine, statement)
    for column in ("locked_until", "last_login_at"):
        accounts[column] = pd.to_datetime(accounts[column], utc=True)
    return accounts


def organisations(engine: Engine) -> pd.DataFrame:
    """Organisations an account may belong to: id and the label shown (acronym, else name)."""
    label = func.coalesce(Organisation.acronym, Organisation.name)
    return frame(engine, select(Organisation.id, label.label("label")).order_by(label))

"""Reads for the audit trail: events filtered in SQL, their count, and the filters' choices.

The trail is read-only here: nothing in this module writes. Password hashes never reach it,
because the services record only `accounts.public_fields` of a user.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta

import pandas as pd
from sqlalchemy import Engine, and_, func, literal, or_, select, true, union, union_all

from models.entities import (
    ActionPlan,
    Activity,
    AuditEvent,
    Budget,
    Finding,
    Framework,
    FundingTransaction,
    Indicator,
    Objective,
    Organisation,
    StatusUpdate,
    User,
)
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


# Events about an activity's links (objectives, agencies, sectors) carry the activity's id.
_ACTIVITY_KEYED = ("activity", "activity_objective", "activity_agency", "activity_sector")
# Events about a record that belongs to an activity: (table, model with activity_id).
_ON_ACTIVITY = {
    "status_update": ("report", StatusUpdate),
    "budget": ("budget line", Budget),
    "funding_transaction": ("transaction", FundingTransaction),
}
_NAMED = {
    "objective": (Objective.code, Objective.title),
    "indicator": (Indicator.code, Indicator.name),
    "framework": (Framework.code, Framework.name),
    "action_plan": (ActionPlan.code, ActionPlan.title),
    "finding": (Finding.id, Finding.title),
}


def record_names(engine: Engine, keys: Iterable[tuple[str, str | None]]) -> dict[tuple, str]:
    """(entity type, entity id) → the record in words: "PREV-A4 Economic development",
    "report 197 on PROT-A5 Training of the police", "user erion". Keys of records that no
    longer exist (or of types without a name) are left out: the page then shows type and id."""
    ids: dict[str, set[int]] = {}
    for kind, key in keys:
        if key is not None and str(key).isdigit():
            ids.setdefault(kind, set()).add(int(key))
    names: dict[tuple, str] = {}
    with engine.connect() as connection:
        wanted = set().union(*(ids.get(k, set()) for k in _ACTIVITY_KEYED))
        activities = {
            i: f"{code} {title}"
            for i, code, title in connection.execute(
                select(Activity.id, Activity.code, Activity.title).where(Activity.id.in_(wanted))
            )
        }
        for kind in _ACTIVITY_KEYED:
            names |= {(kind, str(i)): activities[i] for i in ids.get(kind, ()) if i in activities}
        for kind, (word, model) in _ON_ACTIVITY.items():
            rows = connection.execute(
                select(model.id, Activity.code, Activity.title)
                .join(Activity, Activity.id == model.activity_id)
                .where(model.id.in_(ids.get(kind, set())))
            )
            names |= {(kind, str(i)): f"{word} {i} on {code} {title}" for i, code, title in rows}
        for kind, (code, title) in _NAMED.items():
            model = code.class_
            rows = connection.execute(
                select(model.id, code, title).where(model.id.in_(ids.get(kind, set())))
            )
            names |= {(kind, str(i)): f"{c} {t}" for i, c, t in rows}
        users = select(User.id, User.username).where(User.id.in_(ids.get("user_account", set())))
        names |= {("user_account", str(i)): f"user {n}" for i, n in connection.execute(users)}
        orgs = select(Organisation.id, func.coalesce(Organisation.acronym, Organisation.name))
        orgs = orgs.where(Organisation.id.in_(ids.get("organisation", set())))
        names |= {("organisation", str(i)): n for i, n in connection.execute(orgs)}
    return names


# Kinds of record an event's values refer to by id, and how each is named.
_REFERENCED = {
    "organisation": (Organisation.id, func.coalesce(Organisation.acronym, Organisation.name)),
    "activity": (Activity.id, Activity.code + " " + Activity.title),
    "objective": (Objective.id, Objective.code + " " + Objective.title),
    "framework": (Framework.id, Framework.name),
    "user_account": (User.id, User.username),
}


def referenced_names(engine: Engine, ids: dict[str, Iterable[int]]) -> dict[tuple[str, int], str]:
    """(kind, id) → name ("IOM", "PREV-A4 Economic development", "erion") of the records of
    known kinds that events refer to by id: one query, bounded by the ids asked for. Ids of
    records that no longer exist are left out."""
    parts = [
        select(literal(kind).label("kind"), key.label("id"), name.label("name")).where(
            key.in_(sorted(set(ids[kind])))
        )
        for kind, (key, name) in _REFERENCED.items()
        if ids.get(kind)
    ]
    if not parts:
        return {}
    with engine.connect() as connection:
        rows = connection.execute(union_all(*parts) if len(parts) > 1 else parts[0])
        return {(kind, int(key)): name for kind, key, name in rows}

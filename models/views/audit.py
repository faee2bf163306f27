"""The Audit trail page: events in words, one row per person's action, and the CSV download.

An event stores its old and new values as JSON. The page says what changed instead: the
record by its code and title ("PREV-A4 Economic development", not "activity 4"), each field
that changed as before → after, and one row per action a person took: saving an activity
writes the activity, its objectives and its agencies (three events, one action). In the
summaries, ids of known records read as names ("organisation: IOM", not "organisation id:
27") and timestamps to the minute in UTC. The CSV keeps every event with its raw values.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable
from datetime import UTC, datetime

import pandas as pd
from sqlalchemy import Engine

from models.exchange.spreadsheet import safe_cell
from models.i18n import N_, _
from models.queries.audit import (
    EVENT_COLUMNS,
    audit_count,
    audit_events,
    audit_facets,
    record_names,
    referenced_names,
)

__all__ = ["audit_csv", "audit_facets", "events", "actions", "changes"]
LIMIT = 1000
# Events of one person on one record this close together come from one action (one save).
SAME_ACTION = pd.Timedelta(seconds=2)
# An activity's links are recorded under the activity's id: the same record to a reader.
ACTIVITY_PARTS = {"activity_objective", "activity_agency", "activity_sector"}
SHORT = 40
# Records whose name already says what they are ("user erion", "report 197 on PROT-A5 …").
PHRASED = {"user_account", "status_update", "budget", "funding_transaction"}
NOTHING = "—"
NO_CHANGE = N_("no field changed")
# Fields that say who entered a value or where it came from: recorded, not news to a reader.
QUIET = {"entered_by", "entered_at", "updated_at", "created_at"}
# Fields whose values are ids of records of a known kind: (kind, what the summary calls it).
REFERENCES = {
    "organisation_id": ("organisation", N_("organisation")),
    "donor_id": ("organisation", N_("donor")),
    "owner_id": ("organisation", N_("owner")),
    "lead_ids": ("organisation", N_("lead agency")),
    "supporting_ids": ("organisation", N_("supporting agencies")),
    "activity_id": ("activity", N_("activity")),
    "objective_id": ("objective", N_("objective")),
    "objective_ids": ("objective", N_("objectives")),
    "framework_id": ("framework", N_("framework")),
    "user_id": ("user_account", N_("user")),
}
# Kinds of record in words (an unknown kind reads as its name with spaces).
RECORD_KINDS = {
    "activity": N_("activity"),
    "objective": N_("objective"),
    "framework": N_("framework"),
    "indicator": N_("indicator"),
    "organisation": N_("organisation"),
    "action_plan": N_("action plan"),
    "budget": N_("budget"),
    "funding_transaction": N_("funding transaction"),
    "status_update": N_("status update"),
    "indicator_value": N_("indicator value"),
    "user_account": N_("user account"),
    "finding": N_("finding"),
    "finding_link": N_("finding link"),
    "finding_response": N_("finding response"),
    "finding_follow_up": N_("finding follow up"),
    "period_lock": N_("period lock"),
    "plan_donor": N_("plan donor"),
    "framework_agency": N_("framework agency"),
    "context_statistic": N_("context statistic"),
    "data_change": N_("data change"),
    "database": N_("database"),
}
# What was done, in words (an unknown action reads as its name with spaces).
ACTION_NAMES = {
    "create": N_("create"),
    "update": N_("update"),
    "delete": N_("delete"),
    "replace": N_("replace"),
    "submit": N_("submit"),
    "approve": N_("approve"),
    "return": N_("return"),
    "withdraw": N_("withdraw"),
    "lock": N_("lock"),
    "link": N_("link"),
    "unlink": N_("unlink"),
    "respond": N_("respond"),
    "import": N_("import"),
    "seed": N_("seed"),
    "generate": N_("generate"),
    "sign_in": N_("sign in"),
    "sign_out": N_("sign out"),
    "sign_in_failed": N_("sign in failed"),
    "sign_in_refused": N_("sign in refused"),
}
# Fields of the stored values in words (an unknown field reads as its name with spaces).
FIELD_NAMES = {
    "code": N_("code"),
    "title": N_("title"),
    "name": N_("name"),
    "description": N_("description"),
    "planned_start": N_("planned start"),
    "planned_end": N_("planned end"),
    "status": N_("status"),
    "state": N_("state"),
    "percent_complete": N_("percent complete"),
    "report_date": N_("report date"),
    "narrative": N_("narrative"),
    "evidence_url": N_("evidence url"),
    "reason": N_("reason"),
    "return_reason": N_("return reason"),
    "role": N_("role"),
    "username": N_("username"),
    "active": N_("active"),
    "amount": N_("amount"),
    "currency": N_("currency"),
    "measure": N_("measure"),
    "direction": N_("direction"),
    "unit": N_("unit"),
    "baseline_value": N_("baseline value"),
    "baseline_date": N_("baseline date"),
    "target_value": N_("target value"),
    "target_date": N_("target date"),
    "means_of_verification": N_("means of verification"),
    "period_start": N_("period start"),
    "period_end": N_("period end"),
    "response": N_("response"),
    "due_date": N_("due date"),
    "note": N_("note"),
    "value": N_("value"),
}
MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")


def events(engine: Engine, **filters) -> tuple[pd.DataFrame, int]:
    """The newest LIMIT events matching `filters` with their record in words ("record"),
    and how many match in all."""
    found = audit_events(engine, limit=LIMIT, **filters)
    keys = list(zip(found["entity_type"], found["entity_id"], strict=True))
    names = record_names(engine, keys)
    found["record"] = [record_label(t, i, names) for t, i in keys]
    values = [
        (parse(o), parse(n)) for o, n in zip(found["old_value"], found["new_value"], strict=True)
    ]
    named = referenced_names(engine, referenced_ids(v for pair in values for v in pair))
    found["changes"] = [summary(old, new, named) for old, new in values]
    return found, audit_count(engine, **filters)


def referenced_ids(values: Iterable[dict | None]) -> dict[str, set[int]]:
    """kind → the ids that event values refer to (REFERENCES), to be named in one read."""
    ids: dict[str, set[int]] = {}
    for value in values:
        for field, (kind, _label) in REFERENCES.items():
            found = (value or {}).get(field)
            listed = found if isinstance(found, list) else [found]
            ids.setdefault(kind, set()).update(i for i in listed if isinstance(i, int))
    return {kind: found for kind, found in ids.items() if found}


def readable(values: dict | None, names: dict[tuple[str, int], str]) -> dict | None:
    """An event's values for its summary: referenced ids as names, under the name of what
    they are ("organisation": "IOM"), timestamps to the minute in UTC."""
    if values is None:
        return None
    shown = {}
    for field, value in values.items():
        if field in REFERENCES:
            kind, field = REFERENCES[field]
            value = (
                [_named(kind, v, names) for v in value]
                if isinstance(value, list)
                else _named(kind, value, names)
            )
        shown[field] = minute(value)
    return shown


def _named(kind: str, key, names: dict[tuple[str, int], str]):
    if not isinstance(key, int) or isinstance(key, bool):
        return key
    return names.get((kind, key), _("id {id}").format(id=key))


def minute(value):
    """An ISO timestamp as "2026-12-02 01:41 UTC" (a naive one is UTC); anything else as is."""
    if not isinstance(value, str) or not MOMENT.match(value):
        return value
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    return f"{moment:%Y-%m-%d %H:%M} UTC"


def record_label(entity_type: str, entity_id: str | None, names: dict) -> str:
    """ "activity PREV-A4 Economic development"; "user account 7" when it has no name."""
    if entity_id is not None and not isinstance(entity_id, str) and pd.isna(entity_id):
        entity_id = None
    kind = "activity" if entity_type in ACTIVITY_PARTS else entity_type
    name = names.get((entity_type, entity_id)) or names.get((kind, entity_id))
    if name:
        if entity_type in PHRASED:
            return name
        return _("{kind} {name}").format(kind=record_kind(kind), name=name)
    if entity_id:
        return _("{kind} {id}").format(kind=record_kind(kind), id=entity_id)
    return record_kind(kind)


def record_kind(kind: str) -> str:
    """A kind of record in words: "activity", "user account"."""
    return _(RECORD_KINDS[kind]) if kind in RECORD_KINDS else kind.replace("_", " ")


def action_name(action: str) -> str:
    """An audit action in words: "update", "sign in refused"."""
    return _(ACTION_NAMES[action]) if action in ACTION_NAMES else action.replace("_", " ")


def parse(text: str | None) -> dict | None:
    if text is None or (not isinstance(text, str) and pd.isna(text)):
        return None
    try:
        value = json.loads(text)
    except ValueError:
        return {"value": text}
    return value if isinstance(value, dict) else {"value": value}


def show(value, limit: int | None = None) -> str:
    """A stored value in words: lists joined, missing as "—", long text cut at `limit`."""
    if value is None or value == "" or value == []:
        text = NOTHING
    elif isinstance(value, bool):
        text = _("yes") if value else _("no")
    elif isinstance(value, list):
        text = ", ".join(show(v) for v in value)
    elif isinstance(value, dict):
        text = ", ".join(
            _("{field}: {value}").format(field=field_name(k), value=show(v))
            for k, v in value.items()
        )
    else:
        text = str(value)
    if limit and len(text) > limit:
        text = text[: limit - 1] + "…"
    return text


def field_name(field: str) -> str:
    """A stored field in words: "planned end"; a referenced record's name ("lead agency")
    in this run's language."""
    return _(FIELD_NAMES.get(field, field.replace("_", " ")))


def changes(old: dict | None, new: dict | None) -> list[tuple[str, str, str]]:
    """(field, before, after) of every field that differs, full values, in field order."""
    old, new = old or {}, new or {}
    fields = [f for f in dict.fromkeys([*old, *new]) if old.get(f) != new.get(f)]
    return [(field_name(f), show(old.get(f)), show(new.get(f))) for f in fields]


def summary(old: dict | None, new: dict | None, names: dict | None = None) -> str:
    """The changes of one event in a line: "planned end: 2007-06-30 → 2007-12-31"; ids of
    known records by their `names` (models.queries.audit.referenced_names)."""
    if old is None and new is None:
        return ""
    old, new = readable(old, names or {}), readable(new, names or {})
    if old is None or new is None:  # created, deleted, or a one-sided event such as a sign-in
        values = new if old is None else old
        shown = [(f, v) for f, v in values.items() if f not in QUIET and v not in (None, "", [])]
        return "; ".join(
            _("{field}: {value}").format(field=field_name(f), value=show(v, SHORT))
            for f, v in shown
        )
    old_shown = {k: v for k, v in old.items() if k not in QUIET}
    new_shown = {k: v for k, v in new.items() if k not in QUIET}
    return "; ".join(
        _("{field}: {before} → {after}").format(
            field=field, before=show_cut(before), after=show_cut(after)
        )
        for field, before, after in changes(old_shown, new_shown)
    ) or _(NO_CHANGE)


def show_cut(text: str) -> str:
    return text if len(text) <= SHORT else text[: SHORT - 1] + "…"


def actions(found: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(one row per action, the events with the number of their action in "action_no").

    An action: one person's events on one record (an activity with its links counts as one)
    within SAME_ACTION of each other, newest first. Its row says when, who, which record,
    what was done and each change before → after, and how many events it holds."""
    found = found.reset_index(drop=True).copy()
    record = [
        ("activity" if t in ACTIVITY_PARTS else t, i)
        for t, i in zip(found["entity_type"], found["entity_id"], strict=True)
    ]
    numbers, previous = [], None
    for n, row in enumerate(found.itertuples(index=False)):
        key = (row.actor, record[n])
        same = (
            previous is not None
            and previous[0] == key
            and previous[1] - row.occurred_at <= SAME_ACTION
        )
        numbers.append(numbers[-1] if same else (numbers[-1] + 1 if numbers else 1))
        previous = (key, row.occurred_at)
    found["action_no"] = numbers
    if "changes" not in found:  # events() names the records; without it ids stay ids
        found["changes"] = [
            summary(parse(o), parse(n))
            for o, n in zip(found["old_value"], found["new_value"], strict=True)
        ]
    grouped = found.groupby("action_no", sort=False)
    rows = grouped.agg(
        occurred_at=("occurred_at", "first"),
        actor=("actor", "first"),
        action=("action", lambda s: _in_order(s.map(action_name))),
        record=("record", "first"),
        changes=("changes", _joined),
        entity_type=("entity_type", _in_order),
        entity_id=("entity_id", "first"),
        events=("action", "size"),
    )
    return rows.reset_index(), found


def _in_order(values: pd.Series) -> str:
    """The distinct values of an action's events, oldest first."""
    return ", ".join(dict.fromkeys(reversed(list(values))))


def _joined(summaries: pd.Series) -> str:
    """An action's changes in the order they were made, leaving out its events that
    changed nothing (an unchanged list of objectives saved with new dates)."""
    said = [c for c in reversed(list(summaries)) if c]
    changed = [c for c in said if c != _(NO_CHANGE)]
    return "; ".join(changed) if changed else (said[0] if said else "")


def audit_csv(events: pd.DataFrame) -> bytes:
    """The events as CSV for a spreadsheet: UTF-8 with a BOM (so Excel reads it as UTF-8),
    ISO 8601 timestamps, formula-like cells neutralised, old and new values as stored."""
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

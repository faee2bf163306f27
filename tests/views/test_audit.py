"""The audit trail in words: changes as before → after, one row per action."""

from __future__ import annotations

import json

import pandas as pd

from models.views import audit as av


def _events(rows) -> pd.DataFrame:
    columns = ["occurred_at", "actor", "action", "entity_type", "entity_id", "old", "new"]
    frame = pd.DataFrame(rows, columns=columns)
    frame["occurred_at"] = pd.to_datetime(frame["occurred_at"], utc=True)
    frame["old_value"] = [None if v is None else json.dumps(v) for v in frame.pop("old")]
    frame["new_value"] = [None if v is None else json.dumps(v) for v in frame.pop("new")]
    frame["record"] = frame["entity_type"] + " " + frame["entity_id"]
    return frame


def test_changes_name_each_field_from_before_to_after():
    old = {"planned_end": "2007-06-30", "title": "Schools", "agencies": ["IOM"]}
    new = {"planned_end": "2007-12-31", "title": "Schools", "agencies": ["IOM", "MEST"]}
    assert av.changes(old, new) == [
        ("planned end", "2007-06-30", "2007-12-31"),
        ("agencies", "IOM", "IOM, MEST"),
    ]
    assert av.summary(old, new) == (
        "planned end: 2007-06-30 → 2007-12-31; agencies: IOM → IOM, MEST"
    )
    assert av.summary(None, {"username": "erion", "role": "editor", "note": None}) == (
        "username: erion; role: editor"
    )
    assert av.summary(old, old) == "no field changed"
    long = "x" * 100
    assert av.summary({"a": ""}, {"a": long}) == f"a: — → {'x' * 39}…"
    assert av.changes({"a": ""}, {"a": long}) == [("a", "—", long)]  # full on expand


def test_one_row_per_action_and_links_counted_with_their_activity():
    rows, events = av.actions(
        _events(
            [
                ("2026-01-01 10:00:05", "amira", "replace", "activity_agency", "4", {}, {"x": 1}),
                ("2026-01-01 10:00:05", "amira", "replace", "activity_objective", "4", {}, {}),
                ("2026-01-01 10:00:04", "amira", "update", "activity", "4", {"a": 1}, {"a": 2}),
                ("2026-01-01 10:00:04", "amira", "update", "activity", "5", {"a": 1}, {"a": 3}),
                ("2026-01-01 09:00:00", "amira", "update", "activity", "4", {"a": 0}, {"a": 1}),
                ("2026-01-01 08:00:00", "cli", "sign_in", "user_account", "1", None, None),
            ]
        )
    )
    assert rows["events"].tolist() == [3, 1, 1, 1]
    assert rows.loc[0, "action"] == "update, replace"
    assert rows.loc[0, "changes"] == "a: 1 → 2; x: — → 1"  # in the order they were made
    assert events["action_no"].tolist() == [1, 1, 1, 2, 3, 4]
    assert rows.loc[3, "changes"] == ""


def test_a_record_without_an_id_or_a_name_reads_plainly():
    names = {("activity", "4"): "PREV-A4 Economic development", ("user_account", "2"): "user erion"}
    assert av.record_label("activity_agency", "4", names) == "activity PREV-A4 Economic development"
    assert av.record_label("user_account", "2", names) == "user erion"
    assert av.record_label("database", None, names) == "database"
    assert av.record_label("database", float("nan"), names) == "database"
    assert av.record_label("budget", "9", names) == "budget 9"

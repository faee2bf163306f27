"""The audit trail in words: changes as before → after, one row per action."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from sqlalchemy import event, select

from models.db import transaction
from models.entities import Activity, Framework, Objective, Organisation, User
from models.i18n import use_language
from models.queries.audit import referenced_names
from models.services.accounts import create_user
from models.services.audit import record
from models.services.authz import Operator
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


def test_summaries_name_referenced_records_and_show_times_to_the_minute():
    names = {("organisation", 27): "IOM", ("objective", 3): "PREV-O1 Awareness"}
    old = {"organisation_id": None, "last_login_at": "2026-12-02T01:41:58.117947+00:00"}
    new = {"organisation_id": 27, "last_login_at": "2026-12-03T09:05:01.5+01:00"}
    assert av.summary(old, new, names) == (
        "organisation: — → IOM; last login at: 2026-12-02 01:41 UTC → 2026-12-03 08:05 UTC"
    )
    links = {"objective_ids": [3, 4], "lead_ids": [27]}
    assert av.summary(None, links, names) == "objectives: PREV-O1 Awareness, id 4; lead agency: IOM"
    # Dates and other text stay as they are; a naive timestamp is UTC.
    assert av.minute("2007-12-31") == "2007-12-31"
    assert av.minute("2026-01-01 10:00:59") == "2026-01-01 10:00 UTC"
    assert av.minute("2026-01-01T10:00 is not a moment") == "2026-01-01T10:00 is not a moment"
    assert av.referenced_ids([old, new, links, None]) == {
        "organisation": {27},
        "objective": {3, 4},
    }


def _user(session) -> User:
    return create_user(
        session=session,
        username="audit.reader",
        password="audit-password-1",
        role="donor",
        organisation_acronym_or_id="OSCE",
        actor=Operator("setup"),
    )


def _event_about(engine, organisation: str, old: dict, new: dict) -> tuple[int, int]:
    with transaction(engine) as session:
        org = session.scalar(select(Organisation.id).where(Organisation.acronym == organisation))
        user = _user(session)
        record(
            session,
            actor=Operator("test"),
            action="update",
            entity_type="user_account",
            entity_id=user.id,
            old=old,
            new=new | {"organisation_id": org, "user_id": user.id},
        )
        return org, user.id


def test_the_trail_names_the_organisation_and_the_csv_keeps_raw_values(seeded_engine):
    stamp = "2026-12-02T01:41:58.117947+00:00"
    org, user_id = _event_about(
        seeded_engine, "IOM", {"last_login_at": None}, {"last_login_at": stamp}
    )
    found, _ = av.events(seeded_engine, actor="test")
    (changes,) = found["changes"]
    with seeded_engine.connect() as connection:
        username = connection.scalar(select(User.username).where(User.id == user_id))
    assert changes == (
        f"last login at: — → 2026-12-02 01:41 UTC; organisation: — → IOM; user: — → {username}"
    )
    rows, _ = av.actions(found)
    assert rows.loc[0, "changes"] == changes
    raw = av.audit_csv(found).decode("utf-8-sig")
    assert stamp in raw and f'""organisation_id"": {org}' in raw


def test_referenced_records_are_named_in_one_query(seeded_engine):
    with transaction(seeded_engine) as session:
        _user(session)
    with seeded_engine.connect() as connection:
        wanted = {
            "organisation": set(connection.scalars(select(Organisation.id).limit(3))),
            "activity": set(connection.scalars(select(Activity.id).limit(3))),
            "objective": set(connection.scalars(select(Objective.id).limit(2))),
            "framework": set(connection.scalars(select(Framework.id))),
            "user_account": set(connection.scalars(select(User.id))),
        }
    statements = []

    def count(*args, **kwargs):
        statements.append(args[2])

    event.listen(seeded_engine, "before_cursor_execute", count)
    try:
        names = referenced_names(
            seeded_engine, wanted | {"organisation": {*wanted["organisation"], 10**6}}
        )
    finally:
        event.remove(seeded_engine, "before_cursor_execute", count)
    assert len(statements) == 1
    assert {kind for kind, _ in names} == set(wanted)
    assert len(names) == sum(map(len, wanted.values()))  # the missing id is left out
    assert names[("framework", min(wanted["framework"]))] in {
        "Prevention",
        "Protection",
        "Prosecution",
    }


@pytest.fixture
def albanian():
    """This test's language is Albanian; English again afterwards."""
    use_language("sq")
    yield
    use_language("en")


def test_the_trail_in_words_reads_in_albanian(albanian):
    old = {"planned_end": "2007-06-30", "active": True, "lead_ids": [27]}
    new = {"planned_end": "2007-12-31", "active": False, "lead_ids": [27, 99]}
    names = {("organisation", 27): "IOM", ("activity", "4"): "PREV-A4 Economic development"}
    assert av.summary(old, new, names) == (
        "përfundimi i planifikuar: 2007-06-30 → 2007-12-31; aktive: po → jo; "
        "agjencia udhëheqëse: IOM → IOM, ID 99"
    )
    assert av.summary(old, old) == "asnjë fushë nuk ndryshoi"
    assert av.record_label("activity_agency", "4", names) == (
        "aktiviteti PREV-A4 Economic development"
    )
    assert av.record_label("budget", "9", names) == "buxheti 9"
    assert av.changes({"note": ""}, {"note": "Gati"}) == [("shënimi", "—", "Gati")]
    assert av.action_name("sign_in_refused") == "hyrje e refuzuar"

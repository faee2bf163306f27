"""Audit trail reads on both dialects, over events left by the real account services."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta

import pandas as pd
import pytest
from sqlalchemy import select

from models.entities import AuditEvent, User
from models.queries.accounts import account_list, organisations
from models.queries.audit import EVENT_COLUMNS, audit_count, audit_events, audit_facets
from models.services.accounts import create_user, reset_password
from models.services.auth import sign_in
from models.services.authz import Operator
from models.views.audit import audit_csv
from tests.factories import make_organisation
from tests.spreadsheets import FORMULAS

PASSWORD = "a long enough secret"
OPERATOR = Operator("cli")


@pytest.fixture
def trail(session):
    """cli makes an admin; the admin makes two accounts; one of them signs in and fails once."""
    iom = make_organisation(session, "IOM")
    admin = create_user(
        session=session, username="root", password=PASSWORD, role="admin", actor=OPERATOR
    )
    create_user(
        session=session,
        username="ana",
        password=PASSWORD,
        role="editor",
        organisation_acronym_or_id=iom.id,
        actor=admin,
    )
    create_user(session=session, username="ben", password=PASSWORD, role="donor", actor=admin)
    session.commit()
    engine = session.get_bind()
    sign_in(engine=engine, username="ana", password=PASSWORD)
    with pytest.raises(Exception, match="Wrong username or password"):
        sign_in(engine=engine, username="ben", password="not the password")
    return engine


def ids(session, *usernames):
    return [str(session.scalar(select(User.id).where(User.username == u))) for u in usernames]


def test_whole_trail_newest_first_with_facets_and_limit(session, trail):
    events = audit_events(trail)
    assert list(events.columns) == EVENT_COLUMNS
    stored = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).all()
    assert list(events["action"]) == [e.action for e in stored]
    assert list(events["action"]) == ["sign_in_failed", "sign_in", "create", "create", "create"]
    assert events["occurred_at"].is_monotonic_decreasing
    assert str(events["occurred_at"].dt.tz) == "UTC"
    assert audit_count(trail) == 5
    assert list(audit_events(trail, limit=2)["action"]) == ["sign_in_failed", "sign_in"]
    assert audit_facets(trail) == {
        "actor": ["ana", "anonymous", "cli", "root"],
        "action": ["create", "sign_in", "sign_in_failed"],
        "entity_type": ["user_account"],
    }


# (filters, actions shown, usernames of the accounts the events are about), newest first.
FILTER_CASES = [
    ({"actor": "root"}, ["create", "create"], ("ben", "ana")),
    ({"actor": ["root", "cli"]}, ["create"] * 3, ("ben", "ana", "root")),
    ({"action": "create", "actor": "cli"}, ["create"], ("root",)),
    ({"action": ["sign_in", "sign_in_failed"]}, ["sign_in_failed", "sign_in"], ("ben", "ana")),
    ({"actor": "anonymous"}, ["sign_in_failed"], ("ben",)),
    ({"entity_type": "organisation"}, [], ()),
    ({"text": '"role": "EDITOR"'}, ["create"], ("ana",)),  # case-insensitive, inside the JSON
    ({"text": "  donor "}, ["create"], ("ben",)),
    ({"text": "roo"}, ["create"] * 3, ("ben", "ana", "root")),
    ({"text": "%"}, [], ()),  # LIKE wildcards are looked for literally
    ({"text": "r_ot"}, [], ()),
    (
        {"actor": [], "action": None, "text": ""},
        ["sign_in_failed", "sign_in"] + ["create"] * 3,
        ("ben", "ana", "ben", "ana", "root"),
    ),
]


def test_filters(session, trail):
    # One trail for every case: making accounts hashes passwords, which is slow on purpose.
    for filters, actions, entity_users in FILTER_CASES:
        events = audit_events(trail, **filters)
        assert list(events["action"]) == actions, filters
        assert list(events["entity_id"]) == ids(session, *entity_users), filters
        assert audit_count(trail, **filters) == len(actions), filters


def test_date_bounds_are_inclusive_days(session, trail):
    today = datetime.now(UTC).date()
    assert audit_count(trail, since=today, until=today) == 5
    assert audit_count(trail, since=today + timedelta(days=1)) == 0
    assert audit_count(trail, until=today - timedelta(days=1)) == 0
    # Three older events (the trail is append-only, even to SQL): at the edges of
    # 1 March 2006 (UTC), and just after it.
    moments = [
        datetime(2006, 3, 1, 0, 0, tzinfo=UTC),
        datetime(2006, 3, 1, 23, 59, 59, tzinfo=UTC),
        datetime(2006, 3, 2, 0, 0, tzinfo=UTC),
    ]
    session.add_all(
        AuditEvent(occurred_at=moment, actor="cli", action="create", entity_type="plan")
        for moment in moments
    )
    session.commit()
    day = date(2006, 3, 1)
    assert audit_count(trail, since=day, until=day) == 2
    assert audit_count(trail, until=day) == 2
    assert audit_count(trail, since=date(2006, 3, 2), until=date(2006, 3, 2)) == 1
    assert audit_count(trail, since=date(2006, 3, 2)) == 6  # and the five events of today
    assert audit_count(trail, until=datetime(2006, 3, 1, 23, 59, 59, tzinfo=UTC)) == 2
    assert audit_count(trail, until=datetime(2006, 3, 1, 23, 59, 58)) == 1  # naive is UTC
    shown = audit_events(trail, since=day, until=day)["occurred_at"]
    assert list(shown) == [pd.Timestamp(m) for m in reversed(moments[:2])]


def test_facets_of_an_empty_trail(engine):
    assert audit_facets(engine) == {"actor": [], "action": [], "entity_type": []}
    assert audit_events(engine).empty and audit_count(engine) == 0


def test_csv_parses_back(session, trail):
    events = audit_events(trail)
    data = audit_csv(events)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert list(rows[0]) == EVENT_COLUMNS
    assert [r["action"] for r in rows] == list(events["action"])
    stored = {e.id: e for e in session.scalars(select(AuditEvent))}
    by_time = sorted(stored.values(), key=lambda e: e.id, reverse=True)
    for row, event in zip(rows, by_time, strict=True):
        parsed = datetime.fromisoformat(row["occurred_at"])
        assert parsed.utcoffset() == timedelta(0)
        assert parsed.replace(tzinfo=None) == event.occurred_at.replace(tzinfo=None) - (
            event.occurred_at.utcoffset() or timedelta(0)
        )
        assert (row["old_value"] or None, row["new_value"]) == (event.old_value, event.new_value)
        assert row["entity_id"] == event.entity_id


def test_csv_keeps_non_ascii_and_defuses_formulas():
    events = pd.DataFrame(
        [
            {
                "occurred_at": pd.Timestamp("2006-03-01T10:00:00Z"),
                "actor": "=HYPERLINK(1)",
                "action": "create",
                "entity_type": "plan",
                "entity_id": None,
                "old_value": None,
                "new_value": '{"title": "Prishtinë"}',
            }
        ]
    )
    rows = list(csv.reader(io.StringIO(audit_csv(events).decode("utf-8-sig"))))
    assert rows[1] == [
        "2006-03-01T10:00:00+00:00",
        "'=HYPERLINK(1)",
        "create",
        "plan",
        "",
        "",
        '{"title": "Prishtinë"}',
    ]


def test_no_password_hash_is_ever_in_the_trail(session, trail):
    reset_password(
        session=session,
        username_or_id="ana",
        new_password="another long secret",
        actor=OPERATOR,
    )
    session.commit()
    assert session.scalar(select(User.password_hash).where(User.username == "ana")).startswith(
        "$argon2"
    )
    values = session.execute(select(*(getattr(AuditEvent, c) for c in EVENT_COLUMNS))).all()
    assert len(values) == 6
    assert not [v for row in values for v in row if "$argon2" in str(v)]
    assert not [v for row in values for v in row if PASSWORD in str(v)]


def test_account_list(session, trail):
    accounts = account_list(trail)
    assert "password_hash" not in accounts.columns
    assert list(accounts["username"]) == ["ana", "ben", "root"]
    ana = accounts.set_index("username").loc["ana"]
    assert (ana["role"], ana["organisation"], bool(ana["active"])) == ("editor", "IOM", True)
    assert ana["last_login_at"] is not None and str(ana["last_login_at"].tz) == "UTC"
    assert accounts.set_index("username")["last_login_at"].isna().tolist() == [False, True, True]
    assert list(organisations(trail)["label"]) == ["IOM"]


@pytest.mark.parametrize("hostile", FORMULAS)
def test_csv_writes_formula_like_text_as_text(hostile):
    events = pd.DataFrame(
        [
            {
                "occurred_at": pd.Timestamp("2006-03-01T10:00:00Z"),
                "actor": hostile,
                "action": "update",
                "entity_type": "activity",
                "entity_id": "-7",
                "old_value": hostile,
                "new_value": '{"title": "' + hostile + '"}',
            }
        ]
    )
    rows = list(csv.reader(io.StringIO(audit_csv(events).decode("utf-8-sig"))))
    assert rows[1] == [
        "2006-03-01T10:00:00+00:00",
        "'" + hostile,
        "update",
        "activity",
        "'-7",
        "'" + hostile,
        '{"title": "' + hostile + '"}',
    ]

import dataclasses
import json
import time
from datetime import UTC, datetime, timedelta

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select
from sqlalchemy.orm import Session

from models.entities import AuditEvent, SignInThrottle, User
from models.rules.access import ROLE_PAGES, pages_for
from models.services.accounts import create_user, needs_rehash, verify_password
from models.services.auth import (
    SignedInUser,
    active_user,
    authenticate,
    session_expired,
    session_user,
    sign_in,
)
from models.services.authz import Operator
from models.services.errors import SignInError
from models.settings import public_summary
from tests.factories import make_organisation

PASSWORD = "a long enough secret"
T0 = datetime(2007, 3, 1, 10, 0, tzinfo=UTC)
WRONG = "Wrong username or password."
LOCKED_UNTIL_1015 = "This account is locked after 5 failed sign-ins. Try again after 10:15 UTC."


def add(session, username="jdoe", role="coordinator", organisation=None):
    return create_user(
        session=session,
        username=username,
        password=PASSWORD,
        role=role,
        organisation_acronym_or_id=organisation,
        actor=Operator("cli"),
    )


@pytest.fixture
def jdoe(engine):
    """A committed coordinator account; its id."""
    with Session(engine) as session:
        user = add(session)
        session.commit()
        return user.id


def attempt(engine, password, now=T0, username="jdoe"):
    """One sign-in through the form's entry point: the message shown, or the user dict."""
    try:
        return sign_in(engine=engine, username=username, password=password, now=now)
    except SignInError as refused:
        return str(refused)


def stored(engine, username="jdoe", source="unknown"):
    """(failures, locked until) counted for a typed name from a source; None if none."""
    with Session(engine) as session:
        row = session.get(SignInThrottle, (SignInThrottle.key_for(username), source))
        return None if row is None else (row.failures, utc(row.locked_until))


def utc(moment):
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


def events(engine):
    with Session(engine) as session:
        return session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()


def test_failed_attempts_persist_and_the_fifth_locks_for_15_minutes(engine, jdoe):
    for n in range(1, 5):
        assert attempt(engine, "wrong password") == WRONG
        assert stored(engine) == (n, None)
    assert attempt(engine, "wrong password") == LOCKED_UNTIL_1015
    assert stored(engine) == (5, T0 + timedelta(minutes=15))
    # The account row is no longer the counter.
    with Session(engine) as session:
        user = session.get(User, jdoe)
        assert (user.failed_attempts, user.locked_until) == (0, None)


def test_a_locked_account_refuses_the_right_password_until_the_lock_ends(engine, jdoe):
    for _ in range(5):
        attempt(engine, "wrong password")
    almost = T0 + timedelta(minutes=14, seconds=59)
    assert attempt(engine, PASSWORD, now=almost) == LOCKED_UNTIL_1015
    assert attempt(engine, "wrong password", now=almost) == LOCKED_UNTIL_1015
    assert stored(engine) == (5, T0 + timedelta(minutes=15))
    signed_in = attempt(engine, PASSWORD, now=T0 + timedelta(minutes=15))
    assert signed_in.username == "jdoe"
    assert stored(engine) is None


def test_lock_time_is_rounded_up_to_the_minute(engine, jdoe):
    for _ in range(5):
        message = attempt(engine, "wrong password", now=T0 + timedelta(seconds=30))
    assert message.endswith("Try again after 10:16 UTC.")


def test_success_resets_the_counter(engine, jdoe):
    for _ in range(3):
        attempt(engine, "wrong password")
    assert attempt(engine, PASSWORD).id == jdoe
    assert stored(engine) is None
    for _ in range(4):
        assert attempt(engine, "wrong password") == WRONG
    assert stored(engine) == (4, None)
    with Session(engine) as session:
        assert utc(session.get(User, jdoe).last_login_at) == T0


def test_unknown_user_gets_the_same_message_and_no_name_is_kept(engine, jdoe):
    assert attempt(engine, PASSWORD, username="nobody") == WRONG
    assert attempt(engine, "wrong password") == WRONG
    refused, failed = events(engine)[-2:]
    assert (refused.action, refused.entity_id, refused.actor) == (
        "sign_in_failed",
        None,
        "anonymous",
    )
    assert json.loads(refused.new_value) == {
        "failures": 1,
        "reason": "unknown username",
        "source": "unknown",
    }
    assert "nobody" not in (refused.old_value or "") + refused.new_value
    assert (failed.action, failed.entity_id) == ("sign_in_failed", str(jdoe))


def test_a_deactivated_account_is_refused(engine, jdoe):
    with Session(engine) as session:
        session.get(User, jdoe).active = False
        session.commit()
    assert attempt(engine, PASSWORD) == "This account is deactivated. Ask an administrator."
    # Only someone with the password learns that the account exists but is deactivated.
    assert attempt(engine, "wrong password") == WRONG


def test_name_is_matched_without_case_or_surrounding_spaces(engine, jdoe):
    assert attempt(engine, PASSWORD, username="  JDoe ").username == "jdoe"


def test_audit_trail_of_sign_ins_never_holds_the_password_or_hash(engine, jdoe):
    for _ in range(5):
        attempt(engine, "wrong password")
    attempt(engine, PASSWORD, now=T0 + timedelta(minutes=16))
    trail = events(engine)
    actions = [(e.action, e.actor) for e in trail]
    assert actions == [
        ("create", "cli"),
        *[("sign_in_failed", "anonymous")] * 5,
        ("lock", "anonymous"),
        ("sign_in", "jdoe"),
    ]
    assert json.loads(trail[5].new_value) == {"failures": 5, "source": "unknown"}
    assert json.loads(trail[6].new_value) == {
        "locked_until": "2007-03-01T10:15:00+00:00",
        "source": "unknown",
    }
    assert json.loads(trail[7].new_value) == {"last_login_at": "2007-03-01T10:16:00+00:00"}
    assert trail[7].user_id == jdoe
    for event in trail:
        text = (event.old_value or "") + (event.new_value or "")
        assert "wrong password" not in text and PASSWORD not in text and "argon2" not in text


def test_an_old_hash_is_upgraded_at_sign_in(session):
    weak = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash(PASSWORD)
    user = add(session)
    user.password_hash = weak
    assert needs_rehash(weak)
    authenticate(session=session, username="jdoe", password=PASSWORD, now=T0)
    assert user.password_hash != weak and not needs_rehash(user.password_hash)
    assert verify_password(password_hash=user.password_hash, password=PASSWORD)
    last = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert json.loads(last.new_value)["password_rehashed"] is True


def test_unknown_names_take_as_long_as_known_ones(session):
    add(session)

    def fastest(username: str) -> float:
        times = []
        for _ in range(3):
            start = time.perf_counter()
            with pytest.raises(SignInError):
                authenticate(session=session, username=username, password="wrong password")
            times.append(time.perf_counter() - start)
        return min(times)

    known, unknown = fastest("jdoe"), fastest("nobody")
    # Both are dominated by one argon2 check (tens of ms); a skipped check takes ~1 ms.
    assert unknown > 0.5 * known, (known, unknown)


def test_session_user_is_plain_values(session):
    iom = make_organisation(session, "IOM")
    unnamed = make_organisation(session, name="Victim Advocates")
    unnamed.acronym = None
    editor = add(session, "editor.iom", role="editor", organisation="IOM")
    donor = add(session, "donor", role="donor", organisation=unnamed.id)
    coordinator = add(session, "natcoord")
    assert session_user(session, editor) == SignedInUser(
        id=editor.id,
        username="editor.iom",
        role="editor",
        organisation_id=iom.id,
        organisation="IOM",
    )
    assert session_user(session, donor).organisation == "Victim Advocates"
    assert session_user(session, coordinator).organisation is None
    with pytest.raises(dataclasses.FrozenInstanceError):
        session_user(session, editor).role = "coordinator"


def test_active_user_sees_deactivation_and_new_role_at_once(engine, jdoe):
    with Session(engine) as page:
        assert active_user(page, jdoe).role == "coordinator"
        with Session(engine) as admin:
            admin.get(User, jdoe).role = "donor"
            admin.commit()
        assert active_user(page, jdoe).role == "donor"
        with Session(engine) as admin:
            admin.get(User, jdoe).active = False
            admin.commit()
        assert active_user(page, jdoe) is None
        assert active_user(page, jdoe + 1000) is None


@pytest.mark.parametrize(
    ("idle", "expired"),
    [
        (timedelta(0), False),
        (timedelta(minutes=30), False),
        (timedelta(minutes=30, seconds=1), True),
    ],
)
def test_idle_timeout_is_30_minutes(idle, expired):
    assert session_expired(T0, T0 + idle) is expired
    # SQLite gives back timestamps without a zone; they are UTC.
    assert session_expired(T0.replace(tzinfo=None), T0 + idle) is expired


@pytest.mark.parametrize(
    ("role", "pages"),
    [
        (
            "coordinator",
            "overview explorer agencies indicators context findings plan"
            " funding approvals plan_editor audit",
        ),
        ("editor", "my_activities overview explorer agencies indicators context findings plan"),
        ("donor", "overview explorer agencies indicators context findings plan funding"),
        ("admin", "accounts audit"),
        ("superuser", ""),
    ],
)
def test_pages_for_each_role(role, pages):
    assert pages_for(role, public_summary=False) == pages.split()
    assert pages_for(role, public_summary=True) == pages.split()


def test_anonymous_sees_nothing_unless_the_public_summary_is_on():
    assert pages_for(None, public_summary=False) == []
    assert pages_for(None, public_summary=True) == ["overview", "plan", "context", "findings"]
    pages_for("admin", public_summary=False).append("funding")
    assert ROLE_PAGES["admin"] == ["accounts", "audit"]


@pytest.mark.parametrize(
    ("environ", "enabled"),
    [({"PUBLIC_SUMMARY": "1"}, True), ({"PUBLIC_SUMMARY": "0"}, False), ({}, False)],
)
def test_public_summary_switch(environ, enabled):
    assert public_summary(environ) is enabled

"""The sign-in lockout: atomic counts, the same answers for unknown names, per name and source.

Parallel attempts run on real threads, one connection each, released together by a barrier.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.orm import Session

from models.db import transaction
from models.entities import SignInThrottle
from models.entities.versions import ALL_PLANS, KINDS
from models.exchange.document import export_database
from models.queries.dashboard import plan_versions
from models.services.accounts import create_user, reset_password
from models.services.auth import sign_in
from models.services.authz import Operator
from models.services.errors import SignInError

PASSWORD = "a long enough secret"
T0 = datetime(2007, 3, 1, 10, 0, tzinfo=UTC)
WRONG = "Wrong username or password."
LOCKED = "This account is locked after 5 failed sign-ins. Try again after 10:15 UTC."
PARALLEL = 8
TIMEOUT = 60


@pytest.fixture
def jdoe(engine):
    with transaction(engine) as session:
        create_user(
            session=session,
            username="jdoe",
            password=PASSWORD,
            role="coordinator",
            actor=Operator("test"),
        )
    return engine


def attempt(engine, password, username="jdoe", now=T0, **source):
    try:
        return sign_in(engine=engine, username=username, password=password, now=now, **source)
    except SignInError as refused:
        return str(refused)


def stored(engine, username="jdoe", source="unknown"):
    with Session(engine) as session:
        row = session.get(SignInThrottle, (SignInThrottle.key_for(username), source))
        return None if row is None else row.failures


@pytest.mark.parametrize("username", ["jdoe", "nobody"])
def test_parallel_wrong_passwords_lock_after_exactly_five(jdoe, username):
    engine = jdoe
    barrier = threading.Barrier(PARALLEL, timeout=TIMEOUT)
    answers: list[str] = []

    def guess(n: int) -> None:
        barrier.wait()
        answers.append(attempt(engine, f"wrong password {n}", username=username))

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(PARALLEL)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(TIMEOUT)
    # No count is lost: four are told "wrong", every later one "locked".
    assert sorted(answers) == sorted([WRONG] * 4 + [LOCKED] * (PARALLEL - 4))
    assert stored(engine, username) == PARALLEL
    assert attempt(engine, PASSWORD, username=username) == LOCKED


def test_an_unknown_name_answers_like_a_known_one(jdoe):
    known = [attempt(jdoe, "wrong password") for _ in range(6)]
    unknown = [attempt(jdoe, "wrong password", username="nobody") for _ in range(6)]
    assert known == unknown == [WRONG] * 4 + [LOCKED] * 2
    # The name typed is kept only as a hash: people type passwords into that field.
    with Session(jdoe) as session:
        keys = {row.account_key for row in session.query(SignInThrottle)}
    assert keys == {SignInThrottle.key_for("jdoe"), SignInThrottle.key_for("nobody")}


def test_a_lock_from_one_address_does_not_lock_out_another(jdoe):
    stranger, owner = {"source": "203.0.113.9"}, {"source": "198.51.100.4"}
    for _ in range(5):
        attempt(jdoe, "wrong password", **stranger)
    assert attempt(jdoe, PASSWORD, **stranger) == LOCKED
    assert attempt(jdoe, PASSWORD, **owner).username == "jdoe"
    # The owner's success does not give the stranger new tries.
    assert attempt(jdoe, PASSWORD, **stranger) == LOCKED
    assert stored(jdoe, source="203.0.113.9") == 5


def test_no_address_counts_as_one_source_unknown(jdoe):
    for source in (None, "", "  "):
        attempt(jdoe, "wrong password", source=source)
    assert stored(jdoe, source="unknown") == 3


def test_failures_older_than_the_window_are_forgotten(jdoe):
    for _ in range(4):
        attempt(jdoe, "wrong password")
    later = T0 + timedelta(minutes=15)
    assert attempt(jdoe, "wrong password", now=later) == WRONG
    assert stored(jdoe) == 1


def test_after_a_lock_ends_a_guesser_has_five_more_tries(jdoe):
    for _ in range(5):
        attempt(jdoe, "wrong password")
    after = T0 + timedelta(minutes=15)
    answers = [attempt(jdoe, "wrong password", now=after) for _ in range(5)]
    assert answers == [WRONG] * 4 + [LOCKED.replace("10:15", "10:30")]


def test_a_password_reset_lifts_the_locks_from_every_address(jdoe):
    for source in ("203.0.113.9", "198.51.100.4"):
        for _ in range(5):
            attempt(jdoe, "wrong password", source=source)
    with transaction(jdoe) as session:
        reset_password(
            session=session,
            username_or_id="jdoe",
            new_password="another long secret",
            actor=Operator("test"),
        )
    for source in ("203.0.113.9", "198.51.100.4"):
        signed_in = attempt(jdoe, "another long secret", source=source)
        assert signed_in.username == "jdoe"


def test_failed_sign_ins_are_neither_exported_nor_a_data_change(jdoe):
    before = plan_versions(jdoe, ALL_PLANS, KINDS)
    for _ in range(5):
        attempt(jdoe, "wrong password", username="nobody")
        attempt(jdoe, "wrong password")
    assert plan_versions(jdoe, ALL_PLANS, KINDS) == before
    with Session(jdoe) as session:
        assert "sign_in_throttle" not in export_database(session)["tables"]

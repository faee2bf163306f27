"""Two admins removing each other at once: real threads, one connection each, both dialects.

Without serialising, each checks "another active admin remains" before the other commits,
both succeed, and no active admin is left. The second must wait for the first, see the
change, and be refused with a message that says why.
"""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import func, select, update

from models.db import make_engine, transaction
from models.entities import User
from models.services.accounts import change_role, create_user, deactivate_user
from models.services.authz import Operator
from models.services.errors import DomainError

ROUNDS = 3
# Held open after the check and the write, so that without a lock both checks come first.
HOLD_SECONDS = 0.3
TIMEOUT = 30
PASSWORD = "a long enough secret"


@pytest.fixture
def engine(db_url):
    engine = make_engine(db_url)
    with transaction(engine) as session:
        for name in ("ana", "ben"):
            create_user(
                session=session,
                username=name,
                password=PASSWORD,
                role="admin",
                actor=Operator("test"),
            )
    yield engine
    engine.dispose()


def remove(session, actor, target, move):
    if move == "deactivate":
        deactivate_user(session=session, username_or_id=target, actor=actor)
    else:
        change_role(session=session, username_or_id=target, role="coordinator", actor=actor)


def one_round(engine, move) -> dict[str, object]:
    barrier = threading.Barrier(2, timeout=TIMEOUT)
    outcomes: dict[str, object] = {}

    def run(actor_name: str, target: str) -> None:
        try:
            with transaction(engine) as session:
                actor = session.scalar(select(User).where(User.username == actor_name))
                barrier.wait()
                remove(session, actor, target, move)
                time.sleep(HOLD_SECONDS)
            outcomes[actor_name] = "done"
        except Exception as error:  # handed to the test thread, which asserts on it
            outcomes[actor_name] = error

    threads = [threading.Thread(target=run, args=pair) for pair in (("ana", "ben"), ("ben", "ana"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(TIMEOUT)
    return outcomes


@pytest.mark.parametrize("move", ["deactivate", "demote"])
def test_two_admins_removing_each_other_leave_one_active_admin(engine, move):
    for _ in range(ROUNDS):
        with transaction(engine) as session:
            session.execute(update(User).values(role="admin", active=True))
        outcomes = one_round(engine, move)
        with transaction(engine) as session:
            admins = select(func.count()).where(User.role == "admin", User.active)
            assert session.scalar(admins) == 1, outcomes
        assert sorted(map(str, outcomes.values())).count("done") == 1, outcomes
        (refusal,) = [o for o in outcomes.values() if o != "done"]
        assert isinstance(refusal, DomainError), repr(refusal)
        assert "admin may administer accounts" in str(refusal), str(refusal)

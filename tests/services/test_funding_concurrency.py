"""Funding writes racing each other, each on its own connection and thread.

Two disbursements arriving at once must not together exceed the donor's commitment; two
coordinators replacing an activity's budget lines at once must leave one whole set of lines.
A barrier starts both writers together; the check is slowed down so that, without the lock,
both writers would pass it before either writes.
"""

from __future__ import annotations

import json
import threading
import time
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

import models.services.funding as funding
from models.db import make_engine, transaction
from models.entities import AuditEvent, Budget, FundingTransaction, User
from models.services.errors import FundingError
from tests.factories import make_activity, make_framework, make_organisation, make_plan, make_user

ROUNDS = 4
TIMEOUT = 30
CHECK_DELAY = 0.3


@pytest.fixture
def world(db_url):
    engine = make_engine(db_url)
    with Session(engine) as session:
        plan = make_plan(session, period_start=date(2005, 5, 1), target_date=date(2007, 12, 31))
        framework = make_framework(session, plan)
        donor = make_organisation(session, "OSCE", kind="international")
        coordinator = make_user(session, "coord", role="coordinator")
        activities = [make_activity(session, framework, code=f"A{n}") for n in range(ROUNDS)]
        ids = {
            "donor": donor.id,
            "coordinator": coordinator.id,
            "activities": [a.id for a in activities],
        }
        session.commit()
    yield engine, ids
    engine.dispose()


def _race(*targets) -> list[dict]:
    """Run each target on its own thread, all released together by a barrier."""
    barrier = threading.Barrier(len(targets))
    outcomes: list[dict] = [{} for _ in targets]

    def run(target, outcome):
        barrier.wait(TIMEOUT)
        try:
            outcome["value"] = target()
        except Exception as error:  # handed to the test thread, which asserts on it
            outcome["error"] = error

    pairs = zip(targets, outcomes, strict=True)
    threads = [threading.Thread(target=run, args=pair) for pair in pairs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(TIMEOUT)
    assert not any(thread.is_alive() for thread in threads), "a writer never finished"
    return outcomes


def _slow(monkeypatch, name: str) -> None:
    original = getattr(funding, name)

    def slowed(*args, **kwargs):
        result = original(*args, **kwargs)
        time.sleep(CHECK_DELAY)  # between the check and the write
        return result

    monkeypatch.setattr(funding, name, slowed)


def _add(engine, ids, activity_id, type, amount):
    def run():
        with transaction(engine) as session:
            row = funding.add_transaction(
                session=session,
                actor=session.get(User, ids["coordinator"]),
                activity_id=activity_id,
                donor_id=ids["donor"],
                type=type,
                amount=amount,
                currency="EUR",
                transaction_date=date(2006, 6, 1),
            )
            return row.id

    return run


def _totals(engine, activity_id) -> dict[str, Decimal]:
    with engine.connect() as connection:
        rows = connection.execute(
            select(FundingTransaction.type, func.sum(FundingTransaction.amount))
            .where(FundingTransaction.activity_id == activity_id)
            .group_by(FundingTransaction.type)
        ).all()
    return {kind: Decimal(str(total)) for kind, total in rows}


def _events(engine, entity_type) -> list[AuditEvent]:
    with Session(engine) as session:
        query = select(AuditEvent).where(AuditEvent.entity_type == entity_type)
        return list(session.scalars(query.order_by(AuditEvent.id)))


def test_two_disbursements_at_once_never_exceed_the_commitment(world, monkeypatch):
    engine, ids = world
    _slow(monkeypatch, "_check_within_commitments")
    for activity_id in ids["activities"]:
        _add(engine, ids, activity_id, "commitment", "1000")()
        outcomes = _race(
            _add(engine, ids, activity_id, "disbursement", "600"),
            _add(engine, ids, activity_id, "disbursement", "600"),
        )
        winners = [o for o in outcomes if "value" in o]
        losers = [o["error"] for o in outcomes if "error" in o]
        assert len(winners) == 1 and len(losers) == 1, outcomes
        assert isinstance(losers[0], FundingError), repr(losers[0])
        assert "would total 1,200.00 EUR, more than the 1,000.00 EUR committed" in str(losers[0])
        assert _totals(engine, activity_id) == {
            "commitment": Decimal("1000.00"),
            "disbursement": Decimal("600.00"),
        }
    created = [json.loads(e.new_value) for e in _events(engine, "funding_transaction")]
    # One commitment and one disbursement per round, each with its audit event, nothing else.
    assert [(e["type"], e["amount"]) for e in created] == [
        ("commitment", "1000.00"),
        ("disbursement", "600.00"),
    ] * ROUNDS


def _lines(engine, ids, activity_id, amount):
    def run():
        with transaction(engine) as session:
            rows = funding.set_budget_lines(
                session=session,
                actor=session.get(User, ids["coordinator"]),
                activity_id=activity_id,
                lines=[
                    {
                        "amount": amount,
                        "currency": "EUR",
                        "period_start": date(2006, 1, 1),
                        "period_end": date(2006, 12, 31),
                    }
                ],
            )
            return [r.id for r in rows]

    return run


def test_two_budget_replacements_at_once_leave_one_whole_set_of_lines(world, monkeypatch):
    engine, ids = world
    _slow(monkeypatch, "_budget_fields")
    for activity_id in ids["activities"]:
        _lines(engine, ids, activity_id, "100")()
        outcomes = _race(
            _lines(engine, ids, activity_id, "200"), _lines(engine, ids, activity_id, "300")
        )
        assert all("value" in o for o in outcomes), outcomes
        with engine.connect() as connection:
            amounts = connection.scalars(
                select(Budget.amount).where(Budget.activity_id == activity_id)
            ).all()
        assert len(amounts) == 1 and Decimal(str(amounts[0])) in {200, 300}
    events = [e for e in _events(engine, "budget") if e.action == "update"]
    assert len(events) == 2 * ROUNDS
    for event in events:
        # Each replacement saw the lines the one before it left: none was lost or doubled.
        assert len(json.loads(event.old_value)["lines"]) == 1

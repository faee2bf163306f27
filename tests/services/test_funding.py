"""Funding write services: validation with specific messages, permissions, audit events."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from models.entities import AuditEvent, Budget, FundingTransaction
from models.services.errors import FundingError, PermissionDenied
from models.services.funding import add_transaction, set_budget_lines, set_costed_requirement
from tests.factories import (
    make_activity,
    make_framework,
    make_organisation,
    make_plan,
    make_transaction,
    make_user,
    row_counts,
)


@pytest.fixture
def world(session):
    plan = make_plan(session, period_start=date(2005, 5, 1), target_date=date(2007, 12, 31))
    activity = make_activity(session, make_framework(session, plan), code="PREV-A1")
    donor = make_organisation(session, "OSCE", kind="international")
    coordinator = make_user(session, "coord", role="coordinator")
    make_transaction(session, activity, donor, type="commitment", amount=Decimal("1000.00"))
    return {"activity": activity, "donor": donor, "coordinator": coordinator}


def _transaction(world, **overrides):
    values = {
        "actor": world["coordinator"],
        "activity_id": world["activity"].id,
        "donor_id": world["donor"].id,
        "type": "disbursement",
        "amount": "400",
        "currency": "EUR",
        "transaction_date": date(2006, 6, 1),
    }
    return {**values, **overrides}


def _costed(world, **overrides):
    values = {
        "actor": world["coordinator"],
        "activity_id": world["activity"].id,
        "amount": "25000",
        "currency": "EUR",
        "period_start": date(2005, 6, 1),
        "period_end": date(2007, 6, 30),
    }
    return {**values, **overrides}


def test_add_transaction_records_row_and_audit_event(session, world):
    row = add_transaction(session=session, **_transaction(world))
    assert (row.type, row.amount, row.currency) == ("disbursement", Decimal("400.00"), "EUR")
    event = session.scalar(
        select(AuditEvent).where(AuditEvent.entity_type == "funding_transaction")
    )
    assert (event.actor, event.action, event.entity_id) == ("coord", "create", str(row.id))
    assert json.loads(event.new_value)["amount"] == "400.00"


def test_lower_case_currency_is_accepted_as_its_code(session, world):
    assert add_transaction(session=session, **_transaction(world, currency="eur")).currency == "EUR"


def test_any_existing_organisation_may_fund(session, world):
    ngo = make_organisation(session, "NGO1", kind="ngo")  # not a donor the report names
    row = add_transaction(session=session, **_transaction(world, donor_id=ngo.id, type="pledge"))
    assert row.donor_id == ngo.id


def test_disbursing_exactly_the_commitment_is_allowed(session, world):
    add_transaction(session=session, **_transaction(world, amount="600"))
    add_transaction(session=session, **_transaction(world, amount="400"))
    total = session.scalar(
        select(func.sum(FundingTransaction.amount)).where(FundingTransaction.type == "disbursement")
    )
    assert Decimal(str(total)) == Decimal("1000")


BAD_TRANSACTIONS = [
    ({"amount": "0"}, "amount: must be greater than zero"),
    ({"amount": "-5"}, "amount: must be greater than zero"),
    ({"amount": "ten"}, "amount: 'ten' is not a number"),
    ({"amount": "1.001"}, "amount: 1.001 has more than two decimal places"),
    ({"currency": "XYZ"}, "currency: 'XYZ' is not an ISO 4217 currency code"),
    ({"currency": "XAU"}, "currency: 'XAU' is not an ISO 4217 currency code"),
    ({"type": "grant"}, "type: unknown transaction type 'grant'"),
    ({"transaction_date": date(2005, 4, 30)}, "transaction_date: 2005-04-30 is outside the plan"),
    ({"transaction_date": date(2008, 1, 1)}, "transaction_date: 2008-01-01 is outside the plan"),
    ({"activity_id": 999_999}, "activity: no activity has id 999999"),
    ({"donor_id": 999_999}, "donor: no organisation has id 999999"),
    ({"amount": "1000.01"}, "amount: disbursements from OSCE to PREV-A1 would total 1,000.01 EUR"),
    # Commitments in EUR do not cover a disbursement in USD.
    ({"currency": "USD"}, "amount: disbursements from OSCE to PREV-A1 would total 400.00 USD"),
]


@pytest.mark.parametrize(("change", "message"), BAD_TRANSACTIONS)
def test_add_transaction_refuses_bad_input_and_writes_nothing(session, world, change, message):
    before = row_counts(session)
    with pytest.raises(FundingError) as refused:
        add_transaction(session=session, **_transaction(world, **change))
    assert str(refused.value).startswith(message)
    assert row_counts(session) == before


def test_disbursements_are_checked_cumulatively(session, world):
    add_transaction(session=session, **_transaction(world, amount="700"))
    before = row_counts(session)
    with pytest.raises(FundingError, match="would total 1,100.00 EUR, more than the 1,000.00"):
        add_transaction(session=session, **_transaction(world, amount="400"))
    assert row_counts(session) == before


def test_set_costed_requirement_creates_then_replaces_with_old_and_new(session, world):
    # 2005-06-01 to 2007-06-30 is longer than a year: one line per calendar year.
    first = set_costed_requirement(session=session, **_costed(world))
    assert [(b.period_start, b.period_end) for b in first] == [
        (date(2005, 6, 1), date(2005, 12, 31)),
        (date(2006, 1, 1), date(2006, 12, 31)),
        (date(2007, 1, 1), date(2007, 6, 30)),
    ]
    assert sum(b.amount for b in first) == Decimal("25000.00")
    assert all(b.inferred and "pro rata by days" in b.source for b in first)
    second = set_costed_requirement(
        session=session,
        **_costed(
            world, amount="30000.50", period_start=date(2006, 1, 1), period_end=date(2006, 12, 31)
        ),
    )
    assert [b.amount for b in second] == [Decimal("30000.50")] and not second[0].inferred
    assert session.scalars(select(Budget.amount)).all() == [Decimal("30000.50")]
    events = session.scalars(
        select(AuditEvent).where(AuditEvent.entity_type == "budget").order_by(AuditEvent.id)
    ).all()
    assert [e.action for e in events] == ["create", "update"]
    old = json.loads(events[1].old_value)["lines"]
    assert [line["amount"] for line in old] == ["7039.47", "12006.58", "5953.95"]
    assert json.loads(events[1].new_value)["lines"][0]["amount"] == "30000.50"


def test_replacing_a_demo_budget_makes_it_the_coordinators_figure(session, world):
    session.add(
        Budget(
            activity_id=world["activity"].id,
            amount=Decimal("10"),
            currency="EUR",
            period_start=date(2006, 1, 1),
            period_end=date(2006, 12, 31),
            illustrative=True,
        )
    )
    lines = set_costed_requirement(session=session, **_costed(world))
    assert not any(b.illustrative for b in lines)
    (old,) = json.loads(session.scalar(select(AuditEvent.old_value)))["lines"]
    assert (old["amount"], old["illustrative"]) == ("10.00", True)


def _line(amount="100", start=date(2006, 1, 1), end=date(2006, 12, 31), currency="EUR"):
    return {"amount": amount, "currency": currency, "period_start": start, "period_end": end}


def test_budget_lines_replace_the_costed_requirement_by_year_or_quarter(session, world):
    lines = [
        _line("100", date(2006, 1, 1), date(2006, 3, 31)),
        _line("200.50", date(2006, 4, 1), date(2006, 12, 31)),
        _line("300", date(2007, 1, 1), date(2007, 12, 31)),
    ]
    rows = set_budget_lines(
        session=session, actor=world["coordinator"], activity_id=world["activity"].id, lines=lines
    )
    assert [r.amount for r in rows] == [Decimal("100"), Decimal("200.50"), Decimal("300")]
    assert not any(r.inferred for r in rows)
    event = session.scalar(select(AuditEvent).where(AuditEvent.entity_type == "budget"))
    assert len(json.loads(event.new_value)["lines"]) == 3


def test_budget_lines_refuse_every_problem_at_once_and_write_nothing(session, world):
    before = row_counts(session)
    lines = [
        _line("0"),
        _line("100", date(2006, 1, 1), date(2007, 1, 1)),
        _line("100", date(2007, 1, 1), date(2007, 6, 30), currency="USD"),
        _line("100", date(2007, 6, 1), date(2007, 12, 31)),
        _line("100", date(2009, 1, 1), date(2009, 2, 1)),
    ]
    with pytest.raises(FundingError) as refused:
        set_budget_lines(
            session=session,
            actor=world["coordinator"],
            activity_id=world["activity"].id,
            lines=lines,
        )
    messages = refused.value.messages
    assert messages[0].startswith("line 1: amount: must be greater than zero")
    assert messages[1].startswith("line 2: period_end: a budget line covers one year at most")
    assert any(m.startswith("line 5: period_start: 2009-01-01 is outside") for m in messages)
    assert "currency: all lines of an activity are in one currency" in messages
    assert any("overlaps" in m for m in messages)
    assert row_counts(session) == before


BAD_COSTS = [
    ({"amount": "0"}, "amount: must be greater than zero"),
    ({"amount": "-1"}, "amount: must be greater than zero"),
    ({"currency": "EURO"}, "currency: 'EURO' is not an ISO 4217 currency code"),
    ({"period_start": date(2005, 1, 1)}, "period_start: 2005-01-01 is outside the plan period"),
    ({"period_end": date(2009, 1, 1)}, "period_end: 2009-01-01 is outside the plan period"),
    ({"period_end": date(2005, 5, 31)}, "period_end: the period must end on or after its start"),
    ({"activity_id": 999_999}, "activity: no activity has id 999999"),
]


@pytest.mark.parametrize(("change", "message"), BAD_COSTS)
def test_set_costed_requirement_refuses_bad_input_and_writes_nothing(
    session, world, change, message
):
    before = row_counts(session)
    with pytest.raises(FundingError) as refused:
        set_costed_requirement(session=session, **_costed(world, **change))
    assert str(refused.value).startswith(message)
    assert row_counts(session) == before


@pytest.mark.parametrize("role", ["editor", "donor", "admin"])
def test_only_a_coordinator_may_write(session, world, role):
    org = make_organisation(session, f"ORG-{role}")
    actor = make_user(session, f"user-{role}", role=role, organisation_id=org.id)
    before = row_counts(session)
    with pytest.raises(PermissionDenied, match=f"only a coordinator .* is {role}"):
        add_transaction(session=session, **_transaction(world, actor=actor))
    with pytest.raises(PermissionDenied):
        set_costed_requirement(session=session, **_costed(world, actor=actor))
    assert row_counts(session) == before


@pytest.mark.parametrize("actor", ["cli", None])
def test_an_actor_that_is_not_a_user_is_refused(session, world, actor):
    with pytest.raises(PermissionDenied):
        add_transaction(session=session, **_transaction(world, actor=actor))


def test_an_inactive_coordinator_is_refused(session, world):
    world["coordinator"].active = False
    with pytest.raises(PermissionDenied):
        set_costed_requirement(session=session, **_costed(world))

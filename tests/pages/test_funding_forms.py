"""Recording funding on the Funding page: coordinators only, audited, nothing half-written."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models.db import make_engine
from models.entities import Activity, AuditEvent, FundingTransaction, Organisation
from models.rules.text import escape_markdown

PAGE = "pages/funding.py"


def _ids(url: str) -> tuple[int, int, int]:
    engine = make_engine(url)
    with Session(engine) as s:
        activity = s.scalar(select(Activity.id).where(Activity.code == "PREV-A1"))
        unfunded = s.scalar(
            select(Activity.id).where(~Activity.id.in_(select(FundingTransaction.activity_id)))
        )
        osce = s.scalar(select(Organisation.id).where(Organisation.acronym == "OSCE"))
    engine.dispose()
    return activity, unfunded, osce


def _counts(url: str) -> tuple[int, int]:
    engine = make_engine(url)
    with Session(engine) as s:
        counts = (
            s.scalar(select(func.count()).select_from(FundingTransaction)),
            s.scalar(select(func.count()).select_from(AuditEvent)),
        )
    engine.dispose()
    return counts


def _actions(url: str) -> list:
    engine = make_engine(url)
    with Session(engine) as s:
        rows = s.execute(select(AuditEvent.actor, AuditEvent.action)).all()
    engine.dispose()
    return rows


def _record(at, activity: int, donor: int, kind: str, amount: float, currency: str, day: date):
    at.selectbox(key="t_act").set_value(activity)
    at.selectbox(key="t_donor").set_value(donor)
    at.selectbox(key="t_type").set_value(kind)
    at.number_input(key="t_amount").set_value(amount)
    at.text_input(key="t_cur").input(currency)
    at.date_input(key="t_day").set_value(day)
    next(b for b in at.button if b.label == "Record transaction").click().run()
    return at


def test_coordinator_records_a_commitment(app, seeded_url):
    activity, _, osce = _ids(seeded_url)
    at = app(seeded_url, PAGE)
    before = _counts(seeded_url)
    _record(at, activity, osce, "commitment", 12500, "EUR", date(2006, 3, 1))
    assert not at.error, [e.value for e in at.error]
    assert [s.value for s in at.success] == [
        escape_markdown("Saved. The figures below include it.")
    ]
    assert _counts(seeded_url) == (before[0] + 1, before[1] + 1)
    assert _actions(seeded_url)[-1] == ("test.coordinator.none", "create")


@pytest.mark.parametrize(
    "kind, amount, currency, day, message",
    [
        ("pledge", 0, "EUR", date(2006, 3, 1), "amount"),
        ("pledge", -10, "EUR", date(2006, 3, 1), "amount"),
        ("pledge", 100, "EUX", date(2006, 3, 1), "currency"),
        ("pledge", 100, "EUR", date(2001, 1, 1), "transaction_date"),
        ("disbursement", 100, "EUR", date(2006, 3, 1), "disburse"),
    ],
)
def test_bad_funding_shows_its_message_and_writes_nothing(
    app, seeded_url, kind, amount, currency, day, message
):
    _, unfunded, osce = _ids(seeded_url)
    at = app(seeded_url, PAGE)
    before = _counts(seeded_url)
    _record(at, unfunded, osce, kind, amount, currency, day)
    # Shown through Markdown, with its punctuation escaped.
    assert len(at.error) == 1 and message in at.error[0].value.replace("\\", "")
    assert _counts(seeded_url) == before


def test_donors_do_not_see_the_forms(app, seeded_url):
    at = app(seeded_url, PAGE, user="donor")
    assert not [b for b in at.button if b.label == "Record transaction"]

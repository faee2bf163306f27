"""Funding writes: an activity's costed requirement (budget lines of a year at most) and
donors' transactions against it.

Each service validates everything before it touches the session, so a refused write leaves
nothing behind; each accepted write leaves an audit event. The caller owns the transaction.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from models.codes import TRANSACTION_TYPES, is_currency
from models.db import lock_for_write
from models.entities import ActionPlan, Activity, Budget, FundingTransaction, Organisation, User
from models.i18n import N_, _, format_number
from models.rules.iati import (
    SPLIT_RULE,
    budget_line_problems,
    overlapping,
    split_by_year,
    within_a_year,
)
from models.rules.reporting import said
from models.services import audit
from models.services.authz import require_role
from models.services.errors import FundingError

WRITE_ROLES = frozenset({"coordinator"})
# Numeric(14, 2) in the schema: twelve digits before the point, two after.
AMOUNT_MAX = Decimal("999999999999.99")


def set_costed_requirement(
    *,
    session: Session,
    actor: User,
    activity_id: int,
    amount,
    currency: str,
    period_start: date,
    period_end: date,
) -> list[Budget]:
    """Replace the activity's budget lines with one amount for a period. A period longer than
    a year becomes one line per calendar year, split pro rata by days (SPLIT_RULE), marked
    inferred: the phasing is the rule's, not the coordinator's."""
    _authorise(actor)
    activity, plan = _activity(session, activity_id)
    value, code = _amount(amount), _currency(currency)
    start = _in_plan("period_start", period_start, plan)
    end = _in_plan("period_end", period_end, plan)
    if end < start:
        raise FundingError(said("period_end", N_("the period must end on or after its start")))
    split = not within_a_year(start, end)
    lines = [
        {"amount": share, "currency": code, "period_start": first, "period_end": last}
        for first, last, share in (
            split_by_year(value, start, end) if split else [(start, end, value)]
        )
    ]
    note = f"inferred: {value:.2f} {code} for {start} to {end} {SPLIT_RULE}" if split else None
    return _replace_lines(session, actor, activity, lines, note)


def set_budget_lines(
    *, session: Session, actor: User, activity_id: int, lines: list[dict[str, Any]]
) -> list[Budget]:
    """Replace the activity's costed requirement by budget lines (amount, currency,
    period_start, period_end), each of a year at most, none overlapping, one currency.
    An empty list removes the costed requirement. Every problem is reported at once."""
    _authorise(actor)
    activity, plan = _activity(session, activity_id)
    problems, clean = [], []
    for number, line in enumerate(lines, 1):
        try:
            clean.append(_line(line, plan))
        except FundingError as refused:
            where = _("line {number}").format(number=number)
            problems += [f"{where}: {m}" for m in refused.messages]
    if len({line["currency"] for line in clean}) > 1:
        problems.append(said("currency", N_("all lines of an activity are in one currency")))
    for first, _last in overlapping((x["period_start"], x["period_end"]) for x in clean):
        problems.append(
            said(
                "period_start",
                N_("the line from {date} overlaps another"),
                date=first.isoformat(),
            )
        )
    if problems:
        raise FundingError(problems)
    return _replace_lines(session, actor, activity, clean, None)


def _line(line: dict[str, Any], plan: ActionPlan) -> dict[str, Any]:
    problems, values = [], {}
    checks = {
        "amount": lambda: _amount(line.get("amount")),
        "currency": lambda: _currency(line.get("currency")),
        "period_start": lambda: _in_plan("period_start", line.get("period_start"), plan),
        "period_end": lambda: _in_plan("period_end", line.get("period_end"), plan),
    }
    for field, check in checks.items():
        try:
            values[field] = check()
        except FundingError as refused:
            problems += refused.messages
    if not problems:
        problems += [
            f"period_end: {m}"
            for m in budget_line_problems(values["period_start"], values["period_end"])
        ]
    if problems:
        raise FundingError(problems)
    return values


def _replace_lines(session, actor, activity, lines, note: str | None) -> list[Budget]:
    existing = session.scalars(
        select(Budget).where(Budget.activity_id == activity.id).order_by(Budget.period_start)
    ).all()
    old = [_budget_fields(b) for b in existing]
    for budget in existing:
        session.delete(budget)
    session.flush()
    # A coordinator's figures replace the demo set's: they are no longer illustrative.
    rows = [
        Budget(activity_id=activity.id, **line, source=note, inferred=note is not None)
        for line in sorted(lines, key=lambda x: x["period_start"])
    ]
    session.add_all(rows)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="update" if old else "create",
        entity_type=Budget.__tablename__,
        entity_id=activity.id,
        old={"lines": old} if old else None,
        new={"lines": [_budget_fields(b) for b in rows]},
    )
    return rows


def add_transaction(
    *,
    session: Session,
    actor: User,
    activity_id: int,
    donor_id: int,
    type: str,
    amount,
    currency: str,
    transaction_date: date,
) -> FundingTransaction:
    """Record a donor's pledge, commitment or disbursement to an activity."""
    _authorise(actor)
    activity, plan = _activity(session, activity_id)
    donor = _donor(session, donor_id)
    if type not in TRANSACTION_TYPES:
        raise FundingError(
            said(
                "type",
                N_("unknown transaction type {type}; choose one of {choices}"),
                type=repr(type),
                choices=", ".join(TRANSACTION_TYPES),
            )
        )
    value, code = _amount(amount), _currency(currency)
    day = _in_plan("transaction_date", transaction_date, plan)
    if type == "disbursement":
        _check_within_commitments(session, activity, donor, value, code)
    row = FundingTransaction(
        activity_id=activity.id,
        donor_id=donor.id,
        type=type,
        amount=value,
        currency=code,
        transaction_date=day,
    )
    session.add(row)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="create",
        entity_type=FundingTransaction.__tablename__,
        entity_id=row.id,
        new=_transaction_fields(row),
    )
    return row


def _authorise(actor: Any) -> None:
    require_role(actor, *sorted(WRITE_ROLES), action=N_("change funding"))


def _activity(session: Session, activity_id: int) -> tuple[Activity, ActionPlan]:
    """The activity, held until the transaction ends: its funding checks (disbursements
    within commitments) and budget line replacement read, then write, so two writers on one
    activity must run one after the other. The lock comes before those reads."""
    if not isinstance(activity_id, int) or isinstance(activity_id, bool):
        raise FundingError(said("activity", N_("no activity has id {id}"), id=repr(activity_id)))
    lock_for_write(session, Activity, Activity.id == activity_id)
    activity = session.get(Activity, activity_id)
    if activity is None:
        raise FundingError(said("activity", N_("no activity has id {id}"), id=repr(activity_id)))
    return activity, session.get(ActionPlan, activity.plan_id)


def _donor(session: Session, donor_id: int) -> Organisation:
    # Any organisation may fund an activity, not only the donors the report names.
    donor = session.get(Organisation, donor_id) if isinstance(donor_id, int) else None
    if donor is None:
        raise FundingError(said("donor", N_("no organisation has id {ids}"), ids=repr(donor_id)))
    return donor


def _amount(raw) -> Decimal:
    try:
        value = Decimal(str(raw).strip())
    except InvalidOperation:
        raise FundingError(said("amount", N_("{value} is not a number"), value=repr(raw))) from None
    if not value.is_finite() or value <= 0:
        raise FundingError(said("amount", N_("must be greater than zero, not {value}"), value=raw))
    if value > AMOUNT_MAX:
        raise FundingError(
            said(
                "amount",
                N_("{value} is larger than the largest amount kept, {limit}"),
                value=raw,
                limit=AMOUNT_MAX,
            )
        )
    if value != value.quantize(Decimal("0.01")):
        raise FundingError(
            said("amount", N_("{value} has more than two decimal places"), value=raw)
        )
    return value.quantize(Decimal("0.01"))


def _currency(raw: str) -> str:
    code = str(raw or "").strip().upper()
    if not is_currency(code):
        raise FundingError(
            said(
                "currency",
                N_("{value} is not an ISO 4217 currency code (e.g. EUR)"),
                value=repr(raw),
            )
        )
    return code


def _in_plan(field: str, day: date, plan: ActionPlan) -> date:
    if not isinstance(day, date):
        raise FundingError(said(field, N_("{value} is not a date"), value=repr(day)))
    if not plan.period_start <= day <= plan.target_date:
        raise FundingError(
            said(
                field,
                N_("{day} is outside the plan period {start} to {end}"),
                day=day.isoformat(),
                start=plan.period_start.isoformat(),
                end=plan.target_date.isoformat(),
            )
        )
    return day


def _check_within_commitments(session, activity, donor, amount: Decimal, currency: str) -> None:
    def total(kind: str):
        return func.coalesce(
            func.sum(case((FundingTransaction.type == kind, FundingTransaction.amount), else_=0)), 0
        )

    committed, disbursed = session.execute(
        select(total("commitment"), total("disbursement")).where(
            FundingTransaction.activity_id == activity.id,
            FundingTransaction.donor_id == donor.id,
            FundingTransaction.currency == currency,
        )
    ).one()
    committed, after = Decimal(str(committed)), Decimal(str(disbursed)) + amount
    if after > committed:
        donor_name = donor.acronym or donor.name
        raise FundingError(
            said(
                "amount",
                N_(
                    "disbursements from {donor} to {activity} would total {after} {currency}, more "
                    "than the {committed} {currency} committed"
                ),
                donor=donor_name,
                activity=activity.code,
                after=format_number(after, 2),
                committed=format_number(committed, 2),
                currency=currency,
            )
        )


def _budget_fields(budget: Budget) -> dict[str, Any]:
    return {
        "activity_id": budget.activity_id,
        "amount": budget.amount,
        "currency": budget.currency,
        "period_start": budget.period_start,
        "period_end": budget.period_end,
        "illustrative": budget.illustrative,
    }


def _transaction_fields(row: FundingTransaction) -> dict[str, Any]:
    return {
        "activity_id": row.activity_id,
        "donor_id": row.donor_id,
        "type": row.type,
        "amount": row.amount,
        "currency": row.currency,
        "transaction_date": row.transaction_date,
    }

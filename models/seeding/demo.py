"""Seed loader for the illustrative demo set in seed_data/demo: status reports, indicator
values, costed budgets and donor transactions, all invented and flagged `illustrative`.

It adds no plan records: activities, indicators and donors must already exist (seed_plan).
Idempotent by natural key, like seed_plan; the caller owns the transaction.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.codes import IMPLEMENTATION_STATUSES, REPORT_STATES, TRANSACTION_TYPES
from models.entities import (
    ActionPlan,
    Activity,
    ActivityAgency,
    Budget,
    FundingTransaction,
    Indicator,
    IndicatorValue,
    Organisation,
    PlanDonor,
    StatusUpdate,
)
from models.seeding.files import SEED_ROOT, Counts, Record, SeedError, load, resolve, rows_of

DEMO_DIR = SEED_ROOT / "demo"
DEMO_FILES = ("status_reports.yaml", "indicator_values.yaml", "budgets.yaml", "funding.yaml")
DEMO_TABLES = [m.__tablename__ for m in (StatusUpdate, IndicatorValue, Budget, FundingTransaction)]
DEMO_SOURCE = "illustrative demo set (seed_data/demo), not from the report"


def seed_demo(session: Session, *, directory: Path | None = None) -> dict[str, int]:
    """Load the demo set; return {table_name: rows_created}."""
    files = {name: load(Path(directory or DEMO_DIR), name) for name in DEMO_FILES}
    counts = Counts(session, DEMO_TABLES)
    plan = _plan(session, files.values())
    activities = {
        a.code: a for a in session.scalars(select(Activity).where(Activity.plan_id == plan.id))
    }
    reports = _status_reports(counts, files["status_reports.yaml"], activities)
    _indicator_values(counts, plan, files["indicator_values.yaml"], reports)
    _budgets(counts, files["budgets.yaml"], activities)
    _funding(counts, plan, files["funding.yaml"], activities)
    return counts.created


def _plan(session: Session, files) -> ActionPlan:
    codes = {file.get("plan") for file in files}
    if len(codes) != 1:
        raise SeedError(f"demo files name different plans: {sorted(codes)}")
    code = codes.pop()
    plan = session.scalar(select(ActionPlan).where(ActionPlan.code == code))
    if plan is None:
        raise SeedError(f"demo set needs plan {code!r}: load the plan (seed_plan) first")
    return plan


def _illustrative(r: Record) -> dict:
    # The UI labels demo rows by this flag, so a record without it must not slip in.
    if r.data.get("illustrative") is not True:
        raise r.fail("every demo record must say 'illustrative: true'")
    return {"illustrative": True}


def _activity(r: Record, activities: dict[str, Activity]) -> Activity:
    code = r.get("activity")
    if code not in activities:
        raise r.fail(f"unknown activity {code!r}")
    return activities[code]


def _at(day: date, days_later: int) -> datetime:
    # Demo timestamps follow the report date, so the review history reads plausibly.
    return datetime.combine(day + timedelta(days=days_later), time(9), tzinfo=UTC)


def _workflow(r: Record, prefix: dict) -> dict:
    state = r.get("state", choices=REPORT_STATES)
    reason = r.get("return_reason", required=False)
    if (state == "returned") != (reason is not None):
        raise r.fail("a returned report needs a return_reason, and only a returned one")
    return {**prefix, "state": state, "return_reason": reason}


def _status_reports(counts: Counts, file: Record, activities) -> dict:
    leads = dict(
        counts.session.execute(
            select(ActivityAgency.activity_id, ActivityAgency.organisation_id).where(
                ActivityAgency.role == "lead"
            )
        ).all()
    )

    def report(r: Record, _position: int) -> dict:
        activity, day = _activity(r, activities), r.get("report_date", date)
        if activity.id not in leads:
            raise r.fail(f"activity {activity.code} has no lead agency to report for it")
        percent = r.get("percent_complete", int)
        if not 0 <= percent <= 100:
            raise r.fail(f"percent_complete {percent} is outside 0-100")
        values = {
            "activity_id": activity.id,
            "organisation_id": leads[activity.id],
            "report_date": day,
            "status": r.get("status", choices=IMPLEMENTATION_STATUSES),
            "percent_complete": percent,
            "narrative": r.get("narrative"),
            "created_at": _at(day, 5),
            **_illustrative(r),
        }
        values = _workflow(r, values)
        if values["state"] != "draft":
            values["submitted_at"] = _at(day, 7)
        if values["state"] in ("approved", "returned"):
            values["reviewed_at"] = _at(day, 14)
        return values

    rows = rows_of(file.children("status_reports"), report)
    return _add_linked_to_approved(counts, rows)


def _add_linked_to_approved(counts: Counts, rows) -> dict:
    """Add the reports date by date, each pointing at its activity's approved report before
    it, as the editing workflow does. The link is set before the insert: an approved report
    is never updated (the database refuses it, migration 0010)."""
    by_date = defaultdict(list)
    for where, values in rows:
        by_date[values["report_date"]].append((where, values))
    reports: dict = {}
    last_approved: dict[int, StatusUpdate] = {}
    for day in sorted(by_date):
        for _where, values in by_date[day]:
            basis = last_approved.get(values["activity_id"])
            if basis is not None and values.get("based_on_id") is None:
                values["based_on_id"] = basis.id
        found = counts.add(StatusUpdate, ("activity_id", "report_date"), by_date[day])
        reports.update(found)
        for report in found.values():
            if report.state == "approved":
                last_approved[report.activity_id] = report
    return reports


def _indicator_values(counts: Counts, plan: ActionPlan, file: Record, reports: dict) -> None:
    indicators = {
        i.code: i
        for i in counts.session.scalars(select(Indicator).where(Indicator.plan_id == plan.id))
    }

    def value(r: Record, _position: int) -> dict:
        code, day = r.get("indicator"), r.get("value_date", date)
        if code not in indicators:
            raise r.fail(f"unknown indicator {code!r}")
        indicator = indicators[code]
        # An activity's indicator is reported with that activity's status report of the day.
        report = reports.get((indicator.activity_id, day))
        values = {
            "indicator_id": indicator.id,
            "status_update_id": report.id if report else None,
            "value_date": day,
            "value": r.number("value"),
            "comment": r.get("comment", required=False),
            "created_at": _at(day, 5),
            **_illustrative(r),
        }
        return _workflow(r, values)

    rows = rows_of(file.children("indicator_values"), value)
    counts.add(IndicatorValue, ("indicator_id", "value_date"), rows)


def _money(r: Record) -> dict:
    amount = r.number("amount")
    if amount <= 0:
        raise r.fail(f"amount {amount} must be positive")
    currency = r.get("currency")
    if len(currency) != 3 or not currency.isupper():
        raise r.fail(f"currency {currency!r} is not an ISO 4217 code")
    return {"amount": amount, "currency": currency, "source": DEMO_SOURCE, **_illustrative(r)}


def _budgets(counts: Counts, file: Record, activities) -> None:
    def budget(r: Record, _position: int) -> dict:
        start, end = r.get("period_start", date), r.get("period_end", date)
        if end < start:
            raise r.fail("period_end is before period_start")
        activity = _activity(r, activities)
        return {"activity_id": activity.id, "period_start": start, "period_end": end, **_money(r)}

    rows = rows_of(file.children("budgets"), budget)
    counts.add(Budget, ("activity_id", "period_start"), rows)


def _funding(counts: Counts, plan: ActionPlan, file: Record, activities) -> None:
    donors = {
        name: org_id
        for org_id, acronym, name in counts.session.execute(
            select(PlanDonor.organisation_id, Organisation.acronym, Organisation.name)
            .join(Organisation, Organisation.id == PlanDonor.organisation_id)
            .where(PlanDonor.plan_id == plan.id)
        )
        for name in (acronym, name)
        if name
    }

    def transaction(r: Record, _position: int) -> dict:
        return {
            "activity_id": _activity(r, activities).id,
            "donor_id": resolve(r, donors, "donor", among="the plan's donors"),
            "type": r.get("type", choices=TRANSACTION_TYPES),
            "transaction_date": r.get("transaction_date", date),
            **_money(r),
        }

    rows = rows_of(file.children("funding"), transaction)
    _check_disbursed_within_committed(rows)
    key = ("activity_id", "donor_id", "type", "transaction_date")
    counts.add(FundingTransaction, key, rows)


def _check_disbursed_within_committed(rows) -> None:
    totals: dict[tuple, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    last_where = {}
    for where, values in rows:
        pair = (values["activity_id"], values["donor_id"])
        totals[pair][values["type"]] += values["amount"]
        last_where[pair] = where
    for pair, by_type in totals.items():
        disbursed, committed = by_type["disbursement"], by_type["commitment"]
        if disbursed > committed:
            raise SeedError(
                f"{last_where[pair]}: this donor's disbursements to the activity ({disbursed})"
                f" exceed its commitments ({committed})"
            )

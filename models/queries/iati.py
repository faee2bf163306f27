"""Reads behind the IATI export (models.exchange.iati): ORM records of one plan, per activity.

Unlike the dashboard's reads these return ORM objects, not DataFrames: the export walks them
into XML. Each kind of record is one statement whatever the plan's size.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import select, true
from sqlalchemy.orm import Session

from models.entities import (
    ActionPlan,
    Activity,
    ActivityAgency,
    ActivitySector,
    Budget,
    Framework,
    FundingTransaction,
    Indicator,
    IndicatorValue,
    Organisation,
    StatusUpdate,
)


def _until(column, as_of: date | None):
    return true() if as_of is None else column <= as_of


def _grouped(rows, key) -> dict:
    out = defaultdict(list)
    for row in rows:
        out[key(row)].append(row)
    return out


def export_records(
    session: Session, plan_id: int, *, as_of: date | None = None, accountable: str | None = None
) -> dict:
    """Everything the IATI export needs, in one query per kind of record.

    Keys: plan, activities (plan order), frameworks (by id), office (the Organisation whose
    acronym is `accountable`, or None); per activity id: agencies [(ActivityAgency, Organisation)],
    money [(FundingTransaction, donor Organisation)], budgets, sectors, indicators, reports
    (approved, oldest first); status (latest approved StatusUpdate per activity id) and
    values (latest approved IndicatorValue per indicator id). With `as_of`, only records
    dated on or before it.
    """
    plan = session.get(ActionPlan, plan_id)
    if plan is None:
        raise ValueError(f"no plan has id {plan_id}")
    in_plan = select(Activity.id).where(Activity.plan_id == plan_id)
    activities = session.scalars(
        select(Activity)
        .join(Framework, Framework.id == Activity.framework_id)
        .where(Activity.plan_id == plan_id)
        .order_by(Framework.position, Activity.position, Activity.code)
    ).all()
    agencies = session.execute(
        select(ActivityAgency, Organisation)
        .join(Organisation)
        .where(ActivityAgency.activity_id.in_(in_plan))
        .order_by(ActivityAgency.role, Organisation.name)
    ).all()
    money = session.execute(
        select(FundingTransaction, Organisation)
        .join(Organisation)
        .where(
            FundingTransaction.activity_id.in_(in_plan),
            _until(FundingTransaction.transaction_date, as_of),
        )
        .order_by(FundingTransaction.transaction_date, FundingTransaction.id)
    ).all()
    reports = session.scalars(
        select(StatusUpdate)
        .where(
            StatusUpdate.activity_id.in_(in_plan),
            StatusUpdate.state == "approved",
            _until(StatusUpdate.report_date, as_of),
        )
        .order_by(StatusUpdate.report_date, StatusUpdate.id)
    ).all()
    indicators = session.scalars(
        select(Indicator).where(Indicator.activity_id.in_(in_plan)).order_by(Indicator.code)
    ).all()
    values = session.scalars(
        select(IndicatorValue)
        .where(
            IndicatorValue.indicator_id.in_(
                select(Indicator.id).where(Indicator.activity_id.in_(in_plan))
            ),
            IndicatorValue.state == "approved",
            _until(IndicatorValue.value_date, as_of),
        )
        .order_by(IndicatorValue.value_date, IndicatorValue.id)
    ).all()
    office = (
        None
        if not accountable
        else session.scalar(select(Organisation).where(Organisation.acronym == accountable))
    )
    sectors = session.scalars(
        select(ActivitySector)
        .where(ActivitySector.activity_id.in_(in_plan))
        .order_by(ActivitySector.vocabulary, ActivitySector.percentage.desc(), ActivitySector.code)
    ).all()
    budgets = session.scalars(
        select(Budget).where(Budget.activity_id.in_(in_plan)).order_by(Budget.period_start)
    ).all()
    frameworks = session.scalars(select(Framework).where(Framework.plan_id == plan_id)).all()
    return {
        "plan": plan,
        "activities": activities,
        "frameworks": {f.id: f for f in frameworks},
        "office": office,
        "agencies": _grouped(agencies, lambda r: r[0].activity_id),
        "money": _grouped(money, lambda r: r[0].activity_id),
        "budgets": _grouped(budgets, lambda b: b.activity_id),
        "sectors": _grouped(sectors, lambda r: r.activity_id),
        # Ordered oldest first, so the last one per key is the latest.
        "status": {r.activity_id: r for r in reports},
        "reports": _grouped(reports, lambda r: r.activity_id),
        "indicators": _grouped(indicators, lambda i: i.activity_id),
        "values": {v.indicator_id: v for v in values},
    }

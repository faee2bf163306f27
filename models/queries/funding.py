"""Reads behind the donors' view: money per activity and per donor, as of a reporting date.

Each function is one statement; SQL sums the money (SUM of CASE per transaction type) and
groups it. Amounts in different currencies are never added together: every money row carries
its currency, and rows are grouped by it.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import Engine, case, func, literal_column, select, union_all

from models.entities import (
    Activity,
    ActivityObjective,
    Budget,
    Framework,
    FundingTransaction,
    Objective,
    Organisation,
)
from models.queries._frame import frame
from models.queries.dashboard import _activity_filter
from models.queries.translations import marked

MONEY = ["costed", "pledged", "committed", "disbursed"]
FLOWS = ["pledged", "committed", "disbursed"]


def _of_type(kind: str):
    return case((FundingTransaction.type == kind, FundingTransaction.amount), else_=0)


def _flag(column):
    return case((column, 1), else_=0)


def _money_rows(as_of: date):
    """Budgets and transactions (dated on or before `as_of`) as one stream of money rows.

    A union rather than two joins: joining both to the activity would repeat each budget once
    per transaction and inflate its sum. The costed requirement has no date, so it always counts.
    """
    zero = literal_column("0")
    budgets = select(
        Budget.activity_id,
        Budget.currency,
        Budget.amount.label("costed"),
        zero.label("pledged"),
        zero.label("committed"),
        zero.label("disbursed"),
        _flag(Budget.illustrative).label("illustrative"),
    )
    transactions = select(
        FundingTransaction.activity_id,
        FundingTransaction.currency,
        zero.label("costed"),
        _of_type("pledge").label("pledged"),
        _of_type("commitment").label("committed"),
        _of_type("disbursement").label("disbursed"),
        _flag(FundingTransaction.illustrative).label("illustrative"),
    ).where(FundingTransaction.transaction_date <= as_of)
    return union_all(budgets, transactions).subquery("money")


def _as_float(df: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    df[columns] = df[columns].astype(float)
    return df


def activity_money(
    engine: Engine,
    plan_id: int,
    as_of: date,
    *,
    framework_ids: list[int] | None = None,
    agency_id: int | None = None,
) -> pd.DataFrame:
    """One row per activity in view and currency: costed, pledged, committed, disbursed.

    Columns: activity_id, code, title, framework_id, framework, currency (None for an activity
    with no budget and no transaction), costed, pledged, committed, disbursed (floats),
    illustrative (True when any of the row's money comes from the demo set).
    """
    money = _money_rows(as_of)

    def total(column):
        return func.coalesce(func.sum(column), 0).label(column.name)

    stmt = (
        select(
            Activity.id.label("activity_id"),
            Activity.code,
            Activity.title,
            Activity.framework_id,
            marked("framework", "title", Framework.id, Framework.name).label("framework"),
            money.c.currency,
            *[total(money.c[c]) for c in MONEY],
            func.coalesce(func.max(money.c.illustrative), 0).label("illustrative"),
        )
        .join(Framework, Framework.id == Activity.framework_id)
        .outerjoin(money, money.c.activity_id == Activity.id)
        .where(_activity_filter(plan_id, framework_ids, agency_id))
        .group_by(
            Activity.id,
            Activity.code,
            Activity.title,
            Activity.framework_id,
            Framework.id,
            Framework.name,
            Framework.position,
            Activity.position,
            money.c.currency,
        )
        .order_by(Framework.position, Activity.position, Activity.code, money.c.currency)
    )
    df = _as_float(frame(engine, stmt), MONEY)
    df["illustrative"] = df["illustrative"].astype(bool)
    return df


def donor_money(
    engine: Engine,
    plan_id: int,
    as_of: date,
    *,
    framework_ids: list[int] | None = None,
    agency_id: int | None = None,
) -> pd.DataFrame:
    """One row per donor, activity and currency with transactions dated on or before `as_of`.

    Columns: donor_id, donor (acronym, else name), activity_id, framework_id, framework,
    currency, pledged, committed, disbursed (floats), illustrative.
    """
    donor = func.coalesce(Organisation.acronym, Organisation.name)
    stmt = (
        select(
            FundingTransaction.donor_id,
            donor.label("donor"),
            FundingTransaction.activity_id,
            Activity.framework_id,
            marked("framework", "title", Framework.id, Framework.name).label("framework"),
            FundingTransaction.currency,
            func.sum(_of_type("pledge")).label("pledged"),
            func.sum(_of_type("commitment")).label("committed"),
            func.sum(_of_type("disbursement")).label("disbursed"),
            func.max(_flag(FundingTransaction.illustrative)).label("illustrative"),
        )
        .join(Organisation, Organisation.id == FundingTransaction.donor_id)
        .join(Activity, Activity.id == FundingTransaction.activity_id)
        .join(Framework, Framework.id == Activity.framework_id)
        .where(
            _activity_filter(plan_id, framework_ids, agency_id),
            FundingTransaction.transaction_date <= as_of,
        )
        .group_by(
            FundingTransaction.donor_id,
            donor,
            FundingTransaction.activity_id,
            Activity.framework_id,
            Framework.id,
            Framework.name,
            Framework.position,
            FundingTransaction.currency,
        )
        .order_by(donor, Framework.position, FundingTransaction.activity_id)
    )
    df = _as_float(frame(engine, stmt), FLOWS)
    df["illustrative"] = df["illustrative"].astype(bool)
    return df


def objective_links(engine: Engine, plan_id: int) -> pd.DataFrame:
    """Which objective each activity of the plan serves (an activity may serve several).

    Columns: activity_id, objective_id, objective_code, objective (title), inferred.
    """
    stmt = (
        select(
            ActivityObjective.activity_id,
            ActivityObjective.objective_id,
            Objective.code.label("objective_code"),
            Objective.title.label("objective"),
            ActivityObjective.inferred,
        )
        .join(Objective, Objective.id == ActivityObjective.objective_id)
        .join(Framework, Framework.id == Objective.framework_id)
        .where(Objective.plan_id == plan_id)
        .order_by(
            Framework.position, Objective.position, Objective.code, ActivityObjective.activity_id
        )
    )
    return frame(engine, stmt)

"""Reads behind the coordinator's IATI settings forms: one plan's sectors, budget lines,
recipient country, and the organisations' identifiers, as DataFrames."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine, select

from models.entities import ActionPlan, Activity, ActivitySector, Budget, Organisation
from models.queries._frame import frame


def recipient_country(engine: Engine, plan_id: int) -> str | None:
    with engine.connect() as conn:
        return conn.scalar(select(ActionPlan.recipient_country).where(ActionPlan.id == plan_id))


def sectors(engine: Engine, plan_id: int) -> pd.DataFrame:
    """activity_id, vocabulary, code, percentage (float), inferred, source."""
    query = (
        select(
            ActivitySector.activity_id,
            ActivitySector.vocabulary,
            ActivitySector.code,
            ActivitySector.percentage,
            ActivitySector.inferred,
            ActivitySector.source,
        )
        .join(Activity, Activity.id == ActivitySector.activity_id)
        .where(Activity.plan_id == plan_id)
        .order_by(ActivitySector.activity_id, ActivitySector.percentage.desc(), ActivitySector.code)
    )
    out = frame(engine, query)
    out["percentage"] = out["percentage"].astype(float)
    return out


def budget_lines(engine: Engine, plan_id: int) -> pd.DataFrame:
    """activity_id, amount (float), currency, period_start, period_end, inferred, illustrative."""
    query = (
        select(
            Budget.activity_id,
            Budget.amount,
            Budget.currency,
            Budget.period_start,
            Budget.period_end,
            Budget.inferred,
            Budget.illustrative,
        )
        .join(Activity, Activity.id == Budget.activity_id)
        .where(Activity.plan_id == plan_id)
        .order_by(Budget.activity_id, Budget.period_start)
    )
    out = frame(engine, query)
    out["amount"] = out["amount"].astype(float)
    return out


def organisation_identifiers(engine: Engine) -> pd.DataFrame:
    """id, label ("ACRONYM · name"), iati_identifier (None where unknown), by label."""
    query = select(
        Organisation.id, Organisation.acronym, Organisation.name, Organisation.iati_identifier
    )
    out = frame(engine, query)
    out["label"] = [
        f"{a} · {n}" if a else n for a, n in zip(out["acronym"], out["name"], strict=True)
    ]
    return out.sort_values("label", key=lambda s: s.str.lower())[["id", "label", "iati_identifier"]]

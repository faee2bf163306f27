"""The report's published statistics for a plan: aggregates only, with their sources."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine, select

from models.entities import ContextStatistic
from models.queries._frame import frame

COLUMNS = [
    "series",
    "reported_by",
    "year",
    "from_year",
    "category",
    "value",
    "partial_note",
    "source",
    "inferred",
    "illustrative",
]


def statistics(engine: Engine, plan_id: int) -> pd.DataFrame:
    """Every published figure of the plan, in the order it was recorded (the report's order).

    Columns: series, reported_by, year, from_year (set for a figure covering several years),
    category, value, partial_note (set for a part-year figure), source, inferred, illustrative.
    """
    s = ContextStatistic
    stmt = (
        select(
            s.series,
            s.reported_by,
            s.year,
            s.from_year,
            s.category,
            s.value,
            s.partial_note,
            s.source,
            s.inferred,
            s.illustrative,
        )
        .where(s.plan_id == plan_id)
        .order_by(s.id)
    )
    result = frame(engine, stmt)
    if result.empty:
        return pd.DataFrame(columns=COLUMNS)
    # Integers stay integers even where a column holds NULLs (from_year), on both dialects.
    return result.astype({"year": "int64", "value": "int64", "from_year": "Int64"})

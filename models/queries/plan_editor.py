"""Reads behind the plan editor's forms: the organisations to choose from and the plan's
indicators with every editable field."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Engine, func, select

from models.entities import Indicator, Organisation
from models.queries._frame import frame


@dataclass(frozen=True)
class EditorLookups:
    organisations: pd.DataFrame  # id, label (acronym, else name), name
    indicators: pd.DataFrame  # every editable field of the plan's indicators


def editor_lookups(engine: Engine, plan_id: int) -> EditorLookups:
    label = func.coalesce(Organisation.acronym, Organisation.name)
    organisations = select(Organisation.id, label.label("label"), Organisation.name).order_by(
        func.lower(label)
    )
    indicators = (
        select(*[getattr(Indicator, c) for c in _INDICATOR_COLUMNS])
        .where(Indicator.plan_id == plan_id)
        .order_by(Indicator.code)
    )
    return EditorLookups(frame(engine, organisations), frame(engine, indicators))


_INDICATOR_COLUMNS = (
    "id",
    "code",
    "name",
    "objective_id",
    "activity_id",
    "measure",
    "unit",
    "direction",
    "baseline_value",
    "baseline_date",
    "target_value",
    "target_date",
    "means_of_verification",
    "inferred",
)

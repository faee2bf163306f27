"""The Indicators page's figures: the indicator query joined with the Open SDG status rules,
and the readable text each table cell shows."""

from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import Engine

from models.i18n import N_, _, format_date, format_number
from models.queries import indicators as q
from models.rules.indicator_status import INDICATOR_STATUS_LABELS, indicator_statuses

NO_VALUE = N_("No approved value yet")
MILESTONE_UNIT = N_("Milestone (yes/no)")
DIRECTION_LABELS = {"increase": N_("Higher is better"), "decrease": N_("Lower is better")}
# The status labels of models.rules.indicator_status, marked for translation here.
STATUS_LABEL_MESSAGES = (
    N_("Target achieved"),
    N_("On track"),
    N_("Progress made but acceleration needed"),
    N_("Limited progress"),
    N_("Deterioration"),
    N_("Achieved"),
    N_("Not yet achieved"),
    N_("No data"),
    N_("Unable to assess"),
)
# Summary order: best first, then the milestone pair, then what cannot be judged.
STATUS_ORDER = (
    "target_achieved",
    "on_track",
    "acceleration_needed",
    "limited_progress",
    "deterioration",
    "achieved",
    "not_yet",
    "unable_to_assess",
    "no_data",
)
_NUMERIC = ("baseline_value", "target_value", "latest_value")


def format_value(value: object, measure: str, unit: str | None = None) -> str:
    """A value as people read it: Yes/No for milestones, whole numbers without decimals."""
    if value is None or pd.isna(value):
        return "—"
    number = float(value)
    if measure == "milestone":
        return _("Yes") if number == 1 else _("No")
    text = format_number(number) if number.is_integer() else format_number(number, 2).rstrip("0")
    return f"{text} {unit}" if unit else text


def _dated(value: str, day: object, joined: str) -> str:
    """`joined` is "{value} on {date}" or "{value} by {date}" (translated)."""
    if day is None or pd.isna(day):
        return value
    return joined.format(value=value, date=format_date(day, "d MMM y"))


def indicator_table(
    engine: Engine,
    plan_id: int,
    as_of: date,
    *,
    framework_ids: list[int] | None = None,
    agency_id: int | None = None,
) -> pd.DataFrame:
    """Every indicator in view with its status as of `as_of` and the text the table shows."""
    table = q.indicators(engine, plan_id, as_of, framework_ids=framework_ids, agency_id=agency_id)
    for column in _NUMERIC:
        table[column] = pd.to_numeric(table[column].astype(object), errors="coerce")
    table["latest_illustrative"] = table["latest_illustrative"].fillna(False).astype(bool)
    table["status"] = indicator_statuses(table) if len(table) else pd.Series(dtype=object)
    table["status_label"] = table["status"].map(INDICATOR_STATUS_LABELS).map(_, na_action="ignore")
    rows = table.to_dict("records")
    on, by = _("{value} on {date}"), _("{value} by {date}")
    table["unit_label"] = [
        _(MILESTONE_UNIT) if r["measure"] == "milestone" else (r["unit"] or "") for r in rows
    ]
    table["direction_label"] = table["direction"].map(DIRECTION_LABELS).map(_, na_action="ignore")
    table["baseline_text"] = [
        _dated(format_value(r["baseline_value"], r["measure"]), r["baseline_date"], on)
        for r in rows
    ]
    table["target_text"] = [
        _dated(format_value(r["target_value"], r["measure"]), r["target_date"], by) for r in rows
    ]
    table["latest_text"] = [
        _(NO_VALUE) if pd.isna(r["latest_value"]) else format_value(r["latest_value"], r["measure"])
        for r in rows
    ]
    table["provenance"] = table["inferred"].map({True: _("Inferred"), False: _("Report")})
    return table


def status_counts(table: pd.DataFrame) -> pd.DataFrame:
    """Indicators per status (statuses with none left out), in STATUS_ORDER."""
    counts = table["status"].value_counts()
    present = [s for s in STATUS_ORDER if counts.get(s, 0)]
    return pd.DataFrame(
        {
            "status": present,
            "status_label": [_(INDICATOR_STATUS_LABELS[s]) for s in present],
            "count": [int(counts[s]) for s in present],
        }
    )


def approved_history(
    engine: Engine, indicator_id: int, as_of: date, plan_id: int | None = None
) -> pd.DataFrame:
    """An indicator's approved values up to `as_of`, values as floats (of the plan's
    indicators only, if `plan_id` is given: the cache key is then that plan's versions)."""
    history = q.approved_values(engine, indicator_id, as_of, plan_id)
    history["value"] = pd.to_numeric(history["value"].astype(object), errors="coerce")
    history["value_date"] = pd.to_datetime(history["value_date"])
    return history

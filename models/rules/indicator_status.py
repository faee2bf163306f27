"""Indicator status: how an indicator's latest value compares with its baseline and target.

Follows the Open SDG progress measure (Statistics Canada's method, after Eurostat), as
documented in open-sdg's "Progress Measurement Methodology" (docs/progress-methodology.md,
https://open-sdg.readthedocs.io) and implemented in sdg-build's `sdg/ProgressMeasure.py`:

- observed growth: CAGR_o = (latest / baseline) ** (1 / years elapsed) - 1;
- with a target: CAGR_r = (target / baseline) ** (1 / years to target) - 1, the growth needed,
  and R = s * d * CAGR_o / |CAGR_r| (d = +1 for increase, -1 for decrease; s = -1 when the
  values are negative), classified R >= 0.95 on track, 0.60 <= R < 0.95 acceleration needed,
  0 <= R < 0.60 limited progress, R < 0 deterioration;
- without a target: s * d * CAGR_o against 1.5 % / 0.5 % / 0 a year, same categories;
- a latest value at or beyond the target is "target achieved" whatever the trend;
- a baseline or target of zero is replaced by 0.001, as Open SDG does (growth from 0 is
  undefined); values of mixed sign, or no earlier baseline, cannot be assessed.

Two deliberate differences: time is measured in exact years between the dates (days /
365.25) rather than whole calendar years, because plan indicators are reported at dates
within a three-year plan; and yes/no milestones are simply achieved or not yet, as Open SDG
treats binary indicators.
"""

from __future__ import annotations

import math

import pandas as pd

from models.i18n import N_

INDICATOR_STATUS_LABELS = {
    "target_achieved": N_("Target achieved"),
    "on_track": N_("On track"),
    "acceleration_needed": N_("Progress made but acceleration needed"),
    "limited_progress": N_("Limited progress"),
    "deterioration": N_("Deterioration"),
    "achieved": N_("Achieved"),
    "not_yet": N_("Not yet achieved"),
    "no_data": N_("No data"),
    "unable_to_assess": N_("Unable to assess"),
}
INDICATOR_STATUSES = tuple(INDICATOR_STATUS_LABELS)

# Open SDG's default thresholds (sdg-build ProgressMeasure.get_progress_thresholds).
RATIO_THRESHOLDS = {"high": 0.95, "med": 0.60, "low": 0.0}
GROWTH_THRESHOLDS = {"high": 0.015, "med": 0.005, "low": 0.0}
ZERO_REPLACEMENT = 0.001
DAYS_PER_YEAR = 365.25
# What `indicator_statuses` reads from each row (the keyword arguments of indicator_status).
INDICATOR_COLUMNS = (
    *("measure", "direction", "baseline_value", "baseline_date"),
    *("target_value", "target_date", "latest_value", "latest_date"),
)


def _is_missing(value: object) -> bool:
    return value is None or bool(pd.isna(value))


def _number(value: object) -> float | None:
    """A float, or None for None/NaN/NA (values arrive as Decimal, float or missing)."""
    return None if _is_missing(value) else float(value)  # type: ignore[arg-type]


def _day(value: object) -> pd.Timestamp | None:
    return None if _is_missing(value) else pd.Timestamp(value)  # type: ignore[arg-type]


def _years(later: pd.Timestamp, earlier: pd.Timestamp) -> float:
    return (later - earlier).days / DAYS_PER_YEAR


def _classify(value: float, thresholds: dict[str, float]) -> str:
    if value >= thresholds["high"]:
        return "on_track"
    if value >= thresholds["med"]:
        return "acceleration_needed"
    if value >= thresholds["low"]:
        return "limited_progress"
    return "deterioration"


def _growth(value: float, baseline: float, years: float) -> float:
    """Compound annual growth rate from `baseline` to `value` over `years`."""
    return (value / baseline) ** (1 / years) - 1


def target_achieved(latest: float, target: float, direction: str) -> bool:
    """True when `latest` is at or beyond `target` in the desired direction."""
    return latest >= target if direction == "increase" else latest <= target


def milestone_status(latest_value: object, target_value: object = None) -> str:
    """A yes/no milestone (1 = yes): achieved when the latest value equals the target (yes)."""
    latest, target = _number(latest_value), _number(target_value)
    if latest is None:
        return "no_data"
    return "achieved" if latest == (1.0 if target is None else target) else "not_yet"


def _progress_value(
    direction: str,
    base: tuple[float, pd.Timestamp],
    latest: tuple[float, pd.Timestamp],
    target: tuple[float | None, pd.Timestamp | None],
) -> float | None:
    """Open SDG's progress value (R with a target, signed CAGR without); None if undefined."""
    (base_value, base_day), (value, day), (target_value, target_day) = base, latest, target
    years = _years(day, base_day)
    if years <= 0 or value * base_value < 0:
        return None
    sign_dir = (-1 if base_value < 0 else 1) * (1 if direction == "increase" else -1)
    observed = sign_dir * _growth(value, base_value, years)
    if target_value is None:
        return observed
    if target_day is None or target_day <= base_day or target_value / base_value <= 0:
        return None
    needed = abs(_growth(target_value, base_value, _years(target_day, base_day)))
    # Baseline equal to the target yet not achieved now: the value moved away from it.
    return observed / needed if needed else math.copysign(math.inf, observed)


def indicator_status(
    *,
    measure: str,
    direction: str,
    baseline_value: object,
    baseline_date: object,
    target_value: object,
    target_date: object,
    latest_value: object,
    latest_date: object,
) -> str:
    """Status code of one indicator (see INDICATOR_STATUS_LABELS) from its latest value.

    Values may be float, int, Decimal or missing (None/NaN); dates date, Timestamp or missing.
    """
    if measure == "milestone":
        return milestone_status(latest_value, target_value)
    latest, latest_day = _number(latest_value), _day(latest_date)
    if latest is None or latest_day is None:
        return "no_data"
    target = _number(target_value)
    if target is not None and target_achieved(latest, target, direction):
        return "target_achieved"
    base, base_day = _number(baseline_value), _day(baseline_date)
    if base is None or base_day is None:
        return "unable_to_assess"
    value = _progress_value(
        direction,
        (base or ZERO_REPLACEMENT, base_day),
        # Zero is replaced in the latest value too: 0 → 0 is no change, not a -100% fall.
        (latest or ZERO_REPLACEMENT, latest_day),
        (None if target is None else (target or ZERO_REPLACEMENT), _day(target_date)),
    )
    if value is None:
        return "unable_to_assess"
    return _classify(value, GROWTH_THRESHOLDS if target is None else RATIO_THRESHOLDS)


def indicator_statuses(indicators: pd.DataFrame) -> pd.Series:
    """`indicator_status` for each row of a frame with the same-named columns.

    Indicators number in the tens per plan, not thousands, so a comprehension is fast enough.
    """
    rows = indicators[list(INDICATOR_COLUMNS)].to_dict("records")
    return pd.Series(
        [indicator_status(**row) for row in rows],
        index=indicators.index,
        name="indicator_status",
        dtype=object,
    )

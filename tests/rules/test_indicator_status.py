"""Indicator status after Open SDG's progress measure: hand-computed cases and edges."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

from models.codes import INDICATOR_DIRECTIONS, INDICATOR_MEASURES
from models.rules.indicator_status import (
    INDICATOR_STATUS_LABELS,
    INDICATOR_STATUSES,
    RATIO_THRESHOLDS,
    indicator_status,
    indicator_statuses,
    milestone_status,
)

# 1461 days is exactly four years of 365.25 days: the latest value is 4 years after the
# baseline and the target 8 years after it, so growth rates can be worked out by hand.
BASE_DAY, LATEST_DAY, TARGET_DAY = date(2000, 1, 1), date(2004, 1, 1), date(2008, 1, 1)


def status(
    baseline: object,
    latest: object,
    target: object = None,
    direction: str = "increase",
    **dates: object,
) -> str:
    return indicator_status(
        measure="unit",
        direction=direction,
        baseline_value=baseline,
        baseline_date=dates.get("baseline_date", BASE_DAY),
        target_value=target,
        target_date=dates.get("target_date", TARGET_DAY),
        latest_value=latest,
        latest_date=dates.get("latest_date", LATEST_DAY),
    )


@pytest.mark.parametrize(
    ("baseline", "latest", "target", "direction", "expected"),
    [
        # 100 -> 400 in 8 years needs 4**(1/8) - 1 = 18.92 % a year; 200 in 4 years is the
        # same rate (R = 1).
        (100, 200, 400, "increase", "on_track"),
        (100, 190, 400, "increase", "acceleration_needed"),  # R=0.92
        (100, 160, 400, "increase", "acceleration_needed"),  # 1.6**0.25 - 1 = 12.47 %: R = 0.66
        (100, 150, 400, "increase", "limited_progress"),  # 10.67 %: R = 0.56
        (100, 100, 400, "increase", "limited_progress"),  # no change: R = 0
        (100, 90, 400, "increase", "deterioration"),
        (100, 400, 400, "increase", "target_achieved"),
        (100, 450, 400, "increase", "target_achieved"),
        # Lower is better: 400 -> 100 needs -15.91 % a year; 200 after 4 years is that rate.
        (400, 200, 100, "decrease", "on_track"),
        (400, 400, 100, "decrease", "limited_progress"),
        (400, 500, 100, "decrease", "deterioration"),
        (400, 100, 100, "decrease", "target_achieved"),
        (400, 80, 100, "decrease", "target_achieved"),
        # Baseline already at the target, now below it: moving away (growth needed is 0).
        (100, 90, 100, "increase", "deterioration"),
        # A zero target is replaced by 0.001: halving towards it is R = 0.16 / 0.68 = 0.23.
        (10, 5, 0, "decrease", "limited_progress"),
        # A zero baseline is replaced by 0.001: (5000**0.25 - 1) / (10000**0.125 - 1) = 3.4.
        (0, 5, 10, "increase", "on_track"),
    ],
)
def test_with_target(
    baseline: float, latest: float, target: float, direction: str, expected: str
) -> None:
    assert status(baseline, latest, target, direction) == expected


def _latest_for_ratio(ratio: float, baseline: float = 100.0, target: float = 400.0) -> float:
    """The value after 4 years that gives ratio R against the growth needed over 8 years."""
    needed = (target / baseline) ** (1 / 8) - 1
    return baseline * (1 + ratio * needed) ** 4


@pytest.mark.parametrize(
    ("ratio", "expected"),
    [
        (0.951, "on_track"),
        (0.949, "acceleration_needed"),
        (0.601, "acceleration_needed"),
        (0.599, "limited_progress"),
        (0.001, "limited_progress"),
        (-0.001, "deterioration"),
    ],
)
def test_ratio_thresholds(ratio: float, expected: str) -> None:
    assert status(100, _latest_for_ratio(ratio), 400) == expected
    assert RATIO_THRESHOLDS == {"high": 0.95, "med": 0.60, "low": 0.0}


@pytest.mark.parametrize(
    ("annual_growth", "direction", "expected"),
    [
        (0.02, "increase", "on_track"),  # >= 1.5 % a year
        (0.016, "increase", "on_track"),
        # Elapsed time is exact (1461 days = 4.0 years); counting 365-day years would make
        # this 1.4999 % a year and drop it a category.
        (0.01501, "increase", "on_track"),
        (0.014, "increase", "acceleration_needed"),
        (0.006, "increase", "acceleration_needed"),  # >= 0.5 %
        (0.004, "increase", "limited_progress"),
        (0.0, "increase", "limited_progress"),
        (-0.01, "increase", "deterioration"),
        (-0.02, "decrease", "on_track"),
        (0.01, "decrease", "deterioration"),
    ],
)
def test_without_target(annual_growth: float, direction: str, expected: str) -> None:
    latest = 100 * (1 + annual_growth) ** 4
    assert status(100, latest, None, direction) == expected


def test_negative_values_flip_the_direction() -> None:
    # -100 -> -50 is a rise (higher is better); growth of the magnitudes is negative.
    assert status(-100, -50, None, "increase") == "on_track"
    assert status(-100, -50, None, "decrease") == "deterioration"


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        (dict(baseline=-10, latest=5), "unable_to_assess"),  # mixed signs
        (dict(baseline=100, latest=120, latest_date=BASE_DAY), "unable_to_assess"),
        (dict(baseline=100, latest=120, latest_date=date(1999, 1, 1)), "unable_to_assess"),
        (dict(baseline=None, latest=120, target=400), "unable_to_assess"),
        (dict(baseline=100, latest=120, baseline_date=None), "unable_to_assess"),
        (dict(baseline=100, latest=120, target=400, target_date=None), "unable_to_assess"),
        (dict(baseline=100, latest=120, target=400, target_date=BASE_DAY), "unable_to_assess"),
        (dict(baseline=None, latest=500, target=400), "target_achieved"),
        (dict(baseline=100, latest=None, target=400), "no_data"),
        (dict(baseline=100, latest=float("nan"), target=400), "no_data"),
        (dict(baseline=100, latest=120, latest_date=None), "no_data"),
    ],
)
def test_cannot_assess_and_no_data(kwargs: dict, expected: str) -> None:
    assert status(**kwargs) == expected


def test_decimal_values_from_the_database() -> None:
    assert status(Decimal("100.0000"), Decimal("200.0000"), Decimal("400.0000")) == "on_track"


@pytest.mark.parametrize(
    ("latest", "target", "expected"),
    [
        (1, 1, "achieved"),
        (0, 1, "not_yet"),
        (1, None, "achieved"),
        (0, None, "not_yet"),
        (0, 0, "achieved"),
        (None, 1, "no_data"),
        (float("nan"), 1, "no_data"),
    ],
)
def test_milestones(latest: object, target: object, expected: str) -> None:
    assert milestone_status(latest, target) == expected
    result = indicator_status(
        measure="milestone",
        direction="increase",
        baseline_value=0,
        baseline_date=BASE_DAY,
        target_value=target,
        target_date=TARGET_DAY,
        latest_value=latest,
        latest_date=LATEST_DAY if latest is not None else None,
    )
    assert result == expected


def test_frame_version_handles_missing_values_and_keeps_the_index() -> None:
    frame = pd.DataFrame(
        {
            "measure": ["unit", "unit", "milestone", "unit"],
            "direction": ["increase", "decrease", "increase", "increase"],
            "baseline_value": [100.0, 400.0, 0.0, np.nan],
            "baseline_date": pd.to_datetime([BASE_DAY, BASE_DAY, BASE_DAY, None]),
            "target_value": [400.0, 100.0, 1.0, np.nan],
            "target_date": pd.to_datetime([TARGET_DAY] * 3 + [None]),
            "latest_value": [200.0, 500.0, 1.0, np.nan],
            "latest_date": pd.to_datetime([LATEST_DAY] * 3 + [None]),
        },
        index=[11, 12, 13, 14],
    )
    result = indicator_statuses(frame)
    assert result.to_dict() == {
        11: "on_track",
        12: "deterioration",
        13: "achieved",
        14: "no_data",
    }
    assert indicator_statuses(frame.iloc[:0]).empty


def test_labels_and_code_lists() -> None:
    assert set(INDICATOR_STATUSES) == set(INDICATOR_STATUS_LABELS)
    assert set(INDICATOR_DIRECTIONS) == {"increase", "decrease"}
    assert "milestone" in INDICATOR_MEASURES


@pytest.mark.parametrize("target, expected", [(4, "limited_progress"), (None, "limited_progress")])
def test_zero_staying_zero_is_no_change_not_deterioration(target, expected) -> None:
    # Open SDG replaces zeros with 0.001 on both ends: 0 -> 0 is no growth at all.
    assert status(0, 0, target, "increase") == expected

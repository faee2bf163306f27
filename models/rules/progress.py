"""Progress rules: expected progress, schedule ratings and roll-ups, as of a reporting date.

Pure functions on plain values and pandas DataFrames; no database, no Streamlit. The frame
functions are vectorised because the dashboard rates thousands of activities per rerun. The
scalar functions run the same numpy rules on one value, so both can never disagree.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np
import pandas as pd

from models.codes import IMPLEMENTATION_STATUSES
from models.i18n import N_

# "Behind" means reported percent MORE than this many points below expected: exactly 10
# points below is still on track, because a report is a rounded estimate, not a measurement.
BEHIND_TOLERANCE_POINTS = 10.0
# A report more than this many days older than the as-of date is stale (exactly 90 is not).
STALE_AFTER_DAYS = 90

# Rating codes, in the order the dashboard lists them, with their human labels (in English:
# marked for translation, translated where shown).
RATING_LABELS = {
    "complete": N_("Complete"),
    "on_track": N_("On track"),
    "behind": N_("Behind schedule"),
    "overdue": N_("Overdue"),
    "not_due_yet": N_("Not due yet"),
    "no_report": N_("No approved report"),
    "suspended": N_("Suspended"),
    "cancelled": N_("Cancelled"),
}
RATINGS = tuple(RATING_LABELS)
# Shown and counted, but outside the progress denominators: they no longer aim at the target.
EXCLUDED_STATUSES = ("suspended", "cancelled")
# A report saying the work is finished or abandoned is not expected to be renewed.
_NEVER_STALE = ("complete", "cancelled")
# Roll-up status counts: the implementation statuses plus activities nobody reported on.
STATUS_COLUMNS = (*IMPLEMENTATION_STATUSES, "no_report")


def _expected(elapsed_days: np.ndarray, span_days: np.ndarray) -> np.ndarray:
    """Linear 0→100 over the span; a zero-length span jumps from 0 to 100 on its date."""
    safe_span = np.where(span_days > 0, span_days, 1)
    linear = np.clip(elapsed_days * 100.0 / safe_span, 0.0, 100.0)
    return np.where(span_days > 0, linear, np.where(elapsed_days >= 0, 100.0, 0.0))


def expected_percent(as_of: date, planned_start: date, planned_end: date) -> float:
    """Percent of an activity expected done at `as_of`: 0 up to its start, 100 from its end."""
    elapsed = np.array([(as_of - planned_start).days], dtype=float)
    span = np.array([(planned_end - planned_start).days], dtype=float)
    return float(_expected(elapsed, span)[0])


def _days(later: pd.Series | pd.Timestamp, earlier: pd.Series) -> np.ndarray:
    """Whole days between dates (NaN where a date is missing), for date or datetime input."""
    return np.asarray((later - pd.to_datetime(earlier)).dt.days, dtype=float)


def expected_percents(as_of: date, planned_start: pd.Series, planned_end: pd.Series) -> pd.Series:
    """Vectorised `expected_percent` for aligned Series of planned start and end dates."""
    start = pd.to_datetime(planned_start)
    elapsed = _days(pd.Timestamp(as_of), start)
    span = _days(pd.to_datetime(planned_end), start)
    return pd.Series(_expected(elapsed, span), index=planned_start.index, name="expected_percent")


def _ratings(
    status: np.ndarray,
    percent: np.ndarray,
    expected: np.ndarray,
    before_start: np.ndarray,
    end_passed: np.ndarray,
) -> np.ndarray:
    """The rating rules, first match wins; `status` is None/NaN where there is no report."""
    has_report = pd.notna(status)
    rules = [
        (status == "cancelled", "cancelled"),
        (status == "suspended", "suspended"),
        ((status == "complete") | (percent >= 100), "complete"),
        (~has_report & before_start, "not_due_yet"),
        # A started activity without an approved report is never shown as 0% "behind" or
        # "overdue": the honest statement is that nobody has reported on it.
        (~has_report, "no_report"),
        ((status == "not_started") & before_start, "not_due_yet"),
        (end_passed, "overdue"),
        (percent < expected - BEHIND_TOLERANCE_POINTS, "behind"),
    ]
    conditions, choices = zip(*rules, strict=True)
    return np.select(conditions, choices, default="on_track").astype(object)


def schedule_rating(
    *,
    as_of: date,
    planned_start: date,
    planned_end: date,
    expected: float,
    status: str | None,
    percent: float | None,
    report_date: date | None,
) -> str:
    """Rating of one activity from its latest approved report (all None when there is none).

    A report dated after `as_of` did not exist yet on that date, so it is ignored.
    """
    if report_date is None or report_date > as_of:
        status, percent = None, None
    result = _ratings(
        np.array([status], dtype=object),
        np.array([np.nan if percent is None else percent], dtype=float),
        np.array([expected], dtype=float),
        np.array([as_of < planned_start]),
        np.array([as_of > planned_end]),
    )
    return str(result[0])


def _stale(days_since: np.ndarray, rating: np.ndarray) -> np.ndarray:
    # NaN days (no report) compare False, so an unreported activity is never "stale".
    return (days_since > STALE_AFTER_DAYS) & ~np.isin(rating, _NEVER_STALE)


def is_stale(*, as_of: date, report_date: date | None, rating: str) -> bool:
    """True when the last approved report is more than STALE_AFTER_DAYS older than `as_of`.

    Complete and cancelled activities are never stale: no further report is due for them.
    """
    days = np.nan if report_date is None else (as_of - report_date).days
    return bool(_stale(np.array([days], dtype=float), np.array([rating], dtype=object))[0])


def latest_as_of(
    reports: pd.DataFrame, as_of: date, *, key: str = "activity_id", on: str = "report_date"
) -> pd.DataFrame:
    """Per `key`, the latest row with `on` (a date) <= `as_of`; equal dates go to the highest id.

    Meant for approved reports only; if a `state` column is present, other states are dropped
    so that a draft can never count. Also serves indicator values (key="indicator_id").
    """
    rows = reports
    if "state" in rows.columns:
        rows = rows[rows["state"] == "approved"]
    rows = rows[pd.to_datetime(rows[on]) <= pd.Timestamp(as_of)]
    rows = rows.sort_values([key, on, "id"], kind="mergesort")
    return rows.drop_duplicates(subset=key, keep="last").reset_index(drop=True)


def rate_activities(activities: pd.DataFrame, reports: pd.DataFrame, as_of: date) -> pd.DataFrame:
    """One row per activity: its columns plus expected/reported progress, rating and staleness.

    `activities` needs activity_id, planned_start, planned_end (other columns pass through);
    `reports` needs id, activity_id, report_date, status, percent_complete.
    """
    latest = latest_as_of(reports, as_of).rename(
        columns={"id": "report_id", "percent_complete": "reported_percent"}
    )
    columns = ["activity_id", "report_id", "report_date", "status", "reported_percent"]
    rated = activities.merge(latest[columns], on="activity_id", how="left", validate="1:1")
    rated["reported_percent"] = rated["reported_percent"].astype(float)
    rated["report_id"] = rated["report_id"].astype("Int64")
    start, end = rated["planned_start"], rated["planned_end"]
    rated["expected_percent"] = expected_percents(as_of, start, end)
    return _with_progress_figure(_with_rating(rated, pd.Timestamp(as_of)))


def _with_rating(rated: pd.DataFrame, as_of: pd.Timestamp) -> pd.DataFrame:
    """Add rating, rating_label, stale and days_since_report to a frame of latest reports."""
    days_since = _days(as_of, rated["report_date"])
    rating = _ratings(
        rated["status"].to_numpy(dtype=object),
        rated["reported_percent"].to_numpy(dtype=float),
        rated["expected_percent"].to_numpy(dtype=float),
        (pd.to_datetime(rated["planned_start"]) > as_of).to_numpy(),
        (pd.to_datetime(rated["planned_end"]) < as_of).to_numpy(),
    )
    rated["rating"] = rating
    rated["rating_label"] = rated["rating"].map(RATING_LABELS)
    rated["stale"] = _stale(days_since, rating)
    rated["days_since_report"] = pd.array(days_since, dtype="Int64")
    return rated


def _with_progress_figure(rated: pd.DataFrame) -> pd.DataFrame:
    """Add `progress_percent`, the figure roll-ups average, and `in_progress_denominator`.

    No report counts as 0% (it is ALSO rated no_report/not_due_yet, so nothing is hidden);
    a complete rating counts as 100% even if the percent field lags the status.
    """
    counted = ~rated["rating"].isin(EXCLUDED_STATUSES)
    figure = rated["reported_percent"].fillna(0.0).where(rated["rating"] != "complete", 100.0)
    rated["in_progress_denominator"] = counted.to_numpy()
    rated["progress_percent"] = figure.where(counted)
    return rated


def _rollup_inputs(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Per activity: group keys, the figures to average, and 0/1 columns to count."""
    counted = frame["in_progress_denominator"].astype(bool)
    measures = frame[keys].assign(
        activities=1,
        counted=counted.astype(int),
        reported_progress=frame["progress_percent"].where(counted),
        expected_progress=frame["expected_percent"].where(counted).astype(float),
        stale=frame["stale"].astype(int),
    )
    # Categoricals give every rating and status a column, even one with no activity.
    rating = pd.Categorical(frame["rating"], RATINGS)
    status = pd.Categorical(frame["status"].fillna("no_report"), STATUS_COLUMNS)
    dummies = [
        pd.get_dummies(rating, prefix="rating", dtype=int),
        pd.get_dummies(status, prefix="status", dtype=int),
    ]
    return pd.concat([measures, *(d.set_axis(frame.index) for d in dummies)], axis=1)


def rollup(rated: pd.DataFrame, by: Sequence[str] = ()) -> pd.DataFrame:
    """Roll rated activities up to the groups in `by` (framework_id, plan_id…; () = one total).

    Each activity counts once per group, even if `rated` repeats it (as the objective
    expansion does). Columns: activities, counted (in the progress denominators: not
    suspended or cancelled), reported_progress and expected_progress (means over the counted
    activities; an unreported one counts 0%, and is ALSO counted in rating_no_report or
    rating_not_due_yet), stale, rating_<code> and status_<code> counts.
    """
    keys = list(by) or ["_all"]
    frame = rated.assign(_all=0).drop_duplicates(subset=[*keys, "activity_id"])
    work = _rollup_inputs(frame, keys)
    means = {"reported_progress": "mean", "expected_progress": "mean"}
    aggregations = {c: means.get(c, "sum") for c in work.columns if c not in keys}
    result = work.groupby(keys, dropna=False, sort=True).agg(aggregations).reset_index()
    return result if by else _single_total(result.drop(columns="_all"))


def _single_total(result: pd.DataFrame) -> pd.DataFrame:
    # An empty plan still gets its one total row: zero counts and no progress figure.
    if len(result):
        return result
    empty = {c: (np.nan if c.endswith("_progress") else 0) for c in result.columns}
    return pd.DataFrame([empty], columns=result.columns)


def rollup_by_objective(rated: pd.DataFrame, links: pd.DataFrame) -> pd.DataFrame:
    """Objective roll-up: an activity counts in every objective it serves (`links` has
    activity_id, objective_id). Activities serving no objective form an objective_id <NA>
    row rather than vanishing from the picture.
    """
    pairs = links[["activity_id", "objective_id"]].drop_duplicates()
    expanded = rated.merge(pairs, on="activity_id", how="left")
    expanded["objective_id"] = expanded["objective_id"].astype("Int64")
    return rollup(expanded, by=["objective_id"])

"""The Overview's frames: framework cards, the watch-list, progress over time, and its figures."""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from sqlalchemy import Engine

from models.charts import overview as charts
from models.i18n import N_, _, format_percent, ngettext
from models.queries import dashboard as q
from models.rules import progress
from models.views.base import rated_activities


def framework_summary(rated: pd.DataFrame, frameworks: pd.DataFrame) -> pd.DataFrame:
    """One row per framework in `frameworks` (id, code, name), with its roll-up."""
    rolled = progress.rollup(rated, by=["framework_id"])
    base = frameworks[["id", "code", "name"]].rename(columns={"id": "framework_id"})
    merged = base.merge(rolled, on="framework_id", how="left")
    counts = [c for c in merged.columns if c.startswith(("rating_", "status_"))]
    merged[[*counts, "activities", "counted", "stale"]] = (
        merged[[*counts, "activities", "counted", "stale"]].fillna(0).astype(int)
    )
    return merged


@dataclass(frozen=True)
class ProgressCard:
    value: str
    delta: str | None
    bar: int


def progress_card(reported: float, expected: float) -> ProgressCard:
    """A framework's headline figures; '—' when nothing in it counts toward progress."""
    if pd.isna(reported):
        return ProgressCard("—", None, 0)
    delta = (
        None
        if pd.isna(expected)
        else _("{difference} pts vs expected {expected}").format(
            difference=f"{reported - expected:+.0f}", expected=format_percent(expected)
        )
    )
    return ProgressCard(format_percent(reported), delta, min(round(reported), 100))


def rating_counts(framework) -> str:
    """A framework card's counts in words, the non-zero ones only: "16 activities · 5 overdue"."""
    counts = [
        (framework.rating_complete, N_("{count} complete")),
        (framework.rating_on_track, N_("{count} on track")),
        (framework.rating_behind, N_("{count} behind")),
        (framework.rating_overdue, N_("{count} overdue")),
        (framework.rating_no_report, N_("{count} without approved report")),
        (framework.rating_not_due_yet, N_("{count} not due yet")),
        (
            framework.rating_suspended + framework.rating_cancelled,
            N_("{count} suspended/cancelled"),
        ),
    ]
    total = ngettext("{count} activity", "{count} activities", framework.activities)
    return " · ".join(
        [
            total.format(count=framework.activities),
            *(_(what).format(count=n) for n, what in counts if n),
        ]
    )


def watch_list(rated: pd.DataFrame) -> pd.DataFrame:
    """Activities needing attention: overdue, behind schedule, or stale; worst first."""
    flagged = rated[rated["rating"].isin(["overdue", "behind"]) | rated["stale"]].copy()
    order = {"overdue": 0, "behind": 1}
    flagged["_order"] = flagged["rating"].map(order).fillna(2)
    flagged["gap"] = flagged["expected_percent"] - flagged["reported_percent"].fillna(0)
    flagged = flagged.sort_values(["_order", "gap"], ascending=[True, False])
    stale_only = _("No approved report for {days} days")
    stale = _("{rating} · stale report")
    flagged["why"] = [
        stale_only.format(days=row.days_since_report)
        if row.stale and row.rating not in ("overdue", "behind")
        else (stale if row.stale else "{rating}").format(rating=_(row.rating_label))
        for row in flagged.itertuples()
    ]
    return flagged.drop(columns="_order").reset_index(drop=True)


def _month_ends(start: date, end: date) -> pd.DatetimeIndex:
    return pd.date_range(pd.Timestamp(start), pd.Timestamp(end), freq="ME")


def progress_timeline(
    engine: Engine,
    plan_id: int,
    *,
    activities: pd.DataFrame,
    as_of: date,
    target: date,
    start: date,
) -> pd.DataFrame:
    """Monthly reported vs expected progress per framework, from `start` to `target`.

    `activities` is the rated frame (it fixes the filters); reported progress stops at
    `as_of`, the expected line runs on to the target date.
    """
    months = _month_ends(start, target)
    if activities.empty or months.empty:
        return pd.DataFrame(columns=["month", "framework", "series", "percent"])
    ids = activities["activity_id"].to_numpy()
    history = q.monthly_history(engine, plan_id, as_of)
    history = history[history["activity_id"].isin(ids)]
    reported, excluded = _reported_grid(history, ids, months, as_of)
    expected = np.column_stack(
        [
            progress.expected_percents(
                m.date(), activities["planned_start"], activities["planned_end"]
            ).to_numpy()
            for m in months
        ]
    )
    return _per_framework(activities["framework"].to_numpy(), months, reported, expected, excluded)


def _reported_grid(history, ids, months, as_of):
    """Activities × months of the latest approved percent (0 before any report)."""
    index = months.year * 12 + months.month
    pct = history.pivot_table(
        index="activity_id", columns="month_index", values="percent_complete", aggfunc="last"
    )
    status = history.pivot_table(
        index="activity_id", columns="month_index", values="status", aggfunc="last"
    )
    pct = pct.reindex(index=ids, columns=index).ffill(axis=1)
    status = status.reindex(index=ids, columns=index).ffill(axis=1)
    done = (status == "complete").to_numpy()
    values = np.where(done, 100.0, pct.fillna(0.0).to_numpy(dtype=float))
    excluded = status.isin(progress.EXCLUDED_STATUSES).to_numpy()
    values[:, months > pd.Timestamp(as_of)] = np.nan
    return values, excluded


def _per_framework(frameworks, months, reported, expected, excluded) -> pd.DataFrame:
    rows = []
    for name in pd.unique(frameworks):
        mask = frameworks == name
        keep = ~excluded[mask]
        for series, grid in ((N_("Reported"), reported[mask]), (N_("Expected"), expected[mask])):
            counted = np.where(keep, grid, np.nan)
            with warnings.catch_warnings():
                # A month where every activity is excluded has no mean: NaN, not a warning.
                warnings.simplefilter("ignore", RuntimeWarning)
                means = (
                    np.nanmean(counted, axis=0) if counted.size else np.full(len(months), np.nan)
                )
            if series == "Reported":
                means[np.isnan(reported[mask]).all(axis=0)] = np.nan
            rows.append(
                pd.DataFrame(
                    {"month": months, "framework": name, "series": series, "percent": means}
                )
            )
    return pd.concat(rows, ignore_index=True)


def figures(
    engine: Engine,
    plan_id: int,
    as_of: date,
    *,
    framework_ids: tuple[int, ...],
    agency_id: int | None,
    start: date,
    target: date,
    frameworks: tuple[str, ...],
) -> tuple[go.Figure, go.Figure, go.Figure]:
    """The Overview's three charts: progress lines, statuses, planned periods.

    `frameworks` are the plan's framework names in plan order (they fix colours and order)."""
    rated = rated_activities(
        engine, plan_id, as_of, framework_ids=list(framework_ids), agency_id=agency_id
    )
    timeline = progress_timeline(
        engine, plan_id, activities=rated, as_of=as_of, target=target, start=start
    )
    return (
        charts.progress_lines(timeline, as_of, target, list(frameworks)),
        charts.status_bars(rated, list(frameworks)),
        charts.timeline(rated, as_of),
    )

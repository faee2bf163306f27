"""Progress rules: expected progress, ratings, latest report, per-activity rating, roll-ups."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from models.rules.progress import (
    BEHIND_TOLERANCE_POINTS,
    RATING_LABELS,
    RATINGS,
    STALE_AFTER_DAYS,
    expected_percent,
    expected_percents,
    is_stale,
    latest_as_of,
    rate_activities,
    rollup,
    rollup_by_objective,
    schedule_rating,
)

d = date
# A ten-day activity: each day is exactly 10 points of expected progress.
START, END = d(2006, 1, 1), d(2006, 1, 11)
REPORT_COLUMNS = ["id", "activity_id", "report_date", "status", "percent_complete"]


def activities(*rows: tuple) -> pd.DataFrame:
    """(activity_id, framework_id, planned_start, planned_end) rows."""
    columns = ["activity_id", "framework_id", "planned_start", "planned_end"]
    return pd.DataFrame(list(rows), columns=columns)


def reports(*rows: tuple) -> pd.DataFrame:
    """(id, activity_id, report_date, status, percent_complete) rows."""
    return pd.DataFrame(list(rows), columns=REPORT_COLUMNS)


EXPECTED_CASES = [
    pytest.param(d(2005, 12, 31), START, END, 0.0, id="before-start"),
    pytest.param(START, START, END, 0.0, id="at-start"),
    pytest.param(d(2006, 1, 6), START, END, 50.0, id="midway"),
    pytest.param(d(2006, 1, 7), START, END, 60.0, id="six-of-ten-days"),
    pytest.param(END, START, END, 100.0, id="at-end"),
    pytest.param(d(2007, 6, 1), START, END, 100.0, id="after-end"),
    pytest.param(d(2006, 2, 28), d(2006, 3, 1), d(2006, 3, 1), 0.0, id="zero-length-before"),
    pytest.param(d(2006, 3, 1), d(2006, 3, 1), d(2006, 3, 1), 100.0, id="zero-length-on"),
    pytest.param(d(2006, 3, 2), d(2006, 3, 1), d(2006, 3, 1), 100.0, id="zero-length-after"),
    pytest.param(d(2006, 3, 1), d(2006, 3, 1), d(2006, 3, 2), 0.0, id="one-day-span-start"),
    pytest.param(d(2006, 3, 2), d(2006, 3, 1), d(2006, 3, 2), 100.0, id="one-day-span-end"),
    # February 2008 has 29 days: 1 Feb to 2 Mar is 30 days, so 16 Feb is exactly halfway...
    pytest.param(d(2008, 2, 16), d(2008, 2, 1), d(2008, 3, 2), 50.0, id="leap-year"),
    # ...while in 2007 the same dates span 29 days: 15 / 29.
    pytest.param(d(2007, 2, 16), d(2007, 2, 1), d(2007, 3, 2), 1500 / 29, id="common-year"),
    pytest.param(d(2008, 2, 29), d(2008, 2, 28), d(2008, 3, 1), 50.0, id="on-29-february"),
    # Kosovo's plan: 1 Jan 2005 to 31 Dec 2007 is 1094 days; 547 days in is 2 Jul 2006.
    pytest.param(d(2006, 7, 2), d(2005, 1, 1), d(2007, 12, 31), 50.0, id="whole-plan-half"),
]


@pytest.mark.parametrize(("as_of", "start", "end", "expected"), EXPECTED_CASES)
def test_expected_percent(as_of: date, start: date, end: date, expected: float) -> None:
    assert expected_percent(as_of, start, end) == pytest.approx(expected)


@pytest.mark.parametrize("as_datetime", [False, True], ids=["date-objects", "datetime64"])
@pytest.mark.parametrize(("as_of", "start", "end", "expected"), EXPECTED_CASES)
def test_expected_percents_matches_scalar(
    as_of: date, start: date, end: date, expected: float, as_datetime: bool
) -> None:
    starts = pd.Series([start, START], index=[7, 9])
    ends = pd.Series([end, END], index=[7, 9])
    if as_datetime:
        starts, ends = pd.to_datetime(starts), pd.to_datetime(ends)
    result = expected_percents(as_of, starts, ends)
    assert list(result.index) == [7, 9]
    assert result[7] == pytest.approx(expected)
    assert result[9] == pytest.approx(expected_percent(as_of, START, END))


# (as_of, status, percent, report_date) -> rating, for the ten-day activity START..END.
MID = d(2006, 1, 7)  # 60% expected
RATING_CASES = [
    pytest.param(d(2005, 12, 1), None, None, None, "not_due_yet", id="before-start-no-report"),
    pytest.param(
        d(2005, 12, 20), "not_started", 0, d(2005, 12, 15), "not_due_yet", id="not-started-early"
    ),
    pytest.param(d(2005, 12, 20), "limited", 5, d(2005, 12, 15), "on_track", id="started-early"),
    pytest.param(START, None, None, None, "no_report", id="at-start-no-report"),
    pytest.param(MID, None, None, None, "no_report", id="mid-no-report"),
    pytest.param(d(2006, 3, 1), None, None, None, "no_report", id="past-end-no-report"),
    pytest.param(START, "not_started", 0, START, "on_track", id="not-started-at-start"),
    pytest.param(MID, "substantial", 60, MID, "on_track", id="as-expected"),
    pytest.param(MID, "substantial", 90, MID, "on_track", id="ahead"),
    pytest.param(MID, "limited", 50, MID, "on_track", id="exactly-10-below"),
    pytest.param(MID, "limited", 49, MID, "behind", id="just-over-10-below"),
    pytest.param(MID, "not_started", 0, d(2006, 1, 2), "behind", id="not-started-when-due"),
    pytest.param(END, "substantial", 90, END, "on_track", id="at-end-10-below"),
    pytest.param(END, "substantial", 89, END, "behind", id="at-end-11-below"),
    pytest.param(d(2006, 1, 12), "substantial", 99, END, "overdue", id="past-end"),
    pytest.param(d(2006, 1, 12), "complete", 80, END, "complete", id="complete-status"),
    pytest.param(MID, "substantial", 100, MID, "complete", id="hundred-percent"),
    pytest.param(d(2005, 12, 20), "complete", 100, d(2005, 12, 20), "complete", id="early"),
    pytest.param(d(2006, 3, 1), "suspended", 40, MID, "suspended", id="suspended-past-end"),
    pytest.param(d(2005, 12, 20), "suspended", 0, d(2005, 12, 1), "suspended", id="susp-early"),
    pytest.param(MID, "cancelled", 10, MID, "cancelled", id="cancelled"),
    pytest.param(MID, "complete", 100, d(2006, 1, 8), "no_report", id="report-after-as-of"),
]


@pytest.mark.parametrize(("as_of", "status", "percent", "report_date", "rating"), RATING_CASES)
def test_schedule_rating(
    as_of: date, status: str | None, percent: int | None, report_date: date | None, rating: str
) -> None:
    expected = expected_percent(as_of, START, END)
    result = schedule_rating(
        as_of=as_of,
        planned_start=START,
        planned_end=END,
        expected=expected,
        status=status,
        percent=percent,
        report_date=report_date,
    )
    assert result == rating


def test_frame_ratings_agree_with_schedule_rating() -> None:
    """Every scalar case, as one activity each in one frame, gets the same rating."""
    cases = [p.values for p in RATING_CASES]
    for as_of in sorted({c[0] for c in cases}):
        subset = [(i, c) for i, c in enumerate(cases) if c[0] == as_of]
        acts = activities(*[(i, 1, START, END) for i, _ in subset])
        reps = reports(*[(i, i, c[3], c[1], c[2]) for i, c in subset if c[1] is not None])
        rated = rate_activities(acts, reps, as_of).set_index("activity_id")
        for i, case in subset:
            assert rated.loc[i, "rating"] == case[4], (i, case)


def test_ratings_and_labels_cover_each_other() -> None:
    assert set(RATINGS) == set(RATING_LABELS)
    assert BEHIND_TOLERANCE_POINTS == 10
    assert STALE_AFTER_DAYS == 90


AS_OF = d(2006, 4, 1)  # 1 January 2006 is exactly 90 days earlier


@pytest.mark.parametrize(
    ("report_date", "rating", "stale"),
    [
        pytest.param(d(2006, 1, 1), "on_track", False, id="exactly-90-days"),
        pytest.param(d(2005, 12, 31), "on_track", True, id="91-days"),
        pytest.param(AS_OF, "behind", False, id="same-day"),
        pytest.param(None, "no_report", False, id="no-report"),
        pytest.param(d(2005, 1, 1), "complete", False, id="complete-never-stale"),
        pytest.param(d(2005, 1, 1), "cancelled", False, id="cancelled-never-stale"),
        pytest.param(d(2005, 12, 31), "suspended", True, id="suspended-can-be-stale"),
    ],
)
def test_is_stale(report_date: date | None, rating: str, stale: bool) -> None:
    assert is_stale(as_of=AS_OF, report_date=report_date, rating=rating) is stale


def test_latest_as_of_picks_latest_on_or_before_date() -> None:
    reps = reports(
        (1, 10, d(2006, 1, 1), "limited", 10),
        (2, 10, d(2006, 3, 1), "limited", 30),  # on the as-of date: counts
        (3, 10, d(2006, 3, 2), "substantial", 70),  # the day after: ignored
        (4, 20, d(2006, 5, 1), "limited", 20),  # only a future report: no row
        (5, 30, d(2005, 6, 1), "limited", 5),
    )
    latest = latest_as_of(reps, d(2006, 3, 1))
    assert latest[["activity_id", "id"]].values.tolist() == [[10, 2], [30, 5]]
    assert list(latest.columns) == REPORT_COLUMNS


def test_latest_as_of_breaks_date_ties_by_highest_id() -> None:
    reps = reports(
        (7, 10, d(2006, 2, 1), "substantial", 60),
        (3, 10, d(2006, 2, 1), "limited", 20),
        (9, 10, d(2006, 1, 1), "complete", 100),
    )
    latest = latest_as_of(reps, d(2006, 3, 1))
    assert latest[["id", "percent_complete"]].values.tolist() == [[7, 60]]


def test_latest_as_of_never_counts_unapproved_reports() -> None:
    reps = reports(
        (1, 10, d(2006, 1, 1), "limited", 10), (2, 10, d(2006, 2, 1), "complete", 100)
    ).assign(state=["approved", "submitted"])
    assert latest_as_of(reps, d(2006, 3, 1))["id"].tolist() == [1]


def test_latest_as_of_serves_indicator_values() -> None:
    values = pd.DataFrame(
        {
            "id": [1, 2, 3],
            "indicator_id": [5, 5, 6],
            "value_date": pd.to_datetime(["2006-01-01", "2006-06-01", "2007-01-01"]),
            "value": [3.0, 4.0, 9.0],
        }
    )
    latest = latest_as_of(values, d(2006, 12, 31), key="indicator_id", on="value_date")
    assert latest[["indicator_id", "value"]].values.tolist() == [[5, 4.0]]


def test_latest_as_of_empty_frame() -> None:
    latest = latest_as_of(reports(), d(2006, 1, 1))
    assert latest.empty
    assert list(latest.columns) == REPORT_COLUMNS


def test_rate_activities_columns_and_values() -> None:
    acts = activities((1, 100, START, END), (2, 100, START, END), (3, 200, START, END))
    reps = reports(
        (11, 1, d(2006, 1, 2), "limited", 20),
        (12, 1, d(2006, 1, 5), "substantial", 50),
        (13, 1, d(2006, 1, 9), "complete", 100),  # after the as-of date
        (14, 3, d(2006, 1, 3), "complete", 80),
    )
    rated = rate_activities(acts, reps, MID).set_index("activity_id")
    first = rated.loc[1]
    assert (first["report_id"], first["status"], first["reported_percent"]) == (
        12,
        "substantial",
        50,
    )
    assert (first["expected_percent"], first["rating"], first["rating_label"]) == (
        60.0,
        "on_track",
        "On track",
    )
    assert (first["days_since_report"], first["progress_percent"]) == (2, 50.0)
    unreported = rated.loc[2]
    assert np.isnan(unreported["reported_percent"]) and pd.isna(unreported["status"])
    assert pd.isna(unreported["days_since_report"]) and pd.isna(unreported["report_id"])
    assert unreported["rating"] == "no_report" and not unreported["stale"]
    assert unreported["progress_percent"] == 0.0  # counted as zero, never hidden
    # Status complete with a lagging percent field counts as 100% in the progress figure.
    assert (rated.loc[3, "reported_percent"], rated.loc[3, "progress_percent"]) == (80.0, 100.0)
    assert rated["framework_id"].tolist() == [100, 100, 200]


def test_rate_activities_stale_boundary() -> None:
    acts = activities(
        (1, 1, d(2005, 1, 1), d(2007, 12, 31)), (2, 1, d(2005, 1, 1), d(2007, 12, 31))
    )
    reps = reports((1, 1, d(2006, 1, 1), "limited", 30), (2, 2, d(2005, 12, 31), "limited", 30))
    rated = rate_activities(acts, reps, AS_OF)
    assert rated["days_since_report"].tolist() == [90, 91]
    assert rated["stale"].tolist() == [False, True]


def test_rate_activities_empty() -> None:
    rated = rate_activities(activities(), reports(), MID)
    assert rated.empty
    for column in ["expected_percent", "reported_percent", "rating", "stale", "progress_percent"]:
        assert column in rated.columns


def test_rate_activities_at_scale_matches_scalar_rules() -> None:
    """2,600 activities and 26,000 reports: a sample checked against the scalar rules."""
    rng = np.random.default_rng(2007)
    n = 2600
    starts = pd.Timestamp("2005-01-01") + pd.to_timedelta(rng.integers(0, 700, n), unit="D")
    ends = starts + pd.to_timedelta(rng.integers(0, 500, n), unit="D")
    acts = pd.DataFrame({"activity_id": range(n), "planned_start": starts, "planned_end": ends})
    reps = pd.DataFrame(
        {
            "id": range(10 * n),
            "activity_id": rng.integers(0, n + 200, 10 * n) % n,
            "report_date": pd.Timestamp("2005-01-01")
            + pd.to_timedelta(rng.integers(0, 1100, 10 * n), unit="D"),
            "status": rng.choice(["not_started", "limited", "substantial", "complete"], 10 * n),
            "percent_complete": rng.integers(0, 101, 10 * n),
        }
    )
    as_of = d(2006, 6, 30)
    rated = rate_activities(acts, reps, as_of)
    assert len(rated) == n
    for i in rng.choice(n, 150, replace=False):
        own = reps[(reps["activity_id"] == i) & (reps["report_date"] <= pd.Timestamp(as_of))]
        last = own.sort_values(["report_date", "id"]).tail(1)
        start, end = starts[i].date(), ends[i].date()
        expected = expected_percent(as_of, start, end)
        rating = schedule_rating(
            as_of=as_of,
            planned_start=start,
            planned_end=end,
            expected=expected,
            status=None if last.empty else last["status"].iloc[0],
            percent=None if last.empty else int(last["percent_complete"].iloc[0]),
            report_date=None if last.empty else last["report_date"].iloc[0].date(),
        )
        assert (rated.loc[i, "expected_percent"], rated.loc[i, "rating"]) == (expected, rating)


def _rated_framework() -> pd.DataFrame:
    """Framework 100: on track 50% of 60; unreported; cancelled; suspended (other dates).

    Framework 200: complete. As of 7 Jan 2006.
    """
    late = (d(2005, 1, 1), d(2005, 6, 1))  # expected 100%: must not move the expected mean
    acts = activities(
        (1, 100, START, END),
        (2, 100, START, END),
        (3, 100, *late),
        (4, 100, *late),
        (5, 200, START, END),
    ).assign(plan_id=1)
    reps = reports(
        (1, 1, d(2006, 1, 6), "substantial", 50),
        (2, 3, d(2005, 3, 1), "cancelled", 90),
        (3, 4, d(2005, 3, 1), "suspended", 80),
        (4, 5, d(2006, 1, 6), "complete", 100),
    )
    return rate_activities(acts, reps, MID)


def test_rollup_by_framework_excludes_suspended_and_cancelled_from_progress() -> None:
    result = rollup(_rated_framework(), by=["framework_id"]).set_index("framework_id")
    first = result.loc[100]
    assert (first["activities"], first["counted"]) == (4, 2)
    # (50 + 0 for the unreported one) / 2; expected (60 + 60) / 2.
    assert (first["reported_progress"], first["expected_progress"]) == (25.0, 60.0)
    assert first[["rating_on_track", "rating_no_report"]].tolist() == [1, 1]
    assert first[["rating_cancelled", "rating_suspended", "rating_complete"]].tolist() == [1, 1, 0]
    assert first[["status_substantial", "status_no_report"]].tolist() == [1, 1]
    assert first[["status_cancelled", "status_suspended", "status_limited"]].tolist() == [1, 1, 0]
    # The suspended report is 312 days old; cancelled ones are never stale.
    assert first["stale"] == 1
    second = result.loc[200]
    assert (second["activities"], second["reported_progress"], second["rating_complete"]) == (
        1,
        100.0,
        1,
    )


def test_rollup_plan_total_and_by_plan_agree() -> None:
    rated = _rated_framework()
    total = rollup(rated)
    by_plan = rollup(rated, by=["plan_id"])
    assert len(total) == 1 and by_plan["plan_id"].tolist() == [1]
    assert total.iloc[0].to_dict() == by_plan.drop(columns="plan_id").iloc[0].to_dict()
    assert (total.loc[0, "activities"], total.loc[0, "counted"]) == (5, 3)
    assert total.loc[0, "reported_progress"] == pytest.approx(150 / 3)
    assert total.loc[0, "expected_progress"] == pytest.approx(60.0)


def test_rollup_with_nothing_counted_has_no_progress_figure() -> None:
    rated = _rated_framework()
    only_excluded = rollup(rated[rated["activity_id"].isin([3, 4])], by=["framework_id"])
    assert only_excluded.loc[0, "counted"] == 0
    assert np.isnan(only_excluded.loc[0, "reported_progress"])
    assert np.isnan(only_excluded.loc[0, "expected_progress"])


@pytest.mark.parametrize("by", [["framework_id"], []], ids=["by-framework", "total"])
def test_rollup_empty_input(by: list[str]) -> None:
    result = rollup(rate_activities(activities(), reports(), MID), by=by)
    columns = {"activities", "counted", "reported_progress", "expected_progress", "stale"}
    columns |= {f"rating_{r}" for r in RATINGS} | {"status_no_report", "status_complete"}
    assert columns <= set(result.columns)
    if by:
        assert result.empty
    else:
        assert result.loc[0, "activities"] == 0 and np.isnan(result.loc[0, "reported_progress"])


LINKS = pd.DataFrame({"activity_id": [1, 1, 2, 5], "objective_id": [7, 8, 7, 9]})


def test_objective_rollup_counts_an_activity_in_each_objective() -> None:
    result = rollup_by_objective(_rated_framework(), LINKS).set_index("objective_id")
    assert result.loc[7, ["activities", "reported_progress"]].tolist() == [2, 25.0]
    assert result.loc[8, ["activities", "reported_progress"]].tolist() == [1, 50.0]
    assert result.loc[9, ["activities", "rating_complete"]].tolist() == [1, 1]
    # Activities 3 and 4 serve no objective: shown under <NA>, not dropped.
    unlinked = result.loc[pd.NA]
    assert (unlinked["activities"], unlinked["rating_cancelled"], unlinked["counted"]) == (2, 1, 0)


def test_framework_and_plan_rollups_count_a_shared_activity_once() -> None:
    rated = _rated_framework()
    expanded = rated.merge(LINKS, on="activity_id", how="left")
    framework = rollup(expanded, by=["framework_id"]).set_index("framework_id")
    assert framework.loc[100, "activities"] == 4
    assert framework.loc[100, "reported_progress"] == 25.0
    assert rollup(expanded).loc[0, "activities"] == 5


def test_objective_rollup_ignores_duplicate_links() -> None:
    doubled = pd.concat([LINKS, LINKS])
    result = rollup_by_objective(_rated_framework(), doubled).set_index("objective_id")
    assert result.loc[7, "activities"] == 2

"""Indicator reads on SQLite and PostgreSQL: the latest approved value as of a date, the
sidebar's filters, history; and the figures built from them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pandas as pd
import pytest
from sqlalchemy import select

from models.charts import indicators as charts
from models.entities import (
    ActionPlan,
    Activity,
    ActivityAgency,
    ActivityObjective,
    Indicator,
    IndicatorValue,
    Objective,
)
from models.queries.indicators import approved_values, indicators
from models.seeding.plan import seed_plan
from models.views.indicators import format_value, indicator_table, status_counts
from tests.factories import make_framework, make_objective, make_plan

# (value_date, value, state) for PREV-O1-I1 (on an objective). Two approved values share
# 30 Jun 2006: the later-inserted one (3) wins. Unapproved values are dated after it, and
# one approved value is dated after the dates the tests look from.
OBJECTIVE_VALUES = [
    (date(2006, 1, 31), 1, "approved"),
    (date(2006, 6, 30), 2, "approved"),
    (date(2006, 6, 30), 3, "approved"),
    (date(2006, 9, 30), 9, "submitted"),
    (date(2006, 10, 31), 8, "draft"),
    (date(2006, 11, 30), 7, "returned"),
    (date(2007, 3, 31), 4, "approved"),
]


@pytest.fixture
def plan(session):
    seed_plan(session)
    plan = session.scalar(select(ActionPlan).where(ActionPlan.code == "XK-2005-2007"))
    code = {i.code: i.id for i in session.scalars(select(Indicator))}
    rows = [(code["PREV-O1-I1"], *v) for v in OBJECTIVE_VALUES]
    rows += [
        (code["PROT-A5-I1"], date(2006, 6, 30), 100, "approved"),
        (code["PROT-A5-I1"], date(2006, 7, 31), 150, "submitted"),
    ]
    for indicator_id, day, value, state in rows:
        reason = "Figures do not match the register" if state == "returned" else None
        session.add(
            IndicatorValue(
                indicator_id=indicator_id,
                value_date=day,
                value=Decimal(value),
                state=state,
                return_reason=reason,
            )
        )
        session.flush()  # one at a time, so ids follow insertion order
    session.commit()
    return plan


def _latest(frame: pd.DataFrame, code: str) -> tuple:
    row = frame.set_index("code").loc[code]
    value = None if pd.isna(row["latest_value"]) else float(row["latest_value"])
    return value, row["latest_date"]


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        (date(2005, 12, 31), (None, None)),
        (date(2006, 6, 29), (1.0, date(2006, 1, 31))),
        (date(2006, 12, 31), (3.0, date(2006, 6, 30))),
        (date(2007, 3, 31), (4.0, date(2007, 3, 31))),
    ],
)
def test_latest_approved_value_as_of(engine, plan, as_of, expected):
    frame = indicators(engine, plan.id, as_of)
    value, day = _latest(frame, "PREV-O1-I1")
    assert (value, None if pd.isna(day) else day) == expected


def test_unapproved_values_are_ignored(engine, plan):
    frame = indicators(engine, plan.id, date(2007, 1, 31))
    assert _latest(frame, "PROT-A5-I1") == (100.0, date(2006, 6, 30))
    assert _latest(frame, "PREV-O1-I1") == (3.0, date(2006, 6, 30))


def test_every_indicator_listed_once_with_its_framework(engine, session, plan):
    frame = indicators(engine, plan.id, date(2007, 12, 31))
    stored = session.scalars(select(Indicator).where(Indicator.plan_id == plan.id)).all()
    assert sorted(frame["code"]) == sorted(i.code for i in stored)
    without_value = frame[frame["latest_value"].isna()]
    assert set(frame["code"]) - set(without_value["code"]) == {"PREV-O1-I1", "PROT-A5-I1"}
    row = frame.set_index("code").loc["PROT-A5-I1"]
    assert (row["framework"], row["owner_kind"], row["owner_code"]) == (
        "Protection",
        "activity",
        "PROT-A5",
    )


def test_other_plans_indicators_stay_out(engine, session, plan):
    other = make_plan(session)
    objective = make_objective(session, make_framework(session, other))
    session.add(
        Indicator(
            plan_id=other.id,
            code="X-I1",
            objective_id=objective.id,
            name="x",
            measure="unit",
            direction="increase",
        )
    )
    session.commit()
    assert "X-I1" not in set(indicators(engine, plan.id, date(2007, 12, 31))["code"])


def _in_scope_for_agency(session, agency_id: int) -> set[str]:
    """Expected scope, worked out in Python from the link tables."""
    involved = {
        a
        for (a,) in session.execute(
            select(ActivityAgency.activity_id).where(ActivityAgency.organisation_id == agency_id)
        )
    }
    served = {
        o
        for (a, o) in session.execute(
            select(ActivityObjective.activity_id, ActivityObjective.objective_id)
        )
        if a in involved
    }
    return {
        i.code
        for i in session.scalars(select(Indicator))
        if i.activity_id in involved or i.objective_id in served
    }


def test_agency_filter_reaches_objectives_through_their_activities(engine, session, plan):
    # The agency with an activity indicator and an objective indicator in scope.
    indicator = session.scalar(select(Indicator).where(Indicator.code == "PROT-A5-I1"))
    agency_id = session.scalar(
        select(ActivityAgency.organisation_id).where(
            ActivityAgency.activity_id == indicator.activity_id, ActivityAgency.role == "lead"
        )
    )
    frame = indicators(engine, plan.id, date(2007, 12, 31), agency_id=agency_id)
    expected = _in_scope_for_agency(session, agency_id)
    assert set(frame["code"]) == expected
    assert {"activity", "objective"} <= set(
        frame.set_index("code").loc[list(expected), "owner_kind"]
    )


def test_framework_filter(engine, session, plan):
    objective = session.scalar(select(Objective).where(Objective.code == "PROS-O1"))
    frame = indicators(engine, plan.id, date(2007, 12, 31), framework_ids=[objective.framework_id])
    prefixes = {code.split("-")[0] for code in frame["code"]}
    assert prefixes == {"PROS"}
    in_framework = session.scalars(
        select(Indicator.code)
        .outerjoin(Objective, Objective.id == Indicator.objective_id)
        .outerjoin(Activity, Activity.id == Indicator.activity_id)
        .where(
            (Objective.framework_id == objective.framework_id)
            | (Activity.framework_id == objective.framework_id)
        )
    ).all()
    assert sorted(frame["code"]) == sorted(in_framework)


def test_history_is_approved_values_up_to_the_date(engine, session, plan):
    indicator_id = session.scalar(select(Indicator.id).where(Indicator.code == "PREV-O1-I1"))
    history = approved_values(engine, indicator_id, date(2007, 1, 31))
    assert [float(v) for v in history["value"]] == [1.0, 2.0, 3.0]
    assert list(history["value_date"]) == [date(2006, 1, 31), date(2006, 6, 30), date(2006, 6, 30)]


def test_table_status_and_text(engine, plan):
    table = indicator_table(engine, plan.id, date(2007, 3, 31)).set_index("code")
    # PREV-O1-I1: 4 campaigns against a target of 4 by 2007.
    assert table.loc["PREV-O1-I1", ["latest_text", "status_label", "target_text"]].tolist() == [
        "4",
        "Target achieved",
        "4 by 31 Dec 2007",
    ]
    assert table.loc["PREV-O2-I1", ["latest_text", "status_label", "unit_label"]].tolist() == [
        "No approved value yet",
        "No data",
        "Milestone (yes/no)",
    ]
    counts = status_counts(table).set_index("status")["count"]
    assert counts.to_dict() == {"target_achieved": 1, "on_track": 1, "no_data": len(table) - 2}


@pytest.mark.parametrize(
    ("value", "measure", "unit", "text"),
    [
        (1, "milestone", None, "Yes"),
        (0, "milestone", None, "No"),
        (Decimal("1500.0000"), "unit", "people", "1,500 people"),
        (2.5, "unit", None, "2.5"),
        (None, "unit", None, "—"),
    ],
)
def test_format_value(value, measure, unit, text):
    assert format_value(value, measure, unit) == text


def _indicator(measure: str, **fields) -> dict:
    unit = None if measure == "milestone" else "people"
    base = {
        "code": "T-I1",
        "measure": measure,
        "unit": unit,
        "baseline_value": 0.0,
        "baseline_date": date(2005, 5, 1),
        "target_value": 1.0,
        "target_date": date(2007, 12, 31),
    }
    return base | fields


def test_history_chart_target_line_and_units():
    history = pd.DataFrame({"value_date": pd.to_datetime(["2006-06-30"]), "value": [40.0]})
    fig = charts.indicator_history(
        _indicator("unit", target_value=90.0), history, date(2007, 1, 31)
    )
    target = next(t for t in fig.data if t.name == "Target 2007: 90 people")
    assert list(target.y) == [90.0, 90.0] and target.line.dash == "dash"
    assert pd.Timestamp(target.x[-1]) == pd.Timestamp("2007-12-31")
    assert fig.layout.yaxis.title.text == "Value (people)"
    assert [a.text for a in fig.layout.annotations] == ["Target 2007: 90 people"]


def test_milestone_chart_is_a_yes_no_step_held_to_the_date():
    history = pd.DataFrame({"value_date": pd.to_datetime(["2006-06-30"]), "value": [1.0]})
    fig = charts.indicator_history(_indicator("milestone"), history, date(2007, 1, 31))
    values = next(t for t in fig.data if t.name == "Approved values")
    assert values.line.shape == "hv"
    assert list(values.y) == [1.0, 1.0] and pd.Timestamp(values.x[-1]) == pd.Timestamp("2007-01-31")
    assert list(fig.layout.yaxis.ticktext) == ["No", "Yes"]
    assert "Target 2007: Yes" in [t.name for t in fig.data]

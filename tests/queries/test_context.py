"""Published statistics read on SQLite and PostgreSQL, checked against the report's figures.

Expected values are typed from footnote 119 and section I of the source report.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from models.entities import ActionPlan
from models.queries.context import COLUMNS, statistics
from models.seeding.plan import seed_plan
from tests.factories import make_plan, make_statistic


@pytest.fixture
def plan_id(session: Session) -> int:
    seed_plan(session)
    session.commit()
    return session.scalar(select(ActionPlan.id))


def _value(stats, series: str, by: str, year: int, category: str) -> int:
    rows = stats[
        (stats["series"] == series)
        & (stats["reported_by"] == by)
        & (stats["year"] == year)
        & (stats["category"] == category)
    ]
    assert len(rows) == 1
    return int(rows["value"].iloc[0])


def test_every_published_figure_is_read(engine, plan_id):
    stats = statistics(engine, plan_id)
    assert list(stats.columns) == COLUMNS
    # 1 women registered + 11 TPIU victims (10 yearly + the total) + 7 IOM + 14 arrests.
    assert len(stats) == 33
    assert stats.groupby("series").size().to_dict() == {
        "women_registered": 1,
        "victims_identified": 18,
        "traffickers_arrested": 14,
    }


@pytest.mark.parametrize(
    ("series", "by", "year", "category", "value"),
    [
        ("women_registered", "TPIU", 2000, "foreign", 340),
        ("victims_identified", "TPIU", 2002, "Kosovo", 3),
        ("victims_identified", "TPIU", 2003, "Kosovo", 0),
        ("victims_identified", "TPIU", 2005, "total", 391),
        ("victims_identified", "IOM", 1999, "total", 2),
        ("traffickers_arrested", "TPIU", 2004, "Bulgarian", 4),
        ("traffickers_arrested", "TPIU", 2005, "Ukrainian", 4),
    ],
)
def test_figures_match_the_report(engine, plan_id, series, by, year, category, value):
    assert _value(statistics(engine, plan_id), series, by, year, category) == value


def test_span_total_partial_year_and_sources(engine, plan_id):
    stats = statistics(engine, plan_id)
    total = stats[stats["from_year"].notna()]
    assert total[["reported_by", "from_year", "year", "value"]].values.tolist() == [
        ["TPIU", 2001, 2005, 391]
    ]
    partial = stats[stats["partial_note"].notna()]
    assert partial[["reported_by", "year", "partial_note"]].values.tolist() == [
        ["IOM", 2005, "until June 2005"]
    ]
    assert stats.loc[stats["series"] == "women_registered", "source"].tolist() == [
        "I. Introduction"
    ]
    assert set(stats.loc[stats["series"] != "women_registered", "source"]) == {"footnote 119"}


def test_report_order_is_kept(engine, plan_id):
    stats = statistics(engine, plan_id)
    groups = list(dict.fromkeys(zip(stats["series"], stats["reported_by"], strict=True)))
    assert groups == [
        ("women_registered", "TPIU"),
        ("victims_identified", "TPIU"),
        ("victims_identified", "IOM"),
        ("traffickers_arrested", "TPIU"),
    ]


def test_only_the_chosen_plans_statistics(engine, session, plan_id):
    other = make_plan(session, code="other")
    make_statistic(session, other, value=99)
    session.commit()
    assert 99 not in statistics(engine, plan_id)["value"].tolist()
    mine = statistics(engine, other.id)
    assert mine[["series", "year", "category", "value"]].values.tolist() == [
        ["victims_identified", 2004, "foreign", 99]
    ]


def test_a_plan_without_statistics_gives_an_empty_frame(engine, session):
    empty = make_plan(session, code="empty")
    session.commit()
    stats = statistics(engine, empty.id)
    assert stats.empty
    assert list(stats.columns) == COLUMNS

"""The chart base: stored text never becomes markup in a figure; one colour per meaning."""

from __future__ import annotations

import json
from datetime import date

import pandas as pd
import pytest

from models.charts import base
from models.charts.funding import coverage_bars
from models.charts.overview import progress_lines, status_bars, timeline

HOSTILE = [
    '<a href="https://evil.example/">click</a>',
    '<span style="font-size:80px">big</span>',
    "<b>bold</b> & <br> break",
]


def _rated(title: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "activity_id": [1],
            "code": ["PREV-<i>A1</i>"],
            "title": [title],
            "planned_start": [date(2005, 5, 1)],
            "planned_end": [date(2006, 5, 1)],
            "rating_label": ["On track"],
            "lead": ["<u>IOM</u>"],
            "framework": ["Prevention <sup>x</sup>"],
            "reported_percent": [40.0],
            "status": ["limited"],
        }
    )


@pytest.mark.parametrize("title", HOSTILE)
def test_no_stored_text_reaches_a_figure_as_markup(title):
    rated = _rated(title)
    timeline_frame = pd.DataFrame(
        {
            "month": pd.to_datetime(["2005-05-31"]),
            "framework": ["Prevention <sup>x</sup>"],
            "series": ["Reported"],
            "percent": [10.0],
        }
    )
    figures = [
        timeline(rated, date(2006, 1, 1)),
        status_bars(rated),
        progress_lines(
            timeline_frame, date(2006, 1, 1), date(2007, 12, 31), ["Prevention <sup>x</sup>"]
        ),
    ]
    for figure in figures:
        text = json.dumps(figure.to_plotly_json(), default=str)
        for tag in ("<a ", "<span", "<b>", "<i>", "<u>", "<sup>"):
            assert tag not in text, (tag, figure.layout.title.text)


def test_safe_keeps_the_text_as_typed():
    assert base.safe("<b>x</b> & y") == "&lt;b&gt;x&lt;/b&gt; &amp; y"
    assert base.safe(None) == "" and base.safe(float("nan")) == ""


def test_frameworks_keep_their_colour_by_plan_order_and_share_none_with_ratings():
    names = ["Prevention", "Protection", "Prosecution"]
    colours = base.framework_colours(names)
    assert base.framework_colours(names[:1]) == {"Prevention": colours["Prevention"]}
    meanings = [base.RATING_COLOURS, base.STATUS_COLOURS, base.MONEY_COLOURS]
    used = {c.upper() for m in meanings for c in m.values()}
    assert not {c.upper() for c in colours.values()} & used


def test_a_colour_means_one_thing_across_ratings_and_statuses():
    """Two labels share a colour only when they mean the same (Complete, Suspended, …)."""
    meaning_of: dict[str, str] = {}
    for mapping in (base.RATING_COLOURS, base.STATUS_COLOURS):
        for label, colour in mapping.items():
            assert meaning_of.setdefault(colour.upper(), label) == label, (colour, label)
    # Behind schedule (orange) and On track (sky blue) are nothing else on any chart.
    assert base.STATUS_COLOURS["Limited"] != base.RATING_COLOURS["Behind schedule"]
    framework = {c.upper() for c in base.FRAMEWORK_PALETTE}
    assert not framework & set(meaning_of)
    assert not framework & {c.upper() for c in base.INDICATOR_STATUS_COLOURS_BY_CODE.values()}


PLAN = ["Prevention", "Protection", "Prosecution"]


@pytest.mark.parametrize(
    "present",
    [
        ["Prosecution", "Prevention", "Protection"],
        ["Protection", "Prosecution", "Prevention"],
        ["Prosecution", "Protection"],
    ],
)
def test_frameworks_keep_the_plan_order_whatever_order_the_data_has(present):
    assert base.plan_order(present, PLAN) == [n for n in PLAN if n in present]
    rated = pd.concat([_rated("x").assign(framework=name) for name in present])
    figure = status_bars(rated, PLAN)
    # Plotly draws a category axis from the bottom: the first framework is at the top.
    top_down = list(reversed(figure.layout.yaxis.categoryarray))
    assert top_down == [n for n in PLAN if n in present]
    frameworks = pd.DataFrame(
        {
            "framework": present,
            **{k: [10.0] * len(present) for k in ("costed", "pledged", "committed", "disbursed")},
            "coverage": [1.0] * len(present),
        }
    )
    figure = coverage_bars(frameworks, "EUR", PLAN)
    assert list(figure.data[0].x) == [n for n in PLAN if n in present]
    assert [t.name for t in figure.data] == ["Costed", "Pledged", "Committed", "Disbursed"]


def test_statistics_categories_borrow_no_colour_of_another_meaning():
    taken = {
        c.upper()
        for mapping in (base.RATING_COLOURS, base.STATUS_COLOURS, base.MONEY_COLOURS)
        for c in mapping.values()
    } | {c.upper() for c in base.FRAMEWORK_PALETTE}
    for palette in (base.CATEGORY_PALETTE, base.YEAR_PALETTE):
        assert not {c.upper() for c in palette} & taken

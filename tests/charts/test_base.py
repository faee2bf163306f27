"""The chart base: stored text never becomes markup in a figure; one colour per meaning."""

from __future__ import annotations

import json
from datetime import date

import pandas as pd
import pytest

from models.charts import base
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

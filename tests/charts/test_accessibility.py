"""Contrast of the theme and of the charts' marks (WCAG 2.1 AA), and the charts' data views."""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import pytest

from models.charts import base, indicators
from models.charts.overview import progress_lines, status_bars, status_table, status_text

ROOT = Path(__file__).resolve().parents[2]
WHITE = "#FFFFFF"
SIDEBAR = "#F8F8F7"  # Streamlit 1.67's light secondary background


def _luminance(colour: str) -> float:
    r, g, b = (int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4))
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _rgb(colour: str) -> list[int]:
    return [int(colour.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4)]


def _blend(colour: str, background: str, alpha: float) -> str:
    pairs = zip(_rgb(colour), _rgb(background), strict=True)
    return "#" + "".join(f"{round(f * alpha + b * (1 - alpha)):02x}" for f, b in pairs)


@pytest.fixture(scope="module")
def theme() -> dict:
    return tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())["theme"]


@pytest.mark.parametrize("background", [WHITE, SIDEBAR])
def test_captions_and_body_text_reach_4_5_to_1(theme, background):
    # Streamlit draws captions and help text in textColor at 60% opacity.
    for text in (theme["textColor"], theme["sidebar"]["textColor"]):
        assert contrast(text, background) >= 4.5
        assert contrast(_blend(text, background, 0.6), background) >= 4.5


def test_primary_colour_carries_white_text_and_shows_on_white(theme):
    assert contrast(theme["primaryColor"], WHITE) >= 4.5
    assert contrast(theme["linkColor"], WHITE) >= 4.5


def test_lines_of_every_framework_reach_3_to_1():
    for colour in [*base.FRAMEWORK_PALETTE, base.OUTLINE, indicators.VALUE_COLOUR]:
        assert contrast(colour, WHITE) >= 3, colour


def test_light_bars_get_a_dark_outline():
    rated = pd.DataFrame(
        {"framework": ["Prevention", "Protection"], "status": ["not_started", "limited"]}
    )
    fig = status_bars(rated, ["Prevention", "Protection"])
    for trace in fig.data:
        assert trace.marker.line.color == base.OUTLINE and trace.marker.line.width >= 1
    assert contrast(base.OUTLINE, WHITE) >= 3


@pytest.mark.parametrize("label", list(indicators.INDICATOR_STATUS_COLOURS))
def test_text_on_an_indicator_status_colour_reaches_4_5_to_1(label):
    fill = indicators.INDICATOR_STATUS_COLOURS[label]
    assert contrast(indicators.text_colour(label), fill) >= 4.5


def test_status_sentence_names_every_status_in_words():
    rated = pd.DataFrame(
        {
            "framework": ["Prevention", "Prevention", "Protection"],
            "status": ["complete", None, "limited"],
        }
    )
    table = status_table(rated, ["Prevention", "Protection"])
    assert status_text(table) == (
        "Activities by implementation status: Prevention: 1 Complete, 1 No approved report; "
        "Protection: 1 Limited."
    )


def test_a_line_chart_reads_back_as_a_table_with_units():
    months = pd.to_datetime(["2006-01-31", "2006-02-28"])
    timeline = pd.DataFrame(
        {
            "month": [*months, *months],
            "framework": ["<b>Prevention</b>"] * 4,
            "series": ["Reported", "Reported", "Expected", "Expected"],
            "percent": [10.0, 20.0, 15.0, 30.0],
        }
    )
    fig = progress_lines(timeline, date(2006, 2, 28), date(2007, 12, 31), ["<b>Prevention</b>"])
    # As the page receives it from the cache: values as typed arrays.
    fig = go.Figure(fig.to_dict())
    table = base.figure_table(fig, "Month", "% complete")
    assert list(table.columns) == [
        "Month",
        "<b>Prevention</b>: Reported (% complete)",
        "<b>Prevention</b>: Expected (% complete)",
    ]
    assert table.iloc[:, 1].tolist() == [10.0, 20.0]
    assert table["Month"].tolist() == [date(2006, 1, 31), date(2006, 2, 28)]

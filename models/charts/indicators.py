"""Indicator charts: the status summary and one indicator's approved values against its target.

DataFrames and plain values in, plotly figures out; no data access, no Streamlit.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import plotly.graph_objects as go

from models.charts.base import (
    INDICATOR_STATUS_COLOURS_BY_CODE,
    SHORT_DATE,
    base_layout,
    count_words,
    safe,
    translated,
)
from models.i18n import _, format_date, format_number
from models.rules.indicator_status import INDICATOR_STATUS_LABELS
from models.views.indicators import format_value

INDICATOR_STATUS_COLOURS = {
    INDICATOR_STATUS_LABELS[status]: colour
    for status, colour in INDICATOR_STATUS_COLOURS_BY_CODE.items()
}
# Text drawn on a status colour: white where the colour is dark enough to carry it at
# 4.5:1 (only the grey); black on the others (green 6.1:1, vermillion 5.4:1, where white
# would be 3.4:1 and 3.9:1).
_DARK = {"#666666"}
VALUE_COLOUR, BASELINE_COLOUR, TARGET_COLOUR = "#0072B2", "#000000", "#444444"


def text_colour(status_label: str) -> str:
    """White or black text on the colour of `status_label` (in this run's language or English)."""
    colour = _status_colour(status_label)
    return "#FFFFFF" if colour in _DARK else "#000000"


def _status_colour(status_label: str) -> str | None:
    """The colour of an indicator status, named in English or in this run's language."""
    return INDICATOR_STATUS_COLOURS.get(status_label) or translated(INDICATOR_STATUS_COLOURS).get(
        status_label
    )


def status_cell_style(status_label: str) -> str:
    """CSS for a table cell showing `status_label`, in the status colour."""
    colour = _status_colour(status_label)
    return f"background-color: {colour}; color: {text_colour(status_label)}" if colour else ""


def status_summary(counts: pd.DataFrame) -> go.Figure:
    """One stacked bar of indicators per status; the legend repeats each count."""
    fig = go.Figure()
    for row in counts.itertuples():
        fig.add_bar(
            x=[row.count],
            y=[_("Indicators")],
            orientation="h",
            text=[row.count],
            name=f"{row.status_label} ({row.count})",
            textposition="inside",
            insidetextanchor="middle",
            marker_color=_status_colour(row.status_label),
            textfont={"color": text_colour(row.status_label), "size": 14},
            hovertemplate=f"{row.status_label}: {row.count}<extra></extra>",
        )
    fig.update_layout(barmode="stack", title=_("Indicators by status"), showlegend=True)
    fig.update_xaxes(
        title=_("Indicators (count)"), dtick=1 if counts["count"].sum() <= 20 else None
    )
    fig.update_yaxes(showticklabels=False)
    fig = base_layout(fig, 260)
    fig.update_layout(legend={"traceorder": "normal"})
    return fig


def _target_label(indicator: dict) -> str:
    value = format_value(indicator["target_value"], indicator["measure"], indicator["unit"])
    day = _day(indicator["target_date"])
    if day is None:
        return _("Target: {value}").format(value=safe(value))
    return _("Target {year}: {value}").format(year=f"{day:%Y}", value=safe(value))


def _y_axis(fig: go.Figure, indicator: dict, values: list) -> None:
    if indicator["measure"] == "milestone":
        fig.update_yaxes(
            title=_("Milestone reached"),
            tickvals=[0, 1],
            ticktext=[_("No"), _("Yes")],
            range=[-0.15, 1.25],
        )
        return
    unit = f" ({safe(indicator['unit'])})" if indicator["unit"] else ""
    # Room below zero and above the target, so that markers on either are not cut in half.
    top = max(
        [
            v
            for v in (*values, indicator["baseline_value"], indicator["target_value"])
            if not pd.isna(v)
        ]
        or [1]
    )
    title = _("Value ({unit})").format(unit=safe(indicator["unit"])) if unit else _("Value")
    fig.update_yaxes(title=title, range=[-0.06 * top, 1.12 * top])


def indicator_history(indicator: dict, history: pd.DataFrame, as_of: date) -> go.Figure:
    """Approved values over time (a step line for yes/no milestones), the baseline point and
    a dashed target line up to the target date."""
    milestone = indicator["measure"] == "milestone"
    x, y = list(history["value_date"]), list(history["value"])
    if milestone and y:
        # A milestone stays where it was last reported until the reporting date.
        x, y = [*x, pd.Timestamp(as_of)], [*y, y[-1]]
    fig = go.Figure()
    fig.add_scatter(
        x=x,
        y=y,
        mode="lines+markers",
        name=_("Approved values"),
        line_color=VALUE_COLOUR,
        line_shape="hv" if milestone else "linear",
        customdata=[format_value(v, indicator["measure"]) for v in y],
        hovertemplate="%{x|%d %b %Y}: %{customdata}<extra></extra>",
    )
    _baseline(fig, indicator)
    _target(fig, indicator, x)
    fig.update_layout(
        title=_("{code}: approved values as of {date}").format(
            code=safe(indicator["code"]), date=format_date(as_of, SHORT_DATE)
        )
    )
    fig.update_xaxes(title=_("Date of value"))
    _y_axis(fig, indicator, y)
    return base_layout(fig, 400)


def _day(value: object) -> pd.Timestamp | None:
    return None if value is None or pd.isna(value) else pd.Timestamp(value)


def _baseline(fig: go.Figure, indicator: dict) -> None:
    day = _day(indicator["baseline_date"])
    if pd.isna(indicator["baseline_value"]) or day is None:
        return
    fig.add_scatter(
        x=[day],
        y=[indicator["baseline_value"]],
        mode="markers",
        name=_("Baseline"),
        marker={"symbol": "diamond", "size": 12, "color": BASELINE_COLOUR},
        hovertemplate=_("Baseline") + " %{x|%d %b %Y}<extra></extra>",
    )


def _target(fig: go.Figure, indicator: dict, x: list) -> None:
    end = _day(indicator["target_date"])
    if pd.isna(indicator["target_value"]) or end is None:
        return
    start = min([_day(indicator["baseline_date"]) or end, *x, end])
    label = _target_label(indicator)
    fig.add_scatter(
        x=[start, end],
        y=[indicator["target_value"]] * 2,
        mode="lines",
        name=label,
        line={"dash": "dash", "color": TARGET_COLOUR},
        hoverinfo="skip",
    )
    fig.add_annotation(
        x=end,
        y=indicator["target_value"],
        text=label,
        showarrow=False,
        xanchor="right",
        yanchor="bottom",
        font={"size": 13, "color": TARGET_COLOUR},
    )


# The sentences and data tables that go with each chart (pages/ui/charts.py shows them).


def status_summary_text(counts: pd.DataFrame) -> str:
    """ "12 indicators by status: 3 Target achieved, 2 On track, …"."""
    words = count_words(dict(zip(counts["status_label"], counts["count"], strict=True)))
    return _("{count} indicators by status: {statuses}.").format(
        count=format_number(int(counts["count"].sum())), statuses=words
    )


def status_summary_table(counts: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            _("Status"): counts["status_label"].map(_),
            _("Indicators (count)"): counts["count"].astype(int),
        }
    )


def indicator_history_text(indicator: dict, history: pd.DataFrame, as_of: date) -> str:
    """The latest approved value against the target, in words."""
    target = format_value(indicator["target_value"], indicator["measure"], indicator["unit"])
    if history.empty:
        return _("{code}: no approved value as of {date}; target {target}.").format(
            code=indicator["code"], date=format_date(as_of), target=target
        )
    last = history.iloc[-1]
    return _(
        "{code}: latest approved value {value} on {day} ({count} values), against a target "
        "of {target}."
    ).format(
        code=indicator["code"],
        value=format_value(last["value"], indicator["measure"], indicator["unit"]),
        day=format_date(pd.Timestamp(last["value_date"])),
        count=format_number(len(history)),
        target=target,
    )


def indicator_history_table(indicator: dict, history: pd.DataFrame) -> pd.DataFrame:
    unit = f" ({indicator['unit']})" if indicator["unit"] else ""
    return pd.DataFrame(
        {
            _("Date of value"): pd.to_datetime(history["value_date"]).dt.date,
            _("Value") + unit: [format_value(v, indicator["measure"]) for v in history["value"]],
        }
    )

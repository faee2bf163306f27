"""Chart builders: DataFrame in, plotly figure out. No data access, no Streamlit."""

from __future__ import annotations

from datetime import date

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from models.codes import STATUS_LABELS

# Colour-blind-safe (Okabe–Ito) colours, fixed per meaning so every chart reads the same.
RATING_COLOURS = {
    "Complete": "#009E73",
    "On track": "#56B4E9",
    "Behind schedule": "#E69F00",
    "Overdue": "#D55E00",
    "Not due yet": "#BBBBBB",
    "No approved report": "#666666",
    "Suspended": "#CC79A7",
    "Cancelled": "#000000",
}
STATUS_COLOURS = {
    "Not started": "#BBBBBB",
    "Limited": "#E69F00",
    "Substantial": "#56B4E9",
    "Complete": "#009E73",
    "Suspended": "#CC79A7",
    "Cancelled": "#000000",
    "No approved report": "#666666",
}
FRAMEWORK_COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00"]


def base_layout(fig: go.Figure, height: int = 380) -> go.Figure:
    fig.update_layout(
        height=height,
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
        legend={"orientation": "h", "y": -0.18},
        font={"size": 13},
    )
    return fig


def _mark_date(
    fig: go.Figure, when: date, label: str, dash: str = "dash", side: str = "right"
) -> None:
    """A vertical line at `when`, labelled above the plot on its left or right side."""
    fig.add_vline(x=pd.Timestamp(when).value / 1e6, line_dash=dash, line_color="#444")
    fig.add_annotation(
        x=pd.Timestamp(when),
        y=1.0,
        yref="paper",
        yanchor="bottom",
        text=label,
        showarrow=False,
        font={"size": 12},
        xanchor="left" if side == "right" else "right",
        bgcolor="rgba(255,255,255,0.8)",
    )


def progress_lines(timeline: pd.DataFrame, as_of: date, target: date) -> go.Figure:
    """Reported (solid) vs expected (dotted) progress per framework, to the target date."""
    fig = px.line(
        timeline,
        x="month",
        y="percent",
        color="framework",
        line_dash="series",
        line_dash_map={"Reported": "solid", "Expected": "dot"},
        color_discrete_sequence=FRAMEWORK_COLOURS,
        labels={
            "month": "Month",
            "percent": "Progress (% complete)",
            "framework": "Framework",
            "series": "",
        },
        title="Progress against the expected path to the target date",
    )
    fig.for_each_trace(lambda t: t.update(name=t.name.replace(", ", ": ")))
    fig.update_yaxes(range=[0, 105], ticksuffix="%")
    _mark_date(fig, as_of, f"As of {as_of:%d %b %Y} ", side="left")
    _mark_date(fig, target, f" Target {target:%b %Y}", dash="dot")
    fig.update_layout(legend_title_text="Solid: reported · dotted: expected")
    return base_layout(fig, 440)


def status_bars(rated: pd.DataFrame) -> go.Figure:
    """Activities per framework by implementation status (no approved report shown too)."""
    status = rated["status"].map(STATUS_LABELS).fillna("No approved report")
    counts = (
        rated.assign(status_label=status)
        .groupby(["framework", "status_label"], as_index=False, sort=False)
        .size()
    )
    fig = px.bar(
        counts,
        y="framework",
        x="size",
        color="status_label",
        orientation="h",
        color_discrete_map=STATUS_COLOURS,
        category_orders={"status_label": list(STATUS_COLOURS)},
        labels={"size": "Activities (count)", "framework": "", "status_label": "Status"},
        title="Activities by implementation status",
    )
    return base_layout(fig, 300)


def timeline(rated: pd.DataFrame, as_of: date) -> go.Figure:
    """Gantt of planned periods, coloured by schedule rating, with the reporting date."""
    data = rated.assign(
        label=rated["code"] + " " + rated["title"].str.slice(0, 48),
        start=pd.to_datetime(rated["planned_start"]),
        end=pd.to_datetime(rated["planned_end"]),
    )
    fig = px.timeline(
        data,
        x_start="start",
        x_end="end",
        y="label",
        color="rating_label",
        color_discrete_map=RATING_COLOURS,
        category_orders={"rating_label": list(RATING_COLOURS)},
        hover_data={"lead": True, "framework": True, "reported_percent": ":.0f"},
        labels={
            "label": "",
            "rating_label": "Rating",
            "reported_percent": "Reported %",
            "lead": "Lead agency",
        },
        title="Planned periods and schedule rating",
    )
    fig.update_yaxes(
        autorange="reversed",
        tickfont={"size": 11},
        categoryorder="array",
        categoryarray=list(data["label"]),
    )
    fig.update_xaxes(title="Planned period")
    _mark_date(fig, as_of, f"As of {as_of:%d %b %Y}")
    return base_layout(fig, max(320, 22 * len(data) + 120))

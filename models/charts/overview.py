"""The Overview's charts: progress against the expected path, statuses, planned periods."""

from __future__ import annotations

from datetime import date

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from models.charts.base import (
    MONTH,
    RATING_COLOURS,
    SHORT_DATE,
    STATUS_COLOURS,
    base_layout,
    escaped,
    framework_colours,
    mark_date,
    plan_order,
    safe,
    translated,
)
from models.codes import STATUS_LABELS
from models.i18n import _, format_date


def progress_lines(
    timeline: pd.DataFrame, as_of: date, target: date, frameworks: list[str]
) -> go.Figure:
    """Reported (solid) vs expected (dotted) progress per framework, to the target date.

    `frameworks` are the plan's framework names in plan order: they fix colours and order."""
    colours = framework_colours([safe(n) for n in frameworks])
    timeline = escaped(timeline, "framework")
    timeline = timeline.assign(series=timeline["series"].map(_))
    fig = px.line(
        timeline,
        x="month",
        y="percent",
        color="framework",
        line_dash="series",
        line_dash_map={_("Reported"): "solid", _("Expected"): "dot"},
        color_discrete_map=colours,
        category_orders={"framework": list(colours)},
        labels={
            "month": _("Month"),
            "percent": _("Progress (% complete)"),
            "framework": _("Framework"),
            "series": "",
        },
        title=_("Progress against the expected path to the target date"),
    )
    fig.for_each_trace(lambda t: t.update(name=t.name.replace(", ", ": ")))
    fig.update_yaxes(range=[0, 105], ticksuffix="%")
    as_of_label = _("As of {date}").format(date=format_date(as_of, SHORT_DATE))
    mark_date(fig, as_of, f"{as_of_label} ", side="left")
    target_label = _("Target {month}").format(month=format_date(target, MONTH))
    mark_date(fig, target, f" {target_label}", dash="dot")
    fig.update_layout(legend_title_text=_("Solid: reported · dotted: expected"))
    return base_layout(fig, 440)


def status_bars(rated: pd.DataFrame, frameworks: list[str] | None = None) -> go.Figure:
    """Activities per framework by implementation status (no approved report shown too).

    `frameworks` (the plan's names in plan order) fix the order, top to bottom."""
    order = plan_order(rated["framework"].dropna(), list(frameworks or []))
    rated = escaped(rated, "framework")
    status = rated["status"].map(STATUS_LABELS).fillna("No approved report").map(_)
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
        color_discrete_map=translated(STATUS_COLOURS),
        category_orders={
            "status_label": list(translated(STATUS_COLOURS)),
            "framework": [safe(name) for name in order],
        },
        labels={"size": _("Activities (count)"), "framework": "", "status_label": _("Status")},
        title=_("Activities by implementation status"),
    )
    return base_layout(fig, 300)


def timeline(rated: pd.DataFrame, as_of: date) -> go.Figure:
    """Gantt of planned periods, coloured by schedule rating, with the reporting date."""
    data = escaped(rated.assign(title=rated["title"].str.slice(0, 48)), "code", "title", "lead")
    data = escaped(data, "framework").assign(
        label=data["code"] + " " + data["title"],
        rating_label=data["rating_label"].map(_),
        start=pd.to_datetime(rated["planned_start"]),
        end=pd.to_datetime(rated["planned_end"]),
    )
    fig = px.timeline(
        data,
        x_start="start",
        x_end="end",
        y="label",
        color="rating_label",
        color_discrete_map=translated(RATING_COLOURS),
        category_orders={"rating_label": list(translated(RATING_COLOURS))},
        hover_data={"lead": True, "framework": True, "reported_percent": ":.0f"},
        labels={
            "label": "",
            "rating_label": _("Rating"),
            "reported_percent": _("Reported %"),
            "lead": _("Lead agency"),
            "framework": _("Framework"),
        },
        title=_("Planned periods and schedule rating"),
    )
    fig.update_yaxes(
        autorange="reversed",
        tickfont={"size": 11},
        categoryorder="array",
        categoryarray=list(data["label"]),
    )
    fig.update_xaxes(title=_("Planned period"))
    mark_date(fig, as_of, _("As of {date}").format(date=format_date(as_of, SHORT_DATE)))
    return base_layout(fig, max(320, 22 * len(data) + 120))

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
    count_words,
    escaped,
    figure_table,
    framework_colours,
    mark_date,
    percent,
    plan_order,
    safe,
    translated,
)
from models.codes import STATUS_LABELS
from models.i18n import _, format_date, format_number


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


# The sentences and data tables that go with each chart (pages/ui/charts.py shows them).


def progress_text(summary: pd.DataFrame, as_of: date) -> str:
    """ "As of …: Prevention 45% against 60% expected; …" from the framework summary."""
    parts = [
        _("{framework} {reported} against {expected} expected").format(
            framework=row.name,
            reported=percent(row.reported_progress),
            expected=percent(row.expected_progress),
        )
        for row in summary.itertuples()
        if not pd.isna(row.reported_progress)
    ]
    if not parts:
        return _("As of {date}, no approved report counts toward progress.").format(
            date=format_date(as_of)
        )
    return _("Mean progress as of {date}: {frameworks}.").format(
        date=format_date(as_of), frameworks="; ".join(parts)
    )


def progress_table(figure: go.Figure) -> pd.DataFrame:
    """The progress chart's monthly points: reported and expected % per framework."""
    return figure_table(figure, _("Month"), _("% complete"))


def status_table(rated: pd.DataFrame, frameworks: list[str] | None = None) -> pd.DataFrame:
    """Activities per framework (rows, in plan order) and implementation status (columns)."""
    order = plan_order(rated["framework"].dropna(), list(frameworks or []))
    status = rated["status"].map(STATUS_LABELS).fillna("No approved report")
    counts = pd.crosstab(rated["framework"], status).reindex(index=order)
    counts = counts.reindex(columns=[s for s in STATUS_COLOURS if s in counts.columns])
    counts.columns = [_(c) for c in counts.columns]
    return counts.fillna(0).astype(int).rename_axis(_("Framework")).reset_index()


def status_text(table: pd.DataFrame) -> str:
    """ "Activities by implementation status: Prevention: 3 Complete, 2 Limited; …"."""
    if table.empty:
        return _("No activity is in view.")
    parts = [
        _("{framework}: {counts}").format(
            framework=row.iloc[0], counts=count_words(row.iloc[1:].to_dict())
        )
        for _i, row in table.iterrows()
    ]
    return _("Activities by implementation status: {frameworks}.").format(
        frameworks="; ".join(parts)
    )


def timeline_table(rated: pd.DataFrame) -> pd.DataFrame:
    """Each activity's planned period, schedule rating and reported progress."""
    return pd.DataFrame(
        {
            _("Code"): rated["code"],
            _("Activity"): rated["title"],
            _("Framework"): rated["framework"],
            _("Lead agency"): rated["lead"].fillna(""),
            _("Planned start"): pd.to_datetime(rated["planned_start"]).dt.date,
            _("Planned end"): pd.to_datetime(rated["planned_end"]).dt.date,
            _("Rating"): rated["rating_label"].map(_),
            _("Reported (%)"): rated["reported_percent"].round(0),
        }
    )


def timeline_text(rated: pd.DataFrame, as_of: date) -> str:
    """ "Planned periods of 30 activities; schedule ratings as of …: 4 Overdue, …"."""
    counts = rated["rating_label"].value_counts()
    ordered = {label: int(counts.get(label, 0)) for label in RATING_COLOURS}
    ordered.update({k: int(v) for k, v in counts.items() if k not in ordered})
    return _(
        "Planned periods of {count} activities; schedule ratings as of {date}: {ratings}."
    ).format(count=format_number(len(rated)), date=format_date(as_of), ratings=count_words(ordered))

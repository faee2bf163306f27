"""The Framework explorer's chart: one activity's approved reports against its expected line."""

from __future__ import annotations

from datetime import date

import pandas as pd
import plotly.graph_objects as go

from models.charts.base import SHORT_DATE, STATUS_COLOURS, base_layout, percent, safe
from models.codes import STATUS_LABELS
from models.i18n import _, format_date, format_number


def expected_line(planned_start: date, planned_end: date, left: date, right: date):
    """Points of the expected-progress line: 0 until the planned start, 100 from the end."""
    xs = [min(left, planned_start), planned_start, planned_end, max(right, planned_end)]
    return [pd.Timestamp(x) for x in xs], [0.0, 0.0, 100.0, 100.0]


def history_figure(
    history: pd.DataFrame, *, code: str, planned_start: date, planned_end: date, as_of: date
) -> go.Figure:
    """Approved reports of one activity as a step line with status-coloured markers,
    against its expected line, with the reporting date marked."""
    first = history["report_date"].min() if len(history) else planned_start
    xs, ys = expected_line(planned_start, planned_end, first, as_of)
    fig = go.Figure(
        go.Scatter(
            x=xs,
            y=ys,
            mode="lines",
            name=_("Expected (linear over the planned period)"),
            line={"dash": "dot", "color": "#444"},
            hovertemplate="%{x|%d %b %Y}: %{y:.0f}%",
        )
    )
    if len(history):
        # The last report holds until the reporting date: that is what the dashboard counts.
        dates = [*pd.to_datetime(history["report_date"]), pd.Timestamp(as_of)]
        values = [
            *history["percent_complete"].astype(float),
            float(history["percent_complete"].iloc[-1]),
        ]
        fig.add_scatter(
            x=dates,
            y=values,
            mode="lines",
            line_shape="hv",
            name=_("Reported (approved)"),
            line={"color": "#333333", "width": 3},  # neutral: the markers carry the status
            hoverinfo="skip",
        )
        _status_markers(fig, history)
    fig.add_vline(x=pd.Timestamp(as_of).value / 1e6, line_dash="dash", line_color="#444")
    fig.add_annotation(
        x=pd.Timestamp(as_of),
        y=1.04,
        yref="paper",
        showarrow=False,
        text=_("As of {date}").format(date=format_date(as_of, SHORT_DATE)),
        xanchor="right",
    )
    fig.update_yaxes(title=_("Complete (%)"), range=[0, 105], ticksuffix="%")
    # A margin either side keeps the first marker and the as-of label inside the plot.
    margin = pd.Timedelta(days=45)
    fig.update_xaxes(
        title=_("Report date"), range=[xs[0] - margin, max(xs[-1], pd.Timestamp(as_of)) + margin]
    )
    fig.update_layout(
        title=_("{code}: approved reports against expected progress").format(code=safe(code))
    )
    return base_layout(fig, 400)


def _status_markers(fig: go.Figure, history: pd.DataFrame) -> None:
    # Hover shows coded values only: stored narrative never reaches plotly's HTML labels.
    labels = history["status"].map(STATUS_LABELS)
    for label in dict.fromkeys(labels):
        part = history[labels == label]
        shown = _(label)
        fig.add_scatter(
            x=pd.to_datetime(part["report_date"]),
            y=part["percent_complete"],
            mode="markers",
            name=_("Report: {status}").format(status=shown),
            marker={
                "size": 11,
                "color": STATUS_COLOURS[label],
                "line": {"color": "#222", "width": 1},
            },
            hovertemplate=f"%{{x|%d %b %Y}}: %{{y:.0f}}% ({shown})<extra></extra>",
        )


# The sentence and data table that go with the chart (pages/ui/charts.py shows them).


def history_text(
    history: pd.DataFrame, *, code: str, planned_start: date, planned_end: date, as_of: date
) -> str:
    """ "PROT-A5: 90% complete (Substantial) as of …, against 100% expected; 3 approved
    reports." """
    span = (pd.Timestamp(planned_end) - pd.Timestamp(planned_start)).days
    done = (pd.Timestamp(as_of) - pd.Timestamp(planned_start)).days
    expected = 100.0 if span <= 0 else min(max(done / span * 100, 0.0), 100.0)
    if history.empty:
        return _("{code}: no approved report as of {date}, against {expected} expected.").format(
            code=code, date=format_date(as_of), expected=percent(expected)
        )
    last = history.iloc[-1]
    return _(
        "{code}: {reported} complete ({status}) as of {date}, against {expected} expected; "
        "{count} approved reports."
    ).format(
        code=code,
        reported=percent(last["percent_complete"]),
        status=_(STATUS_LABELS.get(last["status"], last["status"])),
        date=format_date(as_of),
        expected=percent(expected),
        count=format_number(len(history)),
    )


def history_table(history: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            _("Report date"): pd.to_datetime(history["report_date"]).dt.date,
            _("Status"): history["status"].map(STATUS_LABELS).map(_),
            _("Complete (%)"): history["percent_complete"],
        }
    )

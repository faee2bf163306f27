"""The Agencies page's charts: the responsibility heatmap and each agency's delivery record."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from models.charts.base import RATING_COLOURS, base_layout, count_words, safe
from models.i18n import _, format_number
from models.rules.progress import RATING_LABELS
from models.views.agencies import RECORD_RATINGS, Matrix, role_label

_HEAT_SCALE = [[0.0, "#F4F8FB"], [1.0, "#0072B2"]]  # Okabe–Ito blue, light to dark


def matrix_heatmap(matrix: Matrix) -> go.Figure:
    """Agency × framework heatmap: colour = activities involved in, text = led / supported."""
    total = matrix.lead + matrix.supporting
    fig = go.Figure(
        go.Heatmap(
            z=total.to_numpy().tolist(),
            x=[safe(c) for c in total.columns],
            y=[safe(i) for i in total.index],
            text=matrix.text.to_numpy(),
            texttemplate="%{text}",
            textfont={"size": 12},
            colorscale=_HEAT_SCALE,
            zmin=0,
            zmax=max(int(total.to_numpy().max()), 1),
            xgap=2,
            ygap=2,
            colorbar={"title": {"text": _("Activities (count)")}},
            hovertemplate="%{y} · %{x}: %{text}<extra></extra>",
        )
    )
    fig.update_xaxes(title=_("Framework"), side="top")
    fig.update_yaxes(title=_("Agency"), autorange="reversed", tickfont={"size": 12})
    base_layout(fig, 26 * len(total) + 200)
    # The framework labels sit on top, where a long table is read from: room for the title.
    fig.update_layout(
        title={
            "text": _("Activities led (L) and supported (S), by agency and framework"),
            "y": 0.995,
            "yanchor": "top",
        },
        margin={"t": 110},
    )
    return fig


def delivery_bars(record: pd.DataFrame) -> go.Figure:
    """Stacked horizontal bars: the activities each agency leads, by schedule rating."""
    lead = record[record["role"] == role_label("lead")]
    fig = go.Figure()
    for code, label in RECORD_RATINGS.items():
        if lead[code].any():
            colour = RATING_COLOURS.get(label, RATING_COLOURS[RATING_LABELS["suspended"]])
            fig.add_bar(
                y=lead["agency"].map(safe),
                x=lead[code],
                name=_(label),
                orientation="h",
                marker_color=colour,
            )
    fig.update_layout(barmode="stack", title=_("Activities each agency leads, by schedule rating"))
    fig.update_xaxes(title=_("Activities led (count)"), dtick=1)
    fig.update_yaxes(title=_("Lead agency"), autorange="reversed")
    base_layout(fig, 30 * len(lead) + 200)
    # Stacked bars list their legend backwards by default; keep it in stacking order, and
    # keep it when a single rating is shown (the colour alone would not say which).
    fig.update_layout(legend={"traceorder": "normal"}, showlegend=True)
    return fig


# The sentences and data tables that go with each chart (pages/ui/charts.py shows them).


def matrix_text(matrix: Matrix) -> str:
    """ "23 agencies across 3 frameworks; the most involved, MoJ, in 12 activities …"."""
    total = (matrix.lead + matrix.supporting).sum(axis=1)
    if total.empty:
        return _("No agency is linked to an activity in view.")
    busiest = total.idxmax()
    return _(
        "{agencies} agencies across {frameworks} frameworks; the most involved, {agency}, "
        "leads {led} and supports {supported} activities. The table below gives every cell."
    ).format(
        agencies=format_number(len(total)),
        frameworks=format_number(len(matrix.lead.columns)),
        agency=busiest,
        led=format_number(int(matrix.lead.loc[busiest].sum())),
        supported=format_number(int(matrix.supporting.loc[busiest].sum())),
    )


def delivery_table(record: pd.DataFrame) -> pd.DataFrame:
    """Activities each agency leads, by schedule rating (the ratings some agency has)."""
    lead = record[record["role"] == role_label("lead")]
    shown = [code for code in RECORD_RATINGS if lead[code].any()]
    table = lead[["agency", *shown]].rename(
        columns={"agency": _("Lead agency"), **{c: _(RECORD_RATINGS[c]) for c in shown}}
    )
    return table.reset_index(drop=True)


def delivery_text(table: pd.DataFrame) -> str:
    """ "Activities led, by schedule rating: UNMIK 2 Overdue, 1 On track; …"."""
    parts = [
        _("{agency}: {counts}").format(
            agency=row.iloc[0], counts=count_words(row.iloc[1:].astype(int).to_dict())
        )
        for _i, row in table.iterrows()
    ]
    return _("Activities each agency leads, by schedule rating: {agencies}.").format(
        agencies="; ".join(parts)
    )

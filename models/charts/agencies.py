"""The Agencies page's charts: the responsibility heatmap and each agency's delivery record."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from models.charts.base import RATING_COLOURS, base_layout, safe
from models.i18n import _
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

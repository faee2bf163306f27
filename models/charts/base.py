"""What every chart shares: the layout, the escaping of stored text, one colour map per meaning.

Colour maps (each meaning keeps its colour on every chart and in every table):
- a schedule rating: RATING_COLOURS; an implementation status: STATUS_COLOURS; an
  indicator's status: INDICATOR_STATUS_COLOURS — Okabe–Ito, colour-blind safe;
- a framework: framework_colours(), by its place in the plan (Prevention, Protection,
  Prosecution), from a palette (Paul Tol's) that shares no colour with the ones above;
- money: MONEY_COLOURS; categories of published statistics: CATEGORY_PALETTE, YEAR_PALETTE.

Plotly reads a subset of HTML in labels, titles, hover text and annotations: every stored
string (titles, names, codes, units, narratives) passes through `safe()` or `escaped()`
before it reaches a figure, so a title such as `<a href=…>` shows as typed, never as a link.
"""

from __future__ import annotations

from datetime import date
from html import escape

import pandas as pd
import plotly.graph_objects as go

from models.i18n import N_, SOURCE_LANGUAGE, _, current_language, locale

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
# A status steps from light to dark (not started → limited → substantial), then green when
# complete: no status shares a colour with a rating of another meaning (orange stays
# "Behind schedule", sky blue "On track").
STATUS_COLOURS = {
    "Not started": "#E0E0E0",
    "Limited": "#F0E442",
    "Substantial": "#0072B2",
    "Complete": "#009E73",
    "Suspended": "#CC79A7",
    "Cancelled": "#000000",
    "No approved report": "#666666",
}
# Indicator statuses (Open SDG's method) in the same family: green done, sky blue on track,
# orange/vermillion falling short, greys for nothing to judge.
INDICATOR_STATUS_COLOURS_BY_CODE = {
    "target_achieved": "#009E73",
    "on_track": "#56B4E9",
    "acceleration_needed": "#F0E442",
    "limited_progress": "#E69F00",
    "deterioration": "#D55E00",
    "achieved": "#009E73",
    "not_yet": "#BBBBBB",
    "unable_to_assess": "#CC79A7",
    "no_data": "#666666",
}
# Frameworks in plan order: indigo, wine, olive (Paul Tol's muted scheme), then more.
FRAMEWORK_PALETTE = ["#332288", "#882255", "#999933", "#AA4499", "#44AA99"]
# Categories of published statistics (Kosovo / foreign, years): Paul Tol's bright scheme,
# colour-blind safe, sharing no colour with ratings, statuses, frameworks or money.
CATEGORY_PALETTE = ["#4477AA", "#EE6677", "#228833", "#CCBB44", "#66CCEE", "#AA3377"]
YEAR_PALETTE = ["#66CCEE", "#4477AA", "#228833", "#CCBB44"]
MONEY_COLOURS = {
    "Costed": "#BBBBBB",
    "Pledged": "#88CCEE",
    "Committed": "#0072B2",
    "Disbursed": "#009E73",
}

# The labels of the maps above, marked for translation: a chart shows them (and looks their
# colour up) in the reader's language, through `translated()`.
COLOUR_LABELS = (
    N_("Complete"),
    N_("On track"),
    N_("Behind schedule"),
    N_("Overdue"),
    N_("Not due yet"),
    N_("No approved report"),
    N_("Suspended"),
    N_("Cancelled"),
    N_("Not started"),
    N_("Limited"),
    N_("Substantial"),
    N_("Costed"),
    N_("Pledged"),
    N_("Committed"),
    N_("Disbursed"),
)
# Dates in chart labels, as Babel patterns: "31 Mar 2006", "Mar 2006" in English.
SHORT_DATE = "dd MMM y"
MONTH = "MMM y"


def translated(colours: dict[str, str]) -> dict[str, str]:
    """A colour map keyed by its labels in this run's language (built at figure time)."""
    return {_(label): colour for label, colour in colours.items()}


def framework_colours(names_in_plan_order: list[str]) -> dict[str, str]:
    """A colour per framework by its place in the plan: the same whatever is filtered."""
    return {
        name: FRAMEWORK_PALETTE[i % len(FRAMEWORK_PALETTE)]
        for i, name in enumerate(names_in_plan_order)
    }


def plan_order(present, names_in_plan_order: list[str]) -> list[str]:
    """The frameworks in `present` in plan order (Prevention, Protection, Prosecution),
    whatever order the data came in: the same on every chart and table at any date."""
    present = set(present)
    known = [name for name in names_in_plan_order if name in present]
    return known + sorted(present - set(known))


def safe(value: object) -> str:
    """Stored text made safe for a Plotly label: shown as typed, never read as markup."""
    return (
        ""
        if value is None or (not isinstance(value, str) and pd.isna(value))
        else escape(str(value), quote=False)
    )


def escaped(frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
    """A copy of `frame` whose text `columns` are safe for Plotly labels and hovers."""
    copy = frame.copy()
    for column in columns:
        if column in copy:
            copy[column] = copy[column].map(safe)
    return copy


def base_layout(fig: go.Figure, height: int = 380) -> go.Figure:
    fig.update_layout(
        height=height,
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
        legend={"orientation": "h", "y": -0.18},
        font={"size": 13},
    )
    if current_language() != SOURCE_LANGUAGE:
        # Axis ticks and hovers write numbers as the language does: 1.131.500 in Serbian.
        fig.update_layout(separators=number_separators())
    return fig


def number_separators() -> str:
    """Plotly's `separators` for this run's language: the decimal mark, then the grouping."""
    symbols = locale().number_symbols
    symbols = symbols.get("latn", symbols)  # Babel ≥ 2.14 keys them by numbering system
    return symbols["decimal"] + symbols["group"]


def mark_date(
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

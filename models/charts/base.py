"""What every chart shares: the layout, the escaping of stored text, one colour map per meaning.

Colour maps (each meaning keeps its colour on every chart and in every table):
- a schedule rating: RATING_COLOURS; an implementation status: STATUS_COLOURS; an
  indicator's status: INDICATOR_STATUS_COLOURS — Okabe–Ito, colour-blind safe;
- a framework: framework_colours(), by its place in the plan (Prevention, Protection,
  Prosecution), from a palette (Paul Tol's) that shares no colour with the ones above;
- money: MONEY_COLOURS; categories of published statistics: CATEGORY_PALETTE, YEAR_PALETTE.

Contrast (WCAG 2.1 AA, 1.4.11): a bar whose fill is lighter than 3:1 against the white
background is drawn with a dark outline (OUTLINE, 12.6:1), so every mark is told from the
background by its edge while the fills stay the colour-blind-safe palettes; lines use colours
of at least 3:1. Colour never carries meaning alone: the legend, the hover and the chart's
data table (pages/ui/charts.py) name every rating and status in words.

Plotly reads a subset of HTML in labels, titles, hover text and annotations: every stored
string (titles, names, codes, units, narratives) passes through `safe()` or `escaped()`
before it reaches a figure, so a title such as `<a href=…>` shows as typed, never as a link.
"""

from __future__ import annotations

import base64
from datetime import date
from html import escape, unescape

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from models.i18n import (
    N_,
    SOURCE_LANGUAGE,
    _,
    current_language,
    format_number,
    format_percent,
    locale,
)

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
# The teal is darkened from Tol's #44AA99 (2.8:1) to reach 3:1 as a line on white.
FRAMEWORK_PALETTE = ["#332288", "#882255", "#999933", "#AA4499", "#338877"]
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


# Text drawn in a chart (axes, legends, labels): 12.6:1 on white.
TEXT = "#333333"
# The outline of light bars: dark enough against white (and against every fill) to be seen.
OUTLINE = "#333333"


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
        # At the foot of the whole figure (not of the plot area), so that when a narrow
        # window or a 200% zoom wraps it onto more rows it pushes the plot up instead of
        # covering the x axis's title.
        legend={"orientation": "h", "yref": "container", "y": 0, "yanchor": "bottom"},
        font={"size": 13, "color": TEXT},
    )
    if current_language() != SOURCE_LANGUAGE:
        # Axis ticks and hovers write numbers as the language does: 1.131.500 in Serbian.
        fig.update_layout(separators=number_separators())
    if any(trace.type in ("bar", "scatter", "heatmap") for trace in fig.data):
        # Axis labels in the text colour: Streamlit's chart theme draws them in a pale grey.
        for axes in (fig.update_xaxes, fig.update_yaxes):
            axes(tickfont_color=TEXT, title_font_color=TEXT)
    outline_bars(fig)
    return fig


def number_separators() -> str:
    """Plotly's `separators` for this run's language: the decimal mark, then the grouping."""
    symbols = locale().number_symbols
    symbols = symbols.get("latn", symbols)  # Babel ≥ 2.14 keys them by numbering system
    return symbols["decimal"] + symbols["group"]


def outline_bars(fig: go.Figure) -> go.Figure:
    """A thin dark edge on every bar that has no outline of its own (WCAG 1.4.11)."""
    for trace in fig.data:
        if trace.type == "bar" and trace.marker.line.width is None:
            trace.marker.line.update(color=OUTLINE, width=1)
    return fig


def figure_table(fig: go.Figure, x_title: str, y_unit: str = "") -> pd.DataFrame:
    """The points of a figure's line and marker traces as a table: one row per x value,
    one column per named trace (its legend name, with `y_unit`), for the chart's data view."""
    columns: dict[str, pd.Series] = {}
    for trace in fig.data:
        if trace.type != "scatter" or not trace.name or trace.x is None:
            continue
        name = unescape(trace.name) + (f" ({y_unit})" if y_unit else "")
        series = pd.Series(_values(trace.y), index=pd.Index(_values(trace.x)), dtype="float64")
        columns[name] = series[~series.index.duplicated(keep="last")]
    if not columns:
        return pd.DataFrame({x_title: []})
    table = pd.DataFrame(columns).sort_index()
    index = table.index
    if pd.api.types.is_datetime64_any_dtype(index) or isinstance(index[0], (pd.Timestamp, date)):
        table.index = pd.to_datetime(index).date
    return table.round(1).rename_axis(x_title).reset_index()


def _values(array: object) -> list:
    """A trace's values, also when Plotly keeps them as a typed array ({dtype, bdata})."""
    if isinstance(array, dict) and "bdata" in array:
        flat = np.frombuffer(base64.b64decode(array["bdata"]), dtype=array["dtype"])
        return list(flat.reshape(array["shape"]) if "shape" in array else flat)
    return list(array)


def count_words(counts: dict[str, int]) -> str:
    """ "3 Complete, 2 On track" — the non-zero counts of a chart's categories, in order."""
    return ", ".join(
        _("{count} {label}").format(count=format_number(n), label=_(label))
        for label, n in counts.items()
        if n
    )


def percent(value: object) -> str:
    """A percentage for a chart's sentence; "–" where there is none."""
    return format_percent(None if value is None or pd.isna(value) else float(value))


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

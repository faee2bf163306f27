"""Published statistics as chart sections: figure, table of figures, sources and totals.

Input is the plan's statistics (models.queries.context.statistics); every count goes
through models.rules.disclosure first, so a suppressed value never reaches a figure, a hover or a
table. Plotly renders a subset of HTML in labels, so stored text is HTML-escaped here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from models.charts.base import CATEGORY_PALETTE, YEAR_PALETTE, base_layout, safe
from models.i18n import N_, _
from models.rules.disclosure import SMALL_COUNT_THRESHOLD, suppress_small_counts, total_withheld

SERIES_LABELS = {
    "women_registered": N_("Women registered"),
    "victims_identified": N_("Victims identified"),
    "traffickers_arrested": N_("Traffickers arrested"),
}
# From the chart base: colours of their own (no rating or framework colour); the pale blue
# first so a later year is the darker bar.
CATEGORY_COLOURS = CATEGORY_PALETTE
YEAR_COLOURS = YEAR_PALETTE
SUPPRESSED_FILL = "#D9D9D9"
NOT_LISTED = "–"


@dataclass
class Section:
    series: str
    reported_by: str
    title: str
    table: pd.DataFrame
    sources: list[str]
    figure: go.Figure | None = None
    totals: list[tuple[str, str | None]] = field(default_factory=list)  # (label, shown or None)
    notes: list[str] = field(default_factory=list)
    suppressed: bool = False
    illustrative: bool = False
    inferred: bool = False


def sections(stats: pd.DataFrame, role: str | None) -> list[Section]:
    """One section per (series, publisher), in the order the figures were recorded."""
    shown = suppress_small_counts(stats, role)
    out = []
    for (series, by), group in shown.groupby(["series", "reported_by"], sort=False):
        yearly, spans = group[group["from_year"].isna()], group[group["from_year"].notna()]
        if series == "women_registered":
            section = _metric_section(yearly, series, by)
        elif series == "traffickers_arrested":
            section = _by_category_section(yearly, series, by)
        else:
            section = _yearly_section(yearly, series, by)
        section.totals = [_total(t, yearly, role) for t in spans.itertuples()]
        section.suppressed = bool(group["suppressed"].any())
        section.illustrative = bool(group["illustrative"].fillna(False).astype(bool).any())
        section.inferred = bool(group["inferred"].fillna(False).astype(bool).any())
        out.append(section)
    return out


def _sources(data: pd.DataFrame) -> list[str]:
    pairs = data[["reported_by", "source"]].drop_duplicates().itertuples(index=False)
    cited = _("{publisher}, as cited in the report ({source})")
    return [
        cited.format(publisher=by, source=src or _("section not recorded")) for by, src in pairs
    ]


def _series_label(series: str) -> str:
    return _(SERIES_LABELS[series])


def _count_label(series: str) -> str:
    return _("{series} (count)").format(series=_series_label(series))


def _listed(items) -> str:
    """ "a and b", "a, b and c" (the report's words; the joining word translated)."""
    items = [str(i) for i in items]
    if len(items) < 2:
        return "".join(items)
    return _("{items} and {last}").format(items=", ".join(items[:-1]), last=items[-1])


def _category_label(category: str, series: str) -> str:
    return _series_label(series) if category == "total" else category[:1].upper() + category[1:]


def _total(row, yearly: pd.DataFrame, role: str | None) -> tuple[str, str | None]:
    parts = yearly[yearly["year"].between(row.from_year, row.year)]
    label = _("{series} by {publisher}, {start}–{end}").format(
        series=_series_label(row.series),
        publisher=row.reported_by,
        start=row.from_year,
        end=row.year,
    )
    return label, None if total_withheld(parts["suppressed"], role) else row.display


def _metric_section(yearly: pd.DataFrame, series: str, by: str) -> Section:
    table = pd.DataFrame(
        {
            _("Year"): yearly["year"].astype(str),
            _("Category"): yearly["category"].map(lambda c: _category_label(c, series)),
            _count_label(series): yearly["display"],
        }
    )
    kinds = [c for c in dict.fromkeys(yearly["category"]) if c != "total"]
    if len(kinds) == 1:
        title = _("{category} women registered in {publisher}'s database").format(
            category=_category_label(kinds[0], series), publisher=by
        )
    else:
        title = _("Women registered in {publisher}'s database").format(publisher=by)
    return Section(series, by, title, table, _sources(yearly))


def _yearly_section(yearly: pd.DataFrame, series: str, by: str) -> Section:
    """Bars per year, stacked by category; part-year figures hatched and annotated."""
    label = _series_label(series)
    categories = list(dict.fromkeys(yearly["category"]))
    names = [_category_label(c, series) for c in categories]
    if len(names) > 1:
        title = _("{series} by {publisher} per year, {categories}").format(
            series=label, publisher=by, categories=_listed(categories)
        )
    else:
        title = _("{series} by {publisher} per year").format(series=label, publisher=by)
    fig = go.Figure()
    for i, (category, name) in enumerate(zip(categories, names, strict=True)):
        rows = yearly[yearly["category"] == category]
        _add_bars(fig, rows, rows["year"], name, CATEGORY_COLOURS[i % len(CATEGORY_COLOURS)])
    if len(categories) > 1:
        _label_stacks(fig, yearly, dict(zip(categories, names, strict=True)))
    _mark_partial(fig, yearly)
    _explain_marks(fig, yearly)
    fig.update_layout(barmode="stack", title=title, legend_traceorder="normal")
    fig.update_xaxes(title=_("Year"), dtick=1)
    fig.update_yaxes(title=_count_label(series))
    table = yearly.pivot(index="year", columns="category", values="display")[categories]
    table.columns = names
    notes = yearly.dropna(subset=["partial_note"]).groupby("year")["partial_note"].first()
    if not notes.empty:
        table[_("Covers")] = notes.reindex(table.index).fillna(_("Whole year"))
    table = table.fillna(NOT_LISTED).rename_axis(_("Year")).reset_index()
    table[_("Year")] = table[_("Year")].astype(str)
    return Section(series, by, title, table, _sources(yearly), base_layout(fig, 420))


def _by_category_section(yearly: pd.DataFrame, series: str, by: str) -> Section:
    """Bars per category (nationality), grouped by year."""
    label = _series_label(series)
    years = sorted(yearly["year"].unique())
    categories = list(dict.fromkeys(yearly["category"]))
    title = _("{series} by nationality, {years} ({publisher})").format(
        series=label, years=_listed(years), publisher=by
    )
    fig = go.Figure()
    for i, year in enumerate(years):
        rows = yearly[yearly["year"] == year]
        # A part-year figure is named in the legend: categories, not years, are on the x axis.
        notes = rows["partial_note"].dropna().unique()
        name = f"{year} ({notes[0]})" if len(notes) else str(year)
        _add_bars(fig, rows, rows["category"].map(safe), name, YEAR_COLOURS[i % len(YEAR_COLOURS)])
    _explain_marks(fig, yearly)
    fig.update_layout(barmode="group", title=title)
    fig.update_xaxes(
        title=_("Nationality, as the report gives it"),
        categoryorder="array",
        categoryarray=[safe(c) for c in categories],
    )
    fig.update_yaxes(title=_count_label(series))
    table = yearly.pivot(index="category", columns="year", values="display").loc[categories]
    table.columns = [str(y) for y in table.columns]
    absent = bool(table.isna().any().any())
    table = table.fillna(NOT_LISTED).rename_axis(_("Nationality")).reset_index()
    section = Section(series, by, title, table, _sources(yearly), base_layout(fig, 420))
    if absent:
        section.notes.append(
            _("“{mark}” in the table: the report gives no figure for it that year.").format(
                mark=NOT_LISTED
            )
        )
    return section


def _heights(rows: pd.DataFrame) -> pd.Series:
    """Bar heights: suppressed counts stand at the threshold, their bound, not their value."""
    return rows["value"].astype("Float64").fillna(SMALL_COUNT_THRESHOLD)


def _label_stacks(fig: go.Figure, yearly: pd.DataFrame, names: dict[str, str]) -> None:
    """Small segments cannot hold a label, so each stack is labelled above, top part first."""
    for year, rows in yearly.groupby("year"):
        lines = [f"{safe(names[r.category])}: {safe(r.display)}" for r in rows[::-1].itertuples()]
        fig.add_annotation(
            x=year,
            y=float(_heights(rows).sum()),
            text="<br>".join(lines),
            showarrow=False,
            yanchor="bottom",
            font={"size": 12},
        )
    for trace in fig.data:
        trace.update(text=None, texttemplate=None)
    tallest = yearly.assign(height=_heights(yearly)).groupby("year")["height"].sum().max()
    fig.update_yaxes(range=[0, float(tallest) * 1.25])


def _add_bars(fig: go.Figure, rows: pd.DataFrame, x, name: str, colour: str) -> None:
    """One trace; suppressed counts drawn as a grey bar up to the threshold, labelled "<5"."""
    suppressed = rows["suppressed"].to_numpy()
    partial = rows["partial_note"].notna().to_numpy()
    fig.add_bar(
        x=list(x),
        y=list(_heights(rows)),
        name=safe(name),
        showlegend=False,
        text=[safe(t) for t in rows["display"]],
        textposition="outside",
        cliponaxis=False,
        customdata=[safe(t) for t in rows["display"]],
        hovertemplate=f"{safe(name)}, %{{x}}: %{{customdata}}<extra></extra>",
        marker={
            "color": [SUPPRESSED_FILL if s else colour for s in suppressed],
            "opacity": [0.55 if p else 1.0 for p in partial],
            "line": {"color": colour, "width": 1.5},
            "pattern": {
                "shape": ["/" if p else "" for p in partial],
                "fgcolor": "#333",
                "fillmode": "overlay",
                "size": 8,
            },
        },
    )
    # The legend swatch would take the first bar's style, which may be a suppressed one.
    _legend_entry(fig, safe(name), {"color": colour})


def _explain_marks(fig: go.Figure, data: pd.DataFrame) -> None:
    """Legend entries for the two special bar styles, after the series' own entries."""
    if data["suppressed"].any():
        _legend_entry(
            fig,
            _("Below {threshold}: height not the count").format(threshold=SMALL_COUNT_THRESHOLD),
            {"color": SUPPRESSED_FILL, "line": {"color": "#666", "width": 1.5}},
        )
    for note in data["partial_note"].dropna().unique():
        _legend_entry(
            fig,
            _("Part year ({note})").format(note=safe(note)),
            {
                "color": "rgba(0,0,0,0)",
                "line": {"color": "#333", "width": 1.5},
                "pattern": {"shape": "/", "fgcolor": "#333", "size": 8},
            },
        )


def _mark_partial(fig: go.Figure, yearly: pd.DataFrame) -> None:
    """Part-year figures: an arrowed note above the (hatched, lighter) bar."""
    partial = yearly.dropna(subset=["partial_note"])
    for row in partial.itertuples():
        top = float(_heights(yearly[yearly["year"] == row.year]).sum())
        fig.add_annotation(
            x=row.year,
            y=top,
            text=_("Part year: {note}").format(note=safe(row.partial_note)),
            showarrow=True,
            # The standoff keeps the arrow clear of the bar's own value label.
            arrowhead=2,
            ax=0,
            ay=-60,
            standoff=22,
            font={"size": 12},
        )


def _legend_entry(fig: go.Figure, name: str, marker: dict) -> None:
    if any(trace.name == name and trace.showlegend for trace in fig.data):
        return
    fig.add_bar(x=[None], y=[None], name=name, marker=marker, hoverinfo="skip", showlegend=True)


def section_text(section: Section) -> str:
    """What a section's chart shows in words, from its table (suppressed counts as "<5"):
    "Victims identified by IOM per year: 2001: 120; 2002: 96. The table below …"."""
    table = section.table.copy()
    covers = table.pop(_("Covers")) if _("Covers") in table else None
    rows = [
        _("{label}: {values}").format(
            label=row.iloc[0]
            if covers is None or covers[i] == _("Whole year")
            else _("{year} ({covers})").format(year=row.iloc[0], covers=covers[i]),
            values=", ".join(f"{column} {value}" for column, value in row.iloc[1:].items()),
        )
        for i, row in table.iterrows()
    ]
    return _("{title}. {rows}. The table below gives every figure.").format(
        title=section.title, rows="; ".join(rows)
    )

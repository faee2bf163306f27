"""Funding charts: coverage per framework, contributions by donor, donor → objective flows.

Stored text (donor, framework and objective names) is escaped before it becomes a label:
plotly reads a small set of HTML tags in labels, and a name must never be taken for markup.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from models.charts.base import MONEY_COLOURS, base_layout, plan_order, safe
from models.i18n import N_, _, format_money, format_number, format_percent
from models.rules.coverage import NO_OBJECTIVE, format_ratio

HIGHLIGHT = "#000000"
YOURS = N_("{donor} (your organisation)")
# The money flows as a word in a title ("Contributions by donor (committed)").
FLOW_WORDS = {"pledged": N_("pledged"), "committed": N_("committed"), "disbursed": N_("disbursed")}


def flow_word(measure: str) -> str:
    """ "committed" (a flow of money, lower case) in this run's language."""
    return _(FLOW_WORDS.get(measure, measure))


def _ratio(share: float) -> str:
    return format_percent(float(share) * 100)


def coverage_bars(
    frameworks: pd.DataFrame, currency: str, plan_frameworks: list[str] | None = None
) -> go.Figure:
    """Costed, pledged, committed and disbursed per framework, coverage above each group.

    `plan_frameworks` (the plan's names in plan order) fix the order, left to right."""
    order = plan_order(frameworks["framework"], list(plan_frameworks or []))
    frameworks = frameworks.set_index("framework", drop=False).loc[order]
    fig = go.Figure()
    names = [safe(str(n)) for n in frameworks["framework"]]
    for label, colour in MONEY_COLOURS.items():
        shown = _(label)
        fig.add_bar(
            name=shown,
            x=names,
            y=frameworks[label.lower()],
            marker_color=colour,
            hovertemplate=f"%{{x}}<br>{shown}: {currency} %{{y:,.0f}}<extra></extra>",
        )
    top = frameworks[["costed", "pledged", "committed"]].max(axis=1)
    for name, y, share in zip(names, top, frameworks["coverage"], strict=True):
        text = (
            _("no costed requirement")
            if pd.isna(share)
            else _("{ratio} covered").format(ratio=_ratio(share))
        )
        fig.add_annotation(
            x=name,
            y=y,
            text=text,
            showarrow=False,
            yshift=12,
            font={"size": 13, "color": "#222222"},
        )
    fig.update_layout(
        barmode="group",
        title=_("Coverage per framework: costed, pledged, committed and disbursed"),
        legend_title_text="",
    )
    fig.update_yaxes(
        title=_("Amount ({currency})").format(currency=currency),
        tickformat=",.0f",
        rangemode="tozero",
    )
    fig.update_xaxes(title=_("Framework"))
    return base_layout(fig, 420)


def donor_bars(
    donors: pd.DataFrame,
    currency: str,
    measure: str,
    colours: dict[str, str],
    highlight: str | None = None,
) -> go.Figure:
    """Each donor's contribution (one `measure`), stacked by framework, largest at the top.

    The `highlight` donor (the signed-in donor's organisation) is outlined and named as theirs.
    """
    totals = donors.groupby("donor")[measure].sum().sort_values(kind="stable")
    totals = totals[totals > 0]
    labels = {
        d: _(YOURS).format(donor=safe(str(d))) if d == highlight else safe(str(d))
        for d in totals.index
    }
    fig = go.Figure()
    by_framework = dict(list(donors.groupby("framework", sort=False)))
    for framework in plan_order(by_framework, list(colours)):
        rows = by_framework[framework]
        rows = rows.set_index("donor").reindex(totals.index)
        outline = [3 if d == highlight else 0 for d in totals.index]
        fig.add_bar(
            name=safe(str(framework)),
            y=[labels[d] for d in totals.index],
            x=rows[measure],
            orientation="h",
            marker={
                "color": colours.get(framework, "#888888"),
                "line": {"color": HIGHLIGHT, "width": outline},
            },
            hovertemplate=f"%{{y}}<br>{safe(str(framework))}: {currency} %{{x:,.0f}}"
            "<extra></extra>",
        )
    fig.update_layout(
        barmode="stack",
        title=_("Contributions by donor ({measure}), by framework").format(
            measure=flow_word(measure)
        ),
        legend_title_text=_("Framework"),
        legend_traceorder="normal",
    )
    fig.update_xaxes(
        title=_("Amount {measure} ({currency})").format(
            measure=flow_word(measure), currency=currency
        ),
        tickformat=",.0f",
    )
    fig.update_yaxes(
        title="", categoryorder="array", categoryarray=[labels[d] for d in totals.index]
    )
    return base_layout(fig, max(300, 34 * len(totals) + 140))


def flow_sankey(
    flows: pd.DataFrame,
    currency: str,
    measure: str,
    colours: dict[str, str],
    titles: dict[str, str],
) -> go.Figure:
    """Donors → frameworks → objectives (from models.rules.coverage.flows, one currency).

    `titles` maps an objective code to its title, shortened into the node's label."""
    flows = flows[flows["value"] > 0]
    first = flows["stage"] == "donor_framework"
    donors = list(pd.unique(flows.loc[first, "source"]))
    frameworks = list(
        pd.unique(pd.concat([flows.loc[first, "target"], flows.loc[~first, "source"]]))
    )
    objectives = list(pd.unique(flows.loc[~first, "target"]))
    # A framework and an objective could share a name: the stage keeps them apart.
    nodes = [("d", n) for n in donors] + [("f", n) for n in frameworks]
    nodes += [("o", n) for n in objectives]
    index = {node: i for i, node in enumerate(nodes)}
    source = [index[("d" if f else "f", s)] for f, s in zip(first, flows["source"], strict=True)]
    target = [index[("f" if f else "o", t)] for f, t in zip(first, flows["target"], strict=True)]
    node_colours = [colours.get(n, "#888888") if k == "f" else "#999999" for k, n in nodes]
    # A link takes its framework's colour: the target of a first-stage link, else its source.
    via = [t if f else s for f, s, t in zip(first, flows["source"], flows["target"], strict=True)]
    link_colours = [_translucent(colours.get(f, "#888888")) for f in via]
    fig = go.Figure(
        go.Sankey(
            valueformat=",.0f",
            valuesuffix=f" {currency}",
            node={
                "label": [_node_label(k, n, titles) for k, n in nodes],
                "color": node_colours,
                "pad": 14,
            },
            link={
                "source": source,
                "target": target,
                "value": list(flows["value"]),
                "color": link_colours,
            },
        )
    )
    fig.update_layout(
        title=_("Money {measure} ({currency}): donors → frameworks → objectives").format(
            measure=flow_word(measure), currency=currency
        ),
        font={"size": 13, "color": "#222222"},
    )
    return base_layout(fig, max(420, 26 * max(len(donors), len(objectives)) + 120))


def _translucent(hex_colour: str, alpha: float = 0.35) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def _node_label(kind: str, name: str, titles: dict[str, str]) -> str:
    if kind == "o" and name == NO_OBJECTIVE:
        return safe(_(NO_OBJECTIVE))
    title = titles.get(name) if kind == "o" else None
    if title:
        name = f"{name} {title if len(title) <= 32 else title[:31] + '…'}"
    return safe(str(name))


# The sentences and data tables that go with each chart (pages/ui/charts.py shows them).


def coverage_text(frameworks: pd.DataFrame, currency: str) -> str:
    """ "Prevention: 45% covered (EUR 1,000,000 costed, EUR 450,000 committed); …"."""
    parts = [
        _("{framework}: {coverage} ({costed} costed, {committed} committed)").format(
            framework=row.framework,
            coverage=_("no costed requirement")
            if pd.isna(row.coverage)
            else _("{share} covered").format(share=format_ratio(row.coverage)),
            costed=format_money(row.costed, currency),
            committed=format_money(row.committed, currency),
        )
        for row in frameworks.itertuples()
    ]
    return _("Coverage per framework: {frameworks}. The table below gives every amount.").format(
        frameworks="; ".join(parts)
    )


def donor_text(donors: pd.DataFrame, currency: str, measure: str) -> str:
    """ "4 donors, EUR 2,000,000 committed in all; the largest, OSCE, EUR 900,000."."""
    totals = donors.groupby("donor")[measure].sum()
    totals = totals[totals > 0].sort_values(ascending=False, kind="stable")
    if totals.empty:
        return _("No donor has money {measure} in view.").format(measure=_(measure))
    return _(
        "{count} donors, {total} {measure} in all; the largest, {donor}, {amount}. The table "
        "below gives each donor's amounts."
    ).format(
        count=format_number(len(totals)),
        total=format_money(totals.sum(), currency),
        measure=_(measure),
        donor=totals.index[0],
        amount=format_money(totals.iloc[0], currency),
    )


def flow_table(flows: pd.DataFrame, currency: str, titles: dict[str, str]) -> pd.DataFrame:
    """Each link of the flow chart: from, to, amount (objective codes with their titles)."""
    flows = flows[flows["value"] > 0]
    named = flows["target"].map(lambda t: f"{t} {titles[t]}" if titles.get(t) else t)
    return pd.DataFrame(
        {
            _("From"): flows["source"],
            _("To"): named.where(flows["stage"] != "donor_framework", flows["target"]),
            _("Amount ({currency})").format(currency=currency): flows["value"].round(0),
        }
    ).reset_index(drop=True)


def flow_text(flows: pd.DataFrame, currency: str, measure: str) -> str:
    """ "EUR 2,000,000 committed flows from 4 donors to 3 frameworks and 12 objectives."."""
    flows = flows[flows["value"] > 0]
    first = flows[flows["stage"] == "donor_framework"]
    rest = flows[flows["stage"] != "donor_framework"]
    return _(
        "{total} {measure} flows from {donors} donors to {frameworks} frameworks and "
        "{objectives} objectives."
    ).format(
        total=format_money(first["value"].sum(), currency),
        measure=_(measure),
        donors=format_number(first["source"].nunique()),
        frameworks=format_number(first["target"].nunique()),
        objectives=format_number(rest["target"].nunique()),
    )

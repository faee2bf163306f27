"""Indicators: each indicator's latest approved value against its baseline and 2007 target."""

from __future__ import annotations

import streamlit as st

from models.charts import indicators as charts
from models.i18n import _, format_date
from models.views import indicators as iv
from pages.ui.charts import show_chart
from pages.ui.data import indicators_history, indicators_table
from pages.ui.labels import ILLUSTRATIVE_NOTE, INFERRED_NOTE, md
from pages.ui.sidebar import selection

# Status, latest value and target first: what the coordinator must see without scrolling
# at 1440 px; where the indicator comes from and what it measures follow.
COLUMNS = {
    "code": st.column_config.TextColumn(_("Code"), width=95, pinned=True),
    "name": st.column_config.TextColumn(_("Indicator"), width=220),
    "status_label": st.column_config.TextColumn(_("Status"), width=230),
    "latest_text": st.column_config.TextColumn(_("Latest value"), width=110),
    "target_text": st.column_config.TextColumn(_("Target"), width=150),
    "latest_date": st.column_config.DateColumn(_("Value date"), format="D MMM YYYY", width=95),
    "provenance": st.column_config.TextColumn(_("Provenance"), width=85),
    "baseline_text": _("Baseline"),
    "unit_label": _("Unit"),
    "owner_code": _("Objective / activity"),
    "framework": _("Framework"),
}

st.title(_("Indicators"))
sel = selection()
table = indicators_table(
    sel.plan_id, sel.as_of, framework_ids=list(sel.framework_ids), agency_id=sel.agency_id
)
st.caption(
    _("As of {date} · approved values only · status by the Open SDG progress measure").format(
        date=format_date(sel.as_of)
    )
    + (_(" · filtered in the sidebar") if sel.filtered else "")
)
if table.empty:
    st.info(_("No indicators in view: the plan has none, or none match the sidebar's filters."))
    st.stop()
if table["inferred"].any():
    st.warning(
        _(INFERRED_NOTE)
        + " "
        + _("The report sets no indicators; those marked Inferred are proposed."),
        icon=":material/help:",
    )
if table["latest_illustrative"].any():
    st.warning(_(ILLUSTRATIVE_NOTE), icon=":material/science:")

counts = iv.status_counts(table)
show_chart(
    charts.status_summary(counts),
    charts.status_summary_text(counts),
    charts.status_summary_table(counts),
)
styled = table[list(COLUMNS)].style.map(charts.status_cell_style, subset=["status_label"])
st.dataframe(
    styled,
    hide_index=True,
    width="stretch",
    column_config=COLUMNS,
    height=min(len(table), 20) * 35 + 38,
)

st.subheader(_("One indicator over time"))
choices = dict(zip(table["code"] + " · " + table["name"], table["id"], strict=True))
chosen = choices[st.selectbox(_("Indicator"), list(choices))]
indicator = table.set_index("id").loc[chosen].to_dict()
owner = _(str(indicator["owner_kind"]).capitalize())
st.markdown(
    f"**{md(indicator['name'])}**  \n{md(owner)} "
    f"{md(indicator['owner_code'])}: {md(indicator['owner_title'])}  \n"
    + _("{direction} · status: **{status}**").format(
        direction=indicator["direction_label"], status=indicator["status_label"]
    )
    + "  \n"
    + _("Means of verification: {means}").format(
        means=md(indicator["means_of_verification"]) or "—"
    )
)
if indicator["inferred"]:
    st.badge(_("Inferred"), icon=":material/help:", color="orange")
history = indicators_history(int(chosen), sel.as_of, sel.plan_id)
if history.empty:
    st.info(
        _("No approved value yet for this indicator as of {date}.").format(
            date=format_date(sel.as_of)
        )
    )
elif history["illustrative"].any():
    st.caption(_(ILLUSTRATIVE_NOTE))
show_chart(
    charts.indicator_history(indicator, history, sel.as_of),
    charts.indicator_history_text(indicator, history, sel.as_of),
    charts.indicator_history_table(indicator, history),
)

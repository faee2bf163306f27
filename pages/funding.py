"""Funding: what is costed, pledged, committed and disbursed, and where the gaps are."""

from __future__ import annotations

from datetime import date

import streamlit as st

from models.charts import funding as charts
from models.db import database_url
from models.exchange.iati_check import IatiExportRefused, checked_export
from models.queries import funding as q
from models.rules import coverage as cov
from models.views import funding as fv
from pages.ui.data import (
    ILLUSTRATIVE_NOTE,
    current_user,
    engine,
    md,
    plan_outline,
    rated_activities,
    version,
)
from pages.ui.funding_forms import record_funding
from pages.ui.sidebar import current_view


@st.cache_data(show_spinner=False, max_entries=64)
def _money(url: str, data_version: tuple, plan_id: int, as_of: date, fws: tuple, agency):
    f = {"framework_ids": list(fws), "agency_id": agency}
    money = q.activity_money(engine(), plan_id, as_of, **f)
    return money, q.donor_money(engine(), plan_id, as_of, **f), q.objective_links(engine(), plan_id)


@st.cache_data(show_spinner=False, max_entries=16)
def _iati(url: str, data_version: tuple, plan_id: int, as_of: date, allow: bool):
    """(xml or None, problems): refused, the problems say what to fill in and where."""
    try:
        export = checked_export(engine(), plan_id, as_of=as_of, allow_incomplete=allow)
    except IatiExportRefused as refused:
        return None, refused.messages
    except FileNotFoundError as error:  # no schema on this server: nothing validated
        return None, [str(error)]
    return export.xml, export.warnings


def metrics(values: dict[str, str], helps: dict[str, str] | None = None) -> None:
    """Three to a row: an amount such as "EUR 1,234,567" needs the width to be read whole."""
    items = list(values.items())
    for start in range(0, len(items), 3):
        for col, (label, value) in zip(st.columns(3), items[start : start + 3], strict=False):
            col.metric(label, value, help=(helps or {}).get(label), border=True)


st.title("Funding")
view = current_view()
if view is None:
    st.info("No plan is loaded yet. Run `actionplan init` then `actionplan seed` to load one.")
    st.stop()
record_funding(view.plan_id)
money, donors, links = _money(
    database_url(), version(), view.plan_id, view.as_of, view.framework_ids, view.agency_id
)
filtered = " · filtered in the sidebar" if view.filtered else ""
st.caption(
    f"As of {view.as_of:%d %B %Y} · transactions dated on or before it · costed "
    f"requirements always count{filtered}"
)
if not fv.has_funding(money):
    st.info(
        "No funding is recorded for this plan (or for the activities in view): no costed "
        "requirement and no pledge, commitment or disbursement."
    )
    st.stop()
if money["illustrative"].any() or donors["illustrative"].any():
    st.warning(ILLUSTRATIVE_NOTE, icon=":material/science:")
choices = fv.currencies(money)
currency = st.selectbox("Currency", choices) if len(choices) > 1 else choices[0]
coverage = fv.in_currency(cov.activity_coverage(money), currency)
donors = fv.in_currency(donors, currency)
user = current_user() or {}
mine = user.get("organisation_id") if user.get("role") == "donor" else None
metrics(
    fv.headline(coverage),
    {"Coverage": "Committed ÷ costed.", "Disbursement rate": "Disbursed ÷ committed."},
)
if mine is not None:
    st.subheader(f"Your organisation: {md(user.get('organisation'))}", divider="gray")
    metrics(fv.donor_metrics(donors, mine, currency))
    if st.toggle("Only my organisation's contributions", key="only_mine"):
        donors = donors[donors["donor_id"] == mine]
tables = fv.tables(coverage, links, donors, rated_activities(view))
fw, objectives, activities, by_donor = (tables[k] for k in tables)

st.plotly_chart(charts.coverage_bars(fw, currency))
st.subheader("Coverage per objective")
st.caption(
    "An activity serving several objectives counts in full in each: these rows are not "
    "to be added up."
)
number = {**dict.fromkeys(fv.AMOUNTS, "localized"), **dict.fromkeys(fv.RATIOS, "percent")}
columns = {
    k: st.column_config.NumberColumn(v, format=number[k]) if k in number else v
    for k, v in fv.HEADINGS.items()
}
st.dataframe(objectives, hide_index=True, column_config=columns)

st.subheader("Gaps per activity")
st.caption(
    "Largest gap (costed − committed) first. Rows in orange are unfunded (nothing "
    "committed) and behind schedule or overdue."
)
st.dataframe(fv.styled_gaps(activities), hide_index=True, column_config=columns)

st.subheader("Contributions by donor")
measure = st.segmented_control("Measure", cov.FLOWS, default="committed") or "committed"
colours = charts.framework_colours(
    list(plan_outline(database_url(), view.plan_id).frameworks["name"])
)
highlight = fv.donor_name(donors, mine)
st.plotly_chart(charts.donor_bars(fv.donor_table(donors), currency, measure, colours, highlight))
st.dataframe(by_donor, hide_index=True, column_config=columns)
flows = cov.flows(donors, links, measure)
st.plotly_chart(charts.flow_sankey(flows, currency, measure, colours, fv.objective_titles(links)))
st.caption(
    "An activity serving several objectives splits its money equally between them "
    "here, so what leaves a framework equals what enters it."
)

st.subheader("Downloads")
notes = [
    f"Plan {view.plan_code}, as of {view.as_of.isoformat()}, amounts in {currency}.",
    ILLUSTRATIVE_NOTE if money["illustrative"].any() else "Figures as recorded.",
]
left, middle, right = st.columns(3)
stem = f"{view.plan_code}-{view.as_of}"
left.download_button("Funding tables (Excel)", fv.workbook(tables, notes), f"funding-{stem}.xlsx")
middle.download_button("Activities (CSV)", fv.csv_bytes(activities), f"activities-{stem}.csv")
allow = right.checkbox("Allow an incomplete IATI file", key="iati_incomplete")
xml, problems = _iati(database_url(), version(), view.plan_id, view.as_of, allow)
if xml is None:
    right.warning("IATI export not offered: fill in what is listed below first.")
else:
    right.download_button("IATI 2.03 activities (XML)", xml, f"iati-{stem}.xml", "application/xml")
    right.caption(
        "Whole plan as of the reporting date, checked against the IATI 2.03 schema, "
        "rulesets and codelists."
    )
if problems:
    with st.expander(f"IATI: {len(problems)} to fill in or check", expanded=xml is None):
        st.markdown("\n".join(f"- {md(p)}" for p in problems))

"""Funding: what is costed, pledged, committed and disbursed, and where the gaps are."""

from __future__ import annotations

import streamlit as st

from models.charts import funding as charts
from models.charts.base import framework_colours
from models.i18n import _, format_date
from models.rules import coverage as cov
from models.views import funding as fv
from pages.ui.charts import show_chart
from pages.ui.data import funding_iati, funding_money, rated_activities
from pages.ui.funding_forms import record_funding
from pages.ui.labels import ILLUSTRATIVE_NOTE, agency_column, md
from pages.ui.session import signed_in
from pages.ui.sidebar import selection


def metrics(values: dict[str, str], helps: dict[str, str] | None = None) -> None:
    """Three to a row: an amount such as "EUR 1,234,567" needs the width to be read whole."""
    items = list(values.items())
    for start in range(0, len(items), 3):
        for col, (label, value) in zip(st.columns(3), items[start : start + 3], strict=False):
            col.metric(label, value, help=(helps or {}).get(label), border=True)


st.title(_("Funding"))
sel = selection()
record_funding(sel)
money, donors, links = funding_money(
    sel.plan_id, sel.as_of, framework_ids=sel.framework_ids, agency_id=sel.agency_id
)
filtered = _(" · filtered in the sidebar") if sel.filtered else ""
st.caption(
    _(
        "As of {date} · transactions dated on or before it · costed requirements always count"
    ).format(date=format_date(sel.as_of))
    + filtered
)
if not fv.has_funding(money):
    st.info(
        _(
            "No funding is recorded for this plan (or for the activities in view): no costed "
            "requirement and no pledge, commitment or disbursement."
        )
    )
    st.stop()
if money["illustrative"].any() or donors["illustrative"].any():
    st.warning(_(ILLUSTRATIVE_NOTE), icon=":material/science:")
choices = fv.currencies(money)
currency = st.selectbox(_("Currency"), choices) if len(choices) > 1 else choices[0]
coverage = fv.in_currency(cov.activity_coverage(money), currency)
donors = fv.in_currency(donors, currency)
user = signed_in()
mine = user.organisation_id if user and user.role == "donor" else None
metrics(
    fv.headline(coverage),
    {_("Coverage"): _("Committed ÷ costed."), _("Disbursement rate"): _("Disbursed ÷ committed.")},
)
if mine is not None:
    st.subheader(_("Your organisation: {name}").format(name=md(user.organisation)), divider="gray")
    metrics(fv.donor_metrics(donors, mine, currency))
rated = rated_activities(
    sel.plan_id, sel.as_of, framework_ids=list(sel.framework_ids), agency_id=sel.agency_id
)
tables = fv.tables(coverage, links, donors, rated, list(sel.framework_names))
fw, objectives, activities, by_donor = (tables[k] for k in tables)
number = {**dict.fromkeys(fv.AMOUNTS, "localized"), **dict.fromkeys(fv.RATIOS, fv.PERCENT_FORMAT)}
columns = {
    k: st.column_config.NumberColumn(v, format=number[k]) if k in number else v
    for k, v in fv.headings().items()
}
columns["lead"] = agency_column(_("Lead agency"), activities["lead"], sel.plan_id)
# Short ratio headings, their formula on hover: the tables then fit 1440 px.
columns["coverage"] = st.column_config.NumberColumn(
    _("Coverage"), help=_("Committed ÷ costed."), format=fv.PERCENT_FORMAT
)
columns["disbursement_rate"] = st.column_config.NumberColumn(
    _("Disbursement rate"), help=_("Disbursed ÷ committed."), format=fv.PERCENT_FORMAT
)
columns["currency"] = st.column_config.TextColumn(_("Currency"), width=70)

st.subheader(_("Coverage per framework"))
show_chart(
    charts.coverage_bars(fw, currency, list(sel.framework_names)),
    charts.coverage_text(fw, currency),
)
st.dataframe(fv.for_display(fw), hide_index=True, column_config=columns)
st.subheader(_("Coverage per objective"))
st.caption(
    _(
        "An activity serving several objectives counts in full in each: these rows are not "
        "to be added up."
    )
)
st.dataframe(fv.for_display(objectives), hide_index=True, column_config=columns)

st.subheader(_("Gaps per activity"))
st.caption(
    _(
        "Largest gap (costed − committed) first. Rows in orange are unfunded (nothing "
        "committed) and behind schedule or overdue."
    )
)
st.dataframe(fv.styled_gaps(fv.for_display(activities)), hide_index=True, column_config=columns)

st.subheader(_("Contributions by donor"))
left, right = st.columns([2, 1], vertical_alignment="bottom")
measure = (
    left.segmented_control(
        _("Measure"),
        cov.FLOWS,
        default="committed",
        format_func={flow: charts.flow_word(flow) for flow in cov.FLOWS}.get,
    )
    or "committed"
)
# The toggle filters this section (the chart, the table and the flows below it) only.
if mine is not None and right.toggle(_("Only my organisation's contributions"), key="only_mine"):
    donors = donors[donors["donor_id"] == mine]
    by_donor = fv.donor_table(donors)[fv.DONOR_COLUMNS]
colours = framework_colours(list(sel.framework_names))
highlight = fv.donor_name(donors, mine)
show_chart(
    charts.donor_bars(fv.donor_table(donors), currency, measure, colours, highlight),
    charts.donor_text(donors, currency, measure),
)
st.dataframe(by_donor, hide_index=True, column_config=columns)
flows = cov.flows(donors, links, measure)
titles = fv.objective_titles(links)
show_chart(
    charts.flow_sankey(flows, currency, measure, colours, titles),
    charts.flow_text(flows, currency, measure),
    charts.flow_table(flows, currency, titles),
)
st.caption(
    _(
        "An activity serving several objectives splits its money equally between them "
        "here, so what leaves a framework equals what enters it."
    )
)

st.subheader(_("Downloads"))
notes = [
    _("Plan {plan}, as of {date}, amounts in {currency}.").format(
        plan=sel.plan_code, date=sel.as_of.isoformat(), currency=currency
    ),
    _(ILLUSTRATIVE_NOTE) if money["illustrative"].any() else _("Figures as recorded."),
]
left, middle, right = st.columns(3)
stem = f"{sel.plan_code}-{sel.as_of}"
left.download_button(
    _("Funding tables (Excel)"), fv.workbook(tables, notes), f"funding-{stem}.xlsx"
)
middle.download_button(_("Activities (CSV)"), fv.csv_bytes(activities), f"activities-{stem}.csv")
allow = right.checkbox(_("Allow an incomplete IATI file"), key="iati_incomplete")
xml, problems = funding_iati(sel.plan_id, sel.as_of, allow)
if xml is None:
    right.warning(_("IATI export not offered: fill in what is listed below first."))
else:
    right.download_button(
        _("IATI 2.03 activities (XML)"), xml, f"iati-{stem}.xml", "application/xml"
    )
    right.caption(
        _(
            "Whole plan as of the reporting date, checked against the IATI 2.03 schema, "
            "rulesets and codelists."
        )
    )
if problems:
    heading = _("IATI: {count} to fill in or check").format(count=len(problems))
    with st.expander(heading, expanded=xml is None):
        st.markdown("\n".join(f"- {md(p)}" for p in problems))

"""Agencies: who leads and supports which activities, and how each agency's work stands."""

from __future__ import annotations

import streamlit as st

from models.charts.agencies import (
    delivery_bars,
    delivery_table,
    delivery_text,
    matrix_heatmap,
    matrix_text,
)
from models.i18n import _, format_date, ngettext
from models.views import agencies as ag
from pages.ui.charts import show_chart
from pages.ui.data import agencies_links, plan_outline, rated_activities
from pages.ui.labels import (
    ILLUSTRATIVE_NOTE,
    INFERRED_NOTE,
    agency_column,
    agency_names,
    md,
    provenance_badge,
)
from pages.ui.sidebar import selection

PERCENT = {"format": "%.0f%%"}
RECORD_COLUMNS = {
    **{
        code: st.column_config.NumberColumn(_(label), width="small")
        for code, label in {"activities": "Activities", **ag.RECORD_HEADINGS}.items()
    },
    "reported_progress": st.column_config.NumberColumn(_("Reported (mean)"), **PERCENT),
    "expected_progress": st.column_config.NumberColumn(_("Expected (mean)"), **PERCENT),
}
ACTIVITY_COLUMNS = {
    "role": _("Role"),
    "code": _("Code"),
    "title": st.column_config.TextColumn(_("Activity"), width="medium"),
    "rating_label": _("Rating"),
    "reported_percent": st.column_config.NumberColumn(_("Reported"), **PERCENT),
    "expected_percent": st.column_config.NumberColumn(_("Expected"), **PERCENT),
    "report_date": st.column_config.DateColumn(_("Last approved report")),
    "narrative": st.column_config.TextColumn(_("Latest narrative"), width="large"),
}

LISTING_COLUMNS = {
    "named_as": _("As the report names it"),
    "acronym": _("Acronym"),
    "name": _("Organisation"),
    "source": _("Source"),
}


sel = selection()
st.title(_("Agencies"))
links, counts = agencies_links(
    sel.plan_id, framework_ids=sel.framework_ids, agency_id=sel.agency_id
)
rated = rated_activities(
    sel.plan_id, sel.as_of, framework_ids=list(sel.framework_ids), agency_id=sel.agency_id
)
st.caption(
    _("Responsibilities and delivery as of {date} · approved reports only").format(
        date=format_date(sel.as_of)
    )
    + (_(" · filtered in the sidebar") if sel.filtered else "")
)
if links.empty:
    st.info(_("No activity in view has a lead or supporting agency."))
    st.stop()
if links["inferred"].any():
    provenance_badge(inferred=True)
    st.caption(
        _(INFERRED_NOTE)
        + " "
        + _(
            "The report lists implementing agencies per framework, not per activity: these "
            "activity-level assignments are proposals."
        )
    )

# Acronyms in the Agency columns: their full names on hover, and beside them in the matrix.
AGENCY = {
    _("Agency"): agency_column(
        _("Agency"), links["agency"], sel.plan_id, width="medium", pinned=True
    )
}
RECORD_COLUMNS["agency"] = AGENCY[_("Agency")]
full_names = agency_names(sel.plan_id)

st.header(_("Responsibility matrix"))
matrix = ag.framework_matrix(counts)
by_framework, by_activity = st.tabs([_("Agency × framework"), _("Agency × activity")])
with by_framework:
    show_chart(matrix_heatmap(matrix), matrix_text(matrix))
    table = ag.matrix_table(matrix)
    table.insert(1, _("Full name"), table[_("Agency")].map(full_names).fillna(""))
    st.dataframe(table, hide_index=True, width="stretch", column_config=AGENCY)
with by_activity:
    st.caption(_("Lead or Supporting, per activity (columns are activity codes, in plan order)."))
    st.dataframe(ag.activity_matrix(links), hide_index=True, width="stretch", column_config=AGENCY)

st.header(_("Delivery record, as of {date}").format(date=format_date(sel.as_of)))
record = ag.delivery_record(links, rated)
if rated["illustrative"].fillna(False).astype(bool).any():
    st.warning(_(ILLUSTRATIVE_NOTE), icon=":material/science:")
st.caption(
    _(
        "Schedule ratings of the activities each agency leads or supports; most overdue "
        "and behind first. Mean progress counts an unreported activity as 0%."
    )
)
# A rating no agency has is left out, so the means (Reported, Expected) show at 1440 px.
shown_record_columns = [
    "agency",
    *(
        k
        for k in RECORD_COLUMNS
        if k != "agency" and (k not in ag.RECORD_RATINGS or record[k].any())
    ),
]
for tab, role in zip(
    st.tabs([_("As lead agency"), _("As supporting agency")]),
    map(ag.role_label, ag.ROLE_LABELS),
    strict=True,
):
    part = record[record["role"] == role]
    tab.dataframe(
        part,
        hide_index=True,
        width="stretch",
        column_order=shown_record_columns,
        column_config=RECORD_COLUMNS,
    )
if (record["role"] == ag.role_label("lead")).any():
    delivered = delivery_table(record)
    show_chart(delivery_bars(record), delivery_text(delivered), delivered)

st.header(_("One agency's activities"))
names = dict(zip(links["organisation_id"], links["agency"], strict=False))
options = sorted(names, key=lambda i: names[i].lower())
chosen = st.selectbox(
    _("Agency"),
    options,
    format_func=lambda i: ag.with_full_name(names[i], full_names),
    index=options.index(sel.agency_id) if sel.agency_id in options else 0,
)
shown = ag.agency_activities(links, rated, chosen)
st.dataframe(
    shown,
    hide_index=True,
    width="stretch",
    column_order=list(ACTIVITY_COLUMNS),
    column_config=ACTIVITY_COLUMNS,
)

st.header(_("Implementing agencies, as the report lists them"))
st.caption(_("Per framework, in the report's order and wording; not activity-level assignments."))
listed = ag.report_listing(plan_outline(sel.plan_id), sel.framework_ids)
for name, group in listed.groupby("framework", sort=False):
    count = ngettext("{framework}: {count} agency", "{framework}: {count} agencies", len(group))
    with st.expander(count.format(framework=md(name), count=len(group))):
        st.dataframe(
            group[["named_as", "acronym", "name", "source"]],
            hide_index=True,
            width="stretch",
            column_config=LISTING_COLUMNS,
        )

"""Agencies: who leads and supports which activities, and how each agency's work stands."""

import streamlit as st

from models.db import database_url
from models.queries import agencies as queries
from models.views import agencies as ag
from pages.ui import data as common
from pages.ui.sidebar import current_view

PERCENT = {"format": "%.0f%%"}
AGENCY = {"Agency": st.column_config.TextColumn("Agency", width="medium", pinned=True)}
RECORD_COLUMNS = {
    "agency": AGENCY["Agency"],
    **{
        code: st.column_config.NumberColumn(label, width="small")
        for code, label in {"activities": "Activities", **ag.RECORD_HEADINGS}.items()
    },
    "reported_progress": st.column_config.NumberColumn("Reported (mean)", **PERCENT),
    "expected_progress": st.column_config.NumberColumn("Expected (mean)", **PERCENT),
}
ACTIVITY_COLUMNS = {
    "role": "Role",
    "code": "Code",
    "title": st.column_config.TextColumn("Activity", width="medium"),
    "rating_label": "Rating",
    "reported_percent": st.column_config.NumberColumn("Reported", **PERCENT),
    "expected_percent": st.column_config.NumberColumn("Expected", **PERCENT),
    "report_date": st.column_config.DateColumn("Last approved report"),
    "narrative": st.column_config.TextColumn("Latest narrative", width="large"),
}

LISTING_COLUMNS = {
    "named_as": "As the report names it",
    "acronym": "Acronym",
    "name": "Organisation",
    "source": "Source",
}


# Keyed on the data version (no leading underscore: st.cache_data skips hashing those).
@st.cache_data(show_spinner=False, max_entries=32)
def links_and_counts(url: str, data_version: tuple, plan_id: int, fws: tuple, agency):
    filters = {"framework_ids": list(fws), "agency_id": agency}
    return (
        queries.activity_links(common.engine(), plan_id, **filters),
        queries.role_counts(common.engine(), plan_id, **filters),
    )


view = current_view()
st.title("Agencies")
if view is None:
    st.info("No plan is loaded yet. Run `actionplan init` then `actionplan seed` to load one.")
    st.stop()
url = database_url()
links, counts = links_and_counts(
    url, common.version(), view.plan_id, view.framework_ids, view.agency_id
)
rated = common.rated_activities(view)
st.caption(
    f"Responsibilities and delivery as of {view.as_of:%d %B %Y} · approved reports only"
    + (" · filtered in the sidebar" if view.filtered else "")
)
if links.empty:
    st.info("No activity in view has a lead or supporting agency.")
    st.stop()
if links["inferred"].any():
    common.provenance_badge(inferred=True)
    st.caption(
        f"{common.INFERRED_NOTE} The report lists implementing agencies per framework, "
        "not per activity: these activity-level assignments are proposals."
    )

st.header("Responsibility matrix")
matrix = ag.framework_matrix(counts)
by_framework, by_activity = st.tabs(["Agency × framework", "Agency × activity"])
with by_framework:
    st.plotly_chart(ag.matrix_heatmap(matrix))
    st.dataframe(ag.matrix_table(matrix), hide_index=True, width="stretch", column_config=AGENCY)
with by_activity:
    st.caption("Lead or Supporting, per activity (columns are activity codes, in plan order).")
    st.dataframe(ag.activity_matrix(links), hide_index=True, width="stretch", column_config=AGENCY)

st.header(f"Delivery record, as of {view.as_of:%d %B %Y}")
record = ag.delivery_record(links, rated)
if rated["illustrative"].fillna(False).astype(bool).any():
    st.warning(common.ILLUSTRATIVE_NOTE, icon=":material/science:")
st.caption(
    "Schedule ratings of the activities each agency leads or supports; most overdue "
    "and behind first. Mean progress counts an unreported activity as 0%."
)
for tab, role in zip(
    st.tabs(["As lead agency", "As supporting agency"]), ag.ROLE_LABELS.values(), strict=True
):
    part = record[record["role"] == role]
    tab.dataframe(
        part,
        hide_index=True,
        width="stretch",
        column_order=list(RECORD_COLUMNS),
        column_config=RECORD_COLUMNS,
    )
if (record["role"] == ag.ROLE_LABELS["lead"]).any():
    st.plotly_chart(ag.delivery_bars(record))

st.header("One agency's activities")
names = dict(zip(links["organisation_id"], links["agency"], strict=False))
options = sorted(names, key=lambda i: names[i].lower())
chosen = st.selectbox(
    "Agency",
    options,
    format_func=names.get,
    index=options.index(view.agency_id) if view.agency_id in options else 0,
)
shown = ag.agency_activities(links, rated, chosen)
st.dataframe(
    shown,
    hide_index=True,
    width="stretch",
    column_order=list(ACTIVITY_COLUMNS),
    column_config=ACTIVITY_COLUMNS,
)

st.header("Implementing agencies, as the report lists them")
st.caption("Per framework, in the report's order and wording; not activity-level assignments.")
listed = ag.report_listing(common.plan_outline(url, view.plan_id), view.framework_ids)
for name, group in listed.groupby("framework", sort=False):
    with st.expander(f"{common.md(name)}: {len(group)} agencies"):
        st.dataframe(
            group[["named_as", "acronym", "name", "source"]],
            hide_index=True,
            width="stretch",
            column_config=LISTING_COLUMNS,
        )

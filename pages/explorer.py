"""Framework explorer: framework → objectives → activities, as of the reporting date."""

from __future__ import annotations

from datetime import date

import streamlit as st

from models.db import database_url
from models.queries import explorer as queries
from models.views import explorer
from pages.ui import data as common
from pages.ui.data import md
from pages.ui.sidebar import current_view


@st.cache_data(show_spinner=False, max_entries=64)
def _evidence(url: str, data_version: tuple, report_ids: tuple[int, ...]):
    return queries.report_evidence(common._engine(url), report_ids)


@st.cache_data(show_spinner=False, max_entries=64)
def _history(url: str, data_version: tuple, activity_id: int, as_of: date):
    return queries.activity_history(common._engine(url), activity_id, as_of)


st.title("Framework explorer")
view = current_view()
if view is None:
    st.info("No plan is loaded yet. Run `actionplan init` then `actionplan seed` to load one.")
    st.stop()
url = database_url()
rated = common.rated_activities(view)
st.caption(
    f"As of {view.as_of:%d %B %Y} · approved reports only"
    + (" · filtered in the sidebar" if view.filtered else "")
)
if rated.empty:
    st.info("No activity matches the sidebar's framework and agency filters.")
    st.stop()
if rated["illustrative"].fillna(False).astype(bool).any():
    st.warning(common.ILLUSTRATIVE_NOTE, icon=":material/science:")

outline = common.plan_outline(url, view.plan_id)
frameworks = explorer.frameworks_in_view(outline.frameworks, view.framework_ids)
names = dict(zip(frameworks["id"], frameworks["name"], strict=True))
fw_id = st.radio(
    "Framework", list(names), format_func=names.get, horizontal=True, key="explorer_framework"
)
evidence = _evidence(url, common.version(), tuple(int(i) for i in rated["report_id"].dropna()))
fv = explorer.framework_view(rated, outline, fw_id, evidence)

st.subheader(f"{md(names[fw_id])}: objectives")
if fv.links_inferred:
    st.caption(f"Which objective an activity serves: {common.INFERRED_NOTE}")
pct = st.column_config.NumberColumn
st.dataframe(
    fv.objectives[
        [
            "code",
            "title",
            "activities",
            "reported_progress",
            "expected_progress",
            *explorer.ROLLUP_COUNTS,
        ]
    ],
    hide_index=True,
    width="stretch",
    column_config={
        "code": "Code",
        "title": "Objective",
        "activities": "Activities",
        "reported_progress": pct("Reported", format="%.0f%%"),
        "expected_progress": pct("Expected", format="%.0f%%"),
        **{f"rating_{k}": v for k, v in explorer.SHORT_RATING_LABELS.items()},
    },
)

columns = {
    "code": "Code",
    "title": "Activity",
    "status_label": "Status",
    "reported_percent": pct("Complete", format="%.0f%%"),
    "rating_label": "Rating",
    "report_date": st.column_config.DateColumn("Report date", format="YYYY-MM-DD"),
    "narrative": st.column_config.TextColumn("Narrative", width="large"),
    "lead": "Lead",
    "supporting": "Supporting",
    "planned_start": st.column_config.DateColumn("Planned start", format="YYYY-MM-DD"),
    "planned_end": st.column_config.DateColumn("Planned end", format="YYYY-MM-DD"),
    "evidence": st.column_config.LinkColumn("Evidence"),
    "illustrative": st.column_config.CheckboxColumn("Illustrative", help=common.ILLUSTRATIVE_NOTE),
}
for obj in fv.objectives.itertuples():
    acts = explorer.activities_of(fv, obj.objective_id)
    with st.expander(f"{md(obj.code)} · {md(obj.title)} — {explorer.objective_heading(obj)}"):
        if acts.empty:
            st.caption("No activity in view serves this objective.")
        else:
            st.dataframe(
                acts[list(columns)], hide_index=True, width="stretch", column_config=columns
            )

st.subheader("Progress history of one activity")
choices = fv.activities.drop_duplicates("activity_id").set_index("activity_id")
if choices.empty:
    st.info("No activity of this framework is in view.")
    st.stop()
labels = choices["code"] + " · " + choices["title"]
picked = st.columns(2)[0].selectbox(
    "Activity", list(choices.index), format_func=labels.get, key="explorer_activity"
)
act = choices.loc[picked]
for col, (label, value) in zip(st.columns(4), explorer.headline(act).items(), strict=True):
    col.metric(label, value)
st.caption(f"Lead: {md(act['lead']) or '—'} · Supporting: {md(act['supporting']) or '—'}")
if act["status_label"] == explorer.NO_REPORT:
    st.info(explorer.NO_REPORT)
else:
    st.text(act["narrative"])
    if act["evidence"]:
        st.link_button("Open the evidence", act["evidence"])
history = _history(url, common.version(), int(picked), view.as_of)
st.plotly_chart(
    explorer.history_figure(
        history,
        code=act["code"],
        planned_start=act["planned_start"],
        planned_end=act["planned_end"],
        as_of=view.as_of,
    )
)

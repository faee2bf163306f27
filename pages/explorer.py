"""Framework explorer: framework → objectives → activities, as of the reporting date."""

from __future__ import annotations

import streamlit as st

from models.charts.explorer import history_figure, history_table, history_text
from models.views import explorer
from models.views.base import blank_missing
from pages.ui.charts import show_chart
from pages.ui.data import explorer_evidence, explorer_history, plan_outline, rated_activities
from pages.ui.findings_forms import show_concerning
from pages.ui.labels import ILLUSTRATIVE_NOTE, INFERRED_NOTE, agency_column, md
from pages.ui.sidebar import selection

st.title("Framework explorer")
sel = selection()
rated = rated_activities(
    sel.plan_id, sel.as_of, framework_ids=list(sel.framework_ids), agency_id=sel.agency_id
)
st.caption(
    f"As of {sel.as_of:%d %B %Y} · approved reports only"
    + (" · filtered in the sidebar" if sel.filtered else "")
)
if rated.empty:
    st.info("No activity matches the sidebar's framework and agency filters.")
    st.stop()
if rated["illustrative"].fillna(False).astype(bool).any():
    st.warning(ILLUSTRATIVE_NOTE, icon=":material/science:")

outline = plan_outline(sel.plan_id)
frameworks = explorer.frameworks_in_view(outline.frameworks, sel.framework_ids)
names = dict(zip(frameworks["id"], frameworks["name"], strict=True))
fw_id = st.radio(
    "Framework", list(names), format_func=names.get, horizontal=True, key="explorer_framework"
)
evidence = explorer_evidence(tuple(int(i) for i in rated["report_id"].dropna()))
fv = explorer.framework_detail(rated, outline, fw_id, evidence)

st.subheader(f"{md(names[fw_id])}: objectives")
if fv.links_inferred:
    st.caption(f"Which objective an activity serves: {INFERRED_NOTE}")
pct = st.column_config.NumberColumn
# Only the ratings some objective has: twelve count columns would not fit at 1440 px.
ratings = [c for c in explorer.ROLLUP_COUNTS if fv.objectives[c].fillna(0).any()]
st.dataframe(
    fv.objectives[
        [
            "code",
            "title",
            "activities",
            "reported_progress",
            "expected_progress",
            *ratings,
        ]
    ],
    hide_index=True,
    width="stretch",
    column_config={
        "code": st.column_config.TextColumn("Code", width=75, pinned=True),
        "title": st.column_config.TextColumn("Objective", width=200),
        "activities": pct("Activities", width=75),
        "reported_progress": pct("Reported", format="%.0f%%", width=80),
        "expected_progress": pct("Expected", format="%.0f%%", width=80),
        **{f"rating_{k}": pct(v, width=70) for k, v in explorer.SHORT_RATING_LABELS.items()},
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
    "lead": agency_column("Lead", fv.activities["lead"], sel.plan_id),
    "supporting": agency_column("Supporting", fv.activities["supporting"], sel.plan_id),
    "planned_start": st.column_config.DateColumn("Planned start", format="YYYY-MM-DD"),
    "planned_end": st.column_config.DateColumn("Planned end", format="YYYY-MM-DD"),
    "evidence": st.column_config.LinkColumn("Evidence"),
    "illustrative": st.column_config.CheckboxColumn("Illustrative", help=ILLUSTRATIVE_NOTE),
}
for obj in fv.objectives.itertuples():
    acts = explorer.activities_of(fv, obj.objective_id)
    with st.expander(f"{md(obj.code)} · {md(obj.title)} — {explorer.objective_heading(obj)}"):
        if acts.empty:
            st.caption("No activity in view serves this objective.")
        else:
            st.dataframe(
                blank_missing(acts[list(columns)]),
                hide_index=True,
                width="stretch",
                column_config=columns,
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
# Two to a row: "No approved report" or "Behind schedule" must be read whole at 1440 px.
cells = [c for _ in range(2) for c in st.columns(2)]
for col, (label, value) in zip(cells, explorer.headline(act).items(), strict=True):
    col.metric(label, value, border=True)
st.caption(f"Lead: {md(act['lead']) or '—'} · Supporting: {md(act['supporting']) or '—'}")
show_concerning(sel, fw_id, int(picked))
if act["status_label"] == explorer.NO_REPORT:
    st.info(explorer.NO_REPORT)
else:
    st.text(act["narrative"])
    if act["evidence"]:
        st.link_button("Open the evidence", act["evidence"])
history = explorer_history(int(picked), sel.as_of)
dates = {
    "code": act["code"],
    "planned_start": act["planned_start"],
    "planned_end": act["planned_end"],
    "as_of": sel.as_of,
}
show_chart(history_figure(history, **dates), history_text(history, **dates), history_table(history))

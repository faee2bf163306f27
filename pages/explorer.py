"""Framework explorer: framework → objectives → activities, as of the reporting date."""

from __future__ import annotations

import streamlit as st

from models.charts.explorer import history_figure, history_table, history_text
from models.i18n import _, format_date
from models.views import explorer
from models.views.base import blank_missing
from pages.ui.charts import show_chart
from pages.ui.data import explorer_evidence, explorer_history, plan_outline, rated_activities
from pages.ui.findings_forms import show_concerning
from pages.ui.labels import ILLUSTRATIVE_NOTE, INFERRED_NOTE, agency_column, md
from pages.ui.sidebar import selection

st.title(_("Framework explorer"))
sel = selection()
rated = rated_activities(
    sel.plan_id, sel.as_of, framework_ids=list(sel.framework_ids), agency_id=sel.agency_id
)
st.caption(
    _("As of {date} · approved reports only").format(date=format_date(sel.as_of))
    + (_(" · filtered in the sidebar") if sel.filtered else "")
)
if rated.empty:
    st.info(_("No activity matches the sidebar's framework and agency filters."))
    st.stop()
if rated["illustrative"].fillna(False).astype(bool).any():
    st.warning(_(ILLUSTRATIVE_NOTE), icon=":material/science:")

outline = plan_outline(sel.plan_id)
frameworks = explorer.frameworks_in_view(outline.frameworks, sel.framework_ids)
names = dict(zip(frameworks["id"], frameworks["name"], strict=True))
fw_id = st.radio(
    _("Framework"), list(names), format_func=names.get, horizontal=True, key="explorer_framework"
)
evidence = explorer_evidence(tuple(int(i) for i in rated["report_id"].dropna()), sel.plan_id)
fv = explorer.framework_detail(rated, outline, fw_id, evidence)

st.subheader(_("{framework}: objectives").format(framework=md(names[fw_id])))
if fv.links_inferred:
    st.caption(_("Which objective an activity serves: {note}").format(note=_(INFERRED_NOTE)))
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
        "code": st.column_config.TextColumn(_("Code"), width=75, pinned=True),
        "title": st.column_config.TextColumn(_("Objective"), width=200),
        "activities": pct(_("Activities"), width=75),
        "reported_progress": pct(_("Reported"), format="%.0f%%", width=80),
        "expected_progress": pct(_("Expected"), format="%.0f%%", width=80),
        **{f"rating_{k}": pct(_(v), width=70) for k, v in explorer.SHORT_RATING_LABELS.items()},
    },
)

columns = {
    "code": _("Code"),
    "title": _("Activity"),
    "status_label": _("Status"),
    "reported_percent": pct(_("Complete"), format="%.0f%%"),
    "rating_label": _("Rating"),
    "report_date": st.column_config.DateColumn(_("Report date"), format="YYYY-MM-DD"),
    "narrative": st.column_config.TextColumn(_("Narrative"), width="large"),
    "lead": agency_column(_("Lead"), fv.activities["lead"], sel.plan_id),
    "supporting": agency_column(_("Supporting"), fv.activities["supporting"], sel.plan_id),
    "planned_start": st.column_config.DateColumn(_("Planned start"), format="YYYY-MM-DD"),
    "planned_end": st.column_config.DateColumn(_("Planned end"), format="YYYY-MM-DD"),
    "evidence": st.column_config.LinkColumn(_("Evidence")),
    "illustrative": st.column_config.CheckboxColumn(_("Illustrative"), help=_(ILLUSTRATIVE_NOTE)),
}
for obj in fv.objectives.itertuples():
    acts = explorer.activities_of(fv, obj.objective_id)
    with st.expander(f"{md(obj.code)} · {md(obj.title)} — {explorer.objective_heading(obj)}"):
        if acts.empty:
            st.caption(_("No activity in view serves this objective."))
        else:
            st.dataframe(
                blank_missing(acts[list(columns)]),
                hide_index=True,
                width="stretch",
                column_config=columns,
            )

st.subheader(_("Progress history of one activity"))
choices = fv.activities.drop_duplicates("activity_id").set_index("activity_id")
if choices.empty:
    st.info(_("No activity of this framework is in view."))
    st.stop()
labels = choices["code"] + " · " + choices["title"]
picked = st.columns(2)[0].selectbox(
    _("Activity"), list(choices.index), format_func=labels.get, key="explorer_activity"
)
act = choices.loc[picked]
# Two to a row: "No approved report" or "Behind schedule" must be read whole at 1440 px.
cells = [c for _ in range(2) for c in st.columns(2)]
for col, (label, value) in zip(cells, explorer.headline(act).items(), strict=True):
    col.metric(label, value, border=True)
st.caption(
    _("Lead: {lead} · Supporting: {supporting}").format(
        lead=md(act["lead"]) or "—", supporting=md(act["supporting"]) or "—"
    )
)
show_concerning(sel, fw_id, int(picked))
if act["status_label"] == _(explorer.NO_REPORT):
    st.info(_(explorer.NO_REPORT))
else:
    st.text(act["narrative"])
    if act["evidence"]:
        st.link_button(_("Open the evidence"), act["evidence"])
history = explorer_history(int(picked), sel.as_of, sel.plan_id)
dates = {
    "code": act["code"],
    "planned_start": act["planned_start"],
    "planned_end": act["planned_end"],
    "as_of": sel.as_of,
}
show_chart(history_figure(history, **dates), history_text(history, **dates), history_table(history))

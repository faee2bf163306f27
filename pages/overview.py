"""Overview: how implementation stands against the 2007 targets, at the reporting date."""

from __future__ import annotations

import streamlit as st

from models.charts import overview as charts
from models.i18n import _, format_date
from models.views.overview import framework_summary, progress_card, rating_counts, watch_list
from pages.ui.charts import show_chart
from pages.ui.data import findings_summary, overview_figures, plan_outline, rated_activities
from pages.ui.labels import ILLUSTRATIVE_NOTE, agency_column, md
from pages.ui.report_download import progress_report_download
from pages.ui.sidebar import selection

sel = selection()
rated = rated_activities(
    sel.plan_id, sel.as_of, framework_ids=list(sel.framework_ids), agency_id=sel.agency_id
)
st.title(_("Overview, as of {date}").format(date=format_date(sel.as_of)))
caption = _("{country}: {plan} · target date {date} · approved reports only").format(
    country=md(sel.country), plan=md(sel.plan_title), date=format_date(sel.target_date)
)
st.caption(caption + (_(" · filtered in the sidebar") if sel.filtered else ""))
if rated["illustrative"].fillna(False).astype(bool).any():
    st.warning(_(ILLUSTRATIVE_NOTE), icon=":material/science:")

frameworks = plan_outline(sel.plan_id).frameworks
summary = framework_summary(rated, frameworks[frameworks["id"].isin(rated["framework_id"])])
for col, fw in zip(st.columns(max(len(summary), 1)), summary.itertuples(), strict=False):
    with col.container(border=True):
        st.subheader(md(fw.name))
        card = progress_card(fw.reported_progress, fw.expected_progress)
        st.metric(_("Progress (mean % complete)"), card.value, card.delta)
        st.progress(card.bar)
        st.caption(rating_counts(fw))

lines, statuses, gantt = overview_figures(
    sel.plan_id,
    sel.as_of,
    framework_ids=sel.framework_ids,
    agency_id=sel.agency_id,
    start=sel.period_start,
    target=sel.target_date,
    frameworks=sel.framework_names,
)
show_chart(lines, charts.progress_text(summary, sel.as_of), charts.progress_table(lines))
statuses_table = charts.status_table(rated, list(sel.framework_names))
show_chart(statuses, charts.status_text(statuses_table), statuses_table)

done = findings_summary(sel.plan_id, sel.as_of)
st.subheader(_("The report's recommendations"))
st.caption(" · ".join(f"{label}: {n}" for label, n in done.metrics()))
st.subheader(_("Watch-list"))
st.caption(_("Overdue, behind schedule, or no approved report in the last 90 days."))
watch = watch_list(rated)
if watch.empty:
    st.success(_("Nothing overdue, behind schedule or stale at this date."))
else:
    percent = st.column_config.NumberColumn
    columns = {
        "code": st.column_config.TextColumn(_("Code"), width=85),
        "title": st.column_config.TextColumn(_("Activity"), width=240),
        "framework": st.column_config.TextColumn(_("Framework"), width=95),
        "lead": agency_column(_("Lead agency"), watch["lead"], sel.plan_id, width=90),
        "why": st.column_config.TextColumn(_("Why it is listed"), width=190),
        "reported_percent": percent(_("Reported"), format="%.0f%%", width=75),
        "expected_percent": percent(_("Expected"), format="%.0f%%", width=75),
        "report_date": st.column_config.DateColumn(_("Last approved report"), width=90),
    }
    st.dataframe(watch[list(columns)], hide_index=True, width="stretch", column_config=columns)

show_chart(gantt, charts.timeline_text(rated, sel.as_of), charts.timeline_table(rated))

progress_report_download(sel.plan_code, sel.as_of)

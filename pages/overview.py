"""Overview: how implementation stands against the 2007 targets, at the reporting date."""

from __future__ import annotations

import streamlit as st

from models.db import database_url
from models.views.overview import framework_summary, progress_card, watch_list
from pages.ui.data import (
    ILLUSTRATIVE_NOTE,
    overview_figures,
    plan_outline,
    plans,
    rated_activities,
)
from pages.ui.report_download import progress_report_download
from pages.ui.sidebar import current_view

view = current_view()
if view is None:
    st.title("Overview")
    st.info("No plan is loaded yet. Run `actionplan init` then `actionplan seed` to load one.")
    st.stop()

url = database_url()
plan = plans(url).set_index("id").loc[view.plan_id]
rated = rated_activities(view)
st.title(f"Overview, as of {view.as_of:%d %B %Y}")
st.caption(
    f"{plan['country']}: {plan['title']} · target date {plan['target_date']:%d %B %Y} · "
    "approved reports only" + (" · filtered in the sidebar" if view.filtered else "")
)
if rated["illustrative"].fillna(False).astype(bool).any():
    st.warning(ILLUSTRATIVE_NOTE, icon=":material/science:")

frameworks = plan_outline(url, view.plan_id).frameworks
summary = framework_summary(rated, frameworks[frameworks["id"].isin(rated["framework_id"])])
for col, fw in zip(st.columns(max(len(summary), 1)), summary.itertuples(), strict=False):
    with col.container(border=True):
        st.subheader(f"{fw.name}")
        card = progress_card(fw.reported_progress, fw.expected_progress)
        st.metric("Progress (mean % complete)", card.value, card.delta)
        st.progress(card.bar)
        st.caption(
            f"{fw.activities} activities · {fw.rating_complete} complete · "
            f"{fw.rating_on_track} on track · {fw.rating_behind} behind · "
            f"{fw.rating_overdue} overdue · {fw.rating_no_report} without approved report · "
            f"{fw.rating_not_due_yet} not due yet · "
            f"{fw.rating_suspended + fw.rating_cancelled} suspended/cancelled"
        )

lines, statuses, gantt = overview_figures(view, plan["period_start"], plan["target_date"])
st.plotly_chart(lines)
st.plotly_chart(statuses)

st.subheader("Watch-list")
st.caption("Overdue, behind schedule, or no approved report in the last 90 days.")
watch = watch_list(rated)
if watch.empty:
    st.success("Nothing overdue, behind schedule or stale at this date.")
else:
    st.dataframe(
        watch[
            [
                "code",
                "title",
                "framework",
                "lead",
                "why",
                "reported_percent",
                "expected_percent",
                "report_date",
            ]
        ],
        hide_index=True,
        width="stretch",
        column_config={
            "code": "Code",
            "title": "Activity",
            "framework": "Framework",
            "lead": "Lead agency",
            "why": "Why it is listed",
            "reported_percent": st.column_config.NumberColumn("Reported", format="%.0f%%"),
            "expected_percent": st.column_config.NumberColumn("Expected", format="%.0f%%"),
            "report_date": st.column_config.DateColumn("Last approved report"),
        },
    )

st.plotly_chart(gantt)

progress_report_download(view.plan_code, view.as_of)

"""My activities: an editor's agency's activities, its reports on them, and a spreadsheet
round trip for reporting on several at once."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from models.db import database_url
from models.exchange.reports_workbook import build_workbook
from models.queries import reporting as q
from models.views import my_activities as rf
from pages.ui.data import ILLUSTRATIVE_NOTE, current_user, engine, md, plans, version
from pages.ui.my_activities_forms import FLASH, report_form, show_outcome, workbook_section
from pages.ui.sidebar import current_view


@st.cache_data(show_spinner=False, max_entries=32)
def _activities(url: str, data_version: tuple, user_id: int, plan_id: int) -> pd.DataFrame:
    return q.my_activities(engine(), user_id, plan_id)


@st.cache_data(show_spinner=False, max_entries=64)
def _history(url: str, data_version: tuple, activity_id: int, role: str, organisation_id: int):
    viewer = {"role": role, "organisation_id": organisation_id}
    return q.report_history(engine(), activity_id, viewer), q.activity_indicators(
        engine(), activity_id
    )


@st.cache_data(show_spinner=False, max_entries=8)
def _workbook(url: str, data_version: tuple, user_id: int, plan_id: int) -> bytes:
    return build_workbook(engine(), {"id": user_id}, plan_id)


view = current_view()
user = current_user()
st.title("My activities")
if view is None:
    st.info("No plan is loaded yet.")
    st.stop()
url, plan = database_url(), plans(database_url()).set_index("id").loc[view.plan_id]
activities = _activities(url, version(), user["id"], view.plan_id)
st.caption(f"Activities of {md(plan['title'])} that {md(user['organisation'])} leads or supports.")
if activities.empty:
    st.info("Your organisation neither leads nor supports any activity of this plan.")
    st.stop()
if activities["approved_illustrative"].fillna(False).astype(bool).any():
    st.warning(ILLUSTRATIVE_NOTE, icon=":material/science:")
if flash := st.session_state.pop(FLASH, None):
    st.success(flash)
st.dataframe(
    rf.activity_table(activities),
    hide_index=True,
    column_config={
        "code": "Code",
        "title": "Activity",
        "role": "Your role",
        "approved_status": "Approved status",
        "approved_date": st.column_config.DateColumn("Approved on"),
        "approved_percent": st.column_config.NumberColumn("Approved %", format="%d%%"),
        "your_report": "Your latest report",
    },
)

rows = activities.set_index("activity_id")
titles = dict(zip(rows.index, rows["code"] + ": " + rows["title"], strict=True))
activity_id = int(
    st.selectbox("Report on", list(rows.index), format_func=titles.get, key="activity")
)
row = rows.loc[activity_id].copy()
history, indicators = _history(url, version(), activity_id, user["role"], user["organisation_id"])
if row["own_state"] == "returned":
    st.error(
        f"Returned for changes: **{md(row['own_reason'])}** Correct the report below and "
        "submit it again.",
        icon=":material/undo:",
    )
elif row["own_state"] in ("draft", "submitted"):
    st.info(f"Your report of {row['own_date']}: {rf.STATE_LABELS[row['own_state']].lower()}.")
today = rf.default_date(date.today(), plan["target_date"])
defaults = rf.form_defaults(engine(), row, history, today)
# The approved report the form on screen was written against, kept from the run that drew
# it: an approval made while the editor types is then caught as a conflict, not absorbed.
basis_key = f"basis-{activity_id}"
basis = st.session_state.get(basis_key, row["approved_id"])
pressed = report_form(f"{activity_id}-{defaults.report_id or 'new'}", defaults, indicators)
if pressed:
    st.session_state.pop(basis_key, None)
    fields, submit = pressed
    show_outcome(
        rf.save(
            engine(),
            user=user,
            submit=submit,
            activity_id=activity_id,
            based_on_id=None if pd.isna(basis) else int(basis),
            report_id=defaults.report_id,
            **fields,
        )
    )
else:
    st.session_state[basis_key] = row["approved_id"]

st.subheader("History of reports on this activity")
st.dataframe(rf.history_table(history), hide_index=True)
workbook_section(user, _workbook(url, version(), user["id"], view.plan_id), view.plan_code)

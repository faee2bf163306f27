"""My activities: an editor's agency's activities, its reports on them, and a spreadsheet
round trip for reporting on several at once."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from models.views import my_activities as rf
from pages.ui.actions import flash
from pages.ui.data import engine, my_activities_list, my_activities_reports, my_activities_workbook
from pages.ui.labels import ILLUSTRATIVE_NOTE, md
from pages.ui.my_activities_forms import (
    report_form,
    save,
    submit_saved_draft,
    submitted_view,
    withdraw,
    workbook_section,
)
from pages.ui.session import signed_in
from pages.ui.sidebar import selection

sel = selection()
user = signed_in()
st.title("My activities")
activities = my_activities_list(user.id, sel.plan_id)
st.caption(f"Activities of {md(sel.plan_title)} that {md(user.organisation)} leads or supports.")
if activities.empty:
    st.info("Your organisation neither leads nor supports any activity of this plan.")
    st.stop()
if activities["approved_illustrative"].fillna(False).astype(bool).any():
    st.warning(ILLUSTRATIVE_NOTE, icon=":material/science:")
flash()
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
history, indicators = my_activities_reports(
    activity_id, role=user.role, organisation_id=user.organisation_id, plan_id=sel.plan_id
)
state = row["own_state"]
if state == "returned":
    st.error(
        f"Returned for changes: **{md(row['own_reason'])}** Correct the report below and "
        "submit it again.",
        icon=":material/undo:",
    )
elif state == "draft":
    st.info(f"Your report of {row['own_date']}: {rf.STATE_LABELS[state].lower()}.")
    if st.button("Submit this draft as saved", key="submit_draft"):
        submit_saved_draft(history, int(row["own_id"]))
if state == "submitted":
    submitted_view(history, int(row["own_id"]))
else:
    today = rf.default_date(date.today(), sel.target_date)
    defaults = rf.form_defaults(engine(), row, history, today)
    # The approved report the form on screen was written against, kept from the run that
    # drew it: an approval made while the editor types is caught as a conflict, not absorbed.
    basis_key = f"basis-{activity_id}"
    basis = st.session_state.get(basis_key, row["approved_id"])
    pressed = report_form(f"{activity_id}-{defaults.report_id or 'new'}", defaults, indicators)
    if pressed:
        st.session_state.pop(basis_key, None)
        fields, submit = pressed
        save(
            history,
            submit=submit,
            activity_id=activity_id,
            based_on_id=None if pd.isna(basis) else int(basis),
            report_id=defaults.report_id,
            **fields,
        )
    else:
        st.session_state[basis_key] = row["approved_id"]
    if state in ("draft", "returned"):
        verb = "Discard this draft" if state == "draft" else "Withdraw this returned report"
        if st.button(verb, key=f"withdraw-{row['own_id']}"):
            withdraw(
                int(row["own_id"]), done=f"Report {row['own_id']} withdrawn; kept in the history."
            )

st.subheader("History of reports on this activity")
st.dataframe(rf.history_table(history), hide_index=True)
workbook_section(user.organisation, my_activities_workbook(user.id, sel.plan_id), sel.plan_code)

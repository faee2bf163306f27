"""My activities: an editor's agency's activities, its reports on them, and a spreadsheet
round trip for reporting on several at once."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from models.i18n import _, format_date
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
st.title(_("My activities"))
activities = my_activities_list(user.id, sel.plan_id)
st.caption(
    _("Activities of {plan} that {organisation} leads or supports.").format(
        plan=md(sel.plan_title), organisation=md(user.organisation)
    )
)
if activities.empty:
    st.info(_("Your organisation neither leads nor supports any activity of this plan."))
    st.stop()
if activities["approved_illustrative"].fillna(False).astype(bool).any():
    st.warning(_(ILLUSTRATIVE_NOTE), icon=":material/science:")
flash()
st.dataframe(
    rf.activity_table(activities),
    hide_index=True,
    column_config={
        "code": _("Code"),
        "title": _("Activity"),
        "role": _("Your role"),
        "approved_status": _("Approved status"),
        "approved_date": st.column_config.DateColumn(_("Approved on")),
        "approved_percent": st.column_config.NumberColumn(_("Approved %"), format="%d%%"),
        "your_report": _("Your latest report"),
    },
)

rows = activities.set_index("activity_id")
titles = dict(zip(rows.index, rows["code"] + ": " + rows["title"], strict=True))
activity_id = int(
    st.selectbox(_("Report on"), list(rows.index), format_func=titles.get, key="activity")
)
row = rows.loc[activity_id].copy()
history, indicators = my_activities_reports(
    activity_id, role=user.role, organisation_id=user.organisation_id, plan_id=sel.plan_id
)
state = row["own_state"]
if state == "returned":
    st.error(
        _(
            "Returned for changes: **{reason}** Correct the report below and submit it again."
        ).format(reason=md(row["own_reason"])),
        icon=":material/undo:",
    )
elif state == "draft":
    st.info(
        _("Your report of {date}: {state}.").format(
            date=format_date(row["own_date"]), state=_(rf.STATE_LABELS[state]).lower()
        )
    )
    if st.button(_("Submit this draft as saved"), key="submit_draft"):
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
        verb = _("Discard this draft") if state == "draft" else _("Withdraw this returned report")
        if st.button(verb, key=f"withdraw-{row['own_id']}"):
            withdraw(
                int(row["own_id"]),
                done=_("Report {id} withdrawn; kept in the history.").format(id=row["own_id"]),
            )

st.subheader(_("History of reports on this activity"))
st.dataframe(rf.history_table(history), hide_index=True)
workbook_section(user.organisation, my_activities_workbook(user.id, sel.plan_id), sel.plan_code)

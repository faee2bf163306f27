"""Approvals: the coordinator reviews submitted reports, approves or returns them, and locks
reporting periods. Only approved reports count in the dashboard."""

from __future__ import annotations

import streamlit as st

from models.services.reporting import approve, lock_period, return_report
from models.views import approvals as av
from pages.ui.actions import act, flash
from pages.ui.data import approvals_queue, version
from pages.ui.labels import ILLUSTRATIVE_NOTE, md
from pages.ui.sidebar import selection

sel = selection()
st.title("Approvals")
flash()
queue, values, locks = approvals_queue(sel.plan_id)
st.caption(
    "Submitted reports of the plan, oldest submission first, each beside the activity's "
    "latest approved report. Only approved reports count in the dashboard."
)
if queue.empty:
    st.info("No reports are waiting for approval.")
else:
    if queue["illustrative"].any():
        st.warning(ILLUSTRATIVE_NOTE, icon=":material/science:")
    table = av.queue_table(queue, values)
    # Who submitted it and what changed show at 1440 px; the long text follows to the right.
    text = st.column_config.TextColumn
    columns = {
        **av.HEADINGS,
        "code": text("Code", width=90, pinned=True),
        "title": text("Activity", width=190),
        "organisation": text("Agency", width=70),
        "submitted_by": text("Submitted by", width=120),
        "report_date": st.column_config.DateColumn("Report date", width=95),
        "status": text("Status", width=170),
        "percent": text("% complete", width=150),
        "values": text("Indicator values", width="medium"),
        "narrative": text("Narrative", width="large"),
    }
    order = ["code", "title", "organisation", "submitted_by", "report_date", "status", "percent"]
    order += [c for c in table.columns if c not in order]
    st.dataframe(table, hide_index=True, column_config=columns, column_order=order)
    for warning in (w for row in queue.itertuples() for w in av.warnings(row)):
        st.warning(md(warning), icon=":material/warning:")
    labels = {int(row.report_id): av.label(row) for row in queue.itertuples()}
    with st.form("approve", border=True):
        st.subheader("Approve")
        # Keyed on the data version: a decided report must not stay chosen after the rerun.
        chosen = st.multiselect(
            "Reports to approve",
            list(labels),
            format_func=labels.get,
            key=f"approve-{version()}",
            placeholder="Choose",
        )
        st.caption("All or none: if one of them cannot be approved, none is.")
        if st.form_submit_button("Approve selected reports", type="primary"):
            act(
                approve,
                done=f"Approved {len(chosen)} report(s).",
                explain=av.readable,
                report_ids=chosen,
            )

    st.subheader("Review one report")
    report_id = st.selectbox("Report", list(labels), format_func=labels.get)
    row = queue.set_index("report_id").loc[report_id]
    shown = table.loc[report_id]
    st.markdown(
        f"**{md(row['code'])} {md(row['title'])}** · {md(row['organisation'])} · "
        f"submitted by {md(shown['submitted_by'])}"
    )
    left, right = st.columns(2)
    left.metric("Status", shown["status"], border=True)
    right.metric("% complete", shown["percent"], border=True)
    st.text(f"Narrative: {row['narrative'] or av.NONE}")
    st.text(f"Evidence: {shown['evidence_url']}")
    st.text(f"Indicator values: {shown['values']}")
    if st.button("Approve this report", key=f"approve-one-{report_id}"):
        act(
            approve,
            done=f"Approved report {report_id} ({row['code']}).",
            explain=av.readable,
            report_ids=[report_id],
        )
    with st.form(f"return-{report_id}", border=True):
        reason = st.text_area(
            "Reason for returning it",
            key=f"reason-{report_id}",
            help="Required: the agency reads it and reports again.",
        )
        if st.form_submit_button("Return to the agency"):
            act(
                return_report,
                explain=av.readable,
                done=f"Returned report {report_id} ({row['code']}) to {row['organisation']}.",
                report_id=report_id,
                reason=reason,
            )

st.header("Locked reporting periods")
st.caption("No report dated in a locked period may be added, changed, approved or returned.")
with st.form("lock", border=True):
    start, end = st.columns(2)
    limits = {"min_value": sel.period_start, "max_value": sel.target_date}
    period_start = start.date_input("From", value=None, format="YYYY-MM-DD", **limits)
    period_end = end.date_input("To", value=None, format="YYYY-MM-DD", **limits)
    if st.form_submit_button("Lock period"):
        act(
            lock_period,
            done=f"Locked {period_start} to {period_end}.",
            explain=av.readable,
            plan_id=sel.plan_id,
            period_start=period_start,
            period_end=period_end,
        )
if locks.empty:
    st.caption("No period of this plan is locked.")
else:
    at = st.column_config.DatetimeColumn("Locked at", format="YYYY-MM-DD HH:mm")
    headings = {"period_start": "From", "period_end": "To", "locked_by": "Locked by"}
    st.dataframe(
        locks.drop(columns="id"), hide_index=True, column_config={**headings, "locked_at": at}
    )

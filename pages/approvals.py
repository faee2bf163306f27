"""Approvals: the coordinator reviews submitted reports, approves or returns them, and locks
reporting periods. Only approved reports count in the dashboard."""

from __future__ import annotations

import streamlit as st

from models.i18n import _, format_date, ngettext
from models.services.reporting import approve, lock_period, return_report
from models.views import approvals as av
from pages.ui.actions import act, flash
from pages.ui.data import approvals_queue, version
from pages.ui.labels import ILLUSTRATIVE_NOTE, md
from pages.ui.sidebar import selection

sel = selection()
st.title(_("Approvals"))
flash()
queue, values, locks = approvals_queue(sel.plan_id)
st.caption(
    _(
        "Submitted reports of the plan, oldest submission first, each beside the activity's "
        "latest approved report. Only approved reports count in the dashboard."
    )
)
if queue.empty:
    st.info(_("No reports are waiting for approval."))
else:
    if queue["illustrative"].any():
        st.warning(_(ILLUSTRATIVE_NOTE), icon=":material/science:")
    table = av.queue_table(queue, values)
    # Who submitted it and what changed show at 1440 px; the long text follows to the right.
    text = st.column_config.TextColumn
    columns = {
        **{key: av.heading(key) for key in av.HEADINGS},
        "code": text(_("Code"), width=90, pinned=True),
        "title": text(_("Activity"), width=190),
        "organisation": text(_("Agency"), width=70),
        "submitted_by": text(_("Submitted by"), width=120),
        "report_date": st.column_config.DateColumn(_("Report date"), width=95),
        "status": text(_("Status"), width=170),
        "percent": text(av.heading("percent"), width=150),
        "values": text(_("Indicator values"), width="medium"),
        "narrative": text(_("Narrative"), width="large"),
    }
    order = ["code", "title", "organisation", "submitted_by", "report_date", "status", "percent"]
    order += [c for c in table.columns if c not in order]
    st.dataframe(table, hide_index=True, column_config=columns, column_order=order)
    for warning in (w for row in queue.itertuples() for w in av.warnings(row)):
        st.warning(md(warning), icon=":material/warning:")
    labels = {int(row.report_id): av.label(row) for row in queue.itertuples()}
    with st.form("approve", border=True):
        st.subheader(_("Approve"))
        # Keyed on the data version: a decided report must not stay chosen after the rerun.
        chosen = st.multiselect(
            _("Reports to approve"),
            list(labels),
            format_func=labels.get,
            key=f"approve-{version()}",
            placeholder=_("Choose"),
        )
        st.caption(_("All or none: if one of them cannot be approved, none is."))
        if st.form_submit_button(_("Approve selected reports"), type="primary"):
            act(
                approve,
                done=ngettext(
                    "Approved {count} report(s).", "Approved {count} report(s).", len(chosen)
                ).format(count=len(chosen)),
                explain=av.readable,
                report_ids=chosen,
            )

    st.subheader(_("Review one report"))
    report_id = st.selectbox(_("Report"), list(labels), format_func=labels.get)
    row = queue.set_index("report_id").loc[report_id]
    shown = table.loc[report_id]
    st.markdown(
        _("**{code} {title}** · {organisation} · submitted by {person}").format(
            code=md(row["code"]),
            title=md(row["title"]),
            organisation=md(row["organisation"]),
            person=md(shown["submitted_by"]),
        )
    )
    left, right = st.columns(2)
    left.metric(_("Status"), shown["status"], border=True)
    right.metric(av.heading("percent"), shown["percent"], border=True)
    st.text(_("Narrative: {text}").format(text=row["narrative"] or av.NONE))
    st.text(_("Evidence: {link}").format(link=shown["evidence_url"]))
    st.text(_("Indicator values: {values}").format(values=shown["values"]))
    if st.button(_("Approve this report"), key=f"approve-one-{report_id}"):
        act(
            approve,
            done=_("Approved report {id} ({code}).").format(id=report_id, code=row["code"]),
            explain=av.readable,
            report_ids=[report_id],
        )
    with st.form(f"return-{report_id}", border=True):
        reason = st.text_area(
            _("Reason for returning it"),
            key=f"reason-{report_id}",
            help=_("Required: the agency reads it and reports again."),
        )
        if st.form_submit_button(_("Return to the agency")):
            act(
                return_report,
                explain=av.readable,
                done=_("Returned report {id} ({code}) to {organisation}.").format(
                    id=report_id, code=row["code"], organisation=row["organisation"]
                ),
                report_id=report_id,
                reason=reason,
            )

st.header(_("Locked reporting periods"))
st.caption(_("No report dated in a locked period may be added, changed, approved or returned."))
with st.form("lock", border=True):
    start, end = st.columns(2)
    limits = {"min_value": sel.period_start, "max_value": sel.target_date}
    period_start = start.date_input(_("From"), value=None, format="YYYY-MM-DD", **limits)
    period_end = end.date_input(_("To"), value=None, format="YYYY-MM-DD", **limits)
    if st.form_submit_button(_("Lock period")):
        act(
            lock_period,
            done=_("Locked {start} to {end}.").format(
                start=format_date(period_start), end=format_date(period_end)
            ),
            explain=av.readable,
            plan_id=sel.plan_id,
            period_start=period_start,
            period_end=period_end,
        )
if locks.empty:
    st.caption(_("No period of this plan is locked."))
else:
    at = st.column_config.DatetimeColumn(_("Locked at"), format="YYYY-MM-DD HH:mm")
    headings = {"period_start": _("From"), "period_end": _("To"), "locked_by": _("Locked by")}
    st.dataframe(
        locks.drop(columns="id"), hide_index=True, column_config={**headings, "locked_at": at}
    )

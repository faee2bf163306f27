"""The widgets of the My activities page: the report form, what came of saving it, and the
spreadsheet round trip. Streamlit only; the work is done by models.services.reporting and
models.exchange.reports_upload, through pages.ui.actions."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pandas as pd
import streamlit as st

from models.codes import STATUS_LABELS
from models.exchange.reports_upload import save_workbook
from models.rules.reporting import NARRATIVE_MAX
from models.services.errors import DomainError, ReportConflict
from models.services.reporting import save_report, submit_draft, withdraw_report
from models.views import my_activities as rf
from pages.ui.actions import act, show_refusal
from pages.ui.labels import md

_MILESTONE_LABELS = {None: "Not reported", 1: "Yes", 0: "No"}


def report_form(key: str, defaults: rf.FormDefaults, indicators: pd.DataFrame):
    """The form; returns (fields, submit) once a button is pressed, else None."""
    with st.form(f"report-{key}"):
        statuses = list(STATUS_LABELS)
        fields: dict[str, Any] = {
            "status": st.selectbox(
                "Implementation status",
                statuses,
                key=f"status-{key}",
                index=statuses.index(defaults.status),
                format_func=STATUS_LABELS.get,
            ),
            "percent_complete": st.number_input(
                "Percent complete", 0, 100, defaults.percent, 1, key=f"pc-{key}"
            ),
            # Not capped at today: the service judges "in the future" by the server's clock
            # and says so, rather than the widget silently refusing a date.
            "report_date": st.date_input(
                "Report date",
                defaults.report_date,
                key=f"d-{key}",
                max_value=date.today() + timedelta(days=366),
                format="YYYY-MM-DD",
            ),
            "narrative": st.text_area(
                "Narrative", defaults.narrative, max_chars=NARRATIVE_MAX, key=f"n-{key}"
            ),
            "evidence_url": st.text_input(
                "Evidence link", defaults.evidence_url, key=f"e-{key}", placeholder="https://…"
            ),
            "indicator_values": {
                ind.indicator_id: _indicator(ind, defaults.values.get(ind.indicator_id), key)
                for ind in indicators.itertuples()
            },
        }
        left, right = st.columns(2)
        save = left.form_submit_button("Save draft", width="stretch")
        submit = right.form_submit_button("Submit for approval", type="primary", width="stretch")
    if not (save or submit):
        return None
    fields["percent_complete"] = int(fields["percent_complete"])
    return fields, submit


def _indicator(ind, now, key: str):
    label = f"{ind.code}: {md(ind.name)}"
    if ind.measure == "milestone":
        options = list(_MILESTONE_LABELS)
        return st.selectbox(
            label,
            options,
            index=options.index(None if now is None else int(now)),
            format_func=_MILESTONE_LABELS.get,
            key=f"i{ind.indicator_id}-{key}",
        )
    return st.number_input(
        f"{label} ({md(ind.unit or 'number')})",
        step=1.0,
        format="%g",
        value=None if now is None else float(now),
        key=f"i{ind.indicator_id}-{key}",
    )


def save(history: pd.DataFrame, *, submit: bool, **fields: Any) -> None:
    """Save (with `submit`, submit) one report; on a conflict, show the newer report."""

    def done(report) -> str:
        state = "submitted for approval" if report.state == "submitted" else "saved as a draft"
        return f"Report {report.id} {state}."

    act(save_report, done=done, on_refusal=_refusal_shower(history), submit=submit, **fields)


def submit_saved_draft(history: pd.DataFrame, report_id: int) -> None:
    """Submit the agency's saved draft as it stands, checked again against today's record."""

    act(
        submit_draft,
        done=f"Report {report_id} submitted for approval.",
        on_refusal=_refusal_shower(history),
        report_id=report_id,
    )


def submitted_view(history: pd.DataFrame, report_id: int) -> None:
    """The agency's submitted report, read-only, with the one way to change it."""
    st.info(
        f"Report {report_id} is submitted and awaits the coordinator's review. "
        "Withdraw it to edit it again; it then stays in the history as withdrawn.",
        icon=":material/hourglass_top:",
    )
    for label, value in rf.submitted_summary(history, report_id):
        st.markdown(f"**{label}:** {md(value)}")
    if st.button("Withdraw to edit", key=f"withdraw-{report_id}"):
        withdraw(report_id, done=f"Report {report_id} withdrawn: edit it below and submit again.")


def withdraw(report_id: int, *, done: str) -> None:
    """Withdraw the agency's report in progress; it stays in the history."""
    act(withdraw_report, done=done, report_id=report_id)


def _refusal_shower(history: pd.DataFrame):
    """How a refused report is shown: a conflict beside the newer report, else each problem."""

    def refused(error: DomainError) -> None:
        if isinstance(error, ReportConflict):
            show_conflict(error, rf.newer_report(history, error.newer_id))
        else:
            show_refusal(error, rf.field_message)

    return refused


def show_conflict(conflict: ReportConflict, newer: dict | None) -> None:
    """A newer report was approved meanwhile: say so, show it, say where the report went."""
    st.warning(md(str(conflict)), icon=":material/sync_problem:")
    if newer:
        st.markdown(
            f"**The newer approved report**, {newer['report_date']} by "
            f"{md(newer['organisation'])}: {STATUS_LABELS[newer['status']]}, "
            f"{newer['percent_complete']}% complete. Its narrative:"
        )
        st.text(newer["narrative"] or "(no narrative)")
    if conflict.draft_id is not None:
        st.info(
            f"Your report was kept as draft {conflict.draft_id}: review it below, against "
            "the newer report, and submit it again."
        )


def workbook_section(organisation: str | None, workbook: bytes, plan_code: str) -> None:
    st.subheader("Report by spreadsheet")
    st.caption(
        "Download your activities as a workbook, fill a row per activity and upload it "
        "back. Every row is checked; if one is refused, nothing is saved."
    )
    st.download_button(
        "Download workbook (Excel)",
        workbook,
        f"reports-{organisation or 'agency'}-{plan_code}.xlsx",
    )
    filled = st.file_uploader("Filled workbook", type=["xlsx"])
    left, right = st.columns(2)
    as_submitted = left.button("Upload and submit", disabled=filled is None)
    as_drafts = right.button("Upload as drafts", disabled=filled is None)
    if filled is None or not (as_submitted or as_drafts):
        return
    act(
        save_workbook,
        done=lambda saved: f"{len(saved)} report(s) saved from the workbook.",
        on_refusal=_workbook_problems,
        data=filled.getvalue(),
        submit=as_submitted,
    )


def _workbook_problems(refused: DomainError) -> None:
    errors = getattr(refused, "errors", None)
    if not errors:
        show_refusal(refused)
        return
    st.error(f"Nothing was saved: {len(errors)} problem(s) in the file.")
    st.dataframe(pd.DataFrame(errors, columns=["Row", "Column", "Problem"]), hide_index=True)

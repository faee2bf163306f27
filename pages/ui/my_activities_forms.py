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
from models.i18n import N_, _, format_date, format_percent, ngettext
from models.rules.reporting import NARRATIVE_MAX
from models.services.errors import DomainError, ReportConflict
from models.services.reporting import save_report, submit_draft, withdraw_report
from models.views import my_activities as rf
from pages.ui.actions import act, show_refusal
from pages.ui.labels import md

_MILESTONE_LABELS = {None: N_("Not reported"), 1: N_("Yes"), 0: N_("No")}


def report_form(key: str, defaults: rf.FormDefaults, indicators: pd.DataFrame):
    """The form; returns (fields, submit) once a button is pressed, else None."""
    with st.form(f"report-{key}"):
        statuses = list(STATUS_LABELS)
        fields: dict[str, Any] = {
            "status": st.selectbox(
                _("Implementation status"),
                statuses,
                key=f"status-{key}",
                index=statuses.index(defaults.status),
                format_func={s: _(STATUS_LABELS[s]) for s in statuses}.get,
            ),
            "percent_complete": st.number_input(
                _("Percent complete"), 0, 100, defaults.percent, 1, key=f"pc-{key}"
            ),
            # Not capped at today: the service judges "in the future" by the server's clock
            # and says so, rather than the widget silently refusing a date.
            "report_date": st.date_input(
                _("Report date"),
                defaults.report_date,
                key=f"d-{key}",
                max_value=date.today() + timedelta(days=366),
                format="YYYY-MM-DD",
            ),
            "narrative": st.text_area(
                _("Narrative"), defaults.narrative, max_chars=NARRATIVE_MAX, key=f"n-{key}"
            ),
            "evidence_url": st.text_input(
                _("Evidence link"), defaults.evidence_url, key=f"e-{key}", placeholder="https://…"
            ),
            "indicator_values": {
                ind.indicator_id: _indicator(ind, defaults.values.get(ind.indicator_id), key)
                for ind in indicators.itertuples()
            },
        }
        left, right = st.columns(2)
        save = left.form_submit_button(_("Save draft"), width="stretch")
        submit = right.form_submit_button(_("Submit for approval"), type="primary", width="stretch")
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
            format_func={o: _(_MILESTONE_LABELS[o]) for o in options}.get,
            key=f"i{ind.indicator_id}-{key}",
        )
    return st.number_input(
        _("{indicator} ({unit})").format(indicator=label, unit=md(ind.unit or _("number"))),
        step=1.0,
        format="%g",
        value=None if now is None else float(now),
        key=f"i{ind.indicator_id}-{key}",
    )


def save(history: pd.DataFrame, *, submit: bool, **fields: Any) -> None:
    """Save (with `submit`, submit) one report; on a conflict, show the newer report."""

    def done(report) -> str:
        if report.state == "submitted":
            return _("Report {id} submitted for approval.").format(id=report.id)
        return _("Report {id} saved as a draft.").format(id=report.id)

    act(save_report, done=done, on_refusal=_refusal_shower(history), submit=submit, **fields)


def submit_saved_draft(history: pd.DataFrame, report_id: int) -> None:
    """Submit the agency's saved draft as it stands, checked again against today's record."""

    act(
        submit_draft,
        done=_("Report {id} submitted for approval.").format(id=report_id),
        on_refusal=_refusal_shower(history),
        report_id=report_id,
    )


def submitted_view(history: pd.DataFrame, report_id: int) -> None:
    """The agency's submitted report, read-only, with the one way to change it."""
    st.info(
        _(
            "Report {id} is submitted and awaits the coordinator's review. "
            "Withdraw it to edit it again; it then stays in the history as withdrawn."
        ).format(id=report_id),
        icon=":material/hourglass_top:",
    )
    for label, value in rf.submitted_summary(history, report_id):
        st.markdown(f"**{label}:** {md(value)}")
    if st.button(_("Withdraw to edit"), key=f"withdraw-{report_id}"):
        withdraw(
            report_id,
            done=_("Report {id} withdrawn: edit it below and submit again.").format(id=report_id),
        )


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
            _(
                "**The newer approved report**, {date} by {organisation}: {status}, "
                "{percent} complete. Its narrative:"
            ).format(
                date=format_date(newer["report_date"]),
                organisation=md(newer["organisation"]),
                status=_(STATUS_LABELS[newer["status"]]),
                percent=format_percent(newer["percent_complete"]),
            )
        )
        st.text(newer["narrative"] or _("(no narrative)"))
    if conflict.draft_id is not None:
        st.info(
            _(
                "Your report was kept as draft {id}: review it below, against "
                "the newer report, and submit it again."
            ).format(id=conflict.draft_id)
        )


def workbook_section(organisation: str | None, workbook: bytes, plan_code: str) -> None:
    st.subheader(_("Report by spreadsheet"))
    st.caption(
        _(
            "Download your activities as a workbook, fill a row per activity and upload it "
            "back. Every row is checked; if one is refused, nothing is saved."
        )
    )
    st.download_button(
        _("Download workbook (Excel)"),
        workbook,
        f"reports-{organisation or 'agency'}-{plan_code}.xlsx",
    )
    filled = st.file_uploader(_("Filled workbook"), type=["xlsx"])
    left, right = st.columns(2)
    as_submitted = left.button(_("Upload and submit"), disabled=filled is None)
    as_drafts = right.button(_("Upload as drafts"), disabled=filled is None)
    if filled is None or not (as_submitted or as_drafts):
        return
    act(
        save_workbook,
        done=lambda saved: ngettext(
            "{count} report(s) saved from the workbook.",
            "{count} report(s) saved from the workbook.",
            len(saved),
        ).format(count=len(saved)),
        on_refusal=_workbook_problems,
        data=filled.getvalue(),
        submit=as_submitted,
    )


def _workbook_problems(refused: DomainError) -> None:
    errors = getattr(refused, "errors", None)
    if not errors:
        show_refusal(refused)
        return
    st.error(
        ngettext(
            "Nothing was saved: {count} problem(s) in the file.",
            "Nothing was saved: {count} problem(s) in the file.",
            len(errors),
        ).format(count=len(errors))
    )
    columns = [_("Row"), _("Column"), _("Problem")]
    st.dataframe(pd.DataFrame(errors, columns=columns), hide_index=True)

"""The progress report's section on the report's own findings and their follow-up.

The findings are listed by kind in the report's order, in its wording (the bold title), with
their source section; recommendations and deficiencies carry the management response as of
the reporting date (response, owner agency, due date) and the latest follow-up note's status,
as the Findings page shows them for that date.
"""

from __future__ import annotations

import pandas as pd

from models.codes import RESPONSE_LABELS, STATUS_LABELS
from models.exchange.report_detail import NONE, day, plain
from models.exchange.report_pdf import ReportPDF
from models.i18n import N_, _
from models.views.findings import KIND_ORDER, KIND_TITLES

HEADING = N_("Findings of the report and their follow-up")
FOLLOWED_HEADINGS = [
    N_("No."),
    N_("Finding"),
    N_("Source"),
    N_("Response"),
    N_("Owner agency"),
    N_("Due"),
    N_("Follow-up"),
]
FOLLOWED_WIDTHS = [8, 44, 30, 20, 30, 19, 23]


def write_findings(pdf: ReportPDF, findings: pd.DataFrame, as_of) -> None:
    """One table per kind; nothing at all if the plan has no findings."""
    if findings.empty:
        return
    pdf.heading(_(HEADING))
    pdf.paragraph(
        _(
            "The report's own best practices, deficiencies and recommendations, in its wording, "
            "and the response to each recommendation and deficiency as of {date}: the latest "
            "response dated on or before that date and the status of the latest follow-up note "
            "(not started, limited, substantial, complete)."
        ).format(date=day(as_of))
    )
    for kind in KIND_ORDER:
        rows = findings[findings["kind"] == kind]
        if rows.empty:
            continue
        pdf.heading(_(KIND_TITLES[kind]), level=1)
        records = rows.to_dict("records")
        if kind == "best_practice":
            pdf.table(
                [_("No."), _("Best practice"), _("Source")],
                [
                    [str(r["position"]), plain(r["title"]), plain(r["source"]) or NONE]
                    for r in records
                ],
                [9, 120, 45],
            )
            continue
        headings = [_(h) for h in FOLLOWED_HEADINGS]
        pdf.table(headings, [_followed(r) for r in records], FOLLOWED_WIDTHS, size=7.5)
    overdue = int(findings["overdue"].fillna(False).astype(bool).sum())
    if overdue:
        late = _("Overdue: {count} past the due date and not complete.").format(count=overdue)
        pdf.paragraph(late, size=9)


def _followed(r: dict) -> list[str]:
    response = _("None recorded")
    if r["response"]:
        response = _(RESPONSE_LABELS[r["response"]]) if r["response"] in RESPONSE_LABELS else NONE
    status = NONE
    if r["status"]:
        status = f"{_(STATUS_LABELS[r['status']])} ({day(r['note_date'])})"
    due = day(r["due_date"])
    if r["overdue"]:
        due = _("{date} (overdue)").format(date=due)
    return [
        str(r["position"]),
        plain(r["title"]),
        plain(r["source"]) or NONE,
        response,
        plain(r["owner"]) or NONE,
        due,
        status,
    ]

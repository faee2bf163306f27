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
from models.views.findings import KIND_ORDER, KIND_TITLES

HEADING = "Findings of the report and their follow-up"
FOLLOWED_HEADINGS = ["No.", "Finding", "Source", "Response", "Owner agency", "Due", "Follow-up"]
FOLLOWED_WIDTHS = [8, 44, 30, 20, 30, 19, 23]


def write_findings(pdf: ReportPDF, findings: pd.DataFrame, as_of) -> None:
    """One table per kind; nothing at all if the plan has no findings."""
    if findings.empty:
        return
    pdf.heading(HEADING)
    pdf.paragraph(
        "The report's own best practices, deficiencies and recommendations, in its wording, "
        f"and the response to each recommendation and deficiency as of {day(as_of)}: the "
        "latest response dated on or before that date and the status of the latest follow-up "
        "note (not started, limited, substantial, complete)."
    )
    for kind in KIND_ORDER:
        rows = findings[findings["kind"] == kind]
        if rows.empty:
            continue
        pdf.heading(KIND_TITLES[kind], level=1)
        records = rows.to_dict("records")
        if kind == "best_practice":
            pdf.table(
                ["No.", "Best practice", "Source"],
                [
                    [str(r["position"]), plain(r["title"]), plain(r["source"]) or NONE]
                    for r in records
                ],
                [9, 120, 45],
            )
            continue
        pdf.table(FOLLOWED_HEADINGS, [_followed(r) for r in records], FOLLOWED_WIDTHS, size=7.5)
    overdue = int(findings["overdue"].fillna(False).astype(bool).sum())
    if overdue:
        pdf.paragraph(f"Overdue: {overdue} past the due date and not complete.", size=9)


def _followed(r: dict) -> list[str]:
    response = RESPONSE_LABELS.get(r["response"], NONE) if r["response"] else "None recorded"
    status = NONE
    if r["status"]:
        status = f"{STATUS_LABELS[r['status']]} ({day(r['note_date'])})"
    due = day(r["due_date"])
    if r["overdue"]:
        due += " (overdue)"
    return [
        str(r["position"]),
        plain(r["title"]),
        plain(r["source"]) or NONE,
        response,
        plain(r["owner"]) or NONE,
        due,
        status,
    ]

"""The Approvals page's presentation: what changed in each submitted report, and why approving
it may be refused. Pure pandas over the frames of models.queries.reporting.

A reviewer decides by comparing a report with the activity's latest approved report, so every
row reads "before → after"; `conflict` and `locked` become sentences saying what will happen.
"""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
from sqlalchemy import Engine

from models.codes import STATUS_LABELS
from models.queries import reporting as q

NONE = "—"
# Column headings of the queue table, in the order shown.
# What changed leads; who sent it and the long texts follow (the table scrolls sideways).
HEADINGS = {
    "code": "Code",
    "title": "Activity",
    "organisation": "Agency",
    "report_date": "Report date",
    "status": "Status",
    "percent": "% complete",
    "flags": "Flags",
    "values": "Indicator values",
    "submitted_by": "Submitted by",
    "submitted_at": "Submitted",
    "narrative": "Narrative",
    "evidence_url": "Evidence",
}
# The form field each service message names, as the page labels it.
FIELDS = {
    "reason": "Reason",
    "report_ids": "Reports to approve",
    "report_id": "Report",
    "period_start": "From",
    "period_end": "To",
    "plan_id": "Plan",
}


def status_change(before, after) -> str:
    after_label = STATUS_LABELS.get(after, after)
    if _missing(before):
        return f"{NONE} → {after_label}"
    if before == after:
        return f"{after_label} (unchanged)"
    return f"{STATUS_LABELS.get(before, before)} → {after_label}"


def percent_change(before, after) -> str:
    if _missing(before):
        return f"{NONE} → {after}% (first report)"
    return f"{before}% → {after}% ({after - before:+d} pts)"


def value_text(value, measure: str, unit) -> str:
    """A reported value as a reader says it: "14 officers", "reached"."""
    if measure == "milestone":
        return "reached" if Decimal(str(value)) == 1 else "not reached"
    number = Decimal(str(value)).normalize()
    shown = f"{number:,f}"
    return f"{shown} {unit}" if not _missing(unit) and unit else shown


def values_by_report(values: pd.DataFrame) -> dict[int, str]:
    """Each report's indicator values as one line: "CODE: value; CODE: value"."""
    lines: dict[int, list[str]] = {}
    for row in values.itertuples():
        text = f"{row.code}: {value_text(row.value, row.measure, row.unit)}"
        lines.setdefault(int(row.report_id), []).append(text)
    return {report_id: "; ".join(items) for report_id, items in lines.items()}


def flags(row) -> str:
    marks = [
        name
        for name, on in (
            ("conflict", row.conflict),
            ("locked", row.locked),
            ("illustrative", row.illustrative),
        )
        if on
    ]
    return ", ".join(marks)


def queue_table(queue: pd.DataFrame, values: pd.DataFrame) -> pd.DataFrame:
    """One row per submitted report, indexed by report id, with the HEADINGS columns."""
    reported = values_by_report(values)
    columns = pd.DataFrame(
        {
            "code": queue["code"],
            "title": queue["title"],
            "organisation": queue["organisation"],
            "submitted_by": queue["submitted_by"].fillna(NONE),
            "submitted_at": queue["submitted_at"],
            "report_date": queue["report_date"],
            "status": [
                status_change(b, a)
                for b, a in zip(queue["previous_status"], queue["status"], strict=True)
            ],
            "percent": [
                percent_change(b, a)
                for b, a in zip(queue["previous_percent"], queue["percent_complete"], strict=True)
            ],
            "values": [reported.get(int(i), NONE) for i in queue["report_id"]],
            "narrative": queue["narrative"].fillna(""),
            "evidence_url": queue["evidence_url"].fillna(NONE),
            "flags": [flags(row) for row in queue.itertuples()],
        }
    )
    table = columns[list(HEADINGS)]
    table.index = pd.Index(queue["report_id"].astype(int), name="report_id")
    return table


def label(row) -> str:
    """How a report is named in a chooser: enough to tell two of them apart."""
    change = percent_change(row.previous_percent, row.percent_complete)
    return (
        f"{row.code} · {row.organisation} · {row.report_date:%d %b %Y} · {change} · "
        f"report {row.report_id}"
    )


def warnings(row) -> list[str]:
    """Why this report cannot simply be approved (or returned), as sentences."""
    said = []
    if row.conflict:
        basis = NONE if _missing(row.based_on_id) else f"report {row.based_on_id}"
        latest = (
            "no approved report any more"
            if _missing(row.previous_id)
            else f"report {row.previous_id} of {row.previous_date:%d %b %Y} "
            f"({row.previous_percent}%)"
        )
        said.append(
            f"{row.code}: written against {basis}, but the latest approved is now {latest}. "
            "Approving it will be refused: return it, so that the agency writes its report "
            "again against the latest one."
        )
    if row.locked:
        said.append(
            f"{row.code}: dated {row.report_date:%d %b %Y}, inside a locked reporting period. "
            "It can be neither approved nor returned."
        )
    return said


def readable(message: str) -> str:
    """A service message with its field name ("reason: …") as the form labels the field."""
    field, sep, rest = message.partition(": ")
    if sep and field in FIELDS:
        return f"{FIELDS[field]}: {rest}"
    return message


def _missing(value) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value))


def queue(engine: Engine, plan_id: int) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(the plan's submitted reports, their indicator values, the plan's locked periods)."""
    waiting = q.approval_queue(engine, plan_id)
    values = q.report_values(engine, [int(i) for i in waiting["report_id"]])
    return waiting, values, q.locked_periods(engine, plan_id)

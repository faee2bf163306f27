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
from models.i18n import N_, SOURCE_LANGUAGE, _, current_language, format_date, format_number
from models.queries import reporting as q

NONE = "—"
# Column headings of the queue table, in the order shown.
# What changed leads; who sent it and the long texts follow (the table scrolls sideways).
HEADINGS = {
    "code": N_("Code"),
    "title": N_("Activity"),
    "organisation": N_("Agency"),
    "report_date": N_("Report date"),
    "status": N_("Status"),
    # Translators: {percent} is the percent sign here, a percentage in other sentences.
    "percent": N_("{percent} complete"),
    "flags": N_("Flags"),
    "values": N_("Indicator values"),
    "submitted_by": N_("Submitted by"),
    "submitted_at": N_("Submitted"),
    "narrative": N_("Narrative"),
    "evidence_url": N_("Evidence"),
}
# The form field each service message names, as the page labels it.
FIELDS = {
    "reason": N_("Reason"),
    "report_ids": N_("Reports to approve"),
    "report_id": N_("Report"),
    "period_start": N_("From"),
    "period_end": N_("To"),
    "plan_id": N_("Plan"),
}
# What a flag of the queue means, as the Flags column says it.
FLAG_LABELS = {
    "conflict": N_("conflict"),
    "locked": N_("locked"),
    "illustrative": N_("illustrative"),
}


def heading(key: str) -> str:
    """A column of the queue table as headed in this run's language ("% complete")."""
    return _(HEADINGS[key]).format(percent="%")


def short_date(day) -> str:
    """A date in a chooser or a sentence: "01 Mar 2007" in English, the locale's medium form
    in the other languages."""
    if current_language() == SOURCE_LANGUAGE:
        return f"{day:%d %b %Y}"
    return format_date(day, "medium")


def _status(status) -> str:
    return _(STATUS_LABELS[status]) if status in STATUS_LABELS else status


def status_change(before, after) -> str:
    after_label = _status(after)
    if _missing(before):
        return f"{NONE} → {after_label}"
    if before == after:
        return _("{status} (unchanged)").format(status=after_label)
    return f"{_status(before)} → {after_label}"


def percent_change(before, after) -> str:
    if _missing(before):
        return _("{none} → {after}% (first report)").format(none=NONE, after=after)
    return _("{before}% → {after}% ({change} pts)").format(
        before=before, after=after, change=f"{after - before:+d}"
    )


def value_text(value, measure: str, unit) -> str:
    """A reported value as a reader says it: "14 officers", "reached"."""
    if measure == "milestone":
        return _("reached") if Decimal(str(value)) == 1 else _("not reached")
    number = Decimal(str(value)).normalize()
    # As the language writes it ("1,234.5", "1.234,5"), every stored decimal kept.
    shown = format_number(number, max(0, -number.as_tuple().exponent))
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
    return ", ".join(_(FLAG_LABELS[name]) for name in marks)


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
    return _("{code} · {organisation} · {date} · {change} · report {id}").format(
        code=row.code,
        organisation=row.organisation,
        date=short_date(row.report_date),
        change=change,
        id=row.report_id,
    )


def warnings(row) -> list[str]:
    """Why this report cannot simply be approved (or returned), as sentences."""
    said = []
    if row.conflict:
        basis = NONE if _missing(row.based_on_id) else _("report {id}").format(id=row.based_on_id)
        latest = (
            _("no approved report any more")
            if _missing(row.previous_id)
            else _("report {id} of {date} ({percent}%)").format(
                id=row.previous_id,
                date=short_date(row.previous_date),
                percent=row.previous_percent,
            )
        )
        said.append(
            _(
                "{code}: written against {basis}, but the latest approved is now {latest}. "
                "Approving it will be refused: return it, so that the agency writes its report "
                "again against the latest one."
            ).format(code=row.code, basis=basis, latest=latest)
        )
    if row.locked:
        said.append(
            _(
                "{code}: dated {date}, inside a locked reporting period. "
                "It can be neither approved nor returned."
            ).format(code=row.code, date=short_date(row.report_date))
        )
    return said


def readable(message: str) -> str:
    """A service message with its field name ("reason: …") as the form labels the field."""
    field, sep, rest = message.partition(": ")
    if sep and field in FIELDS:
        return _("{field}: {message}").format(field=_(FIELDS[field]), message=rest)
    return message


def _missing(value) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value))


def queue(engine: Engine, plan_id: int) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(the plan's submitted reports, their indicator values, the plan's locked periods)."""
    waiting = q.approval_queue(engine, plan_id)
    values = q.report_values(engine, [int(i) for i in waiting["report_id"]])
    return waiting, values, q.locked_periods(engine, plan_id)

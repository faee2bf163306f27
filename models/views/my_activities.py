"""The My activities page: the agency's activities, an activity's reports and indicators,
labels, the report form's starting values, and the newer report a conflict names.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

import pandas as pd
from sqlalchemy import Engine

from models.codes import STATUS_LABELS, activity_role_label
from models.i18n import N_, _, format_date
from models.queries.reporting import (
    activity_indicators,
    my_activities,
    report_history,
    report_values,
)

STATE_LABELS = {
    "draft": N_("Draft, not yet submitted"),
    "submitted": N_("Submitted, awaiting approval"),
    "returned": N_("Returned"),
    "approved": N_("Approved"),
    "withdrawn": N_("Withdrawn by its agency"),
}
IN_PROGRESS = ("draft", "submitted", "returned")
MILESTONE = {"Yes": 1, "No": 0}
# The service names the field each message is about; people see the form's labels.
FIELD_LABELS = {
    "report_date": N_("Report date"),
    "status": N_("Status"),
    "percent_complete": N_("Percent complete"),
    "narrative": N_("Narrative"),
    "evidence_url": N_("Evidence link"),
}


def field_message(message: str) -> str:
    """A service message with its field's label: "Percent complete: 120 is outside …"."""
    name, _sep, rest = message.partition(": ")
    if name == "indicator_values":
        return _("Indicator {message}").format(message=rest)
    if name in FIELD_LABELS:
        return _("{field}: {message}").format(field=_(FIELD_LABELS[name]), message=rest)
    return message


def _status(status):
    """A status code in words, in this run's language (an unknown code as it is)."""
    return _(STATUS_LABELS[status]) if status in STATUS_LABELS else status


def _missing(value) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value))


def own_state(row: Any) -> str:
    """How the agency's own latest report stands, in words: no report, draft, awaiting
    approval, or returned with the reviewer's reason."""
    if _missing(row["own_state"]) or row["own_state"] not in IN_PROGRESS:
        return _("No report in progress")
    label = _(STATE_LABELS[row["own_state"]])
    if row["own_state"] == "returned":
        return _("{state}: {reason}").format(state=label, reason=row["own_reason"])
    return label


def activity_table(activities: pd.DataFrame) -> pd.DataFrame:
    """The list of the agency's activities as shown: role, latest approved, own report."""
    table = activities[
        ["code", "title", "role", "approved_status", "approved_percent", "approved_date"]
    ].copy()
    table["approved_status"] = table["approved_status"].map(_status)
    table["role"] = table["role"].map(activity_role_label)
    table["your_report"] = [own_state(row) for _, row in activities.iterrows()]
    return table


def default_date(today: date, target: date) -> date:
    """Today, but never after the plan's target date: a 2005–2007 plan reports within it."""
    return min(today, target)


@dataclass(frozen=True)
class FormDefaults:
    """What the report form shows first, and which report it continues (draft or returned)."""

    status: str
    percent: int
    report_date: date
    narrative: str = ""
    evidence_url: str = ""
    values: dict[int, Decimal] = field(default_factory=dict)
    report_id: int | None = None


def form_defaults(engine: Engine, row: Any, history: pd.DataFrame, day: date) -> FormDefaults:
    """Continue the agency's draft or returned report if it has one (a returned report is
    resubmitted as a new one); start a new report from the one it just withdrew ("withdraw to
    edit"); otherwise start from the latest approved status and percent."""
    state = None if _missing(row["own_state"]) else row["own_state"]
    if state in ("draft", "returned", "withdrawn"):
        own = history.set_index("report_id").loc[int(row["own_id"])]
        values = report_values(engine, [int(row["own_id"])])
        return FormDefaults(
            status=own["status"],
            percent=int(own["percent_complete"]),
            report_date=own["report_date"],
            narrative="" if _missing(own["narrative"]) else own["narrative"],
            evidence_url="" if _missing(own["evidence_url"]) else own["evidence_url"],
            report_id=None if state == "withdrawn" else int(row["own_id"]),
            values={
                int(i): Decimal(str(v))
                for i, v in zip(values["indicator_id"], values["value"], strict=True)
            },
        )
    if _missing(row["approved_status"]):
        return FormDefaults(status="not_started", percent=0, report_date=day)
    return FormDefaults(row["approved_status"], int(row["approved_percent"]), day)


HISTORY_HEADINGS = {
    "report_date": N_("Report date"),
    "state": N_("State"),
    "status": N_("Status"),
    "percent_complete": N_("Percent"),
    "organisation": N_("Agency"),
    "narrative": N_("Narrative"),
    "evidence_url": N_("Evidence"),
    "return_reason": N_("Reason returned"),
    "created_by": N_("Written by"),
    "reviewed_by": N_("Reviewed by"),
}


def history_table(history: pd.DataFrame) -> pd.DataFrame:
    """An activity's reports as shown, newest first, states and statuses in words."""
    table = history[list(HISTORY_HEADINGS)].copy()
    table["state"] = table["state"].map(lambda state: _(STATE_LABELS[state]))
    table["status"] = table["status"].map(_status)
    # A missing link, reason or reviewer stays empty: never "None" or "nan" on screen.
    text = ["narrative", "evidence_url", "return_reason", "created_by", "reviewed_by"]
    table[text] = table[text].astype(object).where(table[text].notna(), "")
    return table.rename(columns={key: _(title) for key, title in HISTORY_HEADINGS.items()})


def submitted_summary(history: pd.DataFrame, report_id: int) -> list[tuple[str, str]]:
    """The agency's submitted report as read-only label/value pairs, empty values left out."""
    own = history.set_index("report_id").loc[report_id]
    pairs = [
        (_("Report date"), format_date(own["report_date"])),
        (_("Implementation status"), _status(own["status"])),
        (_("Percent complete"), _("{number}%").format(number=int(own["percent_complete"]))),
        (_("Narrative"), "" if _missing(own["narrative"]) else str(own["narrative"])),
        (_("Evidence link"), "" if _missing(own["evidence_url"]) else str(own["evidence_url"])),
    ]
    return [(label, value) for label, value in pairs if value]


def activities(engine: Engine, user_id: int, plan_id: int) -> pd.DataFrame:
    """The plan's activities the user's agency leads or supports, with report states."""
    return my_activities(engine, user_id, plan_id)


def reports(
    engine: Engine,
    activity_id: int,
    *,
    role: str,
    organisation_id: int | None,
    plan_id: int | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(the activity's reports this viewer may see, newest first; its indicators). With
    `plan_id`, nothing unless the activity is the plan's (the cache key is that plan's)."""
    viewer = {"role": role, "organisation_id": organisation_id}
    history = report_history(engine, activity_id, viewer, plan_id)
    return history, activity_indicators(engine, activity_id, plan_id)


def newer_report(history: pd.DataFrame, report_id: int | None) -> dict[str, Any] | None:
    """The approved report a conflict names, as the history shows it (None if not visible)."""
    shown = history[history["report_id"] == report_id] if report_id is not None else history[:0]
    return shown.iloc[0].to_dict() if len(shown) else None

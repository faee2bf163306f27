"""What a status report must satisfy before it is saved: pure rules, no database.

The reporting service gathers what the rules need from the database (the plan's start, the
locked periods, the last approved report, the activity's indicators) into a ReportContext
and saves nothing unless `check_report` returns no message. Every message starts with the
field it is about, so a form can show it next to that field.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from urllib.parse import urlsplit

from models.codes import IMPLEMENTATION_STATUSES
from models.entities.reporting import NARRATIVE_MAX, URL_MAX

REASON_MAX = NARRATIVE_MAX
# indicator_value.value is Numeric(18, 4): fourteen digits before the point, four after.
VALUE_LIMIT = Decimal("1e14")
VALUE_PLACES = 4


@dataclass(frozen=True)
class ApprovedReport:
    """The facts about an approved report that a newer report is checked against."""

    id: int
    report_date: date
    status: str
    percent_complete: int
    organisation: str
    author: str | None = None

    def describe(self) -> str:
        who = self.organisation + (f" ({self.author})" if self.author else "")
        return (
            f"report {self.id} of {self.report_date.isoformat()}: {self.status}, "
            f"{self.percent_complete}%, by {who}"
        )


@dataclass(frozen=True)
class ReportContext:
    plan_start: date
    today: date
    locked: tuple[tuple[date, date], ...] = ()
    # The approved report the writer saw and wrote against: a drop in percent is judged
    # against it, since the writer cannot explain a change from a report they never saw.
    basis: ApprovedReport | None = None
    # The activity's latest approved report now; when it is not the basis, submitting or
    # approving is refused with ReportConflict rather than a validation message.
    latest: ApprovedReport | None = None
    # The activity's own indicators: id -> (code, measure).
    indicators: Mapping[int, tuple[str, str]] = field(default_factory=dict)


def check_report(
    *,
    status,
    percent_complete,
    narrative,
    evidence_url,
    report_date,
    indicator_values,
    context: ReportContext,
) -> list[str]:
    """Every reason the report cannot be saved; empty when it can."""
    messages = _status_and_percent(status, percent_complete, evidence_url)
    messages += _evidence(evidence_url)
    messages += _narrative(narrative, percent_complete, context.basis)
    messages += _report_date(report_date, context)
    messages += indicator_messages(indicator_values, context.indicators)
    return messages


def _status_and_percent(status, percent, evidence_url) -> list[str]:
    messages = []
    if status not in IMPLEMENTATION_STATUSES:
        choices = ", ".join(IMPLEMENTATION_STATUSES)
        messages.append(f"status: unknown status {status!r}; choose one of {choices}")
    if isinstance(percent, bool) or not isinstance(percent, int):
        messages.append(f"percent_complete: {percent!r} is not a whole number")
    elif not 0 <= percent <= 100:
        messages.append(f"percent_complete: {percent} is outside 0 to 100")
    elif status == "complete" and percent != 100:
        messages.append(f"percent_complete: a complete activity is 100% done, not {percent}%")
    if status == "complete" and not evidence_url:
        messages.append("evidence_url: a complete activity needs a link to evidence")
    return messages


def _evidence(url) -> list[str]:
    if not url:
        return []
    if not isinstance(url, str):
        return [f"evidence_url: {url!r} is not a link"]
    if len(url) > URL_MAX:
        return [f"evidence_url: {len(url):,} characters is too long; at most {URL_MAX}"]
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return [f"evidence_url: {url!r} is not an http:// or https:// link"]
    return []


def _narrative(narrative, percent, last: ApprovedReport | None) -> list[str]:
    if not isinstance(narrative, str):
        return [f"narrative: {narrative!r} is not text"]
    if len(narrative) > NARRATIVE_MAX:
        return [f"narrative: {len(narrative):,} characters is too long; at most {NARRATIVE_MAX:,}"]
    valid = isinstance(percent, int) and not isinstance(percent, bool) and 0 <= percent <= 100
    dropped = valid and last is not None and percent < last.percent_complete
    if dropped and not narrative.strip():
        return [
            f"narrative: {percent}% is lower than the {last.percent_complete}% of the approved "
            f"report of {last.report_date.isoformat()}; explain the drop"
        ]
    return []


def _report_date(day, context: ReportContext) -> list[str]:
    if not isinstance(day, date) or isinstance(day, datetime):
        return [f"report_date: {day!r} is not a date"]
    if day < context.plan_start:
        return [f"report_date: {day} is before the plan starts ({context.plan_start})"]
    if day > context.today:
        return [f"report_date: {day} is in the future"]
    return [
        f"report_date: {day} is in the locked period {start} to {end}"
        for start, end in context.locked
        if start <= day <= end
    ]


def reason_messages(reason) -> list[str]:
    """Why a return reason cannot be accepted: it is required, and bounded like a narrative."""
    if not isinstance(reason, str) or not reason.strip():
        return ["reason: say why the report is returned"]
    if len(reason) > REASON_MAX:
        return [f"reason: {len(reason):,} characters is too long; at most {REASON_MAX:,}"]
    return []


def indicator_messages(values, indicators: Mapping[int, tuple[str, str]]) -> list[str]:
    messages = []
    for indicator_id, raw in (values or {}).items():
        if indicator_id not in indicators:
            messages.append(
                f"indicator_values: indicator {indicator_id!r} is not an indicator of this activity"
            )
            continue
        code, measure = indicators[indicator_id]
        if _blank(raw):
            continue
        value = parse_value(raw)
        if value is None:
            messages.append(f"indicator_values: {code}: {raw!r} is not a number")
        elif measure == "milestone" and value not in (0, 1):
            messages.append(f"indicator_values: {code} is a milestone: 1 (reached) or 0, not {raw}")
        elif abs(value) >= VALUE_LIMIT or value != round(value, VALUE_PLACES):
            messages.append(
                f"indicator_values: {code}: {raw} is too long; at most 14 digits and 4 decimals"
            )
    return messages


def parsed_values(values) -> dict[int, Decimal]:
    """The reported values as Decimals, leaving out blanks (an indicator not reported on)."""
    return {key: parse_value(raw) for key, raw in (values or {}).items() if not _blank(raw)}


def parse_value(raw) -> Decimal | None:
    if isinstance(raw, bool):
        return None
    try:
        value = Decimal(str(raw).strip())
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _blank(raw) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def locked_messages(locked, report_id: int, report_date: date, name: str) -> list[str]:
    """For a saved report dated inside a locked period: it may not change any more."""
    return [
        f"{name}: report {report_id} is dated {report_date}, in the locked period {s} to {e}"
        for s, e in locked
        if s <= report_date <= e
    ]


def lock_messages(period_start, period_end, locked) -> list[str]:
    """Why a period cannot be locked: not dates, reversed, or overlapping a locked period."""
    messages = [
        f"{name}: {day!r} is not a date"
        for name, day in (("period_start", period_start), ("period_end", period_end))
        if not isinstance(day, date) or isinstance(day, datetime)
    ]
    if messages:
        return messages
    if period_end < period_start:
        return [f"period_end: {period_end} is before period_start {period_start}"]
    return [
        f"period_start: {period_start} to {period_end} overlaps the locked period {s} to {e}"
        for s, e in locked
        if s <= period_end and period_start <= e
    ]

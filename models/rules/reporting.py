"""What a status report must satisfy before it is saved: pure rules, no database.

The reporting service gathers what the rules need from the database (the plan's start, the
locked periods, the last approved report, the activity's indicators) into a ReportContext
and saves nothing unless `check_report` returns no message. Every message starts with the
field it is about, so a form can show it next to that field: the field's name stays English
(the forms read it); what follows is in the run's language.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from urllib.parse import urlsplit

from models.codes import IMPLEMENTATION_STATUSES
from models.entities.reporting import NARRATIVE_MAX, URL_MAX
from models.i18n import N_, _, format_number

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
        return _("report {id} of {date}: {status}, {percent}%, by {who}").format(
            id=self.id,
            date=self.report_date.isoformat(),
            status=self.status,
            percent=self.percent_complete,
            who=who,
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


def said(name: str, message: str, **values) -> str:
    """`message` (a msgid) about the field `name`, translated: "name: message"."""
    return f"{name}: {_(message).format(**values)}"


def _status_and_percent(status, percent, evidence_url) -> list[str]:
    messages = []
    if status not in IMPLEMENTATION_STATUSES:
        choices = ", ".join(IMPLEMENTATION_STATUSES)
        messages.append(
            said(
                "status",
                N_("unknown status {status}; choose one of {choices}"),
                status=repr(status),
                choices=choices,
            )
        )
    if isinstance(percent, bool) or not isinstance(percent, int):
        messages.append(
            said("percent_complete", N_("{value} is not a whole number"), value=repr(percent))
        )
    elif not 0 <= percent <= 100:
        messages.append(said("percent_complete", N_("{value} is outside 0 to 100"), value=percent))
    elif status == "complete" and percent != 100:
        messages.append(
            said(
                "percent_complete",
                N_("a complete activity is 100% done, not {value}%"),
                value=percent,
            )
        )
    if status == "complete" and not evidence_url:
        messages.append(said("evidence_url", N_("a complete activity needs a link to evidence")))
    return messages


def _evidence(url) -> list[str]:
    if not url:
        return []
    if not isinstance(url, str):
        return [said("evidence_url", N_("{value} is not a link"), value=repr(url))]
    if len(url) > URL_MAX:
        return [
            said(
                "evidence_url",
                N_("{count} characters is too long; at most {limit}"),
                count=format_number(len(url)),
                limit=URL_MAX,
            )
        ]
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return [
            said("evidence_url", N_("{value} is not an http:// or https:// link"), value=repr(url))
        ]
    return []


def _narrative(narrative, percent, last: ApprovedReport | None) -> list[str]:
    if not isinstance(narrative, str):
        return [said("narrative", N_("{value} is not text"), value=repr(narrative))]
    if len(narrative) > NARRATIVE_MAX:
        return [
            said(
                "narrative",
                N_("{count} characters is too long; at most {limit}"),
                count=format_number(len(narrative)),
                limit=format_number(NARRATIVE_MAX),
            )
        ]
    valid = isinstance(percent, int) and not isinstance(percent, bool) and 0 <= percent <= 100
    dropped = valid and last is not None and percent < last.percent_complete
    if dropped and not narrative.strip():
        return [
            said(
                "narrative",
                N_(
                    "{percent}% is lower than the {last}% of the approved report of {date}; "
                    "explain the drop"
                ),
                percent=percent,
                last=last.percent_complete,
                date=last.report_date.isoformat(),
            )
        ]
    return []


def _report_date(day, context: ReportContext) -> list[str]:
    if not isinstance(day, date) or isinstance(day, datetime):
        return [said("report_date", N_("{value} is not a date"), value=repr(day))]
    if day < context.plan_start:
        return [
            said(
                "report_date",
                N_("{day} is before the plan starts ({start})"),
                day=day,
                start=context.plan_start,
            )
        ]
    if day > context.today:
        return [said("report_date", N_("{day} is in the future"), day=day)]
    return [
        said(
            "report_date",
            N_("{day} is in the locked period {start} to {end}"),
            day=day,
            start=s,
            end=e,
        )
        for s, e in context.locked
        if s <= day <= e
    ]


def reason_messages(reason) -> list[str]:
    """Why a return reason cannot be accepted: it is required, and bounded like a narrative."""
    if not isinstance(reason, str) or not reason.strip():
        return [said("reason", N_("say why the report is returned"))]
    if len(reason) > REASON_MAX:
        return [
            said(
                "reason",
                N_("{count} characters is too long; at most {limit}"),
                count=format_number(len(reason)),
                limit=format_number(REASON_MAX),
            )
        ]
    return []


def indicator_messages(values, indicators: Mapping[int, tuple[str, str]]) -> list[str]:
    messages = []
    for indicator_id, raw in (values or {}).items():
        if indicator_id not in indicators:
            messages.append(
                said(
                    "indicator_values",
                    N_("indicator {id} is not an indicator of this activity"),
                    id=repr(indicator_id),
                )
            )
            continue
        code, measure = indicators[indicator_id]
        if _blank(raw):
            continue
        value = parse_value(raw)
        if value is None:
            messages.append(
                said(
                    "indicator_values",
                    N_("{code}: {value} is not a number"),
                    code=code,
                    value=repr(raw),
                )
            )
        elif measure == "milestone" and value not in (0, 1):
            messages.append(
                said(
                    "indicator_values",
                    N_("{code} is a milestone: 1 (reached) or 0, not {value}"),
                    code=code,
                    value=raw,
                )
            )
        elif abs(value) >= VALUE_LIMIT or value != round(value, VALUE_PLACES):
            messages.append(
                said(
                    "indicator_values",
                    N_("{code}: {value} is too long; at most 14 digits and 4 decimals"),
                    code=code,
                    value=raw,
                )
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
        said(
            name,
            N_("report {id} is dated {date}, in the locked period {start} to {end}"),
            id=report_id,
            date=report_date,
            start=s,
            end=e,
        )
        for s, e in locked
        if s <= report_date <= e
    ]


def lock_messages(period_start, period_end, locked) -> list[str]:
    """Why a period cannot be locked: not dates, reversed, or overlapping a locked period."""
    messages = [
        said(name, N_("{value} is not a date"), value=repr(day))
        for name, day in (("period_start", period_start), ("period_end", period_end))
        if not isinstance(day, date) or isinstance(day, datetime)
    ]
    if messages:
        return messages
    if period_end < period_start:
        return [
            said(
                "period_end",
                N_("{end} is before period_start {start}"),
                end=period_end,
                start=period_start,
            )
        ]
    return [
        said(
            "period_start",
            N_("{start} to {end} overlaps the locked period {locked_start} to {locked_end}"),
            start=period_start,
            end=period_end,
            locked_start=s,
            locked_end=e,
        )
        for s, e in locked
        if s <= period_end and period_start <= e
    ]

"""The Working Group's progress report: one plan as of one reporting date, as a PDF.

Every figure comes from the functions the dashboard's pages call (models.views.overview,
models.views.funding and models.rules.coverage, models.views.indicators, and
models.charts.context for the statistics with their "<5" suppression), so the document
agrees with the screen to the digit for the same plan and date. The charts are the pages'
own figure builders, drawn to PNG by report_charts. Sections are written by report_sections.

Two editions: the coordinator's, with small counts and the Secretariat's internal notes
(reports awaiting review, reports returned and why); the donors', with small counts
suppressed as a donor sees them on screen and no internal notes.
"""

from __future__ import annotations

from contextlib import nullcontext
from dataclasses import dataclass
from datetime import UTC, date, datetime

import pandas as pd
import plotly.graph_objects as go
from sqlalchemy import Engine

from models.charts import funding as funding_charts
from models.charts import overview as overview_charts
from models.charts.context import Section, sections
from models.exchange.report_pdf import ProgressReportError
from models.i18n import N_, _
from models.queries import context as context_queries
from models.queries import funding as funding_queries
from models.queries import plan as plan_queries
from models.queries import progress_report as q
from models.rules import coverage as cov
from models.views import base
from models.views import findings as findings_view
from models.views import funding as fv
from models.views import overview as ov
from models.views.indicators import indicator_table

EDITIONS = ("coordinator", "donor")
DEFAULT_SINCE_MONTHS = 3
ILLUSTRATIVE_NOTE = N_(
    "Illustrative demo data: invented to show how the dashboard works, not reported by anyone."
)
INFERRED_NOTE = N_("Inferred: the report does not say this; it is a proposal, open to correction.")

__all__ = ["ProgressReportError", "ReportData", "build_progress_report", "gather"]


@dataclass(frozen=True)
class ReportData:
    """Everything the document states, as the dashboard's own frames."""

    plan: dict
    as_of: date
    since: date
    edition: str
    generated_by: str
    generated_at: datetime
    outline: plan_queries.PlanOutline
    rated: pd.DataFrame
    rated_since: pd.DataFrame
    summary: pd.DataFrame
    summary_since: pd.DataFrame
    watch: pd.DataFrame
    timeline: pd.DataFrame
    indicators: pd.DataFrame
    funding: dict[str, dict[str, pd.DataFrame]]  # currency -> {"frameworks", "total", "gaps"}
    approved: pd.DataFrame
    open_reports: pd.DataFrame | None  # None in the donors' edition
    context: list[Section]
    findings: pd.DataFrame  # the Findings page's rows as of the reporting date

    @property
    def illustrative(self) -> bool:
        flags = [self.rated["illustrative"].fillna(False).astype(bool).any()]
        flags += [bool(f["frameworks"]["illustrative"].any()) for f in self.funding.values()]
        return any(flags)


def default_since(as_of: date) -> date:
    """The previous reporting date when none is chosen: three months earlier."""
    return (pd.Timestamp(as_of) - pd.DateOffset(months=DEFAULT_SINCE_MONTHS)).date()


def _plan(engine: Engine, code: str) -> dict:
    available = plan_queries.plans(engine)
    match = available[available["code"] == code]
    if match.empty:
        known = ", ".join(available["code"]) or _("none")
        missing = _("no plan has code {code} (plans: {known})")
        raise ProgressReportError(missing.format(code=repr(code), known=known))
    return match.iloc[0].to_dict()


def _check_dates(plan: dict, as_of: date, since: date) -> None:
    if as_of < plan["period_start"]:
        early = _("the reporting date {as_of} is before the plan's start ({start})")
        raise ProgressReportError(early.format(as_of=as_of, start=plan["period_start"]))
    if since >= as_of:
        order = _("the previous reporting date {since} must be before the reporting date {as_of}")
        raise ProgressReportError(order.format(since=since, as_of=as_of))


def gather(
    engine: Engine,
    *,
    plan_code: str,
    as_of: date,
    since: date | None = None,
    edition: str = "coordinator",
    generated_by: str = "",
    generated_at: datetime | None = None,
) -> ReportData:
    """Read and compute every figure of the report with the dashboard's functions."""
    if edition not in EDITIONS:
        unknown = _("no {edition} edition: choose {first} or {second}")
        first, second = EDITIONS
        raise ProgressReportError(unknown.format(edition=repr(edition), first=first, second=second))
    plan = _plan(engine, plan_code)
    since = since or default_since(as_of)
    _check_dates(plan, as_of, since)
    plan_id = int(plan["id"])
    outline = base.plan_outline(engine, plan_id)  # in the run's language, as pages show it
    rated = ov.rated_activities(engine, plan_id, as_of)
    rated_since = ov.rated_activities(engine, plan_id, since)
    timeline = ov.progress_timeline(
        engine,
        plan_id,
        activities=rated,
        as_of=as_of,
        target=plan["target_date"],
        start=plan["period_start"],
    )
    stats = context_queries.statistics(engine, plan_id)
    return ReportData(
        plan=plan,
        as_of=as_of,
        since=since,
        edition=edition,
        generated_by=generated_by,
        generated_at=generated_at or datetime.now(UTC).replace(tzinfo=None),
        outline=outline,
        rated=rated,
        rated_since=rated_since,
        summary=ov.framework_summary(rated, outline.frameworks),
        summary_since=ov.framework_summary(rated_since, outline.frameworks),
        watch=ov.watch_list(rated),
        timeline=timeline,
        indicators=indicator_table(engine, plan_id, as_of),
        funding=_funding(engine, plan_id, as_of, rated),
        approved=q.approved_between(engine, plan_id, since, as_of),
        open_reports=(
            q.open_reports(engine, plan_id, since, as_of) if edition == "coordinator" else None
        ),
        context=sections(stats, edition) if not stats.empty else [],
        findings=findings_view.findings(engine, plan_id, as_of),
    )


def _funding(engine: Engine, plan_id: int, as_of: date, rated: pd.DataFrame) -> dict:
    """Per currency, as the Funding page computes it: frameworks, plan total, gaps."""
    money = funding_queries.activity_money(engine, plan_id, as_of)
    if not fv.has_funding(money):
        return {}
    coverage = cov.activity_coverage(money)
    out = {}
    for currency in fv.currencies(money):
        mine = fv.in_currency(coverage, currency)
        out[currency] = {
            "frameworks": cov.by_framework(mine),
            "total": cov.plan_total(mine),
            "gaps": fv.gap_table(mine, rated),
        }
    return out


def figures(data: ReportData) -> dict[str, go.Figure]:
    """The pages' own charts for this report, keyed by where the document places them."""
    charts = {
        "progress": overview_charts.progress_lines(
            data.timeline,
            data.as_of,
            data.plan["target_date"],
            list(data.outline.frameworks["name"]),
        ),
        "statuses": overview_charts.status_bars(data.rated, list(data.outline.frameworks["name"])),
    }
    if data.funding:
        currency, tables = next(iter(data.funding.items()))
        charts["coverage"] = funding_charts.coverage_bars(
            tables["frameworks"], currency, list(data.outline.frameworks["name"])
        )
    return charts


def build_progress_report(
    engine: Engine,
    *,
    plan_code: str,
    as_of: date,
    since: date | None = None,
    edition: str = "coordinator",
    generated_by: str = "",
    generated_at: datetime | None = None,
    charts: bool = True,
    title: str | None = None,
) -> bytes:
    """The report as PDF bytes. `charts=False` leaves out the chart images (quicker: no
    browser), `title` replaces the plan's title on the cover and in the running header."""
    from models.exchange import report_charts, report_sections

    with report_charts.Browser() if charts else nullcontext() as browser:
        data = gather(
            engine,
            plan_code=plan_code,
            as_of=as_of,
            since=since,
            edition=edition,
            generated_by=generated_by,
            generated_at=generated_at,
        )
        images = {}
        if browser is not None:
            drawn = figures(data)
            pngs = browser.draw(list(drawn.values()))
            images = {
                key: (png, *report_charts.size_of(fig))
                for (key, fig), png in zip(drawn.items(), pngs, strict=True)
            }
    return report_sections.write(data, images, title=title)

"""Integrity report: what the constraints cannot catch, found with SQL aggregates.

Errors are contradictions in the data (money disbursed but never committed, totals that do
not add up, a database behind the code); warnings are gaps that weaken the monitoring.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from alembic.runtime.migration import MigrationContext
from sqlalchemy import Select, and_, case, exists, func, select
from sqlalchemy.orm import Session, aliased

from models.entities import (
    ActionPlan,
    Activity,
    ActivityAgency,
    ActivityObjective,
    ContextStatistic,
    Framework,
    FundingTransaction,
    Indicator,
    Objective,
    Organisation,
    PlanTranslation,
    StatusUpdate,
    User,
)
from models.entities.translations import SOURCE_FIELDS
from models.ops.migrate import head_revision
from models.rules.password_hashes import NO_PASSWORD, hash_problem


@dataclass(frozen=True)
class Problem:
    severity: Literal["error", "warning"]
    check: str
    message: str


def check(session: Session) -> list[Problem]:
    """Every problem found, errors first; the schema check alone if the schema is behind."""
    behind = _schema_behind(session)
    if behind:
        return behind
    problems = [problem for rule in RULES for problem in rule(session)]
    return sorted(problems, key=lambda p: (p.severity != "error", p.check, p.message))


def _schema_behind(session: Session) -> list[Problem]:
    current = MigrationContext.configure(session.connection()).get_current_revision()
    if current == head_revision():
        return []
    message = f"database schema is at {current or 'no'} revision, not {head_revision()}"
    return [Problem("error", "schema", message + ": run `actionplan init`")]


def _activities(*conditions) -> Select:
    return (
        select(ActionPlan.code, Activity.code, Activity.title)
        .join(ActionPlan, ActionPlan.id == Activity.plan_id)
        .where(*conditions)
        .order_by(ActionPlan.code, Activity.position, Activity.code)
    )


def _without_lead(session: Session) -> list[Problem]:
    lead = exists().where(ActivityAgency.activity_id == Activity.id, ActivityAgency.role == "lead")
    rows = session.execute(_activities(~lead))
    return [
        Problem("warning", "lead_agency", f"{plan} activity {code} ({title}) has no lead agency")
        for plan, code, title in rows
    ]


def _without_objective(session: Session) -> list[Problem]:
    linked = exists().where(ActivityObjective.activity_id == Activity.id)
    rows = session.execute(_activities(~linked))
    return [
        Problem(
            "warning",
            "objective_link",
            f"{plan} activity {code} ({title}) is linked to no objective",
        )
        for plan, code, title in rows
    ]


def _frameworks_without_objectives(session: Session) -> list[Problem]:
    query = (
        select(ActionPlan.code, Framework.name)
        .join(ActionPlan, ActionPlan.id == Framework.plan_id)
        .where(~exists().where(Objective.framework_id == Framework.id))
        .order_by(ActionPlan.code, Framework.position)
    )
    return [
        Problem("warning", "framework_objectives", f"{plan} framework {name} has no objectives")
        for plan, name in session.execute(query)
    ]


def _indicators_without_target(session: Session) -> list[Problem]:
    query = (
        select(ActionPlan.code, Indicator.code, Indicator.name)
        .join(ActionPlan, ActionPlan.id == Indicator.plan_id)
        .where(Indicator.target_value.is_(None))
        .order_by(ActionPlan.code, Indicator.code)
    )
    return [
        Problem("warning", "indicator_target", f"{plan} indicator {code} ({name}) has no target")
        for plan, code, name in session.execute(query)
    ]


def _overdisbursed(session: Session) -> list[Problem]:
    def total(kind: str):
        amount = case((FundingTransaction.type == kind, FundingTransaction.amount), else_=0)
        return func.sum(amount)

    query = (
        select(ActionPlan.code, Activity.code, Organisation.acronym, Organisation.name)
        .add_columns(FundingTransaction.currency, total("commitment"), total("disbursement"))
        .join(Activity, Activity.id == FundingTransaction.activity_id)
        .join(ActionPlan, ActionPlan.id == Activity.plan_id)
        .join(Organisation, Organisation.id == FundingTransaction.donor_id)
        .group_by(ActionPlan.code, Activity.code, Organisation.acronym, Organisation.name)
        .group_by(FundingTransaction.currency)
        # Rounded: SQLite adds NUMERIC as floating point (0.10 + 0.20 > 0.30).
        .having(func.round(total("disbursement") - total("commitment"), 2) > 0)
        .order_by(ActionPlan.code, Activity.code, Organisation.name)
    )
    return [
        Problem(
            "error",
            "funding",
            f"{plan} activity {code}: {acronym or name} disbursed {_money(disbursed)} {currency}"
            f" but committed only {_money(committed)} {currency}",
        )
        for plan, code, acronym, name, currency, committed, disbursed in session.execute(query)
    ]


def _money(amount) -> str:
    # SQLite sums NUMERIC as floating point, PostgreSQL as exact: print both alike.
    return f"{Decimal(amount):.2f}"


def _statistic_totals(session: Session) -> list[Problem]:
    total, year = ContextStatistic, aliased(ContextStatistic)
    parts = func.sum(case((year.category != "total", year.value)))
    yearly_totals = func.sum(case((year.category == "total", year.value)))
    query = (
        select(total.series, total.reported_by, total.from_year, total.year, total.value)
        .add_columns(func.coalesce(parts, yearly_totals))
        .join(
            year,
            and_(
                year.plan_id == total.plan_id,
                year.series == total.series,
                year.reported_by == total.reported_by,
                year.from_year.is_(None),
                year.year.between(total.from_year, total.year),
            ),
        )
        .where(total.category == "total", total.from_year.is_not(None))
        .group_by(total.id, total.series, total.reported_by, total.from_year, total.year)
        .group_by(total.value)
        .having(func.coalesce(parts, yearly_totals) != total.value)
        .order_by(total.series, total.reported_by, total.year)
    )
    return [
        Problem(
            "error",
            "statistic_total",
            f"{series} by {source}, total {start}-{end} is {value}"
            f" but its yearly figures add up to {added}",
        )
        for series, source, start, end, value, added in session.execute(query)
    ]


def _unexplained_regress(session: Session) -> list[Problem]:
    later, earlier = StatusUpdate, aliased(StatusUpdate)
    query = (
        select(ActionPlan.code, Activity.code, later.report_date, later.percent_complete)
        .add_columns(func.max(earlier.percent_complete))
        .join(Activity, Activity.id == later.activity_id)
        .join(ActionPlan, ActionPlan.id == Activity.plan_id)
        .join(
            earlier,
            and_(
                earlier.activity_id == later.activity_id,
                earlier.state == "approved",
                earlier.report_date < later.report_date,
            ),
        )
        .where(later.state == "approved", func.trim(later.narrative) == "")
        .group_by(later.id, ActionPlan.code, Activity.code, later.report_date)
        .group_by(later.percent_complete)
        .having(func.max(earlier.percent_complete) > later.percent_complete)
        .order_by(ActionPlan.code, Activity.code, later.report_date)
    )
    return [
        Problem(
            "warning",
            "progress_regress",
            f"{plan} activity {code}: approved report of {day.isoformat()} says {percent}%,"
            f" below an earlier approved {earlier_max}%, with no narrative to explain it",
        )
        for plan, code, day, percent, earlier_max in session.execute(query)
    ]


def _stray_translations(session: Session) -> list[Problem]:
    """A translation must name an element of its own plan (the table cannot say so with a
    foreign key: an element is named by kind and id); one that does not is never shown."""
    models = {kind: model for (kind, _field), (model, _column) in SOURCE_FIELDS.items()}
    problems = []
    for kind, model in models.items():
        found = exists().where(
            model.id == PlanTranslation.entity_id, model.plan_id == PlanTranslation.plan_id
        )
        query = (
            select(ActionPlan.code, PlanTranslation.entity_id)
            .add_columns(PlanTranslation.field, PlanTranslation.language)
            .join(ActionPlan, ActionPlan.id == PlanTranslation.plan_id)
            .where(PlanTranslation.entity_kind == kind, ~found)
            .order_by(ActionPlan.code, PlanTranslation.entity_id, PlanTranslation.id)
        )
        problems += [
            Problem(
                "error",
                "translation",
                f"{plan} translation of {kind} {element} ({field}, {language}):"
                f" the plan has no {kind} with that id",
            )
            for plan, element, field, language in session.execute(query)
        ]
    return problems


def _password_hashes(session: Session) -> list[Problem]:
    """An account whose stored hash is not argon2 cannot sign in (an error: the hash was
    written outside the application); one imported without its hash waits for a reset."""
    problems = []
    query = select(User.username, User.password_hash).order_by(User.username)
    for username, stored in session.execute(query):
        problem = hash_problem(stored)
        if problem is not None:
            severity = "warning" if stored == NO_PASSWORD else "error"
            problems.append(Problem(severity, "password_hash", f"account {username} {problem}"))
    return problems


RULES: list[Callable[[Session], list[Problem]]] = [
    _without_lead,
    _without_objective,
    _frameworks_without_objectives,
    _indicators_without_target,
    _overdisbursed,
    _statistic_totals,
    _unexplained_regress,
    _password_hashes,
    _stray_translations,
]

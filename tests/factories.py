"""Plain factory functions: small, explicit records for tests. Each flushes, none commits."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models.db import Base
from models.entities import (
    ActionPlan,
    Activity,
    ActivityAgency,
    ActivityObjective,
    ActivitySector,
    AuditEvent,
    Budget,
    ContextStatistic,
    Finding,
    FindingFollowUp,
    FindingLink,
    FindingResponse,
    Framework,
    FrameworkAgency,
    FundingTransaction,
    Indicator,
    IndicatorValue,
    Objective,
    Organisation,
    PeriodLock,
    PlanDonor,
    PlanTranslation,
    StatusUpdate,
    User,
)
from models.services.accounts import hash_password

_seq = itertools.count(1)


def row_counts(session: Session) -> dict[str, int]:
    """{table: rows} for every table: to show that a refused write changed nothing."""
    return {
        table.name: session.scalar(select(func.count()).select_from(table))
        for table in Base.metadata.sorted_tables
    }


def _add(session: Session, obj: Any) -> Any:
    session.add(obj)
    session.flush()
    return obj


def make_plan(session: Session, **fields: Any) -> ActionPlan:
    n = next(_seq)
    values = {
        "code": f"plan-{n}",
        "country": "Kosovo",
        "title": f"Action Plan {n}",
        "period_start": date(2005, 1, 1),
        "target_date": date(2007, 12, 31),
    }
    return _add(session, ActionPlan(**{**values, **fields}))


def make_organisation(session: Session, acronym: str | None = None, **fields: Any) -> Organisation:
    acronym = acronym or f"ORG{next(_seq)}"
    values = {"acronym": acronym, "name": f"Organisation {acronym}", "kind": "government"}
    return _add(session, Organisation(**{**values, **fields}))


def make_framework(
    session: Session, plan: ActionPlan, kind: str = "prevention", **fields
) -> Framework:
    values = {"code": kind[:4].upper(), "kind": kind, "name": kind.title()}
    values |= {"target_date": plan.target_date}
    return _add(session, Framework(plan_id=plan.id, **{**values, **fields}))


def make_objective(session: Session, framework: Framework, **fields: Any) -> Objective:
    n = next(_seq)
    values = {"code": f"O{n}", "title": f"Objective {n}", "description": "An objective."}
    return _add(
        session,
        Objective(plan_id=framework.plan_id, framework_id=framework.id, **{**values, **fields}),
    )


def make_activity(session: Session, framework: Framework, **fields: Any) -> Activity:
    n = next(_seq)
    values = {
        "code": f"A{n}",
        "title": f"Activity {n}",
        "description": "An activity.",
        "planned_start": date(2005, 6, 1),
        "planned_end": date(2007, 12, 31),
    }
    return _add(
        session,
        Activity(plan_id=framework.plan_id, framework_id=framework.id, **{**values, **fields}),
    )


def make_user(session: Session, username: str | None = None, **fields: Any) -> User:
    values = {"username": username or f"user{next(_seq)}", "role": "coordinator"}
    values["password_hash"] = hash_password("correct horse battery")
    return _add(session, User(**{**values, **fields}))


def make_transaction(session: Session, activity: Activity, donor: Organisation, **fields):
    values = {
        "type": "commitment",
        "amount": Decimal("1000.00"),
        "currency": "EUR",
        "transaction_date": date(2006, 3, 1),
    }
    return _add(
        session,
        FundingTransaction(activity_id=activity.id, donor_id=donor.id, **{**values, **fields}),
    )


def make_status_update(session: Session, activity: Activity, agency: Organisation, **fields):
    values = {
        "report_date": date(2006, 6, 30),
        "status": "limited",
        "percent_complete": 20,
        "narrative": "Work has started.",
    }
    return _add(
        session,
        StatusUpdate(activity_id=activity.id, organisation_id=agency.id, **{**values, **fields}),
    )


def make_statistic(session: Session, plan: ActionPlan, **fields: Any) -> ContextStatistic:
    values = {
        "series": "victims_identified",
        "reported_by": "TPIU",
        "year": 2004,
        "category": "foreign",
        "value": 35,
    }
    return _add(session, ContextStatistic(plan_id=plan.id, **{**values, **fields}))


def populate_every_table(session: Session) -> None:
    """At least one row in every table, with awkward values: decimals, datetimes, a
    report that points at a LATER report (based_on_id), booleans both ways, non-ASCII."""
    plan = make_plan(session, description="Plani i Veprimit — Kosovë", source="IV")
    plan.recipient_country = "XK"
    ministry = make_organisation(session, "MLSW", inferred=True)
    donor = make_organisation(session, "OSCE", kind="international")
    donor.iati_identifier = "XM-DAC-47000"
    prevention = make_framework(session, plan)
    objective = make_objective(session, prevention)
    activity = make_activity(session, prevention, dates_inferred=False)
    coordinator = make_user(session, "coordinator", failed_attempts=2)
    editor = make_user(
        session,
        "editor.mlsw",
        role="editor",
        organisation_id=ministry.id,
        active=False,
        locked_until=datetime(2006, 5, 1, 8, 30, tzinfo=UTC),
        last_login_at=datetime(2006, 4, 30, 23, 59, 59, 999999, tzinfo=UTC),
    )
    session.add_all(
        [
            FrameworkAgency(
                framework_id=prevention.id, organisation_id=ministry.id, named_as="MLSW"
            ),
            PlanDonor(plan_id=plan.id, organisation_id=donor.id, position=1),
            ActivityObjective(activity_id=activity.id, objective_id=objective.id, inferred=True),
            ActivityAgency(activity_id=activity.id, organisation_id=ministry.id, role="lead"),
            ActivitySector(
                activity_id=activity.id,
                vocabulary="1",
                code="15180",
                percentage=Decimal("33.33"),
                inferred=True,
            ),
            Budget(
                activity_id=activity.id,
                amount=Decimal("25000.50"),
                currency="EUR",
                period_start=date(2006, 1, 1),
                period_end=date(2006, 12, 31),
                illustrative=True,
            ),
            PeriodLock(
                plan_id=plan.id,
                period_start=date(2005, 1, 1),
                period_end=date(2005, 12, 31),
                locked_by_id=coordinator.id,
            ),
        ]
    )
    make_transaction(session, activity, donor, amount=Decimal("1234567.89"))
    finding = _add(
        session, Finding(plan_id=plan.id, kind="deficiency", position=1, title="Gap", text="Text.")
    )
    session.add_all(
        [
            FindingLink(
                finding_id=finding.id,
                target_kind="activity",
                target_id=activity.id,
                inferred=True,
                source="VI — inferred",
            ),
            FindingResponse(
                finding_id=finding.id,
                response_date=date(2006, 3, 1),
                response="partially_accepted",
                reason="Zgjidhje e pjesshme — partly",
                owner_id=ministry.id,
                due_date=date(2006, 12, 31),
                recorded_by=coordinator.id,
                recorded_at=datetime(2006, 3, 1, 12, 0, 0, 654321, tzinfo=UTC),
            ),
            FindingFollowUp(
                finding_id=finding.id,
                note_date=date(2006, 6, 30),
                status="limited",
                note="Begun.",
                recorded_by=None,
            ),
        ]
    )
    make_statistic(session, plan, from_year=2001, year=2005, category="total", value=391)
    indicator = _add(
        session,
        Indicator(
            plan_id=plan.id,
            code="I1",
            activity_id=activity.id,
            name="Shelters operating",
            measure="unit",
            baseline_value=Decimal("1.5"),
            baseline_date=date(2005, 1, 1),
            target_value=Decimal("12.1234"),
            target_date=date(2007, 12, 31),
        ),
    )
    first = make_status_update(session, activity, ministry, created_by_id=editor.id)
    later = make_status_update(
        session,
        activity,
        ministry,
        report_date=date(2006, 12, 31),
        state="approved",
        percent_complete=55,
        submitted_at=datetime(2007, 1, 2, 9, 0, tzinfo=UTC),
        reviewed_by_id=coordinator.id,
        reviewed_at=datetime(2007, 1, 3, 10, 15, 30, 123456, tzinfo=UTC),
    )
    first.based_on_id = later.id  # points forward: import must not assume id order
    session.add(
        IndicatorValue(
            indicator_id=indicator.id,
            status_update_id=later.id,
            value_date=date(2006, 12, 31),
            value=Decimal("7.0000"),
            state="returned",
            return_reason="Source missing.",
        )
    )
    session.add(
        PlanTranslation(
            plan_id=plan.id,
            entity_kind="framework",
            entity_id=prevention.id,
            field="title",
            language="sr_Latn",
            text="Prevencija — čišćenje",
            updated_at=datetime(2006, 2, 1, 9, 0, 0, 250000, tzinfo=UTC),
            updated_by=coordinator.id,
        )
    )
    session.add(AuditEvent(actor="cli", action="create", entity_type="plan", new_value="{}"))
    session.flush()

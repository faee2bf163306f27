"""The database itself refuses impossible values, on both dialects."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.orm import Session

from models.entities import (
    ActionPlan,
    Activity,
    ActivityAgency,
    Budget,
    ContextStatistic,
    Framework,
    FundingTransaction,
    Indicator,
    Objective,
    Organisation,
    StatusUpdate,
    User,
)


@pytest.fixture
def base(session: Session) -> dict[str, int]:
    """A plan with one framework, objective, activity and agency, committed."""
    plan = ActionPlan(
        code="T",
        country="Testland",
        title="Test plan",
        period_start=date(2005, 1, 1),
        target_date=date(2007, 12, 31),
    )
    org = Organisation(acronym="ORG", name="Test organisation", kind="government")
    session.add_all([plan, org])
    session.flush()
    fw = Framework(
        plan_id=plan.id,
        code="PREV",
        kind="prevention",
        name="Prevention",
        target_date=date(2007, 12, 31),
    )
    session.add(fw)
    session.flush()
    objective = Objective(
        plan_id=plan.id, framework_id=fw.id, code="O1", title="Awareness", description="d"
    )
    activity = Activity(
        plan_id=plan.id,
        framework_id=fw.id,
        code="A1",
        title="Campaign",
        description="d",
        planned_start=date(2005, 1, 1),
        planned_end=date(2007, 12, 31),
    )
    session.add_all([objective, activity])
    session.commit()
    return {"plan": plan.id, "org": org.id, "fw": fw.id, "obj": objective.id, "act": activity.id}


def _report(ids: dict[str, int], **overrides) -> StatusUpdate:
    values = dict(
        activity_id=ids["act"],
        organisation_id=ids["org"],
        report_date=date(2006, 1, 1),
        status="limited",
        percent_complete=20,
        narrative="",
        state="submitted",
    )
    values.update(overrides)
    return StatusUpdate(**values)


def _rejects(session: Session, row) -> None:
    session.add(row)
    # PostgreSQL reports an over-long value as a DataError before any CHECK runs.
    with pytest.raises((IntegrityError, DataError)):
        session.flush()
    session.rollback()


@pytest.mark.parametrize("percent", [-1, 101, 250])
def test_percent_outside_0_to_100_is_refused(session, base, percent):
    _rejects(session, _report(base, percent_complete=percent))


@pytest.mark.parametrize("percent", [0, 100])
def test_percent_at_the_bounds_is_accepted(session, base, percent):
    session.add(_report(base, percent_complete=percent))
    session.flush()


@pytest.mark.parametrize(
    "field, value",
    [("status", "finished"), ("state", "published"), ("status", "")],
)
def test_unknown_status_or_state_code_is_refused(session, base, field, value):
    _rejects(session, _report(base, **{field: value}))


def test_returned_report_needs_a_reason(session, base):
    _rejects(session, _report(base, state="returned", return_reason=None))
    _rejects(session, _report(base, state="returned", return_reason=""))


def test_unknown_role_code_is_refused(session, base):
    _rejects(session, User(username="someone", password_hash="x", role="superuser"))


def test_editor_without_organisation_is_refused(session, base):
    _rejects(session, User(username="editor1", password_hash="x", role="editor"))


def test_duplicate_username_is_refused(session, base):
    session.add(User(username="alice", password_hash="x", role="donor"))
    session.commit()
    _rejects(session, User(username="alice", password_hash="y", role="admin"))


@pytest.mark.parametrize("model", [Objective, Activity])
def test_duplicate_code_within_a_plan_is_refused(session, base, model):
    extra = {"planned_start": date(2005, 1, 1), "planned_end": date(2006, 1, 1)}
    kwargs = dict(
        plan_id=base["plan"],
        framework_id=base["fw"],
        title="t",
        description="d",
        code="O1" if model is Objective else "A1",
    )
    _rejects(session, model(**kwargs, **(extra if model is Activity else {})))


def test_same_code_in_another_plan_is_accepted(session, base):
    other = ActionPlan(
        code="U",
        country="Otherland",
        title="Other",
        period_start=date(2005, 1, 1),
        target_date=date(2007, 12, 31),
    )
    session.add(other)
    session.flush()
    fw = Framework(
        plan_id=other.id,
        code="PREV",
        kind="prevention",
        name="Prevention",
        target_date=date(2007, 12, 31),
    )
    session.add(fw)
    session.flush()
    session.add(
        Objective(plan_id=other.id, framework_id=fw.id, code="O1", title="t", description="d")
    )
    session.flush()


def test_objective_cannot_sit_in_another_plans_framework(session, base):
    other = ActionPlan(
        code="U",
        country="Otherland",
        title="Other",
        period_start=date(2005, 1, 1),
        target_date=date(2007, 12, 31),
    )
    session.add(other)
    session.commit()
    _rejects(
        session,
        Objective(plan_id=other.id, framework_id=base["fw"], code="X", title="t", description="d"),
    )


@pytest.mark.parametrize(
    "row",
    [
        lambda ids: Budget(
            activity_id=ids["act"],
            amount=-1,
            currency="EUR",
            period_start=date(2005, 1, 1),
            period_end=date(2005, 12, 31),
        ),
        lambda ids: FundingTransaction(
            activity_id=ids["act"],
            donor_id=ids["org"],
            type="pledge",
            amount=-5,
            currency="EUR",
            transaction_date=date(2005, 6, 1),
        ),
        lambda ids: FundingTransaction(
            activity_id=ids["act"],
            donor_id=ids["org"],
            type="pledge",
            amount=0,
            currency="EUR",
            transaction_date=date(2005, 6, 1),
        ),
        lambda ids: FundingTransaction(
            activity_id=ids["act"],
            donor_id=ids["org"],
            type="grant",
            amount=10,
            currency="EUR",
            transaction_date=date(2005, 6, 1),
        ),
        lambda ids: FundingTransaction(
            activity_id=ids["act"],
            donor_id=ids["org"],
            type="pledge",
            amount=10,
            currency="eur",
            transaction_date=date(2005, 6, 1),
        ),
        lambda ids: ContextStatistic(
            plan_id=ids["plan"],
            series="victims_identified",
            reported_by="IOM",
            year=2004,
            category="total",
            value=-3,
        ),
        lambda ids: ContextStatistic(
            plan_id=ids["plan"],
            series="victims_named",
            reported_by="IOM",
            year=2004,
            category="total",
            value=3,
        ),
        lambda ids: ActivityAgency(
            activity_id=ids["act"], organisation_id=ids["org"], role="chief"
        ),
        lambda ids: Organisation(name="Somewhere", kind="company"),
        lambda ids: Activity(
            plan_id=ids["plan"],
            framework_id=ids["fw"],
            code="A9",
            title="t",
            description="d",
            planned_start=date(2006, 1, 1),
            planned_end=date(2005, 1, 1),
        ),
        lambda ids: Indicator(
            plan_id=ids["plan"],
            code="I1",
            name="n",
            measure="unit",
            direction="increase",
        ),
        lambda ids: Indicator(
            plan_id=ids["plan"],
            code="I1",
            name="n",
            measure="milestone",
            direction="increase",
            objective_id=ids["obj"],
            target_value=5,
        ),
        lambda ids: Indicator(
            plan_id=ids["plan"],
            code="I1",
            name="n",
            measure="gauge",
            direction="increase",
            objective_id=ids["obj"],
        ),
    ],
    ids=[
        "negative-budget",
        "negative-transaction",
        "zero-transaction",
        "unknown-transaction-type",
        "bad-currency",
        "negative-statistic",
        "unknown-series",
        "unknown-agency-role",
        "unknown-organisation-kind",
        "activity-ends-before-start",
        "indicator-on-nothing",
        "milestone-not-yes-no",
        "unknown-measure",
    ],
)
def test_impossible_values_are_refused(session, base, row):
    _rejects(session, row(base))


@pytest.mark.parametrize(
    "row",
    [
        lambda ids: _report({**ids, "act": 999_999}),
        lambda ids: _report({**ids, "org": 999_999}),
        lambda ids: ActivityAgency(activity_id=ids["act"], organisation_id=999_999, role="lead"),
        lambda ids: StatusUpdate(
            activity_id=ids["act"],
            organisation_id=ids["org"],
            report_date=date(2006, 1, 1),
            status="limited",
            percent_complete=5,
            based_on_id=999_999,
        ),
    ],
    ids=["report-on-missing-activity", "report-by-missing-agency", "agency-link", "based-on"],
)
def test_dangling_references_are_refused(session, base, row):
    _rejects(session, row(base))


def test_refused_write_leaves_nothing_behind(session, base):
    _rejects(session, _report(base, percent_complete=101))
    assert session.scalar(select(func.count()).select_from(StatusUpdate)) == 0

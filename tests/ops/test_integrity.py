from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import text

from models.entities import ActivityAgency, ActivityObjective, Indicator
from models.ops.integrity import Problem, check
from models.ops.migrate import head_revision
from tests.factories import (
    make_activity,
    make_framework,
    make_objective,
    make_organisation,
    make_plan,
    make_statistic,
    make_status_update,
    make_transaction,
)


@pytest.fixture
def plan(session):
    return make_plan(session, code="KOS")


@pytest.fixture
def framework(session, plan):
    return make_framework(session, plan)


@pytest.fixture
def activity(session, framework):
    """A fully described activity: lead agency, objective, indicator with target."""
    objective = make_objective(session, framework)
    activity = make_activity(session, framework, code="1.1", title="Hotline")
    agency = make_organisation(session, "MLSW")
    session.add_all(
        [
            ActivityAgency(activity_id=activity.id, organisation_id=agency.id, role="lead"),
            ActivityObjective(activity_id=activity.id, objective_id=objective.id),
        ]
    )
    session.flush()
    return activity


def messages(session, severity=None):
    return [p.message for p in check(session) if severity in (None, p.severity)]


def test_empty_migrated_database_is_clean(session):
    assert check(session) == []


def test_complete_activity_is_clean(session, activity):
    assert check(session) == []


def test_activity_gaps_are_warnings(session, framework):
    make_objective(session, framework)
    make_activity(session, framework, code="2.3", title="Training")
    assert check(session) == [
        Problem("warning", "lead_agency", "KOS activity 2.3 (Training) has no lead agency"),
        Problem(
            "warning", "objective_link", "KOS activity 2.3 (Training) is linked to no objective"
        ),
    ]


def test_supporting_agency_is_not_a_lead(session, activity):
    session.execute(text("UPDATE activity_agency SET role = 'supporting'"))
    assert messages(session) == ["KOS activity 1.1 (Hotline) has no lead agency"]


def test_framework_without_objectives(session, plan):
    make_framework(session, plan, kind="prosecution")
    assert messages(session) == ["KOS framework Prosecution has no objectives"]


def test_indicator_without_target(session, plan, activity):
    session.add_all(
        [
            Indicator(
                plan_id=plan.id, code="I1", activity_id=activity.id, name="Calls", measure="unit"
            ),
            Indicator(
                plan_id=plan.id,
                code="I2",
                activity_id=activity.id,
                name="Shelters",
                measure="unit",
                target_value=Decimal("3"),
            ),
        ]
    )
    session.flush()
    assert messages(session) == ["KOS indicator I1 (Calls) has no target"]


def test_disbursement_beyond_commitment_is_an_error(session, activity):
    osce, iom = make_organisation(session, "OSCE"), make_organisation(session, "IOM")
    make_transaction(session, activity, osce, amount=Decimal("1000.00"))
    make_transaction(session, activity, osce, type="disbursement", amount=Decimal("600.00"))
    make_transaction(session, activity, osce, type="disbursement", amount=Decimal("400.50"))
    # Another donor's commitment does not cover OSCE's disbursement.
    make_transaction(session, activity, iom, amount=Decimal("5000.00"))
    make_transaction(session, activity, iom, type="disbursement", amount=Decimal("5000.00"))
    # Cents that floating point would not add up exactly are still covered.
    unicef = make_organisation(session, "UNICEF")
    make_transaction(session, activity, unicef, amount=Decimal("0.30"))
    make_transaction(session, activity, unicef, type="disbursement", amount=Decimal("0.10"))
    make_transaction(session, activity, unicef, type="disbursement", amount=Decimal("0.20"))
    (problem,) = check(session)
    assert problem.severity == "error"
    assert problem.message == (
        "KOS activity 1.1: OSCE disbursed 1000.50 EUR but committed only 1000.00 EUR"
    )


def test_statistic_total_must_equal_its_yearly_figures(session, plan):
    for year, kosovo, foreign in [(2004, 12, 35), (2005, 18, 31)]:
        make_statistic(session, plan, year=year, category="Kosovo", value=kosovo)
        make_statistic(session, plan, year=year, category="foreign", value=foreign)
    make_statistic(session, plan, from_year=2004, year=2005, category="total", value=96)
    # Figures of another source or outside the range do not count.
    make_statistic(session, plan, reported_by="IOM", year=2005, category="foreign", value=6)
    make_statistic(session, plan, year=2003, category="foreign", value=34)
    assert check(session) == []
    session.execute(text("UPDATE context_statistic SET value = 95 WHERE category = 'total'"))
    assert messages(session, "error") == [
        "victims_identified by TPIU, total 2004-2005 is 95 but its yearly figures add up to 96"
    ]


def test_statistic_total_falls_back_to_yearly_totals(session, plan):
    # A source that gives one figure per year has only "total" rows to add up.
    make_statistic(session, plan, reported_by="IOM", year=2000, category="total", value=114)
    make_statistic(session, plan, reported_by="IOM", year=2001, category="total", value=136)
    make_statistic(
        session, plan, reported_by="IOM", from_year=2000, year=2002, category="total", value=251
    )
    assert messages(session) == [
        "victims_identified by IOM, total 2000-2002 is 251 but its yearly figures add up to 250"
    ]


@pytest.mark.parametrize(("narrative", "expected"), [("", 1), ("  ", 1), ("Funds cut.", 0)])
def test_unexplained_drop_in_approved_progress(session, activity, narrative, expected):
    agency = make_organisation(session, "TPIU")
    for day, percent in [(date(2006, 3, 31), 60), (date(2006, 6, 30), 40)]:
        make_status_update(
            session,
            activity,
            agency,
            report_date=day,
            percent_complete=percent,
            state="approved",
            narrative=narrative if percent == 40 else "Work has started.",
        )
    make_status_update(session, activity, agency, report_date=date(2006, 9, 30), narrative="")
    found = messages(session)
    assert len(found) == expected
    if expected:
        assert found == [
            "KOS activity 1.1: approved report of 2006-06-30 says 40%, below an earlier"
            " approved 60%, with no narrative to explain it"
        ]


def test_schema_behind_head_is_the_only_error(session, activity):
    session.execute(text("UPDATE alembic_version SET version_num = '0000'"))
    assert check(session) == [
        Problem(
            "error",
            "schema",
            f"database schema is at 0000 revision, not {head_revision()}: run `actionplan init`",
        )
    ]


def test_a_translation_of_an_element_outside_its_plan_is_an_error(session, plan, activity):
    from models.entities import PlanTranslation

    other = make_plan(session, code="ZZZ")
    elsewhere = make_activity(session, make_framework(session, other))
    for element_id, text_ in ((activity.id, "Linja e ndihmës"), (elsewhere.id, "Tjetër")):
        session.add(
            PlanTranslation(
                plan_id=plan.id,
                entity_kind="activity",
                entity_id=element_id,
                field="title",
                language="sq",
                text=text_,
            )
        )
    session.flush()
    assert messages(session, "error") == [
        f"KOS translation of activity {elsewhere.id} (title, sq): the plan has no activity with"
        " that id"
    ]

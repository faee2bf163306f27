"""A small plan for the reporting workflow tests: two activities, three agencies, every role.

PREV-A1 is led by MLSW and supported by IOM; PREV-A2 is led by KPS. PREV-A1 has one approved
report (40%, 2006-03-31) to write new reports against, a unit and a milestone indicator.
"""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace
from unittest import mock

from argon2 import PasswordHasher
from sqlalchemy.orm import Session

from models.entities import ActivityAgency, Indicator
from models.services import accounts
from models.services.accounts import create_user
from models.services.authz import Operator
from models.services.reporting import save_report
from tests.factories import (
    make_activity,
    make_framework,
    make_organisation,
    make_plan,
    make_status_update,
)

PASSWORD = "correct horse battery"
# Accounts are made the real way, with cheaper hash parameters: six users per test at the
# production cost would dominate the suite's run time, and passwords are not tested here.
_FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


def _indicator(session: Session, plan, activity, code: str, measure: str) -> Indicator:
    indicator = Indicator(
        plan_id=plan.id,
        activity_id=activity.id,
        code=code,
        name=f"Indicator {code}",
        measure=measure,
    )
    session.add(indicator)
    session.flush()
    return indicator


def make_user(session: Session, name: str, role: str, organisation: str | None = None):
    """An account made by the accounts service, as an administrator would make it."""
    with mock.patch.object(accounts, "_hasher", _FAST_HASHER):
        return create_user(
            session=session,
            username=name,
            password=PASSWORD,
            role=role,
            organisation_acronym_or_id=organisation,
            actor=Operator("test"),
        )


def build_world(session: Session) -> SimpleNamespace:
    plan = make_plan(session, period_start=date(2005, 5, 1), target_date=date(2007, 12, 31))
    framework = make_framework(session, plan)
    a1 = make_activity(session, framework, code="PREV-A1")
    a2 = make_activity(session, framework, code="PREV-A2")
    mlsw, iom = make_organisation(session, "MLSW"), make_organisation(session, "IOM")
    kps = make_organisation(session, "KPS")
    session.add_all(
        [
            ActivityAgency(activity_id=a1.id, organisation_id=mlsw.id, role="lead"),
            ActivityAgency(activity_id=a1.id, organisation_id=iom.id, role="supporting"),
            ActivityAgency(activity_id=a2.id, organisation_id=kps.id, role="lead"),
        ]
    )

    def user(name, role, organisation=None):
        return make_user(session, name, role, organisation)

    world = SimpleNamespace(
        plan=plan,
        a1=a1,
        a2=a2,
        mlsw=mlsw,
        iom=iom,
        kps=kps,
        mlsw_editor=user("editor.mlsw", "editor", "MLSW"),
        iom_editor=user("editor.iom", "editor", "IOM"),
        kps_editor=user("editor.kps", "editor", "KPS"),
        coordinator=user("coord", "coordinator"),
        donor=user("donor.osce", "donor"),
        admin=user("admin", "admin"),
        unit=_indicator(session, plan, a1, "I1", "unit"),
        milestone=_indicator(session, plan, a1, "I2", "milestone"),
        other_indicator=_indicator(session, plan, a2, "I3", "unit"),
    )
    world.base = make_status_update(
        session,
        a1,
        mlsw,
        report_date=date(2006, 3, 31),
        status="limited",
        percent_complete=40,
        state="approved",
    )
    return world


def report_args(world: SimpleNamespace, **overrides) -> dict:
    """A valid report by MLSW on PREV-A1, written against the approved 40% report."""
    values = {
        "actor": world.mlsw_editor,
        "activity_id": world.a1.id,
        "report_date": date(2006, 6, 30),
        "status": "substantial",
        "percent_complete": 55,
        "narrative": "Training delivered.",
        "evidence_url": "https://example.org/report.pdf",
        "indicator_values": {world.unit.id: "12", world.milestone.id: 1},
        "based_on_id": world.base.id,
        "submit": False,
    }
    return {**values, **overrides}


def submitted(session: Session, world: SimpleNamespace, **overrides):
    return save_report(session=session, **report_args(world, submit=True, **overrides))

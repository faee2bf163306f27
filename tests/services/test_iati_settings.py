"""Sectors, recipient country and organisation identifiers: validated, authorised, audited."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from sqlalchemy import select

from models.entities import ActivitySector, AuditEvent
from models.services.errors import DomainError, PermissionDenied
from models.services.iati_settings import (
    IatiSettingsError,
    set_activity_sectors,
    set_organisation_identifier,
    set_recipient_country,
)
from tests.factories import (
    make_activity,
    make_framework,
    make_organisation,
    make_plan,
    make_user,
    row_counts,
)


@pytest.fixture
def world(session):
    plan = make_plan(session)
    activity = make_activity(session, make_framework(session, plan), code="PREV-A1")
    session.add(
        ActivitySector(
            activity_id=activity.id,
            vocabulary="1",
            code="15160",
            percentage=Decimal(100),
            inferred=True,
            source="inferred: proposed",
        )
    )
    coordinator = make_user(session, "coord", role="coordinator")
    unicef, iom = make_organisation(session, "UNICEF"), make_organisation(session, "IOM")
    session.flush()
    return {"plan": plan, "activity": activity, "coordinator": coordinator, "orgs": (unicef, iom)}


def test_sectors_replace_the_proposal_and_are_no_longer_inferred(session, world):
    rows = set_activity_sectors(
        session=session,
        actor=world["coordinator"],
        activity_id=world["activity"].id,
        sectors=[{"code": "15180", "percentage": "60"}, {"code": "15130", "percentage": 40}],
    )
    assert [(r.code, r.percentage, r.inferred) for r in rows] == [
        ("15180", Decimal("60.00"), False),
        ("15130", Decimal("40.00"), False),
    ]
    assert sorted(session.scalars(select(ActivitySector.code)).all()) == ["15130", "15180"]
    event = session.scalar(select(AuditEvent).where(AuditEvent.entity_type == "activity_sector"))
    assert json.loads(event.old_value)["sectors"][0] == {
        "code": "15160",
        "inferred": True,
        "percentage": "100.00",
        "vocabulary": "1",
    }


def test_sectors_are_refused_with_every_problem_and_nothing_written(session, world):
    before = row_counts(session)
    with pytest.raises(IatiSettingsError) as refused:
        set_activity_sectors(
            session=session,
            actor=world["coordinator"],
            activity_id=world["activity"].id,
            sectors=[
                {"code": "15180", "percentage": "60"},
                {"code": "12345", "percentage": "30"},
                {"code": "15130", "percentage": "lots"},
            ],
        )
    assert refused.value.messages == [
        "PREV-A1: sector 15130: the percentage 'lots' is not a number",
        "PREV-A1: '12345' is not a code of sector vocabulary 1",
        "PREV-A1: the percentages of vocabulary 1 add up to 90, not 100",
    ]
    assert isinstance(refused.value, DomainError)
    assert row_counts(session) == before


def test_recipient_country_is_a_country_code(session, world):
    plan = set_recipient_country(
        session=session, actor=world["coordinator"], plan_id=world["plan"].id, country="xk"
    )
    assert plan.recipient_country == "XK"
    with pytest.raises(IatiSettingsError, match="'KO' is not a code of the IATI Country"):
        set_recipient_country(
            session=session, actor=world["coordinator"], plan_id=world["plan"].id, country="KO"
        )
    assert world["plan"].recipient_country == "XK"


def test_identifiers_are_checked_against_registration_agencies_and_unique(session, world):
    unicef, iom = world["orgs"]
    set_organisation_identifier(
        session=session,
        actor=world["coordinator"],
        organisation_id=unicef.id,
        identifier=" XM-DAC-41122 ",
    )
    assert unicef.iati_identifier == "XM-DAC-41122"
    with pytest.raises(IatiSettingsError) as refused:
        set_organisation_identifier(
            session=session,
            actor=world["coordinator"],
            organisation_id=iom.id,
            identifier="XM-DAC-41122",
        )
    assert refused.value.messages == [
        "IOM: XM-DAC-41122 is already the identifier of Organisation UNICEF"
    ]
    with pytest.raises(IatiSettingsError, match="does not start with a registration agency"):
        set_organisation_identifier(
            session=session, actor=world["coordinator"], organisation_id=iom.id, identifier="XK-AP"
        )
    set_organisation_identifier(
        session=session, actor=world["coordinator"], organisation_id=unicef.id, identifier=""
    )
    assert unicef.iati_identifier is None
    actions = session.scalars(
        select(AuditEvent.new_value).where(AuditEvent.entity_type == "organisation")
    ).all()
    assert [json.loads(a)["iati_identifier"] for a in actions] == ["XM-DAC-41122", None]


@pytest.mark.parametrize("role", ["editor", "donor", "admin"])
def test_only_a_coordinator_may_change_iati_settings(session, world, role):
    org = make_organisation(session, f"ORG-{role}")
    actor = make_user(session, f"user-{role}", role=role, organisation_id=org.id)
    before = row_counts(session)
    with pytest.raises(PermissionDenied):
        set_recipient_country(session=session, actor=actor, plan_id=world["plan"].id, country="XK")
    with pytest.raises(PermissionDenied):
        set_organisation_identifier(
            session=session, actor=actor, organisation_id=org.id, identifier="XM-DAC-1"
        )
    with pytest.raises(PermissionDenied):
        set_activity_sectors(
            session=session,
            actor=actor,
            activity_id=world["activity"].id,
            sectors=[{"code": "15180", "percentage": 100}],
        )
    assert row_counts(session) == before

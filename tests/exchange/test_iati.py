"""IATI 2.03 export: schema-valid, one iati-activity per activity, money adding up.

The official schema ships with the code (models/exchange/schemas/iati-2.03, or $IATI_SCHEMA_DIR), so
a missing schema fails these tests rather than skipping them.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models.db import transaction
from models.entities import (
    Activity,
    ActivityAgency,
    ActivitySector,
    Budget,
    Framework,
    Indicator,
    IndicatorValue,
    Organisation,
    StatusUpdate,
)
from models.exchange.iati import ILLUSTRATIVE_TAG, export_iati, validate_iati
from models.queries import funding as q
from models.rules import coverage as c
from models.seeding.plan import seed_demo, seed_plan
from tests.factories import (
    make_activity,
    make_framework,
    make_organisation,
    make_plan,
    make_status_update,
    make_transaction,
)

EVER = date(9999, 12, 31)
TYPE_OF_CODE = {"13": "pledged", "11": "committed", "1": "disbursed"}


@pytest.fixture
def seeded(engine):
    with transaction(engine) as session:
        seed_plan(session)
        seed_demo(session)
    with Session(engine) as session:
        return session.scalar(select(Activity.plan_id).limit(1))


def _sums(root) -> Counter:
    sums = Counter()
    for budget in root.iter("budget"):
        sums["costed"] += Decimal(budget.findtext("value"))
    for t in root.iter("transaction"):
        kind = TYPE_OF_CODE[t.find("transaction-type").get("code")]
        sums[kind] += Decimal(t.findtext("value"))
    return sums


def test_seeded_export_is_valid_complete_and_adds_up(engine, seeded):
    xml = export_iati(engine, seeded)
    assert validate_iati(xml) == []
    root = etree.fromstring(xml)
    assert root.get("version") == "2.03" and root.get("generated-datetime")
    activities = root.findall("iati-activity")
    with Session(engine) as session:
        count = session.scalar(select(func.count(Activity.id)).where(Activity.plan_id == seeded))
    assert len(activities) == count == 26
    ids = [a.findtext("iati-identifier") for a in activities]
    assert len(set(ids)) == len(ids) and ids[0] == "XK-AP-XK-2005-2007-PREV-A1"
    assert {a.find("reporting-org").get("ref") for a in activities} == {"XK-AP"}
    totals = c.plan_total(c.activity_coverage(q.activity_money(engine, seeded, EVER))).iloc[0]
    sums = _sums(root)
    for kind in c.MONEY:
        assert float(sums[kind]) == pytest.approx(totals[kind]), kind
    # The demo set is illustrative throughout, and every activity says so.
    assert all(a.find(f"tag[@code='{ILLUSTRATIVE_TAG}']") is not None for a in activities)


def test_as_of_limits_transactions_to_the_reporting_date(engine, seeded):
    as_of = date(2006, 6, 30)
    root = etree.fromstring(export_iati(engine, seeded, as_of=as_of))
    totals = c.plan_total(c.activity_coverage(q.activity_money(engine, seeded, as_of))).iloc[0]
    sums = _sums(root)
    assert all(float(sums[k]) == pytest.approx(totals[k]) for k in c.FLOWS)
    dates = [t.find("transaction-date").get("iso-date") for t in root.iter("transaction")]
    assert max(dates) <= as_of.isoformat()


def _small_plan(session, status: str | None):
    plan = make_plan(session, code="AL-2005-2007")
    activity = make_activity(session, make_framework(session, plan), code="A 1/x")
    agency, donor = make_organisation(session, "MLSW"), make_organisation(session, "OSCE")
    if status:
        make_status_update(session, activity, agency, status=status, state="approved")
    make_status_update(
        session,
        activity,
        agency,
        status="complete",
        state="submitted",
        report_date=date(2007, 1, 31),
    )
    return plan, activity, donor


@pytest.mark.parametrize(
    ("status", "code"),
    [
        (None, "1"),
        ("not_started", "1"),
        ("limited", "2"),
        ("substantial", "2"),
        ("complete", "3"),
        ("cancelled", "5"),
        ("suspended", "6"),
    ],
)
def test_activity_status_comes_from_the_latest_approved_report(session, status, code):
    plan, _, _ = _small_plan(session, status)
    root = etree.fromstring(export_iati(session, plan.id))
    assert root.find("iati-activity/activity-status").get("code") == code


def test_small_plan_export(session):
    plan, activity, donor = _small_plan(session, "limited")
    session.add(
        Budget(
            activity_id=activity.id,
            amount=Decimal("900.50"),
            currency="EUR",
            period_start=date(2006, 1, 1),
            period_end=date(2006, 12, 31),
        )
    )
    make_transaction(session, activity, donor, amount=Decimal("400"))
    unit = Indicator(
        plan_id=plan.id,
        code="I1",
        activity_id=activity.id,
        name="Cases",
        measure="unit",
        direction="decrease",
        baseline_value=Decimal("12"),
        baseline_date=date(2005, 1, 1),
        target_value=Decimal("4"),
    )
    milestone = Indicator(
        plan_id=plan.id,
        code="I2",
        activity_id=activity.id,
        name="Law",
        measure="milestone",
        target_value=Decimal(1),
    )
    session.add_all([unit, milestone])
    session.flush()
    session.add(
        IndicatorValue(
            indicator_id=unit.id,
            value_date=date(2006, 6, 30),
            value=Decimal("7.5000"),
            state="approved",
        )
    )
    session.flush()
    xml = export_iati(session, plan.id, reporting_org_ref="XI-IATI-TEST")
    assert validate_iati(xml) == []
    act = etree.fromstring(xml).find("iati-activity")
    # Characters an identifier should not carry become hyphens.
    assert act.findtext("iati-identifier") == "XI-IATI-TEST-AL-2005-2007-A-1-x"
    roles = [(p.get("role"), p.findtext("narrative")) for p in act.iter("participating-org")]
    assert roles[0] == ("1", "Organisation OSCE") and ("2", roles[1][1]) == roles[1]
    assert act.find("tag") is None  # nothing illustrative in this plan
    indicators = act.findall("result/indicator")
    assert [(i.get("measure"), i.get("ascending")) for i in indicators] == [
        ("1", "false"),
        ("5", None),
    ]
    assert indicators[0].find("baseline").get("value") == "12"
    assert indicators[0].find("period/actual").get("value") == "7.5"
    assert indicators[1].find("period/target").get("value") is None
    assert "achieved" in indicators[1].findtext("period/target/comment/narrative")
    assert act.find("budget/value").text == "900.50"


def test_validation_reports_schema_errors():
    document = b"""<iati-activities version="2.03"><iati-activity>
        <iati-identifier>X-1</iati-identifier><title><narrative>t</narrative></title>
        </iati-activity></iati-activities>"""
    errors = validate_iati(document)
    assert errors and "reporting-org" in errors[0]
    assert validate_iati(b"<iati-activities>")[0].startswith("not well-formed XML")


def test_a_missing_schema_is_an_error_naming_the_setting(monkeypatch, tmp_path):
    monkeypatch.setenv("IATI_SCHEMA_DIR", str(tmp_path))
    with pytest.raises(FileNotFoundError, match="IATI_SCHEMA_DIR"):
        validate_iati(b"<iati-activities/>")


def _official() -> Path | None:
    """shared/iati-2.03 beside the clone (CI), or beside the folder of worktrees."""
    from models.db import PROJECT_ROOT

    for base in (PROJECT_ROOT.parent, PROJECT_ROOT.parent.parent):
        if (base / "shared" / "iati-2.03").is_dir():
            return base / "shared" / "iati-2.03"
    return None


SHIPPED = [
    "iati-activities-schema.xsd",
    "iati-common.xsd",
    "xml.xsd",
    "ruleset-standard.json",
    "ruleset-SPEC.rst",
    "SOURCE.txt",
]


def test_bundled_schema_rules_and_codelists_are_the_official_ones():
    """The shipped copies are byte for byte the files handed to the project, where present."""
    from models.exchange.iati_codelists import CODELIST_DIR
    from models.exchange.iati_schema import BUNDLED_SCHEMAS

    codelists = sorted(p.name for p in CODELIST_DIR.glob("*.xml"))
    assert {"Sector.xml", "Country.xml", "OrganisationRegistrationAgency.xml"} <= set(codelists)
    for name in SHIPPED:
        assert (BUNDLED_SCHEMAS / name).is_file()
    official = _official()
    if official is not None:
        assert codelists == sorted(p.name for p in (official / "codelists").glob("*.xml"))
        for name in [*SHIPPED, *(f"codelists/{c}" for c in codelists)]:
            assert (BUNDLED_SCHEMAS / name).read_bytes() == (official / name).read_bytes(), name


def test_activity_dates_sectors_country_and_refs(session):
    plan, activity, donor = _small_plan(session, "limited")
    agency = session.scalar(select(Organisation).where(Organisation.acronym == "MLSW"))
    make_activity_agency = ActivityAgency(
        activity_id=activity.id, organisation_id=agency.id, role="lead"
    )
    donor.iati_identifier = "XM-DAC-47000"
    plan.recipient_country = "XK"
    session.add_all(
        [
            make_activity_agency,
            ActivitySector(
                activity_id=activity.id, vocabulary="1", code="15130", percentage=Decimal(40)
            ),
            ActivitySector(
                activity_id=activity.id, vocabulary="1", code="15180", percentage=Decimal(60)
            ),
        ]
    )
    make_transaction(session, activity, donor, amount=Decimal("400"))
    make_status_update(
        session,
        activity,
        agency,
        status="complete",
        state="approved",
        report_date=date(2006, 9, 30),
    )
    session.flush()
    act = etree.fromstring(export_iati(session, plan.id)).find("iati-activity")
    dates = {d.get("type"): d.get("iso-date") for d in act.iter("activity-date")}
    first = session.scalar(
        select(func.min(StatusUpdate.report_date)).where(StatusUpdate.status == "limited")
    )
    assert dates["2"] == first.isoformat() and dates["4"] == "2006-09-30"
    assert act.find("recipient-country").get("code") == "XK"
    sectors = [
        (s.get("vocabulary"), s.get("code"), s.get("percentage"), s.findtext("narrative"))
        for s in act.iter("sector")
    ]
    framework = session.get(Framework, activity.framework_id)
    # The coordinator's DAC sectors, then the plan's own framework in vocabulary 99.
    assert sectors == [
        ("1", "15180", "60", "Ending violence against women and girls"),
        ("1", "15130", "40", "Legal and judicial development"),
        ("99", framework.code, "100", framework.name),
    ]
    assert act.findtext("sector/narrative") == "Ending violence against women and girls"
    refs = {p.findtext("narrative"): p.get("ref") for p in act.iter("participating-org")}
    # A known identifier is carried; an unknown one is left out, never invented.
    assert refs[donor.name] == "XM-DAC-47000" and refs[agency.name] is None
    assert act.find("transaction/provider-org").get("ref") == "XM-DAC-47000"

"""The IATI rule check: the 2.03 rulesets and codelists, evaluated on activity files.

The first tests run the evaluator over the demo plan's own export; the others show, one
rule kind at a time, that it finds what the Validator would find in a hand-made activity.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from lxml import etree
from sqlalchemy import select
from sqlalchemy.orm import Session

from models.db import transaction
from models.entities import Activity, ActivitySector, Budget, Organisation, User
from models.exchange.iati import validate_iati
from models.exchange.iati_check import IatiExportRefused, checked_export
from models.exchange.iati_rules import check_iati, evaluate_ruleset, load_ruleset
from models.seeding.plan import seed_demo, seed_plan
from models.services.iati_settings import set_organisation_identifier

TODAY = date(2026, 12, 1)


@pytest.fixture
def demo(engine):
    with transaction(engine) as session:
        seed_plan(session)
        seed_demo(session)
        coordinator = User(username="coord", password_hash="x", role="coordinator")
        session.add(coordinator)
        session.flush()
        office = session.scalar(select(Organisation).where(Organisation.acronym == "AOGG"))
        # What the README tells a coordinator to do once: give the reporting office its
        # IATI organisation identifier (a Kosovo chart-of-accounts style one, for the test).
        set_organisation_identifier(
            session=session, actor=coordinator, organisation_id=office.id, identifier="XK-COA-1"
        )
    with Session(engine) as session:
        return session.scalar(select(Activity.plan_id).limit(1))


def test_the_demo_plan_has_no_error_and_no_warning(engine, demo):
    export = checked_export(engine, demo, today=TODAY)
    assert validate_iati(export.xml) == []
    assert check_iati(export.xml, today=TODAY) == []
    assert export.warnings == [] and export.activities == 26
    # Each activity also carries its framework as a reporting-organisation sector (vocabulary
    # 99, with the narrative 2.2.1 asks for) beside its OECD DAC sectors.
    root = etree.fromstring(export.xml)
    own = [a.findall("sector[@vocabulary='99']") for a in root.iter("iati-activity")]
    assert all(len(s) == 1 and s[0].findtext("narrative") for s in own)
    assert {s[0].get("code") for s in own} == {"PREV", "PROT", "PROS"}


def test_without_sectors_the_export_is_refused_naming_each_activity(engine, demo):
    with transaction(engine) as session:
        session.query(ActivitySector).filter(
            ActivitySector.activity_id.in_(
                select(Activity.id).where(Activity.code.in_(["PREV-A1", "PROS-A16"]))
            )
        ).delete(synchronize_session=False)
    with pytest.raises(IatiExportRefused) as refused:
        checked_export(engine, demo, today=TODAY)
    gaps = [m for m in refused.value.messages if not m.startswith("IATI rule")]
    assert gaps == [
        "activity PREV-A1 has no sector: set it in Edit the plan → IATI settings → Sectors",
        "activity PROS-A16 has no sector: set it in Edit the plan → IATI settings → Sectors",
    ]
    rules = [m for m in refused.value.messages if m.startswith("IATI rule")]
    # 6.2.2 (no sector at all), and 6.7.2 where the activity has transactions without one.
    assert {m.split()[3] for m in rules} == {"6.2.2", "6.7.2"}
    assert {m.split()[5] for m in rules} == {
        "XK-COA-1-XK-2005-2007-PREV-A1",
        "XK-COA-1-XK-2005-2007-PROS-A16",
    }
    written = checked_export(engine, demo, allow_incomplete=True, today=TODAY)
    assert written.warnings[:2] == gaps and written.activities == 26


def test_a_budget_line_longer_than_a_year_is_refused_naming_where_to_split_it(engine, demo):
    with transaction(engine) as session:
        activity = session.scalar(select(Activity).where(Activity.code == "PREV-A1"))
        session.add(
            Budget(
                activity_id=activity.id,
                amount=Decimal("1000.00"),
                currency="EUR",
                period_start=date(2005, 1, 1),
                period_end=date(2006, 6, 30),
                source="test",
            )
        )
    with pytest.raises(IatiExportRefused) as refused:
        checked_export(engine, demo, today=TODAY)
    assert refused.value.messages[0] == (
        "activity PREV-A1: the budget line 2005-01-01 to 2006-06-30 is longer than a year: "
        "split it in Funding → Record funding → Costed requirement"
    )
    assert any(" 7.5.3 " in m for m in refused.value.messages[1:])


def _activity(body: str = "", **swap: str) -> bytes:
    parts = {
        "lang": ' xml:lang="en"',
        "ref": "XM-DAC-41122",
        "id": "XM-DAC-41122-P1",
        "dates": '<activity-date type="1" iso-date="2006-01-01"/>'
        '<activity-date type="3" iso-date="2006-12-31"/>',
        "country": '<recipient-country code="XK"/>',
        "sector": '<sector vocabulary="1" code="15180" percentage="100"/>',
        "budget": '<budget type="1" status="1"><period-start iso-date="2006-01-01"/>'
        '<period-end iso-date="2006-12-31"/>'
        '<value currency="EUR" value-date="2006-01-01">10.00</value></budget>',
        **swap,
    }
    return f"""<iati-activities version="2.03"><iati-activity{parts["lang"]}>
      <iati-identifier>{parts["id"]}</iati-identifier>
      <reporting-org ref="{parts["ref"]}" type="40"><narrative>UNICEF</narrative></reporting-org>
      <title><narrative>Title</narrative></title>
      <description><narrative>What it does</narrative></description>
      <participating-org role="1"><narrative>A donor</narrative></participating-org>
      <activity-status code="2"/>{parts["dates"]}{parts["country"]}{parts["sector"]}
      {parts["budget"]}{body}
    </iati-activity></iati-activities>""".encode()


def _found(xml: bytes) -> list[tuple[str, str]]:
    return [(f.severity, f.rule) for f in check_iati(xml, today=TODAY)]


def test_the_hand_made_activity_passes():
    assert validate_iati(_activity()) == []
    assert _found(_activity()) == []


@pytest.mark.parametrize(
    ("swap", "expected"),
    [
        ({"sector": ""}, ("error", "6.2.2")),  # atleast_one
        ({"country": ""}, ("error", "3.7.1")),  # if_then
        ({"lang": ""}, ("error", "4.1.1")),  # one_or_all
        ({"ref": "XK-AP", "id": "XK-AP-P1"}, ("warning", "1.14.8")),  # startswith, ORG-ID-PREFIX
        ({"id": "UNICEF-P1"}, ("warning", "1.1.21")),  # startswith the reporting-org ref
        ({"id": "XM-DAC-41122"}, ("error", "1.1.3")),  # unique
        ({"id": " XM-DAC-41122-P1"}, ("warning", "1.3.1")),  # no_spaces
        ({"id": "XM-DAC-41122-P/1"}, ("warning", "1.3.13")),  # regex_matches
        (
            {
                "dates": '<activity-date type="1" iso-date="2007-01-01"/>'
                '<activity-date type="3" iso-date="2006-12-31"/>'
            },
            ("error", "11.1.2"),
        ),  # date_order
        (
            {
                "dates": '<activity-date type="1" iso-date="2006-01-01"/>'
                '<activity-date type="2" iso-date="2027-01-01"/>'
            },
            ("error", "11.1.4"),
        ),  # date_order against NOW
        (
            {
                "sector": '<sector vocabulary="1" code="15180" percentage="60"/>'
                '<sector vocabulary="1" code="15130" percentage="30"/>'
            },
            ("error", "2.1.2"),
        ),  # strict_sum
        (
            {
                "sector": '<sector vocabulary="1" code="15180" percentage="100"/>'
                '<sector vocabulary="2" code="151" percentage="60"/>'
                '<sector vocabulary="2" code="152" percentage="30"/>'
            },
            ("error", "2.1.2"),
        ),  # loop over vocabularies, strict_sum within
        ({"sector": '<sector vocabulary="1" code="15180" percentage="140"/>'}, ("error", "12.3.1")),
        (
            {
                "sector": '<sector vocabulary="1" code="15180" percentage="100"/>'
                '<sector vocabulary="99" code="PREV" percentage="100"/>'
            },
            ("error", "2.2.1"),
        ),  # if_then: a reporting organisation's sector needs a narrative
        (
            {
                "sector": '<sector vocabulary="1" code="15180" percentage="100"/>'
                '<sector vocabulary="99" code="PREV" percentage="60">'
                "<narrative>Prevention</narrative></sector>"
            },
            ("error", "2.1.4"),
        ),  # loop over other vocabularies: a single sector is 100 percent or none
        (
            {"sector": '<sector vocabulary="99" code="PREV"><narrative>P</narrative></sector>'},
            ("warning", "102.1.1"),
        ),  # if_then: another vocabulary without OECD DAC
        (
            {
                "budget": '<budget type="1" status="1"><period-start iso-date="2006-01-01"/>'
                '<period-end iso-date="2007-01-02"/>'
                '<value currency="EUR" value-date="2006-01-01">10.00</value></budget>'
            },
            ("error", "7.5.3"),
        ),  # time_limit
        ({"sector": '<sector vocabulary="1" code="99999" percentage="100"/>'}, None),
        ({"country": '<recipient-country code="ZZ"/>'}, None),
    ],
)
def test_each_kind_of_rule_finds_its_problem(swap, expected):
    found = _found(_activity(**swap))
    if expected is None:  # a code no codelist has
        assert found and all(s == "error" and r.startswith("codelist:") for s, r in found)
    else:
        assert expected in found, found


def test_a_transaction_sector_beside_none_on_the_activity_is_6_7_2():
    body = (
        '<transaction><transaction-type code="11"/><transaction-date iso-date="2006-02-01"/>'
        '<value currency="EUR" value-date="2006-02-01">5.00</value></transaction>'
    )
    assert ("error", "6.7.2") in _found(_activity(body, sector=""))
    assert ("error", "6.7.2") not in _found(_activity(body))


def test_a_withdrawn_code_is_a_warning_and_an_unchecked_coded_attribute_an_error():
    # AN (Netherlands Antilles) is withdrawn from the Country codelist.
    found = check_iati(_activity(country='<recipient-country code="AN"/>'), today=TODAY)
    assert [(f.severity, f.rule) for f in found] == [("warning", "codelist:Country")]
    assert "withdrawn" in found[0].message and found[0].activity == "XM-DAC-41122-P1"
    found = check_iati(_activity(body='<other-identifier ref="A" type="A1"/>'), today=TODAY)
    assert [(f.severity, f.rule) for f in found] == [("error", "codelist")]


def test_a_participating_org_ref_without_agency_prefix_is_a_warning():
    body = '<participating-org role="4" ref="KOS-1"><narrative>X</narrative></participating-org>'
    assert ("warning", "org-id-prefix") in _found(_activity(body))


def test_an_unknown_rule_kind_is_an_error_not_a_silent_pass():
    root = etree.fromstring(_activity())
    ruleset = {"//iati-activity": {"made_up": {"cases": [{"ruleInfo": {}}]}}}
    with pytest.raises(ValueError, match="made_up"):
        list(evaluate_ruleset(root, ruleset, today=TODAY))


def test_every_rule_kind_of_the_shipped_ruleset_is_known():
    from models.exchange.iati_rules import RULES

    kinds = set()
    for rules in load_ruleset().values():
        for kind, block in rules.items():
            kinds.add(kind)
            if kind == "loop":
                kinds |= {k for case in block["cases"] for k in case["do"]}
    assert kinds - {"loop"} <= set(RULES)


def test_a_refusal_is_told_in_the_readers_language(engine, demo):
    """The Funding page in Serbian (Latin): each gap in Serbian, with the way to its form in
    the pages' own words; rule lines prefixed and rated in Serbian (the ruleset's own message
    is the IATI Standard's English)."""
    from models.exchange.iati import WHERE_SECTORS, where
    from models.i18n import use_language

    with transaction(engine) as session:
        session.query(ActivitySector).filter(
            ActivitySector.activity_id.in_(select(Activity.id).where(Activity.code == "PREV-A1"))
        ).delete(synchronize_session=False)
    use_language("sr_Latn")
    try:
        with pytest.raises(IatiExportRefused) as refused:
            checked_export(engine, demo, today=TODAY)
        path = where(WHERE_SECTORS)
    finally:
        use_language("en")
    messages = refused.value.messages
    assert path.startswith("Izmeni plan → ")
    assert messages[0] == f"aktivnost PREV-A1 nema sektor: podesite ga u {path}"
    rules = messages[1:]
    assert rules and all(m.startswith("IATI pravilo greška ") for m in rules)
    assert not [m for m in messages if "has no sector" in m or m.startswith("IATI rule")]

"""Report validation: every rule's message, alone and together, and nothing saved on failure."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from models.entities.reporting import NARRATIVE_MAX, URL_MAX
from models.rules.reporting import ApprovedReport, ReportContext, check_report
from models.services.errors import ReportError
from models.services.reporting import save_report
from tests.factories import make_status_update, row_counts
from tests.reporting_world import build_world, report_args

CONTEXT = ReportContext(
    plan_start=date(2005, 5, 1),
    today=date(2007, 1, 15),
    locked=((date(2005, 5, 1), date(2005, 12, 31)),),
    basis=ApprovedReport(7, date(2006, 3, 31), "limited", 40, "MLSW"),
    indicators={1: ("I1", "unit"), 2: ("I2", "milestone")},
)
VALID = {
    "status": "substantial",
    "percent_complete": 55,
    "narrative": "",
    "evidence_url": None,
    "report_date": date(2006, 6, 30),
    "indicator_values": {1: "12.5", 2: 1},
}

CASES = [
    ({"percent_complete": 101}, "percent_complete: 101 is outside 0 to 100"),
    ({"percent_complete": -1}, "percent_complete: -1 is outside 0 to 100"),
    ({"percent_complete": 55.5}, "percent_complete: 55.5 is not a whole number"),
    ({"percent_complete": "55"}, "percent_complete: '55' is not a whole number"),
    (
        {"status": "done"},
        "status: unknown status 'done'; choose one of not_started, limited, "
        "substantial, complete, suspended, cancelled",
    ),
    (
        {"status": "complete", "percent_complete": 90, "evidence_url": "https://x.org/a"},
        "percent_complete: a complete activity is 100% done, not 90%",
    ),
    (
        {"status": "complete", "percent_complete": 100},
        "evidence_url: a complete activity needs a link to evidence",
    ),
    (
        {"evidence_url": "ftp://files.example.org/a.pdf"},
        "evidence_url: 'ftp://files.example.org/a.pdf' is not an http:// or https:// link",
    ),
    (
        {"evidence_url": "javascript:alert(1)"},
        "evidence_url: 'javascript:alert(1)' is not an http:// or https:// link",
    ),
    (
        {"evidence_url": "www.example.org"},
        "evidence_url: 'www.example.org' is not an http:// or https:// link",
    ),
    (
        {"evidence_url": "https://x.org/" + "a" * URL_MAX},
        f"evidence_url: {URL_MAX + 14} characters is too long; at most {URL_MAX}",
    ),
    (
        {"report_date": date(2005, 4, 30)},
        "report_date: 2005-04-30 is before the plan starts (2005-05-01)",
    ),
    ({"report_date": date(2007, 1, 16)}, "report_date: 2007-01-16 is in the future"),
    (
        {"report_date": date(2005, 12, 31)},
        "report_date: 2005-12-31 is in the locked period 2005-05-01 to 2005-12-31",
    ),
    ({"report_date": "2006-06-30"}, "report_date: '2006-06-30' is not a date"),
    (
        {"percent_complete": 35},
        "narrative: 35% is lower than the 40% of the approved report of 2006-03-31; "
        "explain the drop",
    ),
    ({"percent_complete": 35, "narrative": "   "}, "narrative: 35% is lower than the 40%"),
    (
        {"narrative": "x" * (NARRATIVE_MAX + 1)},
        f"narrative: {NARRATIVE_MAX + 1:,} characters is too long; at most {NARRATIVE_MAX:,}",
    ),
    (
        {"indicator_values": {3: 5}},
        "indicator_values: indicator 3 is not an indicator of this activity",
    ),
    ({"indicator_values": {2: 2}}, "indicator_values: I2 is a milestone: 1 (reached) or 0, not 2"),
    (
        {"indicator_values": {2: "0.5"}},
        "indicator_values: I2 is a milestone: 1 (reached) or 0, not 0.5",
    ),
    ({"indicator_values": {1: "many"}}, "indicator_values: I1: 'many' is not a number"),
    ({"indicator_values": {1: "NaN"}}, "indicator_values: I1: 'NaN' is not a number"),
    ({"indicator_values": {1: True}}, "indicator_values: I1: True is not a number"),
    (
        {"indicator_values": {1: "1.23456"}},
        "indicator_values: I1: 1.23456 is too long; at most 14 digits and 4 decimals",
    ),
    (
        {"indicator_values": {1: "1e14"}},
        "indicator_values: I1: 1e14 is too long; at most 14 digits and 4 decimals",
    ),
]


@pytest.mark.parametrize(("change", "message"), CASES)
def test_each_rule_names_its_field(change, message):
    messages = check_report(**{**VALID, **change}, context=CONTEXT)
    assert len(messages) == 1 and messages[0].startswith(message), messages


ACCEPTED = [
    {},
    {"percent_complete": 35, "narrative": "The shelter closed for two months."},
    {"status": "complete", "percent_complete": 100, "evidence_url": "HTTPS://x.org/a.pdf"},
    {"report_date": date(2007, 1, 15)},  # today
    {"report_date": date(2006, 1, 1)},  # the day after the locked period
    {"indicator_values": {1: " ", 2: None}},  # blanks: not reported this time
    {"indicator_values": {1: "-3.25", 2: "0"}},
    {"narrative": "x" * NARRATIVE_MAX},
]


@pytest.mark.parametrize("change", ACCEPTED)
def test_valid_reports_pass(change):
    assert check_report(**{**VALID, **change}, context=CONTEXT) == []


def test_every_problem_is_reported_at_once():
    bad = {
        "status": "complete",
        "percent_complete": 130,
        "evidence_url": "ftp://a",
        "report_date": date(2008, 1, 1),
        "indicator_values": {2: 3, 9: 1},
    }
    fields = [m.split(":")[0] for m in check_report(**{**VALID, **bad}, context=CONTEXT)]
    assert fields == [
        "percent_complete",
        "evidence_url",
        "report_date",
        "indicator_values",
        "indicator_values",
    ]


def test_no_drop_rule_without_an_approved_report():
    context = ReportContext(plan_start=date(2005, 5, 1), today=date(2007, 1, 15))
    assert (
        check_report(**{**VALID, "percent_complete": 0, "indicator_values": {}}, context=context)
        == []
    )


@pytest.fixture
def world(session):
    return build_world(session)


SERVICE_CASES = [
    (lambda w: {"percent_complete": 120}, ["percent_complete: 120 is outside 0 to 100"]),
    (
        lambda w: {"status": "complete", "percent_complete": 100, "evidence_url": ""},
        ["evidence_url: a complete activity needs a link to evidence"],
    ),
    (
        lambda w: {"report_date": date.today() + timedelta(days=1)},
        [f"report_date: {date.today() + timedelta(days=1)} is in the future"],
    ),
    (
        lambda w: {"report_date": date(2005, 4, 30)},
        ["report_date: 2005-04-30 is before the plan starts (2005-05-01)"],
    ),
    (
        lambda w: {"percent_complete": 30, "narrative": ""},
        [
            "narrative: 30% is lower than the 40% of the approved report of 2006-03-31; "
            "explain the drop"
        ],
    ),
    (
        lambda w: {"indicator_values": {w.other_indicator.id: 4}},
        [
            lambda w: (
                f"indicator_values: indicator {w.other_indicator.id} is not an indicator of "
                "this activity"
            )
        ],
    ),
    (
        lambda w: {"indicator_values": {w.milestone.id: 5, w.unit.id: "ten"}},
        [
            "indicator_values: I2 is a milestone: 1 (reached) or 0, not 5",
            "indicator_values: I1: 'ten' is not a number",
        ],
    ),
    (
        lambda w: {"based_on_id": 999_999},
        ["based_on_id: 999999 is not an approved report on PREV-A1"],
    ),
    (lambda w: {"activity_id": 999_999}, ["activity_id: no activity has id 999999"]),
    (lambda w: {"report_id": 999_999}, ["report_id: no report has id 999999"]),
]


@pytest.mark.parametrize("submit", [False, True])
@pytest.mark.parametrize(("change", "messages"), SERVICE_CASES)
def test_the_service_refuses_and_saves_nothing(session, world, change, messages, submit):
    args = report_args(world, submit=submit, **change(world))
    before = row_counts(session)
    with pytest.raises(ReportError) as refused:
        save_report(session=session, **args)
    expected = [m(world) if callable(m) else m for m in messages]
    assert refused.value.messages == expected
    assert row_counts(session) == before


def test_a_drop_is_judged_against_the_report_written_against(session, world):
    newer = make_status_update(
        session,
        world.a1,
        world.mlsw,
        report_date=date(2006, 5, 31),
        percent_complete=45,
        state="approved",
    )
    args = report_args(world, based_on_id=newer.id, percent_complete=42, narrative="")
    with pytest.raises(ReportError, match="narrative: 42% is lower than the 45% of the approved"):
        save_report(session=session, **args)
    # Against the older basis 42% is no drop: the newer report is a conflict, not a message.
    assert save_report(session=session, **report_args(world, percent_complete=42, narrative=""))

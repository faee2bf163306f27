"""Funding coverage: SQL totals as of a date, ratios, roll-ups, flows and unfunded activities.

The small plan below has hand-computed answers:
  Prevention: A1 costed 1000, serves O1 and O2; A2 costed 500, serves O2.
  Protection: A3 costed 200, serves no objective, no money.
  D1 → A1: pledge 800 (Jan 06), commitment 600 (Feb 06), disbursements 300 (Mar 06), 100 (Sep 06)
  D2 → A2: commitment 500 (May 06), disbursement 500 (Jun 06)
"""

from __future__ import annotations

import math
from datetime import date
from decimal import Decimal

import pandas as pd
import pytest
from sqlalchemy.orm import Session

from models.entities import ActivityAgency, ActivityObjective, Budget, FundingTransaction
from models.queries import funding as q
from models.rules import coverage as c
from tests.factories import (
    make_activity,
    make_framework,
    make_objective,
    make_organisation,
    make_plan,
    make_transaction,
)


@pytest.fixture
def plan(engine):
    with Session(engine) as s, s.begin():
        plan = make_plan(s)
        prev, prot = make_framework(s, plan), make_framework(s, plan, "protection")
        o1, o2 = make_objective(s, prev, code="O1"), make_objective(s, prev, code="O2")
        a1, a2 = make_activity(s, prev, code="A1"), make_activity(s, prev, code="A2")
        a3 = make_activity(s, prot, code="A3")
        d1, d2, agency = (
            make_organisation(s, "D1"),
            make_organisation(s, "D2"),
            make_organisation(s),
        )
        s.add(ActivityAgency(activity_id=a3.id, organisation_id=agency.id, role="lead"))
        for act, obj in ((a1, o1), (a1, o2), (a2, o2)):
            s.add(ActivityObjective(activity_id=act.id, objective_id=obj.id))
        for act, amount in ((a1, 1000), (a2, 500), (a3, 200)):
            s.add(
                Budget(
                    activity_id=act.id,
                    amount=Decimal(amount),
                    currency="EUR",
                    period_start=date(2006, 1, 1),
                    period_end=date(2006, 12, 31),
                )
            )
        for act, donor, kind, amount, day in [
            (a1, d1, "pledge", 800, date(2006, 1, 1)),
            (a1, d1, "commitment", 600, date(2006, 2, 1)),
            (a1, d1, "disbursement", 300, date(2006, 3, 1)),
            (a1, d1, "disbursement", 100, date(2006, 9, 1)),
            (a2, d2, "commitment", 500, date(2006, 5, 1)),
            (a2, d2, "disbursement", 500, date(2006, 6, 1)),
        ]:
            make_transaction(s, act, donor, type=kind, amount=Decimal(amount), transaction_date=day)
        ids = {"plan": plan.id, "prot": prot.id, "agency": agency.id, "d1": d1.id}
        ids |= {"A1": a1.id, "A2": a2.id, "A3": a3.id, "O1": o1.id, "O2": o2.id}
    return ids


def _coverage(engine, plan, as_of, **filters):
    return c.activity_coverage(q.activity_money(engine, plan["plan"], as_of, **filters))


# code, as_of, pledged, committed, disbursed, coverage, disbursement rate ("—" = none), gap
CASES = [
    ("A1", date(2006, 4, 1), 800, 600, 300, "60%", "50%", 400),
    ("A1", date(2006, 12, 31), 800, 600, 400, "60%", "67%", 400),
    ("A2", date(2006, 4, 1), 0, 0, 0, "0%", "—", 500),
    ("A2", date(2006, 12, 31), 0, 500, 500, "100%", "100%", 0),
    ("A3", date(2006, 12, 31), 0, 0, 0, "0%", "—", 200),
    ("A1", date(2005, 12, 31), 0, 0, 0, "0%", "—", 1000),
]


@pytest.mark.parametrize(
    ("code", "as_of", "pledged", "committed", "disbursed", "cover", "rate", "gap"), CASES
)
def test_activity_figures_as_of_a_date(
    engine, plan, code, as_of, pledged, committed, disbursed, cover, rate, gap
):
    row = _coverage(engine, plan, as_of).set_index("code").loc[code]
    assert (row.pledged, row.committed, row.disbursed, row.gap) == (
        pledged,
        committed,
        disbursed,
        gap,
    )
    assert (c.format_ratio(row.coverage), c.format_ratio(row.disbursement_rate)) == (cover, rate)


def test_plan_and_framework_totals(engine, plan):
    cov = _coverage(engine, plan, date(2006, 12, 31))
    total = c.plan_total(cov).iloc[0]
    assert (total.costed, total.committed, total.disbursed, total.gap) == (1700, 1100, 900, 600)
    assert total.coverage == pytest.approx(1100 / 1700)
    assert (total.activities, total.unfunded) == (3, 1)
    frameworks = c.by_framework(cov).set_index("framework")
    assert frameworks.loc["Prevention", "costed"] == 1500
    assert math.isnan(frameworks.loc["Protection", "disbursement_rate"])


def test_an_activity_counts_in_full_in_every_objective_it_serves(engine, plan):
    cov = _coverage(engine, plan, date(2006, 12, 31))
    objectives = c.by_objective(cov, q.objective_links(engine, plan["plan"]))
    assert list(objectives["objective_code"]) == ["O1", "O2", ""]
    assert list(objectives["costed"]) == [1000, 1500, 200]  # O2 = A1 + A2
    assert list(objectives["activities"]) == [1, 2, 1]
    assert objectives.iloc[-1]["objective"] == c.NO_OBJECTIVE
    # Counting A1 twice makes the objectives add up to more than the plan: by design.
    assert objectives["costed"].sum() == 2700 > c.plan_total(cov).iloc[0].costed


def test_filters_follow_the_dashboard(engine, plan):
    by_framework = _coverage(engine, plan, date(2006, 12, 31), framework_ids=[plan["prot"]])
    by_agency = _coverage(engine, plan, date(2006, 12, 31), agency_id=plan["agency"])
    assert list(by_framework["code"]) == list(by_agency["code"]) == ["A3"]


def test_currencies_are_never_added_together(engine, plan):
    with Session(engine) as s, s.begin():
        donor = make_organisation(s, "D3")
        s.add(
            FundingTransaction(
                activity_id=plan["A1"],
                donor_id=donor.id,
                type="commitment",
                amount=Decimal(250),
                currency="USD",
                transaction_date=date(2006, 3, 1),
            )
        )
    cov = _coverage(engine, plan, date(2006, 12, 31))
    totals = c.plan_total(cov).set_index("currency")
    assert totals.loc["EUR", "committed"] == 1100 and totals.loc["USD", "committed"] == 250
    assert totals.loc["USD", "costed"] == 0 and math.isnan(totals.loc["USD", "coverage"])


def test_donor_contributions_and_flows_conserve_money(engine, plan):
    donors = q.donor_money(engine, plan["plan"], date(2006, 12, 31))
    stacked = c.donor_by_framework(donors)
    assert stacked[["donor", "framework", "committed"]].values.tolist() == [
        ["D1", "Prevention", 600.0],
        ["D2", "Prevention", 500.0],
    ]
    flows = c.flows(donors, q.objective_links(engine, plan["plan"]))
    second = flows[flows["stage"] == "framework_objective"].set_index("target")["value"]
    # A1's 600 is split evenly between O1 and O2; A2's 500 goes to O2.
    assert second.to_dict() == {"O1": 300.0, "O2": 800.0}
    assert flows.groupby("stage")["value"].sum().nunique() == 1
    with pytest.raises(ValueError, match="measure"):
        c.flows(donors, q.objective_links(engine, plan["plan"]), measure="costed")


@pytest.mark.parametrize(
    ("numerator", "denominator", "shown"),
    [
        (1, 0, "—"),
        (0, 0, "—"),
        (3, 4, "75%"),
        (5, 4, "125%"),
        (0, 4, "0%"),
    ],
)
def test_ratio_is_nan_safe(numerator, denominator, shown):
    assert c.format_ratio(float(c.ratio(numerator, denominator))) == shown


def test_money_is_shown_with_its_currency():
    assert c.format_money(1234567.4, "EUR") == "EUR 1,234,567"


def test_gap_is_never_negative():
    df = pd.DataFrame({"costed": [100.0], "committed": [150.0], "disbursed": [0.0]})
    assert c.with_ratios(df)["gap"].tolist() == [0.0]

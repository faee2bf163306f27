"""The invented rows of one synthetic plan (models/seeding/synthetic.py): weekly status reports,
quarterly indicator values, budgets, donor transactions and context statistics.

Pure functions of a seeded random generator and the plan's activities, so the same seed gives
the same rows. Every row carries `illustrative=True`.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from random import Random

from models.codes import STATUS_LABELS
from models.rules.iati import split_by_year

PLAN_START, PLAN_END = date(2005, 5, 1), date(2007, 12, 31)
FIRST_REPORT = date(2005, 5, 6)  # the plan's first Friday: reports are weekly
QUARTER = 13  # weeks between indicator values
SOURCE = "inferred: synthetic scale data (actionplan generate), invented, not from any report"
INVENTED = {"illustrative": True}


def report_dates() -> list[date]:
    """Every Friday from the plan's first week to its target date."""
    weeks = (PLAN_END - FIRST_REPORT).days // 7
    return [FIRST_REPORT + timedelta(weeks=k) for k in range(weeks + 1)]


def status_reports(rng: Random, activities: list[dict]) -> list[dict]:
    """One approved report a week per activity, progress never falling back.

    `activities`: id, lead (organisation id), planned_start, planned_end.
    """
    rows = []
    for a in activities:
        pace, percent = rng.uniform(0.55, 1.2), 0
        for week, day in enumerate(report_dates(), 1):
            expected = _fraction(day, a["planned_start"], a["planned_end"])
            wobble = rng.randint(-2, 2) if expected else 0
            # Never lower than last week: a drop is what the integrity report flags.
            percent = max(percent, min(100, round(100 * pace * expected) + wobble))
            rows.append(_report(a, week, day, percent))
    return rows


def _report(activity: dict, week: int, day: date, percent: int) -> dict:
    status = _status(percent)
    return {
        "activity_id": activity["id"],
        "organisation_id": activity["lead"],
        "report_date": day,
        "status": status,
        "percent_complete": percent,
        "narrative": f"Week {week}: {STATUS_LABELS[status].lower()}, {percent}% done.",
        "evidence_url": None,
        "state": "approved",
        "return_reason": None,
        "created_at": _at(day, 1),
        "submitted_at": _at(day, 2),
        "reviewed_at": _at(day, 4),
        **INVENTED,
    }


def indicator_values(rng: Random, indicators: list[dict], activities: list[dict]) -> list[dict]:
    """A value a quarter per indicator, moving from baseline towards target.

    `indicators`: id, activity_id, measure, baseline_value, target_value.
    """
    spans = {a["id"]: (a["planned_start"], a["planned_end"]) for a in activities}
    rows = []
    for i in indicators:
        span, pace = spans.get(i["activity_id"], (PLAN_START, PLAN_END)), rng.uniform(0.6, 1.1)
        base, target = Decimal(i["baseline_value"] or 0), Decimal(i["target_value"] or 0)
        for day in report_dates()[QUARTER - 1 :: QUARTER]:
            share = Decimal(str(round(min(1.0, _fraction(day, *span) * pace), 2)))
            if i["measure"] == "milestone":
                value = Decimal(int(share >= Decimal("0.8")))
            else:
                value = Decimal(round(base + (target - base) * share))
            rows.append(
                {
                    "indicator_id": i["id"],
                    "status_update_id": None,
                    "value_date": day,
                    "value": value,
                    "comment": None,
                    "state": "approved",
                    "created_at": _at(day, 1),
                    **INVENTED,
                }
            )
    return rows


def money(rng: Random, activities: list[dict], donors: list[int]) -> tuple[list, list]:
    """A costed budget per activity (in calendar-year lines, split pro rata by days), and one
    to three donors' transactions towards it."""
    budgets, transactions = [], []
    common = {"currency": "EUR", "source": SOURCE, "inferred": True, **INVENTED}
    for a in activities:
        start, end = a["planned_start"], a["planned_end"]
        amount = Decimal(rng.randrange(10, 250) * 1000)
        budgets += [
            {"activity_id": a["id"], "amount": share, "period_start": first, "period_end": last}
            | common
            for first, last, share in split_by_year(amount, start, end)
        ]
        for donor in rng.sample(donors, rng.randint(1, 3)):
            share = amount * Decimal(rng.randint(20, 60)) / 100
            for kind, day, value in _tranches(rng, share, start, end):
                transactions.append(
                    {
                        "activity_id": a["id"],
                        "donor_id": donor,
                        "type": kind,
                        "transaction_date": day,
                        "amount": value,
                        **common,
                    }
                )
    return budgets, transactions


def _tranches(rng: Random, share: Decimal, start: date, end: date) -> list[tuple]:
    """A pledge, a commitment no larger, and half-yearly disbursements within the commitment."""
    pledge = share.quantize(Decimal("100"))
    committed = (pledge * Decimal(rng.randint(70, 100)) / 100).quantize(Decimal("100"))
    out = [("pledge", max(PLAN_START, start - timedelta(days=15)), pledge)]
    out.append(("commitment", start, committed))
    paid, step, day = Decimal(0), (committed / 4).quantize(Decimal("100")), start
    while day + timedelta(days=182) <= end and paid + step <= committed and step > 0:
        day += timedelta(days=182)
        paid += step
        out.append(("disbursement", day, step))
    return out


def statistics(rng: Random, plan_id: int, records: list[dict]) -> list[dict]:
    """The report's statistics series, scaled at random: invented figures of the same shape."""
    keys = ("series", "reported_by", "year", "category")
    # Multi-year totals are left out: a scaled total would no longer add up.
    return [
        {
            **{k: s[k] for k in keys},
            "plan_id": plan_id,
            "from_year": None,
            "partial_note": None,
            "value": round(s["value"] * rng.uniform(0.5, 1.5)),
            "source": SOURCE,
            "inferred": True,
            **INVENTED,
        }
        for s in records
        if not s.get("from_year")
    ]


def _fraction(day: date, start: date, end: date) -> float:
    return min(1.0, max(0.0, (day - start).days / max(1, (end - start).days)))


def _status(percent: int) -> str:
    if percent >= 100:
        return "complete"
    if percent >= 50:
        return "substantial"
    return "limited" if percent > 0 else "not_started"


def _at(day: date, days_later: int) -> datetime:
    # Timestamps follow the report date, so the review history reads plausibly.
    return datetime.combine(day + timedelta(days=days_later), time(9), tzinfo=UTC)

"""Synthetic scale data: invented plans shaped like the Kosovo plan, to measure the dashboard
at a size no real database has yet (`actionplan generate --plans N`).

Each plan copies the structure of seed_data/kosovo (3 frameworks, 10 objectives, 26
activities, their agencies, donors and indicators) under the code `SYN-0001`, `SYN-0002`, ...
and gets the invented rows of models/seeding/synthetic_rows.py: weekly approved status reports from
May 2005 to December 2007 (~140 per activity), quarterly indicator values, budgets, donor
transactions and context statistics, all `illustrative`. Structure rows have no such flag:
they are marked `inferred`, with a source saying they are synthetic. The same seed gives the
same rows. Rows go in with bulk INSERTs, not one ORM object at a time (100 plans are ~360,000
reports). The caller owns the transaction.
"""

from __future__ import annotations

from datetime import timedelta
from random import Random

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from models.entities import (
    ActionPlan,
    Activity,
    ActivityAgency,
    ActivityObjective,
    Budget,
    ContextStatistic,
    Framework,
    FrameworkAgency,
    FundingTransaction,
    Indicator,
    IndicatorValue,
    Objective,
    Organisation,
    PlanDonor,
    StatusUpdate,
)
from models.entities.versions import ALL_PLANS, KINDS, DataChange
from models.seeding import synthetic_rows
from models.seeding.files import add_missing, load, organisation_ids
from models.seeding.plan import FRAMEWORK_FILES, PLAN_DIR
from models.seeding.synthetic_rows import PLAN_END, PLAN_START, SOURCE, report_dates
from models.services import audit
from models.services.authz import Operator

__all__ = ["PREFIX", "SOURCE", "TABLES", "generate", "report_dates"]

PREFIX = "SYN-"
TABLES = [
    m.__tablename__
    for m in (ActionPlan, PlanDonor, Framework, FrameworkAgency, Objective, Activity)
    + (ActivityObjective, ActivityAgency, Indicator, StatusUpdate, IndicatorValue, Budget)
    + (FundingTransaction, ContextStatistic)
]
# Who the audit trail names when synthetic plans are made outside the command line.
SYNTHETIC_SEED = Operator("seed:synthetic")
_PROVENANCE = {"source": SOURCE, "inferred": True}
_INDICATOR_COLUMNS = ("code", "name", "measure", "unit", "direction", "baseline_value")
_INDICATOR_COLUMNS += ("baseline_date", "target_value", "target_date", "means_of_verification")


def generate(
    session: Session, *, plans: int, seed: int = 2007, actor: Operator = SYNTHETIC_SEED
) -> dict:
    """Add `plans` synthetic plans after the last one there; return {table: rows_created}."""
    if plans < 1:
        raise ValueError(f"the number of plans must be at least 1, not {plans}")
    template = _template()
    orgs = _organisations(session, template["organisations"])
    first = _next_number(session)
    counts = dict.fromkeys(TABLES, 0)
    for number in range(first, first + plans):
        # Seeded per plan: plan 7 is the same whichever run makes it.
        plan = _Plan(session, template, orgs, Random(f"{seed}-{number}"))
        for table, n in plan.make(number).items():
            counts[table] += n
    codes = f"{PREFIX}{first:04d} to {PREFIX}{first + plans - 1:04d}"
    new = {"plans": plans, "seed": seed, "codes": codes, "rows": counts}
    audit.record(session, actor=actor, action="generate", entity_type="database", new=new)
    return counts


def _template() -> dict:
    """The Kosovo plan's shape as its seed files give it, as plain mappings."""
    return {
        "organisations": load(PLAN_DIR, "organisations.yaml").data["organisations"],
        "donors": load(PLAN_DIR, "plan.yaml").data["donors"],
        "frameworks": [load(PLAN_DIR, name).data for name in FRAMEWORK_FILES],
        "statistics": load(PLAN_DIR, "statistics.yaml").data["statistics"],
    }


def _organisations(session: Session, records: list[dict]) -> dict[str, int]:
    """Reuse the seeded organisations by name; create those a fresh database lacks.

    They are the report's organisations, so they keep the report's provenance: a later
    `seed` finds them by name and leaves them as they are.
    """
    columns = ("name", "acronym", "kind", "source")
    rows = [
        (r["name"], {**{c: r.get(c) for c in columns}, "inferred": bool(r.get("inferred"))})
        for r in records
    ]
    add_missing(session, Organisation, ("name",), rows)
    return organisation_ids(session)


def _next_number(session: Session) -> int:
    last = session.scalar(select(func.max(ActionPlan.code)).where(ActionPlan.code.like("SYN-%")))
    return int(last[len(PREFIX) :]) + 1 if last else 1


class _Plan:
    """One synthetic plan: the structure first (its ids are needed), then the invented rows."""

    def __init__(self, session: Session, template: dict, orgs: dict[str, int], rng) -> None:
        self.session, self.t, self.orgs, self.rng = session, template, orgs, rng
        self.counts: dict[str, int] = {}

    def _insert(self, model, rows: list[dict], *returning) -> dict:
        """Bulk INSERT; with `returning` (key, id), the new ids by key."""
        self.counts[model.__tablename__] = len(rows)
        stmt = insert(model).returning(*returning) if returning else insert(model)
        result = self.session.execute(stmt, rows) if rows else None
        return dict(result.all()) if returning and result else {}

    def make(self, number: int) -> dict[str, int]:
        title = "Synthetic action plan to combat human trafficking (invented scale data)"
        plan = {
            "code": f"{PREFIX}{number:04d}",
            "country": f"Synthetic region {number:04d}",
            "title": title,
            "period_start": PLAN_START,
            "target_date": PLAN_END,
            "description": "Invented to measure the dashboard at scale; not a real plan.",
            **_PROVENANCE,
        }
        self.plan_id = self._insert(ActionPlan, [plan], ActionPlan.code, ActionPlan.id)[
            plan["code"]
        ]
        donors = [self.orgs[d["organisation"]] for d in self.t["donors"]]
        self._insert(PlanDonor, [self._donor(o, i) for i, o in enumerate(donors, 1)])
        activities, indicators = self._structure()
        rng = self.rng
        self._insert(StatusUpdate, synthetic_rows.status_reports(rng, activities))
        self._insert(IndicatorValue, synthetic_rows.indicator_values(rng, indicators, activities))
        budgets, transactions = synthetic_rows.money(rng, activities, donors)
        self._insert(Budget, budgets)
        self._insert(FundingTransaction, transactions)
        statistics = synthetic_rows.statistics(rng, self.plan_id, self.t["statistics"])
        self._insert(ContextStatistic, statistics)
        # Bulk INSERTs pass by the flush listener: the new plan's cache versions, by hand.
        versions = [{"plan_id": self.plan_id, "kind": kind} for kind in KINDS]
        versions.append({"plan_id": ALL_PLANS, "kind": "structure"})  # the list of plans
        self.session.execute(insert(DataChange), versions)
        return self.counts

    def _donor(self, org_id: int, position: int) -> dict:
        return {
            "plan_id": self.plan_id,
            "organisation_id": org_id,
            "named_as": None,
            "position": position,
            **_PROVENANCE,
        }

    def _structure(self) -> tuple[list[dict], list[dict]]:
        files = self.t["frameworks"]
        rows = [
            {
                "plan_id": self.plan_id,
                **{
                    k: f["framework"].get(k)
                    for k in ("code", "kind", "name", "description", "target_date")
                },
                "position": i,
                **_PROVENANCE,
            }
            for i, f in enumerate(files, 1)
        ]
        fw_ids = self._insert(Framework, rows, Framework.code, Framework.id)
        objectives, activities, agencies = [], [], []
        for f in files:
            fw_id = fw_ids[f["framework"]["code"]]
            owner = {"plan_id": self.plan_id, "framework_id": fw_id, **_PROVENANCE}
            for i, o in enumerate(f["objectives"], 1):
                text = {k: o[k] for k in ("code", "title", "description")}
                objectives.append({**owner, **text, "position": i})
            for i, a in enumerate(f["activities"], 1):
                activities.append({**owner, **self._activity(a), "position": i})
            for i, g in enumerate(f["agencies"], 1):
                agencies.append(
                    {
                        "framework_id": fw_id,
                        "organisation_id": self.orgs[g["organisation"]],
                        "named_as": g["named_as"],
                        "position": i,
                        **_PROVENANCE,
                    }
                )
        self._insert(FrameworkAgency, agencies)
        objective_ids = self._insert(Objective, objectives, Objective.code, Objective.id)
        activity_ids = self._insert(Activity, activities, Activity.code, Activity.id)
        leads = self._activity_links(activity_ids, objective_ids)
        for a in activities:
            a["id"] = activity_ids[a["code"]]
            a["lead"] = leads[a["id"]]
        return activities, self._indicators(activity_ids, objective_ids)

    def _activity(self, a: dict) -> dict:
        # Each plan moves the schedule a little, so that plans do not all rate alike.
        shift = self.rng.randint(-45, 45)
        start = min(max(a["planned_start"] + _days(shift), PLAN_START), PLAN_END - _days(60))
        end = min(max(a["planned_end"] + _days(shift), start + _days(60)), PLAN_END)
        text = {k: a[k] for k in ("code", "title", "description")}
        return {**text, "planned_start": start, "planned_end": end, "dates_inferred": True}

    def _activity_links(self, activity_ids: dict, objective_ids: dict) -> dict[int, int]:
        served, agencies, leads = [], [], {}
        for a in (a for f in self.t["frameworks"] for a in f["activities"]):
            activity_id = activity_ids[a["code"]]
            for o in a.get("objectives", []):
                served.append(
                    {
                        "activity_id": activity_id,
                        **_PROVENANCE,
                        "objective_id": objective_ids[o["objective"]],
                    }
                )
            for g in a.get("agencies", []):
                org_id = self.orgs[g["organisation"]]
                if g["role"] == "lead":
                    leads[activity_id] = org_id
                agencies.append(
                    {
                        "activity_id": activity_id,
                        "organisation_id": org_id,
                        "role": g["role"],
                        **_PROVENANCE,
                    }
                )
        self._insert(ActivityObjective, served)
        self._insert(ActivityAgency, agencies)
        return leads

    def _indicators(self, activity_ids: dict, objective_ids: dict) -> list[dict]:
        rows = []
        for r in (r for f in self.t["frameworks"] for r in f.get("indicators", [])):
            rows.append(
                {
                    **{c: r.get(c) for c in _INDICATOR_COLUMNS},
                    "plan_id": self.plan_id,
                    "objective_id": objective_ids.get(r.get("objective")),
                    "activity_id": activity_ids.get(r.get("activity")),
                    **_PROVENANCE,
                }
            )
        ids = self._insert(Indicator, rows, Indicator.code, Indicator.id)
        return [{**r, "id": ids[r["code"]]} for r in rows]


def _days(n: int) -> timedelta:
    return timedelta(days=n)

"""Seed loader: the Kosovo plan as the report states it, from seed_data/kosovo.

Idempotent: records are matched by natural key (plan code, codes within the plan,
organisation name, ...) and only missing ones are created; existing rows are left as they
are, so edits made in the application survive a re-run. The caller owns the transaction.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.codes import FINDING_KINDS, ORGANISATION_KINDS, STATISTIC_SERIES
from models.entities import (
    ActionPlan,
    Activity,
    ActivitySector,
    ContextStatistic,
    Finding,
    FindingLink,
    Framework,
    Objective,
    Organisation,
    PlanDonor,
)
from models.exchange.iati_codelists import active_codes
from models.rules.iati import sector_problems
from models.seeding.demo import seed_demo
from models.seeding.files import (
    SEED_ROOT,
    Counts,
    Record,
    SeedError,
    load,
    organisation_ids,
    resolve,
    rows_of,
)
from models.seeding.framework import FRAMEWORK_TABLES, seed_framework

__all__ = ["SeedError", "seed_demo", "seed_plan"]

PLAN_DIR = SEED_ROOT / "kosovo"
FRAMEWORK_FILES = ("prevention.yaml", "protection.yaml", "prosecution.yaml")
PLAN_TABLES = (
    [m.__tablename__ for m in (Organisation, ActionPlan, PlanDonor)]
    + FRAMEWORK_TABLES
    + [m.__tablename__ for m in (ActivitySector, ContextStatistic, Finding, FindingLink)]
)


def seed_plan(session: Session, *, directory: Path | None = None) -> dict[str, int]:
    """Load the plan; return {table_name: rows_created}."""
    directory = Path(directory or PLAN_DIR)
    counts = Counts(session, PLAN_TABLES)
    orgs = _organisations(counts, load(directory, "organisations.yaml"))
    plan_file = load(directory, "plan.yaml")
    plan = _plan(counts, plan_file.child("plan"))
    counts.add(
        PlanDonor,
        ("plan_id", "organisation_id"),
        rows_of(plan_file.children("donors"), lambda r, i: _donor(r, i, plan, orgs)),
    )
    for position, name in enumerate(FRAMEWORK_FILES, 1):
        seed_framework(counts, plan, load(directory, name), position, orgs)
    _sectors(counts, plan, load(directory, "sectors.yaml"))
    _statistics(counts, plan, load(directory, "statistics.yaml"))
    findings_file = load(directory, "findings.yaml")
    found = _findings(counts, plan, findings_file)
    _finding_links(counts, plan, findings_file, found)
    return counts.created


def _organisations(counts: Counts, file: Record) -> dict[str, int]:
    def organisation(r: Record, _position: int) -> dict:
        acronym = r.get("acronym", required=False)
        kind = r.get("kind", choices=ORGANISATION_KINDS)
        return {"name": r.get("name"), "acronym": acronym, "kind": kind, **r.sourced()}

    rows = rows_of(file.children("organisations"), organisation)
    acronyms = [values["acronym"] for _, values in rows if values["acronym"]]
    if len(acronyms) != len(set(acronyms)):
        raise file.fail("an acronym is used by two organisations")
    counts.add(Organisation, ("name",), rows)
    return organisation_ids(counts.session)


def _plan(counts: Counts, r: Record) -> ActionPlan:
    values = {
        "code": r.get("code"),
        "country": r.get("country"),
        "title": r.get("title"),
        "period_start": r.get("period_start", date),
        "target_date": r.get("target_date", date),
        "description": r.get("description", required=False),
        "recipient_country": r.get("recipient_country", required=False),
        **r.sourced(),
    }
    if values["target_date"] < values["period_start"]:
        raise r.fail("target_date is before period_start")
    if values["recipient_country"] and values["recipient_country"] not in active_codes("Country"):
        raise r.fail(
            f"recipient_country {values['recipient_country']!r} is not an IATI Country code"
        )
    return counts.add(ActionPlan, ("code",), [(r.where, values)])[(values["code"],)]


def _donor(r: Record, position: int, plan: ActionPlan, orgs: dict[str, int]) -> dict:
    return {
        "plan_id": plan.id,
        "organisation_id": resolve(r, orgs),
        "named_as": r.get("named_as"),
        "position": position,
        **r.sourced(),
    }


def _sectors(counts: Counts, plan: ActionPlan, file: Record) -> None:
    """Proposed sectors per activity (vocabulary 1), each activity's adding up to 100."""
    query = select(Activity.code, Activity.id).where(Activity.plan_id == plan.id)
    activities = dict(counts.session.execute(query).all())
    known = {"1": set(active_codes("Sector"))}
    rows = []
    for r in file.children("sectors"):
        code = r.get("activity")
        if code not in activities:
            raise r.fail(f"activity {code!r} is not in plan {plan.code}")
        entries = [("1", s.get("code"), s.number("percentage")) for s in r.children("sectors")]
        problems = sector_problems(entries, known)
        if problems:
            raise r.fail("; ".join(problems))
        for vocabulary, sector, percentage in entries:
            values = {"activity_id": activities[code], "vocabulary": vocabulary, "code": sector}
            rows.append((r.where, {**values, "percentage": percentage, **r.sourced()}))
    counts.add(ActivitySector, ("activity_id", "vocabulary", "code"), rows)


def _statistics(counts: Counts, plan: ActionPlan, file: Record) -> None:
    def statistic(r: Record, _position: int) -> dict:
        return {
            "plan_id": plan.id,
            "series": r.get("series", choices=STATISTIC_SERIES),
            "reported_by": r.get("reported_by"),
            "year": r.get("year", int),
            "from_year": r.get("from_year", int, required=False),
            "category": r.get("category"),
            "value": r.get("value", int),
            "partial_note": r.get("partial_note", required=False),
            **r.sourced(),
        }

    key = ("plan_id", "series", "reported_by", "year", "category")
    counts.add(ContextStatistic, key, rows_of(file.children("statistics"), statistic))


def _findings(counts: Counts, plan: ActionPlan, file: Record) -> dict[tuple, Finding]:
    positions = dict.fromkeys(FINDING_KINDS, 0)

    def finding(r: Record, _position: int) -> dict:
        # Positions count within each kind: "recommendation 3" is the report's third.
        kind = r.get("kind", choices=FINDING_KINDS)
        positions[kind] += 1
        return {
            "plan_id": plan.id,
            "kind": kind,
            "position": positions[kind],
            "title": r.get("title"),
            "text": r.get("text"),
            **r.sourced(),
        }

    key = ("plan_id", "kind", "position")
    return counts.add(Finding, key, rows_of(file.children("findings"), finding))


def _finding_links(
    counts: Counts, plan: ActionPlan, file: Record, found: dict[tuple, Finding]
) -> None:
    """The seed's proposed links, all inferred: `finding: <kind> <position>` concerns the
    framework, objective or activity with the code `concerns`."""
    findings = {f"{kind} {position}": f.id for (_plan, kind, position), f in found.items()}
    targets: dict[str, tuple[str, int]] = {}
    for kind, model in (("framework", Framework), ("objective", Objective), ("activity", Activity)):
        query = select(model.code, model.id).where(model.plan_id == plan.id)
        targets.update((code, (kind, target)) for code, target in counts.session.execute(query))

    def link(r: Record, _position: int) -> dict:
        name = r.get("finding")
        if name not in findings:
            known = ", ".join(f"{kind} 1" for kind in FINDING_KINDS)
            raise r.fail(f"finding {name!r} is not in findings (write it as: {known}, ...)")
        code = r.get("concerns")
        if code not in targets:
            raise r.fail(
                f"concerns {code!r}: no framework, objective or activity of plan "
                f"{plan.code} has that code"
            )
        source = r.get("source")
        if not source.startswith("inferred"):
            raise r.fail("a seeded link is a proposal: its source must start with 'inferred'")
        kind, target = targets[code]
        values = {"finding_id": findings[name], "target_kind": kind, "target_id": target}
        return {**values, "source": source, "inferred": True}

    key = ("finding_id", "target_kind", "target_id")
    counts.add(FindingLink, key, rows_of(file.children("links", required=False), link))

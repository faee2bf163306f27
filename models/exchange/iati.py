"""IATI 2.03 export of a plan's activities, and offline validation against the IATI schema.

Choices the standard leaves to the publisher (codes from the IATI 2.03 codelists):
- Identifiers: reporting-org/@ref is the IATI organisation identifier the coordinator set on
  the reporting organisation (Edit the plan → IATI settings), or `reporting_org_ref=`.
  iati-identifier = ref + "-" + plan code + "-" + activity code: stable while codes are.
  Other organisations carry their identifier where one is set, else their name only (the
  Standard allows it): a ref is never invented. Without a reporting identifier the export is
  incomplete; written anyway (allow_incomplete) it carries the placeholder
  "<plan country prefix>-AP", which names no registration agency.
- recipient-country: the plan's (a Country codelist code), on every activity; sectors: the
  activity's, at activity level only (none on transactions), with the codelist's name. An
  activity with sectors of its own also carries its framework as a sector in vocabulary 99
  (reporting organisation): code = framework code, narrative = framework name, 100 percent
  (one framework per activity). It is added only beside the coordinator's sectors, never
  instead of them: IATI wants an OECD DAC sector whenever another vocabulary is used.
- reporting-org is the plan's coordinating office (`accountable_org`, default AOGG, which the
  National Coordinator heads per the report's III.C), type 10 (government); it is also the
  accountable participating-org (role 2). Donors with transactions are role 1 (funding),
  lead and supporting agencies role 4 (implementing).
- activity-status from the latest approved report: none or not_started → 1 (pipeline),
  limited/substantial → 2 (implementation), complete → 3 (finalisation: work is done but
  accounts and evaluation may still be open, which a status report cannot close), cancelled
  → 5, suspended → 6.
- budget: one budget (type 1 original, status 1 indicative) per budget line; lines are a year
  at most (migration 0004 split older multi-year figures pro rata by days, marked inferred).
- activity dates: planned start and end (types 1, 3); actual start (2) is the date of the
  first approved report whose status is neither not started nor cancelled, actual end (4)
  the date of the approved report that made the activity complete, when it still is.
- results: one output result (type 1) per activity with its indicators; measure 1 (unit) with
  ascending from the direction, or 5 (qualitative) for yes/no milestones, told in comments.
  One period (baseline date or planned start → target date or planned end) holds the target
  and the latest approved value as the actual.
- Illustrative demo data: an activity with any demo figure gets a tag (vocabulary 99,
  reporting organisation; code "illustrative-demo-data") and a description of type 4 (other)
  saying so, so that no reader mistakes invented figures for reported ones.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from lxml import etree
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from models.codes import IATI_TRANSACTION_TYPE
from models.entities import ActionPlan, Activity, Organisation
from models.exchange.iati_codelists import codelist
from models.exchange.iati_schema import schema_dir, validate_iati
from models.i18n import N_, _
from models.queries.iati import export_records
from models.rules.iati import within_a_year

__all__ = ["export_iati", "iati_gaps", "schema_dir", "validate_iati"]

# Where in the app each gap is filled in: page title → tab or expander → tab, as shown
# (tests/pages/test_iati_forms.py checks each against the pages). In English here; a gap
# names it in the run's language, step by step with the pages' own words (`where`).
PLACES = (
    N_("Edit the plan"),
    N_("IATI settings"),
    N_("Organisation identifiers"),
    N_("Recipient country"),
    N_("Sectors"),
    N_("Funding"),
    N_("Record funding"),
    N_("Costed requirement"),
)
WHERE_IDENTIFIERS = "Edit the plan → IATI settings → Organisation identifiers"
WHERE_COUNTRY = "Edit the plan → IATI settings → Recipient country"
WHERE_SECTORS = "Edit the plan → IATI settings → Sectors"
WHERE_BUDGETS = "Funding → Record funding → Costed requirement"

ACCOUNTABLE_OFFICE = "AOGG"
ILLUSTRATIVE_TAG = "illustrative-demo-data"
ILLUSTRATIVE_TEXT = (
    "This activity's record contains illustrative demo data (costs, funding, progress reports "
    "or indicator values invented for demonstration), not figures reported by any agency."
)
STATUS_CODE = {
    "not_started": "1",
    "limited": "2",
    "substantial": "2",
    "complete": "3",
    "cancelled": "5",
    "suspended": "6",
}
ORG_TYPE = {
    "government": "10",
    "justice_police": "10",
    "unmik": "40",
    "international": "40",
    "ngo": "22",
}
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def export_iati(
    source: Session | Engine,
    plan_id: int,
    *,
    as_of: date | None = None,
    reporting_org_ref: str | None = None,
    accountable_org: str | None = ACCOUNTABLE_OFFICE,
) -> bytes:
    """The plan as an IATI 2.03 iati-activities document (UTF-8 bytes). With `as_of`, only
    transactions, reports and indicator values dated on or before it are included."""
    return build_iati(
        source,
        plan_id,
        as_of=as_of,
        reporting_org_ref=reporting_org_ref,
        accountable_org=accountable_org,
    )[0]


def build_iati(
    source: Session | Engine,
    plan_id: int,
    *,
    as_of: date | None = None,
    reporting_org_ref: str | None = None,
    accountable_org: str | None = ACCOUNTABLE_OFFICE,
) -> tuple[bytes, list[str]]:
    """The document and its gaps (iati_gaps): what to fill in, and where, before publishing."""
    if isinstance(source, Engine):
        with Session(source) as session:
            return build_iati(
                session,
                plan_id,
                as_of=as_of,
                reporting_org_ref=reporting_org_ref,
                accountable_org=accountable_org,
            )
    data = export_records(source, plan_id, as_of=as_of, accountable=accountable_org)
    office = data["office"]
    ref = reporting_org_ref or (office.iati_identifier if office else None)
    gaps = iati_gaps(data, has_reporting_ref=bool(ref), accountable_org=accountable_org)
    ref = ref or _placeholder_ref(data["plan"].code)
    generated = datetime.now(UTC).isoformat("T", "seconds")
    root = etree.Element("iati-activities", {"version": "2.03", "generated-datetime": generated})
    root.append(
        etree.Comment(" Activities tagged illustrative-demo-data contain invented figures. ")
    )
    for activity in data["activities"]:
        _activity(root, data, activity, ref)
    xml = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return xml, gaps


def where(path: str) -> str:
    """A WHERE_ path in the run's language: "Ndrysho planin → ..." in Albanian."""
    return " → ".join(_(step) for step in path.split(" → "))


def iati_gaps(data: dict, *, has_reporting_ref: bool, accountable_org: str | None) -> list[str]:
    """What the plan lacks for an IATI file the Registry accepts, each naming where to fill
    it in (in the run's language)."""
    plan, office, gaps = data["plan"], data["office"], []
    if not has_reporting_ref:
        if office:
            gap = _(
                "the reporting organisation {name} ({acronym}) has no IATI organisation "
                "identifier: set it in {where}"
            ).format(name=office.name, acronym=office.acronym, where=where(WHERE_IDENTIFIERS))
        else:
            gap = _(
                "the reporting organisation (acronym {acronym}, not in the database) has no "
                "IATI organisation identifier: set it in {where}"
            ).format(acronym=accountable_org, where=where(WHERE_IDENTIFIERS))
        gaps.append(gap)
    if not plan.recipient_country:
        gap = _("plan {plan} has no recipient country: set it in {where}")
        gaps.append(gap.format(plan=plan.code, where=where(WHERE_COUNTRY)))
    for act in data["activities"]:
        if not data["sectors"].get(act.id):
            gap = _("activity {activity} has no sector: set it in {where}")
            gaps.append(gap.format(activity=act.code, where=where(WHERE_SECTORS)))
        for line in data["budgets"].get(act.id, []):
            if not within_a_year(line.period_start, line.period_end):
                gap = _(
                    "activity {activity}: the budget line {start} to {end} is longer than a "
                    "year: split it in {where}"
                )
                gaps.append(
                    gap.format(
                        activity=act.code,
                        start=line.period_start.isoformat(),
                        end=line.period_end.isoformat(),
                        where=where(WHERE_BUDGETS),
                    )
                )
    return gaps


def _placeholder_ref(plan_code: str) -> str:
    prefix = plan_code.split("-")[0]
    return f"{prefix if re.fullmatch(r'[A-Z]{2}', prefix) else 'XX'}-AP"


def _sub(parent, tag: str, text: str | None = None, **attrs) -> etree._Element:
    element = etree.SubElement(parent, tag, {k.replace("_", "-"): v for k, v in attrs.items()})
    if text is not None:
        etree.SubElement(element, "narrative").text = text
    return element


def _money(amount) -> str:
    return f"{amount:.2f}"


def _number(value) -> str:
    return format(value.normalize(), "f")


def _activity(root, data: dict, act: Activity, ref: str) -> None:
    plan, office = data["plan"], data["office"]
    office_name = office.name if office else f"Action Plan coordinating office, {plan.country}"
    status, money = data["status"].get(act.id), data["money"][act.id]
    budgets, indicators = data["budgets"][act.id], data["indicators"][act.id]
    values = [data["values"][i.id] for i in indicators if i.id in data["values"]]
    illustrative = any(r.illustrative for r in (*budgets, *(t for t, _ in money), *values)) or (
        status is not None and status.illustrative
    )
    el = _sub(root, "iati-activity", **{_XML_LANG: "en"})
    _sub(el, "iati-identifier").text = re.sub(
        r"[^A-Za-z0-9._-]", "-", f"{ref}-{plan.code}-{act.code}"
    )
    _sub(el, "reporting-org", office_name, ref=ref, type="10")
    _sub(el, "title", act.title)
    _sub(el, "description", act.description or act.title, type="1")
    if illustrative:
        _sub(el, "description", ILLUSTRATIVE_TEXT, type="4")
    _participants(el, data, act, office_name, ref)
    _sub(el, "activity-status", code=STATUS_CODE.get(status.status if status else None, "1"))
    _sub(el, "activity-date", type="1", iso_date=act.planned_start.isoformat())
    started, ended = _actual_dates(data["reports"].get(act.id, []))
    if started:
        _sub(el, "activity-date", type="2", iso_date=started.isoformat())
    _sub(el, "activity-date", type="3", iso_date=act.planned_end.isoformat())
    if ended:
        _sub(el, "activity-date", type="4", iso_date=ended.isoformat())
    if plan.recipient_country:
        country = codelist("Country").get(plan.recipient_country)
        _sub(
            el, "recipient-country", country.name if country else None, code=plan.recipient_country
        )
    sector_names = {"1": codelist("Sector"), "2": codelist("SectorCategory")}
    for sector in data["sectors"].get(act.id, []):
        known = sector_names.get(sector.vocabulary, {}).get(sector.code)
        _sub(
            el,
            "sector",
            known.name if known else None,
            vocabulary=sector.vocabulary,
            code=sector.code,
            percentage=_number(sector.percentage),
        )
    framework = data["frameworks"].get(act.framework_id)
    if data["sectors"].get(act.id) and framework is not None:
        _sub(el, "sector", framework.name, vocabulary="99", code=framework.code, percentage="100")
    if illustrative:
        _sub(el, "tag", "Illustrative demo data", vocabulary="99", code=ILLUSTRATIVE_TAG)
    for budget in budgets:
        b = _sub(el, "budget", type="1", status="1")
        _sub(b, "period-start", iso_date=budget.period_start.isoformat())
        _sub(b, "period-end", iso_date=budget.period_end.isoformat())
        _sub(
            b, "value", currency=budget.currency, value_date=budget.period_start.isoformat()
        ).text = _money(budget.amount)
    for row, donor in money:
        t = _sub(el, "transaction")
        _sub(t, "transaction-type", code=IATI_TRANSACTION_TYPE[row.type])
        _sub(t, "transaction-date", iso_date=row.transaction_date.isoformat())
        _sub(
            t, "value", currency=row.currency, value_date=row.transaction_date.isoformat()
        ).text = _money(row.amount)
        _sub(t, "provider-org", donor.name, **_org_attrs(donor))
    if indicators:
        _result(el, act, indicators, data["values"], plan)


def _org_type(org: Organisation) -> dict:
    code = ORG_TYPE.get(org.kind)
    return {"type": code} if code else {}


def _org_attrs(org: Organisation) -> dict:
    ref = {"ref": org.iati_identifier} if org.iati_identifier else {}
    return {**ref, **_org_type(org)}


def _actual_dates(reports) -> tuple[date | None, date | None]:
    """Actual start and end from the approved reports (oldest first), as the module says."""
    started = next(
        (r.report_date for r in reports if r.status not in ("not_started", "cancelled")), None
    )
    ended = None
    for report in reports:
        if report.status != "complete":
            ended = None
        elif ended is None:
            ended = report.report_date
    return started, ended


def _participants(el, data: dict, act: Activity, office_name: str, ref: str) -> None:
    donors = {donor.id: donor for _money, donor in data["money"][act.id]}
    for donor in donors.values():
        _sub(el, "participating-org", donor.name, role="1", **_org_attrs(donor))
    # The reporting office is accountable for every activity; it also guarantees the one
    # participating-org the schema requires.
    _sub(el, "participating-org", office_name, ref=ref, role="2", type="10")
    for _link, agency in sorted(data["agencies"][act.id], key=lambda r: r[0].role != "lead"):
        _sub(el, "participating-org", agency.name, role="4", **_org_attrs(agency))


def _result(el, act: Activity, indicators, values: dict, plan: ActionPlan) -> None:
    result = _sub(el, "result", type="1")
    _sub(result, "title", act.title)
    for ind in indicators:
        milestone = ind.measure == "milestone"
        ascending = "true" if ind.direction == "increase" else "false"
        attrs = {"measure": "5"} if milestone else {"measure": "1", "ascending": ascending}
        node = _sub(result, "indicator", **attrs)
        _sub(node, "title", ind.name)
        notes = [f"Unit: {ind.unit}." if ind.unit else "", ind.means_of_verification or ""]
        if any(notes):
            _sub(node, "description", " ".join(n for n in notes if n))
        if ind.baseline_value is not None:
            when = ind.baseline_date
            b = _sub(node, "baseline", year=str((when or plan.period_start).year))
            _measured(b, ind.baseline_value, milestone, "Baseline")
            if when:
                b.set("iso-date", when.isoformat())
        actual = values.get(ind.id)
        if ind.target_value is None and actual is None:
            continue
        start = ind.baseline_date or act.planned_start
        period = _sub(node, "period")
        _sub(period, "period-start", iso_date=start.isoformat())
        _sub(
            period,
            "period-end",
            iso_date=max(start, ind.target_date or act.planned_end).isoformat(),
        )
        if ind.target_value is not None:
            _measured(_sub(period, "target"), ind.target_value, milestone, "Target")
        if actual is not None:
            note = f"Latest approved value, dated {actual.value_date.isoformat()}"
            note += " (illustrative demo data)" if actual.illustrative else ""
            _measured(_sub(period, "actual"), actual.value, milestone, note)


def _measured(element, value, milestone: bool, note: str) -> None:
    """A value for a unit indicator; for a milestone (qualitative) the yes/no in words."""
    if milestone:
        _sub(element, "comment", f"{note}: {'achieved' if value == 1 else 'not achieved'}")
    else:
        element.set("value", _number(value))
        if note not in ("Baseline", "Target"):
            _sub(element, "comment", note)

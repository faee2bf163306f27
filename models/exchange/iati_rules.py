"""The IATI Standard's own checks beyond the schema, evaluated offline on an activity file.

Two parts, both run by `check_iati`:
- The 2.03 rulesets (schemas/iati-2.03/ruleset-standard.json, read as shipped): every
  context, rule kind and case is evaluated with lxml XPath as ruleset-SPEC.rst describes.
  Contexts that select nothing in the file (the organisation-file rules) simply do not apply.
  Two things need the IATI Registry, which is never consulted: `idCondition` (skip the rule
  when an identifier is a registered publisher's) is taken as holding, so every such rule
  is applied; the ORG-ID-PREFIX set is the OrganisationRegistrationAgency codelist's active
  codes. Both make the check stricter than the Validator, never looser.
- Codelists: every code-carrying attribute is checked against the codelist shipped here
  (unknown code: error; withdrawn code: warning), and an attribute of a coded kind that no
  mapping covers is itself reported, so a new element cannot slip past unchecked.
  Organisation refs and activity identifiers must start with a registration-agency prefix
  (the Validator's 1.x.8 identifier warnings).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from lxml import etree

from models.exchange.iati_codelists import codelist, registration_agency_prefixes
from models.exchange.iati_schema import BUNDLED_SCHEMAS
from models.i18n import N_, _

RULESET_FILE = BUNDLED_SCHEMAS / "ruleset-standard.json"
ORG_ID_PREFIX = "ORG-ID-PREFIX"
# The severities, as people read them (the ruleset's own messages are the Standard's English).
SEVERITIES = (N_("error"), N_("warning"))


@dataclass(frozen=True, order=True)
class Finding:
    """One failed check: rule id, severity, the activity's identifier, the element, why."""

    severity: str
    rule: str
    activity: str
    element: str
    message: str

    def __str__(self) -> str:
        severity = _(self.severity)
        return f"{severity} {self.rule} · {self.activity} · {self.element}: {self.message}"


@lru_cache(maxsize=1)
def load_ruleset() -> dict[str, Any]:
    return json.loads(RULESET_FILE.read_text(encoding="utf-8"))


def check_iati(xml: bytes | etree._Element, *, today: date | None = None) -> list[Finding]:
    """Every ruleset and codelist finding for an iati-activities document, sorted."""
    root = _root(xml)
    found = [*evaluate_ruleset(root, load_ruleset(), today=today or date.today())]
    found += check_codelists(root)
    return sorted(set(found))


def errors_and_warnings(findings: list[Finding]) -> tuple[list[Finding], list[Finding]]:
    return (
        [f for f in findings if f.severity == "error"],
        [f for f in findings if f.severity != "error"],
    )


def _root(xml: bytes | etree._Element) -> etree._Element:
    if isinstance(xml, bytes):
        parser = etree.XMLParser(no_network=True, resolve_entities=False, load_dtd=False)
        return etree.fromstring(xml, parser)
    return xml


# --- the rulesets -------------------------------------------------------------------------


def evaluate_ruleset(root, ruleset: dict, *, today: date) -> Iterator[Finding]:
    for context, rules in ruleset.items():
        for node in root.xpath(context):
            for kind, block in rules.items():
                for case in block["cases"]:
                    yield from _case(kind, case, node, today)


def _case(kind: str, case: dict, node, today: date) -> Iterator[Finding]:
    if kind == "loop":
        yield from _loop(case, node, today)
        return
    if "condition" in case and not _truthy(node.xpath(case["condition"])):
        return
    check = RULES.get(kind)
    if check is None:
        raise ValueError(f"IATI ruleset: rule kind {kind!r} is not known to this checker")
    problem = check(case, node, today)
    if problem is not None:
        info = case["ruleInfo"]
        message = info["message"] + (f" ({problem})" if problem else "")
        yield Finding(info["severity"], info["id"], _activity_id(node), _where(node), message)


def _loop(case: dict, node, today: date) -> Iterator[Finding]:
    values = dict.fromkeys(_text(v) for v in node.xpath(case["foreach"]))
    for value in values:
        for kind, block in case["do"].items():
            for inner in block["cases"]:
                yield from _case(kind, _substitute(inner, value), node, today)


def _substitute(item: Any, value: str) -> Any:
    # `subs` names the keys the spec substitutes; conditions carry $1 as well, so every
    # string is substituted (a case without $1 is unchanged by it).
    if isinstance(item, str):
        return item.replace("$1", value)
    if isinstance(item, list):
        return [_substitute(i, value) for i in item]
    if isinstance(item, dict):
        return {k: v if k == "ruleInfo" else _substitute(v, value) for k, v in item.items()}
    return item


def _truthy(result) -> bool:
    if isinstance(result, list):
        return bool(result)
    if isinstance(result, float):
        return result == result and result != 0
    return bool(result)


def _text(item) -> str:
    return str(item) if isinstance(item, str) else (item.text or "")


def _matches(node, paths: list[str]) -> list:
    return [m for path in paths for m in node.xpath(path)]


def _texts(node, paths: list[str]) -> list[str]:
    return [_text(m) for m in _matches(node, paths)]


def _dates(node, path: str, today: date) -> list[date | None]:
    if path == "NOW":
        return [today]
    return [_date(t) for t in _texts(node, [path])]


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip()[:10])
    except ValueError:
        return None


# Each check returns None when the case holds, else a short detail ("" for none).
def _atleast_one(case, node, _today):
    return None if _matches(node, case["paths"]) else ""


def _no_more_than_one(case, node, _today):
    found = len(_matches(node, case["paths"]))
    return None if found <= 1 else f"{found} found"


def _only_one_of(case, node, _today):
    found = len(_matches(node, case["paths"]))
    if _matches(node, case["excluded"]):
        return None if found == 0 else f"{found} found beside an excluded element"
    return None if found == 1 else f"{found} found"


def _dependent(case, node, _today):
    present = [bool(node.xpath(p)) for p in case["paths"]]
    return None if all(present) or not any(present) else ""


def _one_or_all(case, node, _today):
    if _truthy(node.xpath(case["one"])):
        return None
    # The spec's three "all" forms: every narrative has a language, every money value a
    # currency, every transaction a sector.
    everything = {
        "lang": (".//narrative", "@xml:lang"),
        "currency": (".//value", "@currency"),
        "sector": ("transaction", "sector"),
    }[case["all"]]
    missing = [e for e in node.xpath(everything[0]) if not e.xpath(everything[1])]
    return f"{len(missing)} without {case['all']}" if missing else None


def _numbers(node, paths) -> list[Decimal] | str:
    values = []
    for text in _texts(node, paths):
        try:
            values.append(Decimal(text.strip()))
        except InvalidOperation:
            return f"{text!r} is not a number"
    return values


def _sum(case, node, _today):
    values = _numbers(node, case["paths"])
    if isinstance(values, str):
        return values
    total = sum(values, Decimal(0))
    return None if abs(float(total) - float(case["sum"])) < 1e-9 else f"they sum to {total}"


def _strict_sum(case, node, _today):
    values = _numbers(node, case["paths"])
    if isinstance(values, str):
        return values
    total = sum(values, Decimal(0))
    return None if total == Decimal(str(case["sum"])) else f"they sum to {total}"


def _range(case, node, _today):
    values = _numbers(node, case["paths"])
    if isinstance(values, str):
        return values
    low, high = case.get("min"), case.get("max")
    out = [
        v
        for v in values
        if (low is not None and v < Decimal(str(low)))
        or (high is not None and v > Decimal(str(high)))
    ]
    return f"{out[0]} is out of range" if out else None


def _date_order(case, node, today):
    less = [d for d in _dates(node, case["less"], today) if d]
    more = [d for d in _dates(node, case["more"], today) if d]
    if not less or not more:
        return None
    return None if max(less) <= min(more) else f"{max(less)} is after {min(more)}"


def _date_now(case, node, today):
    late = [d for d in _dates(node, case["date"], today) if d and d > today]
    return f"{late[0]} is in the future" if late else None


def _time_limit(case, node, today):
    start, end = _dates(node, case["start"], today), _dates(node, case["end"], today)
    if not start or not end or start[0] is None or end[0] is None:
        return None
    # As the Validator counts it: more than 365 days from start to end is over a year.
    days = (end[0] - start[0]).days
    return None if days <= 365 else f"{start[0]} to {end[0]} is {days} days"


def _between_dates(case, node, today):
    start, end = _dates(node, case["start"], today), _dates(node, case["end"], today)
    if not start or not end or start[0] is None or end[0] is None:
        return None
    out = [d for d in _dates(node, case["date"], today) if d and not start[0] <= d <= end[0]]
    return f"{out[0]} is outside {start[0]} to {end[0]}" if out else None


def _regex_matches(case, node, _today):
    bad = [t for t in _texts(node, case["paths"]) if not re.search(case["regex"], t)]
    return f"{bad[0]!r}" if bad else None


def _regex_no_matches(case, node, _today):
    bad = [t for t in _texts(node, case["paths"]) if re.search(case["regex"], t)]
    return f"{bad[0]!r}" if bad else None


def _startswith(case, node, _today):
    prefixes: set[str] = set()
    for path in case["prefix"]:
        if path == ORG_ID_PREFIX:
            prefixes |= registration_agency_prefixes()
        else:
            prefixes |= {t for t in _texts(node, [path]) if t}
    separator = case.get("separator", "")
    bad = [
        t
        for t in _texts(node, case["paths"])
        if not any(t.startswith(p + separator) for p in prefixes)
    ]
    return f"{bad[0]!r}" if bad else None


def _unique(case, node, _today):
    texts = _texts(node, case["paths"])
    return None if len(set(texts)) == len(texts) else "a value is repeated"


def _if_then(case, node, _today):
    if not _truthy(node.xpath(case["if"])):
        return None
    return None if _truthy(node.xpath(case["then"])) else ""


def _no_spaces(case, node, _today):
    bad = [t for t in _texts(node, case["paths"]) if t != t.strip()]
    return f"{bad[0]!r}" if bad else None


RULES = {
    "atleast_one": _atleast_one,
    "no_more_than_one": _no_more_than_one,
    "only_one_of": _only_one_of,
    "dependent": _dependent,
    "one_or_all": _one_or_all,
    "sum": _sum,
    "strict_sum": _strict_sum,
    "range": _range,
    "date_order": _date_order,
    "date_now": _date_now,
    "time_limit": _time_limit,
    "between_dates": _between_dates,
    "regex_matches": _regex_matches,
    "regex_no_matches": _regex_no_matches,
    "startswith": _startswith,
    "unique": _unique,
    "if_then": _if_then,
    "no_spaces": _no_spaces,
}


def _activity_id(node) -> str:
    activity = next(iter(node.xpath("ancestor-or-self::iati-activity")), None)
    if activity is None:
        return "-"
    return (activity.findtext("iati-identifier") or "").strip() or "(no identifier)"


def _where(node) -> str:
    return node.getroottree().getpath(node)


# --- the codelists ------------------------------------------------------------------------

_ORGS = "reporting-org|participating-org|provider-org|receiver-org"
# (XPath from the document, codelist). Vocabulary-dependent codes are checked only in the
# vocabulary whose list is shipped; codes in a reporting organisation's own vocabulary
# (98, 99) have no list and are listed in UNLISTED.
CODELIST_PATHS = [
    ("//iati-activity/@xml:lang | //narrative/@xml:lang", "Language"),
    ("//iati-activity/@default-currency | //value/@currency", "Currency"),
    (" | ".join(f"//{o}/@type" for o in _ORGS.split("|")), "OrganisationType"),
    ("//participating-org/@role", "OrganisationRole"),
    ("//activity-status/@code", "ActivityStatus"),
    ("//activity-date/@type", "ActivityDateType"),
    ("//activity-scope/@code", "ActivityScope"),
    ("//iati-activity/description/@type", "DescriptionType"),
    ("//budget/@type", "BudgetType"),
    ("//budget/@status", "BudgetStatus"),
    ("//transaction-type/@code", "TransactionType"),
    ("//sector/@vocabulary | //transaction/sector/@vocabulary", "SectorVocabulary"),
    ("//sector[@vocabulary='1' or not(@vocabulary)]/@code", "Sector"),
    ("//sector[@vocabulary='2']/@code", "SectorCategory"),
    ("//recipient-country/@code", "Country"),
    ("//recipient-region[@vocabulary='1' or not(@vocabulary)]/@code", "Region"),
    ("//tag/@vocabulary", "TagVocabulary"),
    ("//result/@type", "ResultType"),
    ("//indicator/@measure", "IndicatorMeasure"),
    ("//collaboration-type/@code", "CollaborationType"),
    ("//default-flow-type/@code", "FlowType"),
    ("//default-finance-type/@code | //finance-type/@code", "FinanceType"),
    ("//default-aid-type[@vocabulary='1' or not(@vocabulary)]/@code", "AidType"),
    ("//default-tied-status/@code | //tied-status/@code", "TiedStatus"),
    ("//policy-marker[@vocabulary='1' or not(@vocabulary)]/@code", "PolicyMarker"),
    ("//policy-marker/@significance", "PolicySignificance"),
    ("//document-link/category/@code", "DocumentCategory"),
]
UNLISTED = (
    "//sector[@vocabulary='98' or @vocabulary='99']/@code"
    " | //tag[@vocabulary='98' or @vocabulary='99']/@code"
)
# Attribute names that carry a code wherever they appear in an activity file.
CODED_ATTRIBUTES = frozenset(
    {"code", "type", "role", "vocabulary", "status", "measure", "currency", "significance"}
    | {"default-currency", "{http://www.w3.org/XML/1998/namespace}lang"}
)
# reporting-org/@ref is the ruleset's own 1.14.8.
REF_PATHS = "//iati-identifier | " + " | ".join(
    f"//{o}/@ref" for o in ("participating-org", "provider-org", "receiver-org")
)


def check_codelists(root) -> list[Finding]:
    found, covered = [], set()
    tree = root.getroottree()
    for path, name in CODELIST_PATHS:
        codes = codelist(name)
        for value in root.xpath(path):
            element = value.getparent()
            covered.add((element, value.attrname))
            code = codes.get(str(value))
            if code is None or code.status != "active":
                found.append(_code_finding(tree, element, value, name, code))
    covered |= {(v.getparent(), v.attrname) for v in root.xpath(UNLISTED)}
    for element in root.iter(etree.Element):
        for attribute in element.attrib:
            if attribute in CODED_ATTRIBUTES and (element, attribute) not in covered:
                found.append(
                    Finding(
                        "error",
                        "codelist",
                        _activity_id(element),
                        f"{tree.getpath(element)}/@{attribute}",
                        _("a coded attribute with no codelist check: this export must not use it"),
                    )
                )
    return found + _ref_prefixes(root, tree)


def _code_finding(tree, element, value, name: str, code) -> Finding:
    where = f"{tree.getpath(element)}/@{value.attrname}"
    if code is None:
        message = _("{value} is not a code of the {codelist} codelist")
        message = message.format(value=repr(str(value)), codelist=name)
        return Finding("error", f"codelist:{name}", _activity_id(element), where, message)
    message = _("{value} is withdrawn from the {codelist} codelist")
    message = message.format(value=repr(str(value)), codelist=name)
    return Finding("warning", f"codelist:{name}", _activity_id(element), where, message)


def _ref_prefixes(root, tree) -> list[Finding]:
    prefixes = registration_agency_prefixes()
    found = []
    for value in root.xpath(REF_PATHS):
        text = _text(value)
        element = value if isinstance(value, etree._Element) else value.getparent()
        if not any(text.startswith(p + "-") for p in prefixes):
            where = tree.getpath(element) + ("" if element is value else f"/@{value.attrname}")
            message = _("{value} does not start with an OrganisationRegistrationAgency prefix")
            message = message.format(value=repr(text))
            found.append(Finding("warning", "org-id-prefix", _activity_id(element), where, message))
    return found

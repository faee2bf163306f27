"""Pure rules behind IATI publishing: budget periods of at most a year, sector percentages,
organisation identifiers. Codelists come in as arguments (models.exchange.iati_codelists)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Collection, Iterable
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from models.i18n import _

CENT = Decimal("0.01")
HUNDRED = Decimal(100)
IDENTIFIER_MAX = 100
# The rulesets' 1.x.13: an identifier must not contain any of these.
_FORBIDDEN = re.compile(r"[/&|?\s]")

SPLIT_RULE = (
    "split pro rata by days: one line per calendar year the period touches, each getting "
    "amount × its days ÷ the period's days, rounded to the cent, the last line taking what "
    "rounding leaves so the lines add up to the amount exactly"
)


def year_after(day: date) -> date:
    """The same date a year later (29 February → 1 March)."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return date(day.year + 1, 3, 1)


def within_a_year(start: date, end: date) -> bool:
    """A budget period of at most one year: it ends before the start's anniversary.

    Stricter than the IATI Validator's 7.5.3 (at most 365 days from start to end), so a
    line accepted here is never refused there."""
    return start <= end < year_after(start)


def split_by_year(amount: Decimal, start: date, end: date) -> list[tuple[date, date, Decimal]]:
    """A multi-year amount as budget lines of one calendar year at most (SPLIT_RULE)."""
    if end < start:
        raise ValueError(f"the period ends ({end}) before it starts ({start})")
    pieces = []
    year = start.year
    while year <= end.year:
        pieces.append((max(start, date(year, 1, 1)), min(end, date(year, 12, 31))))
        year += 1
    total_days = (end - start).days + 1
    lines, given = [], Decimal(0)
    for first, last in pieces[:-1]:
        share = (amount * ((last - first).days + 1) / total_days).quantize(CENT, ROUND_HALF_UP)
        lines.append((first, last, share))
        given += share
    lines.append((*pieces[-1], amount - given))
    return lines


def budget_line_problems(start: date, end: date) -> list[str]:
    """Why a budget line's period is refused, in the run's language; empty if it is not."""
    if end < start:
        return [_("the period must end on or after its start")]
    if not within_a_year(start, end):
        last = year_after(start) - timedelta(days=1)
        return [
            _(
                "a budget line covers one year at most: {start} to {end} is longer (end it by "
                "{last} and add a line for the rest)"
            ).format(start=start.isoformat(), end=end.isoformat(), last=last.isoformat())
        ]
    return []


def overlapping(periods: Iterable[tuple[date, date]]) -> list[tuple[date, date]]:
    """Periods that overlap the one before them, in start order."""
    ordered = sorted(periods)
    return [b for a, b in zip(ordered, ordered[1:], strict=False) if b[0] <= a[1]]


def sector_problems(
    sectors: Iterable[tuple[str, str, Decimal]], known: dict[str, Collection[str]]
) -> list[str]:
    """Every problem with an activity's sectors [(vocabulary, code, percentage)], where
    `known` maps each vocabulary that may be used to its codes. Percentages sum to 100 per
    vocabulary (IATI 2.1.2), each above 0 and at most 100 with two decimals at most."""
    problems, totals, seen = [], defaultdict(Decimal), set()
    for vocabulary, code, percentage in sectors:
        if vocabulary not in known:
            problems.append(
                _("sector vocabulary {vocabulary} is not one this plan can use").format(
                    vocabulary=repr(vocabulary)
                )
            )
            continue
        if code not in known[vocabulary]:
            problems.append(
                _("{code} is not a code of sector vocabulary {vocabulary}").format(
                    code=repr(code), vocabulary=vocabulary
                )
            )
        if (vocabulary, code) in seen:
            problems.append(_("sector {code} is listed twice").format(code=code))
        seen.add((vocabulary, code))
        if not isinstance(percentage, Decimal) or not percentage.is_finite():
            problems.append(
                _("sector {code}: the percentage {percentage} is not a number").format(
                    code=code, percentage=repr(percentage)
                )
            )
            continue
        if not Decimal(0) < percentage <= HUNDRED or percentage != percentage.quantize(CENT):
            problems.append(
                _(
                    "sector {code}: the percentage must be above 0 and at most 100, with two "
                    "decimals at most, not {percentage}"
                ).format(code=code, percentage=percentage)
            )
        totals[vocabulary] += percentage
    if not seen and not problems:
        problems.append(_("an activity needs at least one sector"))
    for vocabulary, total in totals.items():
        if total != HUNDRED:
            problems.append(
                _("the percentages of vocabulary {vocabulary} add up to {total}, not 100").format(
                    vocabulary=vocabulary, total=f"{total.normalize():f}"
                )
            )
    return problems


def identifier_problems(identifier: str, prefixes: Collection[str]) -> list[str]:
    """Why an IATI organisation identifier is not acceptable (empty list: it is)."""
    text = identifier.strip()
    if not text:
        return [_("the identifier is empty")]
    problems = []
    if len(text) > IDENTIFIER_MAX:
        problems.append(
            _("the identifier is longer than {limit} characters").format(limit=IDENTIFIER_MAX)
        )
    if _FORBIDDEN.search(text):
        problems.append(_("the identifier must not contain spaces or any of / & | ?"))
    agency = next(
        (p for p in sorted(prefixes, key=len, reverse=True) if text.startswith(p + "-")), None
    )
    if agency is None:
        problems.append(
            _(
                "{identifier} does not start with a registration agency prefix from the IATI "
                "OrganisationRegistrationAgency codelist followed by '-' (e.g. XM-DAC-41122, "
                "XI-IATI-…)"
            ).format(identifier=repr(text))
        )
    elif len(text) == len(agency) + 1:
        problems.append(
            _("{identifier} has the agency prefix {agency} but no number after it").format(
                identifier=repr(text), agency=agency
            )
        )
    return problems

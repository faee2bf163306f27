"""Budget lines of a year at most, sector percentages, IATI organisation identifiers."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from models.rules.iati import (
    budget_line_problems,
    identifier_problems,
    overlapping,
    sector_problems,
    split_by_year,
    within_a_year,
    year_after,
)

D = Decimal


def _days(line) -> int:
    return (line[1] - line[0]).days + 1


def test_a_period_within_one_year_is_one_line():
    assert split_by_year(D("100.00"), date(2006, 1, 1), date(2006, 12, 31)) == [
        (date(2006, 1, 1), date(2006, 12, 31), D("100.00"))
    ]


def test_a_single_day_period_is_one_line_with_the_whole_amount():
    day = date(2006, 7, 14)
    assert split_by_year(D("12.34"), day, day) == [(day, day, D("12.34"))]


def test_a_period_crossing_a_year_end_is_split_at_it_pro_rata_by_days():
    # 31 days in December, 31 in January: half each.
    lines = split_by_year(D("1000.00"), date(2005, 12, 1), date(2006, 1, 31))
    assert lines == [
        (date(2005, 12, 1), date(2005, 12, 31), D("500.00")),
        (date(2006, 1, 1), date(2006, 1, 31), D("500.00")),
    ]


def test_a_leap_year_counts_its_366_days():
    # 2007-07-01 .. 2009-06-30: 184 + 366 + 181 = 731 days.
    lines = split_by_year(D("731.00"), date(2007, 7, 1), date(2009, 6, 30))
    assert [_days(x) for x in lines] == [184, 366, 181]
    assert [x[2] for x in lines] == [D("184.00"), D("366.00"), D("181.00")]


def test_rounding_leaves_the_total_exact_and_every_line_within_a_year():
    amount = D("180000.00")
    lines = split_by_year(amount, date(2005, 6, 1), date(2007, 6, 30))
    assert sum(x[2] for x in lines) == amount
    assert [x[2] for x in lines] == [D("50684.21"), D("86447.37"), D("42868.42")]
    assert all(within_a_year(x[0], x[1]) for x in lines)
    lines = split_by_year(D("0.01"), date(2005, 6, 1), date(2007, 6, 30))
    assert sum(x[2] for x in lines) == D("0.01") and all(x[2] >= 0 for x in lines)


def test_a_period_that_ends_before_it_starts_cannot_be_split():
    with pytest.raises(ValueError, match="before it starts"):
        split_by_year(D(1), date(2006, 1, 2), date(2006, 1, 1))


@pytest.mark.parametrize(
    ("start", "end", "ok"),
    [
        (date(2006, 1, 1), date(2006, 12, 31), True),
        (date(2006, 1, 1), date(2007, 1, 1), False),
        (date(2007, 3, 1), date(2008, 2, 29), True),  # 365 days over a leap day
        (date(2008, 2, 29), date(2009, 2, 28), True),
        (date(2008, 2, 29), date(2009, 3, 1), False),
        (date(2006, 5, 5), date(2006, 5, 5), True),
    ],
)
def test_within_a_year(start, end, ok):
    assert within_a_year(start, end) is ok
    assert (budget_line_problems(start, end) == []) is ok


def test_year_after_a_leap_day_is_the_first_of_march():
    assert year_after(date(2008, 2, 29)) == date(2009, 3, 1)


def test_a_long_line_is_refused_with_the_last_day_it_may_end():
    (problem,) = budget_line_problems(date(2006, 1, 1), date(2007, 6, 30))
    assert "end it by 2006-12-31" in problem


def test_overlapping_periods_are_found():
    periods = [
        (date(2006, 1, 1), date(2006, 12, 31)),
        (date(2006, 12, 31), date(2007, 3, 1)),
        (date(2007, 3, 2), date(2007, 4, 1)),
    ]
    assert overlapping(periods) == [(date(2006, 12, 31), date(2007, 3, 1))]


KNOWN = {"1": {"15180", "15130", "15160"}}


@pytest.mark.parametrize(
    ("sectors", "problems"),
    [
        ([("1", "15180", D("100"))], []),
        ([("1", "15180", D("60")), ("1", "15130", D("40"))], []),
        ([("1", "15180", D("33.33")), ("1", "15130", D("33.33")), ("1", "15160", D("33.34"))], []),
        ([("1", "15180", D("60")), ("1", "15130", D("30"))], ["add up to 90, not 100"]),
        ([("1", "15180", D("60")), ("1", "15130", D("50"))], ["add up to 110, not 100"]),
        ([("1", "99999", D("100"))], ["'99999' is not a code of sector vocabulary 1"]),
        ([("1", "15180", D("0")), ("1", "15130", D("100"))], ["above 0 and at most 100"]),
        ([("1", "15180", D("100.5"))], ["above 0 and at most 100", "add up to 100.5"]),
        ([("1", "15180", D("99.995")), ("1", "15130", D("0.005"))], ["two decimals"] * 2),
        ([("1", "15180", D("50")), ("1", "15180", D("50"))], ["listed twice"]),
        ([("7", "x", D("100"))], ["vocabulary '7' is not one this plan can use"]),
        ([], ["at least one sector"]),
    ],
)
def test_sector_percentages(sectors, problems):
    found = sector_problems(sectors, KNOWN)
    assert len(found) == len(problems), found
    for text, expected in zip(found, problems, strict=True):
        assert expected in text


PREFIXES = {"XM-DAC", "XI-IATI", "XK-COA", "GB-COH", "GB-CHC"}


@pytest.mark.parametrize(
    "identifier", ["XM-DAC-41122", "XI-IATI-EC_INTPA", "XK-COA-101", "GB-COH-1"]
)
def test_identifiers_with_an_agency_prefix_are_accepted(identifier):
    assert identifier_problems(identifier, PREFIXES) == []


@pytest.mark.parametrize(
    ("identifier", "problem"),
    [
        ("XK-AP", "does not start with a registration agency prefix"),
        ("XM-DAC", "does not start with a registration agency prefix"),
        ("XM-DAC-", "but no number after it"),
        ("XM-DAC-411/22", "must not contain"),
        ("XM-DAC-41 122", "must not contain"),
        ("", "empty"),
        ("XM-DAC-" + "1" * 100, "longer than 100"),
    ],
)
def test_identifiers_without_one_are_refused(identifier, problem):
    assert any(problem in p for p in identifier_problems(identifier, PREFIXES))

"""Locale formatting (numbers, money, dates) and the run's language, in each language."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from models import i18n
from models.codes import role_label, state_label, status_label
from models.i18n import (
    _,
    format_date,
    format_datetime,
    format_list,
    format_money,
    format_number,
    format_percent,
    use_language,
)

NBSP = "\u00a0"


@pytest.fixture
def language():
    """Switch the run's language in a test; English again afterwards."""
    yield use_language
    use_language("en")


@pytest.mark.parametrize(
    ("code", "whole", "decimals"),
    [
        ("en", "1,131,500", "1,234.50"),
        ("sq", f"1{NBSP}131{NBSP}500", f"1{NBSP}234,50"),
        ("sr_Latn", "1.131.500", "1.234,50"),
    ],
)
def test_numbers_as_each_language_writes_them(language, code, whole, decimals):
    language(code)
    assert format_number(1131500) == whole
    assert format_number(Decimal("1234.5"), 2) == decimals
    assert format_number(None) == "–"
    assert format_percent(71.4) == "71%"


@pytest.mark.parametrize(
    ("code", "euros", "dollars"),
    [
        ("en", f"EUR{NBSP}1,131,500", f"USD{NBSP}2,500"),
        ("sq", f"1{NBSP}131{NBSP}500{NBSP}€", f"2{NBSP}500{NBSP}US$"),
        ("sr_Latn", f"1.131.500{NBSP}€", f"2.500{NBSP}US$"),
    ],
)
def test_money_in_whole_units_of_its_currency(language, code, euros, dollars):
    language(code)
    assert format_money(1131500) == euros
    assert format_money(Decimal("2500.40"), "USD") == dollars
    assert format_money(None) == "–"


@pytest.mark.parametrize(
    ("code", "long", "medium", "moment"),
    [
        ("en", "31 December 2007", "Jun 30, 2006", "05 January 2007, 14:03"),
        ("sq", "31 dhjetor 2007", "30 qer 2006", None),
        ("sr_Latn", "31. decembar 2007.", "30. 6. 2006.", "5. 1. 2007. 14:03:00"),
    ],
)
def test_dates_as_each_language_writes_them(language, code, long, medium, moment):
    language(code)
    assert format_date(date(2007, 12, 31)) == long
    assert format_date(datetime(2007, 12, 31, 23, 59)) == long
    assert format_date(date(2006, 6, 30), "medium") == medium
    written = format_datetime(datetime(2007, 1, 5, 14, 3))
    assert written == moment if moment else written.startswith("5 jan 2007")
    assert format_date(None) == "–"


def test_english_dates_read_as_the_report_writes_them():
    assert format_date(date(2006, 6, 30)) == "30 June 2006" == f"{date(2006, 6, 30):%d %B %Y}"


@pytest.mark.parametrize(
    ("code", "both", "either"),
    [
        ("en", "a and b and c", "a or b"),
        ("sq", "a, b dhe c", "a ose b"),
        ("sr_Latn", "a, b i c", "a ili b"),
    ],
)
def test_lists_joined_as_the_language_joins_them(language, code, both, either):
    language(code)
    assert format_list(["a", "b", "c"]) == both
    assert format_list(["a", "b"], style="or") == either


@pytest.mark.parametrize(
    ("asked", "used"),
    [
        ("sq", "sq"),
        ("sr_Latn", "sr_Latn"),
        ("sr-latn", "sr_Latn"),
        ("SQ", "sq"),
        ("xx", "en"),
        (None, "en"),
        ("", "en"),
    ],
)
def test_an_unknown_language_is_english(language, asked, used):
    assert language(asked) == used
    assert i18n.current_language() == used


def test_labels_and_messages_translated_where_shown(language):
    language("sq")
    assert _("Overview") == "Pasqyra"
    assert status_label("limited") == "I kufizuar"
    assert state_label("submitted") == "i dorëzuar"
    assert role_label("coordinator") == "koordinator"
    language("sr_Latn")
    assert _("Overview") == "Pregled"
    assert status_label("not_started") == "Nije započeto"
    language("en")
    assert status_label("limited") == "Limited"
    assert status_label(None) == "" and status_label("other") == "other"


def test_each_run_has_its_own_language(language):
    """A language set in one context (a script run's thread) does not leak into another."""
    import contextvars
    import threading

    language("sq")
    seen = {}
    thread = threading.Thread(target=lambda: seen.setdefault("other", i18n.current_language()))
    thread.start()
    thread.join()
    assert seen["other"] == "en"
    assert contextvars.copy_context().run(i18n.current_language) == "sq"

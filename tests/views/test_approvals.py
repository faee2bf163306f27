"""The Approvals page's words: reported values and dates as each language writes them."""

from __future__ import annotations

from datetime import date

import pytest

from models.i18n import use_language
from models.views import approvals as av


@pytest.fixture
def language():
    """Switch this test's language; English again afterwards."""
    yield use_language
    use_language("en")


def test_values_keep_every_stored_decimal_in_english():
    assert av.value_text("1234.50", "unit", "officers") == "1,234.5 officers"
    assert av.value_text(14, "unit", None) == "14"
    assert av.value_text(1, "milestone", None) == "reached"
    assert av.short_date(date(2007, 9, 30)) == "30 Sep 2007"


@pytest.mark.parametrize(
    ("lang", "value", "milestone", "change"),
    [
        ("sq", "1\u00a0234,5 zyrtarë", "nuk është arritur", "40% → 55% (+15 pikë)"),
        ("sr_Latn", "1.234,5 zyrtarë", "nije dostignuto", "40% → 55% (+15 poena)"),
    ],
)
def test_values_and_changes_read_in_the_language(language, lang, value, milestone, change):
    language(lang)
    assert av.value_text("1234.50", "unit", "zyrtarë") == value
    assert av.value_text(0, "milestone", None) == milestone
    assert av.percent_change(40, 55) == change

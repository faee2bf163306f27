"""Charts are drawn in the run's language: titles, axes, legends and category labels."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from models.charts import overview
from models.charts.base import RATING_COLOURS, STATUS_COLOURS
from models.i18n import use_language

AS_OF, TARGET = date(2006, 3, 31), date(2007, 12, 31)
FRAMEWORKS = ["Prevention", "Protection"]


@pytest.fixture
def serbian():
    use_language("sr_Latn")
    yield
    use_language("en")


def _timeline() -> pd.DataFrame:
    months = pd.date_range("2006-01-31", periods=3, freq="ME")
    return pd.DataFrame(
        [
            {"month": m, "framework": f, "series": s, "percent": 10.0 * i}
            for i, m in enumerate(months)
            for f in FRAMEWORKS
            for s in ("Reported", "Expected")
        ]
    )


def _rated() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "activity_id": [1, 2, 3],
            "code": ["PREV-A1", "PREV-A2", "PROT-A1"],
            "title": ["Awareness", "Schools", "Shelters"],
            "lead": ["IOM", "MEST", None],
            "framework": ["Prevention", "Prevention", "Protection"],
            "status": ["limited", None, "complete"],
            "rating": ["behind", "no_report", "complete"],
            "rating_label": ["Behind schedule", "No approved report", "Complete"],
            "reported_percent": [20.0, None, 100.0],
            "planned_start": [date(2005, 1, 1)] * 3,
            "planned_end": [date(2007, 12, 31)] * 3,
        }
    )


def test_overview_figures_in_serbian(serbian):
    lines = overview.progress_lines(_timeline(), AS_OF, TARGET, FRAMEWORKS)
    assert lines.layout.yaxis.title.text == "Napredak (% završeno)"
    assert lines.layout.xaxis.title.text == "Mesec"
    assert lines.layout.title.text == "Napredak u odnosu na očekivanu putanju do roka"
    assert {t.name for t in lines.data} >= {"Prevention: Prijavljeno", "Protection: Očekivano"}
    notes = [a.text for a in lines.layout.annotations]
    assert any(n.startswith("Na dan 31") for n in notes)
    assert lines.layout.separators == ",."  # ticks and hovers write 1.131.500

    statuses = overview.status_bars(_rated(), FRAMEWORKS)
    assert statuses.layout.xaxis.title.text == "Aktivnosti (broj)"
    names = {t.name for t in statuses.data}
    assert names == {"Ograničeno", "Bez odobrenog izveštaja", "Završeno"}
    # Each status keeps its colour in any language.
    colours = {t.name: t.marker.color for t in statuses.data}
    assert colours["Ograničeno"] == STATUS_COLOURS["Limited"]

    gantt = overview.timeline(_rated(), AS_OF)
    assert gantt.layout.xaxis.title.text == "Planirani period"
    by_rating = {t.name: t.marker.color for t in gantt.data}
    assert by_rating["Kasni"] == RATING_COLOURS["Behind schedule"]


def test_overview_figures_stay_english_by_default():
    lines = overview.progress_lines(_timeline(), AS_OF, TARGET, FRAMEWORKS)
    assert lines.layout.yaxis.title.text == "Progress (% complete)"
    assert lines.layout.separators is None
    assert any(a.text == "As of 31 Mar 2006 " for a in lines.layout.annotations)
    assert any(a.text == " Target Dec 2007" for a in lines.layout.annotations)

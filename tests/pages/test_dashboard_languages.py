"""The dashboard pages in Albanian (?lang=sq): titles, captions and chart axes translated."""

from __future__ import annotations

import json
from datetime import date

import pytest

from models.db import make_engine
from models.i18n import format_date, use_language
from models.queries.dashboard import default_as_of
from models.queries.plan import plans


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    use_language("en")


def _albanian(app, url: str, page: str, role: str = "coordinator"):
    return app(url, f"pages/{page}.py", user={"role": role}, params={"lang": "sq"})


def _layouts(at) -> list[dict]:
    return [json.loads(chart.proto.spec)["layout"] for chart in at.get("plotly_chart")]


def _axis_titles(at, axis: str) -> list[str]:
    return [lay.get(axis, {}).get("title", {}).get("text") for lay in _layouts(at)]


def _captions(at) -> str:
    return "\n".join(c.value for c in at.caption)


def _latest(url: str) -> date:
    engine = make_engine(url)
    latest = default_as_of(engine, int(plans(engine)["id"].iloc[0]))
    engine.dispose()
    return latest


def _in_albanian(day: date) -> str:
    use_language("sq")
    try:
        return format_date(day)
    finally:
        use_language("en")


def test_overview_in_albanian(app, seeded_url):
    at = _albanian(app, seeded_url, "overview")
    assert at.title[0].value == f"Pasqyra, më {_in_albanian(_latest(seeded_url))}"
    assert "vetëm raportet e miratuara" in _captions(at)
    assert "Lista e vëzhgimit" in [s.value for s in at.subheader]
    assert "Progresi (% e përfunduar)" in _axis_titles(at, "yaxis")
    assert {m.label for m in at.metric} >= {"Progresi (mesatarja % e përfunduar)"}


def test_framework_explorer_in_albanian(app, seeded_url):
    at = _albanian(app, seeded_url, "explorer")
    assert at.title[0].value == "Eksploruesi i kornizave"
    assert "vetëm raportet e miratuara" in _captions(at)
    assert _axis_titles(at, "xaxis") == ["Data e raportit"]
    assert _axis_titles(at, "yaxis") == ["I përfunduar (%)"]


def test_agencies_in_albanian(app, seeded_url):
    at = _albanian(app, seeded_url, "agencies")
    assert at.title[0].value == "Agjencitë"
    assert "Përgjegjësitë dhe realizimi më" in _captions(at)
    assert "Agjencia" in _axis_titles(at, "yaxis")
    assert "Aktivitete të udhëhequra (numri)" in _axis_titles(at, "xaxis")


def test_indicators_in_albanian(app, seeded_url):
    at = _albanian(app, seeded_url, "indicators")
    assert at.title[0].value == "Treguesit"
    assert "vetëm vlerat e miratuara" in _captions(at)
    assert _axis_titles(at, "xaxis")[0] == "Treguesit (numri)"
    assert _layouts(at)[0]["title"]["text"] == "Treguesit sipas statusit"


def test_context_in_albanian(app, seeded_url):
    at = _albanian(app, seeded_url, "context", role="donor")
    assert at.title[0].value == "Konteksti: statistikat e publikuara të raportit"
    assert "Vetëm shifra të përgjithshme të publikuara" in _captions(at)
    assert "Viktima të identifikuara (numri)" in _axis_titles(at, "yaxis")
    assert "Kombësia, siç e jep raporti" in _axis_titles(at, "xaxis")


def test_plan_as_stated_in_albanian(app, seeded_url):
    at = _albanian(app, seeded_url, "plan")
    assert "Periudha e planit" in _captions(at)
    assert [m.label for m in at.metric] == [
        "Kornizat",
        "Objektivat",
        "Aktivitetet",
        "Donatorë të përmendur",
    ]


def test_funding_in_albanian(app, seeded_url):
    at = _albanian(app, seeded_url, "funding")
    assert at.title[0].value == "Financimi"
    assert "transaksionet me datë deri në këtë ditë" in _captions(at)
    assert _axis_titles(at, "yaxis")[0] == "Shuma (EUR)"
    # Money as Albanian writes it: the amount first, then the euro sign.
    costed = next(m for m in at.metric if m.label == "Kostoja e vlerësuar")
    assert costed.value.endswith("€")


@pytest.mark.parametrize(
    ("page", "title"),
    [
        ("overview", "Pregled, na dan"),
        ("explorer", "Pregled okvira"),
        ("agencies", "Agencije"),
        ("indicators", "Indikatori"),
        ("context", "Kontekst: objavljena statistika izveštaja"),
        ("funding", "Finansiranje"),
    ],
)
def test_every_dashboard_page_renders_in_serbian(app, seeded_url, page, title):
    at = app(seeded_url, f"pages/{page}.py", params={"lang": "sr_Latn"})
    assert at.title[0].value.startswith(title)
    assert not at.exception

"""The Context page: the report's figures, their sources, and small counts per role.

Expected figures are the report's (footnote 119, section I), typed by hand.
"""

from __future__ import annotations

import json

import pytest

from models.db import make_engine, transaction
from tests.factories import make_plan

PAGE = "pages/context.py"
OTHERS = [{"role": "donor"}, {"role": "editor", "organisation_id": 1}, None]


def _tables(at) -> dict[str, list[dict]]:
    """Each table keyed by its first column's name (Year / Nationality), IOM by its 2nd."""
    out = {}
    for frame in at.dataframe:
        df = frame.value
        out[df.columns[1] if df.columns[0] == "Year" else df.columns[0]] = df.to_dict("records")
    return out


def _row(records: list[dict], key: str, value: str) -> dict:
    (row,) = [r for r in records if r[key] == value]
    return row


def _charts(at) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def _captions(at) -> str:
    return "\n".join(c.value for c in at.caption)


def test_coordinator_sees_every_figure(seeded_url, app):
    at = app(seeded_url, PAGE, user={"role": "coordinator"})
    tables = _tables(at)
    assert _row(tables["Kosovo"], "Year", "2002") == {
        "Year": "2002",
        "Kosovo": "3",
        "Foreign": "86",
    }
    assert _row(tables["Nationality"], "Nationality", "Bulgarian") == {
        "Nationality": "Bulgarian",
        "2004": "4",
        "2005": "3",
    }
    assert _row(tables["Victims identified"], "Year", "1999")["Victims identified"] == "2"
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {
        "Foreign women registered in TPIU's database, 2000": "340",
        "Total: Victims identified by TPIU, 2001–2005": "391",
    }
    assert not any("<5" in i.value for i in at.info)
    assert "Bulgarian" in json.dumps(_charts(at))


@pytest.mark.parametrize("user", OTHERS, ids=["donor", "editor", "anonymous"])
def test_other_roles_see_small_counts_as_below_five(seeded_url, app, user):
    at = app(seeded_url, PAGE, user=user)
    tables = _tables(at)
    assert _row(tables["Kosovo"], "Year", "2002") == {
        "Year": "2002",
        "Kosovo": "<5",
        "Foreign": "86",
    }
    assert _row(tables["Kosovo"], "Year", "2003")["Kosovo"] == "0"
    assert _row(tables["Kosovo"], "Year", "2001")["Kosovo"] == "5"
    assert _row(tables["Nationality"], "Nationality", "Bulgarian") == {
        "Nationality": "Bulgarian",
        "2004": "<5",
        "2005": "<5",
    }
    assert _row(tables["Nationality"], "Nationality", "Kosovar")["2005"] == "45"
    assert _row(tables["Victims identified"], "Year", "1999")["Victims identified"] == "<5"
    # 391 beside the yearly figures would give away the 3 Kosovo victims of 2002.
    assert {m.label: m.value for m in at.metric} == {
        "Foreign women registered in TPIU's database, 2000": "340"
    }
    assert "it would reveal a count below 5" in _captions(at)
    assert any("shown as “<5”" in i.value for i in at.info)
    bulgarian = [
        trace["y"][trace["x"].index("Bulgarian")]
        for chart in _charts(at)
        for trace in chart["data"]
        if trace.get("x") and "Bulgarian" in trace["x"]
    ]
    assert bulgarian == [5, 5]  # drawn at the threshold, not at 4 and 3


def test_part_year_is_marked(seeded_url, app):
    at = app(seeded_url, PAGE, user={"role": "donor"})
    iom = _tables(at)["Victims identified"]
    assert _row(iom, "Year", "2005") == {
        "Year": "2005",
        "Victims identified": "6",
        "Covers": "until June 2005",
    }
    assert _row(iom, "Year", "2004")["Covers"] == "Whole year"
    charts = json.dumps(_charts(at))
    assert "Part year: until June 2005" in charts  # the arrowed note on the bar
    assert "Part year (until June 2005)" in charts  # the legend entry for the hatching


def test_titles_axes_and_sources_are_shown(seeded_url, app):
    at = app(seeded_url, PAGE, user={"role": "donor"})
    layouts = [chart["layout"] for chart in _charts(at)]
    assert [lay["title"]["text"] for lay in layouts] == [
        "Victims identified by TPIU per year, Kosovo and foreign",
        "Victims identified by IOM per year",
        "Traffickers arrested by nationality, 2004 and 2005 (TPIU)",
    ]
    assert [lay["yaxis"]["title"]["text"] for lay in layouts] == [
        "Victims identified (count)",
        "Victims identified (count)",
        "Traffickers arrested (count)",
    ]
    captions = _captions(at)
    assert "Source: TPIU, as cited in the report \\(I\\. Introduction\\)." in captions
    assert captions.count("Source: TPIU, as cited in the report \\(footnote 119\\).") == 2
    assert "Source: IOM, as cited in the report \\(footnote 119\\)." in captions
    assert "the reporting date, framework and agency filters do not apply" in captions


def test_a_plan_without_statistics_says_so(seeded_url, app):
    engine = make_engine(seeded_url)
    with transaction(engine) as session:
        make_plan(session, code="bare", country="Elsewhere", title="Empty plan")
    engine.dispose()
    at = app(seeded_url, PAGE, user={"role": "coordinator"}, params={"plan": "bare"})
    assert [i.value for i in at.info] == ["This plan has no published statistics recorded."]
    assert not at.dataframe
    assert not at.get("plotly_chart")

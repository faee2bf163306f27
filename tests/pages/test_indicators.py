"""The Indicators page on the seeded plan: latest approved values, statuses, the as-of date,
filters and labels. Expected figures come from plain SQL against the same file."""

from __future__ import annotations

import json
import math
from datetime import date

import pytest
from sqlalchemy import text

from models.db import make_engine
from pages.ui.labels import ILLUSTRATIVE_NOTE, INFERRED_NOTE

PAGE = "pages/indicators.py"
COORDINATOR = {"role": "coordinator", "username": "nc", "id": 1, "organisation_id": None}


def sql(url: str, statement: str, **params):
    engine = make_engine(url)
    with engine.begin() as connection:
        result = connection.execute(text(statement), params)
        rows = result.all() if result.returns_rows else []
    engine.dispose()
    return rows


def default_as_of(url: str) -> date:
    (day,) = sql(url, "SELECT max(report_date) FROM status_update WHERE state = 'approved'")[0]
    return date.fromisoformat(str(day))


def latest(url: str, code: str, as_of: date) -> tuple[float, date] | None:
    rows = sql(
        url,
        "SELECT v.value, v.value_date FROM indicator_value v JOIN indicator i"
        " ON i.id = v.indicator_id WHERE i.code = :code AND v.state = 'approved'"
        " AND v.value_date <= :as_of ORDER BY v.value_date DESC, v.id DESC LIMIT 1",
        code=code,
        as_of=as_of.isoformat(),
    )
    return (float(rows[0][0]), date.fromisoformat(str(rows[0][1]))) if rows else None


def indicator(url: str, code: str) -> dict:
    row = sql(url, "SELECT * FROM indicator WHERE code = :code", code=code)[0]
    return dict(row._mapping)


def table(at) -> dict:
    """The indicator table as {code: row}, keyed by the column headings shown."""
    element = at.dataframe[0]
    labels = {k: v["label"] for k, v in json.loads(element.proto.columns).items() if "label" in v}
    frame = element.value.rename(columns=labels)
    return {row["Code"]: row for row in frame.to_dict("records")}


def run(app, url: str, **params):
    return app(url, PAGE, user=COORDINATOR, params=params)


def years(later: date, earlier: date) -> float:
    return (later - earlier).days / 365.25


def test_latest_value_and_status(app, seeded_url):
    as_of = default_as_of(seeded_url)
    rows = table(run(app, seeded_url))
    # PREV-O1-I1: a count that has reached its target.
    value, day = latest(seeded_url, "PREV-O1-I1", as_of)
    target = float(indicator(seeded_url, "PREV-O1-I1")["target_value"])
    assert value >= target
    assert rows["PREV-O1-I1"]["Latest value"] == f"{value:.0f}"
    assert rows["PREV-O1-I1"]["Value date"] == day
    assert rows["PREV-O1-I1"]["Status"] == "Target achieved"
    # PREV-O2-I2 should fall: Open SDG's ratio of observed to needed yearly change, by hand.
    ind = indicator(seeded_url, "PREV-O2-I2")
    value, day = latest(seeded_url, "PREV-O2-I2", as_of)
    base, base_day = float(ind["baseline_value"]), date.fromisoformat(str(ind["baseline_date"]))
    target, target_day = float(ind["target_value"]), date.fromisoformat(str(ind["target_date"]))
    observed = -((value / base) ** (1 / years(day, base_day)) - 1)
    needed = abs((target / base) ** (1 / years(target_day, base_day)) - 1)
    assert 0.60 <= observed / needed < 0.95
    assert rows["PREV-O2-I2"]["Latest value"] == f"{value:.0f}"
    assert rows["PREV-O2-I2"]["Status"] == "Progress made but acceleration needed"
    # PROS-O1-I1: a milestone still at "no".
    assert latest(seeded_url, "PROS-O1-I1", as_of)[0] == 0
    assert rows["PROS-O1-I1"]["Latest value"] == "No"
    assert rows["PROS-O1-I1"]["Status"] == "Not yet achieved"


def test_rewinding_the_date_changes_the_latest_value(app, seeded_url):
    now = table(run(app, seeded_url))["PREV-O1-I1"]
    earlier = date(2006, 12, 31)
    value, day = latest(seeded_url, "PREV-O1-I1", earlier)
    rewound = table(run(app, seeded_url, asof=earlier.isoformat()))["PREV-O1-I1"]
    assert (rewound["Latest value"], rewound["Value date"]) == (f"{value:.0f}", day)
    assert rewound["Latest value"] != now["Latest value"]
    assert rewound["Status"] != "Target achieved"


def test_drafts_and_submitted_values_are_ignored(app, seeded_url):
    as_of = default_as_of(seeded_url)
    before = latest(seeded_url, "PREV-O1-I1", as_of)
    for state in ("draft", "submitted"):
        sql(
            seeded_url,
            "INSERT INTO indicator_value (indicator_id, value_date, value, state, illustrative,"
            " created_at) SELECT id, :day, 99, :state, 0, '2007-01-01' FROM indicator"
            " WHERE code = 'PREV-O1-I1'",
            day=as_of.isoformat(),
            state=state,
        )
    # PROS-A11-I1 also carries a submitted value in the demo set, dated later than its approved.
    submitted = sql(
        seeded_url,
        "SELECT max(v.value_date) FROM indicator_value v JOIN indicator i"
        " ON i.id = v.indicator_id WHERE i.code = 'PROS-A11-I1'"
        " AND v.state = 'submitted'",
    )[0][0]
    approved = latest(seeded_url, "PROS-A11-I1", as_of)
    assert date.fromisoformat(str(submitted)) > approved[1]
    rows = table(run(app, seeded_url))
    assert rows["PREV-O1-I1"]["Latest value"] == f"{before[0]:.0f}"
    assert rows["PROS-A11-I1"]["Latest value"] == f"{approved[0]:.0f}"
    assert rows["PROS-A11-I1"]["Value date"] == approved[1]


def test_status_summary_counts_the_table(app, seeded_url):
    at = run(app, seeded_url)
    statuses = [row["Status"] for row in table(at).values()]
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    names = {trace["name"] for trace in spec["data"]}
    assert names == {f"{s} ({statuses.count(s)})" for s in set(statuses)}
    assert spec["layout"]["title"]["text"] == "Indicators by status"


def test_labels_inferred_and_illustrative(app, seeded_url):
    at = run(app, seeded_url)
    warnings = [w.value for w in at.warning]
    assert any(w.startswith(INFERRED_NOTE) for w in warnings)
    assert ILLUSTRATIVE_NOTE in warnings
    assert {row["Provenance"] for row in table(at).values()} == {"Inferred"}


def test_before_any_value(app, seeded_url):
    at = run(app, seeded_url, asof="2005-06-30")
    rows = table(at).values()
    assert {(r["Latest value"], r["Status"]) for r in rows} == {
        ("No approved value yet", "No data")
    }
    assert ILLUSTRATIVE_NOTE not in [w.value for w in at.warning]
    assert any("No approved value yet for this indicator" in i.value for i in at.info)


def test_framework_filter(app, seeded_url):
    rows = table(run(app, seeded_url, fw="PROS"))
    expected = sql(seeded_url, "SELECT code FROM indicator WHERE code LIKE 'PROS-%'")
    assert sorted(rows) == sorted(code for (code,) in expected)
    assert {r["Framework"] for r in rows.values()} == {"Prosecution"}


@pytest.mark.parametrize("code", ["PROS-O1-I1", "PROT-A5-I1"])
def test_selected_indicator_chart(app, seeded_url, code):
    at = run(app, seeded_url)
    box = next(s for s in at.selectbox if s.label == "Indicator")
    at = box.select_index(next(i for i, o in enumerate(box.options) if o.startswith(code))).run()
    spec = json.loads(at.get("plotly_chart")[-1].proto.spec)
    assert spec["layout"]["title"]["text"].startswith(code)
    ind = indicator(seeded_url, code)
    values = sql(
        seeded_url,
        "SELECT count(*) FROM indicator_value v JOIN indicator i ON"
        " i.id = v.indicator_id WHERE i.code = :code AND v.state = 'approved'"
        " AND v.value_date <= :d",
        code=code,
        d=default_as_of(seeded_url).isoformat(),
    )
    line = next(t for t in spec["data"] if t["name"] == "Approved values")
    milestone = ind["measure"] == "milestone"
    # A milestone's step is held on to the reporting date: one point more than its values.
    assert len(line["y"]) == values[0][0] + milestone
    shown = "Yes" if milestone else f"{float(ind['target_value']):.0f} {ind['unit']}"
    assert f"Target {str(ind['target_date'])[:4]}: {shown}" in {t["name"] for t in spec["data"]}
    assert not math.isnan(float(line["y"][-1]))


def test_no_indicators(app, seeded_url):
    sql(seeded_url, "DELETE FROM indicator")
    at = run(app, seeded_url)
    assert any(i.value.startswith("No indicators in view") for i in at.info)
    assert not at.dataframe

"""The Funding page on the seeded plan and demo set: figures, the as-of date, a donor's own view,
downloads and the empty state. Expected money comes from plain SQL against the same file."""

from __future__ import annotations

import base64
import io
import json
from datetime import date

import numpy as np
import openpyxl
import plotly.io
import pytest
from sqlalchemy import select, text
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

from models.db import make_engine, transaction
from models.entities import Organisation, User
from models.exchange.iati import validate_iati
from models.exchange.iati_rules import check_iati
from models.services.iati_settings import set_organisation_identifier
from pages.ui.labels import ILLUSTRATIVE_NOTE, md

PAGE = "pages/funding.py"
COORDINATOR = {"role": "coordinator", "username": "nc", "id": 1, "organisation_id": None}
LATEST = date(2007, 9, 30)  # the demo set's latest approved report: the default as-of date


def sql(url: str, statement: str, **params):
    engine = make_engine(url)
    with engine.begin() as connection:
        result = connection.execute(text(statement), params)
        rows = result.all() if result.returns_rows else []
    engine.dispose()
    return rows


def money(url: str, where: str, as_of: date, **params) -> tuple[float, float, float]:
    """Costed, committed, disbursed for the activities matching `where` (on alias a)."""
    costed = sql(
        url,
        f"SELECT coalesce(sum(b.amount), 0) FROM budget b JOIN activity a"
        f" ON a.id = b.activity_id WHERE {where}",
        **params,
    )[0][0]
    flows = sql(
        url,
        "SELECT coalesce(sum(CASE WHEN t.type = 'commitment' THEN t.amount END), 0),"
        " coalesce(sum(CASE WHEN t.type = 'disbursement' THEN t.amount END), 0)"
        f" FROM funding_transaction t JOIN activity a ON a.id = t.activity_id WHERE {where}"
        " AND t.transaction_date <= :as_of",
        as_of=as_of.isoformat(),
        **params,
    )[0]
    # Rounded to the cent: SQLite adds NUMERIC amounts as binary floats, and a costed
    # requirement is now the sum of several budget lines.
    return round(float(costed), 2), round(float(flows[0]), 2), round(float(flows[1]), 2)


PREVENTION = "a.framework_id = (SELECT id FROM framework WHERE name = 'Prevention')"
PREV_O3 = (
    "a.id IN (SELECT ao.activity_id FROM activity_objective ao JOIN objective o"
    " ON o.id = ao.objective_id WHERE o.code = 'PREV-O3')"
)
PREV_A2 = "a.code = 'PREV-A2'"


def table(at, index: int) -> dict:
    """A table shown as {first column value: row}, keyed by the column headings shown.
    Editable tables (the coordinator's budget lines) are forms, not counted here."""
    element = [d for d in at.dataframe if not d.proto.editing_mode][index]
    labels = {k: v["label"] for k, v in json.loads(element.proto.columns).items() if "label" in v}
    frame = element.value.rename(columns=labels)
    return {row[frame.columns[0]]: row for row in frame.to_dict("records")}


def figure(at, index: int):
    return plotly.io.from_json(at.get("plotly_chart")[index].proto.spec)


def values(array) -> list:
    """A trace's numbers, decoded from plotly's base64 typed-array form when sent that way."""
    if isinstance(array, dict) and "bdata" in array:
        return list(np.frombuffer(base64.b64decode(array["bdata"]), dtype=array["dtype"]))
    return list(array)


def pledged(url: str) -> float:
    statement = "SELECT sum(amount) FROM funding_transaction WHERE type = 'pledge'"
    return float(sql(url, f"{statement} AND transaction_date <= :d", d=LATEST.isoformat())[0][0])


def metrics(at) -> list[tuple[str, str]]:
    return [(m.label, m.value) for m in at.metric]


def eur(amount: float) -> str:
    return f"EUR {amount:,.0f}"


def osce(url: str) -> dict:
    (osce_id,) = sql(url, "SELECT id FROM organisation WHERE acronym = 'OSCE'")[0]
    return {
        "role": "donor",
        "organisation_id": osce_id,
        "username": "osce",
    }


@pytest.fixture
def downloads(monkeypatch) -> dict:
    """What the page offers for download, by file name (AppTest keeps the bytes in memory)."""
    stored: dict = {}
    original = MemoryMediaFileStorage.load_and_get_id

    def keep(self, path_or_data, mimetype, kind, filename=None):
        stored[filename] = path_or_data
        return original(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", keep)
    return stored


def test_figures_match_a_hand_computation(app, seeded_url):
    at = app(seeded_url, PAGE, user=COORDINATOR)
    assert at.warning[0].value == ILLUSTRATIVE_NOTE
    costed, committed, disbursed = money(seeded_url, "1 = 1", LATEST)
    assert metrics(at)[:6] == [
        ("Costed", eur(costed)),
        ("Pledged", eur(pledged(seeded_url))),
        ("Committed", eur(committed)),
        ("Disbursed", eur(disbursed)),
        ("Coverage", f"{committed / costed:.0%}"),
        ("Disbursement rate", f"{disbursed / committed:.0%}"),
    ]
    # One framework, in the coverage chart: its bars and its coverage written above them.
    costed, committed, disbursed = money(seeded_url, PREVENTION, LATEST)
    bars = {
        trace.name: dict(zip(trace.x, values(trace.y), strict=True)) for trace in figure(at, 0).data
    }
    assert (
        bars["Costed"]["Prevention"],
        bars["Committed"]["Prevention"],
        bars["Disbursed"]["Prevention"],
    ) == (costed, committed, disbursed)
    notes = {a.x: a.text for a in figure(at, 0).layout.annotations}
    assert notes["Prevention"] == f"{committed / costed:.0%} covered"
    assert figure(at, 0).layout.yaxis.title.text == "Amount (EUR)"
    # One objective, in the objectives table (every activity serving it counts in full).
    costed, committed, disbursed = money(seeded_url, PREV_O3, LATEST)
    row = table(at, 1)["PREV-O3"]
    assert (row["Costed"], row["Committed"], row["Disbursed"]) == (costed, committed, disbursed)
    assert row["Coverage"] == pytest.approx(100 * committed / costed)
    # One activity, in the gap table, with its lead agency and schedule rating.
    costed, committed, disbursed = money(seeded_url, PREV_A2, LATEST)
    gaps = table(at, 2)
    row = gaps["PREV-A2"]
    assert (row["Costed"], row["Committed"], row["Gap"]) == (costed, committed, costed - committed)
    assert (row["Lead agency"], row["Schedule"]) == ("MEST", "Behind schedule")
    assert list(gaps) == sorted(gaps, key=lambda code: -gaps[code]["Gap"])  # largest gap first


def test_unfunded_and_behind_are_marked(app, seeded_url):
    gaps = table(app(seeded_url, PAGE, user=COORDINATOR), 2)
    marked = {code for code, row in gaps.items() if row["Unfunded and behind"] == "✓"}
    assert marked == {
        code
        for code, row in gaps.items()
        if row["Committed"] == 0 and row["Schedule"] in ("Behind schedule", "Overdue")
    }
    assert {"PREV-A4", "PROS-A15"} <= marked and "PROS-A9" not in marked  # PROS-A9 suspended


def test_the_reporting_date_changes_the_figures(app, seeded_url):
    early = date(2005, 12, 31)
    at = app(seeded_url, PAGE, user=COORDINATOR, params={"asof": early.isoformat()})
    costed, committed, disbursed = money(seeded_url, "1 = 1", early)
    later = money(seeded_url, "1 = 1", LATEST)
    assert committed < later[1] and disbursed < later[2]
    shown = dict(metrics(at))
    assert (shown["Committed"], shown["Disbursed"]) == (eur(committed), eur(disbursed))
    row = table(at, 2)["PREV-A2"]
    assert row["Committed"] == money(seeded_url, PREV_A2, early)[1]


def test_a_donor_sees_their_organisation_highlighted_and_can_filter(app, seeded_url):
    user = osce(seeded_url)
    at = app(seeded_url, PAGE, user=user)
    own = sql(
        seeded_url,
        "SELECT coalesce(sum(CASE WHEN type = 'commitment' THEN amount END), 0),"
        " coalesce(sum(CASE WHEN type = 'disbursement' THEN amount END), 0)"
        " FROM funding_transaction WHERE donor_id = :d AND transaction_date <= :as_of",
        d=user["organisation_id"],
        as_of=LATEST.isoformat(),
    )[0]
    assert any("Your organisation: OSCE" in s.value for s in at.subheader)
    yours = dict(metrics(at)[6:])
    assert (yours["Committed"], yours["Disbursed"]) == (eur(own[0]), eur(own[1]))
    bars = figure(at, 1)
    labels = list(bars.data[0].y)
    assert "OSCE (your organisation)" in labels
    for trace in bars.data:  # outlined in every framework's segment, nowhere else
        widths = dict(zip(labels, values(trace.marker.line.width), strict=True))
        assert {k for k, w in widths.items() if w} == {"OSCE (your organisation)"}
    assert len(set(table(at, 3))) > 1  # several donors before the toggle
    at.toggle[0].set_value(True).run()
    assert set(table(at, 3)) == {"OSCE"}
    sankey = figure(at, 2).data[0]
    donors_in_flow = {sankey.node.label[s] for s in sankey.link.source}
    assert donors_in_flow <= {"OSCE", "Prevention", "Protection", "Prosecution"}
    assert "OSCE" in donors_in_flow
    # Coverage stays the plan's: the toggle filters contributions, not the requirement.
    assert dict(metrics(at))["Costed"] == eur(money(seeded_url, "1 = 1", LATEST)[0])


def test_a_coordinator_has_no_donor_toggle(app, seeded_url):
    at = app(seeded_url, PAGE, user=COORDINATOR)
    assert not at.toggle
    assert not any("your organisation" in str(y) for y in figure(at, 1).data[0].y)


def test_downloads_excel_csv_and_valid_iati(app, seeded_url, downloads):
    at = app(seeded_url, PAGE, user=COORDINATOR)
    labels = [b.proto.label for b in at.get("download_button")]
    # The seeded reporting office has no IATI identifier yet: the IATI file is refused, with
    # what to fill in and where; the page option writes it anyway.
    assert labels == ["Funding tables (Excel)", "Activities (CSV)"]
    assert "IATI export not offered" in at.warning[-1].value
    # Exactly what the command line lists: the one thing the seed does not invent.
    (office,) = sql(seeded_url, "SELECT name FROM organisation WHERE acronym = 'AOGG'")
    gap = md(
        f"the reporting organisation {office[0]} (AOGG) has no IATI organisation identifier: "
        "set it in Edit the plan → IATI settings → Organisation identifiers"
    )
    assert at.expander[-1].label == "IATI: 1 to fill in or check"
    assert at.expander[-1].markdown[0].value == f"- {gap}"
    at.checkbox(key="iati_incomplete").check().run()
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["Funding tables (Excel)", "Activities (CSV)", "IATI 2.03 activities (XML)"]
    # Written anyway, with the same list as warnings (then what the placeholder ref costs).
    listed = at.expander[-1].markdown[0].value.split("\n")
    assert listed[0] == f"- {gap}"
    assert all(line.startswith("- IATI rule warning ") for line in listed[1:])
    stem = f"XK-2005-2007-{LATEST}"
    book = openpyxl.load_workbook(io.BytesIO(downloads[f"funding-{stem}.xlsx"]))
    assert book.sheetnames == ["About", "Frameworks", "Objectives", "Activities", "Donors"]
    sheet = book["Frameworks"]
    header = [cell.value for cell in sheet[1]]
    rows = {
        r[0]: dict(zip(header, r, strict=True))
        for r in sheet.iter_rows(min_row=2, values_only=True)
    }
    costed, committed, _ = money(seeded_url, PREVENTION, LATEST)
    assert (rows["Prevention"]["Costed"], rows["Prevention"]["Committed"]) == (costed, committed)
    assert rows["Prevention"]["Currency"] == "EUR"
    assert sum(r["Costed"] for r in rows.values()) == money(seeded_url, "1 = 1", LATEST)[0]
    assert ILLUSTRATIVE_NOTE in [c.value for (c,) in book["About"].iter_rows(min_row=2)]
    csv = downloads[f"activities-{stem}.csv"].decode("utf-8-sig").splitlines()
    assert csv[0].startswith("Code,Activity,Gap,Coverage (committed ÷ costed),Schedule")
    assert len(csv) == 1 + sql(seeded_url, "SELECT count(*) FROM activity")[0][0]
    xml = downloads[f"iati-{stem}.xml"]
    assert validate_iati(xml) == [] and xml.count(b"<iati-activity ") == len(csv) - 1


def test_the_iati_download_is_offered_once_the_reporting_office_has_an_identifier(
    app, seeded_url, downloads
):
    # What a coordinator does once in Edit the plan → IATI settings (the form calls this service).
    engine = make_engine(seeded_url)
    with transaction(engine) as session:
        coordinator = User(username="coord", password_hash="x", role="coordinator")
        session.add(coordinator)
        session.flush()
        office = session.scalar(select(Organisation).where(Organisation.acronym == "AOGG"))
        set_organisation_identifier(
            session=session, actor=coordinator, organisation_id=office.id, identifier="XK-COA-1"
        )
    engine.dispose()
    at = app(seeded_url, PAGE, user=COORDINATOR)
    assert not at.error and not [w for w in at.warning if "IATI" in w.value]
    # Nothing to fill in or check: no IATI list at all.
    assert not [e for e in at.expander if e.label.startswith("IATI")]
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels[-1] == "IATI 2.03 activities (XML)"
    xml = downloads[f"iati-XK-2005-2007-{LATEST}.xml"]
    assert validate_iati(xml) == [] and check_iati(xml) == []
    assert xml.count(b"<iati-activity ") == 26


def test_a_plan_without_funding_says_so(app, seeded_url):
    sql(seeded_url, "DELETE FROM funding_transaction")
    sql(seeded_url, "DELETE FROM budget")
    at = app(seeded_url, PAGE, user=COORDINATOR)
    assert at.info[0].value.startswith("No funding is recorded for this plan")
    assert not at.metric and not at.get("download_button")


def test_a_table_per_framework_in_plan_order_with_whole_percents(app, seeded_url):
    at = app(seeded_url, PAGE, user=COORDINATOR)
    frameworks = table(at, 0)
    assert list(frameworks) == ["Prevention", "Protection", "Prosecution"]
    costed, committed, disbursed = money(seeded_url, PREVENTION, LATEST)
    row = frameworks["Prevention"]
    assert (row["Costed"], row["Committed"], row["Disbursed"]) == (costed, committed, disbursed)
    assert row["Gap"] == max(costed - committed, 0)
    assert row["Coverage"] == pytest.approx(100 * committed / costed)
    assert row["Disbursement rate"] == pytest.approx(100 * disbursed / committed)
    assert "Pledged" in row
    # Every percentage on the page is rounded the same way: to the whole percent.
    element = [d for d in at.dataframe if not d.proto.editing_mode][0]
    config = json.loads(element.proto.columns)
    assert config["coverage"]["type_config"]["format"] == "%.0f%%"
    assert [t.name for t in figure(at, 0).data] == ["Costed", "Pledged", "Committed", "Disbursed"]


def test_the_toggle_sits_with_the_contributions_it_filters(app, seeded_url):
    at = app(seeded_url, PAGE, user=osce(seeded_url))
    # Side by side with the measure it shares the donor section with, in one row of columns.
    (beside,) = [c for c in at.columns if c.toggle]
    assert beside.toggle[0].label == "Only my organisation's contributions"
    row = [c for c in at.columns if c.get("button_group") or c.toggle]
    assert len(row) == 2

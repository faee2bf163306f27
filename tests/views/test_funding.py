"""The Funding page's tables, downloads and charts, on a small frame with answers by hand.

Prevention: A1 costed 1000, committed 600 (D1), disbursed 400; behind schedule.
            A2 costed 500, nothing committed; behind schedule → unfunded and behind.
Protection: A3 costed 2000, nothing committed; on track → unfunded but not behind.
"""

from __future__ import annotations

import csv
import io
import re

import openpyxl
import pandas as pd
import pytest

from models.charts import funding as charts
from models.charts.base import framework_colours
from models.rules import coverage as c
from models.views import funding as fv
from tests.spreadsheets import FORMULAS, formula_cells, text_cells


@pytest.fixture
def coverage() -> pd.DataFrame:
    money = pd.DataFrame(
        [
            (1, "A1", "Awareness", 1, "Prevention", "EUR", 1000.0, 800.0, 600.0, 400.0, True),
            (2, "A2", "Schools", 1, "Prevention", "EUR", 500.0, 0.0, 0.0, 0.0, True),
            (3, "A3", "Shelters", 2, "Protection", "EUR", 2000.0, 0.0, 0.0, 0.0, False),
        ],
        columns=[
            "activity_id",
            "code",
            "title",
            "framework_id",
            "framework",
            "currency",
            "costed",
            "pledged",
            "committed",
            "disbursed",
            "illustrative",
        ],
    )
    return c.activity_coverage(money)


@pytest.fixture
def rated() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "activity_id": [1, 2, 3],
            "lead": ["IOM", "MEST", "MLSW"],
            "rating": ["behind", "overdue", "on_track"],
            "rating_label": ["Behind schedule", "Overdue", "On track"],
        }
    )


@pytest.fixture
def donors() -> pd.DataFrame:
    return pd.DataFrame(
        [
            (7, "<b>D1</b>", 1, 1, "Prevention", "EUR", 800.0, 600.0, 400.0, True),
            (8, "D2", 3, 2, "Protection", "EUR", 50.0, 0.0, 0.0, False),
        ],
        columns=[
            "donor_id",
            "donor",
            "activity_id",
            "framework_id",
            "framework",
            "currency",
            "pledged",
            "committed",
            "disbursed",
            "illustrative",
        ],
    )


@pytest.fixture
def links() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "activity_id": [1, 1, 2],
            "objective_id": [10, 11, 11],
            "objective_code": ["O1", "O2", "O2"],
            "objective": ["Aware", "Vulnerable", "Vulnerable"],
            "inferred": [False] * 3,
        }
    )


def test_headline_amounts_and_ratios(coverage):
    assert fv.headline(coverage) == {
        "Costed": "EUR 3,500",
        "Pledged": "EUR 800",
        "Committed": "EUR 600",
        "Disbursed": "EUR 400",
        "Coverage": "17%",
        "Disbursement rate": "67%",
    }


def test_gap_table_largest_gap_first_and_unfunded_behind(coverage, rated):
    table = fv.gap_table(coverage, rated)
    assert list(table["code"]) == ["A3", "A2", "A1"]  # gaps 2000, 500, 400
    assert list(table["gap"]) == [2000.0, 500.0, 400.0]
    assert list(table["lead"]) == ["MLSW", "MEST", "IOM"]
    # A1 is behind but funded; A3 unfunded but on track: only A2 is both.
    assert list(table["unfunded_behind"]) == ["", fv.TICK, ""]


def test_donor_metrics_are_the_donors_own(donors):
    assert fv.donor_metrics(donors, 7, "EUR") == {
        "Pledged": "EUR 800",
        "Committed": "EUR 600",
        "Disbursed": "EUR 400",
        "Activities funded": "1",
    }
    assert fv.donor_metrics(donors, 8, "EUR")["Activities funded"] == "0"


def test_workbook_has_a_sheet_per_table_with_numeric_amounts(coverage, rated, donors, links):
    tables = fv.tables(coverage, links, donors, rated)
    book = openpyxl.load_workbook(io.BytesIO(fv.workbook(tables, ["Plan X, as of 2007-09-30"])))
    assert book.sheetnames == ["About", "Frameworks", "Objectives", "Activities", "Donors"]
    assert book["About"]["A2"].value == "Plan X, as of 2007-09-30"
    sheet = book["Frameworks"]
    header = [cell.value for cell in sheet[1]]
    assert header[:2] == ["Framework", "Currency"]
    rows = [
        dict(zip(header, (cell.value for cell in row), strict=True))
        for row in sheet.iter_rows(min_row=2)
    ]
    assert [(r["Framework"], r["Costed"], r["Committed"], r["Gap"]) for r in rows] == [
        ("Prevention", 1500, 600, 900),
        ("Protection", 2000, 0, 2000),
    ]
    assert rows[0]["Coverage (committed ÷ costed)"] == pytest.approx(0.4)
    assert sheet.cell(row=2, column=header.index("Costed") + 1).number_format == "#,##0.00"
    # An activity serving two objectives counts in full in each.
    costed = [cell.value for cell in book["Objectives"][1]].index("Costed")
    objectives = {
        r[0]: r[costed] for r in book["Objectives"].iter_rows(min_row=2, values_only=True)
    }
    assert objectives == {"O1": 1000, "O2": 1500, None: 2000}  # None: serves no objective
    donors_sheet = [[cell.value for cell in row] for row in book["Donors"].iter_rows(min_row=2)]
    assert [row[0] for row in donors_sheet] == ["<b>D1</b>", "D2"]


def test_csv_keeps_headings_and_accents(coverage, rated):
    text = fv.csv_bytes(fv.gap_table(coverage, rated)[fv.ACTIVITY_COLUMNS]).decode("utf-8-sig")
    assert text.splitlines()[0].startswith(
        "Code,Activity,Gap,Coverage (committed ÷ costed),Schedule"
    )
    assert "Coverage (committed ÷ costed)" in text.splitlines()[0]
    assert text.splitlines()[2].startswith("A2,Schools,500.00,0.0000,Overdue,✓,MEST,Prevention,EUR")


def test_currencies_and_empty_plan(coverage):
    assert fv.currencies(coverage) == ["EUR"]
    assert fv.has_funding(coverage)
    assert not fv.has_funding(coverage.assign(**dict.fromkeys(c.MONEY, 0.0)))


def test_donor_bars_outline_the_donors_own_bar_and_escape_names(donors):
    colours = framework_colours(["Prevention", "Protection"])
    fig = charts.donor_bars(fv.donor_table(donors), "EUR", "pledged", colours, "<b>D1</b>")
    prevention = next(t for t in fig.data if t.name == "Prevention")
    assert list(prevention.y) == ["D2", "&lt;b&gt;D1&lt;/b&gt; (your organisation)"]
    assert list(prevention.marker.line.width) == [0, 3]
    assert prevention.marker.color == colours["Prevention"]
    assert fig.layout.xaxis.title.text == "Amount pledged (EUR)"


def test_sankey_labels_escaped_and_money_conserved(donors, links):
    flows = c.flows(donors, links, "committed")
    fig = charts.flow_sankey(flows, "EUR", "committed", {}, {"O1": "Aware", "O2": "Vulnerable"})
    sankey = fig.data[0]
    assert list(sankey.node.label) == [
        "&lt;b&gt;D1&lt;/b&gt;",
        "Prevention",
        "O1 Aware",
        "O2 Vulnerable",
    ]
    # D1's 600 into Prevention, then split equally between A1's two objectives.
    assert list(sankey.link.value) == [600.0, 300.0, 300.0]


def test_only_unfunded_and_behind_rows_are_shaded(coverage, rated):
    html = fv.styled_gaps(fv.gap_table(coverage, rated)).to_html()
    style = html.split("</style>")[0]  # pandas groups the cells sharing a style in one rule
    assert style.count(fv.LATE_SHADE) == 1
    shaded = set(re.findall(r"_row(\d+)_col\d+", style))
    assert shaded == {"1"}  # A2, second by gap


def test_downloads_write_formula_like_text_as_text(coverage, rated, donors, links):
    hostile = coverage.assign(title=FORMULAS[: len(coverage)])
    hostile_links = links.assign(objective=[FORMULAS[3], FORMULAS[4], FORMULAS[4]])
    hostile_donors = donors.assign(donor=FORMULAS[5:7])
    tables = fv.tables(hostile, hostile_links, hostile_donors, rated)
    data = fv.workbook(tables, [FORMULAS[0], "Figures as recorded."])
    assert formula_cells(data) == []
    typed = text_cells(data)
    assert {text: typed[text] for text in FORMULAS} == dict.fromkeys(FORMULAS, ("s", True))
    assert typed["Prevention"] == ("s", False)
    # Amounts stay numbers.
    table = fv.gap_table(hostile, rated)[fv.ACTIVITY_COLUMNS]
    book = openpyxl.load_workbook(io.BytesIO(fv.workbook({"Activities": table}, [])))
    gaps = [row[2] for row in book["Activities"].iter_rows(min_row=2, values_only=True)]
    assert gaps == list(table["gap"])

    rows = list(csv.reader(io.StringIO(fv.csv_bytes(table).decode("utf-8-sig"))))
    assert {row[1] for row in rows[1:]} == {"'" + text for text in FORMULAS[:3]}
    assert [row[2] for row in rows[1:]] == [f"{gap:.2f}" for gap in table["gap"]]


def test_csv_writes_plain_decimals_with_fixed_places(coverage, rated):
    table = fv.gap_table(coverage, rated)[fv.ACTIVITY_COLUMNS]
    table.loc[0, "coverage"] = 15 / 44  # 0.3409090909090909
    rows = list(csv.reader(io.StringIO(fv.csv_bytes(table).decode("utf-8-sig"))))
    heading = rows[0]
    first = dict(zip(heading, rows[1], strict=True))
    assert first["Coverage (committed ÷ costed)"] == "0.3409"
    for row in rows[1:]:
        cells = dict(zip(heading, row, strict=True))
        for column in fv.AMOUNTS:
            amount = cells[fv.HEADINGS[column]]
            assert re.fullmatch(r"\d+\.\d{2}", amount), (column, amount)
        for column in fv.RATIOS:
            ratio = cells[fv.HEADINGS[column]]
            assert ratio == "" or re.fullmatch(r"\d+\.\d{4}", ratio), (column, ratio)


def test_framework_table_follows_the_plan_order(coverage):
    plan = ["Protection", "Prevention"]
    table = fv.framework_table(coverage, plan)
    present = [name for name in plan if name in set(table["framework"])]
    assert list(table["framework"]) == present
    assert list(table.columns[:9]) == [
        "framework",
        "currency",
        "costed",
        "pledged",
        "committed",
        "disbursed",
        "gap",
        "coverage",
        "disbursement_rate",
    ]
    shown = fv.for_display(table)
    assert list(shown["coverage"].dropna()) == pytest.approx(list(table["coverage"].dropna() * 100))

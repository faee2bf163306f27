"""Wide tables at 1440 px: the columns a person needs show without scrolling sideways.

At 1440 px the main area leaves a table about 950 px. Each table is checked through what the
page sends to the browser (column order and widths, st.column_config): the columns before
and including the one that was cut off must fit in that width. A column with no width set
counts as Streamlit's automatic minimum (guessed generously, 110 px)."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from models.db import make_engine

TABLE_WIDTH = 950
NAMED = {"small": 75, "medium": 200, "large": 400}
AUTO = 110


def shown_columns(element) -> list[tuple[str, int]]:
    """(heading, width in px) of a table's columns, left to right, as the browser gets them."""
    config = json.loads(element.proto.columns)
    order = list(element.proto.column_order) or list(element.value.columns)
    columns = []
    for key in order:
        column = config.get(key, {})
        width = column.get("width", AUTO)
        columns.append((column.get("label", key), NAMED.get(width, width)))
    return columns


def width_up_to(columns: list[tuple[str, int]], heading: str) -> int:
    headings = [h for h, _ in columns]
    assert heading in headings, headings
    return sum(w for _, w in columns[: headings.index(heading) + 1])


@pytest.mark.parametrize(
    ("page", "params", "heading"),
    [
        ("pages/indicators.py", {}, "Target"),
        ("pages/approvals.py", {}, "Submitted by"),
        ("pages/plan.py", {}, "Lead agency"),
    ],
)
def test_the_needed_column_shows_without_scrolling(app, seeded_url, page, params, heading):
    at = app(seeded_url, page, params=params)
    tables = [d for d in at.dataframe if heading in json.dumps(json.loads(d.proto.columns))]
    assert tables, heading
    assert width_up_to(shown_columns(tables[0]), heading) <= TABLE_WIDTH


def test_agencies_delivery_record_shows_the_means(app, seeded_url):
    at = app(seeded_url, "pages/agencies.py", params={"asof": "2007-09-30"})
    record = next(t for t in at.tabs if t.label == "As lead agency").dataframe[0]
    assert width_up_to(shown_columns(record), "Expected (mean)") <= TABLE_WIDTH


@pytest.mark.parametrize("framework", ["Prevention", "Protection", "Prosecution"])
def test_explorer_objectives_show_every_rating_they_have(app, seeded_url, framework):
    at = app(seeded_url, "pages/explorer.py", params={"asof": "2007-09-30"})
    (picker,) = [r for r in at.radio if r.label == "Framework"]
    engine = make_engine(seeded_url)
    with engine.connect() as connection:
        query = text("SELECT id FROM framework WHERE name = :n")
        chosen = connection.scalar(query, {"n": framework})
    engine.dispose()
    picker.set_value(chosen).run()
    objectives = at.dataframe[0]
    columns = shown_columns(objectives)
    assert sum(w for _, w in columns) <= TABLE_WIDTH, columns
    # No column of zeros: every rating column shown has a count somewhere.
    for key in objectives.value.columns:
        if key.startswith("rating_"):
            assert objectives.value[key].sum() > 0, key

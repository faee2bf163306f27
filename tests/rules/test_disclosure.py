"""Small-count suppression, per role and at the boundaries, in tables and in charts."""

from __future__ import annotations

import pandas as pd
import pytest

from models.charts.context import sections
from models.rules.disclosure import (
    SMALL_COUNT_THRESHOLD,
    SUPPRESSED_LABEL,
    sees_small_counts,
    suppress_small_counts,
    total_withheld,
)

OTHERS = [None, "donor", "editor", "admin"]  # None: an anonymous visitor
VALUES = [0, 1, 4, 5, 6, 391]


def test_threshold_and_label():
    assert SMALL_COUNT_THRESHOLD == 5
    assert SUPPRESSED_LABEL == "<5"


@pytest.mark.parametrize(("role", "sees"), [("coordinator", True)] + [(r, False) for r in OTHERS])
def test_only_the_coordinator_sees_small_counts(role, sees):
    assert sees_small_counts(role) is sees


def test_coordinator_sees_every_count():
    shown = suppress_small_counts(pd.DataFrame({"value": VALUES}), "coordinator")
    assert shown["display"].tolist() == ["0", "1", "4", "5", "6", "391"]
    assert shown["value"].tolist() == VALUES
    assert not shown["suppressed"].any()


@pytest.mark.parametrize("role", OTHERS)
def test_other_roles_see_below_five_as_a_label_and_zero_as_zero(role):
    shown = suppress_small_counts(pd.DataFrame({"value": VALUES}), role)
    assert shown["display"].tolist() == ["0", "<5", "<5", "5", "6", "391"]
    assert shown["suppressed"].tolist() == [False, True, True, False, False, False]
    # The hidden values are gone from the frame, not only relabelled.
    assert shown["value"].isna().tolist() == [False, True, True, False, False, False]
    assert shown["value"].dropna().tolist() == [0, 5, 6, 391]


def test_input_frame_is_left_alone_and_other_columns_kept():
    data = pd.DataFrame({"category": ["Bulgarian"], "value": [4]})
    shown = suppress_small_counts(data, "donor")
    assert data["value"].tolist() == [4]
    assert shown["category"].tolist() == ["Bulgarian"]


@pytest.mark.parametrize(
    ("parts", "role", "withheld"),
    [
        ([False, True], "donor", True),
        ([False, True], None, True),
        ([False, True], "coordinator", False),
        ([False, False], "donor", False),
    ],
)
def test_a_total_is_withheld_when_it_would_reveal_a_part(parts, role, withheld):
    assert total_withheld(pd.Series(parts), role) is withheld


def _stats(rows: list[tuple]) -> pd.DataFrame:
    cols = ["series", "reported_by", "year", "from_year", "category", "value", "partial_note"]
    data = pd.DataFrame(rows, columns=cols)
    return data.assign(source="footnote 119", inferred=False, illustrative=False).astype(
        {"from_year": "Int64"}
    )


ARRESTS = _stats(
    [
        ("traffickers_arrested", "TPIU", 2004, None, "Kosovar", 43, None),
        ("traffickers_arrested", "TPIU", 2004, None, "Bulgarian", 4, None),
        ("traffickers_arrested", "TPIU", 2005, None, "Bulgarian", 3, None),
    ]
)


def _bar(section, trace_name: str, x) -> tuple:
    trace = next(t for t in section.figure.data if t.name == trace_name and t.showlegend is False)
    i = list(trace.x).index(x)
    return trace.y[i], trace.text[i], trace.customdata[i], trace.marker.color[i]


@pytest.mark.parametrize("role", OTHERS)
def test_charts_for_other_roles_draw_suppressed_bars_at_the_threshold(role):
    (section,) = sections(ARRESTS, role)
    assert _bar(section, "2004", "Bulgarian") == (5, "&lt;5", "&lt;5", "#D9D9D9")
    assert _bar(section, "2005", "Bulgarian") == (5, "&lt;5", "&lt;5", "#D9D9D9")
    assert _bar(section, "2004", "Kosovar")[:2] == (43, "43")
    assert section.table.set_index("Nationality").loc["Bulgarian"].tolist() == ["<5", "<5"]
    assert section.table.set_index("Nationality").loc["Kosovar"].tolist() == ["43", "–"]
    legend = [t.name for t in section.figure.data if t.showlegend]
    assert legend == ["2004", "2005", "Below 5: height not the count"]


def test_coordinator_chart_shows_the_real_heights():
    (section,) = sections(ARRESTS, "coordinator")
    assert _bar(section, "2004", "Bulgarian")[:3] == (4, "4", "4")
    assert _bar(section, "2005", "Bulgarian")[:3] == (3, "3", "3")
    assert "Below 5: height not the count" not in [t.name for t in section.figure.data]


VICTIMS = _stats(
    [
        ("victims_identified", "TPIU", 2005, 2004, "total", 53, None),
        ("victims_identified", "TPIU", 2004, None, "Kosovo", 3, None),
        ("victims_identified", "TPIU", 2004, None, "foreign", 35, None),
        ("victims_identified", "TPIU", 2005, None, "Kosovo", 0, None),
        ("victims_identified", "TPIU", 2005, None, "foreign", 15, "until June 2005"),
    ]
)


@pytest.mark.parametrize(("role", "total"), [("coordinator", "53"), ("donor", None), (None, None)])
def test_stacked_chart_labels_totals_and_part_year(role, total):
    (section,) = sections(VICTIMS, role)
    assert section.totals == [("Victims identified by TPIU, 2004–2005", total)]
    kosovo_2004 = "3" if role == "coordinator" else "&lt;5"
    labels = [a.text for a in section.figure.layout.annotations]
    assert f"Foreign: 35<br>Kosovo: {kosovo_2004}" in labels
    assert "Foreign: 15<br>Kosovo: 0" in labels
    assert "Part year: until June 2005" in labels
    assert "Part year (until June 2005)" in [t.name for t in section.figure.data if t.showlegend]
    assert section.table["Covers"].tolist() == ["Whole year", "until June 2005"]
    assert section.figure.layout.yaxis.title.text == "Victims identified (count)"


def test_stored_text_is_escaped_for_plotly():
    data = _stats([("traffickers_arrested", "TPIU", 2004, None, "<b>X</b>", 40, None)])
    (section,) = sections(data, "donor")
    assert list(section.figure.data[0].x) == ["&lt;b&gt;X&lt;/b&gt;"]

"""Agencies page: the responsibility matrix and each agency's delivery record, as of a date.

Expected figures are worked out by hand from seed_data: the plan files for the matrix, and
the demo status reports for the ratings (the arithmetic is in the comments).
"""

from __future__ import annotations

import json

from models.rules.text import escape_markdown
from pages.ui.charts import CHART_DATA
from pages.ui.labels import ILLUSTRATIVE_NOTE, INFERRED_NOTE

PAGE = "pages/agencies.py"
AS_OF = {"asof": "2007-09-30"}


def _tab(at, label: str):
    return next(t for t in at.tabs if t.label == label)


def _matrix(at):
    return _tab(at, "Agency × framework").dataframe[0].value.set_index("Agency")


def _listing(at) -> list[str]:
    """The report's listing, one expander per framework (not the charts' data)."""
    return [e.label for e in at.expander if e.label != CHART_DATA]


def _record(at, role: str = "As lead agency"):
    return _tab(at, role).dataframe[0].value.set_index("agency")


def test_matrix_counts_activities_led_and_supported(app, seeded_url):
    at = app(seeded_url, PAGE, params=AS_OF)
    matrix = _matrix(at)
    assert list(matrix.columns) == [
        "Full name",
        "Prevention",
        "Protection",
        "Prosecution",
        "Led",
        "Supported",
    ]
    matrix = matrix.drop(columns="Full name")
    # DoJ leads PROT-A2, PROS-A1, A7, A12, A13, A15; supports PROT-A3, PROS-A3, A4.
    assert matrix.loc["DoJ"].tolist() == ["", "L 1 · S 1", "L 5 · S 2", 6, 3]
    # AOGG leads PREV-A4 and PREV-A5 and supports PREV-A1.
    assert matrix.loc["AOGG"].tolist() == ["L 2 · S 1", "", "", 2, 1]
    # MLSW leads PREV-A3, PROT-A1, PROT-A4, PROS-A4 and supports PROT-A2.
    assert matrix.loc["MLSW"].tolist() == ["L 1", "L 2 · S 1", "L 1", 4, 1]
    assert matrix.index[0] == "DoJ"  # the most activities: 9


def test_heatmap_shows_the_same_cells_with_titled_axes(app, seeded_url):
    at = app(seeded_url, PAGE, params=AS_OF)
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    heat = spec["data"][0]
    row = heat["y"].index("DoJ")
    assert heat["x"] == ["Prevention", "Protection", "Prosecution"]
    assert heat["text"][row] == ["", "L 1 · S 1", "L 5 · S 2"]
    assert heat["z"][row] == [0, 2, 7]
    assert spec["layout"]["xaxis"]["title"]["text"] == "Framework"
    assert spec["layout"]["yaxis"]["title"]["text"] == "Agency"


def test_activity_matrix_names_the_role_per_activity(app, seeded_url):
    at = app(seeded_url, PAGE, params=AS_OF)
    grid = _tab(at, "Agency × activity").dataframe[0].value.set_index("Agency")
    assert grid.loc["AOGG", "PREV-A1"] == "Supporting"
    assert grid.loc["AOGG", "PREV-A4"] == "Lead"
    assert grid.loc["AOGG", "PROS-A1"] == ""
    assert grid.loc["DoJ", "PROS-A1"] == "Lead"
    assert len(grid.columns) == 5 + 5 + 16  # every activity with an agency, in plan order


def test_inferred_and_illustrative_labels(app, seeded_url):
    at = app(seeded_url, PAGE, params=AS_OF)
    assert any(INFERRED_NOTE in c.value for c in at.caption)
    assert any(w.value == ILLUSTRATIVE_NOTE for w in at.warning)


def test_delivery_record_as_of_september_2007(app, seeded_url):
    at = app(seeded_url, PAGE, params=AS_OF)
    lead = _record(at)
    # OPPK leads PROS-A6 (82%) and PROS-A8 (94%), both due 2007-06-30: overdue.
    assert lead.loc["OPPK", ["activities", "overdue", "behind", "on_track"]].tolist() == [
        2,
        2,
        0,
        0,
    ]
    assert lead.loc["OPPK", "reported_progress"] == 88.0
    # AOGG: PREV-A4 31% of 637/729 = 87.4% expected (behind by more than 10 points);
    # PREV-A5 81% of 882/974 = 90.6% expected (within 10 points: on track).
    assert lead.loc["AOGG", ["activities", "overdue", "behind", "on_track"]].tolist() == [
        2,
        0,
        1,
        1,
    ]
    assert lead.loc["AOGG", "reported_progress"] == 56.0
    assert round(lead.loc["AOGG", "expected_progress"], 1) == round((637 / 729 + 882 / 974) * 50, 1)
    # KJI: PROS-A2 78% and PROS-A5 76% of 759/851 = 89.2% (behind), PROS-A3 79% of 87.4%.
    assert lead.loc["KJI", ["behind", "on_track"]].tolist() == [2, 1]
    attention = (lead["overdue"] + lead["behind"]).tolist()
    assert attention == sorted(attention, reverse=True)
    supporting = _record(at, "As supporting agency")
    assert supporting.loc["AOGG", "activities"] == 1  # PREV-A1


def test_rewinding_the_date_changes_the_delivery_record(app, seeded_url):
    at = app(seeded_url, PAGE, params={"asof": "2005-06-30"})
    lead = _record(at)
    # Neither OPPK activity starts before 2006: nothing is due yet.
    assert lead.loc["OPPK", ["overdue", "not_due_yet"]].tolist() == [0, 2]
    # AOGG: PREV-A4 starts 2006 (not due); PREV-A5 6% of 60/974 = 6.2% expected (on track).
    assert lead.loc["AOGG", ["behind", "on_track", "not_due_yet"]].tolist() == [0, 1, 1]
    assert lead.loc["AOGG", "reported_progress"] == 3.0


def test_framework_filter_narrows_the_matrix(app, seeded_url):
    at = app(seeded_url, PAGE, params={**AS_OF, "fw": "PREV"})
    matrix = _matrix(at).drop(columns="Full name")
    assert list(matrix.columns) == ["Prevention", "Led", "Supported"]
    assert "DoJ" not in matrix.index and "OPPK" not in matrix.index
    assert matrix.loc["MLSW"].tolist() == ["L 1", 1, 0]
    assert matrix.loc["AOGG"].tolist() == ["L 2 · S 1", 2, 1]
    assert _listing(at) == ["Prevention: 27 agencies"]


def test_selected_agency_follows_the_sidebar_filter(app, seeded_url):
    at = app(seeded_url, PAGE, params={**AS_OF, "agency": "OPPK"})
    chosen = at.selectbox[-1]
    assert chosen.label == "Agency"
    assert chosen.options[chosen.index] == "OPPK — Office of the Public Prosecutor of Kosovo"
    shown = next(d.value for d in at.dataframe if "narrative" in d.value.columns)
    assert sorted(shown.loc[shown["role"] == "Lead", "code"]) == ["PROS-A6", "PROS-A8"]
    row = shown.set_index("code").loc["PROS-A8"]
    assert (row["rating_label"], row["reported_percent"]) == ("Overdue", 94.0)
    assert str(row["report_date"]) == "2007-09-30"
    # The agency filter keeps the matrix to OPPK's own row.
    assert list(_matrix(at).index) == ["OPPK"]


def test_report_listing_keeps_the_report_wording_and_source(app, seeded_url):
    at = app(seeded_url, PAGE, params=AS_OF)
    assert _listing(at) == [
        "Prevention: 27 agencies",
        "Protection: 13 agencies",
        "Prosecution: 14 agencies",
    ]
    prevention = next(e for e in at.expander if e.label != CHART_DATA).dataframe[0].value
    police = prevention[prevention["acronym"] == "KPS"].iloc[0]
    assert police["named_as"] == "the Police"
    assert police["source"].startswith("IV.A Prevention and awareness raising")


def test_an_agency_that_only_supports_has_no_lead_chart(app, seeded_url):
    at = app(seeded_url, PAGE, params={**AS_OF, "agency": "District Courts Presidents"})
    assert _record(at).empty
    supporting = _record(at, "As supporting agency")
    # It supports PROS-A1, A5, A14 and A15 (by hand from prosecution.yaml).
    assert supporting.loc["District Courts Presidents", "activities"] == 4
    assert len(at.get("plotly_chart")) == 1  # the heatmap only: it leads nothing


def test_acronyms_carry_their_full_names(app, seeded_url):
    at = app(seeded_url, PAGE, params=AS_OF)
    matrix = _matrix(at)
    assert matrix.loc["DoJ", "Full name"] == "Department of Justice"
    assert all(matrix["Full name"] != "nan")
    # On hover: the Agency column's help names every acronym it shows.
    config = json.loads(_tab(at, "Agency × framework").dataframe[0].proto.columns)
    assert escape_markdown("DoJ: Department of Justice") in config["Agency"]["help"]
    # The agency picker says the full name beside the acronym.
    pickers = [s for s in at.main.selectbox if s.label == "Agency"]
    assert "DoJ — Department of Justice" in pickers[0].options

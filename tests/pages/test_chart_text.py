"""Every chart on every page has its sentence in words and, unless the page shows the
chart's data right below it, the data as a table in an expander one click away."""

from __future__ import annotations

import pytest

from pages.ui.charts import CHART_DATA

# page → (charts drawn for the coordinator, of which with an expander, sentence beginnings)
PAGES = {
    "pages/overview.py": (
        3,
        3,
        [
            "Mean progress as of",
            "Activities by implementation status: Prevention:",
            "Planned periods of",
        ],
    ),
    "pages/indicators.py": (2, 2, ["indicators by status:", ": latest approved value"]),
    "pages/explorer.py": (1, 1, ["against"]),
    "pages/agencies.py": (2, 1, ["agencies across", "Activities each agency leads"]),
    "pages/funding.py": (3, 1, ["Coverage per framework: Prevention:", "donors,", "flows from"]),
    "pages/context.py": (3, 0, ["Victims identified"]),
}


def _markdown(at) -> list[str]:
    return [m.value.replace("\\", "") for m in at.markdown]


@pytest.mark.parametrize("page", list(PAGES))
def test_every_chart_has_a_sentence_and_its_data(app, seeded_url, page):
    at = app(seeded_url, page, params={"asof": "2007-09-30"})
    charts, with_table, sentences = PAGES[page]
    assert len(at.get("plotly_chart")) >= charts
    texts = _markdown(at)
    for sentence in sentences:
        assert any(sentence in t for t in texts), (sentence, texts)
    data = [e for e in at.expander if e.label == CHART_DATA]
    assert len(data) >= with_table
    for expander in data:
        (table,) = expander.table
        assert len(table.value) > 0

"""Hostile text in a real browser: an activity title written as HTML shows as text in charts.

Plotly reads a small HTML subset in labels (<a href>, <b>, <span style>); the chart base
escapes every stored string, so the title below must appear literally, never as a link.
"""

from __future__ import annotations

import pytest
from sqlalchemy import text

from models.db import make_engine, transaction
from tests.browser.conftest import seeded_url_with_accounts, sign_in

pytestmark = pytest.mark.browser

PASSWORD = "hostile-text-check-1"
WAIT = 90_000  # ms: the machine running the suite may be busy
HOSTILE = '<a href="https://evil.example/">click</a>'


@pytest.fixture
def server(request, tmp_path, start_server):
    accounts = [("hostile.coordinator", "coordinator", None)]
    url = seeded_url_with_accounts(request, tmp_path, accounts, PASSWORD)
    engine = make_engine(url)
    with transaction(engine) as session:
        session.execute(
            text("UPDATE activity SET title = :t WHERE code = 'PREV-A1'"), {"t": HOSTILE}
        )
    engine.dispose()
    return start_server(url)


def test_a_title_written_as_html_shows_as_text_in_the_overview_charts(server, page, tmp_path):
    try:
        page.goto(server.url)
        sign_in(page, "hostile.coordinator", PASSWORD)
        page.get_by_role("heading", name="Overview, as of").wait_for(timeout=WAIT)
        page.get_by_text("Planned periods and schedule rating").first.wait_for(timeout=WAIT)
        charts = page.locator(".js-plotly-plot")
        charts.first.wait_for(timeout=WAIT)
        # The title is drawn, as the characters it was typed with.
        literal = charts.locator("text").filter(has_text=HOSTILE)
        literal.first.wait_for(timeout=WAIT)
        # And nowhere on the page is it a live link.
        assert page.locator('a[href*="evil.example"]').count() == 0
        assert charts.locator("a").count() == 0
    except Exception:
        page.screenshot(path=str(tmp_path / "failure.png"), full_page=True)
        raise

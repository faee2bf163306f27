"""Edit the plan in a real browser: after saving an activity the page stays on it (the
Activities tab open, the same activity chosen, its saved values in the form) and says it was
saved, instead of jumping back to a blank "New objective" form."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import text

from models.db import make_engine
from tests.browser.conftest import seeded_url_with_accounts, sign_in

pytestmark = pytest.mark.browser

PASSWORD = "editor-page-password-1"
WAIT = 90_000  # ms: the machine running the suite may be busy
ACTIVITY = "PREV-A2"
NEW_TITLE = "Awareness campaigns in every secondary school"


@pytest.fixture
def editor_url(request, tmp_path) -> str:
    accounts = [("plan.coordinator", "coordinator", None)]
    return seeded_url_with_accounts(request, tmp_path, accounts, PASSWORD)


def _title_of(url: str) -> str:
    engine = make_engine(url)
    with engine.connect() as connection:
        title = connection.execute(
            text("SELECT title FROM activity WHERE code = :c"), {"c": ACTIVITY}
        ).scalar_one()
    engine.dispose()
    return title


def test_saving_an_activity_stays_on_it_with_a_confirmation(
    start_server, page, editor_url, tmp_path
):
    server = start_server(editor_url)
    title = _title_of(editor_url)
    try:
        page.goto(server.url)
        sign_in(page, "plan.coordinator", PASSWORD)
        # Signing in ends on the home page; a menu click before then would be lost.
        page.get_by_role("heading", name="Overview, as of").wait_for(timeout=WAIT)
        page.get_by_test_id("stStatusWidget").wait_for(state="detached", timeout=WAIT)
        page.get_by_test_id("stSidebarNav").get_by_role("link", name="Edit the plan").click()
        page.get_by_role("heading", name="Edit the plan").wait_for(timeout=WAIT)

        page.get_by_role("tab", name="Activities").click()
        panel = page.get_by_role("tabpanel", name="Activities")
        panel.get_by_test_id("stSelectbox").filter(
            has=page.get_by_text("Activity", exact=True)
        ).click()
        page.keyboard.type(ACTIVITY)
        page.get_by_role("option").filter(has_text=f"{ACTIVITY} ").first.click()
        box = panel.get_by_label("Title", exact=True)
        box.wait_for(timeout=WAIT)
        page.wait_for_function(
            "t => [...document.querySelectorAll('input')].some(i => i.value === t)",
            arg=title,
            timeout=WAIT,
        )
        box.fill(NEW_TITLE)
        panel.get_by_role("button", name="Save activity").click()

        page.get_by_text(f"Activity {ACTIVITY} saved.").wait_for(timeout=WAIT)
        assert _title_of(editor_url) == NEW_TITLE
        tab = page.get_by_role("tab", name="Activities")
        assert tab.get_attribute("aria-selected") == "true"
        panel = page.get_by_role("tabpanel", name="Activities")
        chosen = panel.get_by_role("combobox", name="Activity", exact=True)
        # The confirmation can show while the rest of the page is still being redrawn.
        expect(chosen).to_have_value(f"{ACTIVITY} · {NEW_TITLE}", timeout=WAIT)
        expect(panel.get_by_label("Title", exact=True)).to_have_value(NEW_TITLE, timeout=WAIT)
        assert page.get_by_role("tab", name="Objectives").get_attribute("aria-selected") != "true"
    except Exception:
        page.screenshot(path=str(tmp_path / "failure.png"), full_page=True)
        raise

"""The language menu in a real browser: the coordinator switches the Overview to Albanian.

The navigation and sidebar are translated in the core catalog entries; the Overview's title
and chart axes come with the dashboard pages' entries, so those assertions hold once they
are translated too.
"""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import seeded_url_with_accounts, settled, sign_in

pytestmark = pytest.mark.browser

PASSWORD = "browser-password-1"
WAIT = 90_000  # a busy machine: reruns can take long


@pytest.fixture
def server(request, tmp_path, start_server, chromium):
    url = seeded_url_with_accounts(
        request, tmp_path, [("lang.coordinator", "coordinator", None)], PASSWORD
    )
    return start_server(url)


def _choose_language(page, shown: str) -> None:
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_test_id("stSelectbox").filter(
        has=page.get_by_text("Language", exact=True)
    ).first.click()
    page.get_by_role("option", name=shown, exact=True).click()
    settled(page, WAIT)


def test_the_coordinator_switches_the_overview_to_albanian(server, page):
    page.goto(server.url)
    sign_in(page, "lang.coordinator", PASSWORD)
    page.get_by_role("heading", name="Overview, as of").wait_for(timeout=WAIT)
    page.locator(".js-plotly-plot").first.wait_for(timeout=WAIT)

    _choose_language(page, "Shqip")
    page.wait_for_url(re.compile(r"lang=sq"), timeout=WAIT)
    sidebar = page.get_by_test_id("stSidebar")
    # Navigation and sidebar.
    sidebar.get_by_role("link", name="Pasqyra").wait_for(timeout=WAIT)
    assert sidebar.get_by_role("link", name="Miratimet").is_visible()
    assert sidebar.get_by_role("button", name="Dil").is_visible()
    assert sidebar.get_by_text("Data e raportimit").first.is_visible()
    assert not sidebar.get_by_role("link", name="Overview", exact=True).count()
    # The page's title and its charts' axes (the dashboard pages' translations).
    heading = page.get_by_role("heading", level=1).first
    heading.wait_for(timeout=WAIT)
    assert not heading.inner_text().startswith("Overview"), heading.inner_text()
    # The charts are redrawn after the title: wait for the Albanian axis title to arrive.
    page.locator(".js-plotly-plot .ytitle", has_text="Progresi").first.wait_for(timeout=WAIT)
    settled(page, WAIT)  # the English charts of the last run stay until this run ends
    page.locator(".js-plotly-plot .ytitle", has_text="Progress").first.wait_for(
        state="detached", timeout=WAIT
    )
    axes = page.locator(".js-plotly-plot .ytitle, .js-plotly-plot .xtitle").all_text_contents()
    assert axes, "the Overview's charts have no axis titles"
    assert "Progress (% complete)" not in axes, axes
    assert "Planned period" not in axes, axes

    # The choice is the account's: a new sign-in (here, after signing out) opens in Albanian.
    sidebar.get_by_role("button", name="Dil").click()
    page.get_by_role("button", name="Hyr").wait_for(timeout=WAIT)


def test_the_sign_in_page_opens_in_the_language_of_the_link(server, page):
    page.goto(f"{server.url}/?lang=sr_Latn")
    page.get_by_role("button", name="Prijavi se").wait_for(timeout=WAIT)
    page.get_by_label("Korisničko ime", exact=True).wait_for(timeout=WAIT)
    page.goto(f"{server.url}/?lang=xx")
    page.get_by_role("button", name="Sign in").wait_for(timeout=WAIT)
    page.get_by_text("showing English").wait_for(timeout=WAIT)

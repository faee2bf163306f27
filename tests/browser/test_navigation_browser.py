"""In a real browser: the sidebar's choice follows the person from page to page, the reporting
date applies on Enter or in one click, and signing in lasts across reloads and tabs until
sign-out, which ends it in every tab."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import StreamlitServer, seeded_url_with_accounts, sign_in

pytestmark = pytest.mark.browser

PASSWORD = "browser-password-1"
WAIT = 90_000  # ms: the machine running the suite may be busy
DATE_BOX = "Reporting date (as of)"
ACCOUNTS = ("nav.coordinator", "tabs.coordinator", "reload.coordinator")


@pytest.fixture(scope="module")
def server(request, tmp_path_factory, chromium):
    folder = tmp_path_factory.mktemp("browser-navigation")
    accounts = [(name, "coordinator", None) for name in ACCOUNTS]
    url = seeded_url_with_accounts(request, folder, accounts, PASSWORD)
    server = StreamlitServer(url, folder / "streamlit.log")
    yield server
    server.stop()


def _sign_in(page, username: str) -> None:
    sign_in(page, username, PASSWORD)
    page.get_by_role("button", name="Sign out").wait_for(timeout=WAIT)


def _pick(page, label: str, option: str, shown: str | None = None) -> None:
    """Choose `option` in the sidebar's selectbox or multiselect labelled `label`.

    `shown` is the option's whole label when it says more than `option` (an agency's
    acronym is followed by its full name)."""
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_label(label).click()
    page.keyboard.type(option)  # the list is long: narrow it to the option
    page.get_by_role("option", name=shown or option, exact=True).click()
    page.keyboard.press("Escape")


def _title(page, text: str) -> None:
    page.get_by_role("heading", name=text).wait_for(timeout=WAIT)


def test_the_choice_survives_a_menu_click(server, page):
    page.goto(server.url)
    _sign_in(page, "nav.coordinator")
    _title(page, "Overview, as of")
    _pick(page, "Frameworks", "Prosecution")
    page.wait_for_url(re.compile(r"fw=PROS"), timeout=WAIT)
    _pick(page, "Agency", "DoJ", "DoJ — Department of Justice")
    page.wait_for_url(re.compile(r"agency=DoJ"), timeout=WAIT)
    date_box = page.get_by_role("textbox", name=DATE_BOX)
    date_box.fill("2006-06-30")
    date_box.press("Enter")  # applied on Enter: the box keeps the focus
    _title(page, "Overview, as of 30 June 2006")

    nav = page.get_by_test_id("stSidebarNav")
    nav.get_by_role("link", name="Framework explorer").click()
    _title(page, "Framework explorer")
    page.wait_for_url(re.compile(r"/explorer\?.*asof=2006-06-30"), timeout=WAIT)
    assert "fw=PROS" in page.url and "agency=DoJ" in page.url, page.url
    sidebar = page.get_by_test_id("stSidebar")
    agency = sidebar.get_by_test_id("stSelectbox").filter(has_text="Agency")
    agency.wait_for(timeout=WAIT)
    assert "DoJ" in agency.inner_html()
    assert sidebar.get_by_text("Prosecution", exact=True).is_visible()
    assert page.get_by_role("textbox", name=DATE_BOX).input_value() == "2006-06-30"

    nav.get_by_role("link", name="Overview").click()
    _title(page, "Overview, as of 30 June 2006")
    assert "fw=PROS" in page.url and "agency=DoJ" in page.url, page.url


def test_latest_and_year_ends_are_one_click(server, page):
    page.goto(f"{server.url}/?asof=2006-03-31")
    _sign_in(page, "nav.coordinator")
    _title(page, "Overview, as of 31 March 2006")
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_role("button", name="End 2006").click()
    _title(page, "Overview, as of 31 December 2006")
    assert page.get_by_role("textbox", name=DATE_BOX).input_value() == "2006-12-31"
    sidebar.get_by_role("button", name="Latest").click()
    page.wait_for_url(lambda url: "asof=" not in url, timeout=WAIT)
    date_box = page.get_by_role("textbox", name=DATE_BOX)
    date_box.fill("31.12.2005")
    date_box.press("Enter")
    sidebar.get_by_text("is not a date").wait_for(timeout=WAIT)
    assert "asof=" not in page.url


def test_a_reload_keeps_the_person_signed_in(server, page):
    page.goto(server.url)
    _sign_in(page, "reload.coordinator")
    _title(page, "Overview, as of")
    page.reload()
    page.get_by_role("button", name="Sign out").wait_for(timeout=WAIT)
    assert page.get_by_text("Signed in as reload.coordinator").is_visible()
    cookie = next(c for c in page.context.cookies() if c["name"] == "apm_session")
    assert cookie["sameSite"] == "Strict"
    assert cookie["value"] not in page.url


def test_a_second_tab_is_signed_in_and_signing_out_ends_both(server, page):
    page.goto(server.url)
    _sign_in(page, "tabs.coordinator")
    _title(page, "Overview, as of")
    second = page.context.new_page()
    second.set_default_timeout(WAIT)
    second.goto(f"{server.url}/explorer")
    _title(second, "Framework explorer")
    assert second.get_by_text("Signed in as tabs.coordinator").is_visible()

    second.get_by_role("button", name="Sign out").click()
    second.get_by_role("button", name="Sign in").wait_for(timeout=WAIT)
    # The first tab is signed out at its next action.
    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Framework explorer").click()
    page.get_by_role("button", name="Sign in").wait_for(timeout=WAIT)
    assert page.get_by_text("signed out").first.is_visible()
    page.reload()
    page.get_by_role("button", name="Sign in").wait_for(timeout=WAIT)
    second.close()

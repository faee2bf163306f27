"""The editor's and the coordinator's journeys with the keyboard alone (WCAG 2.1.1, 2.4.7):
sign in, change the reporting date and the filters, write and submit a report, download a
file, approve one report and return another. Every control is reached with Tab (or
Shift+Tab), used with Enter, Space, arrows or typing, and shows where the focus is; each
page's <title> names the page."""

from __future__ import annotations

import re

import pytest

from pages.ui.charts import CHART_DATA
from tests.browser.axe_check import violations
from tests.browser.conftest import StreamlitServer, seeded_url_with_accounts, settled

pytestmark = pytest.mark.browser

PASSWORD = "keyboard-password-1"
WAIT = 120_000  # ms: the machine running the suite may be busy
ACTIVITY = "PROT-A5"  # led by IOM
APPROVED = "PROS-A2 · KJI"  # a report the seeded queue holds, submitted by KJI
ACCOUNTS = [("kb.editor", "editor", "IOM"), ("kb.coordinator", "coordinator", None)]
# The focused element, or one of its nearest ancestors, draws a ring, an outline, or a border
# or background in the theme's primary colour (.streamlit/config.toml): the focus is visible.
FOCUS_SHOWN = """() => {
  let e = document.activeElement;
  for (let i = 0; e && i < 5; i++, e = e.parentElement) {
    const s = getComputedStyle(e);
    if (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) return true;
    if (s.boxShadow && s.boxShadow !== 'none') return true;
    const coloured = [s.borderTopColor, s.borderBottomColor, s.backgroundColor];
    if (coloured.includes('rgb(31, 95, 173)')) return true;
  }
  return false;
}"""
HAS_FOCUS = "e => e === document.activeElement || e.contains(document.activeElement)"
FOCUSED = """() => {
  const e = document.activeElement;
  const chain = [];
  for (let a = e, i = 0; a && i < 5; i++, a = a.parentElement) {
    const s = getComputedStyle(a);
    chain.push(`${a.tagName}[outline ${s.outlineStyle} ${s.outlineWidth}, shadow ${s.boxShadow},`
      + ` border ${s.borderTopColor}, background ${s.backgroundColor}]`);
  }
  return e ? `${e.tagName} ${e.getAttribute('aria-label') || ''} ${(e.innerText || e.value
    || '').slice(0, 60)} ${chain.join(' < ')}` : 'nothing';
}"""


@pytest.fixture(scope="module")
def server(request, tmp_path_factory, chromium):
    folder = tmp_path_factory.mktemp("browser-keyboard")
    url = seeded_url_with_accounts(request, folder, ACCOUNTS, PASSWORD)
    server = StreamlitServer(url, folder / "streamlit.log")
    yield server
    server.stop()


@pytest.fixture
def keyboard_page(chromium, tmp_path):
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(WAIT)
    yield page
    page.screenshot(path=str(tmp_path / "last.png"), full_page=True)
    context.close()


def _tab_to(page, target, *, back: bool = False, limit: int = 150) -> None:
    """Press Tab (Shift+Tab) until `target` has the focus; the focus must show."""
    target.wait_for(timeout=WAIT)
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if back else "Tab")
        if target.evaluate(
            "e => e === document.activeElement || e.contains(document.activeElement)"
        ):
            page.wait_for_timeout(300)  # the focus style's transition
            assert page.evaluate(FOCUS_SHOWN), f"no visible focus on {page.evaluate(FOCUSED)}"
            return
    raise AssertionError(f"Tab never reached {target}; focus on {page.evaluate(FOCUSED)}")


def _type_into(page, target, text: str, *, back: bool = False) -> None:
    _tab_to(page, target, back=back)
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def _pick(page, combobox, text: str, *, back: bool = False) -> None:
    """Choose in a select box or multiselect by typing part of an option and pressing Enter."""
    _tab_to(page, combobox, back=back)
    page.keyboard.type(text)
    page.get_by_role("option").filter(has_text=text).first.wait_for(timeout=WAIT)
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")  # a multiselect's list stays open
    settled(page, WAIT)


def _sign_in(page, url: str, username: str) -> None:
    page.goto(url)
    page.get_by_role("button", name="Sign in").wait_for(timeout=WAIT)
    settled(page, WAIT)
    assert "Sign in" in page.title()
    _type_into(page, page.get_by_label("Username", exact=True), username)
    _type_into(page, page.get_by_role("textbox", name="Password"), PASSWORD)
    page.keyboard.press("Enter")  # sends the form
    page.get_by_test_id("stSidebarNav").wait_for(timeout=WAIT)
    settled(page, WAIT)


def _date_box(page):
    return page.get_by_role("textbox", name="Reporting date (as of)")


def _combobox(page, label: str):
    box = page.get_by_test_id("stSelectbox").or_(page.get_by_test_id("stMultiSelect"))
    return box.filter(has=page.get_by_text(label, exact=True)).first.get_by_role("combobox")


def _menu_link(page, title: str):
    return page.get_by_test_id("stSidebarNav").get_by_role("link", name=title, exact=True)


def test_an_editor_reports_and_downloads_with_the_keyboard_alone(server, keyboard_page):
    page = keyboard_page
    _sign_in(page, server.url, "kb.editor")
    page.get_by_role("heading", name="My activities").wait_for(timeout=WAIT)
    assert "My activities" in page.title()

    # The reporting date: typed, applied with Enter.
    _type_into(page, _date_box(page), "2007-06-30")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"asof=2007-06-30"), timeout=WAIT)
    settled(page, WAIT)

    # The report: every field by keyboard, sent with the Submit button.
    _pick(page, _combobox(page, "Report on"), ACTIVITY)
    _pick(page, _combobox(page, "Implementation status"), "Complete")
    _type_into(page, page.get_by_label("Percent complete"), "100")
    _tab_to(page, page.get_by_role("spinbutton", name="year, Report date"))
    page.keyboard.type("2007")
    _type_into(page, page.get_by_label("Narrative"), "Every shelter inspected (keyboard).")
    _type_into(page, page.get_by_label("Evidence link"), "https://example.org/kb.pdf")
    _tab_to(page, page.get_by_role("button", name="Submit for approval"))
    page.keyboard.press("Enter")
    page.get_by_text("submitted for approval").wait_for(timeout=WAIT)
    settled(page, WAIT)

    # A download, started with Enter on its button.
    with page.expect_download(timeout=WAIT) as download:
        _tab_to(page, page.get_by_role("button", name="Download workbook (Excel)"))
        page.keyboard.press("Enter")
    assert download.value.suggested_filename.endswith(".xlsx")


def test_a_coordinator_filters_approves_and_returns_with_the_keyboard_alone(server, keyboard_page):
    page = keyboard_page
    _sign_in(page, server.url, "kb.coordinator")
    page.get_by_role("heading", name="Overview, as of").wait_for(timeout=WAIT)
    assert "Overview" in page.title()

    _type_into(page, _date_box(page), "2006-12-31")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Overview, as of 31 December 2006").wait_for(timeout=WAIT)
    settled(page, WAIT)
    # One of the quick dates, with Space.
    _tab_to(page, page.get_by_role("button", name="Latest"))
    page.keyboard.press("Space")
    page.wait_for_url(re.compile(r"^(?!.*asof=2006-12-31)"), timeout=WAIT)
    settled(page, WAIT)
    # A framework filter: typed into the multiselect, chosen with Enter.
    _pick(page, _combobox(page, "Frameworks"), "Prosecution")
    page.wait_for_url(re.compile(r"fw=PROS"), timeout=WAIT)
    assert page.get_by_role("heading", name="Prevention", exact=True).count() == 0
    # A chart's data, one key press away: its expander opens with Enter, on a table that
    # axe finds no fault with.
    data = page.get_by_test_id("stExpander").filter(has_text=CHART_DATA).first
    _tab_to(page, data.locator("summary"))
    page.keyboard.press("Enter")
    data.get_by_test_id("stTable").wait_for(timeout=WAIT)
    assert data.locator("td").count() > 3
    assert not violations(page), violations(page)

    # The menu, by keyboard: Approvals.
    _tab_to(page, _menu_link(page, "Approvals"), back=True)
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Review one report").wait_for(timeout=WAIT)
    settled(page, WAIT)
    assert "Approvals" in page.title()

    # Approve one report of the seeded queue: chosen in the multiselect by typing.
    _pick(page, _combobox(page, "Reports to approve"), APPROVED)
    _tab_to(page, page.get_by_role("button", name="Approve selected reports"))
    page.keyboard.press("Enter")
    page.get_by_text("Approved 1 report(s).").wait_for(timeout=WAIT)
    settled(page, WAIT)

    # Return the report under review, with a reason.
    reason = page.get_by_role("textbox", name="Reason for returning it")
    _type_into(page, reason, "Please attach the evidence.")
    _tab_to(page, page.get_by_role("button", name="Return to the agency"))
    page.keyboard.press("Enter")
    page.get_by_text(re.compile(r"^Returned report \d+")).wait_for(timeout=WAIT)

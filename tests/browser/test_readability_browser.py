"""Readability at 1440×900 in a real browser: the columns people need show without scrolling
sideways, and the audit trail reads in words.

The data grid draws only the columns in view (its accessible header cells are the visible
ones), so a heading among them is a heading a person sees without scrolling."""

from __future__ import annotations

import pytest

from tests.browser.conftest import StreamlitServer, seeded_url_with_accounts, sign_in

pytestmark = pytest.mark.browser

PASSWORD = "browser-password-1"
VIEWPORT = {"width": 1440, "height": 900}


@pytest.fixture(scope="module")
def server(request, tmp_path_factory, chromium):
    folder = tmp_path_factory.mktemp("browser-readability")
    url = seeded_url_with_accounts(
        request, folder, [("wide.coordinator", "coordinator", None)], PASSWORD
    )
    server = StreamlitServer(url, folder / "streamlit.log")
    yield server
    server.stop()


@pytest.fixture
def wide(chromium):
    context = chromium.new_context(viewport=VIEWPORT)
    page = context.new_page()
    page.set_default_timeout(90_000)
    yield page
    context.close()


def open_page(page, server, title: str) -> None:
    page.goto(server.url)
    sign_in(page, "wide.coordinator", PASSWORD)
    # Signing in ends on the home page; a menu click before then would be lost.
    page.get_by_role("heading", name="Overview, as of").wait_for()
    page.get_by_test_id("stStatusWidget").wait_for(state="detached")
    nav = page.get_by_test_id("stSidebarNav")
    nav.get_by_role("link", name=title, exact=True).click()
    if title != "Overview":
        page.get_by_role("heading", name="Overview, as of").wait_for(state="detached")
    page.wait_for_timeout(1000)
    page.get_by_test_id("stStatusWidget").wait_for(state="detached")
    page.get_by_test_id("stDataFrame").first.wait_for()
    page.wait_for_timeout(1500)


def headings_in_view(page, table: int = 0) -> list[str]:
    grid = page.get_by_test_id("stDataFrame").nth(table)
    grid.locator("[role=columnheader]").first.wait_for(state="attached")
    return [h.strip() for h in grid.locator("[role=columnheader]").all_inner_texts()]


@pytest.mark.parametrize(
    ("title", "heading"),
    [
        ("Indicators", "Target"),
        ("Approvals", "Submitted by"),
        ("Plan as stated", "Lead agency"),
    ],
)
def test_the_needed_column_is_in_view(server, wide, title, heading):
    open_page(wide, server, title)
    assert heading in headings_in_view(wide)


def test_the_agencies_delivery_record_shows_the_expected_mean(server, wide):
    open_page(wide, server, "Agencies")
    record = wide.get_by_test_id("stDataFrame").nth(2)
    record.scroll_into_view_if_needed()
    wide.wait_for_timeout(1000)
    assert "Expected (mean)" in headings_in_view(wide, 2)


def test_the_audit_trail_reads_in_words(server, wide):
    open_page(wide, server, "Audit trail")
    headings = headings_in_view(wide)
    assert headings[:5] == [
        "When (UTC)",
        "Who",
        "Action",
        "Record",
        "What changed (before → after)",
    ]
    cells = wide.get_by_test_id("stDataFrame").first.locator("[role=gridcell]").all_inner_texts()
    text = " ".join(cells)
    assert "user wide.coordinator" in text
    assert '{"' not in text and "nan" not in text.split()

"""No missing value reads "nan", "None" or "NaT" in a real browser: every page of every role's
menu, opened from the menu as a person would, its table cells and metrics read as drawn.
The same visit runs axe-core's WCAG 2.1 A/AA rules on each page (and on the sign-in page),
so the suite opens every page once for both checks.

The data grid draws only the cells in view (its accessible cells are the visible ones): this
reads what a person sees on opening each page; the AppTest page tests read whole frames."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from models.rules.access import pages_for
from pages.ui.navigation import PAGES
from tests.browser.axe_check import violations
from tests.browser.conftest import StreamlitServer, seeded_url_with_accounts, settled, sign_in

pytestmark = pytest.mark.browser

PASSWORD = "browser-password-1"
WAIT = 120_000  # ms: the machine running the suite may be busy
# The organisation each role's account belongs to, as for the screenshots.
ACCOUNTS = {"coordinator": None, "editor": "IOM", "donor": "OSCE", "admin": None}
# A whole cell that is one of these, or a "nan"/"NaT" word in one, is a missing value
# printed; "None" inside text can be a word ("None of the shelters…").
MISSING_CELL = {"nan", "None", "NaT", "<NA>", "NaN", "null"}
MISSING_WORD = re.compile(r"\b(nan|NaT)\b")
SHOWN = """() => {
  const text = (selector) =>
    [...document.querySelectorAll(selector)].map((e) => e.innerText.trim());
  return {
    cell: text("[data-testid=stDataFrame] [role=gridcell]"),
    table: text("[data-testid=stTable] td, [data-testid=stTable] th"),
    metric: text("[data-testid=stMetricValue], [data-testid=stMetricDelta]"),
  };
}"""


@pytest.fixture(scope="module")
def server(request, tmp_path_factory, chromium):
    folder = tmp_path_factory.mktemp("browser-missing-values")
    accounts = [(f"values.{role}", role, organisation) for role, organisation in ACCOUNTS.items()]
    url = seeded_url_with_accounts(request, folder, accounts, PASSWORD)
    server = StreamlitServer(url, folder / "streamlit.log")
    yield server
    server.stop()


def _settled(page) -> None:
    settled(page, WAIT)
    # A grid in a tab not open (or an expander shut) draws no cells: wait for the shown ones.
    if page.locator("[data-testid=stDataFrame]:visible").count():
        page.locator("[data-testid=stDataFrame]:visible [role=gridcell]").first.wait_for(
            state="attached", timeout=WAIT
        )
    page.wait_for_timeout(600)


def _accessibility(page) -> list[str]:
    """axe's findings once the page is still: a rerun that starts late fades the page for a
    moment (Streamlit dims elements of the previous run), and a faded text fails contrast."""
    problems = violations(page)
    if problems:
        page.wait_for_timeout(1500)
        _settled(page)
        problems = violations(page)
    return problems


def _missing(shown: dict[str, list[str]]) -> list[str]:
    return [
        f"{kind}: {value!r}"
        for kind, values in shown.items()
        for value in values
        if value in MISSING_CELL or MISSING_WORD.search(value)
    ]


def test_no_cell_or_metric_reads_nan_none_or_nat_and_no_wcag_violation(server, chromium, tmp_path):
    found: dict[str, list[str]] = {}
    inaccessible: dict[str, list[str]] = {}
    read = 0
    for role in ACCOUNTS:
        context = chromium.new_context(viewport={"width": 1440, "height": 900})
        page = context.new_page()
        page.set_default_timeout(WAIT)
        try:
            page.goto(server.url)
            if role == "coordinator":  # the sign-in page, once
                page.get_by_role("button", name="Sign in").wait_for(timeout=WAIT)
                _settled(page)
                if problems := _accessibility(page):
                    inaccessible["Sign in"] = problems
            sign_in(page, f"values.{role}", PASSWORD)
            nav = page.get_by_test_id("stSidebarNav")
            nav.wait_for(timeout=WAIT)
            _settled(page)  # the sign-in's own run first: a menu click during it is lost
            for n, key in enumerate(pages_for(role, public_summary=False)):
                script, title, _ = PAGES[key]
                nav.get_by_role("link", name=title, exact=True).click()
                # The home page (the first) is at the server's root.
                path = f"({Path(script).stem})?" if n == 0 else Path(script).stem
                page.wait_for_url(re.compile(rf":\d+/{path}(\?|$)"), timeout=WAIT)
                _settled(page)
                shown = page.evaluate(SHOWN)
                read += sum(map(len, shown.values()))
                if problems := _missing(shown):
                    found[f"{role} · {title}"] = problems
                if problems := _accessibility(page):
                    inaccessible[f"{role} · {title}"] = problems
        except Exception:
            page.screenshot(path=str(tmp_path / f"failure-{role}.png"), full_page=True)
            raise
        finally:
            context.close()
    assert read > 500, read  # the pages did draw their tables
    assert not found, found
    assert not inaccessible, "WCAG 2.1 A/AA violations (axe-core):\n" + "\n".join(
        f"{where}:\n  " + "\n  ".join(problems) for where, problems in inaccessible.items()
    )

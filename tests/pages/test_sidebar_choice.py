"""The sidebar's choice (plan, reporting date, frameworks, agency) follows the person from
page to page, and the reporting date is typed (applied on Enter) or picked in one click."""

from __future__ import annotations

from datetime import date

from models.db import make_engine
from models.queries.dashboard import default_as_of
from models.queries.plan import plans
from pages.ui.as_of import TEXT_KEY
from tests.pages.conftest import account

OVERVIEW = "pages/overview.py"
EXPLORER = "pages/explorer.py"
AGENCIES = "pages/agencies.py"


def _params(at) -> dict[str, list[str]]:
    return {k: at.query_params.get(k) for k in ("plan", "asof", "fw", "agency")}


def _as_list(value) -> list[str]:
    return [] if value is None else value if isinstance(value, list) else [value]


def test_the_choice_survives_a_menu_click_to_another_page(app, seeded_url):
    at = app(seeded_url, OVERVIEW)
    at.sidebar.multiselect[0].set_value(["PROS"]).run()
    agency = next(box for box in at.sidebar.selectbox if box.label == "Agency")
    agency.select_index(1).run()  # the first agency after "All agencies"
    at.sidebar.text_input(key=TEXT_KEY).input("2006-06-30").run()
    assert at.title[0].value == "Overview, as of 30 June 2006"
    before = _params(at)
    assert _as_list(before["fw"]) == ["PROS"] and before["agency"]
    for page in (EXPLORER, AGENCIES, OVERVIEW):
        at.query_params.clear()  # the menu opens a page without the URL's parameters
        at.switch_page(page).run()
        assert not at.exception, at.exception
        assert _params(at) == before, page
        assert at.sidebar.text_input(key=TEXT_KEY).value == "2006-06-30", page
        assert at.sidebar.multiselect[0].value == ["PROS"], page
    assert at.title[0].value == "Overview, as of 30 June 2006"


def test_a_link_with_its_own_parameters_wins(app, seeded_url):
    at = app(seeded_url, OVERVIEW)
    at.sidebar.multiselect[0].set_value(["PROS"]).run()
    at.switch_page(EXPLORER).run()
    assert at.sidebar.multiselect[0].value == ["PROS"]
    at.query_params["fw"] = "PREV"
    at.switch_page(OVERVIEW).run()
    assert at.sidebar.multiselect[0].value == ["PREV"]


def _latest(url: str) -> date:
    engine = make_engine(url)
    latest = default_as_of(engine, int(plans(engine)["id"].iloc[0]))
    engine.dispose()
    return latest


def test_a_typed_date_applies_and_a_bad_one_is_refused_with_a_message(app, seeded_url):
    at = app(seeded_url, OVERVIEW)
    at.sidebar.text_input(key=TEXT_KEY).input("2006-06-30").run()
    assert at.title[0].value == "Overview, as of 30 June 2006"
    at.sidebar.text_input(key=TEXT_KEY).input("30/06/2006").run()
    assert at.title[0].value == "Overview, as of 30 June 2006"
    assert "is not a date" in at.sidebar.error[0].value
    assert at.sidebar.text_input(key=TEXT_KEY).value == "2006-06-30"
    at.sidebar.text_input(key=TEXT_KEY).input("1999-01-01").run()
    assert at.title[0].value == "Overview, as of 01 May 2005"
    assert "outside" in at.sidebar.warning[0].value


def test_latest_and_the_plans_year_ends_are_one_click(app, seeded_url):
    at = app(seeded_url, OVERVIEW, params={"asof": "2006-03-31"})
    labels = [b.label for b in at.sidebar.button if b.key and b.key.startswith("as_of_")]
    assert labels == ["Latest", "End 2005", "End 2006", "End 2007"]
    at.sidebar.button(key="as_of_end_2006").click().run()
    assert at.title[0].value == "Overview, as of 31 December 2006"
    assert at.query_params["asof"] in ("2006-12-31", ["2006-12-31"])
    at.sidebar.button(key="as_of_latest").click().run()
    assert at.title[0].value == f"Overview, as of {_latest(seeded_url):%d %B %Y}"
    assert "asof" not in at.query_params


def test_the_choice_made_before_signing_in_is_kept_after(app, seeded_url):
    account(seeded_url, "coordinator")
    at = app(seeded_url, OVERVIEW, user=None)  # the public summary, not signed in
    at.sidebar.multiselect[0].set_value(["PROS"]).run()
    at.sidebar.button(key="as_of_end_2006").click().run()
    at.query_params.clear()  # "Sign in" in the menu drops the URL's parameters
    at.switch_page("pages/signin.py").run()
    inputs = [t for t in at.text_input if t.key != TEXT_KEY]
    inputs[0].input("test.coordinator.none")
    inputs[1].input("test-password-1")
    at.button(key="FormSubmitter:sign_in-Sign in").click().run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Overview, as of 31 December 2006"
    assert at.sidebar.multiselect[0].value == ["PROS"]

"""Whatever a bookmarked or shared link holds, every page works: bad values are ignored or
replaced, with a note, never an error."""

from __future__ import annotations

from datetime import date

import pytest

from models.db import make_engine
from models.queries.dashboard import default_as_of
from models.queries.plan import plans
from models.rules.access import ROLE_PAGES
from pages.ui.navigation import PAGES

HOSTILE = {
    "plan": "<script>alert(1)</script>",
    "asof": "9999-12-31",
    "fw": "'; DROP TABLE activity; --",
    "agency": "%00\u202e",
}
ROLE_OF_PAGE = {page: next(r for r, ps in ROLE_PAGES.items() if page in ps) for page in PAGES}


def _latest(url: str) -> date:
    engine = make_engine(url)
    latest = default_as_of(engine, int(plans(engine)["id"].iloc[0]))
    engine.dispose()
    return latest


@pytest.mark.parametrize("page", sorted(PAGES))
def test_every_page_works_with_hostile_parameters(app, seeded_url, page):
    at = app(seeded_url, PAGES[page][0], user=ROLE_OF_PAGE[page], params=HOSTILE)
    assert not at.exception
    assert at.title, page


@pytest.mark.parametrize(
    ("asked", "shown", "note"),
    [
        ("1900-01-01", "01 May 2005", "outside"),
        ("2004-12-31", "01 May 2005", "outside"),
        ("2099-01-01", "today", "outside"),
        ("9999-12-31", "today", "outside"),
        ("2006-13-45", "latest", "is not a date"),
        ("yesterday", "latest", "is not a date"),
        ("2006-03-31", "31 March 2006", None),
    ],
)
def test_the_reporting_date_from_the_url_stays_in_range(app, seeded_url, asked, shown, note):
    at = app(seeded_url, params={"asof": asked})  # the home page, run once
    expected = {"today": date.today(), "latest": _latest(seeded_url)}.get(shown)
    title = f"Overview, as of {expected:%d %B %Y}" if expected else f"Overview, as of {shown}"
    assert at.title[0].value == title
    notes = [w.value for w in at.sidebar.warning]
    assert any(note in n for n in notes) if note else not notes


def test_an_unknown_plan_is_named_and_the_latest_shown(app, seeded_url):
    at = app(seeded_url, params={"plan": "NO-SUCH-PLAN"})
    assert any("NO\\-SUCH\\-PLAN" in w.value for w in at.sidebar.warning)
    assert at.title[0].value.startswith("Overview, as of")

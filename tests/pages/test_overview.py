"""Overview page: the frameworks' progress at the reporting date, from approved reports."""

from __future__ import annotations

from datetime import date

import pytest

from models.db import make_engine
from models.queries.dashboard import default_as_of
from models.queries.plan import plan_outline, plans
from models.views import overview as dashboard
from pages.ui.as_of import TEXT_KEY

PAGE = "pages/overview.py"


def _summary(url: str, as_of: date, **filters):
    engine = make_engine(url)
    plan_id = int(plans(engine)["id"].iloc[0])
    rated = dashboard.rated_activities(engine, plan_id, as_of, **filters)
    frameworks = plan_outline(engine, plan_id).frameworks
    summary = dashboard.framework_summary(rated, frameworks).set_index("name")
    engine.dispose()
    return summary, frameworks


def _metrics(at) -> dict[str, str]:
    names = [
        s.value for s in at.subheader if s.value in ("Prevention", "Protection", "Prosecution")
    ]
    values = [m.value for m in at.metric]
    return dict(zip(names, values, strict=True))


def test_defaults_to_the_latest_approved_report(app, seeded_url):
    engine = make_engine(seeded_url)
    latest = default_as_of(engine, int(plans(engine)["id"].iloc[0]))
    at = app(seeded_url, PAGE)
    assert at.title[0].value == f"Overview, as of {latest:%d %B %Y}"
    summary, _ = _summary(seeded_url, latest)
    assert _metrics(at) == {
        name: f"{summary.loc[name, 'reported_progress']:.0f}%"
        for name in ("Prevention", "Protection", "Prosecution")
    }


def test_shows_illustrative_label_and_watch_list(app, seeded_url):
    at = app(seeded_url, PAGE)
    assert any("Illustrative demo data" in w.value for w in at.warning)
    watch = at.dataframe[0].value
    assert {"code", "why", "lead"} <= set(watch.columns)
    assert (watch["why"].str.startswith("Overdue")).any()


def test_rewinding_the_reporting_date_changes_the_figures(app, seeded_url):
    at = app(seeded_url, PAGE, params={"asof": "2006-03-31"})
    assert at.title[0].value == "Overview, as of 31 March 2006"
    summary, _ = _summary(seeded_url, date(2006, 3, 31))
    shown = _metrics(at)
    assert shown["Prosecution"] == f"{summary.loc['Prosecution', 'reported_progress']:.0f}%"
    latest = app(seeded_url, PAGE)
    assert _metrics(latest) != shown


def test_changing_the_date_widget_reruns_with_new_figures(app, seeded_url):
    at = app(seeded_url, PAGE)
    at.sidebar.text_input(key=TEXT_KEY).input("2005-12-31").run()
    assert at.title[0].value == "Overview, as of 31 December 2005"
    assert at.query_params["asof"] == ["2005-12-31"] or at.query_params["asof"] == "2005-12-31"


def test_framework_filter_shows_only_that_framework(app, seeded_url):
    at = app(seeded_url, PAGE, params={"fw": "PROT"})
    assert list(_metrics(at)) == ["Protection"]
    assert "filtered in the sidebar" in at.caption[0].value


def test_agency_filter_narrows_to_the_agency_activities(app, seeded_url):
    at = app(seeded_url, PAGE, params={"agency": "IOM"})
    engine = make_engine(seeded_url)
    from models.queries.dashboard import agencies_in_plan

    plan_id = int(plans(engine)["id"].iloc[0])
    agencies = agencies_in_plan(engine, plan_id).set_index("acronym")
    as_of = default_as_of(engine, plan_id)
    summary, _ = _summary(seeded_url, as_of, agency_id=int(agencies.loc["IOM", "id"]))
    shown = _metrics(at)
    assert shown
    for name, value in shown.items():
        assert value == f"{summary.loc[name, 'reported_progress']:.0f}%"


@pytest.mark.parametrize("bad", ["not-a-date", "2005-13-45"])
def test_a_malformed_date_in_the_url_falls_back_to_the_default(app, seeded_url, bad):
    at = app(seeded_url, PAGE, params={"asof": bad})
    assert at.title[0].value.startswith("Overview, as of ")


def test_empty_database_explains_what_to_do(app, sqlite_url):
    at = app(sqlite_url, PAGE)
    assert "No plan is loaded yet" in at.info[0].value

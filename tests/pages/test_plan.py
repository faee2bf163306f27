"""Plan page: the plan as the report states it, with inferred parts labelled."""

from __future__ import annotations

PAGE = "pages/plan.py"


def test_shows_frameworks_objectives_and_activities(app, seeded_url):
    at = app(seeded_url, PAGE)
    assert at.title[0].value == "Kosovo: Action Plan to Combat Human Trafficking"
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {
        "Frameworks": "3",
        "Objectives": "10",
        "Activities": "26",
        "Donors named": "13",
    }
    headers = [s.value for s in at.subheader]
    assert headers[:3] == ["Prevention framework", "Protection framework", "Prosecution framework"]
    activities = [df.value for df in at.dataframe[:3]]
    assert [len(a) for a in activities] == [5, 5, 16]
    assert (activities[0]["provenance"] == "Report; agencies/objectives inferred").all()
    assert set(activities[2]["dates"]) == {"Inferred"}


def test_objectives_in_the_report_wording(app, seeded_url):
    at = app(seeded_url, PAGE)
    text = " ".join(m.value for m in at.markdown)
    assert "Decrease of the demand" in text
    assert r"information exchange mechanism" in text


def test_donors_tab_lists_the_thirteen_donors(app, seeded_url):
    at = app(seeded_url, PAGE)
    donors = at.dataframe[-1].value
    assert len(donors) == 13
    assert "Kvinna Till Kvinna" in set(donors["label"])

"""Plan editor page: a coordinator's edits reach the plan; refusals show why and write nothing;
other roles cannot open it."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select
from streamlit.testing.v1 import AppTest

from models.db import make_engine
from models.entities import Activity, ActivityAgency, Indicator, Objective, Organisation
from models.rules.text import escape_markdown
from tests.pages.conftest import APP, account

PAGE = "pages/plan_editor.py"
TITLE = "Edit the plan"


def _query(url: str, statement):
    engine = make_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(statement).all()
    engine.dispose()
    return rows


def _count(url: str, model) -> int:
    return _query(url, select(func.count()).select_from(model))[0][0]


def _button(at, label: str):
    return next(b for b in at.button if b.label == label)


def _widget(widgets, label: str, nth: int = 0):
    return [w for w in widgets if w.label == label][nth]


def _open_tab(at) -> int:
    """The index of the editor's tab (Objectives, Activities, …) the page opens on."""
    (tabs,) = [
        node
        for node in at._tree
        if getattr(node, "type", None) == "tab_container"
        and [tab.label for tab in node.children.values()][0] == "Objectives"
    ]
    return tabs.proto.tab_container.default_tab_index


def test_coordinator_adds_an_objective_that_the_plan_page_shows(app, seeded_url):
    at = app(seeded_url, PAGE)
    assert at.title[0].value == TITLE
    _widget(at.text_input, "Code").set_value("PREV-O9")
    _widget(at.text_input, "Title").set_value("Safe migration")
    _widget(at.text_area, "Description").set_value("People who emigrate know their rights.")
    _button(at, "Save objective").click().run()
    assert not at.exception
    assert [s.value for s in at.success] == [escape_markdown("Objective PREV-O9 saved.")]
    (row,) = _query(
        seeded_url,
        select(Objective.title, Objective.inferred, Objective.source).where(
            Objective.code == "PREV-O9"
        ),
    )
    assert tuple(row) == ("Safe migration", False, "entered by test.coordinator.none")
    # The page stays on the objective just added, not on a blank "New objective" form.
    (new_id,) = _query(seeded_url, select(Objective.id).where(Objective.code == "PREV-O9"))
    assert _widget(at.selectbox, "Objective").value == new_id[0]
    assert _widget(at.text_input, "Code").value == "PREV-O9"
    assert _open_tab(at) == 0

    at.switch_page("pages/plan.py").run()
    assert {m.label: m.value for m in at.metric}["Objectives"] == "11"  # the report's 10, + 1
    shown = " ".join(m.value for m in at.markdown)
    assert "PREV\\-O9 · Safe migration" in shown


def test_a_refused_objective_shows_each_problem_and_writes_nothing(app, seeded_url):
    before = _count(seeded_url, Objective)
    at = app(seeded_url, PAGE)
    _widget(at.text_input, "Code").set_value("PREV O9")
    _widget(at.text_input, "Title").set_value("PREV-O1 taken")
    _button(at, "Save objective").click().run()
    assert [e.value for e in at.error] == [
        "- "
        + escape_markdown("Code: 'PREV O9' may contain only letters, digits, '-' and '.'")
        + "\n- "
        + escape_markdown("Description: must not be empty")
    ]
    assert not at.success
    assert _count(seeded_url, Objective) == before


def test_coordinator_changes_an_activitys_lead_agency(app, seeded_url):
    (activity_id, lead), *_ = _query(
        seeded_url,
        select(Activity.id, ActivityAgency.organisation_id)
        .join(ActivityAgency, ActivityAgency.activity_id == Activity.id)
        .where(Activity.code == "PREV-A1", ActivityAgency.role == "lead"),
    )
    (osce,) = _query(seeded_url, select(Organisation.id).where(Organisation.acronym == "OSCE"))
    at = app(seeded_url, PAGE)
    _widget(at.selectbox, "Activity").set_value(activity_id).run()
    assert _widget(at.selectbox, "Lead agency").value == lead
    _widget(at.selectbox, "Lead agency").set_value(osce[0])
    supporting = _widget(at.multiselect, "Supporting agencies")
    supporting.set_value([v for v in supporting.value if v != osce[0]])
    _button(at, "Save activity").click().run()
    assert not at.error
    rows = _query(
        seeded_url,
        select(ActivityAgency.organisation_id, ActivityAgency.inferred).where(
            ActivityAgency.activity_id == activity_id, ActivityAgency.role == "lead"
        ),
    )
    assert [tuple(r) for r in rows] == [(osce[0], False)]
    (dates,) = _query(seeded_url, select(Activity.dates_inferred).where(Activity.id == activity_id))
    assert dates[0] is False


def test_after_saving_an_activity_the_page_stays_on_it_and_confirms(app, seeded_url):
    (activity_id,) = _query(seeded_url, select(Activity.id).where(Activity.code == "PREV-A2"))
    at = app(seeded_url, PAGE)
    assert _open_tab(at) == 0
    _widget(at.selectbox, "Activity").set_value(activity_id[0]).run()
    _widget(at.text_input, "Title", 1).set_value("Awareness campaigns in schools")
    _button(at, "Save activity").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert [s.value for s in at.success] == [escape_markdown("Activity PREV-A2 saved.")]
    assert _open_tab(at) == 1  # Activities
    assert _widget(at.selectbox, "Activity").value == activity_id[0]
    assert _widget(at.text_input, "Title", 1).value == "Awareness campaigns in schools"
    # The confirmation shows once; the page then stays where the person left it.
    at.run()
    assert not at.success
    assert _open_tab(at) == 1
    assert _widget(at.selectbox, "Activity").value == activity_id[0]


def test_a_refused_save_stays_on_the_form_with_what_was_typed(app, seeded_url):
    (activity_id,) = _query(seeded_url, select(Activity.id).where(Activity.code == "PREV-A2"))
    at = app(seeded_url, PAGE)
    _widget(at.selectbox, "Activity").set_value(activity_id[0]).run()
    _widget(at.text_input, "Code", 1).set_value("PREV A2")
    _button(at, "Save activity").click().run()
    assert at.error and not at.success
    assert _widget(at.selectbox, "Activity").value == activity_id[0]
    assert _widget(at.text_input, "Code", 1).value == "PREV A2"


def test_coordinator_adds_a_milestone_indicator(app, seeded_url):
    (objective_id,) = _query(seeded_url, select(Objective.id).where(Objective.code == "PREV-O1"))
    at = app(seeded_url, PAGE)
    _widget(at.selectbox, "Measures").set_value(f"o{objective_id[0]}")
    _widget(at.text_input, "Code", 2).set_value("PREV-O1-I9")
    _widget(at.text_input, "Name").set_value("Curriculum on trafficking adopted")
    _widget(at.radio, "Measure").set_value("milestone")
    _widget(at.text_input, "Unit (not for a milestone)").set_value("")
    _widget(at.text_input, "Baseline value").set_value("0")
    _widget(at.date_input, "Baseline date").set_value(date(2005, 5, 1))
    _widget(at.text_input, "Target value").set_value("1")
    _button(at, "Save indicator").click().run()
    assert not at.error, [e.value for e in at.error]
    (row,) = _query(
        seeded_url,
        select(
            Indicator.objective_id, Indicator.measure, Indicator.target_value, Indicator.target_date
        ).where(Indicator.code == "PREV-O1-I9"),
    )
    assert tuple(row) == (objective_id[0], "milestone", 1, date(2007, 12, 31))
    (new_id,) = _query(seeded_url, select(Indicator.id).where(Indicator.code == "PREV-O1-I9"))
    assert _open_tab(at) == 2  # Indicators
    assert _widget(at.selectbox, "Indicator").value == new_id[0]
    assert _widget(at.text_input, "Name").value == "Curriculum on trafficking adopted"


def _deep_link(url: str, role: str, monkeypatch) -> AppTest:
    """The page opened straight from its address, before any navigation (a bookmark)."""
    monkeypatch.setenv("DATABASE_URL", url)
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["user"] = account(url, role)
    at.switch_page(PAGE).run()
    assert not at.exception
    return at


def test_a_coordinators_link_to_the_page_opens_it(seeded_url, monkeypatch):
    assert _deep_link(seeded_url, "coordinator", monkeypatch).title[0].value == TITLE


@pytest.mark.parametrize(("role", "home"), [("editor", "My activities"), ("donor", None)])
def test_other_roles_are_sent_to_their_home_page(app, seeded_url, monkeypatch, role, home):
    at = _deep_link(seeded_url, role, monkeypatch)
    assert at.title[0].value != TITLE
    assert home is None or at.title[0].value == home
    assert not {"Save objective", "Save activity", "Save indicator"} & {b.label for b in at.button}
    # Nor does opening it from their own session: the page sends them home.
    at = app(seeded_url, user=role)
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    assert at.title[0].value != TITLE


@pytest.mark.parametrize(
    ("lang", "title", "tab", "button"),
    [
        ("sq", "Ndrysho planin", "Objektivat", "Ruaj objektivin"),
        ("sr_Latn", "Izmeni plan", "Ciljevi", "Sačuvaj cilj"),
    ],
)
def test_the_editor_reads_in_the_chosen_language(app, seeded_url, lang, title, tab, button):
    at = app(seeded_url, PAGE, params={"lang": lang})
    assert at.title[0].value == title
    assert tab in [t.label for t in at.tabs]
    assert button in [b.label for b in at.button]

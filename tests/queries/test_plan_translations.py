"""Plan titles in the run's language: a translation where one exists (sq), else the source
with the small marker (sr_Latn without one), and the source untouched in English; the
editor's forms always start from the source text."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.orm import Session

from models.entities import PlanTranslation
from models.i18n import use_language
from models.queries import plan as plan_queries
from models.views import base
from models.views import plan_editor as editor
from models.views.base import shown_title
from tests.factories import make_activity, make_framework, make_objective, make_plan


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    use_language("en")


@pytest.fixture
def world(engine):
    with Session(engine) as session:
        plan = make_plan(session)
        prevention = make_framework(session, plan, name="Prevention", description="Stop it early.")
        objective = make_objective(session, prevention, title="Awareness", description="Know.")
        activity = make_activity(session, prevention, title="Campaign", description="Posters.")

        def add(kind, element, field, language, text):
            session.add(
                PlanTranslation(
                    plan_id=plan.id,
                    entity_kind=kind,
                    entity_id=element.id,
                    field=field,
                    language=language,
                    text=text,
                )
            )

        add("framework", prevention, "title", "sq", "Parandalimi")
        add("activity", activity, "title", "sq", "Fushata")
        add("activity", activity, "description", "sq", "Posterë.")
        add("objective", objective, "title", "sr_Latn", "Podizanje svesti")
        session.commit()
        return {"plan": plan.id, "objective": objective.id, "activity": activity.id}


def _outline(engine, world, language):
    use_language(language)
    return base.plan_outline(engine, world["plan"])


def test_albanian_shows_translations_and_marks_what_is_not_translated(engine, world):
    outline = _outline(engine, world, "sq")
    framework = outline.frameworks.iloc[0]
    assert (framework["name"], bool(framework["untranslated"])) == ("Parandalimi", False)
    assert framework["description"] == "Stop it early. · EN"
    assert framework["original_name"] == "Prevention"
    objective = outline.objectives.iloc[0]
    assert (objective["title"], bool(objective["untranslated"])) == ("Awareness · EN", True)
    activity = outline.activities.iloc[0]
    assert (activity["title"], activity["description"]) == ("Fushata", "Posterë.")
    assert (activity["original_title"], activity["original_description"]) == (
        "Campaign",
        "Posters.",
    )


def test_serbian_without_a_translation_falls_back_with_the_marker(engine, world):
    outline = _outline(engine, world, "sr_Latn")
    assert outline.frameworks["name"].tolist() == ["Prevention · EN"]
    assert outline.objectives["title"].tolist() == ["Podizanje svesti"]
    assert outline.activities["title"].tolist() == ["Campaign · EN"]
    assert outline.frameworks["untranslated"].astype(bool).tolist() == [True]


def test_english_shows_the_source_as_before(engine, world):
    outline = _outline(engine, world, "en")
    assert outline.frameworks["name"].tolist() == ["Prevention"]
    assert outline.objectives["title"].tolist() == ["Awareness"]
    assert outline.activities["description"].tolist() == ["Posters."]
    assert not outline.activities["untranslated"].astype(bool).any()
    # The query without the marker: the same text, flagged the same way.
    plain = plan_queries.plan_outline(engine, world["plan"])
    assert plain.frameworks["name"].tolist() == ["Prevention"]


def test_the_dashboards_activities_carry_the_same_names(engine, world):
    use_language("sq")
    rated = base.rated_activities(engine, world["plan"], date(2006, 6, 30))
    assert (rated.loc[0, "title"], rated.loc[0, "framework"]) == ("Fushata", "Parandalimi")
    use_language("sr_Latn")
    rated = base.rated_activities(engine, world["plan"], date(2006, 6, 30))
    outline = base.plan_outline(engine, world["plan"])
    assert (rated.loc[0, "title"], rated.loc[0, "framework"]) == (
        "Campaign · EN",
        "Prevention · EN",
    )
    # Charts order frameworks by the outline's names: both must agree in every language.
    assert set(rated["framework"]) <= set(outline.frameworks["name"])


def test_the_editors_forms_start_from_the_source_never_a_translation(engine, world):
    outline = _outline(engine, world, "sq")
    period = (date(2005, 1, 1), date(2007, 12, 31))
    form = editor.activity_form(outline, world["activity"], period)
    assert (form["title"], form["description"]) == ("Campaign", "Posters.")
    use_language("sr_Latn")
    outline = base.plan_outline(engine, world["plan"])
    blank = {"code": "", "title": "", "description": ""}
    form = editor.record_form(outline.objectives, world["objective"], blank)
    assert (form["title"], form["description"]) == ("Awareness", "Know.")


def test_the_marker_is_a_small_suffix_only_where_needed():
    assert shown_title("Prevention", True) == "Prevention · EN"
    assert shown_title("Prevention", False) == "Prevention"
    assert shown_title(None, True) is None
    assert shown_title("", True) == ""


@pytest.mark.parametrize("language", ["en", "sq", "sr_Latn"])
def test_every_read_names_the_frameworks_as_the_outline_does(seeded_engine, language):
    """Charts order and colour frameworks by name: funding, agencies and indicators must
    call them what the outline calls them, translated or marked."""
    from models.queries import agencies, funding, indicators
    from models.queries.plan import plans
    from models.services.plan_translations import set_translation
    from tests.factories import make_user

    engine = seeded_engine
    plan_id = int(plans(engine)["id"].iloc[0])
    with Session(engine) as session:
        prevention = plan_queries.plan_outline(engine, plan_id).frameworks["id"].iloc[0]
        set_translation(
            session=session,
            actor=make_user(session, "translator"),
            entity_kind="framework",
            entity_id=int(prevention),
            field="title",
            language="sq",
            text="Parandalimi",
        )
        session.commit()
    use_language(language)
    names = set(base.plan_outline(engine, plan_id).frameworks["name"])
    as_of = date(2007, 12, 31)
    assert set(funding.activity_money(engine, plan_id, as_of)["framework"]) <= names
    assert set(funding.donor_money(engine, plan_id, as_of)["framework"]) <= names
    assert set(agencies.role_counts(engine, plan_id)["framework"]) <= names
    assert set(indicators.indicators(engine, plan_id, as_of)["framework"]) <= names
    assert set(base.rated_activities(engine, plan_id, as_of)["framework"]) == names
    expected = {
        "en": "Prevention",
        "sq": "Parandalimi",
        "sr_Latn": "Prevention · EN",
    }[language]
    assert expected in names

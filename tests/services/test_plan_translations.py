"""Translating the plan: coordinators only, checked (every problem at once, nothing written),
audited, an upsert per element, field and language; the plan's own wording is untouched and
its "structure" cache version moves (models/entities/versions.py)."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from models.entities import AuditEvent, PlanTranslation
from models.queries.dashboard import plan_versions
from models.services.authz import Operator
from models.services.errors import PermissionDenied, PlanEditError
from models.services.plan_translations import clear_translation, set_translation
from tests.factories import (
    make_activity,
    make_framework,
    make_objective,
    make_organisation,
    make_plan,
    row_counts,
)
from tests.reporting_world import make_user


def _user(session, role: str):
    return make_user(session, f"{role}.one", role, "MLSW" if role == "editor" else None)


@pytest.fixture
def world(session):
    plan = make_plan(session)
    prevention = make_framework(session, plan, name="Prevention", description=None)
    objective = make_objective(session, prevention, title="Awareness", description="Know risks.")
    activity = make_activity(session, prevention, title="Campaign")
    make_organisation(session, "MLSW")
    other = make_plan(session, code="other")
    session.flush()
    return {
        "plan": plan,
        "other": other,
        "framework": prevention,
        "objective": objective,
        "activity": activity,
        "coord": _user(session, "coordinator"),
    }


def _set(session, world, **change):
    values = {
        "session": session,
        "actor": world["coord"],
        "entity_kind": "objective",
        "entity_id": world["objective"].id,
        "field": "title",
        "language": "sq",
        "text": "  Ndërgjegjësimi  ",
    }
    return set_translation(**(values | change))


def _events(session) -> list[AuditEvent]:
    query = select(AuditEvent).where(AuditEvent.entity_type == "plan_translation")
    return list(session.scalars(query.order_by(AuditEvent.id)))


def test_a_translation_is_kept_beside_the_source_and_audited(session, world):
    translation = _set(session, world)
    assert (translation.text, translation.language, translation.plan_id) == (
        "Ndërgjegjësimi",
        "sq",
        world["plan"].id,
    )
    assert translation.updated_by == world["coord"].id and translation.updated_at is not None
    assert world["objective"].title == "Awareness"  # the source stays the source
    (event,) = _events(session)
    assert (event.actor, event.action, event.entity_id) == (
        "coordinator.one",
        "create",
        str(translation.id),
    )
    assert event.old_value is None
    assert json.loads(event.new_value) == {
        "entity_kind": "objective",
        "entity_id": world["objective"].id,
        "field": "title",
        "language": "sq",
        "text": "Ndërgjegjësimi",
    }


def test_saving_again_updates_the_one_row_and_the_same_text_writes_nothing(session, world):
    first = _set(session, world)
    second = _set(session, world, text="Vetëdijesimi")
    assert second.id == first.id and second.text == "Vetëdijesimi"
    assert session.scalar(select(PlanTranslation.text)) == "Vetëdijesimi"
    before = row_counts(session)
    _set(session, world, text=" Vetëdijesimi ")
    assert row_counts(session) == before
    create, update = _events(session)
    assert update.action == "update"
    assert json.loads(update.old_value)["text"] == "Ndërgjegjësimi"
    assert json.loads(update.new_value)["text"] == "Vetëdijesimi"


def test_each_language_and_field_is_its_own_translation(session, world):
    _set(session, world)
    _set(session, world, language="sr_Latn", text="Podizanje svesti")
    _set(session, world, field="description", text="Njerëzit i njohin rreziqet.")
    _set(
        session, world, entity_kind="framework", entity_id=world["framework"].id, text="Parandalimi"
    )
    rows = session.execute(
        select(PlanTranslation.entity_kind, PlanTranslation.field, PlanTranslation.language)
    ).all()
    assert sorted(map(tuple, rows)) == [
        ("framework", "title", "sq"),
        ("objective", "description", "sq"),
        ("objective", "title", "sq"),
        ("objective", "title", "sr_Latn"),
    ]


def test_clearing_removes_it_audited_and_clearing_nothing_writes_nothing(session, world):
    translation = _set(session, world)
    key = {"entity_kind": "objective", "entity_id": world["objective"].id, "field": "title"}
    assert clear_translation(session=session, actor=world["coord"], language="sq", **key)
    assert session.scalar(select(PlanTranslation.id)) is None
    event = _events(session)[-1]
    assert (event.action, event.entity_id, event.new_value) == ("delete", str(translation.id), None)
    assert json.loads(event.old_value)["text"] == "Ndërgjegjësimi"
    before = row_counts(session)
    assert not clear_translation(session=session, actor=world["coord"], language="sq", **key)
    assert row_counts(session) == before


BAD = [
    ({"language": "en"}, "Language: English is the plan's source language"),
    ({"language": "de"}, "Language: 'de' is not one of en, sq, sr_Latn"),
    ({"text": "   "}, "Translation: must not be empty"),
    ({"text": 7}, "Translation: must be text"),
    ({"text": "x" * 301}, "Translation: is 301 characters long; at most 300 are kept"),
    ({"entity_kind": "finding"}, "Element: 'finding' is not one of framework, objective"),
    ({"entity_id": 999_999}, "Element: no objective has id 999999"),
    ({"entity_id": True}, "Element: no objective has id True"),
    (
        {"field": "code"},
        "Field: 'code' of this element cannot be translated; choose title, description",
    ),
    (
        {"entity_kind": "indicator", "field": "description"},
        "Field: 'description' of this element cannot be translated; choose title",
    ),
]


@pytest.mark.parametrize(("change", "message"), BAD)
def test_bad_input_is_refused_and_nothing_written(session, world, change, message):
    before = row_counts(session)
    with pytest.raises(PlanEditError) as refused:
        _set(session, world, **change)
    assert any(m.startswith(message) for m in refused.value.messages), refused.value.messages
    assert row_counts(session) == before


def test_every_problem_is_reported_at_once(session, world):
    with pytest.raises(PlanEditError) as refused:
        _set(session, world, language="en", text="")
    assert len(refused.value.messages) == 2


def test_a_missing_source_text_cannot_be_translated(session, world):
    with pytest.raises(PlanEditError, match="this framework has no description to translate"):
        _set(
            session,
            world,
            entity_kind="framework",
            entity_id=world["framework"].id,
            field="description",
        )


def test_a_long_description_is_allowed_up_to_its_limit(session, world):
    assert len(_set(session, world, field="description", text="x" * 4000).text) == 4000
    with pytest.raises(PlanEditError, match="at most 4000"):
        _set(session, world, field="description", text="x" * 4001)


@pytest.mark.parametrize("role", ["editor", "donor", "admin"])
def test_only_a_coordinator_may_translate(session, world, role):
    actor = _user(session, role)
    before = row_counts(session)
    with pytest.raises(PermissionDenied, match="coordinator may translate the plan"):
        _set(session, world, actor=actor)
    with pytest.raises(PermissionDenied):
        clear_translation(
            session=session,
            actor=actor,
            entity_kind="objective",
            entity_id=world["objective"].id,
            field="title",
            language="sq",
        )
    assert row_counts(session) == before


def test_a_deactivated_coordinator_or_an_operator_is_refused(session, world):
    world["coord"].active = False
    with pytest.raises(PermissionDenied, match="active, signed-in coordinator"):
        _set(session, world)
    with pytest.raises(PermissionDenied):
        _set(session, world, actor=Operator("cli:someone"))


def test_a_translation_moves_its_plans_structure_version_only(session, world):
    kinds = ("structure", "approved", "workflow", "funding")
    session.commit()

    def versions(plan):
        return plan_versions(session.get_bind(), plan.id, kinds)[: len(kinds)]

    plan, other = versions(world["plan"]), versions(world["other"])
    _set(session, world)
    session.commit()
    after = versions(world["plan"])
    assert after[0] > (plan[0] or 0) and after[1:] == plan[1:]
    assert versions(world["other"]) == other
    clear_translation(
        session=session,
        actor=world["coord"],
        entity_kind="objective",
        entity_id=world["objective"].id,
        field="title",
        language="sq",
    )
    session.commit()
    assert versions(world["plan"])[0] > after[0]


def test_an_orm_write_of_a_translation_maps_to_its_plan(session, world):
    """Whatever writes the table (an import, a script), the flush listener bumps its plan."""
    kinds = ("structure",)
    session.commit()
    before = plan_versions(session.get_bind(), world["plan"].id, kinds)[0]
    session.add(
        PlanTranslation(
            plan_id=world["plan"].id,
            entity_kind="activity",
            entity_id=world["activity"].id,
            field="title",
            language="sr_Latn",
            text="Kampanja",
        )
    )
    session.commit()
    assert plan_versions(session.get_bind(), world["plan"].id, kinds)[0] > (before or 0)


def test_a_form_saves_an_elements_fields_together_or_nothing(session, world):
    from models.services.plan_translations import save_translations

    key = {"entity_kind": "objective", "entity_id": world["objective"].id, "language": "sq"}
    kept = save_translations(
        session=session,
        actor=world["coord"],
        texts={"title": " Ndërgjegjësimi ", "description": "Njohin rreziqet."},
        **key,
    )
    assert kept == {"title": "Ndërgjegjësimi", "description": "Njohin rreziqet."}
    before = row_counts(session)
    with pytest.raises(PlanEditError) as refused:
        save_translations(
            session=session,
            actor=world["coord"],
            texts={"title": "", "description": "x" * 4001},
            **key,
        )
    assert refused.value.messages == ["Translation: is 4001 characters long; at most 4000 are kept"]
    assert row_counts(session) == before  # the title was not cleared either
    kept = save_translations(
        session=session, actor=world["coord"], texts={"title": "", "description": None}, **key
    )
    assert kept == {"title": None, "description": None}
    assert session.scalar(select(PlanTranslation.id)) is None
    # A framework without a description: an empty description is no problem, only a text is.
    fw = {"entity_kind": "framework", "entity_id": world["framework"].id, "language": "sq"}
    save_translations(session=session, actor=world["coord"], texts={"description": ""}, **fw)
    with pytest.raises(PlanEditError, match="no description to translate"):
        save_translations(session=session, actor=world["coord"], texts={"description": "x"}, **fw)

"""A person's language kept in their account, and services' refusals in the run's language."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from models.entities import AuditEvent
from models.i18n import use_language
from models.services import auth
from models.services.accounts import create_user, deactivate_user, set_language
from models.services.authz import Operator
from models.services.errors import PermissionDenied, ValidationError

PASSWORD = "a long enough secret"


@pytest.fixture
def person(session):
    return create_user(
        session=session,
        username="natcoord",
        password=PASSWORD,
        role="coordinator",
        actor=Operator("cli"),
    )


@pytest.fixture
def albanian():
    use_language("sq")
    yield
    use_language("en")


def test_a_language_chosen_is_kept_and_audited(session, person):
    assert person.language is None
    set_language(session=session, actor=person, language="sr-Latn")
    assert person.language == "sr_Latn"
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == "set_language")).one()
    assert (event.actor, event.entity_type, event.entity_id) == (
        "natcoord",
        "user_account",
        str(person.id),
    )
    assert json.loads(event.old_value) == {"language": None}
    assert json.loads(event.new_value) == {"language": "sr_Latn"}
    assert auth.session_user(session, person).language == "sr_Latn"


def test_the_same_language_again_writes_nothing(session, person):
    set_language(session=session, actor=person, language="sq")
    set_language(session=session, actor=person, language="sq")
    events = session.scalars(select(AuditEvent).where(AuditEvent.action == "set_language"))
    assert len(events.all()) == 1


def test_none_forgets_the_choice(session, person):
    set_language(session=session, actor=person, language="sq")
    set_language(session=session, actor=person, language=None)
    assert person.language is None


def test_an_unknown_language_is_refused_and_nothing_changes(session, person):
    with pytest.raises(
        ValidationError, match="unknown language 'xx': choose one of en, sq, sr_Latn"
    ):
        set_language(session=session, actor=person, language="xx")
    assert person.language is None


def test_only_an_active_person_chooses(session, person):
    admin = create_user(
        session=session,
        username="admin.one",
        password=PASSWORD,
        role="admin",
        actor=Operator("cli"),
    )
    with pytest.raises(PermissionDenied, match="only an active, signed-in"):
        set_language(session=session, actor=Operator("cli"), language="sq")
    deactivate_user(session=session, username_or_id="natcoord", actor=admin)
    with pytest.raises(PermissionDenied):
        set_language(session=session, actor=person, language="sq")


def test_refusals_are_said_in_the_run_language(session, person, albanian):
    with pytest.raises(ValidationError) as refused:
        set_language(session=session, actor=person, language="xx")
    assert refused.value.messages == ["gjuhë e panjohur 'xx': zgjidhni një nga en, sq, sr_Latn"]
    with pytest.raises(PermissionDenied) as refused:
        deactivate_user(session=session, username_or_id="natcoord", actor=person)
    assert refused.value.messages == [
        "vetëm një administrator mund të administrojë llogaritë; natcoord është koordinator"
    ]

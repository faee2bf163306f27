import json

import pytest
from sqlalchemy import func, select

from models.accounts import (
    ValidationError,
    create_user,
    list_users,
    needs_rehash,
    verify_password,
)
from models.entities import AuditEvent, User
from tests.factories import make_organisation

PASSWORD = "a long enough secret"


def add(session, username="jdoe", role="coordinator", organisation=None, password=PASSWORD):
    return create_user(
        session=session,
        username=username,
        password=password,
        role=role,
        organisation_acronym_or_id=organisation,
        actor="cli",
    )


def test_password_is_stored_as_argon2id_hash(session):
    user = add(session)
    assert user.password_hash.startswith("$argon2id$")
    assert PASSWORD not in user.password_hash
    assert verify_password(password_hash=user.password_hash, password=PASSWORD)
    assert not verify_password(password_hash=user.password_hash, password=PASSWORD + "!")
    assert not verify_password(password_hash="not a hash", password=PASSWORD)
    assert not needs_rehash(user.password_hash)


def test_creation_is_audited_without_password_or_hash(session):
    make_organisation(session, "MLSW")
    user = add(session, role="editor", organisation="MLSW")
    event = session.scalars(select(AuditEvent)).one()
    assert (event.action, event.entity_type, event.entity_id) == (
        "create",
        "user_account",
        str(user.id),
    )
    assert json.loads(event.new_value) == {
        "username": "jdoe",
        "role": "editor",
        "organisation_id": user.organisation_id,
        "active": True,
        "demo": False,
    }
    assert PASSWORD not in event.new_value and "argon2" not in event.new_value


def test_organisation_may_be_given_by_id(session):
    organisation = make_organisation(session, "IOM")
    assert (
        add(session, role="donor", organisation=organisation.id).organisation_id == organisation.id
    )


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {"role": "superuser"},
            "unknown role 'superuser': choose one of coordinator, editor, donor, admin",
        ),
        ({"role": "editor"}, "an editor reports for one agency: give an organisation"),
        ({"organisation": "NOPE"}, "unknown organisation 'NOPE'"),
        ({"organisation": 999}, "unknown organisation 999"),
        ({"password": "short"}, "password must be at least 10 characters long"),
        ({"password": "x" * 1025}, "password must be at most 1024 characters long"),
        ({"username": "jd"}, "username 'jd' is not valid"),
        ({"username": "J.Doe"}, "username 'J.Doe' is not valid: use 3 to 60 characters"),
        ({"username": "1abc"}, "is not valid"),
        ({"username": "a b c"}, "is not valid"),
    ],
)
def test_invalid_input_is_refused_with_a_specific_message(session, fields, message):
    with pytest.raises(ValidationError) as caught:
        add(session, **fields)
    assert message in str(caught.value)
    assert session.scalar(select(func.count()).select_from(User)) == 0
    assert session.scalar(select(func.count()).select_from(AuditEvent)) == 0


def test_duplicate_username_is_refused(session):
    add(session)
    with pytest.raises(ValidationError, match="username 'jdoe' is already taken"):
        add(session)


def test_list_users_sorted_with_organisation(session):
    make_organisation(session, "MLSW")
    add(session, "zed", role="editor", organisation="MLSW")
    add(session, "amy")
    listed = [(u.username, o.acronym if o else None) for u, o in list_users(session)]
    assert listed == [("amy", None), ("zed", "MLSW")]

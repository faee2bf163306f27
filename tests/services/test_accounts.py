import json
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from models.entities import AuditEvent, Organisation, SignInThrottle, User
from models.services.accounts import (
    change_organisation,
    change_role,
    create_user,
    deactivate_user,
    list_users,
    needs_rehash,
    reactivate_user,
    reset_password,
    verify_password,
)
from models.services.authz import Operator
from models.services.errors import PermissionDenied, ValidationError
from tests.factories import make_organisation, row_counts

PASSWORD = "a long enough secret"
OPERATOR = Operator("cli")


def add(session, username="jdoe", role="coordinator", organisation=None, password=PASSWORD):
    return create_user(
        session=session,
        username=username,
        password=password,
        role=role,
        organisation_acronym_or_id=organisation,
        actor=OPERATOR,
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
        ({"password": " " * 10}, "password must have at least 10 characters that are not spaces"),
        ({"password": "password12"}, "in a list of commonly used passwords"),
        ({"password": "Password2007!"}, "a commonly used password with digits or symbols added"),
        ({"password": "qwertyuiop"}, "this password is in a list of commonly used passwords"),
        ({"password": "JDoe.2007.1"}, "password must not be the username"),
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


# Account administration -------------------------------------------------------------------


@pytest.fixture
def people(session):
    """An admin, a coordinator and an editor of IOM; KPS exists too."""
    make_organisation(session, "IOM")
    make_organisation(session, "KPS")
    return {
        "root": add(session, "root", role="admin"),
        "natcoord": add(session, "natcoord"),
        "eddie": add(session, "eddie", role="editor", organisation="IOM"),
    }


def last_event(session):
    return session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()


def org_id(session, acronym):
    return session.scalar(select(Organisation.id).where(Organisation.acronym == acronym))


def test_admin_deactivates_and_reactivates(session, people):
    root = people["root"]
    user = deactivate_user(session=session, username_or_id="natcoord", actor=root)
    assert user.active is False
    event = last_event(session)
    assert (event.actor, event.user_id, event.action, event.entity_id) == (
        "root",
        root.id,
        "deactivate",
        str(user.id),
    )
    assert json.loads(event.old_value)["active"] is True
    assert json.loads(event.new_value)["active"] is False
    reactivate_user(session=session, username_or_id=user.id, actor=root)
    assert user.active is True and last_event(session).action == "reactivate"


def test_reset_password_lifts_a_lock_and_keeps_no_hash(session, people):
    ed = people["eddie"]
    until = datetime(2030, 1, 1, tzinfo=UTC)
    for source in ("203.0.113.9", "unknown"):
        session.add(
            SignInThrottle(
                account_key=SignInThrottle.key_for("eddie"),
                source=source,
                failures=5,
                window_start=until,
                locked_until=until,
            )
        )
    session.flush()
    reset_password(
        session=session, username_or_id="eddie", new_password="new secret 2007", actor=OPERATOR
    )
    assert verify_password(password_hash=ed.password_hash, password="new secret 2007")
    assert session.scalar(select(func.count()).select_from(SignInThrottle)) == 0
    event = last_event(session)
    assert (event.actor, event.action) == ("cli", "reset_password")
    assert json.loads(event.new_value)["sign_in_locks_lifted"] == 2
    for text in (event.old_value, event.new_value):
        assert "argon2" not in text and "new secret" not in text and "password_hash" not in text


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Eddie12345", "password must not be the username"),
        ("1q2w3e4r5t", "this password is in a list of commonly used passwords"),
        ("          ", "password must have at least 10 characters that are not spaces"),
    ],
)
def test_reset_password_applies_the_password_rules(session, people, password, message):
    old = people["eddie"].password_hash
    with pytest.raises(ValidationError, match=message):
        reset_password(
            session=session, username_or_id="eddie", new_password=password, actor=people["root"]
        )
    assert people["eddie"].password_hash == old


def test_change_role_and_organisation(session, people):
    root, natcoord = people["root"], people["natcoord"]
    change_role(
        session=session,
        username_or_id="natcoord",
        role="editor",
        organisation_acronym_or_id="KPS",
        actor=root,
    )
    assert (natcoord.role, natcoord.organisation_id) == ("editor", org_id(session, "KPS"))
    event = last_event(session)
    assert json.loads(event.old_value)["role"] == "coordinator"
    assert json.loads(event.new_value)["organisation_id"] == org_id(session, "KPS")
    # The organisation stays unless another is given.
    change_role(session=session, username_or_id="natcoord", role="donor", actor=root)
    assert (natcoord.role, natcoord.organisation_id) == ("donor", org_id(session, "KPS"))
    change_organisation(
        session=session, username_or_id="natcoord", organisation_acronym_or_id=None, actor=root
    )
    assert natcoord.organisation_id is None
    assert last_event(session).action == "change_organisation"


@pytest.mark.parametrize(
    ("actor", "message"),
    [
        ("natcoord", "only an admin may administer accounts; natcoord is coordinator"),
        ("inactive", "only an active, signed-in admin may administer accounts"),
        ("someone", "only an active, signed-in admin may administer accounts"),
    ],
)
def test_only_an_active_admin_or_the_command_line_administers(session, people, actor, message):
    retired = add(session, "retired", role="admin")
    retired.active = False
    session.flush()
    acting = {"natcoord": people["natcoord"], "inactive": retired, "someone": "root"}[actor]
    before = row_counts(session)
    calls = [
        lambda: deactivate_user(session=session, username_or_id="eddie", actor=acting),
        lambda: reactivate_user(session=session, username_or_id="retired", actor=acting),
        lambda: reset_password(
            session=session, username_or_id="eddie", new_password=PASSWORD + "2", actor=acting
        ),
        lambda: change_role(session=session, username_or_id="eddie", role="donor", actor=acting),
        lambda: change_organisation(
            session=session, username_or_id="eddie", organisation_acronym_or_id="KPS", actor=acting
        ),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied, match=message):
            call()
    assert row_counts(session) == before
    assert (people["eddie"].active, people["eddie"].role) == (True, "editor")


@pytest.mark.parametrize(
    ("service", "fields", "message"),
    [
        ("deactivate", {"username_or_id": "nobody"}, "unknown user 'nobody'"),
        ("deactivate", {"username_or_id": 9999}, "unknown user 9999"),
        ("deactivate", {"username_or_id": "root"}, "you cannot deactivate your own account"),
        ("reactivate", {"username_or_id": "eddie"}, "user 'eddie' is already active"),
        ("reset", {"new_password": "short"}, "password must be at least 10 characters long"),
        ("role", {"role": "boss"}, "unknown role 'boss': choose one of coordinator, editor"),
        ("role", {"role": "editor"}, "user 'eddie' already has that role and organisation"),
        ("role", {"organisation_acronym_or_id": "XYZ"}, "unknown organisation 'XYZ'"),
        ("role", {"username_or_id": "natcoord", "role": "editor"}, "an editor reports for one"),
        ("org", {"organisation_acronym_or_id": None}, "an editor reports for one agency"),
        (
            "org",
            {"organisation_acronym_or_id": "IOM"},
            "user 'eddie' already has that organisation",
        ),
    ],
)
def test_administration_refusals_write_nothing(session, people, service, fields, message):
    function, defaults = {
        "deactivate": (deactivate_user, {}),
        "reactivate": (reactivate_user, {}),
        "reset": (reset_password, {"new_password": PASSWORD}),
        "role": (change_role, {"role": "donor"}),
        "org": (change_organisation, {"organisation_acronym_or_id": "KPS"}),
    }[service]
    arguments = {"username_or_id": "eddie", **defaults, **fields}
    before = row_counts(session)
    with pytest.raises(ValidationError, match=message):
        function(session=session, actor=people["root"], **arguments)
    assert row_counts(session) == before
    session.expire_all()
    assert [(u.username, u.role, u.active) for u, _ in list_users(session)] == [
        ("eddie", "editor", True),
        ("natcoord", "coordinator", True),
        ("root", "admin", True),
    ]


def test_already_deactivated_is_refused(session, people):
    deactivate_user(session=session, username_or_id="eddie", actor=OPERATOR)
    with pytest.raises(ValidationError, match="user 'eddie' is already deactivated"):
        deactivate_user(session=session, username_or_id="eddie", actor=OPERATOR)


def test_the_last_active_admin_is_kept(session, people):
    last = "cannot {} 'root', the last active admin: make another admin first"
    with pytest.raises(ValidationError, match=last.format("deactivate")):
        deactivate_user(session=session, username_or_id="root", actor=OPERATOR)
    with pytest.raises(ValidationError, match=last.format("demote")):
        change_role(session=session, username_or_id="root", role="coordinator", actor=OPERATOR)
    # A deactivated admin is no second admin.
    spare = add(session, "spare", role="admin")
    deactivate_user(session=session, username_or_id="spare", actor=people["root"])
    with pytest.raises(ValidationError, match=last.format("demote")):
        change_role(session=session, username_or_id="root", role="donor", actor=OPERATOR)
    reactivate_user(session=session, username_or_id="spare", actor=OPERATOR)
    change_role(session=session, username_or_id="root", role="coordinator", actor=spare)
    assert people["root"].role == "coordinator"
    with pytest.raises(ValidationError, match="cannot demote 'spare'"):
        change_role(session=session, username_or_id="spare", role="donor", actor=spare)


@pytest.mark.parametrize("actor", ["cli", "root", None])
def test_a_string_is_no_actor(session, people, actor):
    with pytest.raises(PermissionDenied, match="only an active, signed-in admin may create"):
        add_as(session, actor)
    for change in (deactivate_user, reactivate_user):
        with pytest.raises(PermissionDenied, match="only an active, signed-in admin may admin"):
            change(session=session, username_or_id="eddie", actor=actor)
    with pytest.raises(PermissionDenied, match="only an active, signed-in admin may admin"):
        change_role(session=session, username_or_id="eddie", role="donor", actor=actor)
    assert people["eddie"].active and people["eddie"].role == "editor"


def test_an_operator_is_named_in_the_trail(session):
    create_user(
        session=session,
        username="natcoord",
        password=PASSWORD,
        role="coordinator",
        actor=Operator("cli:maria"),
    )
    assert (last_event(session).actor, last_event(session).user_id) == ("cli:maria", None)
    with pytest.raises(ValueError, match="an operator's name must be 1 to 60 characters"):
        Operator("x" * 61)


def add_as(session, actor):
    return create_user(
        session=session, username="someone", password=PASSWORD, role="donor", actor=actor
    )


def test_a_new_account_has_never_signed_in(session):
    user = add(session)
    session.expire_all()
    assert (user.last_login_at, user.locked_until, user.failed_attempts) == (None, None, 0)


@pytest.mark.parametrize("role", ["coordinator", "editor", "donor"])
def test_only_an_admin_user_creates_accounts(session, role):
    from models.entities import User as UserRow
    from models.services.errors import PermissionDenied

    org = make_organisation(session, acronym="ORGX", name="Org X") if role == "editor" else None
    actor = create_user(
        session=session,
        username=f"acting.{role}",
        password="long-enough-1",
        role=role,
        organisation_acronym_or_id=org.id if org else None,
        actor=Operator("test"),
    )
    before = session.query(UserRow).count()
    with pytest.raises(PermissionDenied):
        create_user(
            session=session,
            username="newcomer",
            password="long-enough-1",
            role="donor",
            actor=actor,
        )
    assert session.query(UserRow).count() == before

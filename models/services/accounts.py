"""User accounts: validated creation and administration, argon2id password hashes, listing.

Every service here takes `actor`: an active admin User, or an Operator (models.services.authz)
that only code run on the server builds: the `actionplan` command line, as `cli:<OS user>`,
because whoever runs it there is already trusted, and the demo seed. Never a free string.
Each validates before it changes anything and leaves an audit event with old and new values.
"""

from __future__ import annotations

import re

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models.codes import ROLES
from models.db import lock_for_write
from models.entities import Organisation, User
from models.i18n import LANGUAGES, N_, _, normalise
from models.rules.passwords import PASSWORD_MAX as PASSWORD_MAX
from models.rules.passwords import PASSWORD_MIN as PASSWORD_MIN
from models.rules.passwords import password_problems
from models.services import audit, throttle
from models.services.authz import Operator, require_admin_or_operator, require_role
from models.services.errors import ValidationError

USERNAME_PATTERN = re.compile(r"[a-z][a-z0-9._-]{2,59}")
USERNAME_RULE = N_(
    "3 to 60 characters: lowercase letters, digits, '.', '_' or '-', starting with a letter"
)
EDITOR_NEEDS_AGENCY = N_("an editor reports for one agency: give an organisation")

# argon2-cffi's defaults follow RFC 9106's recommendation and produce $argon2id$ hashes.
_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(*, password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """True when the hash was made with weaker parameters than today's: rehash at sign-in."""
    return _hasher.check_needs_rehash(password_hash)


def create_user(
    *,
    session: Session,
    username: str,
    password: str,
    role: str,
    organisation_acronym_or_id: str | int | None = None,
    actor: User | Operator,
    demo: bool = False,
) -> User:
    """Validate and add a user (flushed, not committed), leaving an audit event.

    `actor` is the admin User doing it, or the Operator of a trusted process (the command
    line, the demo seed).
    """
    require_admin_or_operator(actor, action=N_("create accounts"))
    _check_username(session, username)
    _check_password(password, username)
    _check_role(role)
    organisation = _find_organisation(session, organisation_acronym_or_id)
    if role == "editor" and organisation is None:
        raise ValidationError(_(EDITOR_NEEDS_AGENCY))
    user = User(
        username=username,
        password_hash=hash_password(password),
        role=role,
        organisation_id=organisation.id if organisation else None,
        demo=demo,
    )
    session.add(user)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="create",
        entity_type=User.__tablename__,
        entity_id=user.id,
        new=public_fields(user),
    )
    return user


def deactivate_user(*, session: Session, username_or_id: str | int, actor: User | Operator) -> User:
    """Refuse the user's sign-ins and end every session they have open, at once."""
    user = _admin_target(session, username_or_id, actor)
    if not user.active:
        raise ValidationError(
            _("user {username} is already deactivated").format(username=repr(user.username))
        )
    if isinstance(actor, User) and actor.id == user.id:
        raise ValidationError(_("you cannot deactivate your own account: ask another admin"))
    _keep_an_admin(
        session,
        user,
        N_("cannot deactivate {username}, the last active admin: make another admin first"),
    )
    # Imported here: sessions reads accounts through models.services.auth.
    from models.services.sessions import end_all

    # Revoked, not only refused: a later reactivation does not bring the old sessions back.
    end_all(session=session, user_id=user.id)
    return _update(session, actor, user, "deactivate", active=False)


def reactivate_user(*, session: Session, username_or_id: str | int, actor: User | Operator) -> User:
    user = _admin_target(session, username_or_id, actor)
    if user.active:
        raise ValidationError(
            _("user {username} is already active").format(username=repr(user.username))
        )
    return _update(session, actor, user, "reactivate", active=True)


def reset_password(
    *, session: Session, username_or_id: str | int, new_password: str, actor: User | Operator
) -> User:
    """Set a new password, lift the sign-in locks on the name, from every address, and end
    every session open with the old one (whoever knew it is signed out at once)."""
    user = _admin_target(session, username_or_id, actor)
    _check_password(new_password, user.username)
    user.password_hash = hash_password(new_password)
    from models.services.sessions import end_all  # see deactivate_user

    end_all(session=session, user_id=user.id)
    lifted = throttle.forget(session, throttle.account_key(user.username))
    return _update(session, actor, user, "reset_password", note={"sign_in_locks_lifted": lifted})


def change_role(
    *,
    session: Session,
    username_or_id: str | int,
    role: str,
    organisation_acronym_or_id: str | int | None = None,
    actor: User | Operator,
) -> User:
    """New role; the organisation is kept unless one is given (an editor must have one)."""
    user = _admin_target(session, username_or_id, actor)
    _check_role(role)
    organisation = _find_organisation(session, organisation_acronym_or_id)
    organisation_id = organisation.id if organisation else user.organisation_id
    if role == "editor" and organisation_id is None:
        raise ValidationError(_(EDITOR_NEEDS_AGENCY))
    if (role, organisation_id) == (user.role, user.organisation_id):
        raise ValidationError(
            _("user {username} already has that role and organisation").format(
                username=repr(user.username)
            )
        )
    if role != "admin":
        _keep_an_admin(
            session,
            user,
            N_("cannot demote {username}, the last active admin: make another admin first"),
        )
    return _update(session, actor, user, "change_role", role=role, organisation_id=organisation_id)


def change_organisation(
    *,
    session: Session,
    username_or_id: str | int,
    organisation_acronym_or_id: str | int | None,
    actor: User | Operator,
) -> User:
    """Move a user to another organisation, or to none (not an editor, who reports for one)."""
    user = _admin_target(session, username_or_id, actor)
    organisation = _find_organisation(session, organisation_acronym_or_id)
    if organisation is None and user.role == "editor":
        raise ValidationError(_(EDITOR_NEEDS_AGENCY))
    organisation_id = organisation.id if organisation else None
    if organisation_id == user.organisation_id:
        raise ValidationError(
            _("user {username} already has that organisation").format(username=repr(user.username))
        )
    return _update(session, actor, user, "change_organisation", organisation_id=organisation_id)


def public_fields(user: User) -> dict[str, object]:
    """What the audit trail may keep of a user: never the password or its hash."""
    return {
        "username": user.username,
        "role": user.role,
        "organisation_id": user.organisation_id,
        "active": user.active,
        "demo": user.demo,
    }


def list_users(session: Session) -> list[tuple[User, Organisation | None]]:
    query = (
        select(User, Organisation)
        .outerjoin(Organisation, User.organisation_id == Organisation.id)
        .order_by(User.username)
    )
    return [(user, organisation) for user, organisation in session.execute(query)]


def _admin_target(session: Session, key: str | int, actor: User | Operator) -> User:
    # Permission first: someone who may not administer accounts learns nothing about them.
    require_admin_or_operator(actor, action=N_("administer accounts"))
    # Two admins removing each other at once must not leave none: the second waits here until
    # the first commits, then reads again what its checks depend on (the actor, the admins).
    lock_for_write(session, User, User.role == "admin")
    if isinstance(actor, User):
        session.refresh(actor)
        require_admin_or_operator(actor, action=N_("administer accounts"))
    # Usernames start with a letter, so digits can only be an id.
    if isinstance(key, int) or key.isdigit():
        user = session.get(User, int(key), populate_existing=True)
    else:
        by_name = select(User).where(User.username == key)
        user = session.scalar(by_name.execution_options(populate_existing=True))
    if user is None:
        raise ValidationError(_("unknown user {key}").format(key=repr(key)))
    return user


def _keep_an_admin(session: Session, user: User, refusal: str) -> None:
    """Refuse (`refusal`, marked N_, with {username}) to leave no active admin."""
    if user.role != "admin" or not user.active:
        return
    others = select(func.count()).where(User.role == "admin", User.active, User.id != user.id)
    if not session.scalar(others):
        raise ValidationError(_(refusal).format(username=repr(user.username)))


def _update(
    session: Session,
    actor: User | Operator,
    user: User,
    action: str,
    note: dict[str, object] | None = None,
    **values,
) -> User:
    old = public_fields(user)
    for field, value in values.items():
        setattr(user, field, value)
    session.flush()
    new = {**public_fields(user), **(note or {})}
    audit.record(
        session,
        actor=actor,
        action=action,
        entity_type=User.__tablename__,
        entity_id=user.id,
        old=old,
        new=new,
    )
    return user


def _check_username(session: Session, username: str) -> None:
    if not USERNAME_PATTERN.fullmatch(username):
        raise ValidationError(
            _("username {username} is not valid: use {rule}").format(
                username=repr(username), rule=_(USERNAME_RULE)
            )
        )
    if session.scalar(select(User.id).where(User.username == username)) is not None:
        raise ValidationError(
            _("username {username} is already taken").format(username=repr(username))
        )


def _check_password(password: str, username: str) -> None:
    # The rules and their reasons: models/rules/passwords.py (NIST SP 800-63B).
    problems = password_problems(password, username=username)
    if problems:
        raise ValidationError(problems)


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise ValidationError(
            _("unknown role {role}: choose one of {roles}").format(
                role=repr(role), roles=", ".join(ROLES)
            )
        )


def _find_organisation(session: Session, key: str | int | None) -> Organisation | None:
    if key is None or key == "":
        return None
    if isinstance(key, int) or key.isdigit():
        organisation = session.get(Organisation, int(key))
    else:
        organisation = session.scalar(select(Organisation).where(Organisation.acronym == key))
    if organisation is None:
        raise ValidationError(
            _("unknown organisation {key}: give its acronym or id").format(key=repr(key))
        )
    return organisation


def set_language(*, session: Session, actor: User, language: str | None) -> User:
    """Keep the dashboard's language a signed-in person chose in their account (None: none).

    Anyone signed in may choose their own; the choice is audited like every other change.
    """
    require_role(actor, *ROLES, action=N_("choose a language"))
    code = normalise(language) if language is not None else None
    if language is not None and code is None:
        raise ValidationError(
            _("unknown language {code}: choose one of {known}").format(
                code=repr(language), known=", ".join(LANGUAGES)
            )
        )
    if code == actor.language:
        return actor
    old = {"language": actor.language}
    actor.language = code
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="set_language",
        entity_type=User.__tablename__,
        entity_id=actor.id,
        old=old,
        new={"language": code},
    )
    return actor


def set_role_and_organisation(
    *, session: Session, actor: User, username_or_id, role: str, organisation, was: tuple
) -> None:
    """Set both, from the values the form showed (`was`: role, organisation id).

    change_role keeps the organisation when given none: "no organisation" is a second step.
    """
    key = {"session": session, "actor": actor, "username_or_id": username_or_id}
    if role != was[0] or organisation == was[1]:
        user = change_role(**key, role=role, organisation_acronym_or_id=organisation)
        if user.organisation_id == organisation:
            return
    change_organisation(**key, organisation_acronym_or_id=organisation)

"""User accounts: validated creation, argon2id password hashes, listing."""

from __future__ import annotations

import re

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from models import audit
from models.codes import ROLES
from models.entities import Organisation, User

PASSWORD_MIN = 10
# Hashing cost grows with length; nobody types more than this.
PASSWORD_MAX = 1024
USERNAME_PATTERN = re.compile(r"[a-z][a-z0-9._-]{2,59}")
USERNAME_RULE = (
    "3 to 60 characters: lowercase letters, digits, '.', '_' or '-', starting with a letter"
)

# argon2-cffi's defaults follow RFC 9106's recommendation and produce $argon2id$ hashes.
_hasher = PasswordHasher()


class ValidationError(ValueError):
    """Input that cannot be accepted, with a message fit to show to the person who typed it."""


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
    actor: User | str,
    demo: bool = False,
) -> User:
    """Validate and add a user (flushed, not committed), leaving an audit event."""
    _check_username(session, username)
    _check_password(password)
    _check_role(role)
    organisation = _find_organisation(session, organisation_acronym_or_id)
    if role == "editor" and organisation is None:
        raise ValidationError("an editor reports for one agency: give an organisation")
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


def _check_username(session: Session, username: str) -> None:
    if not USERNAME_PATTERN.fullmatch(username):
        raise ValidationError(f"username {username!r} is not valid: use {USERNAME_RULE}")
    if session.scalar(select(User.id).where(User.username == username)) is not None:
        raise ValidationError(f"username {username!r} is already taken")


def _check_password(password: str) -> None:
    if len(password) < PASSWORD_MIN:
        raise ValidationError(f"password must be at least {PASSWORD_MIN} characters long")
    if len(password) > PASSWORD_MAX:
        raise ValidationError(f"password must be at most {PASSWORD_MAX} characters long")


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise ValidationError(f"unknown role {role!r}: choose one of {', '.join(ROLES)}")


def _find_organisation(session: Session, key: str | int | None) -> Organisation | None:
    if key is None or key == "":
        return None
    if isinstance(key, int) or key.isdigit():
        organisation = session.get(Organisation, int(key))
    else:
        organisation = session.scalar(select(Organisation).where(Organisation.acronym == key))
    if organisation is None:
        raise ValidationError(f"unknown organisation {key!r}: give its acronym or id")
    return organisation

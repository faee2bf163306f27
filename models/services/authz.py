"""Authorization shared by the write services: who may act, checked in the model layer."""

from __future__ import annotations

from typing import Any

from models.entities import User
from models.services.errors import PermissionDenied


def require_role(actor: Any, *roles: str, action: str = "make this change") -> User:
    """The actor, if it is an active user holding one of `roles`; else PermissionDenied.

    `actor` must be a User loaded in the service's own session (see auth.active_user), so a
    deactivated or re-roled person is refused at once, not when their browser session ends.
    """
    wanted = " or ".join(roles)
    if not isinstance(actor, User) or not actor.active:
        raise PermissionDenied(f"only an active, signed-in {wanted} may {action}")
    if actor.role not in roles:
        raise PermissionDenied(
            f"only {_article(wanted)} {wanted} may {action}; {actor.username} is {actor.role}"
        )
    return actor


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"

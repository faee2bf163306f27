"""Authorization shared by the write services: who may act, checked in the model layer."""

from __future__ import annotations

import getpass
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Operator:
    """A trusted process acting on the server, not a signed-in person: the command line, a seed.

    Whoever can run it already holds the server, so it is not asked for a role; it is named
    in the audit trail instead (`name`, at most 60 characters). Services take a User or an
    Operator as `actor`, never a free string, so a page cannot pass itself off as one.
    """

    name: str

    def __post_init__(self) -> None:
        if not self.name or len(self.name) > 60:
            raise ValueError(f"an operator's name must be 1 to 60 characters: {self.name!r}")

    @classmethod
    def command_line(cls) -> Operator:
        """The `actionplan` command, named with the operating-system user who runs it."""
        try:
            who = getpass.getuser()
        except (KeyError, OSError):  # no login name in the environment nor the user database
            who = "unknown"
        return cls(f"cli:{who}"[:60])


def require_admin_or_operator(actor: Any, *, action: str) -> User | Operator:
    """An Operator, or an active admin User (see require_role); else PermissionDenied."""
    if isinstance(actor, Operator):
        return actor
    return require_role(actor, "admin", action=action)

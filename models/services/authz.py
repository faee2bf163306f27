"""Authorization shared by the write services: who may act, checked in the model layer."""

from __future__ import annotations

import getpass
from dataclasses import dataclass
from typing import Any

from models.codes import role_label
from models.entities import User
from models.i18n import N_, _, format_list
from models.services.errors import PermissionDenied


def require_role(actor: Any, *roles: str, action: str = N_("make this change")) -> User:
    """The actor, if it is an active user holding one of `roles`; else PermissionDenied.

    `actor` must be a User loaded in the service's own session (see auth.active_user), so a
    deactivated or re-roled person is refused at once, not when their browser session ends.
    `action` is marked for translation where it is written (N_) and translated here.
    """
    wanted = format_list([role_label(r) for r in roles], style="or")
    if not isinstance(actor, User) or not actor.active:
        raise PermissionDenied(
            _("only an active, signed-in {roles} may {action}").format(
                roles=wanted, action=_(action)
            )
        )
    if actor.role not in roles:
        # English needs "a" or "an"; other languages translate both alike.
        refusal = (
            N_("only an {roles} may {action}; {username} is {role}")
            if roles[0][:1] in "aeiou"
            else N_("only a {roles} may {action}; {username} is {role}")
        )
        raise PermissionDenied(
            _(refusal).format(
                roles=wanted,
                action=_(action),
                username=actor.username,
                role=role_label(actor.role),
            )
        )
    return actor


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

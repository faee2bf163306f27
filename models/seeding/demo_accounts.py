"""Demo accounts, one per role, for trying the application (`actionplan seed --demo`).

Their passwords are published here and printed by the seed command: they are demo values,
never for a real deployment, where these accounts should not exist (or be deactivated with
`actionplan user deactivate NAME`). The organisations must exist first (seed_plan).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.entities import User
from models.services.accounts import create_user
from models.services.authz import Operator


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    organisation: str | None
    password: str


DEMO_ACCOUNTS = (
    DemoAccount("coordinator", "coordinator", None, "demo-coordinator-2007"),
    DemoAccount("editor.iom", "editor", "IOM", "demo-editor-iom-2007"),
    DemoAccount("editor.kps", "editor", "KPS", "demo-editor-kps-2007"),
    DemoAccount("donor", "donor", "OSCE", "demo-donor-2007"),
    DemoAccount("admin", "admin", None, "demo-admin-2007"),
)


# Who the audit trail names when the demo accounts are made outside the command line.
DEMO_SEED = Operator("seed:demo")


def seed_demo_accounts(session: Session, *, actor: Operator = DEMO_SEED) -> list[DemoAccount]:
    """Create the demo accounts that do not exist yet; return those created.

    An existing account of the same name, demo or real, is left exactly as it is.
    """
    taken = set(session.scalars(select(User.username)))
    created = [account for account in DEMO_ACCOUNTS if account.username not in taken]
    for account in created:
        create_user(
            session=session,
            username=account.username,
            password=account.password,
            role=account.role,
            organisation_acronym_or_id=account.organisation,
            actor=actor,
            demo=True,
        )
    return created


def demo_accounts_notice(accounts: list[DemoAccount]) -> list[str]:
    """Lines for the terminal: who to sign in as, and that these are not for real use."""
    if not accounts:
        return []
    rows = [("username", "role", "organisation", "password")] + [
        (a.username, a.role, a.organisation or "-", a.password) for a in accounts
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    table = ["  " + "  ".join([*(r[i].ljust(widths[i]) for i in range(3)), r[3]]) for r in rows]
    return [
        "demo accounts created, one per role:",
        *table,
        "These are demo accounts for trying the roles, with published passwords: "
        "never for real use.",
    ]

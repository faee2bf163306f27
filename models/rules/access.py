"""Which pages each role sees: the app's access rules as data.

Every page checks again at its door (pages/ui/navigation.py), and every write service checks
the role of the acting user (models.services.authz), so a page reached another way still
refuses.
"""

from __future__ import annotations

_PUBLIC_PAGES = ["overview", "plan", "context", "findings"]
_READ_PAGES = ["overview", "explorer", "agencies", "indicators", "context", "findings", "plan"]
ROLE_PAGES: dict[str, list[str]] = {
    "coordinator": [*_READ_PAGES, "funding", "approvals", "plan_editor", "audit"],
    "editor": ["my_activities", *_READ_PAGES],
    "donor": [*_READ_PAGES, "funding"],
    "admin": ["accounts", "audit"],
}


def pages_for(role: str | None, *, public_summary: bool) -> list[str]:
    """Page keys a role sees; anonymous visitors see the public summary only if it is on."""
    if role is None:
        return list(_PUBLIC_PAGES) if public_summary else []
    return list(ROLE_PAGES.get(role, []))


def roles_with(page: str) -> list[str]:
    """The roles whose menu holds `page`."""
    return [role for role, pages in ROLE_PAGES.items() if page in pages]

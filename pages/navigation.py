"""Which pages exist, and which of them a person sees: the app's navigation as data."""

from __future__ import annotations

import streamlit as st

from models.auth import pages_for, public_summary_enabled

# Every page the app has: key → (file, title, icon). Which ones a person sees is decided
# by their role (models.auth.ROLE_PAGES), re-read from the database on every run.
PAGES = {
    "my_activities": ("pages/my_activities.py", "My activities", ":material/assignment:"),
    "overview": ("pages/overview.py", "Overview", ":material/dashboard:"),
    "explorer": ("pages/explorer.py", "Framework explorer", ":material/account_tree:"),
    "agencies": ("pages/agencies.py", "Agencies", ":material/groups:"),
    "indicators": ("pages/indicators.py", "Indicators", ":material/target:"),
    "context": ("pages/context.py", "Context", ":material/bar_chart:"),
    "funding": ("pages/funding.py", "Funding", ":material/payments:"),
    "plan": ("pages/plan.py", "Plan as stated", ":material/menu_book:"),
    "plan_editor": ("pages/plan_editor.py", "Edit the plan", ":material/edit_note:"),
    "audit": ("pages/audit.py", "Audit trail", ":material/history:"),
    "accounts": ("pages/accounts.py", "Accounts", ":material/manage_accounts:"),
    "approvals": ("pages/approvals.py", "Approvals", ":material/fact_check:"),
}
SIGN_IN = ("pages/signin.py", "Sign in", ":material/login:")


def visible_pages(user: dict | None) -> list[tuple[str, str, str]]:
    """The (file, title, icon) entries `user` may open, their home page first."""
    keys = pages_for(user and user["role"], public_summary=public_summary_enabled())
    return [PAGES[k] for k in keys if k in PAGES]


def navigation(user: dict | None):
    """st.navigation for `user`. The sign-in page stays registered (hidden once signed in)
    so that the rerun after signing in lands somewhere that then sends the person home."""
    entries = visible_pages(user)
    pages = [
        st.Page(path, title=title, icon=icon, default=i == 0)
        for i, (path, title, icon) in enumerate(entries)
    ]
    visibility = "hidden" if user else "visible"
    pages.append(
        st.Page(SIGN_IN[0], title=SIGN_IN[1], icon=SIGN_IN[2], visibility=visibility,
                default=not pages)
    )  # fmt: skip
    return st.navigation(pages)


def home_page(user: dict | None) -> str | None:
    entries = visible_pages(user)
    return entries[0][0] if entries else None


def require_access(page_file: str) -> None:
    """Stop a page that the signed-in person (or an anonymous visitor) may not open.

    Navigation lists only a role's pages; this second check, in the page itself, holds
    even if a run reaches a page by another way (a stale URL, a page left after sign-out).
    """
    user = st.session_state.get("user")
    allowed = {path for path, _title, _icon in visible_pages(user)}
    if page_file in allowed:
        return
    home = home_page(user)
    st.switch_page(home or SIGN_IN[0])

"""Which pages exist, and which of them a person sees: the app's navigation as data."""

from __future__ import annotations

import streamlit as st

from models.services.auth import pages_for, public_summary_enabled

# Every page the app has: key → (file, title, icon). Which ones a person sees is decided
# by their role (models.services.auth.ROLE_PAGES), re-read from the database on every run.
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
# Session key of a link followed before the sign-in it needed: (page file, query params).
DEEP_LINK = "deep_link"


def visible_pages(user: dict | None) -> list[tuple[str, str, str]]:
    """The (file, title, icon) entries `user` may open, their home page first."""
    keys = pages_for(user and user["role"], public_summary=public_summary_enabled())
    return [PAGES[k] for k in keys if k in PAGES]


def navigation(user: dict | None):
    """st.navigation for `user`: their pages in the menu, home page first.

    Every other page stays registered but hidden, so that a bookmarked link resolves: the
    page itself then refuses (pages.ui.navigation.require_access) and, for a visitor not yet
    signed in, keeps the link for after signing in. The sign-in page is hidden once signed in.
    """
    entries = visible_pages(user)
    menu = entries if user else [*entries, SIGN_IN]
    hidden = [e for e in PAGES.values() if e not in entries] + ([SIGN_IN] if user else [])
    pages = [st.Page(p, title=t, icon=i, default=n == 0) for n, (p, t, i) in enumerate(menu)]
    pages += [st.Page(p, title=t, icon=i, visibility="hidden") for p, t, i in hidden]
    return st.navigation(pages)


def home_page(user: dict | None) -> str | None:
    entries = visible_pages(user)
    return entries[0][0] if entries else None


def require_access(page_file: str) -> None:
    """Stop a page that the signed-in person (or an anonymous visitor) may not open.

    Every page calls this (through pages.ui.sidebar.current_view): a role's pages are the only
    ones in its menu, and a page reached by its URL checks again here. A visitor who is not
    signed in is sent to sign in, and the link is kept for afterwards.
    """
    user = st.session_state.get("user")
    allowed = {path for path, _title, _icon in visible_pages(user)}
    if page_file in allowed:
        return
    if user is None:
        st.session_state[DEEP_LINK] = (page_file, st.query_params.to_dict())
        st.switch_page(SIGN_IN[0])
    st.switch_page(home_page(user) or SIGN_IN[0])

"""Which pages exist, and which of them a person sees: the app's navigation as data."""

from __future__ import annotations

import streamlit as st

from models import settings
from models.codes import ROLE_PLURALS
from models.i18n import N_, _, format_list
from models.rules.access import pages_for, roles_with
from models.services.auth import SignedInUser
from pages.ui.session import signed_in

# Every page the app has: key → (file, title, icon). Which ones a person sees is decided
# by their role (models.services.auth.ROLE_PAGES), re-read from the database on every run.
# Titles are in English here and translated where shown.
PAGES = {
    "my_activities": ("pages/my_activities.py", N_("My activities"), ":material/assignment:"),
    "overview": ("pages/overview.py", N_("Overview"), ":material/dashboard:"),
    "explorer": ("pages/explorer.py", N_("Framework explorer"), ":material/account_tree:"),
    "agencies": ("pages/agencies.py", N_("Agencies"), ":material/groups:"),
    "indicators": ("pages/indicators.py", N_("Indicators"), ":material/target:"),
    "context": ("pages/context.py", N_("Context"), ":material/bar_chart:"),
    "findings": ("pages/findings.py", N_("Findings"), ":material/rate_review:"),
    "funding": ("pages/funding.py", N_("Funding"), ":material/payments:"),
    "plan": ("pages/plan.py", N_("Plan as stated"), ":material/menu_book:"),
    "plan_editor": ("pages/plan_editor.py", N_("Edit the plan"), ":material/edit_note:"),
    "audit": ("pages/audit.py", N_("Audit trail"), ":material/history:"),
    "accounts": ("pages/accounts.py", N_("Accounts"), ":material/manage_accounts:"),
    "approvals": ("pages/approvals.py", N_("Approvals"), ":material/fact_check:"),
}
SIGN_IN = ("pages/signin.py", N_("Sign in"), ":material/login:")
# Session key of a link followed before the sign-in it needed: (page file, query params).
DEEP_LINK = "deep_link"
# Session key of the reason a page was refused, shown on the page opened instead.
REFUSED_KEY = "page_refused"


def visible_pages(user: SignedInUser | None) -> list[tuple[str, str, str]]:
    """The (file, title, icon) entries `user` may open, their home page first."""
    keys = pages_for(user.role if user else None, public_summary=settings.public_summary())
    return [PAGES[k] for k in keys if k in PAGES]


def navigation(user: SignedInUser | None):
    """st.navigation for `user`: their pages in the menu, home page first.

    Every other page stays registered but hidden, so that a bookmarked link resolves: the
    page itself then refuses (pages.ui.navigation.require_access) and, for a visitor not yet
    signed in, keeps the link for after signing in. The sign-in page is hidden once signed in.
    """
    entries = visible_pages(user)
    menu = entries if user else [*entries, SIGN_IN]
    hidden = [e for e in PAGES.values() if e not in entries] + ([SIGN_IN] if user else [])
    pages = [st.Page(p, title=_(t), icon=i, default=n == 0) for n, (p, t, i) in enumerate(menu)]
    pages += [st.Page(p, title=_(t), icon=i, visibility="hidden") for p, t, i in hidden]
    return st.navigation(pages)


def home_page(user: SignedInUser | None) -> str | None:
    entries = visible_pages(user)
    return entries[0][0] if entries else None


def require_access(page_file: str) -> None:
    """Stop a page that the signed-in person (or an anonymous visitor) may not open.

    Every page calls this (through pages.ui.sidebar.selection): a role's pages are the only
    ones in its menu, and a page reached by its URL checks again here. A visitor who is not
    signed in is sent to sign in, and the link is kept for afterwards; a signed-in person is
    sent to their home page and told why.
    """
    user = signed_in()
    allowed = {path for path, _title, _icon in visible_pages(user)}
    if page_file in allowed:
        return
    if user is None:
        st.session_state[DEEP_LINK] = (page_file, st.query_params.to_dict())
        st.switch_page(SIGN_IN[0])
    st.session_state[REFUSED_KEY] = refusal(page_file)
    st.switch_page(home_page(user) or SIGN_IN[0])


def refusal(page_file: str) -> str:
    """Why a page was not opened: "Approvals is for coordinators."."""
    key = next((k for k, entry in PAGES.items() if entry[0] == page_file), None)
    if key is None:
        return _("That page does not exist.")
    roles = roles_with(key)
    who = format_list([_(ROLE_PLURALS[r]) for r in roles]) if roles else _("nobody signed in")
    return _("{page} is for {who}: you were brought to your home page.").format(
        page=_(PAGES[key][1]), who=who
    )


def show_refusal() -> None:
    """On the page a person was sent to, say why they were sent (once)."""
    if message := st.session_state.pop(REFUSED_KEY, None):
        st.warning(message, icon=":material/block:")


def name_the_page(page) -> None:
    """The browser's title names the page opened, then the app (WCAG 2.4.2): "Overview ·
    Action Plan Monitor"; set_page_config alone would name every page the same."""
    st.set_page_config(page_title=_("{page} · Action Plan Monitor").format(page=page.title))

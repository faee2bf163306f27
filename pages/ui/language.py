"""The language of this run, and the menu that changes it.

Which language a run uses, first that applies:
1. `?lang=` in the URL (a link or bookmark in a language opens in it);
2. for a person who just signed in (or opened a new tab signed in), their account's language;
3. the language chosen earlier in this browser session;
4. English.
The URL always says the language in use (`?lang=sq`), so a link copied from the page opens in
it; a code the dashboard does not know shows the page in English, with a note, never an error.
"""

from __future__ import annotations

import streamlit as st

from models.i18n import LANGUAGES, SOURCE_LANGUAGE, _, current_language, normalise, use_language
from models.services import accounts
from models.services.auth import SignedInUser
from models.services.errors import DomainError
from models.services.unit_of_work import perform
from pages.ui.data import engine
from pages.ui.labels import md

LANGUAGE_KEY = "language"
PARAM = "lang"
# Session keys: the account whose language was applied (once per sign-in), an unknown code
# the URL asked for (shown once, next to the menu), and the menu's widget.
ACCOUNT_APPLIED_KEY = "language_account_applied"
UNKNOWN_KEY = "language_unknown"
MENU_KEY = "language_menu"


def apply_language(user: SignedInUser | None = None) -> str:
    """Set this run's language (models.i18n); remember it for the session and in the URL."""
    raw = st.query_params.get(PARAM)
    asked = normalise(raw)
    if raw and asked is None:
        st.session_state[UNKNOWN_KEY] = raw
        st.session_state[LANGUAGE_KEY] = SOURCE_LANGUAGE
        del st.query_params[PARAM]
    if user is not None and st.session_state.get(ACCOUNT_APPLIED_KEY) != user.id:
        st.session_state[ACCOUNT_APPLIED_KEY] = user.id
        if asked is None and raw is None and user.language:
            st.session_state[LANGUAGE_KEY] = user.language
    if user is None:
        st.session_state.pop(ACCOUNT_APPLIED_KEY, None)
    language = use_language(asked or st.session_state.get(LANGUAGE_KEY))
    st.session_state[LANGUAGE_KEY] = language
    keep_in_url(st.query_params)
    return language


def keep_in_url(params) -> None:
    """Write this run's language into `params` (the URL, or a link's parameters)."""
    language = current_language()
    if language != SOURCE_LANGUAGE or PARAM in params:
        params[PARAM] = language


def url_language() -> dict[str, str]:
    """The URL parameter that keeps this run's language, for code that rewrites the URL."""
    params: dict[str, str] = {}
    keep_in_url(params)
    return params


def language_menu(where=None) -> None:
    """The language menu: each language in its own name. In the sidebar unless `where` says."""
    where = where if where is not None else st.sidebar
    st.session_state[MENU_KEY] = current_language()
    where.selectbox(
        _("Language"),
        list(LANGUAGES),
        key=MENU_KEY,
        format_func=LANGUAGES.get,
        on_change=_chosen,
        help=_("The dashboard's language. Signed in, your choice is kept in your account."),
    )
    if unknown := st.session_state.pop(UNKNOWN_KEY, None):
        where.caption(
            _(
                "The address asked for a language the dashboard does not have ({code}): "
                "showing English."
            ).format(code=md(str(unknown)[:20]))
        )


def _chosen() -> None:
    language = normalise(st.session_state.get(MENU_KEY)) or SOURCE_LANGUAGE
    st.session_state[LANGUAGE_KEY] = language
    st.query_params[PARAM] = language
    # Imported here: pages.ui.session draws this menu, so it cannot be imported at the top.
    from pages.ui.session import signed_in

    user = signed_in()
    if user is None:
        return
    try:
        perform(engine(), accounts.set_language, user_id=user.id, language=language)
    except DomainError:
        # Not kept in the account (e.g. deactivated a moment ago): the next run signs out.
        return

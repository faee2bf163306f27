"""The signed-in session: sign-in, sign-out, idle timeout; the user kept as plain values.

A sign-in starts a server-side session (models.services.sessions) whose random id the browser
keeps in a cookie, so a reload or a second tab opens signed in. The cookie is written by a
small script in the page: Streamlit serves no response headers a page could set, so it cannot
be HttpOnly (README, "Sign-in sessions"). It is SameSite=Strict, Secure over https, and the id
is random, stored only hashed, idle-limited and revocable. Never a token in the URL.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import streamlit as st

from models.codes import role_label
from models.db import transaction
from models.i18n import _
from models.services import auth, sessions
from models.services.auth import SignedInUser
from models.services.errors import SignInError
from pages.ui.data import engine
from pages.ui.labels import md
from pages.ui.language import language_menu

USER_KEY = "user"
LAST_SEEN_KEY = "last_seen"
SIGNED_OUT_KEY = "signed_out_reason"
# This tab's session id (the cookie's value), and whether the cookie was read yet.
SESSION_KEY = "sign_in_session"
COOKIE_READ_KEY = "session_cookie_read"
COOKIE = "apm_session"
COOKIE_SLOT = "session_cookie"


def signed_in() -> SignedInUser | None:
    """The signed-in person of this browser session, or None."""
    return st.session_state.get(USER_KEY)


def sign_in(username: str, password: str) -> str | None:
    """Sign in; None on success, else the message to show. The attempt is always recorded.

    Failures are counted per typed name and client address (None on localhost, or when a
    proxy hides it): a stranger locks a name out for their own address, not for its owner.
    """
    try:
        user = auth.sign_in(
            engine=engine(), username=username, password=password, source=client_address()
        )
    except SignInError as refused:
        return "; ".join(_(message) for message in refused.messages)
    with transaction(engine()) as session:
        token = sessions.start(session=session, user_id=user.id)
    st.session_state[USER_KEY] = user
    st.session_state[LAST_SEEN_KEY] = datetime.now(UTC)
    st.session_state[SESSION_KEY] = token
    return None


def client_address() -> str | None:
    """The address of this browser session's connection as the server sees it, or None."""
    address = st.context.ip_address
    # None on localhost; not a string where there is no browser connection (AppTest).
    return address if isinstance(address, str) else None


def sign_out(reason: str | None = None) -> None:
    """The person signs out: every session of the account ends, in every tab and browser."""
    user = signed_in()
    if user is not None and st.session_state.get(SESSION_KEY):
        with transaction(engine()) as session:
            sessions.sign_out(session=session, user_id=user.id)
    _forget(reason)


def signed_out_message(reason: str) -> str:
    """Why the person was signed out (a models.services.sessions reason), in this run's language."""
    return _(reason).format(minutes=auth.IDLE_TIMEOUT.seconds // 60)


def _forget(reason: str | None) -> None:
    for key in (USER_KEY, LAST_SEEN_KEY, SESSION_KEY):
        st.session_state.pop(key, None)
    if reason:
        st.session_state[SIGNED_OUT_KEY] = reason


def refresh_user() -> SignedInUser | None:
    """The user for this run: re-read, so a deactivated or re-roled account changes at once."""
    token = _session_id()
    if token is not None:
        return _resume(token)
    user = signed_in()
    if user is None:
        return None
    # Signed in without a server-side session: only code in this process can do that.
    now = datetime.now(UTC)
    last_seen = st.session_state.get(LAST_SEEN_KEY, now)
    if auth.session_expired(last_seen, now):
        _forget(sessions.IDLE)
        return None
    with transaction(engine()) as session:
        fresh = auth.active_user(session, user.id)
        current = auth.session_user(session, fresh) if fresh else None
    if current is None:
        _forget(sessions.INACTIVE)
        return None
    st.session_state[USER_KEY] = current
    st.session_state[LAST_SEEN_KEY] = now
    return current


def _session_id() -> str | None:
    """This tab's session id; on a tab's first run, the one its browser's cookie holds."""
    if token := st.session_state.get(SESSION_KEY):
        return token
    if st.session_state.get(COOKIE_READ_KEY) or signed_in() is not None:
        return None
    st.session_state[COOKIE_READ_KEY] = True
    return _cookie() or None


def _cookie() -> str:
    """The session cookie the browser sent when this tab connected ("" when none)."""
    try:
        value = st.context.cookies.get(COOKIE)
    except (AttributeError, RuntimeError):  # no browser connection (bare mode, AppTest)
        return ""
    return value if isinstance(value, str) else ""


def _resume(token: str) -> SignedInUser | None:
    with transaction(engine()) as session:
        current = sessions.resume(session=session, token=token)
        reason = None if current else sessions.ended_reason(session=session, token=token)
    if current is None:
        _forget(reason)
        return None
    st.session_state[USER_KEY] = current
    st.session_state[LAST_SEEN_KEY] = datetime.now(UTC)
    st.session_state[SESSION_KEY] = token
    return current


def session_cookie() -> None:
    """Make the browser's cookie match this tab: the session id when signed in, else none.

    Cookies are read once per tab, when it connects, so the script is emitted until a reload
    shows the cookie right; writing the same value again changes nothing."""
    token = st.session_state.get(SESSION_KEY) or ""
    if _cookie() == token:
        return
    if token:
        value = f"{COOKIE}={token}; Path=/; SameSite=Strict"
    else:
        value = f"{COOKIE}=; Path=/; SameSite=Strict; Max-Age=0"
    # Hidden, so the script leaves no gap in the sidebar; a style-only st.html takes no space.
    hidden = f'[data-testid="stLayoutWrapper"]:has(> .st-key-{COOKIE_SLOT})'
    st.sidebar.html(f"<style>{hidden}, .st-key-{COOKIE_SLOT} {{display: none}}</style>")
    st.sidebar.container(key=COOKIE_SLOT).html(
        "<script>document.cookie = "
        f"{json.dumps(value)} + (location.protocol === 'https:' ? '; Secure' : '');</script>",
        unsafe_allow_javascript=True,
    )


def user_box() -> None:
    """The language menu, who is signed in and the way out: drawn in the sidebar by every page."""
    session_cookie()
    language_menu()
    user = signed_in()
    if user is None:
        return
    with st.sidebar:
        role = role_label(user.role)
        if user.organisation:
            who = _("Signed in as **{username}** ({role} · {organisation})").format(
                username=md(user.username), role=role, organisation=md(user.organisation)
            )
        else:
            who = _("Signed in as **{username}** ({role})").format(
                username=md(user.username), role=role
            )
        st.caption(who)
        if st.button(_("Sign out"), icon=":material/logout:", key="sign_out"):
            sign_out()
            st.rerun()

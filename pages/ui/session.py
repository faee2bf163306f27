"""The signed-in session: sign-in, sign-out, idle timeout; the user kept as plain values."""

from __future__ import annotations

from datetime import UTC, datetime

import streamlit as st

from models.db import transaction
from models.services import auth
from models.services.auth import SignedInUser
from models.services.errors import SignInError
from pages.ui.data import engine
from pages.ui.labels import md

USER_KEY = "user"
LAST_SEEN_KEY = "last_seen"
SIGNED_OUT_KEY = "signed_out_reason"


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
        return "; ".join(refused.messages)
    st.session_state[USER_KEY] = user
    st.session_state[LAST_SEEN_KEY] = datetime.now(UTC)
    return None


def client_address() -> str | None:
    """The address of this browser session's connection as the server sees it, or None."""
    address = st.context.ip_address
    # None on localhost; not a string where there is no browser connection (AppTest).
    return address if isinstance(address, str) else None


def sign_out(reason: str | None = None) -> None:
    for key in (USER_KEY, LAST_SEEN_KEY):
        st.session_state.pop(key, None)
    if reason:
        st.session_state[SIGNED_OUT_KEY] = reason


def refresh_user() -> SignedInUser | None:
    """The user for this run: re-read, so a deactivated or re-roled account changes at once."""
    user = signed_in()
    if user is None:
        return None
    now = datetime.now(UTC)
    last_seen = st.session_state.get(LAST_SEEN_KEY, now)
    if auth.session_expired(last_seen, now):
        sign_out(f"Signed out after {auth.IDLE_TIMEOUT.seconds // 60} minutes without activity.")
        return None
    with transaction(engine()) as session:
        fresh = auth.active_user(session, user.id)
        current = auth.session_user(session, fresh) if fresh else None
    if current is None:
        sign_out("Your account is no longer active.")
        return None
    st.session_state[USER_KEY] = current
    st.session_state[LAST_SEEN_KEY] = now
    return current


def user_box() -> None:
    """Who is signed in, and the way out; drawn in the sidebar by every signed-in page."""
    user = signed_in()
    if user is None:
        return
    with st.sidebar:
        where = f" · {md(user.organisation)}" if user.organisation else ""
        st.caption(f"Signed in as **{md(user.username)}** ({user.role}{where})")
        if st.button("Sign out", icon=":material/logout:", key="sign_out"):
            sign_out()
            st.rerun()

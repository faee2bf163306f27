"""The signed-in session: sign-in, sign-out, idle timeout; the user kept as plain values."""

from __future__ import annotations

from datetime import UTC, datetime

import streamlit as st

from models.db import transaction
from models.rules.text import escape_markdown
from models.services import auth
from models.services.errors import SignInError
from pages.ui.data import engine

USER_KEY = "user"
LAST_SEEN_KEY = "last_seen"


def sign_in(username: str, password: str) -> str | None:
    """Sign in; None on success, else the message to show. The attempt is always recorded."""
    try:
        user = auth.sign_in(engine=engine(), username=username, password=password)
    except SignInError as refused:
        return str(refused)
    st.session_state[USER_KEY] = user
    st.session_state[LAST_SEEN_KEY] = datetime.now(UTC)
    return None


def sign_out(reason: str | None = None) -> None:
    for key in (USER_KEY, LAST_SEEN_KEY):
        st.session_state.pop(key, None)
    if reason:
        st.session_state["signed_out_reason"] = reason


def refresh_user() -> dict | None:
    """The user for this run: re-read, so a deactivated or re-roled account changes at once."""
    user = st.session_state.get(USER_KEY)
    if user is None:
        return None
    now = datetime.now(UTC)
    last_seen = st.session_state.get(LAST_SEEN_KEY, now)
    if auth.session_expired(last_seen, now):
        sign_out(f"Signed out after {auth.IDLE_TIMEOUT.seconds // 60} minutes without activity.")
        return None
    with transaction(engine()) as session:
        fresh = auth.active_user(session, user["id"])
        current = auth.session_user(session, fresh) if fresh else None
    if current is None:
        sign_out("Your account is no longer active.")
        return None
    st.session_state[USER_KEY] = current
    st.session_state[LAST_SEEN_KEY] = now
    return current


def user_box() -> None:
    """Who is signed in, and the way out; drawn in the sidebar by every signed-in page."""
    user = st.session_state.get(USER_KEY)
    if user is None:
        return
    with st.sidebar:
        where = f" · {user['organisation']}" if user.get("organisation") else ""
        st.caption(f"Signed in as **{escape_markdown(user['username'])}** ({user['role']}{where})")
        if st.button("Sign out", icon=":material/logout:", key="sign_out"):
            sign_out()
            st.rerun()


def current_signed_in() -> dict | None:
    return st.session_state.get(USER_KEY)

"""Sign in with a username and password."""

from __future__ import annotations

import streamlit as st

from models.i18n import _
from pages.ui.language import language_menu
from pages.ui.navigation import home_page
from pages.ui.session import (
    SIGNED_OUT_KEY,
    session_cookie,
    sign_in,
    signed_in,
    signed_out_message,
)
from pages.ui.sidebar import follow_deep_link

user = signed_in()
if user is not None:
    follow_deep_link(user)
    home = home_page(user)
    if home:
        # A bookmarked view (?plan=…&asof=…&lang=…) opened before signing in keeps its choices.
        st.switch_page(home, query_params=st.query_params.to_dict())

session_cookie()  # signed out: the browser forgets the session
# On the page itself, not only in the sidebar: before signing in, the sidebar may be closed.
title, menu = st.columns([4, 1], vertical_alignment="bottom")
title.title("Action Plan Monitor")
language_menu(menu)
st.caption(
    _(
        "Monitoring the national anti-trafficking Action Plan: Prevention, Protection and "
        "Prosecution against the 2007 targets."
    )
)
reason = st.session_state.pop(SIGNED_OUT_KEY, None)
if reason:
    st.info(signed_out_message(reason))

with st.form("sign_in", border=True):
    st.subheader(_("Sign in"))
    username = st.text_input(_("Username"), max_chars=60, autocomplete="username")
    password = st.text_input(_("Password"), type="password", autocomplete="current-password")
    submitted = st.form_submit_button(_("Sign in"), type="primary")

if submitted:
    problem = sign_in(username.strip(), password)
    if problem:
        st.error(problem)
    else:
        st.rerun()
st.caption(_("Accounts are created by an administrator. There is no self-registration."))

"""Sign in with a username and password."""

from __future__ import annotations

import streamlit as st

from pages.ui.navigation import home_page
from pages.ui.session import SIGNED_OUT_KEY, session_cookie, sign_in, signed_in
from pages.ui.sidebar import follow_deep_link

user = signed_in()
if user is not None:
    follow_deep_link(user)
    home = home_page(user)
    if home:
        # A bookmarked view (?plan=…&asof=…) opened before signing in keeps its choices.
        st.switch_page(home, query_params=st.query_params.to_dict())

session_cookie()  # signed out: the browser forgets the session
st.title("Action Plan Monitor")
st.caption(
    "Monitoring the national anti-trafficking Action Plan: Prevention, Protection and "
    "Prosecution against the 2007 targets."
)
reason = st.session_state.pop(SIGNED_OUT_KEY, None)
if reason:
    st.info(reason)

with st.form("sign_in", border=True):
    st.subheader("Sign in")
    username = st.text_input("Username", max_chars=60, autocomplete="username")
    password = st.text_input("Password", type="password", autocomplete="current-password")
    submitted = st.form_submit_button("Sign in", type="primary")

if submitted:
    problem = sign_in(username.strip(), password)
    if problem:
        st.error(problem)
    else:
        st.rerun()
st.caption("Accounts are created by an administrator. There is no self-registration.")

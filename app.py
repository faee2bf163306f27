"""Action Plan Monitor: page config, the sign-in gate and role-filtered navigation."""

from __future__ import annotations

import streamlit as st

from pages.ui.data import refresh_version
from pages.ui.focus import focus_style
from pages.ui.language import apply_language
from pages.ui.navigation import name_the_page, navigation
from pages.ui.session import refresh_user
from pages.ui.sidebar import ENTRYPOINT_MARK, follow_deep_link

st.set_page_config(
    page_title="Action Plan Monitor", page_icon=":material/monitoring:", layout="wide"
)

st.session_state[ENTRYPOINT_MARK] = True
refresh_version()
# Each page draws the shared sidebar (pages.ui.sidebar.selection) as its first step: elements
# emitted inside pg.run() are the ones Streamlit keeps across reruns in every runner.
user = refresh_user()
# After the user is known: a person who just signed in gets their account's language.
apply_language(user)
pg = navigation(user)
name_the_page(pg)
focus_style()
follow_deep_link(user)
pg.run()

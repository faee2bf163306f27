"""Action Plan Monitor: page config, navigation and the shared sidebar."""

from __future__ import annotations

import streamlit as st

from pages.common import refresh_version
from pages.view import ENTRYPOINT_MARK, follow_deep_link

st.set_page_config(
    page_title="Action Plan Monitor", page_icon=":material/monitoring:", layout="wide"
)

st.session_state[ENTRYPOINT_MARK] = True
refresh_version()
# Each page draws the shared sidebar (pages.view.current_view) as its first step: elements
# emitted inside pg.run() are the ones Streamlit keeps across reruns in every runner.
pg = st.navigation(
    [
        st.Page("pages/overview.py", title="Overview", icon=":material/dashboard:", default=True),
        st.Page("pages/explorer.py", title="Framework explorer", icon=":material/account_tree:"),
        st.Page("pages/agencies.py", title="Agencies", icon=":material/groups:"),
        st.Page("pages/indicators.py", title="Indicators", icon=":material/target:"),
        st.Page("pages/context.py", title="Context", icon=":material/bar_chart:"),
        st.Page("pages/funding.py", title="Funding", icon=":material/payments:"),
        st.Page("pages/plan.py", title="Plan as stated", icon=":material/menu_book:"),
    ]
)
follow_deep_link()
pg.run()

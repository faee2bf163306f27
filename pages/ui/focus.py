"""The one style the theme cannot give: a visible focus ring on the sidebar's menu links.

Streamlit 1.67 marks a focused menu link only with a faint grey background (about 1.1:1
against the sidebar), and no theme option changes it. This static block, the app's only
CSS, draws the theme's primary colour (.streamlit/config.toml) around a link focused from
the keyboard (WCAG 2.4.7, 1.4.11). It holds no user text. See docs/accessibility.md."""

from __future__ import annotations

import streamlit as st

FOCUS_STYLE = """<style>
[data-testid="stSidebarNav"] a:focus-visible {
  outline: 2px solid #1F5FAD;
  outline-offset: -2px;
}
</style>"""


def focus_style() -> None:
    st.html(FOCUS_STYLE)

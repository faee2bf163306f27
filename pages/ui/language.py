"""The language of this run: `?lang=` in the URL, else the one chosen earlier in the session."""

from __future__ import annotations

import streamlit as st

from models.i18n import normalise, use_language

LANGUAGE_KEY = "language"
PARAM = "lang"


def apply_language() -> str:
    """Set this run's language (models.i18n) and remember it for the session."""
    asked = normalise(st.query_params.get(PARAM))
    language = use_language(asked or st.session_state.get(LANGUAGE_KEY))
    st.session_state[LANGUAGE_KEY] = language
    return language

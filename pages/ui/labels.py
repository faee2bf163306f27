"""How the pages label what they show: provenance badges and notes, and stored text made safe."""

from __future__ import annotations

import streamlit as st

from models.rules.text import escape_markdown

ILLUSTRATIVE_NOTE = (
    "Illustrative demo data: invented to show how the dashboard works, not reported by anyone."
)
INFERRED_NOTE = "Inferred: the report does not say this; it is a proposal, open to correction."
NO_PLAN = "No plan is loaded yet. Run `actionplan init` then `actionplan seed` to load one."


def provenance_badge(*, inferred: bool = False, illustrative: bool = False) -> None:
    if illustrative:
        st.badge("Illustrative", icon=":material/science:", color="violet")
    if inferred:
        st.badge("Inferred", icon=":material/help:", color="orange")


def md(text: str | None) -> str:
    """Stored text made safe for a Markdown context."""
    return escape_markdown(text)

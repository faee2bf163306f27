"""How the pages label what they show: provenance badges and notes, and stored text made safe."""

from __future__ import annotations

import streamlit as st

from models.i18n import N_, _
from models.rules.text import escape_markdown
from models.views import agencies as agencies_view
from pages.ui.data import agencies_in_plan

# In English here (module constants are made once): show them with _(…).
ILLUSTRATIVE_NOTE = N_(
    "Illustrative demo data: invented to show how the dashboard works, not reported by anyone."
)
INFERRED_NOTE = N_("Inferred: the report does not say this; it is a proposal, open to correction.")
NO_PLAN = N_("No plan is loaded yet. Run `actionplan init` then `actionplan seed` to load one.")


def provenance_badge(*, inferred: bool = False, illustrative: bool = False) -> None:
    if illustrative:
        st.badge(_("Illustrative"), icon=":material/science:", color="violet")
    if inferred:
        st.badge(_("Inferred"), icon=":material/help:", color="orange")


def md(text: str | None) -> str:
    """Stored text made safe for a Markdown context."""
    return escape_markdown(text)


def agency_column(title: str, shown, plan_id: int, **kwargs):
    """A column of agency acronyms whose help (on hover) gives the full names of those shown."""
    names = agencies_view.full_names(agencies_in_plan(plan_id))
    help_text = agencies_view.glossary(shown, names)
    return st.column_config.TextColumn(title, help=help_text and md(help_text), **kwargs)


def agency_names(plan_id: int) -> dict[str, str]:
    """Acronym → full name for the plan's agencies (for a filter's or a list's labels)."""
    return agencies_view.full_names(agencies_in_plan(plan_id))

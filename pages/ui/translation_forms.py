"""The plan editor's translation form: a coordinator picks an element of the plan and a
language, sees the source text beside each field (read-only), and saves its translation.
An empty field removes that translation (pages then show the source text, marked)."""

from __future__ import annotations

import streamlit as st

from models.i18n import _
from models.services.plan_translations import LIMITS, save_translations
from models.views import plan_editor as tv
from pages.ui.actions import act
from pages.ui.data import STRUCTURE, cached_read

ELEMENT = "translation_element"
LANGUAGE = "translation_language"
ROUND = "translation_round"

translation_reads = cached_read(tv.translation_reads, max_entries=16, scope=STRUCTURE)


def translation_editor(plan_id: int) -> None:
    """The whole section: heading, choices and the form, on the Edit the plan page."""
    st.subheader(_("Translations"), divider="gray")
    st.caption(
        _(
            "Titles and descriptions in Albanian or Serbian, shown to people who chose that "
            "language. The source text stays as it is: where no translation exists, pages "
            "show the source with a small marker (· EN). Leave a field empty to remove its "
            "translation. Every change is kept in the audit trail."
        )
    )
    reads = translation_reads(plan_id)
    choices = tv.element_choices(reads.elements)
    if not choices:
        st.info(_("The plan has nothing to translate yet."))
        return
    languages = tv.target_languages()
    left, right = st.columns([3, 1])
    key = left.selectbox(_("Element"), list(choices), format_func=choices.get, key=ELEMENT)
    language = right.selectbox(
        _("Translate into"), list(languages), format_func=languages.get, key=LANGUAGE
    )
    kind, element_id, sources = tv.element_fields(reads.elements, key)
    kept = tv.current_texts(reads.translations, kind, element_id, language)
    form_key = f"translation-{key}-{language}-{st.session_state.get(ROUND, 0)}"
    texts = _form(form_key, sources, kept, languages[language])
    if texts is not None:
        # After a save, a form of a new round: its widgets start from what was kept.
        st.session_state[ROUND] = st.session_state.get(ROUND, 0) + 1
        act(
            save_translations,
            done=_("Translation saved."),
            entity_kind=kind,
            entity_id=element_id,
            language=language,
            texts=texts,
        )
        st.session_state[ROUND] -= 1  # refused: the form keeps what was typed


def _form(key: str, sources: dict[str, str], kept: dict[str, str], language: str):
    """The submitted {field: text}, or None until the form is submitted."""
    texts: dict[str, str] = {}
    with st.form(key):
        for field, source in sources.items():
            source_column, translation_column = st.columns(2)
            labels = {
                "source": _("Title (source)") if field == "title" else _("Description (source)"),
                "translation": (
                    _("Title in {language}") if field == "title" else _("Description in {language}")
                ).format(language=language),
            }
            widget = st.text_input if field == "title" else st.text_area
            with source_column:
                widget(labels["source"], source, disabled=True, key=f"{key}-{field}-source")
            with translation_column:
                texts[field] = widget(
                    labels["translation"],
                    kept.get(field, ""),
                    max_chars=LIMITS[field],
                    key=f"{key}-{field}",
                )
        submitted = st.form_submit_button(_("Save translation"), type="primary")
    return texts if submitted else None

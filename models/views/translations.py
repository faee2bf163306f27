"""Plan content in other languages, as pages show and edit it.

The one way a page marks plan text shown in the source language for want of a translation:
"Prevention · EN" in Albanian or Serbian when nobody has translated "Prevention" yet. The reads
overlay translations (models/queries/translations.py) and flag what fell back; `marked_outline`
and `mark` add the marker to those texts, so every page showing the outline or the dashboard's
activities shows it without a change of its own.

Also what the plan editor's translation form offers: the plan's elements with their source
text, and the translations kept so far.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Engine

from models.entities.translations import PLAN_SOURCE_LANGUAGE
from models.i18n import LANGUAGES, N_, _
from models.queries import translations as q
from models.queries.plan import PlanOutline

__all__ = [
    "KIND_LABELS",
    "TranslationReads",
    "current_texts",
    "element_choices",
    "element_fields",
    "mark",
    "marked_outline",
    "shown_title",
    "target_languages",
    "translation_reads",
]

KIND_LABELS = {
    "framework": N_("Framework"),
    "objective": N_("Objective"),
    "activity": N_("Activity"),
    "indicator": N_("Indicator"),
}


def shown_title(text, untranslated) -> str:
    """`text` as shown: with the source language's small marker if it is not translated."""
    if text is None or (not isinstance(text, str) and pd.isna(text)):
        return text
    if not untranslated or pd.isna(untranslated) or not str(text).strip():
        return text
    return q.marker(text)


def mark(frame: pd.DataFrame, column: str, flag: str) -> pd.DataFrame:
    """A copy of `frame` whose `column` carries the marker where `flag` is true."""
    if column not in frame or flag not in frame or not frame[flag].astype(bool).any():
        return frame
    marked = frame.copy()
    marked[column] = [shown_title(t, u) for t, u in zip(frame[column], frame[flag], strict=True)]
    return marked


def marked_outline(outline: PlanOutline) -> PlanOutline:
    """The outline with the marker on every untranslated framework name, objective and
    activity title and description (the `original_*` columns stay the source text)."""

    def both(frame: pd.DataFrame, title: str) -> pd.DataFrame:
        return mark(mark(frame, title, "untranslated"), "description", "description_untranslated")

    return dataclasses.replace(
        outline,
        frameworks=both(outline.frameworks, "name"),
        objectives=both(outline.objectives, "title"),
        activities=both(outline.activities, "title"),
    )


@dataclass(frozen=True)
class TranslationReads:
    elements: pd.DataFrame  # entity_kind, entity_id, code, title, description (the source)
    translations: pd.DataFrame  # entity_kind, entity_id, field, language, text, updated_at


def translation_reads(engine: Engine, plan_id: int) -> TranslationReads:
    return TranslationReads(q.translatable(engine, plan_id), q.plan_translations(engine, plan_id))


def target_languages() -> dict[str, str]:
    """{code: name} of the languages plan content can be translated into."""
    return {code: name for code, name in LANGUAGES.items() if code != PLAN_SOURCE_LANGUAGE}


def element_choices(elements: pd.DataFrame) -> dict[str, str]:
    """{"kind:id": "Activity PREV-A1 · its source title"} in plan order, for a selectbox."""
    return {
        f"{row.entity_kind}:{row.entity_id}": _("{kind} {code} · {title}").format(
            kind=_(KIND_LABELS[row.entity_kind]), code=row.code, title=row.title
        )
        for row in elements.itertuples(index=False)
    }


def element_fields(elements: pd.DataFrame, key: str) -> tuple[str, int, dict[str, str]]:
    """(kind, id, {field: source text}) of the element `key` names: its title, and its
    description where it has one (there is nothing to translate otherwise)."""
    kind, _sep, number = key.partition(":")
    row = elements[(elements["entity_kind"] == kind) & (elements["entity_id"] == int(number))].iloc[
        0
    ]
    fields = {"title": row["title"]}
    description = row["description"]
    if isinstance(description, str) and description.strip():
        fields["description"] = description
    return kind, int(number), fields


def current_texts(
    translations: pd.DataFrame, kind: str, element_id: int, language: str
) -> dict[str, str]:
    """{field: translation} of one element in one language, as kept now."""
    mine = translations[
        (translations["entity_kind"] == kind)
        & (translations["entity_id"] == element_id)
        & (translations["language"] == language)
    ]
    return dict(zip(mine["field"], mine["text"], strict=True))

"""The one way a page marks plan text shown in the source language for want of a translation:
"Prevention · EN" in Albanian or Serbian when nobody has translated "Prevention" yet.

The reads overlay translations (models/queries/translations.py) and flag what fell back;
`marked_outline` and `mark` add the marker to those texts, so every page showing the outline
or the dashboard's activities shows it without a change of its own.
"""

from __future__ import annotations

import dataclasses

import pandas as pd

from models.entities.translations import PLAN_SOURCE_LANGUAGE
from models.i18n import _
from models.queries.plan import PlanOutline

__all__ = ["mark", "marked_outline", "shown_title"]


def shown_title(text, untranslated) -> str:
    """`text` as shown: with the source language's small marker if it is not translated."""
    if text is None or (not isinstance(text, str) and pd.isna(text)):
        return text
    if not untranslated or pd.isna(untranslated) or not str(text).strip():
        return text
    return _("{text} · {language}").format(text=text, language=PLAN_SOURCE_LANGUAGE.upper())


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

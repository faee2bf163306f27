"""Plan content in the run's language: a column's translation where one exists, else its
source text, and whether it fell back (so pages can mark it).

Used inside the reads that show plan titles: the plan outline and the dashboard's activities
(`translated`, flagged, marked in models/views/base.py), and the framework names of the
funding, agencies and indicators reads (`marked`, in SQL, so every read names a framework
alike). Every page showing them gets the overlay without a change of its own. In the source
language nothing is joined: the read is the same statement as before. Also the translation
form's reads: the plan's translatable elements and the translations kept.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import (
    Boolean,
    ColumnElement,
    Engine,
    Select,
    String,
    Text,
    case,
    func,
    literal,
    select,
)

from models.entities import Activity, Framework, Indicator, Objective
from models.entities.translations import PLAN_SOURCE_LANGUAGE, PlanTranslation
from models.i18n import _, current_language
from models.queries._frame import frame


def translated(
    kind: str, field: str, element_id, source, *, language: str | None = None
) -> tuple[ColumnElement, ColumnElement[bool]]:
    """(text, untranslated) for `source`, the `field` of the `kind` element `element_id`:
    the translation into `language` (default: the run's) where there is one, else `source`,
    with `untranslated` true then (always false in the source language)."""
    language = language or current_language()
    if language == PLAN_SOURCE_LANGUAGE:
        return source, literal(False, Boolean)
    text = (
        select(PlanTranslation.text)
        .where(
            PlanTranslation.entity_kind == kind,
            PlanTranslation.entity_id == element_id,
            PlanTranslation.field == field,
            PlanTranslation.language == language,
        )
        .scalar_subquery()
    )
    return func.coalesce(text, source), text.is_(None)


def marker(text: str) -> str:
    """`text` with the small marker saying it is in the source language: "Prevention · EN"."""
    return _("{text} · {language}").format(text=text, language=PLAN_SOURCE_LANGUAGE.upper())


def marked(kind: str, field: str, element_id, source, *, language: str | None = None):
    """The text as pages show it, marker included, in SQL: for reads whose names must match
    the outline's (a framework's name keys chart order and colour on every page)."""
    language = language or current_language()
    text, untranslated = translated(kind, field, element_id, source, language=language)
    if language == PLAN_SOURCE_LANGUAGE:
        return source
    prefix, _sep, suffix = marker("\x00").partition("\x00")
    fallback = literal(prefix, String) + source + literal(suffix, String)
    return case((untranslated, fallback), else_=text)


def translated_columns(kind: str, element_id, *, title, description=None, label: str = "title"):
    """The select columns of an element's title (and description), each in the run's language,
    with `untranslated` / `description_untranslated` flags and the source text kept as
    `original_<name>` (what an editor starts from: never a translation)."""
    text, flag = translated(kind, "title", element_id, title)
    columns = [
        text.label(label),
        flag.label("untranslated"),
        title.label(f"original_{label}"),
    ]
    if description is not None:
        text, flag = translated(kind, "description", element_id, description)
        columns += [
            text.label("description"),
            flag.label("description_untranslated"),
            description.label("original_description"),
        ]
    return columns


def translatable(engine: Engine, plan_id: int) -> pd.DataFrame:
    """Every element of the plan that can be translated, in plan order, with its source
    title and description: entity_kind, entity_id, code, title, description."""

    def rows(kind: str, model, title, description, *order) -> Select:
        return (
            select(
                literal(kind).label("entity_kind"),
                model.id.label("entity_id"),
                model.code,
                title.label("title"),
                description.label("description"),
            )
            .where(model.plan_id == plan_id)
            .order_by(*order, model.code)
        )

    no_text = literal(None, Text)
    return pd.concat(
        [
            frame(
                engine,
                rows(
                    "framework",
                    Framework,
                    Framework.name,
                    Framework.description,
                    Framework.position,
                ),
            ),
            frame(
                engine,
                rows(
                    "objective",
                    Objective,
                    Objective.title,
                    Objective.description,
                    Objective.framework_id,
                    Objective.position,
                ),
            ),
            frame(
                engine,
                rows(
                    "activity",
                    Activity,
                    Activity.title,
                    Activity.description,
                    Activity.framework_id,
                    Activity.position,
                ),
            ),
            frame(engine, rows("indicator", Indicator, Indicator.name, no_text)),
        ],
        ignore_index=True,
    )


def plan_translations(engine: Engine, plan_id: int) -> pd.DataFrame:
    """The plan's translations: entity_kind, entity_id, field, language, text, updated_at."""
    stmt = (
        select(
            PlanTranslation.entity_kind,
            PlanTranslation.entity_id,
            PlanTranslation.field,
            PlanTranslation.language,
            PlanTranslation.text,
            PlanTranslation.updated_at,
        )
        .where(PlanTranslation.plan_id == plan_id)
        .order_by(PlanTranslation.id)
    )
    return frame(engine, stmt)

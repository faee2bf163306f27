"""The Edit the plan page: what its forms offer and start from (organisations, indicators, and
the current values of the record being edited, taken from the plan outline)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pandas as pd
from sqlalchemy import Engine

from models.entities.translations import PLAN_SOURCE_LANGUAGE
from models.i18n import LANGUAGES, N_, _
from models.queries import iati_settings
from models.queries import translations as translations_queries
from models.queries.plan import PlanOutline
from models.queries.plan_editor import EditorLookups, editor_lookups

__all__ = [
    "EditorLookups",
    "activity_form",
    "choices",
    "editor_lookups",
    "framework_indicators",
    "indicator_form",
    "record_form",
    "TranslationReads",
    "current_texts",
    "element_choices",
    "element_fields",
    "target_languages",
    "translation_reads",
]


def framework_indicators(lookups: EditorLookups, outline: PlanOutline, framework_id: int):
    """The indicators on the framework's objectives or activities."""
    objectives = outline.objectives.loc[outline.objectives["framework_id"] == framework_id, "id"]
    activities = outline.activities.loc[outline.activities["framework_id"] == framework_id, "id"]
    ind = lookups.indicators
    return ind[ind["objective_id"].isin(objectives) | ind["activity_id"].isin(activities)]


def activity_form(outline: PlanOutline, activity_id: int | None, period: tuple[date, date]):
    """Starting values of the activity form: the activity's, or a new one's over the period."""
    if activity_id is None:
        return {
            "code": "",
            "title": "",
            "description": "",
            "planned_start": period[0],
            "planned_end": period[1],
            "objective_ids": [],
            "lead_id": None,
            "supporting_ids": [],
            "inferred": False,
        }
    row = outline.activities.set_index("id").loc[activity_id]
    agencies = outline.activity_agencies[outline.activity_agencies["activity_id"] == activity_id]
    links = outline.activity_objectives
    links = links[links["activity_id"] == activity_id]
    by_role = agencies.groupby("role")["organisation_id"].agg(list)
    leads = by_role.get("lead", [])
    return {
        "code": row["code"],
        "title": _source(row, "title"),
        "description": _source(row, "description"),
        "planned_start": row["planned_start"],
        "planned_end": row["planned_end"],
        "objective_ids": links["objective_id"].tolist(),
        "lead_id": leads[0] if leads else None,
        "supporting_ids": by_role.get("supporting", []),
        "inferred": bool(
            row["inferred"]
            or row["dates_inferred"]
            or agencies["inferred"].any()
            or links["inferred"].any()
        ),
    }


def record_form(table: pd.DataFrame, record_id: int | None, blank: dict) -> dict:
    """Starting values of an objective or indicator form: the record's, or `blank`."""
    if record_id is None:
        return dict(blank)
    row = table.set_index("id").loc[record_id]
    values = {key: (None if pd.isna(v) else v) for key in blank for v in [_source(row, key)]}
    # Ids come back as floats from a column that has gaps (NULLs).
    ids = {key: int(v) for key, v in values.items() if key.endswith("_id") and v is not None}
    return values | ids | {"inferred": bool(row["inferred"])}


def _source(row: pd.Series, key: str):
    """The record's own text for a form: the outline shows titles and descriptions in the
    run's language, and a form must never save a translation over the source."""
    return row[f"original_{key}"] if f"original_{key}" in row.index else row[key]


def choices(table: pd.DataFrame) -> dict[int, str]:
    """{id: "code · title"} for a selectbox, in the table's order."""
    title = table["title"] if "title" in table else table["name"]
    return dict(zip(table["id"].astype(int), table["code"] + " · " + title, strict=True))


def indicator_form(table: pd.DataFrame, indicator_id: int | None, period: tuple[date, date]):
    """Starting values of the indicator form; values as text, exactly as stored."""
    blank = {
        "code": "",
        "name": "",
        "objective_id": None,
        "activity_id": None,
        "measure": "unit",
        "direction": "increase",
        "unit": "",
        "baseline_value": None,
        "baseline_date": None,
        "target_value": None,
        "target_date": period[1],
        "means_of_verification": "",
    }
    row = record_form(table, indicator_id, blank) if indicator_id is not None else blank
    for key in ("baseline_value", "target_value"):
        row[key] = "" if row[key] is None else format(Decimal(row[key]).normalize(), "f")
    on = (
        ("o", row["objective_id"]) if row["objective_id"] is not None else ("a", row["activity_id"])
    )
    return row | {
        "on": f"{on[0]}{on[1]}" if on[1] is not None else None,
        "inferred": row.get("inferred", False),
    }


def iati_settings_reads(engine, plan_id: int) -> dict[str, object]:
    """What the IATI settings forms start from: the plan's sectors (frame), its recipient
    country, and every organisation's identifier (frame)."""
    return {
        "sectors": iati_settings.sectors(engine, plan_id),
        "country": iati_settings.recipient_country(engine, plan_id),
        "organisations": iati_settings.organisation_identifiers(engine),
    }


# The translation form (pages/ui/translation_forms.py): the plan's elements with their
# source text, and the translations kept so far.
TRANSLATED_KINDS = {
    "framework": N_("Framework"),
    "objective": N_("Objective"),
    "activity": N_("Activity"),
    "indicator": N_("Indicator"),
}


@dataclass(frozen=True)
class TranslationReads:
    elements: pd.DataFrame  # entity_kind, entity_id, code, title, description (the source)
    translations: pd.DataFrame  # entity_kind, entity_id, field, language, text, updated_at


def translation_reads(engine: Engine, plan_id: int) -> TranslationReads:
    return TranslationReads(
        translations_queries.translatable(engine, plan_id),
        translations_queries.plan_translations(engine, plan_id),
    )


def target_languages() -> dict[str, str]:
    """{code: name} of the languages plan content can be translated into."""
    return {code: name for code, name in LANGUAGES.items() if code != PLAN_SOURCE_LANGUAGE}


def element_choices(elements: pd.DataFrame) -> dict[str, str]:
    """{"kind:id": "Activity PREV-A1 · its source title"} in plan order, for a selectbox."""
    return {
        f"{row.entity_kind}:{row.entity_id}": _("{kind} {code} · {title}").format(
            kind=_(TRANSLATED_KINDS[row.entity_kind]), code=row.code, title=row.title
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

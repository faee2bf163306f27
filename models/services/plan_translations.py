"""Coordinators translate the plan: titles and descriptions of frameworks, objectives,
activities and indicators, in a language other than the plan's source language.

The source text stays as it is (the report's wording, or what a coordinator entered); a
translation is kept beside it (models/entities/translations.py). Setting one is an upsert on
(element, field, language) done by the database in one statement, so two coordinators saving
the same translation at once cannot both insert it and nobody waits on a lock; the last save
wins, and both are in the audit trail. Every problem is reported at once and nothing is
written then; the caller owns the transaction.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from models.codes import TRANSLATED_FIELDS, TRANSLATED_KINDS
from models.entities import DataChange, User
from models.entities._common import utcnow
from models.entities.translations import PLAN_SOURCE_LANGUAGE, SOURCE_FIELDS, PlanTranslation
from models.i18n import LANGUAGES, _
from models.services import audit
from models.services.authz import require_role
from models.services.errors import PlanEditError
from models.services.plan_checks import TEXT_MAX, TITLE_MAX

__all__ = ["LIMITS", "SOURCE_FIELDS", "clear_translation", "save_translations", "set_translation"]

LIMITS = {"title": TITLE_MAX, "description": TEXT_MAX}
_AUDITED = ("entity_kind", "entity_id", "field", "language", "text")


def set_translation(
    *,
    session: Session,
    actor: User,
    entity_kind: str,
    entity_id: int,
    field: str,
    language: str,
    text: str,
) -> PlanTranslation:
    """The element's `field` in `language` becomes `text` (trimmed); audited. Saving the text
    it already has writes nothing."""
    _authorise(actor)
    problems: list[str] = []
    plan_id = _element_plan(session, problems, entity_kind, entity_id, field)
    _check_language(problems, language)
    cleaned = _check_text(problems, field, text)
    if problems:
        raise PlanEditError(problems)
    key = {"entity_kind": entity_kind, "entity_id": entity_id, "field": field, "language": language}
    old = session.scalar(select(PlanTranslation.text).filter_by(**key))
    if old == cleaned:
        return session.scalars(select(PlanTranslation).filter_by(**key)).one()
    translation_id = _upsert(session, actor, plan_id, key, cleaned)
    session.add(DataChange(plan_id=plan_id, kind="structure"))  # a Core write: bump by hand
    translation = session.get(PlanTranslation, translation_id, populate_existing=True)
    audit.record(
        session,
        actor=actor,
        action="create" if old is None else "update",
        entity_type=PlanTranslation.__tablename__,
        entity_id=translation_id,
        old=None if old is None else {**key, "text": old},
        new={name: getattr(translation, name) for name in _AUDITED},
    )
    return translation


def clear_translation(
    *,
    session: Session,
    actor: User,
    entity_kind: str,
    entity_id: int,
    field: str,
    language: str,
) -> bool:
    """Remove the element's `field` in `language` (pages fall back to the source); audited.
    False, with nothing written, when there was none."""
    _authorise(actor)
    problems: list[str] = []
    plan_id = _element_plan(session, problems, entity_kind, entity_id, field, setting=False)
    _check_language(problems, language)
    if problems:
        raise PlanEditError(problems)
    key = {"entity_kind": entity_kind, "entity_id": entity_id, "field": field, "language": language}
    gone = session.execute(
        delete(PlanTranslation)
        .filter_by(**key)
        .returning(PlanTranslation.id, PlanTranslation.text),
        execution_options={"synchronize_session": False},
    ).all()
    if not gone:
        return False
    ((translation_id, old),) = gone
    session.add(DataChange(plan_id=plan_id, kind="structure"))
    audit.record(
        session,
        actor=actor,
        action="delete",
        entity_type=PlanTranslation.__tablename__,
        entity_id=translation_id,
        old={**key, "text": old},
    )
    return True


def save_translations(
    *,
    session: Session,
    actor: User,
    entity_kind: str,
    entity_id: int,
    language: str,
    texts: dict[str, str | None],
) -> dict[str, str | None]:
    """One element's fields in `language` at once, as a form submits them: a text sets the
    field's translation, an empty one clears it. Every field is checked before any is
    written; returns {field: translation now kept, or None}."""
    _authorise(actor)
    problems: list[str] = []
    for field, text in texts.items():
        setting = isinstance(text, str) and bool(text.strip())
        _element_plan(session, problems, entity_kind, entity_id, field, setting=setting)
    _check_language(problems, language)
    for field, text in texts.items():
        if isinstance(text, str) and text.strip():
            _check_text(problems, field, text)
        elif text is not None and not isinstance(text, str):
            problems.append(_("Translation: must be text"))
    if problems:
        raise PlanEditError(list(dict.fromkeys(problems)))
    kept: dict[str, str | None] = {}
    for field, text in texts.items():
        where = {"entity_kind": entity_kind, "entity_id": entity_id, "field": field}
        if text and text.strip():
            made = set_translation(
                session=session, actor=actor, language=language, text=text, **where
            )
            kept[field] = made.text
        else:
            clear_translation(session=session, actor=actor, language=language, **where)
            kept[field] = None
    return kept


def _authorise(actor: Any) -> User:
    return require_role(actor, "coordinator", action="translate the plan")


def _upsert(session: Session, actor: User, plan_id: int, key: dict, text: str) -> int:
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    now = utcnow()
    statement = (
        dialect.insert(PlanTranslation)
        .values(**key, plan_id=plan_id, text=text, updated_at=now, updated_by=actor.id)
        .on_conflict_do_update(
            index_elements=[PlanTranslation.entity_kind, PlanTranslation.entity_id]
            + [PlanTranslation.field, PlanTranslation.language],
            set_={"text": text, "updated_at": now, "updated_by": actor.id},
        )
        .returning(PlanTranslation.id)
    )
    return session.execute(statement).scalar_one()


def _element_plan(
    session: Session, problems: list[str], kind, entity_id, field, *, setting: bool = True
) -> int | None:
    """The plan of the element being translated; a problem (and None) if there is none."""
    if kind not in TRANSLATED_KINDS:
        choices = ", ".join(TRANSLATED_KINDS)
        problems.append(
            _("Element: '{kind}' is not one of {choices}").format(kind=kind, choices=choices)
        )
        return None
    if field not in TRANSLATED_FIELDS or (kind, field) not in SOURCE_FIELDS:
        choices = ", ".join(f for k, f in SOURCE_FIELDS if k == kind)
        problems.append(
            _("Field: '{field}' of this element cannot be translated; choose {choices}").format(
                field=field, choices=choices
            )
        )
        return None
    model, column = SOURCE_FIELDS[(kind, field)]
    valid_id = isinstance(entity_id, int) and not isinstance(entity_id, bool)
    element = session.get(model, entity_id) if valid_id else None
    if element is None:
        problems.append(_("Element: no {kind} has id {id}").format(kind=kind, id=repr(entity_id)))
        return None
    if setting and not (getattr(element, column) or "").strip():
        problems.append(
            _("Field: this {kind} has no {field} to translate").format(kind=kind, field=field)
        )
    return element.plan_id


def _check_language(problems: list[str], language) -> None:
    if language not in LANGUAGES:
        choices = ", ".join(LANGUAGES)
        problems.append(
            _("Language: '{language}' is not one of {choices}").format(
                language=language, choices=choices
            )
        )
    elif language == PLAN_SOURCE_LANGUAGE:
        problems.append(
            _(
                "Language: {language} is the plan's source language; "
                "edit the plan itself to change its wording"
            ).format(language=LANGUAGES[language])
        )


def _check_text(problems: list[str], field: str, text) -> str | None:
    if text is not None and not isinstance(text, str):
        problems.append(_("Translation: must be text"))
        return None
    cleaned = (text or "").strip()
    limit = LIMITS.get(field, TEXT_MAX)
    if not cleaned:
        problems.append(_("Translation: must not be empty; clear it to show the source text"))
    elif len(cleaned) > limit:
        problems.append(
            _("Translation: is {length} characters long; at most {limit} are kept").format(
                length=len(cleaned), limit=limit
            )
        )
    return cleaned or None

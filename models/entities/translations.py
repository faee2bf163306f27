"""Plan content in other languages: a title or description of a framework, objective,
activity or indicator, as a coordinator translated it.

The report's wording stays in the plan's own tables, the source; a translation sits beside it,
one row per element, field and language, and pages show it in that language (falling back to
the source, marked). The element is named by kind and id, like a finding's link; `plan_id`
keeps the row in its plan, so a plan's translations go with it and bump its "structure" cache
version (models/entities/versions.py).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.codes import CONTENT_LANGUAGES, TRANSLATED_FIELDS, TRANSLATED_KINDS, in_list
from models.db import Base
from models.entities._common import timestamp_column
from models.entities.plan import Activity, Framework, Objective
from models.entities.reporting import Indicator

# The language plan content is written in where the plan does not say otherwise: the Kosovo
# plan's report is English. A translation into it would be a second source.
PLAN_SOURCE_LANGUAGE = "en"

# The entity and column each (kind, field) translates.
SOURCE_FIELDS = {
    ("framework", "title"): (Framework, "name"),
    ("framework", "description"): (Framework, "description"),
    ("objective", "title"): (Objective, "title"),
    ("objective", "description"): (Objective, "description"),
    ("activity", "title"): (Activity, "title"),
    ("activity", "description"): (Activity, "description"),
    ("indicator", "title"): (Indicator, "name"),
}


class PlanTranslation(Base):
    """One field of one plan element in one language other than the plan's source language."""

    __tablename__ = "plan_translation"
    __table_args__ = (
        UniqueConstraint("entity_kind", "entity_id", "field", "language"),
        CheckConstraint(in_list("entity_kind", TRANSLATED_KINDS), name="entity_kind_code"),
        CheckConstraint(in_list("field", TRANSLATED_FIELDS), name="field_code"),
        CheckConstraint(in_list("language", CONTENT_LANGUAGES), name="language_code"),
        CheckConstraint("entity_kind <> 'indicator' OR field = 'title'", name="indicator_title"),
        CheckConstraint("length(text) > 0", name="text_not_empty"),
        # A plan's translations in one language: what a page overlays on the plan.
        Index("ix_plan_translation_plan_id", "plan_id", "language"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("action_plan.id", ondelete="CASCADE"))
    entity_kind: Mapped[str] = mapped_column(String(20))
    # The framework's, objective's, activity's or indicator's id, in the same plan.
    entity_id: Mapped[int] = mapped_column(Integer)
    field: Mapped[str] = mapped_column(String(20))
    language: Mapped[str] = mapped_column(String(10))
    text: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = timestamp_column()
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

"""plan content in other languages: translations of titles and descriptions

A coordinator's translation of a framework's, objective's, activity's or indicator's title
or description into a language other than the plan's source language (English for the
Kosovo plan). The report's wording stays in the plan's tables.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "plan_translation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("entity_kind", sa.String(length=20), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("field", sa.String(length=20), nullable=False),
        sa.Column("language", sa.String(length=10), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "entity_kind IN ('framework', 'objective', 'activity', 'indicator')",
            name=op.f("ck_plan_translation_entity_kind_code"),
        ),
        sa.CheckConstraint(
            "field IN ('title', 'description')", name=op.f("ck_plan_translation_field_code")
        ),
        sa.CheckConstraint(
            "language IN ('en', 'sq', 'sr_Latn')", name=op.f("ck_plan_translation_language_code")
        ),
        sa.CheckConstraint(
            "entity_kind <> 'indicator' OR field = 'title'",
            name=op.f("ck_plan_translation_indicator_title"),
        ),
        sa.CheckConstraint("length(text) > 0", name=op.f("ck_plan_translation_text_not_empty")),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["action_plan.id"],
            name=op.f("fk_plan_translation_plan_id_action_plan"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["updated_by"],
            ["user_account.id"],
            name=op.f("fk_plan_translation_updated_by_user_account"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_translation")),
        sa.UniqueConstraint(
            "entity_kind",
            "entity_id",
            "field",
            "language",
            name=op.f("uq_plan_translation_entity_kind_entity_id_field_language"),
        ),
    )
    op.create_index(
        "ix_plan_translation_plan_id", "plan_translation", ["plan_id", "language"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_plan_translation_plan_id", table_name="plan_translation")
    op.drop_table("plan_translation")

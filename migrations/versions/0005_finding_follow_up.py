"""the report's findings linked to the plan, with responses and follow-up notes

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _finding_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["finding_id"],
        ["finding.id"],
        name=op.f(f"fk_{table}_finding_id_finding"),
        ondelete="CASCADE",
    )


def _recorded(table: str) -> list:
    return [
        sa.Column("recorded_by", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["recorded_by"],
            ["user_account.id"],
            name=op.f(f"fk_{table}_recorded_by_user_account"),
        ),
    ]


def upgrade() -> None:
    op.create_table(
        "finding_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("finding_id", sa.Integer(), nullable=False),
        sa.Column("target_kind", sa.String(length=20), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("inferred", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.CheckConstraint(
            "target_kind IN ('framework', 'objective', 'activity')",
            name=op.f("ck_finding_link_target_kind_code"),
        ),
        _finding_fk("finding_link"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_finding_link")),
        sa.UniqueConstraint(
            "finding_id",
            "target_kind",
            "target_id",
            name=op.f("uq_finding_link_finding_id_target_kind_target_id"),
        ),
    )
    op.create_table(
        "finding_response",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("finding_id", sa.Integer(), nullable=False),
        sa.Column("response_date", sa.Date(), nullable=False),
        sa.Column("response", sa.String(length=30), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("due_date", sa.Date(), nullable=True),
        *_recorded("finding_response"),
        sa.CheckConstraint(
            "response IN ('accepted', 'partially_accepted', 'not_accepted')",
            name=op.f("ck_finding_response_response_code"),
        ),
        sa.CheckConstraint("length(reason) > 0", name=op.f("ck_finding_response_reason_not_empty")),
        _finding_fk("finding_response"),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["organisation.id"],
            name=op.f("fk_finding_response_owner_id_organisation"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_finding_response")),
    )
    op.create_index(op.f("ix_finding_response_finding_id"), "finding_response", ["finding_id"])
    op.create_table(
        "finding_follow_up",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("finding_id", sa.Integer(), nullable=False),
        sa.Column("note_date", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        *_recorded("finding_follow_up"),
        sa.CheckConstraint(
            "status IN ('not_started', 'limited', 'substantial', 'complete')",
            name=op.f("ck_finding_follow_up_status_code"),
        ),
        sa.CheckConstraint("length(note) > 0", name=op.f("ck_finding_follow_up_note_not_empty")),
        _finding_fk("finding_follow_up"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_finding_follow_up")),
    )
    op.create_index(op.f("ix_finding_follow_up_finding_id"), "finding_follow_up", ["finding_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_finding_follow_up_finding_id"), table_name="finding_follow_up")
    op.drop_table("finding_follow_up")
    op.drop_index(op.f("ix_finding_response_finding_id"), table_name="finding_response")
    op.drop_table("finding_response")
    op.drop_table("finding_link")

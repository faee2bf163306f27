"""index for reads by agency; cache versions per plan and kind

My activities and the sidebar's agency filter select an agency's activities; without this
index each read scans the activity-agency links of every plan (docs/benchmarks.md).
data_change holds the cache versions (models/entities/versions.py explains the scheme).

Revision ID: 0007
Revises: 0005
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = (
    (
        "ix_activity_agency_organisation_id",
        "activity_agency",
        ["organisation_id", "activity_id"],
    ),
)


def upgrade() -> None:
    op.create_table(
        "data_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_data_change")),
    )
    op.create_index(op.f("ix_data_change_plan_kind"), "data_change", ["plan_id", "kind", "id"])
    for name, table, columns in INDEXES:
        op.create_index(op.f(name), table, columns)


def downgrade() -> None:
    for name, table, _columns in reversed(INDEXES):
        op.drop_index(op.f(name), table_name=table)
    op.drop_index(op.f("ix_data_change_plan_kind"), table_name="data_change")
    op.drop_table("data_change")

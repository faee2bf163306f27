"""index for the audit trail's newest events

The Audit trail lists the newest events first (`ORDER BY occurred_at DESC, id DESC LIMIT`);
without this index PostgreSQL and SQLite read and sort the whole trail, which every write of
every plan adds to (docs/benchmarks.md, EXPLAIN at 100×).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(op.f("ix_audit_event_occurred_at"), "audit_event", ["occurred_at", "id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_audit_event_occurred_at"), table_name="audit_event")

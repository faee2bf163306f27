"""indexes for the audit trail's newest events and for the values of given reports

The Audit trail lists the newest events first (`ORDER BY occurred_at DESC, id DESC LIMIT`);
without an index PostgreSQL and SQLite read and sort the whole trail, which every write of
every plan adds to. Approvals reads the indicator values of the waiting reports
(`status_update_id IN (...)`); without an index PostgreSQL at 1000× read all 160,077 values of
every plan (docs/benchmarks.md, EXPLAIN at 100× and 1000×).

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


INDEXES = (
    ("ix_audit_event_occurred_at", "audit_event", ["occurred_at", "id"]),
    ("ix_indicator_value_status_update_id", "indicator_value", ["status_update_id"]),
)


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(op.f(name), table, columns)


def downgrade() -> None:
    for name, table, _columns in reversed(INDEXES):
        op.drop_index(op.f(name), table_name=table)

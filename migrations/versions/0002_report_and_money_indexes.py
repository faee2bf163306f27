"""indexes for reads by activity and indicator

Every dashboard read selects one plan's reports, indicator values, budgets or transactions
through their activity or indicator; without these indexes each read scans those tables for
every plan in the database (docs/benchmarks.md).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = (
    ("ix_status_update_activity_id", "status_update", ["activity_id", "report_date"]),
    ("ix_indicator_value_indicator_id", "indicator_value", ["indicator_id", "value_date"]),
    ("ix_budget_activity_id", "budget", ["activity_id"]),
    ("ix_funding_transaction_activity_id", "funding_transaction", ["activity_id"]),
)


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(op.f(name), table, columns)


def downgrade() -> None:
    for name, table, _columns in reversed(INDEXES):
        op.drop_index(op.f(name), table_name=table)

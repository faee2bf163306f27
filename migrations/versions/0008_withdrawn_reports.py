"""a report may be withdrawn by its agency

An agency withdraws its draft, submitted or returned report to edit it again or to discard it
(e.g. a draft stuck in a period locked later). The report stays in the history as "withdrawn".

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("status_update", "indicator_value")
BEFORE = "state IN ('draft', 'submitted', 'approved', 'returned')"
AFTER = "state IN ('draft', 'submitted', 'approved', 'returned', 'withdrawn')"


def _replace(condition: str) -> None:
    for table in TABLES:
        with op.batch_alter_table(table, recreate="auto") as batch:
            batch.drop_constraint(op.f(f"ck_{table}_state_code"), type_="check")
            batch.create_check_constraint(op.f(f"ck_{table}_state_code"), condition)


def upgrade() -> None:
    _replace(AFTER)


def downgrade() -> None:
    # Before this revision a withdrawn report can only be kept as returned, with a reason.
    for table in TABLES:
        op.execute(
            f"UPDATE {table} SET state = 'returned', return_reason = "
            "COALESCE(NULLIF(return_reason, ''), 'Withdrawn by its agency') "
            "WHERE state = 'withdrawn'"
        )
    _replace(BEFORE)

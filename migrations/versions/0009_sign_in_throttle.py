"""failed sign-ins counted per typed name and source, atomically

Failed sign-ins were counted on the account row (read, check the password, write old + 1),
which loses counts when attempts run in parallel on SQLite, and answered "locked" only for
real accounts. sign_in_throttle counts them per (hash of the typed name, source address) with
one atomic upsert (models/services/throttle.py). user_account.failed_attempts and
locked_until are no longer written; they stay, so that going back loses nothing.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "sign_in_throttle",
        sa.Column("account_key", sa.String(length=64), nullable=False),
        sa.Column("source", sa.String(length=64), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("window_start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("failures >= 1", name=op.f("ck_sign_in_throttle_failures_positive")),
        sa.PrimaryKeyConstraint("account_key", "source", name=op.f("pk_sign_in_throttle")),
    )


def downgrade() -> None:
    op.drop_table("sign_in_throttle")

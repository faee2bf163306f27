"""what IATI publishing needs: sectors, recipient country, identifiers, yearly budget lines

- activity_sector: an activity's sectors (vocabulary, code, percentage; inferred or entered).
- action_plan.recipient_country: an IATI Country code (Kosovo: XK).
- organisation.iati_identifier: an IATI organisation identifier, where one is known.
- budget rows become budget lines of one year at most. A row longer than that is replaced by
  one line per calendar year it touches, its amount split pro rata by days (the rule is
  models.rules.iati.SPLIT_RULE); the new lines are marked inferred and their source says
  what they were split from. The activity's total is unchanged to the cent. Downgrading
  keeps the lines: a split cannot be told apart from lines entered that way.

Revision ID: 0004
Revises: 0002
Create Date: 2026-12-01
"""

from collections.abc import Sequence
from decimal import Decimal

import sqlalchemy as sa
from alembic import op

from models.rules.iati import SPLIT_RULE, split_by_year, within_a_year

revision: str = "0004"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_budget = sa.table(
    "budget",
    sa.column("id", sa.Integer),
    sa.column("activity_id", sa.Integer),
    sa.column("amount", sa.Numeric(14, 2)),
    sa.column("currency", sa.String),
    sa.column("period_start", sa.Date),
    sa.column("period_end", sa.Date),
    sa.column("source", sa.Text),
    sa.column("inferred", sa.Boolean),
    sa.column("illustrative", sa.Boolean),
)


def upgrade() -> None:
    op.create_table(
        "activity_sector",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("vocabulary", sa.String(length=3), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("percentage", sa.Numeric(precision=5, scale=2), nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("inferred", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.CheckConstraint(
            "percentage > 0 AND percentage <= 100",
            name=op.f("ck_activity_sector_percentage_range"),
        ),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activity.id"],
            name=op.f("fk_activity_sector_activity_id_activity"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity_sector")),
        sa.UniqueConstraint(
            "activity_id",
            "vocabulary",
            "code",
            name=op.f("uq_activity_sector_activity_id_vocabulary_code"),
        ),
    )
    op.create_index(
        op.f("ix_activity_sector_activity_id"), "activity_sector", ["activity_id"], unique=False
    )
    with op.batch_alter_table("action_plan") as batch:
        batch.add_column(sa.Column("recipient_country", sa.String(length=2), nullable=True))
    with op.batch_alter_table("organisation") as batch:
        batch.add_column(sa.Column("iati_identifier", sa.String(length=100), nullable=True))
        batch.create_unique_constraint(op.f("uq_organisation_iati_identifier"), ["iati_identifier"])
    _split_long_budgets(op.get_bind())


def _split_long_budgets(connection) -> None:
    rows = connection.execute(sa.select(_budget).order_by(_budget.c.id)).mappings().all()
    for row in rows:
        if within_a_year(row["period_start"], row["period_end"]):
            continue
        amount = Decimal(str(row["amount"]))
        note = (
            f"budget of {amount:.2f} {row['currency']} for {row['period_start'].isoformat()} "
            f"to {row['period_end'].isoformat()} {SPLIT_RULE} (migration 0004)"
        )
        source = f"inferred: {note}" + (f"; was: {row['source']}" if row["source"] else "")
        connection.execute(sa.delete(_budget).where(_budget.c.id == row["id"]))
        connection.execute(
            sa.insert(_budget),
            [
                {
                    "activity_id": row["activity_id"],
                    "amount": share,
                    "currency": row["currency"],
                    "period_start": first,
                    "period_end": last,
                    "source": source,
                    "inferred": True,
                    "illustrative": row["illustrative"],
                }
                for first, last, share in split_by_year(
                    amount, row["period_start"], row["period_end"]
                )
            ],
        )


def downgrade() -> None:
    with op.batch_alter_table("organisation") as batch:
        batch.drop_constraint(op.f("uq_organisation_iati_identifier"), type_="unique")
        batch.drop_column("iati_identifier")
    with op.batch_alter_table("action_plan") as batch:
        batch.drop_column("recipient_country")
    op.drop_index(op.f("ix_activity_sector_activity_id"), table_name="activity_sector")
    op.drop_table("activity_sector")

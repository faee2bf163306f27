"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-28
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "action_plan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("country", sa.String(length=100), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("target_date", sa.Date(), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("inferred", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.CheckConstraint(
            "target_date >= period_start", name=op.f("ck_action_plan_target_after_start")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_plan")),
        sa.UniqueConstraint("code", name=op.f("uq_action_plan_code")),
    )
    op.create_table(
        "organisation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("acronym", sa.String(length=40), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("inferred", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('government', 'unmik', 'justice_police', 'international', 'ngo', 'donor', 'other')",
            name=op.f("ck_organisation_kind_code"),
        ),
        sa.CheckConstraint("length(name) > 0", name=op.f("ck_organisation_name_not_empty")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisation")),
        sa.UniqueConstraint("acronym", name=op.f("uq_organisation_acronym")),
        sa.UniqueConstraint("name", name=op.f("uq_organisation_name")),
    )
    op.create_table(
        "context_statistic",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("series", sa.String(length=40), nullable=False),
        sa.Column("reported_by", sa.String(length=40), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("from_year", sa.Integer(), nullable=True),
        sa.Column("category", sa.String(length=60), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.Column("partial_note", sa.String(length=200), nullable=True),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("inferred", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("illustrative", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.CheckConstraint(
            "series IN ('women_registered', 'victims_identified', 'traffickers_arrested')",
            name=op.f("ck_context_statistic_series_code"),
        ),
        sa.CheckConstraint(
            "from_year IS NULL OR from_year < year",
            name=op.f("ck_context_statistic_from_before_year"),
        ),
        sa.CheckConstraint("value >= 0", name=op.f("ck_context_statistic_value_not_negative")),
        sa.CheckConstraint(
            "year BETWEEN 1900 AND 2100", name=op.f("ck_context_statistic_year_range")
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["action_plan.id"],
            name=op.f("fk_context_statistic_plan_id_action_plan"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_context_statistic")),
        sa.UniqueConstraint(
            "plan_id",
            "series",
            "reported_by",
            "year",
            "category",
            name=op.f("uq_context_statistic_plan_id_series_reported_by_year_category"),
        ),
    )
    op.create_table(
        "finding",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("inferred", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('deficiency', 'recommendation', 'best_practice')",
            name=op.f("ck_finding_kind_code"),
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["action_plan.id"],
            name=op.f("fk_finding_plan_id_action_plan"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_finding")),
        sa.UniqueConstraint(
            "plan_id", "kind", "position", name=op.f("uq_finding_plan_id_kind_position")
        ),
    )
    op.create_table(
        "framework",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("target_date", sa.Date(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("inferred", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('prevention', 'protection', 'prosecution')",
            name=op.f("ck_framework_kind_code"),
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["action_plan.id"],
            name=op.f("fk_framework_plan_id_action_plan"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_framework")),
        sa.UniqueConstraint("id", "plan_id", name=op.f("uq_framework_id_plan_id")),
        sa.UniqueConstraint("plan_id", "code", name=op.f("uq_framework_plan_id_code")),
        sa.UniqueConstraint("plan_id", "kind", name=op.f("uq_framework_plan_id_kind")),
    )
    op.create_table(
        "plan_donor",
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("named_as", sa.String(length=200), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("inferred", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_plan_donor_organisation_id_organisation"),
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["action_plan.id"],
            name=op.f("fk_plan_donor_plan_id_action_plan"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("plan_id", "organisation_id", name=op.f("pk_plan_donor")),
    )
    op.create_table(
        "user_account",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=60), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("active", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("demo", sa.Boolean(), nullable=False),
        sa.Column("failed_attempts", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_login_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "role <> 'editor' OR organisation_id IS NOT NULL",
            name=op.f("ck_user_account_editor_has_organisation"),
        ),
        sa.CheckConstraint(
            "role IN ('coordinator', 'editor', 'donor', 'admin')",
            name=op.f("ck_user_account_role_code"),
        ),
        sa.CheckConstraint(
            "failed_attempts >= 0", name=op.f("ck_user_account_failed_attempts_not_negative")
        ),
        sa.CheckConstraint("length(username) >= 3", name=op.f("ck_user_account_username_length")),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_user_account_organisation_id_organisation"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user_account")),
        sa.UniqueConstraint("username", name=op.f("uq_user_account_username")),
    )
    op.create_table(
        "activity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("framework_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("planned_start", sa.Date(), nullable=False),
        sa.Column("planned_end", sa.Date(), nullable=False),
        sa.Column("dates_inferred", sa.Boolean(), nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("inferred", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.CheckConstraint(
            "planned_end >= planned_start", name=op.f("ck_activity_end_after_start")
        ),
        sa.ForeignKeyConstraint(
            ["framework_id", "plan_id"],
            ["framework.id", "framework.plan_id"],
            name=op.f("fk_activity_framework_id_plan_id_framework"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["action_plan.id"],
            name=op.f("fk_activity_plan_id_action_plan"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity")),
        sa.UniqueConstraint("id", "plan_id", name=op.f("uq_activity_id_plan_id")),
        sa.UniqueConstraint("plan_id", "code", name=op.f("uq_activity_plan_id_code")),
    )
    op.create_table(
        "audit_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("actor", sa.String(length=60), nullable=False),
        sa.Column("action", sa.String(length=60), nullable=False),
        sa.Column("entity_type", sa.String(length=60), nullable=False),
        sa.Column("entity_id", sa.String(length=60), nullable=True),
        sa.Column("old_value", sa.Text(), nullable=True),
        sa.Column("new_value", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user_account.id"], name=op.f("fk_audit_event_user_id_user_account")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_event")),
    )
    op.create_table(
        "framework_agency",
        sa.Column("framework_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("named_as", sa.String(length=200), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("inferred", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.ForeignKeyConstraint(
            ["framework_id"],
            ["framework.id"],
            name=op.f("fk_framework_agency_framework_id_framework"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_framework_agency_organisation_id_organisation"),
        ),
        sa.PrimaryKeyConstraint(
            "framework_id", "organisation_id", name=op.f("pk_framework_agency")
        ),
    )
    op.create_table(
        "objective",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("framework_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("inferred", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.ForeignKeyConstraint(
            ["framework_id", "plan_id"],
            ["framework.id", "framework.plan_id"],
            name=op.f("fk_objective_framework_id_plan_id_framework"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["action_plan.id"],
            name=op.f("fk_objective_plan_id_action_plan"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_objective")),
        sa.UniqueConstraint("plan_id", "code", name=op.f("uq_objective_plan_id_code")),
    )
    op.create_table(
        "period_lock",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("locked_by_id", sa.Integer(), nullable=True),
        sa.Column("locked_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "period_end >= period_start", name=op.f("ck_period_lock_end_after_start")
        ),
        sa.ForeignKeyConstraint(
            ["locked_by_id"],
            ["user_account.id"],
            name=op.f("fk_period_lock_locked_by_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["action_plan.id"],
            name=op.f("fk_period_lock_plan_id_action_plan"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_period_lock")),
        sa.UniqueConstraint(
            "plan_id", "period_start", name=op.f("uq_period_lock_plan_id_period_start")
        ),
    )
    op.create_table(
        "activity_agency",
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("inferred", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.CheckConstraint(
            "role IN ('lead', 'supporting')", name=op.f("ck_activity_agency_role_code")
        ),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activity.id"],
            name=op.f("fk_activity_agency_activity_id_activity"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_activity_agency_organisation_id_organisation"),
        ),
        sa.PrimaryKeyConstraint("activity_id", "organisation_id", name=op.f("pk_activity_agency")),
    )
    op.create_table(
        "activity_objective",
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("objective_id", sa.Integer(), nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("inferred", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activity.id"],
            name=op.f("fk_activity_objective_activity_id_activity"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["objective_id"],
            ["objective.id"],
            name=op.f("fk_activity_objective_objective_id_objective"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("activity_id", "objective_id", name=op.f("pk_activity_objective")),
    )
    op.create_table(
        "budget",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("amount", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("inferred", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("illustrative", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.CheckConstraint("amount >= 0", name=op.f("ck_budget_amount_not_negative")),
        sa.CheckConstraint(
            "length(currency) = 3 AND upper(currency) = currency",
            name=op.f("ck_budget_currency_code"),
        ),
        sa.CheckConstraint("period_end >= period_start", name=op.f("ck_budget_end_after_start")),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activity.id"],
            name=op.f("fk_budget_activity_id_activity"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_budget")),
    )
    op.create_table(
        "funding_transaction",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("donor_id", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(length=20), nullable=False),
        sa.Column("amount", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("transaction_date", sa.Date(), nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("inferred", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("illustrative", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.CheckConstraint(
            "type IN ('pledge', 'commitment', 'disbursement')",
            name=op.f("ck_funding_transaction_type_code"),
        ),
        sa.CheckConstraint("amount > 0", name=op.f("ck_funding_transaction_amount_positive")),
        sa.CheckConstraint(
            "length(currency) = 3 AND upper(currency) = currency",
            name=op.f("ck_funding_transaction_currency_code"),
        ),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activity.id"],
            name=op.f("fk_funding_transaction_activity_id_activity"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["donor_id"],
            ["organisation.id"],
            name=op.f("fk_funding_transaction_donor_id_organisation"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_funding_transaction")),
    )
    op.create_table(
        "indicator",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("objective_id", sa.Integer(), nullable=True),
        sa.Column("activity_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("measure", sa.String(length=20), nullable=False),
        sa.Column("unit", sa.String(length=60), nullable=True),
        sa.Column("direction", sa.String(length=20), nullable=False),
        sa.Column("baseline_value", sa.Numeric(precision=18, scale=4), nullable=True),
        sa.Column("baseline_date", sa.Date(), nullable=True),
        sa.Column("target_value", sa.Numeric(precision=18, scale=4), nullable=True),
        sa.Column("target_date", sa.Date(), nullable=True),
        sa.Column("means_of_verification", sa.Text(), nullable=True),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("inferred", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.CheckConstraint(
            "direction IN ('increase', 'decrease')", name=op.f("ck_indicator_direction_code")
        ),
        sa.CheckConstraint(
            "measure <> 'milestone' OR ((baseline_value IS NULL OR baseline_value IN (0, 1)) AND (target_value IS NULL OR target_value IN (0, 1)))",
            name=op.f("ck_indicator_milestone_is_yes_no"),
        ),
        sa.CheckConstraint(
            "measure IN ('unit', 'milestone')", name=op.f("ck_indicator_measure_code")
        ),
        sa.CheckConstraint(
            "(objective_id IS NULL) <> (activity_id IS NULL)",
            name=op.f("ck_indicator_on_objective_or_activity"),
        ),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activity.id"],
            name=op.f("fk_indicator_activity_id_activity"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["objective_id"],
            ["objective.id"],
            name=op.f("fk_indicator_objective_id_objective"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["action_plan.id"],
            name=op.f("fk_indicator_plan_id_action_plan"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicator")),
        sa.UniqueConstraint("plan_id", "code", name=op.f("uq_indicator_plan_id_code")),
    )
    op.create_table(
        "status_update",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("report_date", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("percent_complete", sa.Integer(), nullable=False),
        sa.Column("narrative", sa.Text(), nullable=False),
        sa.Column("evidence_url", sa.String(length=500), nullable=True),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("return_reason", sa.Text(), nullable=True),
        sa.Column("based_on_id", sa.Integer(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reviewed_by_id", sa.Integer(), nullable=True),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("illustrative", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.CheckConstraint(
            "state <> 'returned' OR (return_reason IS NOT NULL AND length(return_reason) > 0)",
            name=op.f("ck_status_update_returned_has_reason"),
        ),
        sa.CheckConstraint(
            "state IN ('draft', 'submitted', 'approved', 'returned')",
            name=op.f("ck_status_update_state_code"),
        ),
        sa.CheckConstraint(
            "status IN ('not_started', 'limited', 'substantial', 'complete', 'suspended', 'cancelled')",
            name=op.f("ck_status_update_status_code"),
        ),
        sa.CheckConstraint(
            "length(narrative) <= 4000", name=op.f("ck_status_update_narrative_length")
        ),
        sa.CheckConstraint(
            "percent_complete BETWEEN 0 AND 100", name=op.f("ck_status_update_percent_range")
        ),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activity.id"],
            name=op.f("fk_status_update_activity_id_activity"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["based_on_id"],
            ["status_update.id"],
            name=op.f("fk_status_update_based_on_id_status_update"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["user_account.id"],
            name=op.f("fk_status_update_created_by_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_status_update_organisation_id_organisation"),
        ),
        sa.ForeignKeyConstraint(
            ["reviewed_by_id"],
            ["user_account.id"],
            name=op.f("fk_status_update_reviewed_by_id_user_account"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_status_update")),
    )
    op.create_table(
        "indicator_value",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("indicator_id", sa.Integer(), nullable=False),
        sa.Column("status_update_id", sa.Integer(), nullable=True),
        sa.Column("value_date", sa.Date(), nullable=False),
        sa.Column("value", sa.Numeric(precision=18, scale=4), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("return_reason", sa.Text(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("illustrative", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.CheckConstraint(
            "state <> 'returned' OR (return_reason IS NOT NULL AND length(return_reason) > 0)",
            name=op.f("ck_indicator_value_returned_has_reason"),
        ),
        sa.CheckConstraint(
            "state IN ('draft', 'submitted', 'approved', 'returned')",
            name=op.f("ck_indicator_value_state_code"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["user_account.id"],
            name=op.f("fk_indicator_value_created_by_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["indicator_id"],
            ["indicator.id"],
            name=op.f("fk_indicator_value_indicator_id_indicator"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["status_update_id"],
            ["status_update.id"],
            name=op.f("fk_indicator_value_status_update_id_status_update"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicator_value")),
    )


def downgrade() -> None:

    op.drop_table("indicator_value")
    op.drop_table("status_update")
    op.drop_table("indicator")
    op.drop_table("funding_transaction")
    op.drop_table("budget")
    op.drop_table("activity_objective")
    op.drop_table("activity_agency")
    op.drop_table("period_lock")
    op.drop_table("objective")
    op.drop_table("framework_agency")
    op.drop_table("audit_event")
    op.drop_table("activity")
    op.drop_table("user_account")
    op.drop_table("plan_donor")
    op.drop_table("framework")
    op.drop_table("finding")
    op.drop_table("context_statistic")
    op.drop_table("organisation")
    op.drop_table("action_plan")

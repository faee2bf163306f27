"""What agencies report: status updates, indicators and their values, period locks."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from models.codes import (
    IMPLEMENTATION_STATUSES,
    INDICATOR_DIRECTIONS,
    INDICATOR_MEASURES,
    REPORT_STATES,
    in_list,
)
from models.db import Base
from models.entities._common import Illustrative, Sourced, timestamp_column

NARRATIVE_MAX = 4000
URL_MAX = 500

_RETURN_NEEDS_REASON = (
    "state <> 'returned' OR (return_reason IS NOT NULL AND length(return_reason) > 0)"
)


class Indicator(Sourced, Base):
    """A measure on an objective or an activity, with baseline and 2007 target."""

    __tablename__ = "indicator"
    __table_args__ = (
        UniqueConstraint("plan_id", "code"),
        CheckConstraint(in_list("measure", INDICATOR_MEASURES), name="measure_code"),
        CheckConstraint(in_list("direction", INDICATOR_DIRECTIONS), name="direction_code"),
        CheckConstraint(
            "(objective_id IS NULL) <> (activity_id IS NULL)", name="on_objective_or_activity"
        ),
        CheckConstraint(
            "measure <> 'milestone' OR ((baseline_value IS NULL OR baseline_value IN (0, 1))"
            " AND (target_value IS NULL OR target_value IN (0, 1)))",
            name="milestone_is_yes_no",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("action_plan.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(40))
    objective_id: Mapped[int | None] = mapped_column(ForeignKey("objective.id", ondelete="CASCADE"))
    activity_id: Mapped[int | None] = mapped_column(ForeignKey("activity.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(300))
    measure: Mapped[str] = mapped_column(String(20))
    unit: Mapped[str | None] = mapped_column(String(60))
    direction: Mapped[str] = mapped_column(String(20), default="increase")
    baseline_value: Mapped[Decimal | None] = mapped_column(Numeric(18, 4))
    baseline_date: Mapped[date | None] = mapped_column(Date)
    target_value: Mapped[Decimal | None] = mapped_column(Numeric(18, 4))
    target_date: Mapped[date | None] = mapped_column(Date)
    means_of_verification: Mapped[str | None] = mapped_column(Text)


class StatusUpdate(Illustrative, Base):
    """An agency's report on an activity at a date. Content is never overwritten."""

    __tablename__ = "status_update"
    __table_args__ = (
        CheckConstraint(in_list("status", IMPLEMENTATION_STATUSES), name="status_code"),
        CheckConstraint(in_list("state", REPORT_STATES), name="state_code"),
        CheckConstraint("percent_complete BETWEEN 0 AND 100", name="percent_range"),
        CheckConstraint(_RETURN_NEEDS_REASON, name="returned_has_reason"),
        CheckConstraint(f"length(narrative) <= {NARRATIVE_MAX}", name="narrative_length"),
        # Every dashboard read is "an activity's reports up to a date"; without it each one
        # scans the reports of every plan (migration 0002).
        Index("ix_status_update_activity_id", "activity_id", "report_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activity.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    report_date: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20))
    percent_complete: Mapped[int] = mapped_column(Integer)
    narrative: Mapped[str] = mapped_column(Text, default="")
    evidence_url: Mapped[str | None] = mapped_column(String(URL_MAX))
    state: Mapped[str] = mapped_column(String(20), default="draft")
    return_reason: Mapped[str | None] = mapped_column(Text)
    # The approved report this one was written against: the guard against lost updates.
    based_on_id: Mapped[int | None] = mapped_column(ForeignKey("status_update.id"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = timestamp_column()
    submitted_at: Mapped[datetime | None] = timestamp_column(nullable=True)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    reviewed_at: Mapped[datetime | None] = timestamp_column(nullable=True)


# The activity's latest approval comes first: the most recently approved report, whatever its
# reporting date (a back-dated report approved today is the latest approval). Every new report
# must be based on it. Approved reports without a review time (seeded or imported before the
# workflow) come after those with one, latest reporting date first.
LATEST_APPROVAL_FIRST = (
    StatusUpdate.reviewed_at.is_(None),
    StatusUpdate.reviewed_at.desc(),
    StatusUpdate.report_date.desc(),
    StatusUpdate.id.desc(),
)


class IndicatorValue(Illustrative, Base):
    """A reported value of an indicator at a date; follows its report's workflow."""

    __tablename__ = "indicator_value"
    __table_args__ = (
        CheckConstraint(in_list("state", REPORT_STATES), name="state_code"),
        CheckConstraint(_RETURN_NEEDS_REASON, name="returned_has_reason"),
        # An indicator's values up to a date, like reports (migration 0002).
        Index("ix_indicator_value_indicator_id", "indicator_id", "value_date"),
        # The values of given reports (Approvals, a report's history; migration 0012).
        Index("ix_indicator_value_status_update_id", "status_update_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator.id", ondelete="CASCADE"))
    status_update_id: Mapped[int | None] = mapped_column(
        ForeignKey("status_update.id", ondelete="CASCADE")
    )
    value_date: Mapped[date] = mapped_column(Date)
    value: Mapped[Decimal] = mapped_column(Numeric(18, 4))
    comment: Mapped[str | None] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(20), default="draft")
    return_reason: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = timestamp_column()


class PeriodLock(Base):
    """A closed reporting period: no report dated in it may be added or changed."""

    __tablename__ = "period_lock"
    __table_args__ = (
        UniqueConstraint("plan_id", "period_start"),
        CheckConstraint("period_end >= period_start", name="end_after_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("action_plan.id", ondelete="CASCADE"))
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    locked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    locked_at: Mapped[datetime] = timestamp_column()

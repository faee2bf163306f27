"""The plan as the report states it: plans, frameworks, objectives, activities, agencies."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.codes import (
    ACTIVITY_ROLES,
    FINDING_KINDS,
    FRAMEWORK_KINDS,
    ORGANISATION_KINDS,
    STATISTIC_SERIES,
    in_list,
)
from models.db import Base
from models.entities._common import Illustrative, Sourced


class Organisation(Sourced, Base):
    """An agency, institution or donor; its role sits on the link that names it."""

    __tablename__ = "organisation"
    __table_args__ = (
        CheckConstraint(in_list("kind", ORGANISATION_KINDS), name="kind_code"),
        CheckConstraint("length(name) > 0", name="name_not_empty"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    acronym: Mapped[str | None] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    # IATI organisation identifier (registration agency prefix + number), where one is known.
    iati_identifier: Mapped[str | None] = mapped_column(String(100), unique=True)


class ActionPlan(Sourced, Base):
    __tablename__ = "action_plan"
    __table_args__ = (CheckConstraint("target_date >= period_start", name="target_after_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    country: Mapped[str] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(String(300))
    period_start: Mapped[date] = mapped_column(Date)
    target_date: Mapped[date] = mapped_column(Date)
    description: Mapped[str | None] = mapped_column(Text)
    # IATI Country codelist code of the plan's recipient country (Kosovo: XK).
    recipient_country: Mapped[str | None] = mapped_column(String(2))

    frameworks: Mapped[list[Framework]] = relationship(
        back_populates="plan", order_by="Framework.position"
    )


class Framework(Sourced, Base):
    __tablename__ = "framework"
    __table_args__ = (
        UniqueConstraint("plan_id", "code"),
        UniqueConstraint("plan_id", "kind"),
        # Target of the composite keys that keep objectives and activities in their plan.
        UniqueConstraint("id", "plan_id"),
        CheckConstraint(in_list("kind", FRAMEWORK_KINDS), name="kind_code"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("action_plan.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    target_date: Mapped[date] = mapped_column(Date)
    position: Mapped[int] = mapped_column(Integer, default=0)

    plan: Mapped[ActionPlan] = relationship(back_populates="frameworks")
    objectives: Mapped[list[Objective]] = relationship(
        back_populates="framework", order_by="Objective.position"
    )
    activities: Mapped[list[Activity]] = relationship(
        back_populates="framework", order_by="Activity.position"
    )


class FrameworkAgency(Sourced, Base):
    """An agency the report lists as implementing a framework."""

    __tablename__ = "framework_agency"

    framework_id: Mapped[int] = mapped_column(
        ForeignKey("framework.id", ondelete="CASCADE"), primary_key=True
    )
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), primary_key=True)
    # The report's own wording where it differs from the organisation's name.
    named_as: Mapped[str | None] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(Integer, default=0)


class PlanDonor(Sourced, Base):
    """A donor the report names under "Mobilization of resources"."""

    __tablename__ = "plan_donor"

    plan_id: Mapped[int] = mapped_column(
        ForeignKey("action_plan.id", ondelete="CASCADE"), primary_key=True
    )
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), primary_key=True)
    named_as: Mapped[str | None] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(Integer, default=0)


class Objective(Sourced, Base):
    __tablename__ = "objective"
    __table_args__ = (
        UniqueConstraint("plan_id", "code"),
        ForeignKeyConstraint(
            ["framework_id", "plan_id"],
            ["framework.id", "framework.plan_id"],
            ondelete="CASCADE",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("action_plan.id", ondelete="CASCADE"))
    framework_id: Mapped[int] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer, default=0)

    framework: Mapped[Framework] = relationship(
        back_populates="objectives", foreign_keys=[framework_id]
    )


class Activity(Sourced, Base):
    __tablename__ = "activity"
    __table_args__ = (
        UniqueConstraint("plan_id", "code"),
        UniqueConstraint("id", "plan_id"),
        ForeignKeyConstraint(
            ["framework_id", "plan_id"],
            ["framework.id", "framework.plan_id"],
            ondelete="CASCADE",
        ),
        CheckConstraint("planned_end >= planned_start", name="end_after_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("action_plan.id", ondelete="CASCADE"))
    framework_id: Mapped[int] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer, default=0)
    # IATI activity-date types 1 (planned start) and 3 (planned end).
    planned_start: Mapped[date] = mapped_column(Date)
    planned_end: Mapped[date] = mapped_column(Date)
    # The report gives no dates per activity; where it does not, these are inferred.
    dates_inferred: Mapped[bool] = mapped_column(default=True)

    framework: Mapped[Framework] = relationship(
        back_populates="activities", foreign_keys=[framework_id]
    )


class ActivitySector(Sourced, Base):
    """An activity's sector (IATI sector): a code of a sector vocabulary and its share."""

    __tablename__ = "activity_sector"
    __table_args__ = (
        UniqueConstraint("activity_id", "vocabulary", "code"),
        CheckConstraint("percentage > 0 AND percentage <= 100", name="percentage_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(
        ForeignKey("activity.id", ondelete="CASCADE"), index=True
    )
    # IATI SectorVocabulary: 1 is the OECD DAC 5-digit purpose code.
    vocabulary: Mapped[str] = mapped_column(String(3))
    code: Mapped[str] = mapped_column(String(20))
    percentage: Mapped[Decimal] = mapped_column(Numeric(5, 2))


class ActivityObjective(Sourced, Base):
    """Which objective an activity contributes to (the report never says: inferred)."""

    __tablename__ = "activity_objective"

    activity_id: Mapped[int] = mapped_column(
        ForeignKey("activity.id", ondelete="CASCADE"), primary_key=True
    )
    objective_id: Mapped[int] = mapped_column(
        ForeignKey("objective.id", ondelete="CASCADE"), primary_key=True
    )


class ActivityAgency(Sourced, Base):
    """Lead or supporting agency of an activity."""

    __tablename__ = "activity_agency"
    __table_args__ = (
        CheckConstraint(in_list("role", ACTIVITY_ROLES), name="role_code"),
        # An agency's activities (My activities, the agency filter): without it each read
        # scans every plan's links (migration 0007).
        Index("ix_activity_agency_organisation_id", "organisation_id", "activity_id"),
    )

    activity_id: Mapped[int] = mapped_column(
        ForeignKey("activity.id", ondelete="CASCADE"), primary_key=True
    )
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), primary_key=True)
    role: Mapped[str] = mapped_column(String(20))


class ContextStatistic(Sourced, Illustrative, Base):
    """A published aggregate figure. Never a person: counts only."""

    __tablename__ = "context_statistic"
    __table_args__ = (
        UniqueConstraint("plan_id", "series", "reported_by", "year", "category"),
        CheckConstraint(in_list("series", STATISTIC_SERIES), name="series_code"),
        CheckConstraint("value >= 0", name="value_not_negative"),
        CheckConstraint("year BETWEEN 1900 AND 2100", name="year_range"),
        CheckConstraint("from_year IS NULL OR from_year < year", name="from_before_year"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("action_plan.id", ondelete="CASCADE"))
    series: Mapped[str] = mapped_column(String(40))
    # The organisation that published the figure (TPIU, IOM, ...), as the report names it.
    reported_by: Mapped[str] = mapped_column(String(40))
    year: Mapped[int] = mapped_column(Integer)
    # Set only for a figure that covers several years (from_year to year), such as a total.
    from_year: Mapped[int | None] = mapped_column(Integer)
    # The breakdown within the series: "Kosovo", "foreign", a nationality, or "total".
    category: Mapped[str] = mapped_column(String(60))
    value: Mapped[int] = mapped_column(Integer)
    # Set where the figure covers part of the year only, with the report's words.
    partial_note: Mapped[str | None] = mapped_column(String(200))


class Finding(Sourced, Base):
    """The report's deficiencies, recommendations and best practices, in its wording."""

    __tablename__ = "finding"
    __table_args__ = (
        UniqueConstraint("plan_id", "kind", "position"),
        CheckConstraint(in_list("kind", FINDING_KINDS), name="kind_code"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("action_plan.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300))
    text: Mapped[str] = mapped_column(Text)

"""What a plan does about the report's own findings: links to the plan, responses, follow-ups.

Responses and follow-up notes are only ever appended: the latest one dated on or before the
"as of" date is the current one, and the earlier ones are the history.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.codes import FINDING_LINK_KINDS, FINDING_RESPONSES, FOLLOW_UP_STATUSES, in_list
from models.db import Base
from models.entities._common import Sourced, timestamp_column


class FindingLink(Sourced, Base):
    """A framework, objective or activity a finding concerns (inferred: the seed proposed it)."""

    __tablename__ = "finding_link"
    __table_args__ = (
        UniqueConstraint("finding_id", "target_kind", "target_id"),
        CheckConstraint(in_list("target_kind", FINDING_LINK_KINDS), name="target_kind_code"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    finding_id: Mapped[int] = mapped_column(ForeignKey("finding.id", ondelete="CASCADE"))
    # "framework", "objective" or "activity"; target_id is that row's id in the same plan.
    target_kind: Mapped[str] = mapped_column(String(20))
    target_id: Mapped[int] = mapped_column(Integer)


class FindingResponse(Base):
    """The management response to a finding on one date: accepted or not, why, who, by when."""

    __tablename__ = "finding_response"
    __table_args__ = (
        CheckConstraint(in_list("response", FINDING_RESPONSES), name="response_code"),
        CheckConstraint("length(reason) > 0", name="reason_not_empty"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    finding_id: Mapped[int] = mapped_column(
        ForeignKey("finding.id", ondelete="CASCADE"), index=True
    )
    response_date: Mapped[date] = mapped_column(Date)
    response: Mapped[str] = mapped_column(String(30))
    reason: Mapped[str] = mapped_column(Text)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    due_date: Mapped[date | None] = mapped_column(Date)
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    recorded_at: Mapped[datetime] = timestamp_column()


class FindingFollowUp(Base):
    """A dated note on what has been done about a finding, with a completion status."""

    __tablename__ = "finding_follow_up"
    __table_args__ = (
        CheckConstraint(in_list("status", FOLLOW_UP_STATUSES), name="status_code"),
        CheckConstraint("length(note) > 0", name="note_not_empty"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    finding_id: Mapped[int] = mapped_column(
        ForeignKey("finding.id", ondelete="CASCADE"), index=True
    )
    note_date: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text)
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    recorded_at: Mapped[datetime] = timestamp_column()

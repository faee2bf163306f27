"""Money: the costed requirement of an activity and donors' transactions against it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import CheckConstraint, Date, ForeignKey, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column

from models.codes import TRANSACTION_TYPES, in_list
from models.db import Base
from models.entities._common import Illustrative, Sourced

_CURRENCY = "length(currency) = 3 AND upper(currency) = currency"


class Budget(Sourced, Illustrative, Base):
    """One line of an activity's costed requirement: an amount for a period of a year at most
    (IATI budget). The activity's costed requirement is the sum of its lines; lines split from
    a longer period by migration 0004 are marked inferred, their source naming the rule."""

    __tablename__ = "budget"
    __table_args__ = (
        CheckConstraint("amount >= 0", name="amount_not_negative"),
        CheckConstraint(_CURRENCY, name="currency_code"),
        CheckConstraint("period_end >= period_start", name="end_after_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(
        ForeignKey("activity.id", ondelete="CASCADE"), index=True
    )
    amount: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    currency: Mapped[str] = mapped_column(String(3))
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)


class FundingTransaction(Sourced, Illustrative, Base):
    """A donor's pledge, commitment or disbursement to an activity (IATI transaction)."""

    __tablename__ = "funding_transaction"
    __table_args__ = (
        CheckConstraint(in_list("type", TRANSACTION_TYPES), name="type_code"),
        CheckConstraint("amount > 0", name="amount_positive"),
        CheckConstraint(_CURRENCY, name="currency_code"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(
        ForeignKey("activity.id", ondelete="CASCADE"), index=True
    )
    donor_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    type: Mapped[str] = mapped_column(String(20))
    amount: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    currency: Mapped[str] = mapped_column(String(3))
    transaction_date: Mapped[date] = mapped_column(Date)

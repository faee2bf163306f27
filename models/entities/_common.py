"""Column helpers shared by the entities."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Boolean, DateTime, Text, false
from sqlalchemy.orm import Mapped, mapped_column


def utcnow() -> datetime:
    return datetime.now(UTC)


class Sourced:
    """Provenance: where in the report a record comes from, or that it is inferred."""

    # Section of the source report the record is taken from, e.g. "IV.A".
    source: Mapped[str | None] = mapped_column(Text)
    # True where the report is silent and the record is a proposal, not the report's word.
    inferred: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class Illustrative:
    """Marks records of the illustrative demo set, which the UI labels as such."""

    illustrative: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


def timestamp_column(nullable: bool = False) -> Mapped[datetime]:
    """A UTC timestamp; a required one defaults to now, an optional one stays empty until set."""
    return mapped_column(
        DateTime(timezone=True), nullable=nullable, default=None if nullable else utcnow
    )

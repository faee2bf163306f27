"""People who sign in, and the audit trail of what they changed."""

from __future__ import annotations

import hashlib
from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, Integer, String, Text, true
from sqlalchemy.orm import Mapped, mapped_column

from models.codes import ROLES, in_list
from models.db import Base
from models.entities._common import timestamp_column


class User(Base):
    __tablename__ = "user_account"
    __table_args__ = (
        CheckConstraint(in_list("role", ROLES), name="role_code"),
        CheckConstraint("failed_attempts >= 0", name="failed_attempts_not_negative"),
        CheckConstraint("length(username) >= 3", name="username_length"),
        # An editor reports for one agency, so must belong to one.
        CheckConstraint(
            "role <> 'editor' OR organisation_id IS NOT NULL", name="editor_has_organisation"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(60), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    # Demo accounts made by `seed --demo`; real deployments have none.
    demo: Mapped[bool] = mapped_column(Boolean, default=False)
    # No longer written: failed sign-ins are counted in sign_in_throttle (migration 0009).
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = timestamp_column(nullable=True)
    created_at: Mapped[datetime] = timestamp_column()
    last_login_at: Mapped[datetime | None] = timestamp_column(nullable=True)
    # The dashboard's language the person chose (models.i18n.LANGUAGES); None: not chosen.
    language: Mapped[str | None] = mapped_column(String(10))


class SignInThrottle(Base):
    """Failed sign-ins per typed name and source: the lockout (models/services/throttle.py).

    Keyed by the SHA-256 of the typed name, lower-cased, never the name itself: people type
    passwords into that field. Unknown names are counted like real ones, so "locked" tells
    nothing about which names exist. Bookkeeping, not data: neither exported nor versioned.
    """

    __tablename__ = "sign_in_throttle"
    __table_args__ = (CheckConstraint("failures >= 1", name="failures_positive"),)

    account_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    # The client's address as the server saw it, or "unknown".
    source: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer)
    window_start: Mapped[datetime] = timestamp_column()
    locked_until: Mapped[datetime | None] = timestamp_column(nullable=True)

    @staticmethod
    def key_for(typed_name: str) -> str:
        """The key a typed name is counted under: SHA-256 of it, trimmed and lower-cased."""
        return hashlib.sha256(typed_name.strip().lower().encode()).hexdigest()


class AuditEvent(Base):
    """Who changed what, when: old and new values as JSON text. Only ever appended."""

    __tablename__ = "audit_event"
    # The Audit trail reads the newest events first (migration 0012).
    __table_args__ = (Index("ix_audit_event_occurred_at", "occurred_at", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = timestamp_column()
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    # Who acted, as text: a username, an operator ("cli:<OS user>", "seed:demo") or "anonymous".
    actor: Mapped[str] = mapped_column(String(60))
    action: Mapped[str] = mapped_column(String(60))
    entity_type: Mapped[str] = mapped_column(String(60))
    entity_id: Mapped[str | None] = mapped_column(String(60))
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)


class SignInSession(Base):
    """A signed-in browser: kept across reloads and tabs until sign-out, idle or deactivation.

    The browser holds a random id in a cookie; only its sha256 is stored, so a copy of the
    database signs nobody in. Ended sessions stay (ended_at set) until pruned: the row says why
    a browser was signed out. Not exchanged (models/exchange/document.py) and bumps no cache
    version (models/entities/versions.py): it is bookkeeping, not plan data.
    """

    __tablename__ = "sign_in_session"
    __table_args__ = (Index("ix_sign_in_session_user_id", "user_id", "ended_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = timestamp_column()
    last_seen_at: Mapped[datetime] = timestamp_column()
    ended_at: Mapped[datetime | None] = timestamp_column(nullable=True)

"""Cache versions per plan and kind of data — THE one place the scheme is written down.

Every page read is cached (pages/ui/data.py `cached_read`). A read declares a `scope`: the
kinds of data it reads in one plan. Its cache key is the newest `data_change.id` of each of
those kinds in that plan, plus the newest of plan 0 (data every plan shows: organisations,
accounts, the plan list). A read without a scope keys on the global version
(models.queries.dashboard.data_version), which changes with every write.

Kinds:
- "structure": the plan's frameworks, objectives, activities, agency links, indicators,
  statistics, findings (the Edit the plan writes);
- "approved": reports and indicator values that are, or were, approved (what dashboards count);
- "workflow": every report and indicator value (drafts, submissions, returns, approvals) and
  period locks (My activities, Approvals);
- "funding": budgets and funding transactions.

Writes bump the versions themselves: a flush listener appends one `data_change` row per
(plan, kind) the flush touched, in the same transaction as the write, so no service can forget
and a rolled-back write bumps nothing. Rows are only ever inserted (no upsert, no race between
servers); reading a version is one index seek per kind (ix_data_change_plan_kind). A write in
plan A therefore leaves plan B's caches warm, and a draft leaves the dashboards' warm.
"""

from __future__ import annotations

from sqlalchemy import Index, Integer, String, event, insert, inspect
from sqlalchemy.orm import Mapped, Session, mapped_column

from models.db import Base
from models.entities.funding import Budget, FundingTransaction
from models.entities.plan import Activity, ActivityAgency, ActivityObjective
from models.entities.reporting import Indicator, IndicatorValue, PeriodLock, StatusUpdate

KINDS = ("structure", "approved", "workflow", "funding")
# A sign-in writes these on its account; no page shows them, so they bump nothing.
_SIGN_IN_BOOKKEEPING = {"failed_attempts", "locked_until", "last_login_at", "password_hash"}
# Data every plan shows (organisations, accounts, plans): plan 0.
ALL_PLANS = 0


class DataChange(Base):
    """One row per (plan, kind) a committed write changed: the cache versions."""

    __tablename__ = "data_change"
    __table_args__ = (Index("ix_data_change_plan_kind", "plan_id", "kind", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # No foreign key: a deleted plan's versions may stay.
    plan_id: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))


def _plan_of_activity(session: Session, activity_id: int | None) -> int:
    activity = session.get(Activity, activity_id) if activity_id is not None else None
    return activity.plan_id if activity is not None else ALL_PLANS


def _plan_of_indicator(session: Session, indicator_id: int | None) -> int:
    indicator = session.get(Indicator, indicator_id) if indicator_id is not None else None
    return indicator.plan_id if indicator is not None else ALL_PLANS


def _was_or_is_approved(obj) -> bool:
    history = inspect(obj).attrs.state.history
    return "approved" in (obj.state, *history.deleted)


def _changes(session: Session, obj) -> set[tuple[int, str]]:
    """The (plan, kind) pairs a new, changed or deleted object touches."""
    if isinstance(obj, DataChange) or obj.__tablename__ in {"sign_in_session", "sign_in_throttle"}:
        return set()
    if obj.__tablename__ == "user_account" and obj in session.dirty:
        changed = {a.key for a in inspect(obj).attrs if a.history.has_changes()}
        if changed <= _SIGN_IN_BOOKKEEPING:
            return set()
    if isinstance(obj, StatusUpdate | IndicatorValue):
        if isinstance(obj, StatusUpdate):
            plan = _plan_of_activity(session, obj.activity_id)
        else:
            plan = _plan_of_indicator(session, obj.indicator_id)
        kinds = {"workflow"} | ({"approved"} if _was_or_is_approved(obj) else set())
        return {(plan, kind) for kind in kinds}
    if isinstance(obj, Budget | FundingTransaction):
        return {(_plan_of_activity(session, obj.activity_id), "funding")}
    if isinstance(obj, PeriodLock):
        return {(obj.plan_id, "workflow")}
    if isinstance(obj, ActivityAgency | ActivityObjective):
        return {(_plan_of_activity(session, obj.activity_id), "structure")}
    plan_id = getattr(obj, "plan_id", None)
    if isinstance(plan_id, int) and obj.__tablename__ != "audit_event":
        return {(plan_id, "structure")}
    if obj.__tablename__ == "audit_event":
        return set()
    # Organisations, accounts, plans themselves: every plan's pages show them.
    return {(ALL_PLANS, kind) for kind in KINDS}


@event.listens_for(Session, "before_flush")
def _collect(session: Session, _context, _instances) -> None:
    pending = session.info.setdefault("data_changes", set())
    for obj in (*session.new, *session.dirty, *session.deleted):
        if obj in session.dirty and not session.is_modified(obj):
            continue
        pending |= _changes(session, obj)


@event.listens_for(Session, "after_flush")
def _record(session: Session, _context) -> None:
    pending = session.info.pop("data_changes", set())
    if pending:
        session.connection().execute(
            insert(DataChange), [{"plan_id": p, "kind": k} for p, k in sorted(pending)]
        )

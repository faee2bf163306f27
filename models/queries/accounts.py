"""Reads for the Accounts page: every account (never its password hash), and organisations."""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd
from sqlalchemy import Engine, func, select

from models.entities import Organisation, SignInThrottle, User
from models.queries._frame import frame


def account_list(engine: Engine) -> pd.DataFrame:
    """Every account with its organisation, for the administrator: never the password hash."""
    statement = (
        select(
            User.id,
            User.username,
            User.role,
            User.organisation_id,
            func.coalesce(Organisation.acronym, Organisation.name).label("organisation"),
            User.active,
            User.demo,
            User.last_login_at,
        )
        .outerjoin(Organisation, Organisation.id == User.organisation_id)
        .order_by(User.username)
    )
    accounts = frame(engine, statement)
    locks = _sign_in_locks(engine)
    accounts["locked_until"] = [locks.get(SignInThrottle.key_for(n)) for n in accounts.username]
    for column in ("locked_until", "last_login_at"):
        accounts[column] = pd.to_datetime(accounts[column], utc=True)
    return accounts


def _sign_in_locks(engine: Engine) -> dict[str, datetime]:
    """The latest sign-in lock in force per name key, from whichever address it was made."""
    now = datetime.now(UTC)
    rows = frame(
        engine,
        select(SignInThrottle.account_key, SignInThrottle.locked_until).where(
            SignInThrottle.locked_until.is_not(None)
        ),
    )
    latest: dict[str, datetime] = {}
    ends = pd.to_datetime(rows.locked_until, utc=True)
    for key, until in zip(rows.account_key, ends, strict=True):
        if until > now and (key not in latest or until > latest[key]):
            latest[key] = until
    return latest


def organisations(engine: Engine) -> pd.DataFrame:
    """Organisations an account may belong to: id and the label shown (acronym, else name)."""
    label = func.coalesce(Organisation.acronym, Organisation.name)
    return frame(engine, select(Organisation.id, label.label("label")).order_by(label))

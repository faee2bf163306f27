"""Reads for the Accounts page: every account (never its password hash), and organisations."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine, func, select

from models.entities import Organisation, User
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
            User.locked_until,
            User.last_login_at,
        )
        .outerjoin(Organisation, Organisation.id == User.organisation_id)
        .order_by(User.username)
    )
    accounts = frame(engine, statement)
    for column in ("locked_until", "last_login_at"):
        accounts[column] = pd.to_datetime(accounts[column], utc=True)
    return accounts


def organisations(engine: Engine) -> pd.DataFrame:
    """Organisations an account may belong to: id and the label shown (acronym, else name)."""
    label = func.coalesce(Organisation.acronym, Organisation.name)
    return frame(engine, select(Organisation.id, label.label("label")).order_by(label))

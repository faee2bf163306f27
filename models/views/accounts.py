"""The Accounts page: every account (never its password hash) and the organisations to pick."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine

from models.queries.accounts import account_list, organisations


def accounts(engine: Engine) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(the accounts, the organisations an account may belong to)."""
    return account_list(engine), organisations(engine)

"""Running a SELECT into a DataFrame."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine, Select


def frame(engine: Engine, statement: Select) -> pd.DataFrame:
    """The rows of `statement` as a DataFrame, with the selected labels as columns."""
    with engine.connect() as connection:
        result = connection.execute(statement)
        return pd.DataFrame(result.fetchall(), columns=list(result.keys()))

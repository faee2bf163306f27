"""Small-count suppression: who may see a published count below the threshold.

The statistics are aggregates, but a count of one to four people can still point at someone
(four Bulgarians arrested in 2004). Only the National Coordinator's secretariat sees such
counts; every other role, and the public, sees "<5".

Zero is shown as 0 to everyone: it discloses nobody, and hiding it would make "none" look
like "a few" (statistical offices commonly publish zeros and suppress only 1 to 4).
"""

from __future__ import annotations

import pandas as pd

SMALL_COUNT_THRESHOLD = 5
SUPPRESSED_LABEL = f"<{SMALL_COUNT_THRESHOLD}"
# The one role trusted with small counts (see DESIGN.md, ContextStatistic).
UNSUPPRESSED_ROLES = frozenset({"coordinator"})


def sees_small_counts(role: str | None) -> bool:
    """True for the coordinator; anonymous visitors (role None) and all other roles are not."""
    return role in UNSUPPRESSED_ROLES


def is_small(values: pd.Series) -> pd.Series:
    """Counts that would be suppressed: 1 to threshold - 1. Zero and missing are not."""
    numbers = pd.to_numeric(values, errors="coerce")
    return (numbers > 0) & (numbers < SMALL_COUNT_THRESHOLD)


def suppress_small_counts(data: pd.DataFrame, role: str | None, column: str = "value"):
    """`data` ready to show to `role`: `column` holds only what the role may see.

    Adds `display` (the text to show: the count, or "<5") and `suppressed` (bool). For a
    role that may not see small counts, suppressed values are replaced by <NA> in `column`
    itself, so nothing downstream (chart, hover, table) can show them by accident.
    """
    out = data.copy()
    values = pd.to_numeric(out[column], errors="coerce").astype("Int64")
    hidden = (
        pd.Series(False, index=out.index) if sees_small_counts(role) else is_small(values)
    ).astype(bool)
    out[column] = values.mask(hidden)
    out["suppressed"] = hidden
    out["display"] = values.astype("string").fillna("").mask(hidden, SUPPRESSED_LABEL)
    return out


def total_withheld(parts_suppressed: pd.Series, role: str | None) -> bool:
    """Whether a published total must be withheld from `role`.

    A total shown beside its parts gives away a suppressed part by subtraction (391 minus
    the other yearly figures leaves the three Kosovo victims of 2002), so it is withheld
    whenever any of its parts is suppressed for that role.
    """
    return not sees_small_counts(role) and bool(parts_suppressed.any())

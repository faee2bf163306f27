"""No page shows "nan", "None" or "NaT" for a missing value, for any role: every table cell,
metric, text and pre-filled field of every page a role may open, on the demo set."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from models.codes import ROLES
from models.rules.access import pages_for
from pages.ui.navigation import PAGES

MISSING = re.compile(r"(?<![\w.])(nan|None|NaT|<NA>)(?![\w])")
CASES = [
    (role, key)
    for role in (*ROLES, None)
    for key in pages_for(role, public_summary=True)
    if key in PAGES
]


def shown_texts(at) -> list[tuple[str, str]]:
    """(where, text) for everything the page puts on screen as text."""
    texts: list[tuple[str, str]] = []
    for frame in [*at.dataframe, *at.table]:
        value = frame.value
        if isinstance(value, pd.DataFrame):
            for column in value.columns:
                texts.append(("heading", str(column)))
                # A text column draws a missing value as a grey "None": it must hold "".
                text_column = value[column].dtype == object
                for cell in value[column]:
                    missing = cell is None or (not isinstance(cell, str) and pd.isna(cell))
                    if not missing or text_column:
                        texts.append((f"cell {column}", str(cell)))
    for kind in ("markdown", "caption", "info", "warning", "error", "success", "title"):
        texts += [(kind, str(e.value)) for e in getattr(at, kind)]
    texts += [(f"metric {m.label}", f"{m.label} {m.value}") for m in at.metric]
    for kind in ("text_input", "text_area"):
        texts += [(f"{kind} {w.label}", str(w.value or "")) for w in getattr(at, kind)]
    return texts


@pytest.mark.parametrize(("role", "key"), CASES, ids=[f"{r}-{k}" for r, k in CASES])
def test_no_page_reads_nan_none_or_nat(app, seeded_url, role, key):
    at = app(seeded_url, PAGES[key][0], user=role)
    assert not at.exception, at.exception
    found = [(where, text) for where, text in shown_texts(at) if MISSING.search(text)]
    assert not found, found

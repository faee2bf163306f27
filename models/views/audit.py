"""The Audit trail page: events and their count for the chosen filters, and the CSV download."""

from __future__ import annotations

import csv
import io
from datetime import datetime

import pandas as pd
from sqlalchemy import Engine

from models.exchange.spreadsheet import safe_cell
from models.queries.audit import EVENT_COLUMNS, audit_count, audit_events, audit_facets

__all__ = ["audit_csv", "audit_facets", "events"]
LIMIT = 1000


def events(engine: Engine, **filters) -> tuple[pd.DataFrame, int]:
    """The newest LIMIT events matching `filters`, and how many match in all."""
    return audit_events(engine, limit=LIMIT, **filters), audit_count(engine, **filters)


def audit_csv(events: pd.DataFrame) -> bytes:
    """The events as CSV for a spreadsheet: UTF-8 with a BOM (so Excel reads it as UTF-8),
    ISO 8601 timestamps, formula-like cells neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(EVENT_COLUMNS)
    for row in events[EVENT_COLUMNS].itertuples(index=False):
        writer.writerow([_cell(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")


def _cell(value) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, datetime):
        return value.isoformat()
    return safe_cell(str(value))

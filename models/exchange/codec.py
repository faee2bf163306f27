"""Checking an export document and turning its JSON values back into column values.

Everything is checked before anything is written, so a refusal names the table, record and
field at fault and leaves the database as it was.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Boolean, Column, Date, DateTime, Integer, Numeric, String, Table

from models.services.errors import DomainError

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z")
_DECIMAL = re.compile(r"-?\d+(\.\d+)?")


class ExchangeError(DomainError, ValueError):
    """An export document that cannot be imported, or a database that cannot take it."""


def decode_document(
    doc: Any,
    *,
    tables: list[Table],
    header: dict[str, Any],
    revision: str | None,
    may_be_null: frozenset[tuple[str, str]] = frozenset(),
) -> dict[str, list[dict[str, Any]]]:
    """{table name: rows ready to insert}, or ExchangeError naming the first fault.
    Columns named in `may_be_null` as (table, column) may be null in a document (left-out
    secrets) though the database requires them: the caller fills them in."""
    _check_header(doc, header, revision)
    known = {table.name: table for table in tables}
    content = doc["tables"]
    if not isinstance(content, dict):
        raise ExchangeError("'tables' must be an object keyed by table name")
    for name in sorted(content):
        if name not in known:
            raise ExchangeError(f"unknown table {name!r}")
    return {
        name: _decode_table(known[name], content[name], may_be_null) for name in sorted(content)
    }


def _check_header(doc: Any, header: dict[str, Any], revision: str | None) -> None:
    if not isinstance(doc, dict):
        raise ExchangeError("the document is not a JSON object")
    expected = {**header, "schema_revision": revision}
    unknown = sorted(set(doc) - set(expected) - {"tables"})
    if unknown:
        raise ExchangeError(f"unknown top-level key {unknown[0]!r}")
    for key in [*expected, "tables"]:
        if key not in doc:
            raise ExchangeError(f"missing {key!r}: not an Action Plan Monitor export")
    for key, value in expected.items():
        if doc[key] != value or type(doc[key]) is not type(value):
            raise ExchangeError(f"{key} is {doc[key]!r}; this version reads {value!r} only")


def _decode_table(table: Table, records: Any, may_be_null) -> list[dict[str, Any]]:
    if not isinstance(records, list):
        raise ExchangeError(f"table {table.name!r} must be a list of records")
    return [
        _decode_record(table, record, index, may_be_null) for index, record in enumerate(records, 1)
    ]


def where_of(table: Table, record: dict[str, Any], index: int) -> str:
    """How a refusal names a record: its table, position and key."""
    where = f"table {table.name!r}, record {index}"
    keys = [column.name for column in table.primary_key.columns]
    if all(isinstance(record.get(key), int) for key in keys):
        where += " (" + ", ".join(f"{key} {record[key]}" for key in keys) + ")"
    return where


def _decode_record(table: Table, record: Any, index: int, may_be_null) -> dict[str, Any]:
    if not isinstance(record, dict):
        raise ExchangeError(f"table {table.name!r}, record {index}: not a JSON object")
    where = where_of(table, record, index)
    for name in sorted(record):
        if name not in table.columns:
            raise ExchangeError(f"{where}: unknown field {name!r}")
    return {
        column.name: _decode_field(column, record, where, (table.name, column.name) in may_be_null)
        for column in table.columns
    }


def _decode_field(column: Column, record: dict[str, Any], where: str, may_be_null) -> Any:
    value = record.get(column.name)
    if value is None:
        if not column.nullable and not may_be_null:
            raise ExchangeError(f"{where}: field {column.name!r} is required")
        return None
    try:
        return _decode_value(column, value)
    except ValueError as exc:
        raise ExchangeError(f"{where}: field {column.name!r}: {exc}; got {value!r}") from None


def _decode_value(column: Column, value: Any) -> Any:
    kind = column.type
    if isinstance(kind, Boolean):
        return _expect(value, bool, "expected true or false")
    if isinstance(kind, Integer):
        if isinstance(value, bool):
            raise ValueError("expected an integer")
        return _expect(value, int, "expected an integer")
    if isinstance(kind, DateTime):
        text = _expect(value, str, "expected a UTC date-time like 2006-01-31T09:30:00.000000Z")
        if not _DATETIME.fullmatch(text):
            raise ValueError("expected a UTC date-time like 2006-01-31T09:30:00.000000Z")
        return datetime.fromisoformat(text)
    if isinstance(kind, Date):
        text = _expect(value, str, "expected a date like 2006-01-31")
        if not _DATE.fullmatch(text):
            raise ValueError("expected a date like 2006-01-31")
        return date.fromisoformat(text)
    if isinstance(kind, Numeric):
        return _decode_decimal(kind, value)
    text = _expect(value, str, "expected a string")
    if isinstance(kind, String) and kind.length and len(text) > kind.length:
        raise ValueError(f"longer than {kind.length} characters")
    return text


def _decode_decimal(kind: Numeric, value: Any) -> Decimal:
    scale, precision = kind.scale or 0, kind.precision
    text = _expect(value, str, 'expected a decimal number as a string, like "1500.00"')
    if not _DECIMAL.fullmatch(text):
        raise ValueError('expected a decimal number as a string, like "1500.00"')
    number = Decimal(text)
    if -number.as_tuple().exponent > scale:
        raise ValueError(f"more than {scale} decimal places")
    if precision and len(str(abs(int(number)))) > precision - scale:
        raise ValueError(f"more than {precision - scale} digits before the decimal point")
    return number


def _expect(value: Any, kind: type, message: str) -> Any:
    if not isinstance(value, kind):
        raise ValueError(message)
    return value

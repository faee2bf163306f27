"""Reading seed files: YAML records checked field by field, and insert-if-missing by key.

Every error names the file and the record, so a malformed seed file can be fixed by reading
the message alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from models.db import PROJECT_ROOT
from models.entities import Organisation

# libyaml's safe loader where PyYAML was built with it: the pure-Python one is ~20× slower.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

SEED_ROOT = PROJECT_ROOT / "seed_data"

_TYPE_NAMES = {str: "text", int: "a whole number", bool: "true or false", date: "a date"}


class SeedError(ValueError):
    """A seed file that cannot be loaded, with the file and record at fault."""


class Record:
    """One mapping from a seed file, remembering where it came from."""

    def __init__(self, data: Any, where: str) -> None:
        if not isinstance(data, dict):
            raise SeedError(f"{where}: expected a mapping, got {type(data).__name__}")
        self.data = data
        label = data.get("code") or data.get("name")
        self.where = f"{where} ({label})" if isinstance(label, str) else where

    def fail(self, problem: str) -> SeedError:
        return SeedError(f"{self.where}: {problem}")

    def get(self, key: str, kind: type = str, *, required: bool = True, choices=None) -> Any:
        value = self.data.get(key)
        if value is None:
            if required:
                raise self.fail(f"missing '{key}'")
            return None
        # bool is an int in Python; a YAML `true` must not pass for a number.
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise self.fail(f"'{key}' should be {_TYPE_NAMES.get(kind, kind)}, got {value!r}")
        if kind is str and not value.strip():
            raise self.fail(f"'{key}' is empty")
        if choices is not None and value not in choices:
            raise self.fail(f"'{key}' is {value!r}, expected one of {', '.join(choices)}")
        return value

    def flag(self, key: str) -> bool:
        return bool(self.get(key, bool, required=False))

    def number(self, key: str, *, required: bool = True) -> Decimal | None:
        value = self.data.get(key)
        if value is None and not required:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(f"'{key}' should be a number, got {value!r}")
        return Decimal(str(value))

    def sourced(self) -> dict[str, Any]:
        """Provenance columns; an inferred record must say so in its source line."""
        source, inferred = self.get("source"), self.flag("inferred")
        if inferred and not source.startswith("inferred"):
            raise self.fail("an inferred record's source must start with 'inferred'")
        return {"source": source, "inferred": inferred}

    def child(self, key: str) -> Record:
        return Record(self.get(key, dict), f"{self.where}: {key}")

    def children(self, key: str, *, required: bool = True) -> Iterator[Record]:
        items = self.get(key, list, required=required) or []
        for index, item in enumerate(items):
            yield Record(item, f"{self.where}: {key}[{index}]")


def load(directory: Path, name: str) -> Record:
    """The top-level mapping of one seed file."""
    path = Path(directory) / name
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise SeedError(f"{path}: seed file not found") from exc
    try:
        data = yaml.load(text, Loader=_SAFE_LOADER)
    except yaml.YAMLError as exc:
        raise SeedError(f"{name}: not valid YAML: {exc}") from exc
    return Record(data, name)


Row = tuple[str, dict[str, Any]]


def rows_of(records: Iterable[Record], build: Callable[[Record, int], dict]) -> list[Row]:
    """Column values for each record (with its 1-based position), tagged with its location."""
    return [(r.where, build(r, position)) for position, r in enumerate(records, 1)]


class Counts:
    """Rows created per table during one seeding run."""

    def __init__(self, session: Session, tables: Iterable[str]) -> None:
        self.session = session
        self.created = dict.fromkeys(tables, 0)

    def add(self, model: type, key: tuple[str, ...], rows: Iterable[Row]) -> dict[tuple, Any]:
        found, created = add_missing(self.session, model, key, rows)
        self.created[model.__tablename__] += created
        return found


def key_of(obj: Any, key: tuple[str, ...]) -> tuple:
    return tuple(getattr(obj, column) for column in key)


def add_missing(session: Session, model: type, key: tuple[str, ...], rows: Iterable[Row]):
    """Insert the rows whose natural key is not in the table yet.

    Returns every row's object by key (existing or new) and how many were created. One query
    finds the existing rows: the first key column narrows it, the rest match in Python.
    """
    wanted: dict[tuple, dict[str, Any]] = {}
    for where, values in rows:
        natural = tuple(values[column] for column in key)
        if natural in wanted:
            raise SeedError(f"{where}: duplicate of an earlier record ({', '.join(key)})")
        wanted[natural] = values
    if not wanted:
        return {}, 0
    first = getattr(model, key[0])
    existing = session.scalars(select(model).where(first.in_({k[0] for k in wanted})))
    found = {key_of(obj, key): obj for obj in existing}
    new = [model(**values) for natural, values in wanted.items() if natural not in found]
    session.add_all(new)
    try:
        session.flush()
    except IntegrityError as exc:
        raise SeedError(f"{model.__tablename__}: rejected by the database: {exc.orig}") from exc
    found.update((key_of(obj, key), obj) for obj in new)
    return found, len(new)


def organisation_ids(session: Session) -> dict[str, int]:
    """Organisation ids by the names seed files use: full name, and acronym where there is one."""
    ids: dict[str, int] = {}
    for org_id, name, acronym in session.execute(
        select(Organisation.id, Organisation.name, Organisation.acronym)
    ):
        ids[name] = org_id
        if acronym:
            ids[acronym] = org_id
    return ids


def resolve(
    record: Record, ids: dict[str, int], key: str = "organisation", among: str = "organisations"
) -> int:
    ref = record.get(key)
    if ref not in ids:
        raise record.fail(f"{key} {ref!r} is not among {among}")
    return ids[ref]

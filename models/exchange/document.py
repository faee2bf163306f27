"""The whole database as one JSON document, and back into an empty database.

Tables and columns come from the ORM metadata, so a new entity is exported and imported
without code here changing. Values are written in one canonical form per column type, so
exporting, importing into an empty database and exporting again gives the same bytes.
"""

from __future__ import annotations

import hashlib
import json
import os
from datetime import UTC, date
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    Date,
    DateTime,
    Integer,
    Numeric,
    Table,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.orm import Session

import models.entities  # noqa: F401  (registers every table on the metadata)
from models.db import Base
from models.entities.versions import ALL_PLANS, KINDS, DataChange
from models.exchange.codec import ExchangeError, decode_document, where_of
from models.ops.migrate import head_revision
from models.rules.password_hashes import NO_PASSWORD, is_argon2_hash
from models.services import audit
from models.services.authz import Operator

FORMAT = "action-plan-monitor"
VERSION = 1
_DATETIME_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"

__all__ = [
    "ExchangeError",
    "dump_json",
    "export_database",
    "import_database",
    "read_json",
    "tables",
    "write_text",
]


# Cache versions (models/entities/versions.py), sign-in sessions (models/services/sessions.py)
# and failed sign-ins counted per typed name and address (models/services/throttle.py) are
# bookkeeping, not data: a copy starts with none of them, and signs nobody in.
NOT_EXCHANGED = {"data_change", "sign_in_session", "sign_in_throttle"}
# Left out (null) unless the export is asked for secrets; an account imported without its
# hash gets NO_PASSWORD and cannot sign in until an administrator resets its password.
PASSWORD_HASH = models.entities.User.__table__.c.password_hash
SECRETS = frozenset({(PASSWORD_HASH.table.name, PASSWORD_HASH.name)})


def tables() -> list[Table]:
    """Every table of data, parents before children: the order rows can be inserted in."""
    return [table for table in Base.metadata.sorted_tables if table.name not in NOT_EXCHANGED]


def export_database(session: Session, *, include_secrets: bool = False) -> dict[str, Any]:
    """The whole database; password hashes are null unless `include_secrets` (a full backup).
    An account without a password (NO_PASSWORD) is exported as null either way."""
    connection = session.connection()
    left_out = frozenset() if include_secrets else SECRETS
    return {
        "format": FORMAT,
        "version": VERSION,
        "schema_revision": head_revision(),
        "tables": {table.name: _export_table(connection, table, left_out) for table in tables()},
    }


def dump_json(doc: dict[str, Any]) -> str:
    """The canonical text of a document: sorted keys, two-space indent, final newline."""
    return json.dumps(doc, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def read_json(path: Path) -> Any:
    """The parsed content of a document file, or ExchangeError saying why it cannot be read."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ExchangeError(f"cannot read {path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise ExchangeError(f"{path} is not UTF-8 text: {exc.reason}") from None
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno} column {exc.colno}"
        raise ExchangeError(f"{path} is not valid JSON: {exc.msg} at {where}") from None


def write_text(path: Path, text: str) -> None:
    """Write via a temporary file, so a failed export never leaves half a document. The file
    is readable by its owner only (0600), also when it replaces an older one: an export
    holds every account, and with --include-secrets their password hashes."""
    partial = path.with_name(path.name + ".partial")
    try:
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.fchmod(descriptor, 0o600)  # a leftover partial file keeps its old mode otherwise
        with open(descriptor, "w", encoding="utf-8") as file:
            file.write(text)
        os.replace(partial, path)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise ExchangeError(f"cannot write {path}: {exc.strerror or exc}") from None


def import_database(
    session: Session, doc: Any, *, actor: models.entities.User | Operator | None = None
) -> dict[str, int]:
    """Load a document into an empty database; {table: rows}. The caller commits.

    With an actor, an "import" audit event is appended after the data, naming the
    document's SHA-256; without one, the database becomes an exact copy of the source.
    """
    rows = decode_document(
        doc,
        tables=tables(),
        header={"format": FORMAT, "version": VERSION},
        revision=head_revision(),
        may_be_null=SECRETS,
    )
    _password_hashes(rows.get(PASSWORD_HASH.table.name, []))
    connection = session.connection()
    _refuse_non_empty(connection)
    for table in tables():
        _insert(connection, table, rows.get(table.name, []))
    if connection.dialect.name == "postgresql":
        _reset_sequences(connection)
    # Every page cache of this database is stale now (models/entities/versions.py).
    connection.execute(insert(DataChange), [{"plan_id": ALL_PLANS, "kind": k} for k in KINDS])
    counts = {table.name: len(rows.get(table.name, [])) for table in tables()}
    if actor is not None:
        digest = hashlib.sha256(dump_json(doc).encode()).hexdigest()
        new = {"rows": counts, "sha256": digest, "schema_revision": doc["schema_revision"]}
        audit.record(session, actor=actor, action="import", entity_type="database", new=new)
    return counts


def _export_table(connection: Connection, table: Table, left_out) -> list[dict[str, Any]]:
    query = select(table).order_by(*table.primary_key.columns)
    return [
        {
            column.name: None
            if (table.name, column.name) in left_out or row[column.name] == NO_PASSWORD
            else _encode(column, row[column.name])
            for column in table.columns
        }
        for row in connection.execute(query).mappings()
    ]


def _password_hashes(accounts: list[dict[str, Any]]) -> None:
    """A left-out hash becomes NO_PASSWORD; any other must be a valid argon2 hash."""
    bad = []
    for index, account in enumerate(accounts, 1):
        value = account[PASSWORD_HASH.name]
        if value is None:
            account[PASSWORD_HASH.name] = NO_PASSWORD
        elif not is_argon2_hash(value):
            bad.append(f"{where_of(PASSWORD_HASH.table, account, index)}: field 'password_hash'")
    if bad:
        raise ExchangeError(
            f"{'; '.join(bad)}: not a valid argon2 password hash; leave it null for an "
            "account that must have its password reset"
        )


def _encode(column: Column, value: Any) -> Any:
    kind = column.type
    if value is None:
        return None
    if isinstance(kind, Boolean):
        return bool(value)
    if isinstance(kind, DateTime):
        # SQLite hands back naive datetimes; everything is stored in UTC.
        aware = value if value.tzinfo else value.replace(tzinfo=UTC)
        return aware.astimezone(UTC).strftime(_DATETIME_FORMAT)
    if isinstance(kind, Date):
        return value.isoformat() if isinstance(value, date) else str(value)
    if isinstance(kind, Numeric):
        return str(Decimal(value).quantize(Decimal(1).scaleb(-(kind.scale or 0))))
    if isinstance(kind, Integer):
        return int(value)
    return value


def _refuse_non_empty(connection: Connection) -> None:
    for table in tables():
        count = connection.scalar(select(func.count()).select_from(table))
        if count:
            raise ExchangeError(
                f"the database is not empty (table {table.name!r} has"
                f" {count} row{'s' if count > 1 else ''}): "
                "import only into a new, empty database"
            )


def _insert(connection: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    own = [fk.parent.name for fk in table.foreign_keys if fk.column.table is table]
    try:
        waves, rest = _in_link_order(table, own, rows)
        for wave in waves:
            connection.execute(insert(table), wave)
        if rest:
            # Rows pointing at each other, or at a row not in the document: insert without
            # the links, then link (the database refuses a link to a missing row).
            connection.execute(insert(table), [{**r, **dict.fromkeys(own, None)} for r in rest])
            for name in own:
                _link(connection, table, name, rest)
    except (IntegrityError, DataError) as exc:
        detail = " ".join(str(exc.orig).split())
        raise ExchangeError(f"table {table.name!r} could not be imported: {detail}") from exc


def _in_link_order(table: Table, own: list[str], rows: list[dict[str, Any]]):
    """Rows in waves, each pointing only at rows of earlier waves (a report's "based on" at
    an earlier report), so rows go in whole: an approved report is never updated (the
    database refuses it, migration 0010). Returns (waves, rows left over)."""
    if not own:
        return [rows], []
    (key,) = table.primary_key.columns
    inserted: set[Any] = set()
    waves, pending = [], rows
    while pending:
        ready = [r for r in pending if all(r[n] is None or r[n] in inserted for n in own)]
        if not ready:
            break
        waves.append(ready)
        inserted.update(r[key.name] for r in ready)
        pending = [r for r in pending if r[key.name] not in inserted]
    return waves, pending


def _link(connection: Connection, table: Table, name: str, rows: list[dict[str, Any]]) -> None:
    (key,) = table.primary_key.columns
    for row in rows:
        if row[name] is not None:
            statement = update(table).where(key == row[key.name]).values({name: row[name]})
            connection.execute(statement)


def _reset_sequences(connection: Connection) -> None:
    # Rows came with their ids, so the id sequences must be moved past them.
    for table in tables():
        keys = list(table.primary_key.columns)
        if len(keys) == 1 and isinstance(keys[0].type, Integer):
            sequence = func.pg_get_serial_sequence(table.name, keys[0].name)
            connection.execute(select(func.setval(sequence, func.max(keys[0]))))

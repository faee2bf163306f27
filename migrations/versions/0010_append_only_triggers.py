"""the audit trail and approved reports are append-only in the database too

The ORM already refuses to change or delete an audit event; these triggers refuse it to any
SQL as well: UPDATE and DELETE on audit_event, and UPDATE and DELETE of a status_update row
whose state is 'approved' (an approved report is the record; a newer report supersedes it,
nothing edits it). Approving a report updates a *submitted* row, which stays allowed; no step
of the workflow changes a report once approved (the "based on" link is set on the newer
report, never on the approved one). On PostgreSQL, TRUNCATE of either table is refused too.

On SQLite, models.db.lock_for_write takes the write lock with a no-op UPDATE of the rows it
locks: lock the activity (as the services do), never approved status_update rows.

SQLite drops a table's triggers with the table: a later migration that rebuilds audit_event
or status_update (batch_alter_table with recreate) must call drop_triggers before and
create_triggers after.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02
"""

from collections.abc import Sequence

from alembic import op
from sqlalchemy import Connection, text

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

AUDIT_MESSAGE = "audit_event is append-only: an audit event cannot be changed or deleted"
REPORT_MESSAGE = "status_update: an approved report cannot be changed or deleted"
FUNCTION = "refuse_append_only_change"

# (trigger name, table, SQLite event, row condition or None, message)
_SQLITE = [
    ("audit_event_no_update", "audit_event", "UPDATE", None, AUDIT_MESSAGE),
    ("audit_event_no_delete", "audit_event", "DELETE", None, AUDIT_MESSAGE),
    ("status_update_approved_no_update", "status_update", "UPDATE", "approved", REPORT_MESSAGE),
    ("status_update_approved_no_delete", "status_update", "DELETE", "approved", REPORT_MESSAGE),
]
# (trigger name, table, PostgreSQL events, row-level condition or None, message)
_POSTGRES = [
    ("audit_event_append_only", "audit_event", "UPDATE OR DELETE", "", AUDIT_MESSAGE),
    ("audit_event_no_truncate", "audit_event", "TRUNCATE", None, AUDIT_MESSAGE),
    (
        "status_update_approved_append_only",
        "status_update",
        "UPDATE OR DELETE",
        "OLD.state = 'approved'",
        REPORT_MESSAGE,
    ),
    ("status_update_no_truncate", "status_update", "TRUNCATE", None, REPORT_MESSAGE),
]


def _sqlite_create() -> list[str]:
    statements = []
    for name, table, event, state, message in _SQLITE:
        when = f" WHEN OLD.state = '{state}'" if state else ""
        statements.append(
            f"CREATE TRIGGER {name} BEFORE {event} ON {table} FOR EACH ROW{when} "
            f"BEGIN SELECT RAISE(ABORT, '{message}'); END"
        )
    return statements


def _postgres_create() -> list[str]:
    statements = [
        f"CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "BEGIN RAISE EXCEPTION '%', TG_ARGV[0] USING ERRCODE = 'restrict_violation'; END $$"
    ]
    for name, table, events, condition, message in _POSTGRES:
        if condition is None:
            level = "FOR EACH STATEMENT"
        else:
            level = "FOR EACH ROW" + (f" WHEN ({condition})" if condition else "")
        statements.append(
            f"CREATE TRIGGER {name} BEFORE {events} ON {table} {level} "
            f"EXECUTE FUNCTION {FUNCTION}('{message}')"
        )
    return statements


def create_triggers(connection: Connection) -> None:
    """Create the append-only triggers on this connection's database."""
    if connection.dialect.name == "sqlite":
        statements = _sqlite_create()
    else:
        statements = _postgres_create()
    for statement in statements:
        connection.execute(text(statement))


def drop_triggers(connection: Connection) -> None:
    """Drop the append-only triggers (all of them, if present)."""
    if connection.dialect.name == "sqlite":
        statements = [f"DROP TRIGGER IF EXISTS {name}" for name, *_ in _SQLITE]
    else:
        statements = [f"DROP TRIGGER IF EXISTS {name} ON {table}" for name, table, *_ in _POSTGRES]
        statements.append(f"DROP FUNCTION IF EXISTS {FUNCTION}()")
    for statement in statements:
        connection.execute(text(statement))


def upgrade() -> None:
    create_triggers(op.get_bind())


def downgrade() -> None:
    drop_triggers(op.get_bind())

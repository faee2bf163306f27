"""Migration 0010: the database itself refuses to change the audit trail or approved reports.

Raw SQL, past the ORM's guard, on both dialects: UPDATE and DELETE of an audit event, and of
an approved report, fail with the trigger's message; a report still moves through the
workflow up to approval; the triggers can be dropped and made again.
"""

from __future__ import annotations

import importlib.util

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from models.db import PROJECT_ROOT, make_engine
from models.entities import User
from models.services import audit
from models.services.reporting import approve
from tests.reporting_world import build_world, submitted

MIGRATION = PROJECT_ROOT / "migrations" / "versions" / "0010_append_only_triggers.py"


def _migration():
    spec = importlib.util.spec_from_file_location("append_only_triggers", MIGRATION)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


triggers = _migration()


@pytest.fixture
def world(db_url):
    engine = make_engine(db_url)
    with Session(engine) as session:
        world = build_world(session)
        audit.record(session, actor="cli", action="create", entity_type="plan", entity_id=1)
        pending = submitted(session, world)
        ids = {"base": world.base.id, "pending": pending.id, "coordinator": world.coordinator.id}
        session.commit()
    yield engine, ids
    engine.dispose()


def _refused(engine, statement: str, message: str, **params) -> None:
    with engine.connect() as connection:
        with pytest.raises(DBAPIError, match=message):
            connection.execute(text(statement), params)
        connection.rollback()


AUDIT_CHANGES = [
    "UPDATE audit_event SET action = 'delete'",
    "UPDATE audit_event SET occurred_at = occurred_at",
    "DELETE FROM audit_event",
]
REPORT_CHANGES = [
    "UPDATE status_update SET percent_complete = 99 WHERE id = :id",
    "UPDATE status_update SET narrative = narrative WHERE id = :id",
    "UPDATE status_update SET state = 'returned', return_reason = 'x' WHERE id = :id",
    "DELETE FROM status_update WHERE id = :id",
]


@pytest.mark.parametrize("statement", AUDIT_CHANGES)
def test_the_audit_trail_cannot_be_changed_in_sql(world, statement):
    engine, _ids = world
    _refused(engine, statement, triggers.AUDIT_MESSAGE)
    with engine.connect() as connection:
        assert connection.scalar(text("SELECT count(*) FROM audit_event")) > 0


@pytest.mark.parametrize("statement", REPORT_CHANGES)
def test_an_approved_report_cannot_be_changed_in_sql(world, statement):
    engine, ids = world
    _refused(engine, statement, triggers.REPORT_MESSAGE, id=ids["base"])
    with engine.connect() as connection:
        row = connection.execute(
            text("SELECT state, percent_complete FROM status_update WHERE id = :id"),
            {"id": ids["base"]},
        ).one()
    assert tuple(row) == ("approved", 40)


def test_truncate_is_refused_on_postgresql(world):
    engine, _ids = world
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite has no TRUNCATE")
    _refused(engine, "TRUNCATE audit_event", triggers.AUDIT_MESSAGE)
    _refused(engine, "TRUNCATE status_update CASCADE", triggers.REPORT_MESSAGE)


def test_reports_not_yet_approved_still_move_and_get_approved(world):
    engine, ids = world
    with engine.begin() as connection:  # a submitted report is not the record yet
        connection.execute(
            text("UPDATE status_update SET narrative = 'checked' WHERE id = :id"),
            {"id": ids["pending"]},
        )
    with Session(engine) as session, session.begin():
        actor = session.get(User, ids["coordinator"])
        (report,) = approve(session=session, actor=actor, report_ids=[ids["pending"]])
        assert report.state == "approved"
    _refused(
        engine,
        "UPDATE status_update SET narrative = '' WHERE id = :id",
        triggers.REPORT_MESSAGE,
        id=ids["pending"],
    )


def test_the_triggers_can_be_dropped_and_made_again(world):
    engine, ids = world
    with engine.begin() as connection:
        triggers.drop_triggers(connection)
        connection.execute(text("UPDATE audit_event SET action = action"))
        triggers.create_triggers(connection)
    _refused(engine, "DELETE FROM audit_event", triggers.AUDIT_MESSAGE)
    base = {"id": ids["base"]}
    _refused(engine, "DELETE FROM status_update WHERE id = :id", triggers.REPORT_MESSAGE, **base)

"""No lost updates: concurrent writers on one activity, each on its own connection and thread.

A reviewer's approval holds the activity until it commits; a writer arriving meanwhile waits,
then sees the newer approved report and gets ReportConflict instead of silently submitting
against an outdated one. Both reports stay in the history.
"""

from __future__ import annotations

import threading
import time
from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from models.db import make_engine, transaction
from models.entities import StatusUpdate, User
from models.queries.reporting import my_activities
from models.services.errors import ReportConflict
from models.services.reporting import approve, save_report
from tests.reporting_world import build_world

HOLD_SECONDS = 0.8
TIMEOUT = 20


@pytest.fixture
def world(db_url):
    engine = make_engine(db_url)
    with Session(engine) as session:
        world = build_world(session)
        ids = {
            name: getattr(world, name).id
            for name in ("a1", "base", "mlsw_editor", "iom_editor", "coordinator")
        }
        session.commit()
    yield engine, ids
    engine.dispose()


def _report(session, ids, user, **fields):
    values = {
        "activity_id": ids["a1"],
        "report_date": date(2006, 6, 30),
        "status": "substantial",
        "narrative": "",
        "submit": True,
    }
    return save_report(session=session, actor=session.get(User, ids[user]), **values, **fields)


def _starting_version(engine, ids, user) -> int:
    """What the editor's My activities page shows as the approved report to write against."""
    rows = my_activities(engine, ids[user]).set_index("activity_id")
    return int(rows.loc[ids["a1"], "approved_id"])


def _in_thread(target) -> tuple[threading.Thread, dict]:
    outcome: dict = {}

    def run():
        try:
            outcome["value"] = target()
        except Exception as error:  # handed to the test thread, which asserts on it
            outcome["error"] = error
        outcome["finished_at"] = time.monotonic()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


def test_a_writer_waits_for_the_approval_and_then_gets_the_conflict(world):
    engine, ids = world
    seen_by_mlsw = _starting_version(engine, ids, "mlsw_editor")
    seen_by_iom = _starting_version(engine, ids, "iom_editor")
    assert seen_by_mlsw == seen_by_iom == ids["base"]
    with transaction(engine) as session:
        first = _report(session, ids, "mlsw_editor", percent_complete=55, based_on_id=seen_by_mlsw)
        first_id = first.id
    approved, release = threading.Event(), threading.Event()

    def coordinator():
        with transaction(engine) as session:
            approve(
                session=session, actor=session.get(User, ids["coordinator"]), report_ids=[first_id]
            )
            approved.set()
            release.wait(TIMEOUT)  # hold the activity, uncommitted

    def second_editor():
        with transaction(engine) as session:
            try:
                _report(session, ids, "iom_editor", percent_complete=50, based_on_id=seen_by_iom)
            except ReportConflict as conflict:
                return conflict  # caught inside the transaction: the draft is committed
        return None

    reviewer, _ = _in_thread(coordinator)
    assert approved.wait(TIMEOUT)
    writer, outcome = _in_thread(second_editor)
    time.sleep(HOLD_SECONDS)
    assert writer.is_alive(), "the second writer must wait while the approval is uncommitted"
    released_at = time.monotonic()
    release.set()
    reviewer.join(TIMEOUT), writer.join(TIMEOUT)
    assert "error" not in outcome, outcome.get("error")
    conflict = outcome["value"]
    assert isinstance(conflict, ReportConflict) and outcome["finished_at"] >= released_at
    assert conflict.newer_id == first_id
    assert "2006-06-30: substantial, 55%, by MLSW (editor.mlsw)" in str(conflict)
    with engine.connect() as connection:
        history = connection.execute(
            select(StatusUpdate.id, StatusUpdate.state, StatusUpdate.percent_complete)
            .where(StatusUpdate.activity_id == ids["a1"])
            .order_by(StatusUpdate.id)
        ).all()
    assert [tuple(row) for row in history] == [
        (ids["base"], "approved", 40),
        (first_id, "approved", 55),
        (conflict.draft_id, "draft", 50),
    ]


def test_two_reviewers_cannot_approve_reports_on_the_same_basis(world):
    engine, ids = world
    with transaction(engine) as session:
        first = _report(session, ids, "mlsw_editor", percent_complete=55, based_on_id=ids["base"])
        second = _report(session, ids, "iom_editor", percent_complete=60, based_on_id=ids["base"])
        first_id, second_id = first.id, second.id
    approved, release = threading.Event(), threading.Event()

    def reviewer(report_id, signal=None):
        def run():
            with transaction(engine) as session:
                actor = session.get(User, ids["coordinator"])
                result = approve(session=session, actor=actor, report_ids=[report_id])
                if signal is not None:
                    signal.set()
                    release.wait(TIMEOUT)
                return [r.id for r in result]

        return run

    one, first_outcome = _in_thread(reviewer(first_id, approved))
    assert approved.wait(TIMEOUT)
    other, second_outcome = _in_thread(reviewer(second_id))
    time.sleep(HOLD_SECONDS)
    assert other.is_alive(), "the second approval must wait for the first to commit"
    release.set()
    one.join(TIMEOUT), other.join(TIMEOUT)
    assert first_outcome["value"] == [first_id]
    assert isinstance(second_outcome.get("error"), ReportConflict)
    assert second_outcome["error"].newer_id == first_id
    with engine.connect() as connection:
        states = dict(
            connection.execute(
                select(StatusUpdate.id, StatusUpdate.state).where(
                    StatusUpdate.id.in_([first_id, second_id])
                )
            ).all()
        )
    assert states == {first_id: "approved", second_id: "submitted"}

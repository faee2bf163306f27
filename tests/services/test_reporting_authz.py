"""Who may do what in the reporting workflow, checked by calling the services directly."""

from __future__ import annotations

from datetime import date

import pytest

from models.services.errors import PermissionDenied
from models.services.reporting import approve, lock_period, return_report, save_report, submit_draft
from tests.factories import make_status_update, row_counts
from tests.reporting_world import build_world, report_args


@pytest.fixture
def world(session):
    world = build_world(session)
    # MLSW's work in progress on its own activity, and KPS's submitted report on its own.
    world.draft = make_status_update(
        session, world.a1, world.mlsw, state="draft", based_on_id=world.base.id
    )
    world.kps_report = make_status_update(session, world.a2, world.kps, state="submitted")
    world.inactive = world.mlsw_editor.__class__(
        username="old.mlsw",
        password_hash="x",
        role="editor",
        organisation_id=world.mlsw.id,
        active=False,
    )
    session.add(world.inactive)
    session.flush()
    return world


def _write(actor_name):
    return lambda s, w: save_report(session=s, **report_args(w, actor=getattr(w, actor_name)))


REFUSED = [
    # An editor of another agency: cannot report on, touch drafts of, or review its work.
    (
        "KPS reports on MLSW's activity",
        _write("kps_editor"),
        "editor.kps reports for KPS, which neither leads nor supports activity PREV-A1",
    ),
    (
        "IOM edits MLSW's draft",
        lambda s, w: save_report(
            session=s, **report_args(w, actor=w.iom_editor, report_id=w.draft.id)
        ),
        "belongs to another organisation",
    ),
    (
        "IOM submits MLSW's draft",
        lambda s, w: submit_draft(session=s, actor=w.iom_editor, report_id=w.draft.id),
        "belongs to another organisation",
    ),
    (
        "KPS submits MLSW's draft",
        lambda s, w: submit_draft(session=s, actor=w.kps_editor, report_id=w.draft.id),
        "neither leads nor supports",
    ),
    (
        "MLSW writes on KPS's activity",
        lambda s, w: save_report(
            session=s,
            **report_args(w, activity_id=w.a2.id, based_on_id=None, indicator_values=None),
        ),
        "editor.mlsw reports for MLSW, which neither leads nor supports activity PREV-A2",
    ),
    (
        "an editor approves",
        lambda s, w: approve(session=s, actor=w.mlsw_editor, report_ids=[w.kps_report.id]),
        "only a coordinator may approve or return reports; editor.mlsw is editor",
    ),
    (
        "an editor returns",
        lambda s, w: return_report(
            session=s, actor=w.kps_editor, report_id=w.kps_report.id, reason="No."
        ),
        "only a coordinator may approve or return reports; editor.kps is editor",
    ),
    (
        "an editor locks a period",
        lambda s, w: lock_period(
            session=s,
            actor=w.mlsw_editor,
            plan_id=w.plan.id,
            period_start=date(2005, 5, 1),
            period_end=date(2005, 12, 31),
        ),
        "only a coordinator may lock a reporting period",
    ),
    # Roles that never write reports.
    (
        "a coordinator writes",
        _write("coordinator"),
        "only an editor may write reports; coord is coordinator",
    ),
    ("a donor writes", _write("donor"), "only an editor may write reports; donor.osce is donor"),
    ("an admin writes", _write("admin"), "only an editor may write reports; admin is admin"),
    (
        "a donor approves",
        lambda s, w: approve(session=s, actor=w.donor, report_ids=[w.kps_report.id]),
        "only a coordinator may",
    ),
    (
        "an admin locks",
        lambda s, w: lock_period(
            session=s,
            actor=w.admin,
            plan_id=w.plan.id,
            period_start=date(2005, 5, 1),
            period_end=date(2005, 12, 31),
        ),
        "only a coordinator may lock",
    ),
    # Inactive or absent users can do nothing.
    (
        "an inactive editor writes",
        _write("inactive"),
        "only an active, signed-in editor may write reports",
    ),
    (
        "an inactive editor submits",
        lambda s, w: submit_draft(session=s, actor=w.inactive, report_id=w.draft.id),
        "only an active, signed-in editor",
    ),
    (
        "nobody approves",
        lambda s, w: approve(session=s, actor=None, report_ids=[w.kps_report.id]),
        "only an active, signed-in",
    ),
    (
        "a username is not a user",
        lambda s, w: save_report(session=s, **report_args(w, actor="editor.mlsw")),
        "only an active, signed-in editor",
    ),
]


@pytest.mark.parametrize(("call", "message"), [c[1:] for c in REFUSED], ids=[c[0] for c in REFUSED])
def test_refused_and_nothing_written(session, world, call, message):
    before = row_counts(session)
    with pytest.raises(PermissionDenied) as refused:
        call(session, world)
    assert message in str(refused.value)
    assert row_counts(session) == before
    assert (world.draft.state, world.kps_report.state) == ("draft", "submitted")


def test_an_inactive_coordinator_cannot_approve(session, world):
    world.coordinator.active = False
    session.flush()
    with pytest.raises(PermissionDenied, match="only an active, signed-in coordinator"):
        approve(session=session, actor=world.coordinator, report_ids=[world.kps_report.id])


def test_any_editor_of_the_agency_may_finish_its_draft(session, world):
    colleague = world.mlsw_editor.__class__(
        username="second.mlsw", password_hash="x", role="editor", organisation_id=world.mlsw.id
    )
    session.add(colleague)
    session.flush()
    report = submit_draft(session=session, actor=colleague, report_id=world.draft.id)
    assert report.state == "submitted"


def test_the_lead_and_the_supporting_agency_may_both_report(session, world):
    # MLSW already has a draft in progress, so it finishes that one; IOM starts its own.
    mlsw = save_report(session=session, **report_args(world, report_id=world.draft.id))
    iom = save_report(session=session, **report_args(world, actor=world.iom_editor))
    assert (mlsw.id, mlsw.organisation_id) == (world.draft.id, world.mlsw.id)
    assert iom.organisation_id == world.iom.id != mlsw.organisation_id

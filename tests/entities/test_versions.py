"""Cache versions follow what changed: a write in one plan leaves another plan's versions as
they were, a draft leaves the approved-reports version as it was, an approval moves it."""

from __future__ import annotations

from models.queries.dashboard import plan_versions
from models.services.reporting import approve, save_report
from tests.factories import make_plan
from tests.reporting_world import build_world, report_args, submitted

KINDS = ("structure", "approved", "workflow", "funding")


def _versions(session, plan_id):
    session.flush()
    values = plan_versions(session.get_bind(), plan_id, KINDS)
    return dict(zip(KINDS, values[: len(KINDS)], strict=True))


def test_writes_move_only_their_plan_and_kind(session):
    w = build_world(session)
    other = make_plan(session, code="OTHER")
    session.commit()
    plan, before_other = _versions(session, w.plan.id), _versions(session, other.id)
    assert plan["structure"] is not None and plan["approved"] is not None

    save_report(session=session, **report_args(w))  # a draft
    session.commit()
    after_draft = _versions(session, w.plan.id)
    assert after_draft["workflow"] > (plan["workflow"] or 0)
    assert after_draft["approved"] == plan["approved"]
    assert after_draft["structure"] == plan["structure"]

    report = submitted(session, w, actor=w.iom_editor, percent_complete=60)
    approve(session=session, actor=w.coordinator, report_ids=[report.id])
    session.commit()
    after_approval = _versions(session, w.plan.id)
    assert after_approval["approved"] > after_draft["approved"]
    assert after_approval["funding"] == plan["funding"]
    assert _versions(session, other.id) == before_other


def test_a_rolled_back_write_moves_nothing(session):
    w = build_world(session)
    session.commit()
    before = _versions(session, w.plan.id)
    save_report(session=session, **report_args(w))
    session.rollback()
    assert _versions(session, w.plan.id) == before

"""Approvals page: the coordinator's queue of submitted reports, approve, return, lock."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import text

from models.db import make_engine, transaction
from models.entities import User
from models.rules.text import escape_markdown
from models.services.reporting import approve, save_report
from tests.pages.conftest import account

PAGE = "pages/approvals.py"


def _sql(url: str, statement: str, **params) -> list:
    engine = make_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(text(statement), params).all()
    engine.dispose()
    return rows


def _submitted(url: str) -> list:
    """The plan's submitted reports, oldest submission first, with the approved one before."""
    return _sql(
        url,
        """
        SELECT s.id, a.code, s.percent_complete,
               (SELECT p.percent_complete FROM status_update p
                WHERE p.activity_id = s.activity_id AND p.state = 'approved'
                ORDER BY p.report_date DESC, p.id DESC LIMIT 1) AS before
        FROM status_update s JOIN activity a ON a.id = s.activity_id
        WHERE s.state = 'submitted' ORDER BY s.submitted_at, s.id""",
    )


def _report(url: str, report_id: int):
    return _sql(
        url,
        "SELECT state, return_reason, reviewed_by_id FROM status_update WHERE id = :id",
        id=report_id,
    )[0]


def _framework_progress(url: str, framework: str, as_of: date) -> float:
    """Mean % complete of the framework's activities from their latest approved report on or
    before `as_of` (none: 0%), leaving out suspended and cancelled ones: the Overview's rule."""
    rows = _sql(
        url,
        """
        SELECT a.id, (SELECT p.status || ':' || p.percent_complete FROM status_update p
                      WHERE p.activity_id = a.id AND p.state = 'approved'
                        AND p.report_date <= :as_of
                      ORDER BY p.report_date DESC, p.id DESC LIMIT 1)
        FROM activity a JOIN framework f ON f.id = a.framework_id WHERE f.name = :name""",
        name=framework,
        as_of=as_of.isoformat(),
    )
    latest = [r[1].split(":") if r[1] else ("none", "0") for r in rows]
    counted = [int(p) for status, p in latest if status not in ("suspended", "cancelled")]
    return sum(counted) / len(counted)


def _overview_figure(app, url: str, framework: str) -> str:
    at = app(url, "pages/overview.py")
    names = [
        s.value for s in at.subheader if s.value in ("Prevention", "Protection", "Prosecution")
    ]
    return dict(zip(names, [m.value for m in at.metric], strict=True))[framework]


def test_queue_lists_submitted_reports_oldest_first_with_what_changed(app, seeded_url):
    expected = _submitted(seeded_url)
    assert len(expected) >= 2
    at = app(seeded_url, PAGE)
    assert at.title[0].value == "Approvals"
    table = at.dataframe[0].value
    assert list(table["code"]) == [r.code for r in expected]
    assert list(table["percent"]) == [
        f"{r.before}% → {r.percent_complete}% ({r.percent_complete - r.before:+d} pts)"
        for r in expected
    ]
    assert any("Illustrative demo data" in w.value for w in at.warning)
    first = expected[0]
    change = f"{first.percent_complete - first.before:+d} pts"
    assert at.metric[1].value == f"{first.before}% → {first.percent_complete}% ({change})"


def test_approving_one_report_moves_the_overview(app, seeded_url):
    first = _submitted(seeded_url)[0]
    assert first.code.startswith("PREV-")
    as_of = _sql(seeded_url, "SELECT max(report_date) FROM status_update WHERE state = 'approved'")[
        0
    ][0]
    as_of = date.fromisoformat(str(as_of)[:10])
    before = _framework_progress(seeded_url, "Prevention", as_of)
    assert _overview_figure(app, seeded_url, "Prevention") == f"{before:.0f}%"

    at = app(seeded_url, PAGE)
    assert at.selectbox[0].value == first.id  # the oldest report is reviewed first
    at.button(key=f"approve-one-{first.id}").click().run()
    assert not at.exception
    assert at.success[0].value == escape_markdown(f"Approved report {first.id} ({first.code}).")
    coordinator = account(seeded_url, "coordinator")
    assert tuple(_report(seeded_url, first.id)) == ("approved", None, coordinator.id)
    assert first.code not in list(at.dataframe[0].value["code"])

    after = _framework_progress(seeded_url, "Prevention", as_of)
    (count,) = _sql(
        seeded_url,
        "SELECT count(*) FROM activity a JOIN framework f "
        "ON f.id = a.framework_id WHERE f.name = 'Prevention'",
    )[0]
    assert after == pytest.approx(before + (first.percent_complete - first.before) / count)
    assert _overview_figure(app, seeded_url, "Prevention") == f"{after:.0f}%" != f"{before:.0f}%"


def test_approving_several_at_once(app, seeded_url):
    queue = _submitted(seeded_url)
    chosen = [queue[1].id, queue[2].id]
    at = app(seeded_url, PAGE)
    (picker,) = [m for m in at.multiselect if m.label == "Reports to approve"]
    picker.set_value(chosen)
    _button(at, "Approve selected reports").click().run()
    assert not at.exception
    assert at.success[0].value == escape_markdown("Approved 2 report(s).")
    assert [_report(seeded_url, i).state for i in chosen] == ["approved", "approved"]
    assert _report(seeded_url, queue[0].id).state == "submitted"
    assert list(at.dataframe[0].value["code"]) == [r.code for r in queue if r.id not in chosen]


def test_returning_without_a_reason_shows_the_message_and_writes_nothing(app, seeded_url):
    first = _submitted(seeded_url)[0]
    at = app(seeded_url, PAGE)
    events = _sql(seeded_url, "SELECT count(*) FROM audit_event")[0][0]
    at.text_area(key=f"reason-{first.id}").set_value("   ")
    _return_button(at).click().run()
    message = escape_markdown("Reason: say why the report is returned")
    assert [e.value for e in at.error] == [message]
    assert tuple(_report(seeded_url, first.id)) == ("submitted", None, None)
    assert _sql(seeded_url, "SELECT count(*) FROM audit_event")[0][0] == events


def test_returning_with_a_reason(app, seeded_url):
    first = _submitted(seeded_url)[0]
    at = app(seeded_url, PAGE)
    at.text_area(key=f"reason-{first.id}").set_value("The figure needs the municipal data.")
    _return_button(at).click().run()
    assert not at.error
    coordinator = account(seeded_url, "coordinator")
    assert tuple(_report(seeded_url, first.id)) == (
        "returned",
        "The figure needs the municipal data.",
        coordinator.id,
    )
    assert first.code not in list(at.dataframe[0].value["code"])
    assert "Returned report" in at.success[0].value


def test_locking_a_period_lists_it(app, seeded_url):
    at = app(seeded_url, PAGE)
    assert "No period of this plan is locked." in [c.value for c in at.caption]
    start, end = _lock_inputs(at)
    start.set_value(date(2005, 5, 1))
    end.set_value(date(2005, 12, 31))
    _button(at, "Lock period").click().run()
    assert not at.error
    rows = _sql(seeded_url, "SELECT period_start, period_end FROM period_lock")
    assert [(str(a)[:10], str(b)[:10]) for a, b in rows] == [("2005-05-01", "2005-12-31")]
    locks = at.dataframe[1].value
    assert [str(d)[:10] for d in locks["period_start"]] == ["2005-05-01"]
    assert list(locks["locked_by"]) == [account(seeded_url, "coordinator").username]


def test_locking_a_period_with_pending_reports_is_refused(app, seeded_url):
    at = app(seeded_url, PAGE)
    start, end = _lock_inputs(at)
    start.set_value(date(2007, 7, 1))
    end.set_value(date(2007, 9, 30))
    _button(at, "Lock period").click().run()
    pending = len(_submitted(seeded_url))
    message = (
        f"To: {pending} submitted report(s) dated in the period await review; "
        "approve or return them first"
    )
    assert [e.value for e in at.error] == [escape_markdown(message)]
    assert _sql(seeded_url, "SELECT count(*) FROM period_lock")[0][0] == 0


def test_a_report_overtaken_by_a_newer_approval_is_flagged_and_refused(app, seeded_url):
    mlsw = next(r for r in _submitted(seeded_url) if r.code == "PROT-A4")
    ((activity_id, basis),) = _sql(
        seeded_url, "SELECT activity_id, based_on_id FROM status_update WHERE id = :id", id=mlsw.id
    )
    iom, coordinator = account(seeded_url, "editor"), account(seeded_url, "coordinator")
    engine = make_engine(seeded_url)
    with transaction(engine) as s:
        late = save_report(
            session=s,
            actor=s.get(User, iom.id),
            activity_id=activity_id,
            report_date=date(2007, 9, 30),
            status="limited",
            percent_complete=40,
            narrative="Shelter inspections started.",
            based_on_id=basis,
            submit=True,
        ).id
    with transaction(engine) as s:
        approve(session=s, actor=s.get(User, coordinator.id), report_ids=[mlsw.id])
    engine.dispose()
    at = app(seeded_url, PAGE)
    table = at.dataframe[0].value
    assert table.loc[late, "flags"] == "conflict"
    assert any(f"report {mlsw.id}" in w.value and "will be refused" in w.value for w in at.warning)
    (picker,) = [m for m in at.multiselect if m.label == "Reports to approve"]
    picker.set_value([late])
    _button(at, "Approve selected reports").click().run()
    assert "has a newer approved report" in at.error[0].value
    assert _report(seeded_url, late).state == "submitted"


@pytest.mark.parametrize("role", ["editor", "donor"])
def test_other_roles_are_sent_home(app, seeded_url, role):
    at = app(seeded_url, user=role)
    home = at.title[0].value
    try:
        at.switch_page(PAGE).run()
    except ValueError:  # not even offered in this role's navigation
        pass
    assert not at.exception
    assert at.title[0].value == home != "Approvals"
    assert not any(b.label == "Approve selected reports" for b in at.button)


def _button(at, label: str):
    (button,) = [b for b in at.button if b.label == label]
    return button


def _return_button(at):
    return _button(at, "Return to the agency")


def _lock_inputs(at):
    inputs = {d.label: d for d in at.date_input}
    return inputs["From"], inputs["To"]


def headings(table) -> list[str]:
    """A table's column headings as the browser gets them (st.column_config labels)."""
    config = json.loads(table.proto.columns)
    return [column.get("label", key) for key, column in config.items()]


@pytest.mark.parametrize(
    ("lang", "title", "button", "heading", "percent"),
    [
        ("sq", "Miratimet", "Mirato raportet e zgjedhura", "Dorëzuar nga", "% e përfunduar"),
        ("sr_Latn", "Odobrenja", "Odobri izabrane izveštaje", "Podnosilac", "% završeno"),
    ],
)
def test_approvals_read_in_the_chosen_language(
    app, seeded_url, lang, title, button, heading, percent
):
    at = app(seeded_url, PAGE, params={"lang": lang})
    assert at.title[0].value == title
    assert button in [b.label for b in at.button]
    queue = headings(at.dataframe[0])
    assert heading in queue and percent in queue

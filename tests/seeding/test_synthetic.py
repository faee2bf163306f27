from datetime import date, timedelta

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from models.cli import main
from models.db import make_engine, transaction
from models.entities import ActionPlan, AuditEvent, Organisation
from models.exchange.document import export_database
from models.ops import integrity
from models.seeding.synthetic import SOURCE, TABLES, generate
from tests.conftest import new_database_url

# Fridays from 2005-05-06 to 2007-12-28, counted by hand: 139 weeks.
WEEKS = (date(2007, 12, 28) - date(2005, 5, 6)).days // 7 + 1
INVENTED = ("status_update", "indicator_value", "budget", "funding_transaction")
INVENTED += ("context_statistic",)
STRUCTURE = ("framework", "objective", "activity", "indicator", "activity_agency")
STRUCTURE += ("activity_objective", "framework_agency", "plan_donor", "action_plan")


def _generate(engine, plans: int = 2, seed: int = 2007) -> dict[str, int]:
    with transaction(engine) as session:
        return generate(session, plans=plans, seed=seed)


def _per_plan(session: Session, table: str) -> dict[str, int]:
    rows = session.execute(
        text(
            f"SELECT p.code, count(*) FROM {table} t JOIN action_plan p ON p.id = t.plan_id"
            " GROUP BY p.code"
        )
    )
    return dict(rows.all())


def test_two_plans_have_the_kosovo_shape(engine, session):
    counts = _generate(engine)
    assert WEEKS == 139
    expected = {"SYN-0001": None, "SYN-0002": None}
    for table, per_plan in (("framework", 3), ("objective", 10), ("activity", 26)):
        assert _per_plan(session, table) == dict.fromkeys(expected, per_plan), table
    assert _per_plan(session, "indicator") == dict.fromkeys(expected, 16)
    reports = session.execute(
        text(
            "SELECT a.code, count(*), min(s.report_date), max(s.report_date),"
            " count(DISTINCT s.report_date) FROM status_update s"
            " JOIN activity a ON a.id = s.activity_id GROUP BY a.id, a.code"
        )
    ).all()
    assert len(reports) == 52
    for _, n, first, last, distinct in reports:
        assert (n, distinct) == (WEEKS, WEEKS)
        assert (str(first), str(last)) == ("2005-05-06", "2007-12-28")
    assert counts["status_update"] == 52 * WEEKS
    assert counts["activity"] == 52


def test_reports_are_weekly_approved_and_never_fall_back(engine, session):
    _generate(engine, plans=1)
    rows = session.execute(
        text(
            "SELECT activity_id, report_date, percent_complete, state, status FROM status_update"
            " ORDER BY activity_id, report_date"
        )
    ).all()
    previous = None
    for activity_id, day, percent, state, status in rows:
        day = day if isinstance(day, date) else date.fromisoformat(day)
        assert day.weekday() == 4 and state == "approved"
        assert (status == "complete") == (percent == 100)
        if previous and previous[0] == activity_id:
            assert day - previous[1] == timedelta(days=7)
            assert percent >= previous[2]
        previous = (activity_id, day, percent)


def test_counts_returned_match_the_database(engine, session):
    counts = _generate(engine)
    for table in TABLES:
        assert session.scalar(text(f"SELECT count(*) FROM {table}")) == counts[table], table


def test_every_generated_row_is_marked(engine, session):
    _generate(engine)
    for table in INVENTED:
        total, flagged = session.execute(
            text(f"SELECT count(*), sum(CASE WHEN illustrative THEN 1 ELSE 0 END) FROM {table}")
        ).one()
        assert total > 0 and flagged == total, table
    for table in STRUCTURE:
        total, marked = session.execute(
            text(f"SELECT count(*), sum(CASE WHEN inferred THEN 1 ELSE 0 END) FROM {table}"),
        ).one()
        assert total > 0 and marked == total, table
        sources = session.scalars(text(f"SELECT DISTINCT source FROM {table}")).all()
        assert sources == [SOURCE], table
    assert session.scalars(select(ActionPlan.code).order_by(ActionPlan.code)).all() == [
        "SYN-0001",
        "SYN-0002",
    ]


def test_same_seed_same_rows_other_seed_other_rows(engine, request, tmp_path):
    _generate(engine)
    twins = []
    for seed in (2007, 11):
        url = new_database_url(engine.dialect.name, request, tmp_path)
        other = make_engine(url)
        _generate(other, seed=seed)
        with Session(other) as s:
            twins.append(export_database(s)["tables"])
        other.dispose()
    with Session(engine) as s:
        first = export_database(s)["tables"]
    for table in TABLES:
        assert first[table] == twins[0][table], table
    assert first["status_update"] != twins[1]["status_update"]


def test_generated_data_passes_the_integrity_report(engine, session):
    _generate(engine)
    problems = integrity.check(session)
    assert [p.message for p in problems if p.severity == "error"] == []


def test_reuses_seeded_organisations_and_continues_numbering(seeded_engine):
    with Session(seeded_engine) as s:
        organisations = s.scalar(select(func.count()).select_from(Organisation))
        events = s.scalar(select(func.count()).select_from(AuditEvent))
    _generate(seeded_engine, plans=1)
    _generate(seeded_engine, plans=1)
    with Session(seeded_engine) as s:
        assert s.scalar(select(func.count()).select_from(Organisation)) == organisations
        codes = s.scalars(select(ActionPlan.code).order_by(ActionPlan.code)).all()
        assert codes == ["SYN-0001", "SYN-0002", "XK-2005-2007"]
        actions = s.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions[events:] == ["generate", "generate"]


def test_fewer_than_one_plan_is_refused(engine):
    with Session(engine) as s, pytest.raises(ValueError, match="at least 1"):
        generate(s, plans=0)


def test_cli_generate(sqlite_url, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    assert main(["generate", "--plans", "1", "--seed", "3"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert f"status_update: {26 * WEEKS}" in out
    assert out[-1].startswith("generated 1 illustrative plan (")
    assert main(["generate", "--plans", "0"]) == 2
    assert capsys.readouterr().err == "actionplan: error: --plans must be at least 1, not 0\n"


def test_cli_generate_needs_a_migrated_database(tmp_path, monkeypatch, capsys):
    path = tmp_path / "empty.db"
    path.touch()
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{path}")
    assert main(["generate", "--plans", "1"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not migrated" in err

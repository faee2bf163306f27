"""pytest-alembic's checks, on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import pytest
from pytest_alembic import Config as PytestAlembicConfig
from pytest_alembic.tests import (
    test_model_definitions_match_ddl,
    test_single_head_revision,
    test_up_down_consistency,
    test_upgrade,
)
from sqlalchemy import text

from models.db import make_engine
from models.ops import migrate
from tests.conftest import DIALECTS

__all__ = [
    "test_model_definitions_match_ddl",
    "test_single_head_revision",
    "test_up_down_consistency",
    "test_upgrade",
]


@pytest.fixture(params=DIALECTS)
def alembic_engine(request, tmp_path):
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'migrations.db'}")
    else:
        server = request.getfixturevalue("pg_server")
        admin = make_engine(server.url())
        name = f"apm_migrations_{tmp_path.name}".lower().replace("-", "_")[:60]
        with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        engine = make_engine(server.url(name))
    yield engine
    engine.dispose()


@pytest.fixture
def alembic_config():
    return PytestAlembicConfig(alembic_config=migrate.alembic_config())


def test_0004_splits_multi_year_budgets_pro_rata_by_days(alembic_runner, alembic_engine):
    """A budget longer than a year becomes calendar-year lines adding up to it, marked
    inferred; a budget within a year is left as it was."""
    from datetime import date
    from decimal import Decimal

    alembic_runner.migrate_up_before("0004")
    with alembic_engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO action_plan (id, code, country, title, period_start, target_date,"
                " inferred) VALUES (1, 'XK', 'Kosovo', 'Plan', '2005-05-01', '2007-12-31', false)"
            )
        )
        conn.execute(
            text(
                "INSERT INTO framework (id, plan_id, code, kind, name, target_date, position,"
                " inferred) VALUES (1, 1, 'PREV', 'prevention', 'P', '2007-12-31', 1, false)"
            )
        )
        conn.execute(
            text(
                "INSERT INTO activity (id, plan_id, framework_id, code, title, description,"
                " position, planned_start, planned_end, dates_inferred, inferred) VALUES"
                " (1, 1, 1, 'A1', 'A', 'A', 1, '2005-06-01', '2007-06-30', true, false)"
            )
        )
        conn.execute(
            text(
                "INSERT INTO budget (activity_id, amount, currency, period_start, period_end,"
                " source, inferred, illustrative) VALUES"
                " (1, 180000.00, 'EUR', '2005-06-01', '2007-06-30', 'demo', false, true),"
                " (1, 500.00, 'EUR', '2007-07-01', '2007-12-31', NULL, false, false)"
            )
        )
    alembic_runner.migrate_up_one()
    with alembic_engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT amount, period_start, period_end, inferred, illustrative, source"
                " FROM budget ORDER BY period_start"
            )
        ).all()
    as_date = [r[1] if isinstance(r[1], date) else date.fromisoformat(r[1]) for r in rows]
    assert as_date == [date(2005, 6, 1), date(2006, 1, 1), date(2007, 1, 1), date(2007, 7, 1)]
    amounts = [Decimal(str(r[0])).quantize(Decimal("0.01")) for r in rows]
    assert amounts == [Decimal(a) for a in ("50684.21", "86447.37", "42868.42", "500.00")]
    assert [bool(r[3]) for r in rows] == [True, True, True, False]
    assert all(bool(r[4]) for r in rows[:3]) and not rows[3][4]
    assert "pro rata by days" in rows[0][5] and rows[0][5].startswith("inferred: ")

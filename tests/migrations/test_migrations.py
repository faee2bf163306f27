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

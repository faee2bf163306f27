"""Shared fixtures: real databases (a SQLite file and a throwaway PostgreSQL server)."""

from __future__ import annotations

import itertools
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from models.db import make_engine
from models.migrate import upgrade
from tests.pg import PostgresServer, find_bindir

DIALECTS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
_counter = itertools.count()


def unavailable(variable: str, why: str) -> None:
    """Skip a test whose real component is missing, or fail it when CI requires it."""
    if os.environ.get(variable) == "1":
        pytest.fail(f"{why} ({variable}=1 forbids skipping)", pytrace=False)
    pytest.skip(why)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PostgresServer]:
    bindir = find_bindir()
    if bindir is None:
        unavailable("REQUIRE_POSTGRES", "PostgreSQL server binaries not installed")
    server = PostgresServer(bindir).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def pg_template(pg_server: PostgresServer) -> str:
    admin = make_engine(pg_server.url())
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("CREATE DATABASE apm_template"))
    admin.dispose()
    upgrade(pg_server.url("apm_template"))
    return "apm_template"


def new_database_url(dialect: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh database at the head revision, empty of data."""
    if dialect == "sqlite":
        template = request.getfixturevalue("sqlite_template")
        path = tmp_path / f"apm-{next(_counter)}.db"
        shutil.copyfile(template, path)
        return f"sqlite:///{path}"
    server: PostgresServer = request.getfixturevalue("pg_server")
    template = request.getfixturevalue("pg_template")
    name = f"apm_test_{os.getpid()}_{next(_counter)}"
    admin = make_engine(server.url())
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
    admin.dispose()
    return server.url(name)


@pytest.fixture(params=DIALECTS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, migrated database on each dialect."""
    return new_database_url(request.param, request, tmp_path)


@pytest.fixture
def sqlite_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, migrated SQLite database, for tests where the dialect is not the point."""
    return new_database_url("sqlite", request, tmp_path)


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with Session(engine) as session:
        yield session

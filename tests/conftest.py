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
from models.ops.migrate import upgrade
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


def _copy_of(dialect: str, request: pytest.FixtureRequest, tmp_path: Path, kind: str) -> str:
    """A fresh copy of a template database (`kind` "empty" or "seeded") on `dialect`."""
    if dialect == "sqlite":
        fixture = "sqlite_template" if kind == "empty" else "seeded_sqlite_template"
        path = tmp_path / f"apm-{kind}-{next(_counter)}.db"
        shutil.copyfile(request.getfixturevalue(fixture), path)
        return f"sqlite:///{path}"
    server: PostgresServer = request.getfixturevalue("pg_server")
    template = request.getfixturevalue("pg_template" if kind == "empty" else "seeded_pg_template")
    name = f"apm_{kind}_{os.getpid()}_{next(_counter)}"
    admin = make_engine(server.url())
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}" STRATEGY FILE_COPY'))
    admin.dispose()
    return server.url(name)


def new_database_url(dialect: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh database at the head revision, empty of data."""
    return _copy_of(dialect, request, tmp_path, "empty")


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


def _seed(url: str) -> None:
    from models.db import transaction
    from models.seeding.plan import seed_demo, seed_plan

    engine = make_engine(url)
    with transaction(engine) as session:
        seed_plan(session)
        seed_demo(session)
    engine.dispose()


@pytest.fixture(scope="session")
def seeded_sqlite_template(sqlite_template: Path, tmp_path_factory) -> Path:
    """A SQLite file with the Kosovo plan and the illustrative demo set, seeded once."""
    path = tmp_path_factory.mktemp("seeded") / "seeded.db"
    shutil.copyfile(sqlite_template, path)
    _seed(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def seeded_pg_template(pg_server: PostgresServer, pg_template: str) -> str:
    admin = make_engine(pg_server.url())
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(
            text(f'CREATE DATABASE apm_seeded TEMPLATE "{pg_template}" STRATEGY FILE_COPY')
        )
    admin.dispose()
    _seed(pg_server.url("apm_seeded"))
    return "apm_seeded"


def new_seeded_url(dialect: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh copy of the seeded database (plan + demo set)."""
    return _copy_of(dialect, request, tmp_path, "seeded")


@pytest.fixture(params=DIALECTS)
def seeded_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """A fresh database holding the Kosovo plan and the demo set, on each dialect."""
    engine = make_engine(new_seeded_url(request.param, request, tmp_path))
    yield engine
    engine.dispose()

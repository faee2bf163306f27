"""Database URL, engine and session factory: one engine per process."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Engine,
    MetaData,
    create_engine,
    event,
    inspect,
    select,
    update,
)
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

from models.settings import PROJECT_ROOT, database_url

__all__ = [
    "PROJECT_ROOT",
    "Base",
    "database_url",
    "lock_for_write",
    "make_engine",
    "transaction",
]

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    # SQLite ignores foreign keys unless asked, per connection.
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def make_engine(url: str | None = None) -> Engine:
    url = url or database_url()
    if url.startswith("sqlite:///") and not url.startswith("sqlite:///:memory:"):
        Path(url[len("sqlite:///") :]).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, pool_pre_ping=not url.startswith("sqlite"))
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


@contextmanager
def transaction(engine: Engine) -> Iterator[Session]:
    """One unit of work: commits on success, rolls back on any error."""
    with sessionmaker(bind=engine, expire_on_commit=False).begin() as session:
        yield session


def lock_for_write(session: Session, entity: Any, *conditions: ColumnElement[bool]) -> None:
    """Serialise writers on the rows of `entity` matching `conditions` until the transaction ends.

    Call it before reading what a check depends on (a balance, the number of admins): then
    two transactions doing "check, then write" at once run one after the other.

    - PostgreSQL: `SELECT ... FOR UPDATE` on the matching rows, in primary-key order so two
      writers locking several rows cannot deadlock.
    - SQLite: a no-op `UPDATE` of the matching rows. pysqlite begins the transaction at the
      first write, so it takes SQLite's one database write lock here, before the reads that
      follow (an UPDATE takes it even when no row matches). `busy_timeout` makes the second
      writer wait for the first to commit.
    """
    key = inspect(entity).primary_key[0]
    if session.get_bind().dialect.name == "sqlite":
        session.execute(
            update(entity).where(*conditions).values({key.name: key}),
            execution_options={"synchronize_session": False},
        )
    else:
        session.execute(select(key).where(*conditions).order_by(key).with_for_update())

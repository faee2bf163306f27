"""Password hashes in the JSON export: left out by default, kept for a full backup, checked
on import; the export file is readable by its owner only."""

from __future__ import annotations

import json
import os
import stat

import pytest
from argon2 import PasswordHasher
from sqlalchemy import func, select

from models.entities import User
from models.exchange.document import (
    ExchangeError,
    dump_json,
    export_database,
    import_database,
    write_text,
)
from models.rules.password_hashes import NO_PASSWORD, hash_problem, is_argon2_hash
from models.services.accounts import reset_password
from models.services.auth import sign_in
from models.services.authz import Operator
from models.services.errors import SignInError
from tests.exchange.test_document import broken, new_session
from tests.factories import populate_every_table

PASSWORD = "correct horse battery"  # what tests/factories.make_user hashes
# A fixed salt, so the parameters below are the same in every test worker.
GOOD = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1).hash(
    "x", salt=b"fixed-salt-16byt"
)


@pytest.fixture
def source(session):
    populate_every_table(session)
    session.commit()
    return session


def _hashes(doc: dict) -> list:
    return [account["password_hash"] for account in doc["tables"]["user_account"]]


def test_export_leaves_password_hashes_out_by_default(source):
    doc = export_database(source)
    assert _hashes(doc) and _hashes(doc) == [None] * len(_hashes(doc))
    assert "$argon2" not in dump_json(doc)
    kept = export_database(source, include_secrets=True)
    assert all(is_argon2_hash(value) for value in _hashes(kept))


@pytest.mark.parametrize("include_secrets", [False, True])
def test_round_trip_is_byte_identical_with_or_without_secrets(
    source, include_secrets, db_url, request, tmp_path
):
    text = dump_json(export_database(source, include_secrets=include_secrets))
    target = new_session(db_url, request, tmp_path)
    with target.begin():
        import_database(target, json.loads(text))
    assert dump_json(export_database(target, include_secrets=include_secrets)) == text


def test_accounts_imported_without_hashes_sign_in_only_after_a_reset(
    source, db_url, request, tmp_path
):
    target = new_session(db_url, request, tmp_path)
    with target.begin():
        import_database(target, export_database(source))
    with target.begin():
        assert set(target.scalars(select(User.password_hash))) == {NO_PASSWORD}
    engine = target.get_bind()
    with pytest.raises(SignInError, match="Wrong username or password"):
        sign_in(engine=engine, username="coordinator", password=PASSWORD)
    with target.begin():
        reset_password(
            session=target,
            username_or_id="coordinator",
            new_password=PASSWORD,
            actor=Operator("cli"),
        )
    assert sign_in(engine=engine, username="coordinator", password=PASSWORD)
    # A full backup round trip keeps the reset account's hash and the others' markers.
    with target.begin():
        kept = export_database(target, include_secrets=True)
    assert [is_argon2_hash(value) for value in _hashes(kept)].count(True) == 1
    assert NO_PASSWORD not in _hashes(kept)


NOT_ARGON2 = [
    "x",
    "",
    "$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW",  # bcrypt
    "$argon2id$v=19$m=1024,t=1,p=1",  # no salt, no tag
    "$argon2id$v=19$m=1024,t=1,p=1$xx$yy",  # salt and tag too short
    GOOD + "\n",
    " " + GOOD,
    NO_PASSWORD,  # the marker is never exported: null is how a document says it
    12,
]


@pytest.mark.parametrize("value", NOT_ARGON2)
def test_import_refuses_a_hash_that_is_not_argon2(source, value, db_url, request, tmp_path):
    doc = export_database(source, include_secrets=True)
    target = new_session(db_url, request, tmp_path)
    with pytest.raises(ExchangeError) as refused, target.begin():
        import_database(target, broken(doc, ["tables", "user_account", 1, "password_hash"], value))
    message = str(refused.value)
    assert "table 'user_account', record 2" in message and "'password_hash'" in message
    with target.begin():
        assert target.scalar(select(func.count()).select_from(User)) == 0


def test_the_rule_accepts_argon2_hashes_and_names_the_problem():
    assert is_argon2_hash(GOOD) and hash_problem(GOOD) is None
    assert "not a valid argon2 hash" in hash_problem("x")
    assert "has no password" in hash_problem(NO_PASSWORD)


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_export_files_are_readable_by_their_owner_only(tmp_path):
    path = tmp_path / "export.json"
    write_text(path, "{}\n")
    assert _mode(path) == 0o600
    # Overwriting a file another tool made world-readable, past a leftover partial file.
    path.chmod(0o644)
    partial = tmp_path / "export.json.partial"
    partial.write_text("half")
    partial.chmod(0o644)
    write_text(path, '{"a": 1}\n')
    assert _mode(path) == 0o600 and path.read_text() == '{"a": 1}\n'
    assert not partial.exists()

"""`actionplan check` names accounts whose stored password hash cannot be used."""

from __future__ import annotations

from sqlalchemy import text

from models.ops.integrity import Problem, check
from models.rules.password_hashes import NO_PASSWORD
from tests.factories import make_user


def test_argon2_hashes_are_clean(session):
    make_user(session, "ana")
    assert check(session) == []


def test_a_hash_that_is_not_argon2_is_an_error_and_a_missing_one_a_warning(session):
    for name in ("ana", "ben", "cleo"):
        make_user(session, name)
    session.execute(text("UPDATE user_account SET password_hash = 'secret' WHERE username = 'ben'"))
    session.execute(
        text("UPDATE user_account SET password_hash = :marker WHERE username = 'cleo'"),
        {"marker": NO_PASSWORD},
    )
    assert check(session) == [
        Problem(
            "error",
            "password_hash",
            "account ben has a password hash that is not a valid argon2 hash: reset its password",
        ),
        Problem(
            "warning",
            "password_hash",
            "account cleo has no password (imported without password hashes): reset its password",
        ),
    ]

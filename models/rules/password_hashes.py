"""Stored password hashes: what a valid one is, and the marker of an account without one.

Validity is argon2's own parsing (argon2.extract_parameters), not a pattern of ours, plus the
minimum salt and tag lengths of RFC 9106 and no surrounding whitespace (which the parser
tolerates but no hasher writes).

NO_PASSWORD marks an account imported without its hash (an export leaves hashes out unless
asked for them). It is not an argon2 hash, so no password ever matches it: the account cannot
sign in until an administrator resets its password.
"""

from __future__ import annotations

from typing import Any

from argon2 import extract_parameters
from argon2.exceptions import InvalidHashError

NO_PASSWORD = "!no-password: reset by an administrator"
MIN_SALT_BYTES = 8
MIN_TAG_BYTES = 4


def is_argon2_hash(value: Any) -> bool:
    """True if `value` is an argon2 (i, d or id) hash string a PasswordHasher can verify."""
    if not isinstance(value, str) or value != value.strip():
        return False
    try:
        parameters = extract_parameters(value)
    except (InvalidHashError, ValueError):
        return False
    return parameters.salt_len >= MIN_SALT_BYTES and parameters.hash_len >= MIN_TAG_BYTES


def hash_problem(value: Any) -> str | None:
    """Why a stored password hash cannot be used, or None if it can."""
    if value == NO_PASSWORD:
        return "has no password (imported without password hashes): reset its password"
    if not is_argon2_hash(value):
        return "has a password hash that is not a valid argon2 hash: reset its password"
    return None

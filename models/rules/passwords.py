"""Which passwords are refused, after NIST SP 800-63B (section 3.1.1.2): pure rules, no database.

A password is refused when it is too short or too long, when it is blank-ish (fewer than
PASSWORD_MIN characters that are not spaces), when it is the username (ignoring case, and
digits or symbols added around it), or when it is in the shipped list of commonly used
passwords (common-passwords.txt beside this file), again ignoring case and digits or
symbols added around it: "Password12" and "2007football!" are as easy to guess as the
word itself. Nor is one made of only one or two different characters ("aaaaaaaaaa").
There are no composition rules (a digit, a capital…): NIST advises against them.
"""

from __future__ import annotations

import string
from functools import lru_cache
from pathlib import Path

from models.i18n import N_, _

PASSWORD_MIN = 10
# Hashing cost grows with length; nobody types more than this.
PASSWORD_MAX = 1024
COMMON_PASSWORDS = Path(__file__).with_name("common-passwords.txt")

# The reasons, marked for translation; password_problems says them in the run's language.
_TOO_SHORT = N_("password must be at least {minimum} characters long")
_TOO_LONG = N_("password must be at most {maximum} characters long")
_BLANKISH = N_("password must have at least {minimum} characters that are not spaces")
_IS_USERNAME = N_(
    "password must not be the username (or the username with digits or symbols added)"
)
_REPETITIVE = N_("password must use more than two different characters")
_COMMON = N_("this password is in a list of commonly used passwords: choose another")
_COMMON_ADORNED = N_(
    "this password is a commonly used password with digits or symbols added: choose another"
)


def _say(reason: str) -> str:
    return _(reason).format(minimum=PASSWORD_MIN, maximum=PASSWORD_MAX)


# The same reasons in English (what password_problems says when the language is English).
TOO_SHORT = _TOO_SHORT.format(minimum=PASSWORD_MIN)
TOO_LONG = _TOO_LONG.format(maximum=PASSWORD_MAX)
BLANKISH = _BLANKISH.format(minimum=PASSWORD_MIN)
IS_USERNAME = _IS_USERNAME
REPETITIVE = _REPETITIVE
COMMON = _COMMON
COMMON_ADORNED = _COMMON_ADORNED

_ADORNMENT = string.digits + string.punctuation + string.whitespace


def password_problems(password: str, *, username: str | None = None) -> list[str]:
    """Every reason to refuse `password` for the account `username`; empty if acceptable."""
    if len(password) < PASSWORD_MIN:
        return [_say(_TOO_SHORT)]
    if len(password) > PASSWORD_MAX:
        return [_say(_TOO_LONG)]
    if sum(not c.isspace() for c in password) < PASSWORD_MIN:
        return [_say(_BLANKISH)]
    problems = [_say(_REPETITIVE)] if len(set(password.casefold())) <= 2 else []
    core = _core(password)
    if username and core and core == _core(username):
        problems.append(_say(_IS_USERNAME))
    common = common_passwords()
    if password.strip().casefold() in common:
        problems.append(_say(_COMMON))
    elif core in common:
        problems.append(_say(_COMMON_ADORNED))
    return problems


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    """The shipped list, case-folded; comment and blank lines left out."""
    lines = COMMON_PASSWORDS.read_text(encoding="utf-8").splitlines()
    return frozenset(
        line.strip().casefold() for line in lines if line.strip() and not line.startswith("#")
    )


def _core(text: str) -> str:
    # What is left once digits, symbols and spaces added at either end are taken away.
    return text.casefold().strip(_ADORNMENT)

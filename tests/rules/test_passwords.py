"""Password rules after NIST SP 800-63B: length, blank-ish, the username, common passwords."""

import pytest

from models.rules.passwords import (
    BLANKISH,
    COMMON,
    COMMON_ADORNED,
    IS_USERNAME,
    REPETITIVE,
    TOO_LONG,
    TOO_SHORT,
    common_passwords,
    password_problems,
)


@pytest.mark.parametrize(
    ("password", "problems"),
    [
        ("short", [TOO_SHORT]),
        ("x" * 1025, [TOO_LONG]),
        (" " * 10, [BLANKISH]),
        ("\t" * 12, [BLANKISH]),
        ("a b c d e f g", [BLANKISH]),
        ("aaaaaaaaaa", [REPETITIVE]),
        ("abababababab", [REPETITIVE]),
        ("password12", [COMMON]),
        ("Password2007!", [COMMON_ADORNED]),
        ("1234567890", [COMMON]),
        ("QWERTYUIOP", [COMMON]),
        ("  qwertyuiop  ", [COMMON]),
        ("!!football99", [COMMON_ADORNED]),
        ("jdoe-jdoe-2007", []),
        ("correct horse battery staple", []),
        ("demo-coordinator-2007", []),
        ("x" * 1024, [REPETITIVE]),
    ],
)
def test_each_rule_refuses_with_its_own_message(password, problems):
    assert password_problems(password) == problems


@pytest.mark.parametrize("password", ["mariadoe2007", "MariaDoe2007", "2007.mariadoe!"])
def test_the_username_is_refused_ignoring_case_and_added_digits(password):
    assert password_problems(password, username="mariadoe") == [IS_USERNAME]
    assert password_problems(password, username="someone.else") == []


def test_a_password_that_only_contains_the_username_is_accepted():
    assert password_problems("mariadoe loves kosovo", username="mariadoe") == []


def test_the_shipped_list_is_a_real_list_compared_without_case():
    common = common_passwords()
    assert len(common) >= 990
    assert {"password", "qwertyuiop", "1234567890", "iloveyou"} <= common
    assert all(word == word.casefold() and word.strip() == word and word for word in common)
    assert not any(word.startswith("#") for word in common)

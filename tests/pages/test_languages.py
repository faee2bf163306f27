"""Every page, for every role, in Albanian and Serbian: no English text of the catalog shows.

What a page shows (titles, Markdown, captions, messages, widget labels, help and options, tab
and expander labels, table headings) is compared with the English msgids of the catalog:
a msgid of two words or more whose translation differs from it must not appear. Data values
(plan titles, agency names, codes, the report's source references, narratives) are stored
text, not msgids: every stored string is cut out of what a page shows before the comparison,
so a narrative that happens to say "Behind schedule" does not count.
"""

from __future__ import annotations

import re
from functools import cache

import pandas as pd
import pytest
from babel.messages.pofile import read_po
from sqlalchemy import String, Text, select
from streamlit.testing.v1 import AppTest

from models import entities  # noqa: F401 (every table in Base.metadata)
from models.codes import ROLES
from models.db import Base, make_engine
from models.i18n import LOCALE_DIR, use_language
from models.rules.access import pages_for
from pages.ui.navigation import PAGES
from tests.pages.conftest import APP, account

LANGUAGES = ("sq", "sr_Latn")
CASES = [
    (role, key)
    for role in (*ROLES, None)
    for key in pages_for(role, public_summary=True)
    if key in PAGES
]
PLACEHOLDER = re.compile(r"\{\w*(?:![rsa])?(?::[^{}]*)?\}")
TEXT_ATTRIBUTES = ("value", "label", "help", "placeholder", "body")


@cache
def english_patterns(language: str) -> tuple[tuple[str, re.Pattern], ...]:
    """(msgid, pattern) for each msgid of 2+ words that the language translates differently."""
    with (LOCALE_DIR / language / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle, locale=language)
    found = []
    for message in catalog:
        msgid = message.id if isinstance(message.id, str) else message.id[0] if message.id else ""
        literal = PLACEHOLDER.sub(" ", msgid)
        if len(literal.split()) < 2 or message.string == msgid:
            continue
        parts = [re.escape(part) for part in PLACEHOLDER.split(msgid)]
        found.append((msgid, re.compile(".+?".join(parts), re.DOTALL)))
    return tuple(found)


def _walk(node):
    yield node
    children = getattr(node, "children", None) or {}
    for child in children.values():
        yield from _walk(child)


def _texts_of(node) -> list[str]:
    texts = []
    for attribute in TEXT_ATTRIBUTES:
        try:
            value = getattr(node, attribute, None)
        except Exception:  # a widget without a value in this run
            continue
        if isinstance(value, str):
            texts.append(value)
        elif isinstance(value, pd.DataFrame):
            texts += [str(column) for column in value.columns]
    try:
        options = getattr(node, "options", None)
    except Exception:
        options = None
    if isinstance(options, list | tuple):
        texts += [option for option in options if isinstance(option, str)]
    return texts


def shown_texts(at: AppTest) -> list[str]:
    """Everything the run shows as text, from the main area and the sidebar."""
    texts: list[str] = []
    for node in _walk(at._tree):
        texts += _texts_of(node)
    return [t for t in texts if t.strip()]


MARKDOWN_ESCAPE = re.compile(r"\\(.)")


def stored_strings(url: str) -> tuple[str, ...]:
    """Every stored text of 8+ characters in the database, longest first."""
    engine = make_engine(url)
    found: set[str] = set()
    with engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            columns = [c for c in table.columns if isinstance(c.type, String | Text)]
            for column in columns:
                found.update(v for v in conn.scalars(select(column)) if v and len(v) >= 8)
    engine.dispose()
    return tuple(sorted(found, key=len, reverse=True))


def without_data(texts: list[str], stored: tuple[str, ...]) -> list[str]:
    """`texts` with Markdown escapes undone and every stored string cut out."""
    kept = []
    for text in texts:
        text = MARKDOWN_ESCAPE.sub(r"\1", text)
        for value in stored:
            if value in text:
                text = text.replace(value, " ")
        kept.append(text)
    return kept


def english_in(texts: list[str], language: str) -> list[str]:
    """The English msgids that `texts` show."""
    return sorted(
        {
            msgid
            for text in texts
            for msgid, pattern in english_patterns(language)
            if pattern.search(text)
        }
    )


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    use_language("en")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("role", "key"), CASES, ids=[f"{r}-{k}" for r, k in CASES])
def test_no_english_text_on_any_page(app, seeded_url, role, key, language):
    at = app(seeded_url, PAGES[key][0], user=role, params={"lang": language})
    assert not at.exception, at.exception
    found = english_in(without_data(shown_texts(at), stored_strings(seeded_url)), language)
    assert not found, f"{key} as {role} in {language} shows English: {found}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_sign_in_page_in_each_language(monkeypatch, seeded_url, language):
    monkeypatch.setenv("DATABASE_URL", seeded_url)
    monkeypatch.delenv("PUBLIC_SUMMARY", raising=False)
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = language
    at.run()
    assert not at.exception, at.exception
    assert [s.value for s in at.subheader] == [{"sq": "Hyr", "sr_Latn": "Prijavi se"}[language]]
    assert not english_in(shown_texts(at), language)
    # A failed sign-in is refused in the language too.
    at.text_input[0].input("nobody.here")
    at.text_input[1].input("wrong-one!")
    at.button[0].click().run()
    assert [e.value for e in at.error] == [
        {
            "sq": "Emër përdoruesi ose fjalëkalim i gabuar.",
            "sr_Latn": "Pogrešno korisničko ime ili lozinka.",
        }[language]
    ]
    assert not english_in(shown_texts(at), language)


def test_the_check_catches_english_left_unwrapped():
    def page():
        import streamlit as st

        from models.i18n import _, use_language

        use_language("sq")
        st.caption(_("Accounts are created by an administrator. There is no self-registration."))
        st.caption("Accounts are created by an administrator. There is no self-registration.")
        st.selectbox("Reporting date (as of)", ["Not started", "2007"])
        st.caption(_("Figures as of {date}").format(date="31 dhjetor 2007"))
        st.caption("Figures as of 31 December 2007")

    at = AppTest.from_function(page).run()
    assert english_in(shown_texts(at), "sq") == [
        "Accounts are created by an administrator. There is no self-registration.",
        "Figures as of {date}",
        "Not started",
        "Reporting date (as of)",
    ]


def test_an_unknown_language_shows_english_with_a_note(app, seeded_url):
    at = app(seeded_url, params={"lang": "xx"})
    assert not at.exception
    assert "lang" not in at.query_params
    notes = [c.value for c in at.sidebar.caption]
    assert any("does not have (xx): showing English" in note for note in notes), notes
    assert at.sidebar.selectbox(key="language_menu").value == "en"


def test_the_menu_changes_the_language_and_keeps_it_in_the_url_and_account(app, seeded_url):
    at = app(seeded_url, PAGES["approvals"][0])
    at.sidebar.selectbox(key="language_menu").set_value("sr_Latn").run()
    assert not at.exception, at.exception
    assert at.query_params["lang"] == ["sr_Latn"] or at.query_params["lang"] == "sr_Latn"
    assert at.sidebar.button(key="sign_out").label == "Odjavi se"
    assert account(seeded_url, "coordinator").language == "sr_Latn"
    # The sidebar's other choices (plan, date) keep the language in the URL.
    assert at.query_params["plan"]


def test_the_account_language_applies_on_sign_in_unless_the_url_says_otherwise(app, seeded_url):
    app(seeded_url).sidebar.selectbox(key="language_menu").set_value("sq").run()
    fresh = app(seeded_url)  # a new browser session of the same account
    assert fresh.sidebar.button(key="sign_out").label == "Dil"
    asked = app(seeded_url, params={"lang": "sr_Latn"})
    assert asked.sidebar.button(key="sign_out").label == "Odjavi se"

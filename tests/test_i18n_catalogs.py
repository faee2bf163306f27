"""The catalogs hold every text of the code, each translated, placeholders intact.

The msgids are extracted from the code as `make i18n` extracts them (Babel's extractor, with
babel.cfg's mapping), so a text wrapped in `_()` but not yet in the catalogs fails here until
`make i18n` has run and the translation is filled in.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from models.i18n import LANGUAGES, LOCALE_DIR, SOURCE_LANGUAGE

ROOT = Path(__file__).resolve().parents[1]
TRANSLATED = [code for code in LANGUAGES if code != SOURCE_LANGUAGE]
SHOWN = 20
# {name}, {name!r}, {name:,}; %s, %d, %(name)s. "100% done" is not a placeholder.
BRACES = re.compile(r"\{(\w*)(?:![rsa])?(?::[^{}]*)?\}")
PERCENT = re.compile(r"%(?:\([A-Za-z_]\w*\))?[sdifr]")
# The files of the dashboard's core (navigation, sidebar, sign-in, services' messages):
# complete on their own, whatever the state of the other areas' translations.
CORE = (
    "app.py",
    "pages/signin.py",
    "pages/ui/navigation.py",
    "pages/ui/session.py",
    "pages/ui/sidebar.py",
    "pages/ui/as_of.py",
    "pages/ui/labels.py",
    "pages/ui/language.py",
    "pages/ui/actions.py",
    "models/i18n.py",
    "models/codes.py",
    "models/rules/",
    "models/services/",
)


@cache
def code_msgids() -> dict[str, str]:
    """Every msgid in the code → the first file that has it."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    found: dict[str, str] = {}
    for filename, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, options_map
    ):
        for msgid in message if isinstance(message, tuple) else (message,):
            if msgid:
                found.setdefault(msgid, filename)
    return found


@cache
def catalog(language: str):
    with (LOCALE_DIR / language / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale=language)


def placeholders(text: str) -> Counter:
    return Counter(BRACES.findall(text)) + Counter(PERCENT.findall(text))


def missing_from(language: str, msgids) -> list[str]:
    # A plural entry holds two msgids (singular and plural); the code names both.
    known = {i for m in catalog(language) if m.id for i in _strings(m.id)}
    return sorted(set(msgids) - known)


def listing(msgids: list[str]) -> str:
    shown = "\n".join(f"  {m!r}" for m in msgids[:SHOWN])
    more = f"\n  … and {len(msgids) - SHOWN} more" if len(msgids) > SHOWN else ""
    return shown + more


def test_the_code_has_texts_to_translate():
    assert len(code_msgids()) > 100
    assert "Overview" in code_msgids()


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_text_of_the_code_is_in_the_catalog(language):
    missing = missing_from(language, code_msgids())
    assert not missing, (
        f"{len(missing)} msgids of the code are not in the {language} catalog "
        f"(run `make i18n`, then translate them):\n{listing(missing)}"
    )


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_core_texts_are_in_the_catalog(language):
    core = [m for m, file in code_msgids().items() if file.replace("\\", "/").startswith(CORE)]
    assert len(core) > 100
    missing = missing_from(language, core)
    assert not missing, f"core msgids missing from {language}:\n{listing(missing)}"
    untranslated = [m.id for m in catalog(language) if m.id in set(core) and not m.string]
    assert not untranslated, f"core msgids untranslated in {language}:\n{listing(untranslated)}"


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_entry_is_translated_and_none_is_fuzzy(language):
    untranslated = sorted(m.id for m in catalog(language) if m.id and not all(_strings(m.string)))
    fuzzy = sorted(m.id for m in catalog(language) if m.id and m.fuzzy)
    assert not untranslated, (
        f"{len(untranslated)} entries of the {language} catalog are not translated:\n"
        f"{listing(untranslated)}"
    )
    assert not fuzzy, f"{len(fuzzy)} fuzzy entries in {language}:\n{listing(fuzzy)}"


@pytest.mark.parametrize("language", TRANSLATED)
def test_translations_keep_the_placeholders(language):
    wrong = []
    for message in catalog(language):
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        for translation in _strings(message.string):
            if translation and placeholders(translation) != placeholders(ids[-1]):
                wrong.append(f"{ids[0]!r} → {translation!r}")
    assert not wrong, f"placeholders differ in {language}:\n{listing(wrong)}"


def test_the_placeholder_check_catches_a_changed_name():
    assert placeholders("Overview, as of {date}") != placeholders("Pasqyra, më {data}")
    assert placeholders("{n} of %s") == placeholders("%s: {n}")
    assert placeholders("a complete activity is 100% done, not {value}%") == Counter(["value"])


def _strings(string) -> tuple[str, ...]:
    return string if isinstance(string, tuple) else (string,)

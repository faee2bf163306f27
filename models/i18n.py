"""The languages of the dashboard: gettext catalogs read with Babel, and locale formatting.

Every user-facing text is written in English in the code and wrapped for translation:

    from models.i18n import _, N_, ngettext

    st.title(_("Overview, as of {date}").format(date=format_date(as_of)))
    LABELS = {"lead": N_("Lead agency")}      # marked where defined (module import time) ...
    st.write(_(LABELS["lead"]))                 # ... translated where shown

Placeholders are named (`{date}`), never positional, so a translation can move them.
`make i18n` extracts the msgids (`pybabel extract`) and updates the catalogs in
models/locales/<language>/LC_MESSAGES/messages.po, which are under version control; they are
compiled in memory when a language is first used (no build step, nothing generated to keep).

The language is per person and per run: the app sets it at the start of each script run
(`use_language`, from `?lang=` or the account's choice) in a context variable, so sessions on
one server never see each other's language, and models/ stays free of Streamlit.
"""

from __future__ import annotations

import functools
import io
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from babel import Locale
from babel.dates import format_date as _babel_date
from babel.dates import format_datetime as _babel_datetime
from babel.lists import format_list as _babel_format_list
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_currency, format_decimal
from babel.support import NullTranslations, Translations

LOCALE_DIR = Path(__file__).with_name("locales")
DOMAIN = "messages"
SOURCE_LANGUAGE = "en"
# Code → the language's name in itself (what the language menu shows).
LANGUAGES = {
    "en": "English",
    "sq": "Shqip",
    "sr_Latn": "Srpski (latinica)",
}

_current: ContextVar[str] = ContextVar("language", default=SOURCE_LANGUAGE)


def normalise(code: str | None) -> str | None:
    """A known language code for `code` ("sq", "sr_Latn", also "sr-Latn", "SQ"), or None."""
    if not code:
        return None
    wanted = str(code).strip().replace("-", "_").lower()
    return next((known for known in LANGUAGES if known.lower() == wanted), None)


def use_language(code: str | None) -> str:
    """Make `code` (or English, if it is not a known language) this run's language."""
    language = normalise(code) or SOURCE_LANGUAGE
    _current.set(language)
    return language


def current_language() -> str:
    return _current.get()


@functools.cache
def translations(language: str) -> NullTranslations:
    """The language's catalog, compiled in memory from its .po file (once per process)."""
    if language == SOURCE_LANGUAGE:
        return NullTranslations()
    po = LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not po.exists():
        return NullTranslations()
    with po.open("rb") as handle:
        catalog = read_po(handle, locale=language, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return Translations(fp=compiled, domain=DOMAIN)


@dataclass(frozen=True)
class CatalogStatus:
    """How complete a language's catalog is: what `actionplan translations` reports."""

    language: str
    translated: int
    untranslated: tuple[str, ...]
    fuzzy: tuple[str, ...]


def catalog_status(language: str) -> CatalogStatus:
    """Counts and msgids of the language's catalog, as stored (fuzzy entries count as fuzzy)."""
    po = LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    with po.open("rb") as handle:
        catalog = read_po(handle, locale=language, domain=DOMAIN)
    translated, untranslated, fuzzy = 0, [], []
    for message in catalog:
        if not message.id:
            continue
        msgid = message.id if isinstance(message.id, str) else message.id[0]
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy:
            fuzzy.append(msgid)
        elif not all(strings):
            untranslated.append(msgid)
        else:
            translated += 1
    return CatalogStatus(language, translated, tuple(untranslated), tuple(fuzzy))


def _(message: str) -> str:
    """`message` in this run's language (itself where no translation exists)."""
    return translations(current_language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(current_language()).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """`message` translated in a context, for one English word with two meanings."""
    return translations(current_language()).pgettext(context, message)


def N_(message: str) -> str:  # noqa: N802 (gettext's name for "mark, translate later")
    """Mark `message` for extraction without translating it (translate it where shown)."""
    return message


def locale() -> Locale:
    return Locale.parse(current_language())


def format_number(value: float | int | Decimal | None, digits: int = 0) -> str:
    """A number as the language writes it: 1,131,500 (en), 1.131.500 (sr), 1 131 500 (sq)."""
    if value is None:
        return "–"
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=locale())


def format_percent(value: float | int | None, digits: int = 0) -> str:
    """A percentage given in percent units (71.4 → "71%", as the language writes it)."""
    if value is None:
        return "–"
    return _("{number}%").format(number=format_number(value, digits))


def format_money(amount: float | int | Decimal | None, currency: str = "EUR") -> str:
    """Whole units of a currency: "EUR 1,131,500" in English, "1.131.500 €" in Serbian.

    English names the currency by its code (how donors' English reports write it); the other
    languages use their CLDR pattern (Albanian groups thousands with a space).
    """
    if amount is None:
        return "–"
    language = current_language()
    pattern = "¤¤\u00a0#,##0" if language == SOURCE_LANGUAGE else "#,##0\u00a0¤"
    return format_currency(amount, currency, format=pattern, currency_digits=False, locale=locale())


def format_list(items: list[str], style: str = "standard") -> str:
    """Items joined as the language joins them: "coordinators and donors" in English.

    `style="or"` for alternatives ("a coordinator or donor")."""
    if current_language() == SOURCE_LANGUAGE:
        return (" or " if style == "or" else " and ").join(items)
    return _babel_format_list(items, style=style, locale=locale())


def format_date(value: date | datetime | None, form: str = "long") -> str:
    """A date as the language writes it ("31 December 2007" style for `long`)."""
    if value is None:
        return "–"
    if isinstance(value, datetime):
        value = value.date()
    if current_language() == SOURCE_LANGUAGE and form == "long":
        # The dashboard's English writes day month year, as the report does.
        return f"{value:%d %B %Y}"
    return _babel_date(value, format=form, locale=locale())


def format_datetime(value: datetime | None, form: str = "medium") -> str:
    if value is None:
        return "–"
    if current_language() == SOURCE_LANGUAGE:
        return f"{value:%d %B %Y, %H:%M}"
    return _babel_datetime(value, format=form, locale=locale())

"""The progress report in the language of the run: Albanian and Serbian (Latin) headings,
sentences, table headings, numbers and dates; English stays exactly as it was."""

from __future__ import annotations

import io
import re
import shutil
from datetime import date, datetime

import pytest
from pypdf import PdfReader

from models.db import make_engine
from models.exchange.progress_report import build_progress_report
from models.i18n import format_date, format_number, use_language
from tests.exchange.test_progress_report import PLAN

AS_OF = date(2007, 9, 30)
GENERATED = datetime(2007, 10, 2, 9, 15)
# The sections' headings (the PDF's outline), as written in each language.
SECTIONS = {
    "en": [
        "Summary",
        "Watch-list",
        "Funding",
        "Changes since 30 Jun 2007",
        "Findings of the report and their follow-up",
        "Internal notes of the Secretariat",
        "Annex: context statistics",
    ],
    "sq": [
        "Përmbledhje",
        "Lista e vëzhgimit",
        "Financimi",
        "Ndryshimet që nga 30 qer 2007",
        "Gjetjet e raportit dhe ndjekja e tyre",
        "Shënime të brendshme të Sekretariatit",
        "Aneks: statistikat e kontekstit",
    ],
    "sr_Latn": [
        "Rezime",
        "Lista za praćenje",
        "Finansiranje",
        "Promene od 30. 6. 2007.",
        "Nalazi izveštaja i njihovo praćenje",
        "Interne beleške Sekretarijata",
        "Aneks: statistika konteksta",
    ],
}
ENGLISH_WORDS = ("Summary", "Watch-list", "Changes since", "Annex", "Internal notes", "Page ")


@pytest.fixture(scope="module")
def engine(seeded_sqlite_template, tmp_path_factory):
    path = tmp_path_factory.mktemp("report-languages") / "seeded.db"
    shutil.copyfile(seeded_sqlite_template, path)
    engine = make_engine(f"sqlite:///{path}")
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def documents(engine) -> dict[str, PdfReader]:
    """language -> the coordinator's edition as of AS_OF, without charts."""
    built = {}
    try:
        for language in SECTIONS:
            use_language(language)
            pdf = build_progress_report(
                engine,
                plan_code=PLAN,
                as_of=AS_OF,
                generated_by="tester",
                generated_at=GENERATED,
                charts=False,
            )
            built[language] = PdfReader(io.BytesIO(pdf))
    finally:
        use_language("en")
    return built


def documents_total(engine) -> float:
    """The plan's costed requirement in EUR, as the Funding page computes it."""
    from models.exchange.progress_report import gather

    data = gather(engine, plan_code=PLAN, as_of=AS_OF)
    return float(data.funding["EUR"]["total"]["costed"].iloc[0])


def _spaces(text: str) -> str:
    """Text with no-break and narrow no-break spaces as plain spaces (as pypdf may give)."""
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def _top_headings(reader: PdfReader) -> list[str]:
    return [item.title for item in reader.outline if not isinstance(item, list)]


def _text(reader: PdfReader) -> str:
    return " ".join(re.sub(r"\s+", " ", page.extract_text()) for page in reader.pages)


@pytest.mark.parametrize("language", ["sq", "sr_Latn"])
def test_sections_are_titled_in_the_language_and_never_in_english(documents, language):
    headings = _top_headings(documents[language])
    assert set(SECTIONS[language]) <= set(headings), headings
    english = set(SECTIONS["en"]) | set(_top_headings(documents["en"]))
    assert not english & set(headings)
    assert not any(h.endswith(": objectives and activities") for h in headings)
    text = _text(documents[language])
    for word in ENGLISH_WORDS:
        assert word not in text, word


def test_english_is_unchanged(documents):
    headings = _top_headings(documents["en"])
    assert set(SECTIONS["en"]) <= set(headings)
    text = _text(documents["en"])
    assert "Generated 02 Oct 2007 09:15 UTC" in text and "As of 30 Sep 2007" in text
    assert re.search(r"Page 1 of \d+", text)


def test_cover_footer_numbers_and_dates_are_written_as_the_language_writes_them(engine, documents):
    sq, sr = _text(documents["sq"]), _text(documents["sr_Latn"])
    assert "Raport i progresit për Grupin Punues" in sq
    assert "Data e raportimit" in sq and "30 sht 2007" in sq
    assert "Krijuar më 2 tet 2007 09:15 UTC" in sq and re.search(r"Faqja 1 nga \d+", sq)
    assert "Izveštaj o napretku za Radnu grupu" in sr
    assert "Napravljeno 2. 10. 2007. 09:15 UTC" in sr and re.search(r"Strana 1 od \d+", sr)
    # The money columns: the plan's costed total, grouped as each language groups thousands.
    costed = documents_total(engine)
    for language, text in (("sq", sq), ("sr_Latn", sr)):
        use_language(language)
        try:
            assert format_date(AS_OF, "medium") in text
            assert _spaces(format_number(costed)) in _spaces(text)
        finally:
            use_language("en")
    assert f"{costed:,.0f}" in _text(documents["en"])

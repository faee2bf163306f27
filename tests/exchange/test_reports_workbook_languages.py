"""The reports workbook in the downloader's language, read back whatever language the person
uploading uses: sheet names, headers, statuses and Yes/No map back to their fields, and the
problems are told in the uploader's language."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pytest

from models.codes import STATUS_LABELS
from models.exchange.reports_workbook import (
    INSTRUCTIONS_SHEET,
    SHEET,
    WorkbookError,
    build_workbook,
)
from models.i18n import translations, use_language
from tests.exchange.test_reports_workbook import counts, upload


@pytest.fixture
def language():
    """Set the run's language for a step; English again afterwards, whatever happens."""
    yield use_language
    use_language("en")


def words(key: str, language: str) -> str:
    return translations(language).gettext(key)


def download(engine, user, language: str):
    use_language(language)
    try:
        book = openpyxl.load_workbook(io.BytesIO(build_workbook(engine, user["id"])))
    finally:
        use_language("en")
    sheet = book[words(SHEET, language)]
    headers = [c.value for c in sheet[1]]
    rows = {sheet.cell(row=r, column=2).value: r for r in range(2, sheet.max_row + 1)}
    return book, sheet, headers, rows


def fill(sheet, headers, row: int, language: str, **cells) -> None:
    """Fill cells named by their English key (or an indicator code) in a `language` sheet."""
    for key, value in cells.items():
        column = headers.index(words(key, language) if key in FIELDS else key) + 1
        sheet.cell(row=row, column=column, value=value)


FIELDS = {"Report date", "Status", "Percent complete", "Narrative", "Evidence link"}


def test_an_albanian_download_names_its_sheets_headers_and_choices_in_albanian(
    seeded_engine, people
):
    user, _ = people
    book, sheet, headers, _rows = download(seeded_engine, user, "sq")
    assert book.sheetnames == ["Raportet", "Udhëzimet"]
    assert headers[:2] == ["Plani", "Kodi i aktivitetit"]
    assert {"Data e raportit", "Statusi", "Përqindja e përfundimit", "Lidhja e dëshmisë"} <= set(
        headers
    )
    assert "PREV-A1-I1" in headers  # indicator codes are data, the same in every language
    lists = [dv.formula1 for dv in sheet.data_validations.dataValidation if dv.type == "list"]
    assert '"Po,Jo"' in lists
    assert book[words(INSTRUCTIONS_SHEET, "sq")]["A1"].value.startswith("Plotësoni një rresht")


def test_an_albanian_workbook_uploaded_in_english_and_back(seeded_engine, people, language):
    """Downloaded in Albanian, filled with Albanian words (status, Yes/No), uploaded by someone
    whose dashboard is in English: saved. Then an English one uploaded in Serbian: saved."""
    user, _ = people
    book, sheet, headers, rows = download(seeded_engine, user, "sq")
    fill(
        sheet,
        headers,
        rows["PREV-A1"],
        "sq",
        **{
            "Report date": "2007-10-31",
            "Status": words(STATUS_LABELS["complete"], "sq"),
            "Percent complete": 100,
            "Evidence link": "https://example.org/survey.pdf",
            "PREV-A1-I1": "Po",
        },
    )
    before = counts(seeded_engine)
    language("en")
    assert len(upload(seeded_engine, user["id"], book, submit=False)) == 1
    assert counts(seeded_engine)[0] == before[0] + 1

    book, sheet, headers, rows = download(seeded_engine, user, "en")
    fill(
        sheet,
        headers,
        rows["PROT-A5"],
        "en",
        **{
            "Report date": date(2007, 10, 31),
            "Status": words(STATUS_LABELS["substantial"], "sr_Latn"),
            "Percent complete": 95,
            "PROT-A5-I1": 240,
        },
    )
    language("sr_Latn")
    assert len(upload(seeded_engine, user["id"], book, submit=True)) == 1
    assert counts(seeded_engine)[0] == before[0] + 2


def test_problems_name_row_and_column_in_the_uploaders_language(seeded_engine, people, language):
    """A Serbian workbook uploaded with the dashboard in Albanian: refused whole, each
    problem with its row and its column in Albanian."""
    user, _ = people
    book, sheet, headers, rows = download(seeded_engine, user, "sr_Latn")
    assert book.sheetnames[0] == "Izveštaji" and "Datum izveštaja" in headers
    row = rows["PROT-A5"]
    fill(sheet, headers, row, "sr_Latn", **{"Report date": "31/10/2007", "Percent complete": 50})
    fill(
        sheet,
        headers,
        rows["PREV-A1"],
        "sr_Latn",
        **{"Percent complete": 10, "PREV-A1-I1": "Možda"},
    )
    before = counts(seeded_engine)
    language("sq")
    with pytest.raises(WorkbookError) as refused:
        upload(seeded_engine, user["id"], book)
    text = str(refused.value)
    assert f"Rreshti {row}, Data e raportit: '31/10/2007' nuk është datë (VVVV-MM-DD)" in text
    assert f"Rreshti {row}, Statusi: bosh: zgjidhni një nga " in text
    assert "'Možda': një pikë kyçe është Po (e arritur) ose Jo" in text
    assert counts(seeded_engine) == before


def test_a_workbook_without_a_reports_sheet_in_any_language_is_refused(
    seeded_engine, people, language
):
    user, _ = people
    book, *_ = download(seeded_engine, user, "sq")
    book["Raportet"].title = "Something else"
    buffer = io.BytesIO()
    book.save(buffer)
    language("sr_Latn")
    from models.exchange.reports_upload import read_workbook

    with pytest.raises(WorkbookError, match="Radna sveska nema list pod imenom 'Izveštaji'"):
        read_workbook(buffer.getvalue())

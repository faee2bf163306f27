"""Damaged, hostile and oversized reports workbooks: each refused with a message (a
WorkbookError, never another exception), early, and with nothing saved."""

from __future__ import annotations

import io
import time
import tomllib
import tracemalloc
import zipfile

import defusedxml.ElementTree
import openpyxl
import openpyxl.xml.functions
import pytest
from sqlalchemy import func, select

from models.db import PROJECT_ROOT, transaction
from models.entities import AuditEvent, IndicatorValue, StatusUpdate
from models.exchange.reports_upload import MAX_COLUMNS, MAX_ROWS, read_workbook, save_workbook
from models.exchange.reports_workbook import (
    BASIS,
    CONTINUES,
    FILL,
    SHEET,
    WorkbookError,
    build_workbook,
)
from models.exchange.spreadsheet import MAX_MARKUP, MAX_UNPACKED_BYTES, MAX_UPLOAD_BYTES
from models.services.unit_of_work import perform
from tests.reporting_world import make_user
from tests.spreadsheets import MAIN, shared_strings_bomb, sheet_xml, xlsx

HEADINGS = ["Plan", "Activity code", *FILL, BASIS, CONTINUES]
UNREADABLE = "This file could not be read as an Excel workbook (.xlsx)"


def refusal(data: bytes) -> list[str]:
    with pytest.raises(Exception) as refused:
        read_workbook(data)
    assert type(refused.value).__name__ == "WorkbookError", repr(refused.value)
    return refused.value.messages


def replace_part(data: bytes, name: str, change) -> bytes:
    """The workbook with one part changed by `change(bytes) -> bytes`."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as old,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as new,
    ):
        for info in old.infolist():
            part = old.read(info.filename)
            new.writestr(info.filename, change(part) if info.filename == name else part)
    return buffer.getvalue()


def saved(book) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def ours() -> bytes:
    """A Reports sheet with our headings and one filled row, as Excel would save it."""
    book = openpyxl.Workbook()
    book.active.title = SHEET
    book.active.append(HEADINGS)
    book.active.append(["XK-2005-2007", "PREV-A1", "2007-10-31", "Complete", 100, "", "", 7])
    book.active["C2"].number_format = "yyyy-mm-dd"
    return saved(book)


BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">'
    '<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>'
    f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol4;'
    "</t></is></c></row></sheetData></worksheet>"
)


DAMAGED = {
    "empty file": lambda: b"",
    "CSV": lambda: b"code,percent\nPREV-A1,50\n",
    "zip of something else": lambda: _zip({"notes.txt": b"hello"}),
    "truncated sheet XML": lambda: replace_part(
        ours(), "xl/worksheets/sheet1.xml", lambda xml: xml[: len(xml) // 2]
    ),
    "truncated workbook XML": lambda: replace_part(
        ours(), "xl/workbook.xml", lambda xml: xml[: len(xml) // 2]
    ),
    "truncated shared strings": lambda: xlsx(
        sheet_xml([HEADINGS]), shared_strings=f'<sst xmlns="{MAIN}"><si><t>a'.encode()
    ),
    "entity expansion (billion laughs)": lambda: xlsx(BILLION_LAUGHS),
    "number too long for Python": lambda: _number_cell("9" * 5000),
}


def _number_cell(digits: str) -> bytes:
    inline = f'<c r="A2" t="inlineStr"><is><t>{digits}</t></is></c>'
    xml = sheet_xml([HEADINGS, [digits]])
    assert inline in xml
    return xlsx(xml.replace(inline, f'<c r="A2"><v>{digits}</v></c>'))


def _zip(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize("case", DAMAGED)
def test_a_damaged_file_is_refused_with_a_message(case):
    messages = refusal(DAMAGED[case]())
    assert len(messages) == 1
    assert messages[0].startswith(("This file is not an Excel workbook", UNREADABLE))
    assert messages[0].endswith("fill it and upload it as it is")


def test_our_own_file_still_reads():
    [row] = read_workbook(ours())
    assert (row.plan, row.activity_code, row.fields["based_on_id"]) == (
        "XK-2005-2007",
        "PREV-A1",
        7,
    )


def test_openpyxl_parses_with_defusedxml():
    # openpyxl switches to defusedxml when it can import it (a dependency of ours).
    assert openpyxl.DEFUSEDXML is True
    assert openpyxl.xml.functions.iterparse is defusedxml.ElementTree.iterparse


# --- limits ---------------------------------------------------------------------------------


def test_the_server_and_the_model_cap_uploads_alike():
    config = tomllib.loads((PROJECT_ROOT / ".streamlit" / "config.toml").read_text("utf-8"))
    assert config["server"]["maxUploadSize"] * 1024 * 1024 == MAX_UPLOAD_BYTES


def test_a_file_over_the_size_limit_is_refused_unopened():
    big = ours() + b"\0" * MAX_UPLOAD_BYTES
    assert refusal(big) == [
        f"The file is {len(big) / 2**20:.1f} MB; an upload may be at most 5.0 MB"
    ]


def test_a_shared_strings_bomb_is_refused_quickly_in_bounded_memory():
    bomb = shared_strings_bomb(64 * 1024 * 1024)
    assert len(bomb) < 500 * 1024  # the tester's was 486 KiB; it took 29 s and 691 MiB
    tracemalloc.start()
    started = time.perf_counter()
    try:
        messages = refusal(bomb)
        elapsed = time.perf_counter() - started
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert messages[0].startswith("The workbook unpacks to 64.")
    assert messages[0].endswith(f"an upload may unpack to at most {MAX_UNPACKED_BYTES >> 20}.0 MB")
    assert peak < 4 * 1024 * 1024 and elapsed < 5


def test_a_bomb_inside_the_size_limit_is_refused_by_its_markup():
    # A few megabytes of tiny strings: under the unpacked cap, but minutes of parsing.
    bomb = shared_strings_bomb(MAX_UNPACKED_BYTES - 1024 * 1024)
    started = time.perf_counter()
    [message] = refusal(bomb)
    assert message.startswith("The workbook holds too much to read")
    assert message.endswith(f"an upload may hold at most {MAX_MARKUP:,}")
    assert time.perf_counter() - started < 5


def test_a_100000_row_sheet_is_refused_before_it_is_read_to_the_end():
    rows = [HEADINGS, *([1] for _ in range(100_000))]
    xml = sheet_xml(rows)
    # Damaged past row 2,100: refused for its length, so never parsed that far.
    cut = xml.index('<row r="2100">')
    messages = {tuple(refusal(xlsx(sheet))) for sheet in (xml, xml[:cut] + "<row")}
    assert messages == {
        (
            f"The {SHEET} sheet goes on past row 2,001: a workbook may hold at most "
            f"{MAX_ROWS:,} rows below the headings; split it or clear them",
        )
    }


def test_the_row_limit_itself():
    full = [HEADINGS, *(["XK-2005-2007", "PREV-A1", "2007-10-31"] for _ in range(MAX_ROWS))]
    assert len(read_workbook(xlsx(sheet_xml(full)))) == MAX_ROWS
    assert "past row 2,001" in refusal(xlsx(sheet_xml([*full, ["XK-2005-2007"]])))[0]
    # One row far down: the rows in between are not walked.
    far = sheet_xml([HEADINGS, ["x"]]).replace('r="2"', f'r="{10**20}"')
    assert "past row 2,001" in refusal(xlsx(far))[0]


def test_cells_past_the_column_limit_are_refused():
    book = openpyxl.load_workbook(io.BytesIO(ours()))
    book[SHEET].cell(row=2, column=MAX_COLUMNS + 1, value="note")
    assert refusal(saved(book)) == [
        f"The {SHEET} sheet has cells past column {MAX_COLUMNS}: a workbook may hold at most "
        f"{MAX_COLUMNS} columns; split it or clear them"
    ]
    # A sheet claiming a huge size is read by its cells, not its claim.
    huge = replace_part(
        ours(),
        "xl/worksheets/sheet1.xml",
        lambda xml: xml.replace(b'<dimension ref="A1:I2"/>', b'<dimension ref="A1:XFD1048576"/>'),
    )
    assert b"XFD1048576" in zipfile.ZipFile(io.BytesIO(huge)).read("xl/worksheets/sheet1.xml")
    assert len(read_workbook(huge)) == 1


# --- hidden ids, saved through the database --------------------------------------------------


@pytest.fixture
def editor(seeded_engine):
    with transaction(seeded_engine) as s:
        return {"id": make_user(s, "editor.iom", "editor", "IOM").id, "organisation": "IOM"}


def counts(engine) -> tuple:
    with engine.connect() as c:
        return tuple(
            c.scalar(select(func.count()).select_from(t))
            for t in (StatusUpdate, IndicatorValue, AuditEvent)
        )


@pytest.mark.parametrize(
    ("column", "hidden"),
    [
        (BASIS, 1e20),
        (CONTINUES, 1e20),
        (BASIS, 2**63),
        (CONTINUES, 2**63),
        (BASIS, 2**31),
        (CONTINUES, -3),
        (BASIS, 0),
        (CONTINUES, 2.5),
    ],
)
def test_a_changed_hidden_id_is_refused_and_nothing_is_saved(seeded_engine, editor, hidden, column):
    book = openpyxl.load_workbook(io.BytesIO(build_workbook(seeded_engine, editor["id"])))
    sheet = book[SHEET]
    headers = [c.value for c in sheet[1]]
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 2).value == "PROT-A5")
    for name, value in {
        "Report date": "2007-10-31",
        "Status": "Substantial",
        "Percent complete": 95,
        column: hidden,
    }.items():
        sheet.cell(row=row, column=headers.index(name) + 1, value=value)
    before = counts(seeded_engine)
    with pytest.raises(WorkbookError) as refused:
        perform(seeded_engine, save_workbook, user_id=editor["id"], data=saved(book), submit=True)
    errors = refused.value.errors
    assert [(r, c) for r, c, _message in errors] == [(row, column)]
    assert errors[0][2].endswith(" was changed; download a fresh workbook")
    assert float(errors[0][2].split()[0]) == hidden  # as written (Excel keeps 2**63 as a float)
    assert counts(seeded_engine) == before

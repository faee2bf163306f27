"""Hostile spreadsheet cells and hand-made .xlsx files, for the download and upload tests.

`xlsx` writes the smallest workbook openpyxl opens, part by part, so a test can damage or
inflate exactly one part (a truncated sheet, a shared-strings bomb) the way an attacker would.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from xml.sax.saxutils import escape

import openpyxl

# Each one runs as a formula (or a command, through DDE) when a spreadsheet opens it raw.
FORMULAS = [
    '=HYPERLINK("http://x.example","y")',
    "=1+1",
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1)",
    "\t=1+1",
    "\r=1+1",
]

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006"
_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_RELS_TYPE = "application/vnd.openxmlformats-package.relationships+xml"


def formula_cells(data: bytes) -> list[str]:
    """Every cell of an .xlsx that Excel would evaluate, read back with openpyxl and from the
    raw XML (an <f> element), as 'Sheet!A1'."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    found = [
        f"{sheet.title}!{cell.coordinate}"
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "f"
    ]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        found += [
            name
            for name in archive.namelist()
            if name.startswith("xl/worksheets/") and b"<f>" in archive.read(name)
        ]
    return found


def text_cells(data: bytes) -> dict[str, tuple[str, bool]]:
    """Each text cell's value -> (data type, quote prefix), read back with openpyxl."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    return {
        cell.value: (cell.data_type, bool(cell.quotePrefix))
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str)
    }


def cell(column: str, row: int, value) -> str:
    if isinstance(value, int | float):
        return f'<c r="{column}{row}"><v>{value}</v></c>'
    return f'<c r="{column}{row}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'


def sheet_xml(rows: Iterable[Iterable]) -> str:
    """A worksheet of the given rows of values, starting at A1 (at most 26 columns)."""
    body = "".join(
        f'<row r="{r}">'
        + "".join(cell(chr(65 + i), r, v) for i, v in enumerate(values) if v is not None)
        + "</row>"
        for r, values in enumerate(rows, start=1)
    )
    # Excel states a size before the cells; openpyxl reads a sheet to its end to find one.
    size = '<dimension ref="A1"/>'
    return f'<worksheet xmlns="{MAIN}">{size}<sheetData>{body}</sheetData></worksheet>'


def xlsx(sheet: str | bytes, *, title: str = "Reports", shared_strings: bytes | None = None):
    """A one-sheet workbook around `sheet` (the worksheet XML, as is, broken or not), with a
    sharedStrings part when given."""
    buffer = io.BytesIO()
    strings_type = (
        f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_TYPE}.sharedStrings+xml"/>'
        if shared_strings is not None
        else ""
    )
    strings_rel = (
        f'<Relationship Id="rId2" Type="{_REL}/sharedStrings" Target="sharedStrings.xml"/>'
        if shared_strings is not None
        else ""
    )
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            f'<Types xmlns="{_PKG}/content-types">'
            f'<Default Extension="rels" ContentType="{_RELS_TYPE}"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{_TYPE}.sheet.main+xml"/>'
            f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_TYPE}.worksheet+xml"/>'
            f"{strings_type}</Types>",
        )
        archive.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="{_PKG}/relationships"><Relationship Id="rId1" '
            f'Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        archive.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{MAIN}" xmlns:r="{_REL}"><sheets>'
            f'<sheet name="{title}" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<Relationships xmlns="{_PKG}/relationships"><Relationship Id="rId1" '
            f'Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>{strings_rel}'
            "</Relationships>",
        )
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
        if shared_strings is not None:
            archive.writestr("xl/sharedStrings.xml", shared_strings)
    return buffer.getvalue()


def shared_strings_bomb(unpacked: int) -> bytes:
    """A workbook whose sharedStrings part unpacks to about `unpacked` bytes of one-letter
    strings, streamed into the zip so the test itself stays small."""
    buffer = io.BytesIO()
    base = zipfile.ZipFile(io.BytesIO(xlsx(sheet_xml([["a"]]), shared_strings=b"")))
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for info in base.infolist():
            if info.filename != "xl/sharedStrings.xml":
                archive.writestr(info.filename, base.read(info.filename))
        chunk = b"<si><t>a</t></si>" * 60_000
        with archive.open("xl/sharedStrings.xml", "w") as part:
            part.write(f'<sst xmlns="{MAIN}">'.encode())
            for _ in range(unpacked // len(chunk) + 1):
                part.write(chunk)
            part.write(b"</sst>")
    return buffer.getvalue()

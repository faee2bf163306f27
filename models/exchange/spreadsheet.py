"""Spreadsheet files in and out: every download's cells made inert, every upload checked
before it is parsed.

Downloads (OWASP's CSV-injection rule): text that begins with `=`, `+`, `-`, `@`, a tab or a
carriage return is a formula to Excel, LibreOffice and Google Sheets. `formula_like` is the
one test; a CSV cell gets a leading apostrophe (`safe_cell`, `safe_frame`), an .xlsx cell is
written as a string with Excel's "quote prefix" (`safe_workbook`), so it shows as typed and
is never evaluated. Numbers, dates and blanks are left as they are.

Uploads: an .xlsx is a zip of XML. `archive_problem` refuses an upload that is too large,
not a zip, whose parts would unpack past a limit (a small file of repeated text can expand
a thousandfold; the zip's directory says, and zipfile refuses a part that unpacks past its
declared size) or that holds more XML tags than a full workbook needs (counted while
unpacking, in bounded memory), all before openpyxl sees it. openpyxl then parses the XML
with defusedxml when it is installed (a dependency), so entity expansion is refused too.
"""

from __future__ import annotations

import io
import zipfile
import zlib

import pandas as pd

from models.i18n import N_, _, format_number

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_UNPACKED_BYTES = 10 * 1024 * 1024
MAX_MARKUP = 1_000_000
NOT_XLSX = N_("This file is not an Excel workbook (.xlsx)")
MAX_MEMBERS = 500


def formula_like(value) -> bool:
    """Whether a spreadsheet program would run this cell as a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_START)


def safe_cell(value):
    """A value for a CSV cell: formula-like text behind an apostrophe, anything else as is."""
    return "'" + value if formula_like(value) else value


def safe_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of `df` for CSV, each cell through `safe_cell` (headings included)."""
    safe = df.map(safe_cell)
    safe.columns = [safe_cell(column) for column in df.columns]
    return safe


def safe_workbook(book) -> None:
    """Every text cell of an openpyxl workbook written as text, never as a formula (openpyxl
    makes any string that starts with "=" a formula); formula-like text also gets the quote
    prefix, so editing the cell in Excel keeps it text."""
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.data_type = "s"
                    if formula_like(cell.value):
                        cell.quotePrefix = True


def archive_problem(data: bytes) -> str | None:
    """Why an uploaded .xlsx is refused before it is parsed, or None: too large, not a zip,
    too many parts, more than MAX_UNPACKED_BYTES once unpacked, or more than MAX_MARKUP tags
    (openpyxl's work grows with the tags: 9 MB of one-letter strings, a 26 KB upload, took
    it half a minute). The reason is in the run's language."""
    if len(data) > MAX_UPLOAD_BYTES:
        too_large = _("The file is {size}; an upload may be at most {limit}")
        return too_large.format(size=_mib(len(data)), limit=_mib(MAX_UPLOAD_BYTES))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return _members_problem(archive) or _markup_problem(archive)
    except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError, RuntimeError):
        return _(NOT_XLSX)


def _members_problem(archive: zipfile.ZipFile) -> str | None:
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        parts = _("The workbook holds {count} parts; an upload may hold {limit}")
        return parts.format(count=format_number(len(members)), limit=MAX_MEMBERS)
    # A member's declared size is an upper bound: zipfile stops there and fails the CRC.
    unpacked = sum(member.file_size for member in members)
    if unpacked > MAX_UNPACKED_BYTES:
        large = _("The workbook unpacks to {size}; an upload may unpack to at most {limit}")
        return large.format(size=_mib(unpacked), limit=_mib(MAX_UNPACKED_BYTES))
    return None


def _markup_problem(archive: zipfile.ZipFile) -> str | None:
    tags = 0
    for member in archive.infolist():
        with archive.open(member) as part:
            while chunk := part.read(1024 * 1024):
                tags += chunk.count(b"<")
    if tags > MAX_MARKUP:
        much = _(
            "The workbook holds too much to read: {count} XML tags, where an upload may hold "
            "at most {limit}"
        )
        return much.format(count=format_number(tags), limit=format_number(MAX_MARKUP))
    return None


def _mib(size: int) -> str:
    return _("{size} MB").format(size=format_number(size / 1024 / 1024, digits=1))

"""The one rule for spreadsheet cells in downloads, and the checks an upload passes before
it is parsed."""

from __future__ import annotations

import io
import struct
import zipfile

import pandas as pd
import pytest

from models.exchange.spreadsheet import (
    MAX_UNPACKED_BYTES,
    MAX_UPLOAD_BYTES,
    NOT_XLSX,
    archive_problem,
    formula_like,
    safe_cell,
    safe_frame,
)
from tests.spreadsheets import FORMULAS, shared_strings_bomb, sheet_xml, xlsx


@pytest.mark.parametrize("text", FORMULAS)
def test_formula_like_text_gets_an_apostrophe(text):
    assert formula_like(text)
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize(
    "value", ["Prishtinë", "a=b", "", " =1+1", "'=1+1", "2006-03-01", -2, -2.5, 0, None, True]
)
def test_other_values_are_left_as_they_are(value):
    assert not formula_like(value)
    assert safe_cell(value) is value


def test_safe_frame_keeps_numbers_numbers_and_the_original_untouched():
    frame = pd.DataFrame({"title": ["-2+3", "Shelters"], "gap": [-2.0, 3.5], "=n": [-1, 2]})
    safe = safe_frame(frame)
    assert list(safe.columns) == ["title", "gap", "'=n"]
    assert list(safe["title"]) == ["'-2+3", "Shelters"]
    assert list(safe["gap"]) == [-2.0, 3.5] and safe["gap"].dtype == "float64"
    assert list(safe["'=n"]) == [-1, 2] and safe["'=n"].dtype == "int64"
    assert frame.loc[0, "title"] == "-2+3"


def test_an_upload_is_checked_before_it_is_opened():
    small = xlsx(sheet_xml([["Plan"]]))
    assert archive_problem(small) is None
    assert "at most 5.0 MB" in archive_problem(small + b"\0" * MAX_UPLOAD_BYTES)
    assert archive_problem(b"code,percent\nPREV-A1,50\n") == (
        "This file is not an Excel workbook (.xlsx)"
    )
    bomb = shared_strings_bomb(2 * MAX_UNPACKED_BYTES)
    assert len(bomb) < MAX_UPLOAD_BYTES // 10
    limit = f"an upload may unpack to at most {MAX_UNPACKED_BYTES / 2**20:.1f} MB"
    assert archive_problem(bomb).endswith(limit)


def test_a_part_that_unpacks_past_its_stated_size_is_refused():
    bomb = shared_strings_bomb(2 * MAX_UNPACKED_BYTES)
    # The central directory's entry for the part states 1,000 bytes unpacked.
    entry = bomb.rindex(b"PK\x01\x02", 0, bomb.rindex(b"xl/sharedStrings.xml"))
    lying = bomb[: entry + 24] + struct.pack("<I", 1000) + bomb[entry + 28 :]
    with zipfile.ZipFile(io.BytesIO(lying)) as archive:
        assert archive.getinfo("xl/sharedStrings.xml").file_size == 1000
    assert archive_problem(lying) == NOT_XLSX

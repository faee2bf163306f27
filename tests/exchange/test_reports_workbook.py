"""The reports workbook on the seeded plan, on SQLite and PostgreSQL: what is downloaded, a
filled upload saved, and uploads refused whole with every problem by row and column."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pytest
from sqlalchemy import func, select, text, update

from models.db import transaction
from models.entities import (
    Activity,
    AuditEvent,
    Indicator,
    IndicatorValue,
    StatusUpdate,
    User,
)
from models.exchange.reports_upload import apply_workbook, read_workbook
from models.exchange.reports_workbook import (
    BASIS,
    CONTINUES,
    SHEET,
    WorkbookError,
    build_workbook,
)
from models.services.reporting import approve, save_report
from tests.spreadsheets import FORMULAS, formula_cells, text_cells


def sheet_of(engine, user) -> tuple:
    book = openpyxl.load_workbook(io.BytesIO(build_workbook(engine, user["id"])))
    sheet = book[SHEET]
    headers = [c.value for c in sheet[1]]
    rows = {sheet.cell(row=r, column=2).value: r for r in range(2, sheet.max_row + 1)}
    return book, sheet, headers, rows


def fill(sheet, headers, row: int, **cells) -> None:
    for column, value in cells.items():
        sheet.cell(row=row, column=headers.index(column) + 1, value=value)


def upload(engine, user_id: int, book, submit: bool = True) -> list:
    buffer = io.BytesIO()
    book.save(buffer)
    rows = read_workbook(buffer.getvalue())
    with transaction(engine) as s:
        return [
            r.id
            for r in apply_workbook(session=s, actor=s.get(User, user_id), rows=rows, submit=submit)
        ]


def counts(engine) -> tuple:
    with engine.connect() as c:
        return tuple(
            c.scalar(select(func.count()).select_from(t))
            for t in (StatusUpdate, IndicatorValue, AuditEvent)
        )


def test_the_workbook_lists_the_agencys_activities_to_fill(seeded_engine, people):
    user, _ = people
    book, sheet, headers, rows = sheet_of(seeded_engine, user)
    with seeded_engine.connect() as c:
        expected = c.execute(
            text(
                "SELECT a.code, i.code FROM activity a"
                " JOIN activity_agency aa ON aa.activity_id = a.id"
                " JOIN organisation o ON o.id = aa.organisation_id LEFT JOIN indicator i ON "
                "i.activity_id = a.id WHERE o.acronym = 'IOM' ORDER BY a.code"
            )
        ).all()
    assert sorted(rows) == [code for code, _i in expected]
    indicator_columns = headers[headers.index("Evidence link") + 1 : headers.index(BASIS)]
    assert sorted(indicator_columns) == sorted(i for _a, i in expected if i)
    code = sheet.cell(row=rows["PROT-A5"], column=2)
    assert code.protection.locked and code.fill.fgColor.rgb.endswith("D9D9D9")
    status = sheet.cell(row=rows["PROT-A5"], column=headers.index("Status") + 1)
    assert not status.protection.locked and sheet.protection.sheet
    lists = [dv.formula1 for dv in sheet.data_validations.dataValidation if dv.type == "list"]
    assert '"Not started,Limited,Substantial,Complete,Suspended,Cancelled"' in lists
    # PROT-A5's own indicator is open on its row, PREV-A1's milestone is not.
    assert not sheet.cell(
        row=rows["PROT-A5"], column=headers.index("PROT-A5-I1") + 1
    ).protection.locked
    assert sheet.cell(row=rows["PROT-A5"], column=headers.index("PREV-A1-I1") + 1).protection.locked
    assert sheet.column_dimensions[code.column_letter].hidden is False
    assert "Instructions" in book.sheetnames


def test_filled_rows_become_reports_and_blank_rows_are_skipped(seeded_engine, people):
    user, _ = people
    book, sheet, headers, rows = sheet_of(seeded_engine, user)
    fill(
        sheet,
        headers,
        rows["PROT-A5"],
        **{
            "Report date": date(2007, 10, 31),
            "Status": "Substantial",
            "Percent complete": 95,
            "PROT-A5-I1": 240,
        },
    )
    fill(
        sheet,
        headers,
        rows["PREV-A1"],
        **{
            "Report date": "2007-10-31",
            "Status": "Complete",
            "Percent complete": 100,
            "Evidence link": "https://example.org/survey.pdf",
            "PREV-A1-I1": "Yes",
        },
    )
    before = counts(seeded_engine)
    ids = upload(seeded_engine, user["id"], book, submit=True)
    with seeded_engine.connect() as c:
        saved = c.execute(
            text(
                "SELECT a.code, su.state, su.percent_complete, iv.value FROM status_update su JOIN "
                "activity a ON a.id = su.activity_id JOIN indicator_value iv ON "
                "iv.status_update_id = su.id WHERE su.id IN (:x, :y) ORDER BY a.code"
            ),
            {"x": ids[0], "y": ids[1]},
        ).all()
    assert [(code, state, pc, float(v)) for code, state, pc, v in saved] == [
        ("PREV-A1", "submitted", 100, 1.0),
        ("PROT-A5", "submitted", 95, 240.0),
    ]
    assert counts(seeded_engine)[0] == before[0] + 2


def test_one_refused_row_saves_nothing_and_every_problem_is_listed(seeded_engine, people):
    user, _ = people
    book, sheet, headers, rows = sheet_of(seeded_engine, user)
    fill(
        sheet,
        headers,
        rows["PROT-A4"],
        **{
            "Report date": "2007-10-31",
            "Status": "Limited",
            "Percent complete": 30,
            "Narrative": "On track.",
        },
    )
    fill(
        sheet,
        headers,
        rows["PROT-A5"],
        **{
            "Report date": "31/10/2007",
            "Status": "Done",
            "Percent complete": 120,
            "Narrative": "x" * 4001,
            "PREV-A1-I1": "Yes",
        },
    )
    fill(
        sheet,
        headers,
        rows["PREV-A1"],
        **{
            "Report date": "2007-10-31",
            "Status": "Complete",
            "Percent complete": 100,
            "PREV-A1-I1": "Maybe",
        },
    )
    before = counts(seeded_engine)
    with pytest.raises(WorkbookError) as refused:
        upload(seeded_engine, user["id"], book)
    a5, a1 = rows["PROT-A5"], rows["PREV-A1"]
    statuses = "Not started, Limited, Substantial, Complete, Suspended, Cancelled"
    assert sorted(refused.value.errors) == sorted(
        [
            (a5, "Report date", "'31/10/2007' is not a date (YYYY-MM-DD)"),
            (a5, "Status", f"'Done': choose one of {statuses}"),
            (a5, "PREV-A1-I1", "not an indicator of PROT-A5; leave it blank"),
            (a5, "Percent complete", "120 is outside 0 to 100"),
            (a5, "Narrative", "4,001 characters is too long; at most 4,000"),
            (a1, "PREV-A1-I1", "'Maybe': a milestone is Yes (reached) or No"),
            (a1, "Evidence link", "a complete activity needs a link to evidence"),
        ]
    )
    assert f"Row {a5}, Percent complete: 120 is outside 0 to 100" in str(refused.value)
    assert counts(seeded_engine) == before


def test_an_activity_not_the_agencys_and_a_repeated_row_are_refused(seeded_engine, people):
    user, _ = people
    book, sheet, headers, rows = sheet_of(seeded_engine, user)
    sheet.protection.sheet = False
    filled = {
        "Report date": "2007-10-31",
        "Status": "Limited",
        "Percent complete": 30,
        "Narrative": "Slower than planned.",
    }
    fill(sheet, headers, rows["PROT-A1"], **{"Activity code": "PROS-A7", **filled})
    fill(sheet, headers, rows["PROT-A4"], **filled)
    fill(sheet, headers, rows["PREV-A1"], **{"Activity code": "PROT-A4", **filled})
    before = counts(seeded_engine)
    with pytest.raises(WorkbookError) as refused:
        upload(seeded_engine, user["id"], book)
    # PREV-A1's row, relabelled PROT-A4, still carries PREV-A1's approved report.
    prev_basis = sheet.cell(row=rows["PREV-A1"], column=headers.index(BASIS) + 1).value
    assert sorted(refused.value.errors) == sorted(
        [
            (
                rows["PROT-A1"],
                "Activity code",
                "PROS-A7 is not an activity of plan XK-2005-2007 that IOM leads or supports",
            ),
            (rows["PREV-A1"], BASIS, f"{prev_basis} is not an approved report on PROT-A4"),
            (
                rows["PROT-A4"],
                "Activity code",
                f"also on row {rows['PREV-A1']}; one report per activity in an upload",
            ),
        ]
    )
    assert counts(seeded_engine) == before


def test_a_report_approved_since_the_download_is_a_conflict(seeded_engine, people):
    user, coordinator_id = people
    book, sheet, headers, rows = sheet_of(seeded_engine, user)
    basis = sheet.cell(row=rows["PROT-A5"], column=headers.index(BASIS) + 1).value
    with transaction(seeded_engine) as s:
        newer = save_report(
            session=s,
            actor=s.get(User, user["id"]),
            activity_id=s.get(StatusUpdate, basis).activity_id,
            report_date=date(2007, 10, 15),
            status="substantial",
            percent_complete=92,
            based_on_id=basis,
            submit=True,
        )
        approve(session=s, actor=s.get(User, coordinator_id), report_ids=[newer.id])
        newer_id = newer.id
    fill(
        sheet,
        headers,
        rows["PROT-A5"],
        **{"Report date": "2007-10-31", "Status": "Substantial", "Percent complete": 95},
    )
    before = counts(seeded_engine)
    with pytest.raises(WorkbookError) as refused:
        upload(seeded_engine, user["id"], book)
    assert refused.value.errors == [
        (
            rows["PROT-A5"],
            BASIS,
            f"a newer report on PROT-A5 (report {newer_id}) was approved since this workbook was "
            "made; download a fresh one",
        )
    ]
    assert counts(seeded_engine) == before


def _book_bytes(book) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_files_that_are_not_the_reports_workbook_are_refused(seeded_engine, people):
    user, _ = people
    with pytest.raises(WorkbookError, match=r"not an Excel workbook \(\.xlsx\)"):
        read_workbook(b"code,percent\nPREV-A1,50\n")
    other = openpyxl.Workbook()
    other.active.title = "Sheet1"
    with pytest.raises(WorkbookError, match="no sheet named 'Reports'"):
        read_workbook(_book_bytes(other))
    book, sheet, headers, _rows = sheet_of(seeded_engine, user)
    sheet.delete_cols(headers.index("Status") + 1)
    sheet.delete_cols(headers.index(CONTINUES))  # shifted left by one
    with pytest.raises(WorkbookError, match="lacks the column"):
        read_workbook(_book_bytes(book))
    untouched, *_ = sheet_of(seeded_engine, user)
    assert read_workbook(_book_bytes(untouched)) == []
    with transaction(seeded_engine) as s, pytest.raises(WorkbookError, match="Every row is blank"):
        apply_workbook(session=s, actor=s.get(User, user["id"]), rows=[], submit=False)


def test_the_workbook_writes_formula_like_titles_as_text(seeded_engine, people):
    user, _ = people
    _book, _sheet, _headers, rows = sheet_of(seeded_engine, user)
    codes = sorted(rows)[: len(FORMULAS)]
    with transaction(seeded_engine) as s:
        for code, hostile in zip(codes, FORMULAS, strict=False):
            s.execute(update(Activity).where(Activity.code == code).values(title=hostile))
        s.execute(update(Indicator).where(Indicator.code == "PROT-A5-I1").values(name="=1+1"))
    data = build_workbook(seeded_engine, user["id"])
    assert formula_cells(data) == []
    typed = text_cells(data)
    written = FORMULAS[: len(codes)]
    assert {text: typed[text] for text in written} == dict.fromkeys(written, ("s", True))
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book[SHEET]
    headers = [c.value for c in sheet[1]]
    basis = [sheet.cell(row=r, column=headers.index(BASIS) + 1) for r in range(2, sheet.max_row)]
    assert {c.data_type for c in basis if c.value is not None} == {"n"}

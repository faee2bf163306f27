"""Reports by spreadsheet: download the agency's activities as an .xlsx, fill it offline,
upload it back. Every filled row is checked by the same rules and service as the web form,
and an upload is all or nothing: one refused row and no report is saved.

Layout (one decision, documented in the Instructions sheet): one "Reports" sheet, one row per
activity, and one column per indicator code of the agency's activities, filled only on the
rows of the activity it belongs to (the other cells are grey and locked). Grey columns are for
reference; two hidden ones carry the approved report the row was written against (so an
approval made since the download is caught as a conflict) and the draft or returned report
the row continues. A row with every white cell blank is skipped. Reading and saving an
upload (all rows or none) is models/exchange/reports_upload.py.

Languages: the sheets' names, the headers, the status list, Yes/No and the instructions are
written in the language of the run; the upload reads a workbook written in any of them
(`every_language` gives each English key's words in all, `key_of` maps them back).
"""

from __future__ import annotations

import io

import openpyxl
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.worksheet.datavalidation import DataValidation
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from models.codes import STATUS_LABELS
from models.entities import ActionPlan, Indicator
from models.exchange.spreadsheet import safe_workbook
from models.i18n import LANGUAGES, N_, _, translations
from models.queries.reporting import my_activities
from models.services.errors import DomainError
from models.views.my_activities import FIELD_LABELS, own_state

# English keys, written in the run's language (_()) and read back in any (key_of).
SHEET = N_("Reports")
INSTRUCTIONS_SHEET = N_("Instructions")
REFERENCE = (
    N_("Plan"),
    N_("Activity code"),
    N_("Activity"),
    N_("Your role"),
    N_("Approved status"),
    N_("Approved percent"),
    N_("Approved date"),
    N_("Your report in progress"),
)
FILL = (
    N_("Report date"),
    N_("Status"),
    N_("Percent complete"),
    N_("Narrative"),
    N_("Evidence link"),
)
BASIS, CONTINUES = N_("Based on report"), N_("Continues report")
FIELDS = {**FIELD_LABELS, "based_on_id": BASIS, "report_id": CONTINUES}
YES, NO = N_("Yes"), N_("No")
ROLE_WORDS = {"lead": N_("lead"), "supporting": N_("supporting")}
_GREY = PatternFill("solid", fgColor="D9D9D9")
_OPEN = Protection(locked=False)
# One msgid per sentence; the lines of one are the rows of the Instructions sheet.
INSTRUCTIONS = [
    N_("Fill one row per activity you report on; leave a row blank to skip it."),
    N_(
        "Grey cells are for reference and locked. Fill the white cells: Report date (YYYY-MM-DD),"
        "\nStatus (choose from the list), Percent complete (0 to 100), Narrative, Evidence link,"
        "\nand a value for each indicator of the activity (milestones: Yes or No)."
    ),
    N_(
        "A complete activity is 100% and needs an evidence link; a drop in percent needs a "
        "narrative."
    ),
    N_("Upload the file on the My activities page, as drafts or submitted for approval."),
    N_("If any row is refused, nothing is saved: the errors are listed by row and column."),
]
INDICATOR_HEADERS = (N_("Indicator"), N_("Activity"), N_("Measure"), N_("What it counts"))


def every_language(key: str) -> set[str]:
    """The words `key` (an English msgid) is written with in every language."""
    return {translations(language).gettext(key) for language in LANGUAGES}


def key_of(words, keys) -> str | None:
    """The English key among `keys` whose words, in any language, are `words` (case and
    surrounding blanks aside), or None."""
    wanted = str(words).strip().casefold() if words is not None else ""
    for key in keys:
        if wanted in {w.strip().casefold() for w in every_language(key)}:
            return key
    return None


class WorkbookError(DomainError):
    """An upload refused: every problem, each with its row and column where it has one."""

    def __init__(self, errors: list[tuple[int | None, str | None, str]]) -> None:
        self.errors = errors
        super().__init__([describe(*error) for error in errors])


def describe(row: int | None, column: str | None, message: str) -> str:
    """One problem in the run's language: "Row 3, Status: ..." (a column named by its key)."""
    parts = [_("Row {row}").format(row=row) if row else None, _(column) if column else None]
    where = ", ".join(part for part in parts if part)
    return f"{where}: {message}" if where else message


def _indicators(session_or_engine, activity_ids: list[int]) -> list[tuple]:
    query = (
        select(Indicator.activity_id, Indicator.code, Indicator.measure, Indicator.name)
        .where(Indicator.activity_id.in_(activity_ids))
        .order_by(Indicator.code)
    )
    if isinstance(session_or_engine, Session):
        return list(session_or_engine.execute(query))
    with session_or_engine.connect() as connection:
        return list(connection.execute(query))


def build_workbook(engine: Engine, user_id: int, plan_id: int | None = None) -> bytes:
    """The user's agency's activities as a workbook to fill, with an Instructions sheet."""
    activities = my_activities(engine, user_id, plan_id)
    indicators = _indicators(engine, [int(i) for i in activities["activity_id"]])
    codes = list(dict.fromkeys(code for _a, code, _m, _n in indicators))
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = _(SHEET)
    headers = [*REFERENCE, *FILL, *codes, BASIS, CONTINUES]
    fixed = {*REFERENCE, *FILL, BASIS, CONTINUES}
    sheet.append([_(h) if h in fixed else h for h in headers])
    plans = _plan_codes(engine, {int(p) for p in activities["plan_id"]})
    for _index, row in activities.iterrows():
        own = row["own_id"] if row["own_state"] in ("draft", "returned") else None
        approved = STATUS_LABELS.get(row["approved_status"])
        sheet.append(
            [
                plans[int(row["plan_id"])],
                row["code"],
                row["title"],
                _(ROLE_WORDS[row["role"]]) if row["role"] in ROLE_WORDS else row["role"],
                _(approved) if approved else approved,
                _int(row["approved_percent"]),
                row["approved_date"],
                own_state(row),
                *[None] * (len(FILL) + len(codes)),
                _int(row["approved_id"]),
                _int(own),
            ]
        )
    _style(sheet, headers, codes, activities, indicators)
    _instructions(book.create_sheet(_(INSTRUCTIONS_SHEET)), indicators, activities)
    safe_workbook(book)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _plan_codes(engine: Engine, ids: set[int]) -> dict[int, str]:
    with engine.connect() as connection:
        rows = connection.execute(
            select(ActionPlan.id, ActionPlan.code).where(ActionPlan.id.in_(ids))
        )
        return dict(rows.all())


def _int(value) -> int | None:
    return None if value is None or value != value else int(value)  # NaN and pd.NA are blank


def _style(sheet, headers, codes, activities, indicators) -> None:
    own = {(a, code): measure for a, code, measure, _n in indicators}
    names = {code: name for _a, code, _m, name in indicators}
    first_fill, last = len(REFERENCE) + 1, len(headers)
    statuses = ",".join(_(label) for label in STATUS_LABELS.values())
    status = DataValidation(type="list", formula1=f'"{statuses}"')
    yes_no = DataValidation(type="list", formula1=f'"{_(YES)},{_(NO)}"')
    percent = DataValidation(type="whole", operator="between", formula1="0", formula2="100")
    for dv in (status, yes_no, percent):
        sheet.add_data_validation(dv)
    for index, header in enumerate(headers, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font, cell.alignment = Font(bold=True), Alignment(wrap_text=True)
        if header in names:
            cell.comment = Comment(names[header], "Action Plan Monitor")
        width = 40 if header in ("Activity", "Narrative", "Your report in progress") else 16
        sheet.column_dimensions[cell.column_letter].width = width
    for r, activity_id in enumerate(activities["activity_id"], start=2):
        for c in range(1, last + 1):
            header, cell = headers[c - 1], sheet.cell(row=r, column=c)
            measure = own.get((int(activity_id), header))
            if header in FILL or measure:
                cell.protection = _OPEN
            else:
                cell.fill = _GREY
            if header in ("Report date", "Approved date"):
                cell.number_format = "yyyy-mm-dd"
            dv = {"Status": status, "Percent complete": percent}.get(header)
            if dv or measure == "milestone":
                (dv or yes_no).add(cell.coordinate)
    for header in (BASIS, CONTINUES):
        sheet.column_dimensions[
            sheet.cell(row=1, column=headers.index(header) + 1).column_letter
        ].hidden = True
    sheet.freeze_panes = sheet.cell(row=2, column=first_fill)
    sheet.protection.sheet = True
    sheet.protection.formatColumns = sheet.protection.formatRows = False


def _instructions(sheet, indicators, activities) -> None:
    codes = dict(zip(activities["activity_id"], activities["code"], strict=True))
    for sentence in INSTRUCTIONS:
        for line in _(sentence).split("\n"):
            sheet.append([line])
    sheet.append([])
    sheet.append([_(h) for h in INDICATOR_HEADERS])
    for activity_id, code, measure, name in indicators:
        sheet.append([code, codes[activity_id], measure, name])
    sheet.column_dimensions["A"].width, sheet.column_dimensions["D"].width = 20, 70

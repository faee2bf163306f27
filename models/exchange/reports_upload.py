"""Uploading a filled reports workbook: read its rows, then save them all or none.

Each row goes through the same rules and service as the web form (`save_report`), inside
the caller's transaction; every row is tried so that all problems are listed at once, and
if any row is refused WorkbookError is raised, so the caller's transaction rolls back and
nothing is saved. Problems name the sheet's row number and column.

The workbook may have been downloaded in any language: its sheet, headers, statuses and
Yes/No are read back to their English keys (reports_workbook.key_of), and problems are told
in the language of the person uploading.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import islice
from typing import Any

import openpyxl
from sqlalchemy import select
from sqlalchemy.orm import Session

from models.codes import STATUS_LABELS
from models.entities import (
    ActionPlan,
    Activity,
    ActivityAgency,
    Indicator,
    Organisation,
    StatusUpdate,
    User,
)
from models.exchange.reports_workbook import (
    BASIS,
    CONTINUES,
    FIELDS,
    FILL,
    NO,
    REFERENCE,
    SHEET,
    YES,
    WorkbookError,
    every_language,
    key_of,
)
from models.exchange.spreadsheet import NOT_XLSX, archive_problem
from models.i18n import _, format_number
from models.services.authz import require_role
from models.services.errors import PermissionDenied, ReportConflict, ReportError
from models.services.reporting import save_report
from models.views.my_activities import MILESTONE

MAX_ROWS = 2_000
MAX_COLUMNS = 200
# Ids are the database's: PostgreSQL's INTEGER; anything else in a hidden id cell was typed.
MAX_ID = 2**31 - 1


@dataclass
class RowInput:
    """One filled row as read from the sheet; `problems` are cells that could not be read."""

    row: int
    plan: str
    activity_code: str
    fields: dict[str, Any]
    values: dict[str, Any] = field(default_factory=dict)
    problems: list[tuple[str, str]] = field(default_factory=list)


def read_workbook(data: bytes) -> list[RowInput]:
    """The filled rows of an uploaded workbook, blank rows left out; WorkbookError when the
    file is not one of ours (not .xlsx, damaged, no Reports sheet, columns missing) or is
    past a limit (models.exchange.spreadsheet; at most MAX_ROWS rows), before anything is
    saved."""
    problem = archive_problem(data)
    if problem:
        raise (
            _refused(problem) if problem == _(NOT_XLSX) else WorkbookError([(None, None, problem)])
        )
    fixed = (*REFERENCE, *FILL, BASIS, CONTINUES)
    written, body = _sheet(data)
    headers = [key_of(h, fixed) or h for h in written]  # each language's header → its key
    missing = [h for h in ("Plan", "Activity code", *FILL, BASIS, CONTINUES) if h not in headers]
    if missing:
        lacks = _("The {sheet} sheet lacks the column(s): {columns}").format(
            sheet=_(SHEET), columns=", ".join(_(h) for h in missing)
        )
        raise WorkbookError([(None, None, lacks)])
    codes = [h for h in headers if h and h not in fixed]
    found = [
        _row(number, dict(zip(headers, cells, strict=False)), codes)
        for number, cells in enumerate(body, start=2)
    ]
    return [row for row in found if row is not None]


def _sheet(data: bytes) -> tuple[list[str], list[tuple]]:
    """The Reports sheet's headers and rows, all parsed before any is checked."""
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            return _cells(book)
        finally:
            book.close()
    except WorkbookError:
        raise
    # openpyxl meets a damaged file with whatever its parsing raises (ParseError for cut XML,
    # KeyError for a missing part, ValueError for a number too long, TypeError from its
    # descriptors...): to the person uploading, all one answer.
    except Exception:
        raise _refused(_("This file could not be read as an Excel workbook (.xlsx)")) from None


def _cells(book) -> tuple[list[str], list[tuple]]:
    name = next((n for n in book.sheetnames if key_of(n, [SHEET])), None)
    if name is None:
        absent = _("The workbook has no sheet named {name}").format(name=repr(_(SHEET)))
        raise _refused(absent)
    sheet = book[name]
    sheet.reset_dimensions()  # the size a sheet states is not trusted
    # Every row comes MAX_COLUMNS + 1 wide; reading stops one row past the limit.
    found = sheet.iter_rows(max_col=MAX_COLUMNS + 1, values_only=True)
    rows = list(islice(found, MAX_ROWS + 2))
    if len(rows) > MAX_ROWS + 1:
        past = _("The {sheet} sheet goes on past row {row}")
        raise _limit(past.format(sheet=_(SHEET), row=format_number(MAX_ROWS + 1)), "rows")
    if any(len(row) > MAX_COLUMNS and row[MAX_COLUMNS] is not None for row in rows):
        wide = _("The {sheet} sheet has cells past column {column}")
        raise _limit(wide.format(sheet=_(SHEET), column=MAX_COLUMNS), "columns")
    headers = [str(h).strip() if h is not None else "" for h in (rows[0] if rows else ())]
    return headers, rows[1:]


def _limit(problem: str, what: str) -> WorkbookError:
    if what == "rows":
        limit = _("{count} rows below the headings").format(count=format_number(MAX_ROWS))
    else:
        limit = _("{count} columns").format(count=MAX_COLUMNS)
    most = _("{problem}: a workbook may hold at most {limit}; split it or clear them")
    return WorkbookError([(None, None, most.format(problem=problem, limit=limit))])


def _refused(problem: str) -> WorkbookError:
    return WorkbookError(
        [
            (
                None,
                None,
                _(
                    "{problem}: download the workbook from this page, fill it and upload it as "
                    "it is"
                ).format(problem=problem),
            )
        ]
    )


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _row(number: int, cells: dict[str, Any], codes: list[str]) -> RowInput | None:
    if all(_blank(cells.get(h)) for h in (*FILL, *codes)):
        return None
    problems: list[tuple[str, str]] = []
    fields = {
        "report_date": _date(cells.get("Report date"), problems),
        "status": _status(cells.get("Status"), problems),
        "percent_complete": _percent(cells.get("Percent complete"), problems),
        "narrative": "" if _blank(cells.get("Narrative")) else str(cells["Narrative"]),
        "evidence_url": None if _blank(cells.get("Evidence link")) else str(cells["Evidence link"]),
        "based_on_id": _id(cells.get(BASIS), BASIS, problems),
        "report_id": _id(cells.get(CONTINUES), CONTINUES, problems),
    }
    values = {code: cells.get(code) for code in codes if not _blank(cells.get(code))}
    plan, code = (str(cells.get(h) or "").strip() for h in ("Plan", "Activity code"))
    return RowInput(number, plan, code, fields, values, problems)


def _date(value, problems) -> Any:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        problems.append(
            (
                "Report date",
                _("{value} is not a date (YYYY-MM-DD)").format(value=repr(value))
                if not _blank(value)
                else _("give the date the report is about (YYYY-MM-DD)"),
            )
        )
        return None


def _status(value, problems) -> str | None:
    # A status in the words of any language the workbook may have been written in.
    by_label = {
        words.casefold(): code
        for code, label in STATUS_LABELS.items()
        for words in every_language(label)
    }
    text = "" if value is None else str(value).strip().casefold()
    code = by_label.get(text) or (text if text in STATUS_LABELS else None)
    if code is None:
        choose = _("{value}: choose one of {statuses}").format(
            value=_("blank") if not text else repr(value),
            statuses=", ".join(_(label) for label in STATUS_LABELS.values()),
        )
        problems.append(("Status", choose))
    return code


def _percent(value, problems) -> Any:
    if _blank(value):
        problems.append(("Percent complete", _("give a whole number from 0 to 100")))
        return value
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            return value  # the report rules say what is wrong with it
    whole = _whole(value)
    return value if whole is None else whole


def _id(value, column: str, problems) -> int | None:
    if _blank(value):
        return None
    number = _whole(value)
    if number is not None and 1 <= number <= MAX_ID:
        return number
    changed = _("{value} was changed; download a fresh workbook").format(value=repr(value))
    problems.append((column, changed))
    return None


def _whole(value) -> int | None:
    """A number cell's whole value, or None (text, a fraction, infinity, NaN)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if isinstance(value, float) and not value.is_integer():
        return None
    return int(value)


def save_workbook(
    *, session: Session, actor: User, data: bytes, submit: bool
) -> list[StatusUpdate]:
    """Read a filled workbook and save every row as a report (submitted with `submit`, else
    drafts), or none of them: WorkbookError lists every problem by row and column."""
    return apply_workbook(session=session, actor=actor, rows=read_workbook(data), submit=submit)


def apply_workbook(
    *, session: Session, actor: User, rows: list[RowInput], submit: bool
) -> list[StatusUpdate]:
    """Save every row as a report (submitted with `submit`, else drafts), or none of them."""
    require_role(actor, "editor", action="write reports")
    if not rows:
        raise WorkbookError([(None, None, _("Every row is blank: there is nothing to save"))])
    targets = _targets(session, actor)
    indicators = _indicators(session, list(targets.values()))
    organisation = session.get(Organisation, actor.organisation_id)
    errors: list[tuple[int | None, str | None, str]] = []
    saved, seen = [], {}
    for row in rows:
        key = (row.plan, row.activity_code)
        if key not in targets or key in seen:
            why = (
                _("also on row {row}; one report per activity in an upload").format(row=seen[key])
                if key in seen
                else _(
                    "{activity} is not an activity of plan {plan} that {agency} leads or supports"
                ).format(
                    activity=row.activity_code or _("blank"),
                    plan=row.plan or _("(blank)"),
                    agency=organisation.acronym or organisation.name,
                )
            )
            errors.append((row.row, "Activity code", why))
            continue
        seen[key] = row.row
        report, problems = _save_row(session, actor, row, targets[key], indicators, submit)
        errors += [(row.row, column, message) for column, message in problems]
        saved += [report] if report is not None else []
    if errors:
        raise WorkbookError(errors)
    return saved


def _targets(session: Session, actor: User) -> dict[tuple[str, str], int]:
    """The actor's organisation's activities, by (plan code, activity code)."""
    query = (
        select(ActionPlan.code, Activity.code, Activity.id)
        .join(Activity, Activity.plan_id == ActionPlan.id)
        .join(ActivityAgency, ActivityAgency.activity_id == Activity.id)
        .where(ActivityAgency.organisation_id == actor.organisation_id)
    )
    return {(plan, code): activity_id for plan, code, activity_id in session.execute(query)}


def _indicators(session: Session, activity_ids: list[int]) -> dict[tuple[int, str], tuple]:
    query = select(Indicator.activity_id, Indicator.code, Indicator.id, Indicator.measure).where(
        Indicator.activity_id.in_(activity_ids)
    )
    return {(a, code): (i, measure) for a, code, i, measure in session.execute(query)}


def _save_row(session, actor, row: RowInput, activity_id: int, indicators, submit: bool):
    problems = list(row.problems)
    values = {}
    for code, raw in row.values.items():
        indicator_id, measure = indicators.get((activity_id, code), (None, None))
        said = key_of(raw, [YES, NO]) if isinstance(raw, str) else None  # Yes/No, any language
        if indicator_id is None:
            problems.append(
                (
                    code,
                    _("not an indicator of {activity}; leave it blank").format(
                        activity=row.activity_code
                    ),
                )
            )
        elif measure == "milestone" and said not in MILESTONE:
            problems.append(
                (code, _("{value}: a milestone is Yes (reached) or No").format(value=repr(raw)))
            )
        else:
            values[indicator_id] = MILESTONE.get(said, raw)
    report, refused = None, []
    try:
        report = save_report(
            session=session,
            actor=actor,
            activity_id=activity_id,
            indicator_values=values,
            submit=submit,
            **row.fields,
        )
    except ReportError as error:
        refused = [_column(message) for message in error.messages]
    except ReportConflict as clash:
        refused = [
            (
                BASIS,
                _(
                    "a newer report on {activity} (report {report}) was approved since this "
                    "workbook was made; download a fresh one"
                ).format(activity=row.activity_code, report=clash.newer_id),
            )
        ]
    except PermissionDenied as error:
        refused = [("Activity code", str(error))]
    # A cell that could not be read has said why; the service's view of it adds nothing.
    read = {column for column, _message in problems}
    return report, problems + [(c, m) for c, m in refused if c not in read]


def _column(message: str) -> tuple[str, str]:
    """The service's "field: problem" as (sheet column, problem)."""
    name, _, rest = message.partition(": ")
    if name == "indicator_values":
        code = rest.split()[0].rstrip(":")
        return code, rest.removeprefix(f"{code}: ")
    return FIELDS.get(name, name), rest

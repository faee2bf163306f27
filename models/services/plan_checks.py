"""Field checks for plan edits: every problem is collected, each message names its field.

A `Checks` gathers the problems of one edit, so that the person sees all of them at once;
`done()` raises `PlanEditError` with the list. Limits follow the schema's column widths;
the free-text columns (descriptions, means of verification) are TEXT in the database and
get the same 4,000-character limit as a report's narrative, so that a page stays readable.
Codes are unique in a plan (`unique_code`); dates of the plan fall within its period.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from numbers import Integral

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models.entities import ActionPlan
from models.i18n import N_, SOURCE_LANGUAGE, _, current_language, format_date
from models.services.errors import PlanEditError

CODE_MAX = 40  # objective.code, activity.code, indicator.code
TITLE_MAX = 300  # objective.title, activity.title, indicator.name
UNIT_MAX = 60  # indicator.unit
TEXT_MAX = 4000  # descriptions and means of verification (TEXT columns)
CODE_PATTERN = re.compile(r"[A-Za-z0-9.-]+")
# indicator values are Numeric(18, 4): fourteen digits before the point, four after.
VALUE_LIMIT = Decimal("1e14")
VALUE_PLACES = Decimal("0.0001")


class Checks:
    """The problems found in one edit, and the cleaned values of its fields.

    Labels are marked for translation where they are written (N_("Title")) and translated
    here; problems are msgids with named placeholders, filled in with `values`.
    """

    def __init__(self) -> None:
        self.messages: list[str] = []

    def fail(self, label: str, problem: str, **values) -> None:
        self.messages.append(f"{_(label)}: {_(problem).format(**values)}")

    def done(self) -> None:
        if self.messages:
            raise PlanEditError(self.messages)

    def text(self, label: str, value, limit: int, *, required: bool = True) -> str | None:
        """Text with surrounding spaces removed; None when empty (a problem if required)."""
        if value is not None and not isinstance(value, str):
            self.fail(label, N_("must be text"))
            return None
        cleaned = (value or "").strip()
        if not cleaned:
            if required:
                self.fail(label, N_("must not be empty"))
            return None
        if len(cleaned) > limit:
            self.fail(
                label,
                N_("is {count} characters long; at most {limit} are kept"),
                count=len(cleaned),
                limit=limit,
            )
        return cleaned

    def code(self, label: str, value) -> str | None:
        cleaned = self.text(label, value, CODE_MAX)
        if cleaned is not None and not CODE_PATTERN.fullmatch(cleaned):
            self.fail(
                label,
                N_("{value} may contain only letters, digits, '-' and '.'"),
                value=repr(cleaned),
            )
        return cleaned

    def day(
        self, label: str, value, *, required: bool = True, within: tuple[date, date] | None = None
    ) -> date | None:
        if value is None:
            if required:
                self.fail(label, N_("give a date"))
            return None
        if not isinstance(value, date) or isinstance(value, datetime):
            self.fail(label, N_("{value} is not a date"), value=repr(value))
            return None
        if within and not within[0] <= value <= within[1]:
            self.fail(
                label,
                N_("{day} is outside the plan period, {start} to {end}"),
                day=short_date(value),
                start=short_date(within[0]),
                end=short_date(within[1]),
            )
        return value

    def number(self, label: str, value, *, required: bool = True) -> Decimal | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.fail(label, N_("give a value"))
            return None
        try:
            number = Decimal(str(value).strip())
        except InvalidOperation:
            self.fail(label, N_("{value} is not a number"), value=repr(value))
            return None
        if not number.is_finite() or abs(number) >= VALUE_LIMIT:
            self.fail(
                label,
                N_("{value} is not a number that can be kept (at most 14 digits)"),
                value=value,
            )
            return None
        if number != number.quantize(VALUE_PLACES):
            self.fail(label, N_("{value} has more than four decimal places"), value=value)
            return None
        return number

    def choice(self, label: str, value, options: tuple[str, ...]) -> str | None:
        if value not in options:
            self.fail(
                label,
                N_("{value} is not one of {options}"),
                value=repr(value),
                options=", ".join(options),
            )
            return None
        return value

    def identifier(self, label: str, value) -> int | None:
        # bool is an int in Python; an id never is one. numpy integers (from a DataFrame) are.
        if isinstance(value, bool) or not isinstance(value, Integral):
            self.fail(label, N_("{value} is not an id"), value=repr(value))
            return None
        return int(value)


def unique_code(session: Session, checks: Checks, model, plan_id, record, code) -> None:
    # Compared without case, so that "A1" and "a1" never name two things in one plan.
    if code is None or plan_id is None:
        return
    clash = session.scalar(
        select(model.code).where(
            model.plan_id == plan_id,
            func.lower(model.code) == code.lower(),
            model.id != (record.id if record else -1),
        )
    )
    if clash is not None:
        checks.fail(
            N_("Code"),
            N_("{code} is already used by {kind} {clash} in this plan"),
            code=repr(code),
            kind=model.__tablename__,
            clash=clash,
        )


def short_date(day: date) -> str:
    """ "30 Jun 2006" in English; the language's medium date otherwise."""
    if current_language() == SOURCE_LANGUAGE:
        return f"{day:%d %b %Y}"
    return format_date(day, "medium")


def plan_period(session: Session, plan_id: int | None) -> tuple[date, date] | None:
    plan = session.get(ActionPlan, plan_id) if plan_id is not None else None
    return (plan.period_start, plan.target_date) if plan else None

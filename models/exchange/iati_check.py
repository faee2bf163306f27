"""The IATI export as the CLI and the Funding page write it: built, validated against the XSD,
checked against the rulesets and codelists (models.exchange.iati_rules), and refused while the
plan lacks what the Registry needs, with a list of what to fill in and where."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from models.exchange.iati import build_iati, validate_iati
from models.exchange.iati_rules import check_iati, errors_and_warnings
from models.i18n import _
from models.services.errors import DomainError


class IatiExportRefused(DomainError):
    """An IATI export not written: `.messages` lists each gap and each rule error."""


@dataclass(frozen=True)
class CheckedExport:
    xml: bytes
    # Rule warnings; with allow_incomplete, also every gap and rule error written anyway.
    warnings: list[str] = field(default_factory=list)

    @property
    def activities(self) -> int:
        return self.xml.count(b"<iati-activity ")


def checked_export(
    source: Session | Engine,
    plan_id: int,
    *,
    as_of: date | None = None,
    allow_incomplete: bool = False,
    today: date | None = None,
) -> CheckedExport:
    """The plan's IATI file, or IatiExportRefused. A file that fails the XSD is always refused;
    gaps and rule errors only unless `allow_incomplete`."""
    xml, gaps = build_iati(source, plan_id, as_of=as_of)
    schema_errors = validate_iati(xml)
    if schema_errors:
        schema = _("IATI schema: {error}")
        raise IatiExportRefused([schema.format(error=e) for e in schema_errors])
    errors, warnings = errors_and_warnings(check_iati(xml, today=today))
    rule = _("IATI rule {finding}")
    blocking = [*gaps, *(rule.format(finding=e) for e in errors)]
    if blocking and not allow_incomplete:
        raise IatiExportRefused(blocking)
    return CheckedExport(xml=xml, warnings=[*blocking, *(rule.format(finding=w) for w in warnings)])

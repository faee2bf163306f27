"""Coordinator writes that IATI publishing needs: an activity's sectors, the plan's recipient
country, organisations' IATI identifiers. Validated against the codelists shipped with the
code (every problem at once), authorised, audited; the caller owns the transaction."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.entities import ActionPlan, Activity, ActivitySector, Organisation, User
from models.exchange.iati_codelists import (
    active_codes,
    codelist,
    registration_agency_prefixes,
)
from models.i18n import N_, _
from models.rules.iati import identifier_problems, sector_problems
from models.rules.reporting import said
from models.services import audit
from models.services.authz import require_role
from models.services.errors import DomainError

# The sector vocabularies whose codelists ship with the code: 1 OECD DAC 5-digit, 2 DAC 3-digit.
SECTOR_LISTS = {"1": "Sector", "2": "SectorCategory"}


class IatiSettingsError(DomainError, ValueError):
    """IATI settings that cannot be accepted; `.messages` names every problem."""


def set_activity_sectors(
    *, session: Session, actor: User, activity_id: int, sectors: list[dict[str, Any]]
) -> list[ActivitySector]:
    """Replace the activity's sectors by [{code, percentage, vocabulary="1"}]; entered by the
    coordinator, so no longer inferred."""
    _authorise(actor)
    activity = session.get(Activity, activity_id) if isinstance(activity_id, int) else None
    if activity is None:
        raise IatiSettingsError(
            said("activity", N_("no activity has id {id}"), id=repr(activity_id))
        )
    rows, problems = [], []
    for item in sectors:
        vocabulary = str(item.get("vocabulary") or "1").strip()
        code = str(item.get("code") or "").strip()
        try:
            percentage = Decimal(str(item.get("percentage")).strip())
        except InvalidOperation:
            problems.append(
                _("sector {code}: the percentage {percentage} is not a number").format(
                    code=code, percentage=repr(item.get("percentage"))
                )
            )
            continue
        rows.append((vocabulary, code, percentage))
    known = {v: set(active_codes(name)) for v, name in SECTOR_LISTS.items()}
    problems += sector_problems(rows, known)
    if problems:
        raise IatiSettingsError([f"{activity.code}: {p}" for p in problems])
    existing = session.scalars(
        select(ActivitySector).where(ActivitySector.activity_id == activity.id)
    ).all()
    old = [_sector_fields(s) for s in existing]
    for row in existing:
        session.delete(row)
    session.flush()
    new = [
        ActivitySector(
            activity_id=activity.id, vocabulary=v, code=c, percentage=p.quantize(Decimal("0.01"))
        )
        for v, c, p in rows
    ]
    session.add_all(new)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="update" if old else "create",
        entity_type=ActivitySector.__tablename__,
        entity_id=activity.id,
        old={"sectors": old} if old else None,
        new={"sectors": [_sector_fields(s) for s in new]},
    )
    return new


def set_recipient_country(
    *, session: Session, actor: User, plan_id: int, country: str | None
) -> ActionPlan:
    """Set (or clear, with None or "") the plan's recipient country, an IATI Country code."""
    _authorise(actor)
    plan = session.get(ActionPlan, plan_id) if isinstance(plan_id, int) else None
    if plan is None:
        raise IatiSettingsError(said("plan", N_("no plan has id {id}"), id=repr(plan_id)))
    code = (country or "").strip().upper() or None
    if code is not None and code not in active_codes("Country"):
        raise IatiSettingsError(
            said(
                "recipient country",
                N_("{value} is not a code of the IATI Country codelist (Kosovo is XK)"),
                value=repr(country),
            )
        )
    old = plan.recipient_country
    plan.recipient_country = code
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="update",
        entity_type=ActionPlan.__tablename__,
        entity_id=plan.id,
        old={"recipient_country": old},
        new={"recipient_country": code},
    )
    return plan


def set_organisation_identifier(
    *, session: Session, actor: User, organisation_id: int, identifier: str | None
) -> Organisation:
    """Set (or clear) an organisation's IATI organisation identifier, checked against the
    OrganisationRegistrationAgency codelist's prefixes and unique among organisations."""
    _authorise(actor)
    org = session.get(Organisation, organisation_id) if isinstance(organisation_id, int) else None
    if org is None:
        raise IatiSettingsError(
            said("organisation", N_("no organisation has id {ids}"), ids=repr(organisation_id))
        )
    text = (identifier or "").strip() or None
    if text is not None:
        problems = identifier_problems(text, registration_agency_prefixes())
        holder = session.scalar(
            select(Organisation).where(
                Organisation.iati_identifier == text, Organisation.id != org.id
            )
        )
        if holder is not None:
            problems.append(
                _("{identifier} is already the identifier of {name}").format(
                    identifier=text, name=holder.name
                )
            )
        if problems:
            raise IatiSettingsError([f"{org.acronym or org.name}: {p}" for p in problems])
    old = org.iati_identifier
    org.iati_identifier = text
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="update",
        entity_type=Organisation.__tablename__,
        entity_id=org.id,
        old={"iati_identifier": old},
        new={"iati_identifier": text},
    )
    return org


def sector_name(vocabulary: str, code: str) -> str:
    name = SECTOR_LISTS.get(vocabulary)
    found = codelist(name).get(code) if name else None
    return found.name if found else code


def _authorise(actor: Any) -> None:
    require_role(actor, "coordinator", action=N_("change IATI settings"))


def _sector_fields(row: ActivitySector) -> dict[str, Any]:
    return {
        "vocabulary": row.vocabulary,
        "code": row.code,
        "percentage": row.percentage,
        "inferred": row.inferred,
    }

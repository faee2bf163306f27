"""The report's findings of a plan, their links to the plan, responses and follow-up notes."""

from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import Engine, select

from models.entities import (
    Activity,
    Finding,
    FindingFollowUp,
    FindingLink,
    FindingResponse,
    Framework,
    Objective,
    Organisation,
)
from models.queries._frame import frame


def findings(engine: Engine, plan_id: int) -> pd.DataFrame:
    """Every finding of the plan in the report's order: id, kind, position, title, text, source."""
    f = Finding
    stmt = (
        select(f.id, f.kind, f.position, f.title, f.text, f.source, f.inferred)
        .where(f.plan_id == plan_id)
        .order_by(f.kind, f.position)
    )
    return frame(engine, stmt)


def links(engine: Engine, plan_id: int) -> pd.DataFrame:
    """Each link of the plan's findings: link id, finding_id, target_kind, target_id, the
    target's code and name, inferred, source."""
    parts = []
    for kind, model, label in (
        ("framework", Framework, Framework.name),
        ("objective", Objective, Objective.code),
        ("activity", Activity, Activity.code),
    ):
        stmt = (
            select(
                FindingLink.id,
                FindingLink.finding_id,
                FindingLink.target_kind,
                FindingLink.target_id,
                label.label("target"),
                FindingLink.inferred,
                FindingLink.source,
            )
            .join(model, model.id == FindingLink.target_id)
            .join(Finding, Finding.id == FindingLink.finding_id)
            .where(FindingLink.target_kind == kind, Finding.plan_id == plan_id)
            .order_by(FindingLink.id)
        )
        parts.append(frame(engine, stmt))
    return pd.concat(parts, ignore_index=True)


def responses(engine: Engine, plan_id: int, as_of: date) -> pd.DataFrame:
    """Responses dated on or before `as_of`, oldest first, with the owner agency's name."""
    r = FindingResponse
    stmt = (
        select(
            r.id,
            r.finding_id,
            r.response_date,
            r.response,
            r.reason,
            r.owner_id,
            Organisation.acronym.label("owner_acronym"),
            Organisation.name.label("owner"),
            r.due_date,
        )
        .join(Finding, Finding.id == r.finding_id)
        .outerjoin(Organisation, Organisation.id == r.owner_id)
        .where(Finding.plan_id == plan_id, r.response_date <= as_of)
        .order_by(r.response_date, r.id)
    )
    return frame(engine, stmt)


def follow_ups(engine: Engine, plan_id: int, as_of: date) -> pd.DataFrame:
    """Follow-up notes dated on or before `as_of`, oldest first."""
    u = FindingFollowUp
    stmt = (
        select(u.id, u.finding_id, u.note_date, u.status, u.note)
        .join(Finding, Finding.id == u.finding_id)
        .where(Finding.plan_id == plan_id, u.note_date <= as_of)
        .order_by(u.note_date, u.id)
    )
    return frame(engine, stmt)

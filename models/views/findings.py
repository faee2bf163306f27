"""The Findings page: the report's own assessment, what it concerns in the plan, and the
management response to it as of a date (a response or note dated later is not counted)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
from sqlalchemy import Engine

from models.codes import FINDING_KINDS
from models.i18n import N_, _
from models.queries import findings as q
from models.views.approvals import short_date  # noqa: F401 (the Findings page's dates)

KIND_TITLES = {
    "best_practice": N_("Best practices"),
    "deficiency": N_("Deficiencies"),
    "recommendation": N_("Recommendations"),
}
# One finding of a kind, as a chooser or a line names it.
KIND_NAMES = {
    "best_practice": N_("Best practice"),
    "deficiency": N_("Deficiency"),
    "recommendation": N_("Recommendation"),
}
# What a finding can concern in the plan, as a sentence names it.
TARGET_KINDS = {
    "framework": N_("framework"),
    "objective": N_("objective"),
    "activity": N_("activity"),
}
# The report's order: V. Best practices, VI. Deficiencies, VII. Recommendations.
KIND_ORDER = ("best_practice", "deficiency", "recommendation")
assert set(KIND_ORDER) == set(FINDING_KINDS)


@dataclass(frozen=True)
class Summary:
    recommendations: int
    accepted: int  # accepted or partially accepted, by the latest response
    acted_on: int  # with a follow-up beyond "not started"
    overdue: int  # accepted findings past their due date and not complete

    def metrics(self) -> list[tuple[str, str]]:
        """The Overview's three figures: (label, value)."""
        return [
            (
                _("Accepted"),
                _("{count} of {total}").format(count=self.accepted, total=self.recommendations),
            ),
            (
                _("Acted on"),
                _("{count} of {total}").format(count=self.acted_on, total=self.recommendations),
            ),
            (_("Overdue follow-ups"), str(self.overdue)),
        ]


def target_kind(kind: str) -> str:
    """ "objective", "activity", "framework" in this run's language."""
    return _(TARGET_KINDS[kind]) if kind in TARGET_KINDS else kind


def findings(engine: Engine, plan_id: int, as_of: date) -> pd.DataFrame:
    """One row per finding in the report's order, with its current response and follow-up.

    Columns: id, kind, position, title, text, source, response, reason, owner, due_date,
    response_date, status, note_date, note, overdue.
    """
    rows = q.findings(engine, plan_id)
    rows["order"] = rows["kind"].map(KIND_ORDER.index)
    rows = rows.sort_values(["order", "position"]).drop(columns="order")
    latest = q.responses(engine, plan_id, as_of).groupby("finding_id").last()
    notes = q.follow_ups(engine, plan_id, as_of).groupby("finding_id").last()
    out = rows.join(
        latest[["response", "reason", "owner", "due_date", "response_date"]], on="id"
    ).join(notes[["status", "note_date", "note"]], on="id")
    out["overdue"] = [
        isinstance(due, date) and due < as_of and status != "complete"
        for due, status in zip(out["due_date"], out["status"], strict=True)
    ]
    return out.astype(object).where(out.notna(), None).reset_index(drop=True)


def history(engine: Engine, plan_id: int, as_of: date) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every response and follow-up note dated on or before `as_of` (the history kept)."""
    return q.responses(engine, plan_id, as_of), q.follow_ups(engine, plan_id, as_of)


def links(engine: Engine, plan_id: int) -> pd.DataFrame:
    """What each finding concerns in the plan (framework, objective or activity)."""
    return q.links(engine, plan_id)


def concerning(engine: Engine, plan_id: int, targets: tuple[tuple[str, int], ...]) -> pd.DataFrame:
    """The findings linked to any of `targets` ((kind, id) pairs): id, kind, title, text,
    source, inferred (the link's)."""
    found = q.links(engine, plan_id)
    rows = q.findings(engine, plan_id).drop(columns="inferred")
    if found.empty:
        return rows.iloc[0:0].assign(inferred=pd.Series(dtype=bool))
    keys = set(targets)
    pairs = zip(found["target_kind"], found["target_id"], strict=True)
    wanted = found[[(k, int(i)) in keys for k, i in pairs]]
    linked = wanted.groupby("finding_id")["inferred"].all().rename("inferred")
    return rows.join(linked, on="id", how="inner").reset_index(drop=True)


def summary(engine: Engine, plan_id: int, as_of: date) -> Summary:
    """How many recommendations are accepted, acted on, and how many follow-ups are overdue."""
    rows = findings(engine, plan_id, as_of)
    recs = rows[rows["kind"] == "recommendation"]
    accepted = recs["response"].isin(["accepted", "partially_accepted"])
    acted = recs["status"].isin(["limited", "substantial", "complete"])
    return Summary(
        recommendations=len(recs),
        accepted=int(accepted.sum()),
        acted_on=int(acted.sum()),
        overdue=int(rows["overdue"].sum()),
    )

"""Agencies: the responsibility matrix and each agency's delivery record, as of a date.

The links come from the database; ratings come from the progress rules (rated_activities),
so the record and the rest of the dashboard can never disagree on a rating.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Engine

from models.codes import ACTIVITY_ROLE_LABELS, activity_role_label
from models.i18n import N_, _
from models.queries.agencies import activity_links, role_counts
from models.queries.plan import PlanOutline
from models.rules.progress import rollup

ROLE_LABELS = ACTIVITY_ROLE_LABELS
# Short column headings for the delivery record table (the chart uses RECORD_RATINGS).
RECORD_HEADINGS = {
    "overdue": N_("Overdue"),
    "behind": N_("Behind"),
    "on_track": N_("On track"),
    "complete": N_("Complete"),
    "no_report": N_("No report"),
    "not_due_yet": N_("Not due"),
    "suspended_cancelled": N_("Susp./canc."),
}
# The delivery record's columns: rating codes, with suspended and cancelled counted together.
RECORD_RATINGS = {
    "overdue": N_("Overdue"),
    "behind": N_("Behind schedule"),
    "on_track": N_("On track"),
    "complete": N_("Complete"),
    "no_report": N_("No approved report"),
    "not_due_yet": N_("Not due yet"),
    "suspended_cancelled": N_("Suspended or cancelled"),
}


def role_label(role: str) -> str:
    """ "Lead" or "Supporting", in this run's language."""
    return activity_role_label(role)


@dataclass(frozen=True)
class Matrix:
    """Agency × framework: activities led and supported, and the cell text "L 2 · S 3"."""

    lead: pd.DataFrame
    supporting: pd.DataFrame
    text: pd.DataFrame

    @property
    def empty(self) -> bool:
        return self.lead.empty


def _cell(lead: int, supporting: int) -> str:
    parts = [
        _("L {count}").format(count=lead) if lead else "",
        _("S {count}").format(count=supporting) if supporting else "",
    ]
    return " · ".join(p for p in parts if p)


def framework_matrix(counts: pd.DataFrame) -> Matrix:
    """Pivot role_counts; agencies with the most activities first, frameworks in plan order."""
    grid = counts.pivot_table(
        index="agency",
        columns=["role", "framework"],
        values="activities",
        aggfunc="sum",
        fill_value=0,
    )
    ordered = counts.sort_values(["framework_position", "framework_code"])["framework"]
    columns = list(dict.fromkeys(ordered))

    def part(role: str) -> pd.DataFrame:
        found = grid[role] if role in grid.columns.get_level_values(0) else None
        base = pd.DataFrame(0, index=grid.index, columns=columns)
        return base if found is None else found.reindex(columns=columns, fill_value=0)

    lead, supporting = part("lead"), part("supporting")
    total = (lead + supporting).sum(axis=1)
    order = sorted(grid.index, key=lambda a: (-total[a], -lead.sum(axis=1)[a], a.lower()))
    lead, supporting = lead.loc[order], supporting.loc[order]
    text = pd.DataFrame(
        [[_cell(lead.at[a, c], supporting.at[a, c]) for c in columns] for a in order],
        index=order,
        columns=columns,
    )
    return Matrix(lead.astype(int), supporting.astype(int), text)


def matrix_table(matrix: Matrix) -> pd.DataFrame:
    """The matrix as a compact table: "L 2 · S 3" per framework, then numeric totals."""
    table = matrix.text.copy()
    table[_("Led")] = matrix.lead.sum(axis=1)
    table[_("Supported")] = matrix.supporting.sum(axis=1)
    return table.rename_axis(_("Agency")).reset_index()


def activity_matrix(links: pd.DataFrame) -> pd.DataFrame:
    """Agency × activity code, cells "Lead" / "Supporting" / "" (activities in plan order)."""
    labelled = links.assign(role_label=links["role"].map(role_label))
    grid = labelled.pivot(index="agency", columns="code", values="role_label")
    grid = grid.reindex(columns=list(dict.fromkeys(links["code"]))).fillna("")
    return grid.sort_index(key=lambda s: s.str.lower()).rename_axis(_("Agency")).reset_index()


def delivery_record(links: pd.DataFrame, rated: pd.DataFrame) -> pd.DataFrame:
    """Per agency and role, activities by schedule rating and mean reported vs expected %.

    Sorted by overdue + behind (the activities needing attention), most first.
    """
    joined = links[["organisation_id", "agency", "role", "activity_id"]].merge(
        rated, on="activity_id", how="inner"
    )
    keep = [
        "organisation_id",
        "agency",
        "role",
        "activities",
        *RECORD_RATINGS,
        "reported_progress",
        "expected_progress",
    ]
    if joined.empty:
        return pd.DataFrame(columns=keep)
    rolled = rollup(joined, by=["organisation_id", "agency", "role"])
    rolled["suspended_cancelled"] = rolled["rating_suspended"] + rolled["rating_cancelled"]
    for code in RECORD_RATINGS:
        if f"rating_{code}" in rolled.columns:
            rolled[code] = rolled[f"rating_{code}"]
    rolled["attention"] = rolled["overdue"] + rolled["behind"]
    rolled["role"] = rolled["role"].map(role_label)
    rolled = rolled.sort_values(
        ["attention", "role", "agency"], ascending=[False, True, True], key=_casefold
    )
    return rolled[keep].reset_index(drop=True)


def _casefold(s: pd.Series) -> pd.Series:
    return s.str.lower() if s.dtype == object else s


def agency_activities(links: pd.DataFrame, rated: pd.DataFrame, agency_id: int) -> pd.DataFrame:
    """The activities one agency leads or supports, with its rating and latest report."""
    own = links.loc[links["organisation_id"] == agency_id, ["activity_id", "role", "inferred"]]
    columns = [
        "activity_id",
        "code",
        "title",
        "framework",
        "rating_label",
        "reported_percent",
        "expected_percent",
        "report_date",
        "narrative",
        "illustrative",
    ]
    shown = own.merge(rated[columns], on="activity_id", how="inner")
    shown["role"] = shown["role"].map(role_label)
    shown["rating_label"] = shown["rating_label"].map(_, na_action="ignore")
    return shown.reset_index(drop=True)


def report_listing(outline: PlanOutline, framework_ids: tuple[int, ...]) -> pd.DataFrame:
    """The implementing agencies the report lists per framework (in view), in its order."""
    frameworks = outline.frameworks.rename(columns={"id": "framework_id", "name": "framework"})
    listed = outline.framework_agencies.merge(frameworks[["framework_id", "framework"]])
    if framework_ids:
        listed = listed[listed["framework_id"].isin(framework_ids)]
    return listed.reset_index(drop=True)


def links_and_counts(
    engine: Engine, plan_id: int, *, framework_ids: tuple[int, ...], agency_id: int | None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Who leads and supports each activity in view, and the counts per agency and framework."""
    filters = {"framework_ids": list(framework_ids), "agency_id": agency_id}
    return activity_links(engine, plan_id, **filters), role_counts(engine, plan_id, **filters)


def full_names(agencies: pd.DataFrame) -> dict[str, str]:
    """Acronym (as tables and filters show an agency) → its full name, where it has both."""
    known = agencies.dropna(subset=["acronym", "name"])
    known = known[known["acronym"] != known["name"]]
    return dict(zip(known["acronym"], known["name"], strict=True))


def with_full_name(label: str | None, names: dict[str, str]) -> str:
    """ "OPPK — Office for …" for an acronym with a known full name, else the label as is."""
    if not label:
        return ""
    return f"{label} — {names[label]}" if label in names else label


def glossary(shown, names: dict[str, str]) -> str | None:
    """ "KJI: Kosovo Judicial Institute · OPPK: …" for the acronyms among `shown`: the help of
    a column of agencies (several per cell are split on commas)."""
    seen = {
        part.strip()
        for cell in shown
        if isinstance(cell, str)
        for part in cell.split(",")
        if part.strip() in names
    }
    if not seen:
        return None
    return " · ".join(f"{a}: {names[a]}" for a in sorted(seen, key=str.lower))

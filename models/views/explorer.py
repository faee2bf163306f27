"""The framework explorer's figures: objectives with their roll-up, and their activities.

Pure pandas on frames the dashboard already reads (rated activities, the plan outline,
report evidence); the reads of one activity's history and of report evidence.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlparse

import pandas as pd

from models.codes import STATUS_LABELS
from models.i18n import N_, _, format_percent, ngettext
from models.queries.explorer import activity_history, report_evidence
from models.queries.plan import PlanOutline
from models.rules import progress

__all__ = [
    "FrameworkDetail",
    "activities_of",
    "activity_history",
    "framework_detail",
    "frameworks_in_view",
    "headline",
    "objective_heading",
    "report_evidence",
    "safe_link",
]

NOT_LINKED = N_("Not linked to an objective")
NO_REPORT = N_("No approved report yet")
ROLLUP_COUNTS = [f"rating_{r}" for r in progress.RATINGS]
# Column headings for the roll-up table, short enough for one row of a wide page.
SHORT_RATING_LABELS = progress.RATING_LABELS | {
    "behind": N_("Behind"),
    "no_report": N_("No report"),
}


@dataclass(frozen=True)
class FrameworkDetail:
    objectives: pd.DataFrame  # one row per objective (+ NOT_LINKED row), with its roll-up
    activities: pd.DataFrame  # one row per (objective_id, activity); <NA> = not linked
    links_inferred: bool


def frameworks_in_view(frameworks: pd.DataFrame, framework_ids: tuple[int, ...]) -> pd.DataFrame:
    """The frameworks the sidebar lets through, in plan order (all when unfiltered)."""
    if not framework_ids:
        return frameworks.reset_index(drop=True)
    return frameworks[frameworks["id"].isin(framework_ids)].reset_index(drop=True)


def safe_link(url: object) -> str | None:
    """`url` if it is an http(s) address with a host; anything else is not offered as a link."""
    if not isinstance(url, str):
        return None
    parsed = urlparse(url.strip())
    return url.strip() if parsed.scheme in ("http", "https") and parsed.netloc else None


def framework_detail(
    rated: pd.DataFrame, outline: PlanOutline, framework_id: int, evidence: pd.DataFrame
) -> FrameworkDetail:
    """Objectives of one framework, rolled up from the activities in view.

    An objective lists every activity in view that serves it (whatever its framework); the
    NOT_LINKED row holds this framework's activities that serve no objective at all.
    """
    objectives = outline.objectives[outline.objectives["framework_id"] == framework_id]
    links = outline.activity_objectives
    own = links[links["objective_id"].isin(objectives["id"])]
    in_scope = rated["framework_id"].eq(framework_id) | rated["activity_id"].isin(
        own["activity_id"]
    )
    scope = _activity_rows(rated[in_scope], outline, evidence)
    pairs = links[["activity_id", "objective_id", "inferred"]].rename(
        columns={"inferred": "link_inferred"}
    )
    expanded = scope.merge(pairs, on="activity_id", how="left")
    expanded["objective_id"] = expanded["objective_id"].astype("Int64")
    keep = expanded["objective_id"].isin(objectives["id"]) | expanded["objective_id"].isna()
    activities = expanded[keep].reset_index(drop=True)
    rolled = progress.rollup_by_objective(scope, links)
    return FrameworkDetail(
        _objective_rows(objectives, rolled),
        activities,
        bool(activities["link_inferred"].fillna(False).astype(bool).any()),
    )


def activities_of(fv: FrameworkDetail, objective_id) -> pd.DataFrame:
    """The activities listed under one objective row (<NA>: those linked to none)."""
    linked = fv.activities["objective_id"]
    return fv.activities[linked.isna() if pd.isna(objective_id) else linked.eq(objective_id)]


def objective_heading(row) -> str:
    """An objective's one-line roll-up: reported against expected progress."""
    if not row.activities:
        return _("no activity in view")
    if not row.counted:
        return ngettext(
            "{count} activity, none counted toward progress",
            "{count} activities, none counted toward progress",
            row.activities,
        ).format(count=row.activities)
    return _("{reported} reported vs {expected} expected").format(
        reported=format_percent(row.reported_progress),
        expected=format_percent(row.expected_progress),
    )


def headline(activity: pd.Series) -> dict[str, str]:
    """The latest approved report of an activity as display strings ('—' where none)."""
    percent, when = activity["reported_percent"], activity["report_date"]
    return {
        _("Status"): activity["status_label"],
        _("Complete"): "—" if pd.isna(percent) else format_percent(percent),
        _("Rating"): activity["rating_label"],
        _("Report date"): "—" if pd.isna(when) else f"{pd.Timestamp(when):%Y-%m-%d}",
    }


def _agency_labels(outline: PlanOutline) -> pd.DataFrame:
    """Per activity: all lead agencies and all supporting agencies, comma-separated."""
    agencies = outline.activity_agencies
    labelled = agencies.assign(label=agencies["acronym"].fillna(agencies["name"]))
    joined = labelled.groupby(["activity_id", "role"])["label"].agg(", ".join).unstack()
    return joined.reindex(columns=["lead", "supporting"]).fillna("")


def _activity_rows(rated: pd.DataFrame, outline: PlanOutline, evidence: pd.DataFrame):
    """Rated activities with every agency, status label and a safe evidence link."""
    rows = rated.drop(columns=["lead"], errors="ignore").join(
        _agency_labels(outline), on="activity_id"
    )
    rows[["lead", "supporting"]] = rows[["lead", "supporting"]].fillna("")
    rows["status_label"] = rows["status"].map(STATUS_LABELS).fillna(NO_REPORT).map(_)
    rows["rating_label"] = rows["rating_label"].map(_, na_action="ignore")
    links = dict(zip(evidence["id"], evidence["evidence_url"].map(safe_link), strict=True))
    rows["evidence"] = [links.get(i) if pd.notna(i) else None for i in rows["report_id"]]
    rows["illustrative"] = rows["illustrative"].fillna(False).astype(bool)
    return rows


def _objective_rows(objectives: pd.DataFrame, rolled: pd.DataFrame) -> pd.DataFrame:
    base = objectives[["id", "code", "title", "inferred"]].rename(columns={"id": "objective_id"})
    base = base.assign(objective_id=base["objective_id"].astype("Int64"))
    unlinked = rolled[rolled["objective_id"].isna()]
    if len(unlinked):
        row = {"objective_id": pd.NA, "code": "—", "title": _(NOT_LINKED), "inferred": False}
        base = pd.concat([base, pd.DataFrame([row]).astype({"objective_id": "Int64"})])
    merged = base.merge(rolled, on="objective_id", how="left")
    counts = ["activities", "counted", "stale", *ROLLUP_COUNTS]
    merged[counts] = merged[counts].fillna(0).astype(int)
    return merged.reset_index(drop=True)

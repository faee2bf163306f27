"""The Plan as stated page: the plan's activities with their agencies and objectives as text."""

from __future__ import annotations

import pandas as pd

from models.queries.plan import PlanOutline


def activity_table(outline: PlanOutline, framework_id: int) -> pd.DataFrame:
    """One row per activity of a framework with its agencies and objectives as text."""
    acts = outline.activities[outline.activities["framework_id"] == framework_id].copy()
    agencies = outline.activity_agencies
    agencies = agencies.assign(label=agencies["acronym"].fillna(agencies["name"]))
    for role in ("lead", "supporting"):
        joined = agencies[agencies["role"] == role].groupby("activity_id")["label"].agg(", ".join)
        acts[role] = acts["id"].map(joined).fillna("")
    objectives = outline.activity_objectives.groupby("activity_id")["objective_code"].agg(", ".join)
    acts["objectives"] = acts["id"].map(objectives).fillna("")
    inferred_links = pd.concat(
        [
            agencies.loc[agencies["inferred"].astype(bool), "activity_id"],
            outline.activity_objectives.loc[
                outline.activity_objectives["inferred"].astype(bool), "activity_id"
            ],
        ]
    )
    acts["links_inferred"] = acts["id"].isin(inferred_links)
    return acts.reset_index(drop=True)

"""The framework explorer's figures: objectives with their roll-up, and their activities.

Pure pandas on frames the dashboard already reads (rated activities, the plan outline,
report evidence), plus the chart of one activity's report history. No database access.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from urllib.parse import urlparse

import pandas as pd
import plotly.graph_objects as go

from models.charts.overview import STATUS_COLOURS, base_layout
from models.codes import STATUS_LABELS
from models.queries.plan import PlanOutline
from models.rules import progress

NOT_LINKED = "Not linked to an objective"
NO_REPORT = "No approved report yet"
ROLLUP_COUNTS = [f"rating_{r}" for r in progress.RATINGS]
# Column headings for the roll-up table, short enough for one row of a wide page.
SHORT_RATING_LABELS = progress.RATING_LABELS | {"behind": "Behind", "no_report": "No report"}


@dataclass(frozen=True)
class FrameworkView:
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
    rows["status_label"] = rows["status"].map(STATUS_LABELS).fillna(NO_REPORT)
    links = dict(zip(evidence["id"], evidence["evidence_url"].map(safe_link), strict=True))
    rows["evidence"] = [links.get(i) if pd.notna(i) else None for i in rows["report_id"]]
    rows["illustrative"] = rows["illustrative"].fillna(False).astype(bool)
    return rows


def framework_view(
    rated: pd.DataFrame, outline: PlanOutline, framework_id: int, evidence: pd.DataFrame
) -> FrameworkView:
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
    return FrameworkView(
        _objective_rows(objectives, rolled),
        activities,
        bool(activities["link_inferred"].fillna(False).astype(bool).any()),
    )


def _objective_rows(objectives: pd.DataFrame, rolled: pd.DataFrame) -> pd.DataFrame:
    base = objectives[["id", "code", "title", "inferred"]].rename(columns={"id": "objective_id"})
    base = base.assign(objective_id=base["objective_id"].astype("Int64"))
    unlinked = rolled[rolled["objective_id"].isna()]
    if len(unlinked):
        row = {"objective_id": pd.NA, "code": "—", "title": NOT_LINKED, "inferred": False}
        base = pd.concat([base, pd.DataFrame([row]).astype({"objective_id": "Int64"})])
    merged = base.merge(rolled, on="objective_id", how="left")
    counts = ["activities", "counted", "stale", *ROLLUP_COUNTS]
    merged[counts] = merged[counts].fillna(0).astype(int)
    return merged.reset_index(drop=True)


def activities_of(fv: FrameworkView, objective_id) -> pd.DataFrame:
    """The activities listed under one objective row (<NA>: those linked to none)."""
    linked = fv.activities["objective_id"]
    return fv.activities[linked.isna() if pd.isna(objective_id) else linked.eq(objective_id)]


def objective_heading(row) -> str:
    """An objective's one-line roll-up: reported against expected progress."""
    if not row.activities:
        return "no activity in view"
    if not row.counted:
        return f"{row.activities} activities, none counted toward progress"
    return f"{row.reported_progress:.0f}% reported vs {row.expected_progress:.0f}% expected"


def headline(activity: pd.Series) -> dict[str, str]:
    """The latest approved report of an activity as display strings ('—' where none)."""
    percent, when = activity["reported_percent"], activity["report_date"]
    return {
        "Status": activity["status_label"],
        "Complete": "—" if pd.isna(percent) else f"{percent:.0f}%",
        "Rating": activity["rating_label"],
        "Report date": "—" if pd.isna(when) else f"{pd.Timestamp(when):%Y-%m-%d}",
    }


def expected_line(planned_start: date, planned_end: date, left: date, right: date):
    """Points of the expected-progress line: 0 until the planned start, 100 from the end."""
    xs = [min(left, planned_start), planned_start, planned_end, max(right, planned_end)]
    return [pd.Timestamp(x) for x in xs], [0.0, 0.0, 100.0, 100.0]


def history_figure(
    history: pd.DataFrame, *, code: str, planned_start: date, planned_end: date, as_of: date
) -> go.Figure:
    """Approved reports of one activity as a step line with status-coloured markers,
    against its expected line, with the reporting date marked."""
    first = history["report_date"].min() if len(history) else planned_start
    xs, ys = expected_line(planned_start, planned_end, first, as_of)
    fig = go.Figure(
        go.Scatter(
            x=xs,
            y=ys,
            mode="lines",
            name="Expected (linear over the planned period)",
            line={"dash": "dot", "color": "#444"},
            hovertemplate="%{x|%d %b %Y}: %{y:.0f}%",
        )
    )
    if len(history):
        # The last report holds until the reporting date: that is what the dashboard counts.
        dates = [*pd.to_datetime(history["report_date"]), pd.Timestamp(as_of)]
        values = [
            *history["percent_complete"].astype(float),
            float(history["percent_complete"].iloc[-1]),
        ]
        fig.add_scatter(
            x=dates,
            y=values,
            mode="lines",
            line_shape="hv",
            name="Reported (approved)",
            line={"color": "#0072B2", "width": 3},
            hoverinfo="skip",
        )
        _status_markers(fig, history)
    fig.add_vline(x=pd.Timestamp(as_of).value / 1e6, line_dash="dash", line_color="#444")
    fig.add_annotation(
        x=pd.Timestamp(as_of),
        y=1.04,
        yref="paper",
        showarrow=False,
        text=f"As of {as_of:%d %b %Y}",
        xanchor="right",
    )
    fig.update_yaxes(title="Complete (%)", range=[0, 105], ticksuffix="%")
    # A margin either side keeps the first marker and the as-of label inside the plot.
    margin = pd.Timedelta(days=45)
    fig.update_xaxes(
        title="Report date", range=[xs[0] - margin, max(xs[-1], pd.Timestamp(as_of)) + margin]
    )
    fig.update_layout(title=f"{code}: approved reports against expected progress")
    return base_layout(fig, 400)


def _status_markers(fig: go.Figure, history: pd.DataFrame) -> None:
    # Hover shows coded values only: stored narrative never reaches plotly's HTML labels.
    labels = history["status"].map(STATUS_LABELS)
    for label in dict.fromkeys(labels):
        part = history[labels == label]
        fig.add_scatter(
            x=pd.to_datetime(part["report_date"]),
            y=part["percent_complete"],
            mode="markers",
            name=f"Report: {label}",
            marker={
                "size": 11,
                "color": STATUS_COLOURS[label],
                "line": {"color": "#222", "width": 1},
            },
            hovertemplate=f"%{{x|%d %b %Y}}: %{{y:.0f}}% ({label})<extra></extra>",
        )

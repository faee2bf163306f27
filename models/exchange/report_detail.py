"""The progress report's detailed sections: frameworks down to activities, changes since the
previous reporting date, the Secretariat's internal notes, and the statistics annex."""

from __future__ import annotations

from datetime import date

import pandas as pd

from models.codes import STATUS_LABELS
from models.exchange.report_pdf import ReportPDF
from models.rules.disclosure import SMALL_COUNT_THRESHOLD, SUPPRESSED_LABEL

NONE = "—"
INDICATOR_HEADINGS = ["Indicator", "Baseline", "Target", "Latest approved", "Status"]
INDICATOR_WIDTHS = [62, 25, 27, 27, 33]


def day(value: date | None) -> str:
    return NONE if value is None or pd.isna(value) else f"{value.day} {value:%b %Y}"


def percent(value: float) -> str:
    return NONE if pd.isna(value) else f"{value:.0f}%"


def status_label(status) -> str:
    return "No approved report" if status is None or pd.isna(status) else STATUS_LABELS[status]


def _flag(value) -> bool:
    return value is True or (not pd.isna(value) and bool(value))


def plain(value) -> str:
    return "" if value is None or pd.isna(value) else str(value)


def _by(organisation) -> str:
    return f" ({organisation})" if plain(organisation) else ""


# ---- frameworks → objectives → activities ---------------------------------------------


def write_frameworks(pdf: ReportPDF, data) -> None:
    outline, rated = data.outline, data.rated
    agencies = outline.activity_agencies.assign(
        label=outline.activity_agencies["acronym"].fillna(outline.activity_agencies["name"])
    )
    people = {
        role: agencies[agencies["role"] == role].groupby("activity_id")["label"].agg(", ".join)
        for role in ("lead", "supporting")
    }
    links = outline.activity_objectives
    inferred_links = set(agencies.loc[agencies["inferred"].astype(bool), "activity_id"])
    inferred_links |= set(links.loc[links["inferred"].astype(bool), "activity_id"])
    about = outline.activities.set_index("id")
    context = {"people": people, "inferred_links": inferred_links, "about": about}
    for fw in outline.frameworks.to_dict("records"):
        pdf.heading(f"{fw['name']}: objectives and activities")
        acts = rated[rated["framework_id"] == fw["id"]]
        shown: set[int] = set()
        objectives = outline.objectives[outline.objectives["framework_id"] == fw["id"]]
        for obj in objectives.to_dict("records"):
            pdf.heading(f"{obj['code']} {obj['title']}", level=1)
            pdf.labels(["Inferred"] if _flag(obj["inferred"]) else [])
            _indicators(pdf, data.indicators, "objective", obj["code"])
            serving = set(links.loc[links["objective_id"] == obj["id"], "activity_id"])
            for act in acts[acts["activity_id"].isin(serving)].to_dict("records"):
                if act["activity_id"] in shown:
                    pdf.paragraph(f"{act['code']} {act['title']}: see above.", muted=True)
                    continue
                shown.add(act["activity_id"])
                _activity(pdf, data, act, context)
        unlinked = acts[~acts["activity_id"].isin(set(links["activity_id"]))]
        if not unlinked.empty:
            pdf.heading("Activities not linked to an objective", level=1)
            for act in unlinked.to_dict("records"):
                _activity(pdf, data, act, context)


def _activity(pdf: ReportPDF, data, act: dict, context: dict) -> None:
    about = context["about"].loc[act["activity_id"]]
    pdf.heading(f"{act['code']} {act['title']}", level=2)
    labels = []
    if _flag(act.get("illustrative")):
        labels.append("Illustrative")
    inferred = act["activity_id"] in context["inferred_links"]
    if _flag(about["inferred"]) or _flag(about["dates_inferred"]) or inferred:
        labels.append("Inferred")
    pdf.labels(labels)
    dates = f"Planned {day(act['planned_start'])} to {day(act['planned_end'])}"
    lead = context["people"]["lead"].get(act["activity_id"], NONE)
    supporting = context["people"]["supporting"].get(act["activity_id"], NONE)
    pdf.paragraph(
        f"Status: {status_label(act['status'])} · {percent(act['reported_percent'])} complete "
        f"(expected {percent(act['expected_percent'])}) · Rating: {act['rating_label']}\n"
        f"{dates}{' (dates inferred)' if _flag(about['dates_inferred']) else ''}\n"
        f"Lead: {lead} · Supporting: {supporting}",
        size=9,
    )
    if pd.isna(act["report_date"]):
        pdf.paragraph("No approved report by the reporting date.", size=9, muted=True)
    else:
        pdf.paragraph(
            f"Latest approved report, {day(act['report_date'])}{_by(act['reported_by'])}: "
            f"{plain(act['narrative']) or '(no narrative)'}",
            size=9,
        )
    _indicators(pdf, data.indicators, "activity", act["code"])


def _indicators(pdf: ReportPDF, table: pd.DataFrame, kind: str, code: str) -> None:
    mine = table[(table["owner_kind"] == kind) & (table["owner_code"] == code)]
    if mine.empty:
        return
    rows = [
        [
            r["name"] + (" (inferred)" if _flag(r["inferred"]) else ""),
            r["baseline_text"],
            r["target_text"],
            r["latest_text"] + ("" if pd.isna(r["latest_date"]) else f", {day(r['latest_date'])}"),
            r["status_label"],
        ]
        for r in mine.to_dict("records")
    ]
    pdf.table(INDICATOR_HEADINGS, rows, INDICATOR_WIDTHS, size=7.5)


# ---- changes since the previous reporting date -----------------------------------------


def write_changes(pdf: ReportPDF, data) -> None:
    pdf.heading(f"Changes since {day(data.since)}")
    then = data.rated_since.set_index("activity_id")
    now = data.rated.set_index("activity_id")
    status_then = then["status"].map(status_label)
    status_now = now["status"].map(status_label)
    moved_status = now.index[status_then.reindex(now.index) != status_now]
    moved_rating = now.index[then["rating"].reindex(now.index) != now["rating"]]
    pdf.paragraph(
        f"Between {day(data.since)} and {day(data.as_of)}: {len(data.approved)} reports were "
        f"approved (by report date), {len(moved_status)} activities changed status and "
        f"{len(moved_rating)} changed schedule rating."
    )
    before = data.summary_since.set_index("framework_id")
    rows = []
    for r in data.summary.to_dict("records"):
        old = before.loc[r["framework_id"], "reported_progress"]
        change = r["reported_progress"] - old
        rows.append(
            [
                r["name"],
                percent(old),
                percent(r["reported_progress"]),
                NONE if pd.isna(change) else f"{change:+.0f} pts",
            ]
        )
    pdf.table(
        ["Framework", f"Reported {day(data.since)}", f"Reported {day(data.as_of)}", "Change"],
        rows,
        [46, 44, 44, 40],
        align=["LEFT", "RIGHT", "RIGHT", "RIGHT"],
    )
    _moves(pdf, "Status changes", now, moved_status, status_then, status_now)
    rating_then = then["rating_label"]
    _moves(pdf, "Ratings that moved", now, moved_rating, rating_then, now["rating_label"])
    _approved(pdf, data.approved)


def _moves(pdf: ReportPDF, title: str, now, ids, before: pd.Series, after: pd.Series) -> None:
    pdf.heading(title, level=1)
    if len(ids) == 0:
        pdf.paragraph("None.")
        return
    rows = [
        [now.loc[i, "code"], now.loc[i, "title"], before.get(i, NONE), after.loc[i]] for i in ids
    ]
    pdf.table(["Code", "Activity", "Then", "Now"], rows, [22, 72, 40, 40], size=8)


def _approved(pdf: ReportPDF, approved: pd.DataFrame) -> None:
    pdf.heading("Reports approved", level=1)
    if approved.empty:
        pdf.paragraph("None.")
        return
    rows = [
        [
            day(r["report_date"]),
            r["code"],
            r["title"],
            r["organisation"],
            status_label(r["status"]),
            percent(r["percent_complete"]),
        ]
        for r in approved.to_dict("records")
    ]
    pdf.table(
        ["Report date", "Code", "Activity", "By", "Status", "%"],
        rows,
        [24, 22, 62, 20, 32, 14],
        align=["LEFT", "LEFT", "LEFT", "LEFT", "LEFT", "RIGHT"],
        size=8,
    )


# ---- internal notes (coordinator's edition only) ---------------------------------------


def write_internal(pdf: ReportPDF, data) -> None:
    pdf.heading("Internal notes of the Secretariat")
    pdf.paragraph(
        "Reports dated in the period that are awaiting review, or were returned to their "
        "agency, and why. Not part of the donors' edition.",
        muted=True,
    )
    if data.open_reports.empty:
        pdf.paragraph("No report of the period is awaiting review or was returned.")
        return
    rows = [
        [
            day(r["report_date"]),
            r["code"],
            r["organisation"],
            "Awaiting review" if r["state"] == "submitted" else "Returned",
            f"{status_label(r['status'])}, {percent(r['percent_complete'])}",
            plain(r["return_reason"]),
        ]
        for r in data.open_reports.to_dict("records")
    ]
    pdf.table(
        ["Report date", "Code", "By", "State", "Reported", "Reason for return"],
        rows,
        [22, 20, 18, 26, 34, 54],
        size=8,
    )


# ---- annex: the report's context statistics --------------------------------------------


def write_annex(pdf: ReportPDF, data) -> None:
    pdf.heading("Annex: context statistics")
    if data.edition == "coordinator":
        pdf.paragraph(
            f"Published aggregate figures, never a person. This edition shows every count; "
            f"other roles and the public see counts from 1 to {SMALL_COUNT_THRESHOLD - 1} as "
            f"“{SUPPRESSED_LABEL}”."
        )
    else:
        pdf.paragraph(
            f"Published aggregate figures, never a person. Counts from 1 to "
            f"{SMALL_COUNT_THRESHOLD - 1} are shown as “{SUPPRESSED_LABEL}”: a small count "
            "can point at a person. Zero is shown as 0."
        )
    if not data.context:
        pdf.paragraph("This plan has no published statistics recorded.")
    for section in data.context:
        pdf.heading(section.title, level=1)
        labels = ["Illustrative"] * section.illustrative + ["Inferred"] * section.inferred
        pdf.labels(labels)
        table = section.table.astype(str)
        width = pdf.epw / len(table.columns)
        pdf.table(list(table.columns), table.values.tolist(), [width] * len(table.columns))
        for label, shown in section.totals:
            if shown is None:
                pdf.paragraph(
                    f"The report also gives a total ({label}); it is not shown in this edition "
                    f"because, beside the yearly figures, it would reveal a count below "
                    f"{SMALL_COUNT_THRESHOLD}.",
                    size=9,
                )
            else:
                pdf.paragraph(f"Total, {label}: {shown}", size=9)
        pdf.paragraph("Source: " + "; ".join(section.sources) + ".", size=8, muted=True)
        for note in section.notes:
            pdf.paragraph(note, size=8, muted=True)

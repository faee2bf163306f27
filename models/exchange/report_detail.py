"""The progress report's detailed sections: frameworks down to activities, changes since the
previous reporting date, the Secretariat's internal notes, and the statistics annex."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd

from models.codes import STATUS_LABELS
from models.exchange.report_pdf import ILLUSTRATIVE, INFERRED, ReportPDF
from models.i18n import (
    N_,
    SOURCE_LANGUAGE,
    _,
    current_language,
    format_date,
    format_number,
    format_percent,
)
from models.rules.disclosure import SMALL_COUNT_THRESHOLD, SUPPRESSED_LABEL

NONE = "—"
INDICATOR_HEADINGS = [
    N_("Indicator"),
    N_("Baseline"),
    N_("Target"),
    N_("Latest approved"),
    N_("Status"),
]
INDICATOR_WIDTHS = [62, 25, 27, 27, 33]


def day(value: date | None) -> str:
    """A date as the report writes it: "5 Mar 2007" in English, the language's medium form
    ("5 mar 2007", "5. 3. 2007.") in the others."""
    if value is None or pd.isna(value):
        return NONE
    if current_language() == SOURCE_LANGUAGE:
        return f"{value.day} {value:%b %Y}"
    return format_date(value, "medium")


def stamp(value: datetime) -> str:
    """When the document was made, to the minute, in UTC."""
    if current_language() == SOURCE_LANGUAGE:
        when = f"{value:%d %b %Y %H:%M}"
    else:
        when = f"{format_date(value, 'medium')} {value:%H:%M}"
    return _("{when} UTC").format(when=when)


def percent(value: float) -> str:
    return NONE if pd.isna(value) else format_percent(value)


def status_label(status) -> str:
    if status is None or pd.isna(status):
        return _("No approved report")
    return _(STATUS_LABELS[status])


def points(change: float) -> str:
    """A change in percentage points, signed: "+12 pts"."""
    sign = f"{change:+.0f}"[0]
    return _("{change} pts").format(change=sign + format_number(abs(change)))


def tr(label):
    """A label the dashboard's views wrote in English, in the run's language (data as is)."""
    return _(label) if isinstance(label, str) and label else label


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
        pdf.heading(_("{framework}: objectives and activities").format(framework=fw["name"]))
        acts = rated[rated["framework_id"] == fw["id"]]
        shown: set[int] = set()
        objectives = outline.objectives[outline.objectives["framework_id"] == fw["id"]]
        for obj in objectives.to_dict("records"):
            pdf.heading(f"{obj['code']} {obj['title']}", level=1)
            pdf.labels([INFERRED] if _flag(obj["inferred"]) else [])
            _indicators(pdf, data.indicators, "objective", obj["code"])
            serving = set(links.loc[links["objective_id"] == obj["id"], "activity_id"])
            for act in acts[acts["activity_id"].isin(serving)].to_dict("records"):
                if act["activity_id"] in shown:
                    see = _("{code} {title}: see above.")
                    see = see.format(code=act["code"], title=act["title"])
                    pdf.paragraph(see, muted=True)
                    continue
                shown.add(act["activity_id"])
                _activity(pdf, data, act, context)
        unlinked = acts[~acts["activity_id"].isin(set(links["activity_id"]))]
        if not unlinked.empty:
            pdf.heading(_("Activities not linked to an objective"), level=1)
            for act in unlinked.to_dict("records"):
                _activity(pdf, data, act, context)


def _activity(pdf: ReportPDF, data, act: dict, context: dict) -> None:
    about = context["about"].loc[act["activity_id"]]
    pdf.heading(f"{act['code']} {act['title']}", level=2)
    labels = []
    if _flag(act.get("illustrative")):
        labels.append(ILLUSTRATIVE)
    inferred = act["activity_id"] in context["inferred_links"]
    if _flag(about["inferred"]) or _flag(about["dates_inferred"]) or inferred:
        labels.append(INFERRED)
    pdf.labels(labels)
    dates = _("Planned {start} to {end}").format(
        start=day(act["planned_start"]), end=day(act["planned_end"])
    )
    if _flag(about["dates_inferred"]):
        dates = _("{dates} (dates inferred)").format(dates=dates)
    lead = context["people"]["lead"].get(act["activity_id"], NONE)
    supporting = context["people"]["supporting"].get(act["activity_id"], NONE)
    state = _("Status: {status} · {reported} complete (expected {expected}) · Rating: {rating}")
    state = state.format(
        status=status_label(act["status"]),
        reported=percent(act["reported_percent"]),
        expected=percent(act["expected_percent"]),
        rating=tr(act["rating_label"]),
    )
    who = _("Lead: {lead} · Supporting: {supporting}").format(lead=lead, supporting=supporting)
    pdf.paragraph(f"{state}\n{dates}\n{who}", size=9)
    if pd.isna(act["report_date"]):
        pdf.paragraph(_("No approved report by the reporting date."), size=9, muted=True)
    else:
        latest = _("Latest approved report, {date}{by}: {narrative}").format(
            date=day(act["report_date"]),
            by=_by(act["reported_by"]),
            narrative=plain(act["narrative"]) or _("(no narrative)"),
        )
        pdf.paragraph(latest, size=9)
    _indicators(pdf, data.indicators, "activity", act["code"])


def _indicators(pdf: ReportPDF, table: pd.DataFrame, kind: str, code: str) -> None:
    mine = table[(table["owner_kind"] == kind) & (table["owner_code"] == code)]
    if mine.empty:
        return
    rows = [
        [
            _("{name} (inferred)").format(name=r["name"]) if _flag(r["inferred"]) else r["name"],
            r["baseline_text"],
            r["target_text"],
            r["latest_text"] + ("" if pd.isna(r["latest_date"]) else f", {day(r['latest_date'])}"),
            tr(r["status_label"]),
        ]
        for r in mine.to_dict("records")
    ]
    pdf.table([_(h) for h in INDICATOR_HEADINGS], rows, INDICATOR_WIDTHS, size=7.5)


# ---- changes since the previous reporting date -----------------------------------------


def write_changes(pdf: ReportPDF, data) -> None:
    pdf.heading(_("Changes since {date}").format(date=day(data.since)))
    then = data.rated_since.set_index("activity_id")
    now = data.rated.set_index("activity_id")
    status_then = then["status"].map(status_label)
    status_now = now["status"].map(status_label)
    moved_status = now.index[status_then.reindex(now.index) != status_now]
    moved_rating = now.index[then["rating"].reindex(now.index) != now["rating"]]
    pdf.paragraph(
        _(
            "Between {since} and {as_of}: {approved} reports were approved (by report date), "
            "{moved_status} activities changed status and {moved_rating} changed schedule rating."
        ).format(
            since=day(data.since),
            as_of=day(data.as_of),
            approved=len(data.approved),
            moved_status=len(moved_status),
            moved_rating=len(moved_rating),
        )
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
                NONE if pd.isna(change) else points(change),
            ]
        )
    pdf.table(
        [
            _("Framework"),
            _("Reported {date}").format(date=day(data.since)),
            _("Reported {date}").format(date=day(data.as_of)),
            _("Change"),
        ],
        rows,
        [46, 44, 44, 40],
        align=["LEFT", "RIGHT", "RIGHT", "RIGHT"],
    )
    _moves(pdf, _("Status changes"), now, moved_status, status_then, status_now)
    rating_then, rating_now = then["rating_label"].map(tr), now["rating_label"].map(tr)
    _moves(pdf, _("Ratings that moved"), now, moved_rating, rating_then, rating_now)
    _approved(pdf, data.approved)


def _moves(pdf: ReportPDF, title: str, now, ids, before: pd.Series, after: pd.Series) -> None:
    pdf.heading(title, level=1)
    if len(ids) == 0:
        pdf.paragraph(_("None."))
        return
    rows = [
        [now.loc[i, "code"], now.loc[i, "title"], before.get(i, NONE), after.loc[i]] for i in ids
    ]
    pdf.table([_("Code"), _("Activity"), _("Then"), _("Now")], rows, [22, 72, 40, 40], size=8)


def _approved(pdf: ReportPDF, approved: pd.DataFrame) -> None:
    pdf.heading(_("Reports approved"), level=1)
    if approved.empty:
        pdf.paragraph(_("None."))
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
        [_("Report date"), _("Code"), _("Activity"), _("By"), _("Status"), "%"],
        rows,
        [24, 22, 62, 20, 32, 14],
        align=["LEFT", "LEFT", "LEFT", "LEFT", "LEFT", "RIGHT"],
        size=8,
    )


# ---- internal notes (coordinator's edition only) ---------------------------------------


def write_internal(pdf: ReportPDF, data) -> None:
    pdf.heading(_("Internal notes of the Secretariat"))
    pdf.paragraph(
        _(
            "Reports dated in the period that are awaiting review, or were returned to their "
            "agency, and why. Not part of the donors' edition."
        ),
        muted=True,
    )
    if data.open_reports.empty:
        pdf.paragraph(_("No report of the period is awaiting review or was returned."))
        return
    rows = [
        [
            day(r["report_date"]),
            r["code"],
            r["organisation"],
            _("Awaiting review") if r["state"] == "submitted" else _("Returned"),
            f"{status_label(r['status'])}, {percent(r['percent_complete'])}",
            plain(r["return_reason"]),
        ]
        for r in data.open_reports.to_dict("records")
    ]
    pdf.table(
        [_("Report date"), _("Code"), _("By"), _("State"), _("Reported"), _("Reason for return")],
        rows,
        [22, 20, 18, 26, 34, 54],
        size=8,
    )


# ---- annex: the report's context statistics --------------------------------------------


def write_annex(pdf: ReportPDF, data) -> None:
    pdf.heading(_("Annex: context statistics"))
    small = {"largest": SMALL_COUNT_THRESHOLD - 1, "label": SUPPRESSED_LABEL}
    if data.edition == "coordinator":
        pdf.paragraph(
            _(
                "Published aggregate figures, never a person. This edition shows every count; "
                "other roles and the public see counts from 1 to {largest} as “{label}”."
            ).format(**small)
        )
    else:
        pdf.paragraph(
            _(
                "Published aggregate figures, never a person. Counts from 1 to {largest} are "
                "shown as “{label}”: a small count can point at a person. Zero is shown as 0."
            ).format(**small)
        )
    if not data.context:
        pdf.paragraph(_("This plan has no published statistics recorded."))
    for section in data.context:
        pdf.heading(tr(section.title), level=1)
        labels = [ILLUSTRATIVE] * section.illustrative + [INFERRED] * section.inferred
        pdf.labels(labels)
        table = section.table.astype(str)
        width = pdf.epw / len(table.columns)
        headings = [tr(str(c)) for c in table.columns]
        pdf.table(headings, table.values.tolist(), [width] * len(table.columns))
        for label, shown in section.totals:
            if shown is None:
                hidden = _(
                    "The report also gives a total ({label}); it is not shown in this edition "
                    "because, beside the yearly figures, it would reveal a count below "
                    "{threshold}."
                ).format(label=tr(label), threshold=SMALL_COUNT_THRESHOLD)
                pdf.paragraph(hidden, size=9)
            else:
                total = _("Total, {label}: {shown}").format(label=tr(label), shown=shown)
                pdf.paragraph(total, size=9)
        source = _("Source: {sources}.").format(sources="; ".join(section.sources))
        pdf.paragraph(source, size=8, muted=True)
        for note in section.notes:
            pdf.paragraph(tr(note), size=8, muted=True)

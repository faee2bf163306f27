"""The plan editor's forms: widgets only. Each returns the submitted fields, or None.

`row` holds the starting values (models.queries.plan_editor); `key` names the form, and a
new key gives empty widgets (after a save, or for another record).
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from models.codes import INDICATOR_DIRECTIONS, INDICATOR_MEASURES
from models.i18n import N_, _

MEASURE_NAMES = {"unit": N_("unit"), "milestone": N_("milestone")}
DIRECTION_NAMES = {"increase": N_("increase"), "decrease": N_("decrease")}
FIELD_LABELS = {
    "planned_start": N_("Planned start"),
    "planned_end": N_("Planned end"),
    "baseline_value": N_("Baseline value"),
    "baseline_date": N_("Baseline date"),
    "target_value": N_("Target value"),
    "target_date": N_("Target date"),
}


def _texts(row: dict) -> dict:
    return {
        "code": st.text_input(
            _("Code"),
            row["code"],
            max_chars=40,
            help=_("Letters, digits, '-' and '.'; unique in the plan."),
        ),
        "title": st.text_input(_("Title"), row["title"], max_chars=300),
        "description": st.text_area(_("Description"), row["description"]),
    }


def objective_fields(row: dict, key: str) -> dict | None:
    with st.form(key):
        fields = _texts(row)
        submitted = st.form_submit_button(_("Save objective"), type="primary")
    return fields if submitted else None


def activity_fields(
    row: dict, key: str, period: tuple[date, date], objectives: dict, orgs: dict
) -> dict | None:
    with st.form(key):
        fields = _texts(row)
        for column, name in zip(st.columns(2), ("planned_start", "planned_end"), strict=True):
            fields[name] = column.date_input(
                _(FIELD_LABELS[name]),
                row[name],
                min_value=period[0],
                max_value=period[1],
                format="YYYY-MM-DD",
            )
        fields["objective_ids"] = st.multiselect(
            _("Serves objectives"),
            list(objectives),
            row["objective_ids"],
            format_func=objectives.get,
        )
        fields["lead_id"] = st.selectbox(
            _("Lead agency"),
            list(orgs),
            format_func=orgs.get,
            placeholder=_("Choose the lead agency"),
            index=list(orgs).index(row["lead_id"]) if row["lead_id"] in orgs else None,
        )
        fields["supporting_ids"] = st.multiselect(
            _("Supporting agencies"), list(orgs), row["supporting_ids"], format_func=orgs.get
        )
        submitted = st.form_submit_button(_("Save activity"), type="primary")
    return fields if submitted else None


def indicator_fields(row: dict, key: str, period: tuple[date, date], measured: dict):
    """`measured`: {"o<id>" or "a<id>": label} of the objectives and activities on offer."""
    with st.form(key):
        on = st.selectbox(
            _("Measures"),
            list(measured),
            format_func=measured.get,
            index=list(measured).index(row["on"]) if row["on"] in measured else None,
            placeholder=_("Choose an objective or an activity"),
        )
        fields = {
            "code": st.text_input(_("Code"), row["code"], max_chars=40),
            "name": st.text_input(_("Name"), row["name"], max_chars=300),
            "objective_id": int(on[1:]) if on and on[0] == "o" else None,
            "activity_id": int(on[1:]) if on and on[0] == "a" else None,
        }
        left, right = st.columns(2)
        fields["measure"] = left.radio(
            _("Measure"),
            INDICATOR_MEASURES,
            INDICATOR_MEASURES.index(row["measure"]),
            format_func={m: _(MEASURE_NAMES[m]) for m in INDICATOR_MEASURES}.get,
            horizontal=True,
            help=_("A unit counts something; a milestone is reached (1) or not (0)."),
        )
        fields["direction"] = right.radio(
            _("Direction"),
            INDICATOR_DIRECTIONS,
            INDICATOR_DIRECTIONS.index(row["direction"]),
            format_func={d: _(DIRECTION_NAMES[d]) for d in INDICATOR_DIRECTIONS}.get,
            horizontal=True,
            help=_("Whether an increase or a decrease is progress."),
        )
        fields["unit"] = st.text_input(_("Unit (not for a milestone)"), row["unit"], max_chars=60)
        # A baseline may predate the plan; a target falls within it.
        earliest = date(period[0].year - 10, 1, 1)
        for column, part in zip(st.columns(2), ("baseline", "target"), strict=True):
            fields[f"{part}_value"] = column.text_input(
                _(FIELD_LABELS[f"{part}_value"]), row[f"{part}_value"]
            )
            fields[f"{part}_date"] = column.date_input(
                _(FIELD_LABELS[f"{part}_date"]),
                row[f"{part}_date"],
                format="YYYY-MM-DD",
                min_value=earliest if part == "baseline" else period[0],
                max_value=period[1],
            )
        fields["means_of_verification"] = st.text_area(
            _("Means of verification"), row["means_of_verification"]
        )
        submitted = st.form_submit_button(_("Save indicator"), type="primary")
    return fields if submitted else None

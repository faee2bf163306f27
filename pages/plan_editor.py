"""Edit the plan: a coordinator adds and corrects objectives, activities and indicators."""

from __future__ import annotations

import streamlit as st

from models.services import plan_editing as edits
from models.views import plan_editor as q
from pages.ui import plan_editor_forms as forms
from pages.ui.actions import act, flash
from pages.ui.data import plan_editor_lookups, plan_outline
from pages.ui.iati_forms import iati_settings
from pages.ui.labels import provenance_badge
from pages.ui.sidebar import selection

ROUND = "plan_editor_round"


def _save(service, done: str, **fields) -> None:
    """One transaction per submit; a new round after a save gives the forms empty widgets."""
    st.session_state[ROUND] = st.session_state.get(ROUND, 0) + 1
    act(service, done=done, **fields)
    # Refused: the round goes back, and the form keeps what was typed.
    st.session_state[ROUND] -= 1


def _pick(noun: str, options: dict[int, str], key: str) -> int | None:
    return st.selectbox(
        noun, [None, *options], key=key, format_func=lambda i: options.get(i, f"New {noun.lower()}")
    )


sel = selection()
st.title("Edit the plan")
flash()
period = (sel.period_start, sel.target_date)
outline, lookups = plan_outline(sel.plan_id), plan_editor_lookups(sel.plan_id)
names = dict(zip(outline.frameworks["id"].astype(int), outline.frameworks["name"], strict=True))
fw = st.radio("Framework", list(names), format_func=names.get, horizontal=True)
st.caption(
    "Saving makes a record the coordinator's word: its **Inferred** label goes and its source "
    "becomes *entered by* your username. Saving an activity also confirms its dates, "
    "objectives and agencies as the form shows them. Every change is kept in the audit trail."
)
objectives = q.choices(outline.objectives[outline.objectives["framework_id"] == fw])
activities = q.choices(outline.activities[outline.activities["framework_id"] == fw])
orgs = dict(zip(lookups.organisations["id"], lookups.organisations["label"], strict=True))
rnd = st.session_state.get(ROUND, 0)
tab_o, tab_a, tab_i, tab_iati = st.tabs(["Objectives", "Activities", "Indicators", "IATI settings"])

with tab_o:
    chosen = _pick("Objective", objectives, f"editor_objective_{fw}")
    row = q.record_form(outline.objectives, chosen, {"code": "", "title": "", "description": ""})
    provenance_badge(inferred=row.get("inferred", False))
    fields = forms.objective_fields(row, f"objective-{fw}-{chosen}-{rnd}")
    if fields is not None:
        done = f"Objective {fields['code'].strip()} saved."
        if chosen is None:
            _save(edits.add_objective, done, framework_id=fw, **fields)
        else:
            _save(edits.edit_objective, done, objective_id=chosen, framework_id=fw, **fields)

with tab_a:
    chosen = _pick("Activity", activities, f"editor_activity_{fw}")
    row = q.activity_form(outline, chosen, period)
    provenance_badge(inferred=row["inferred"])
    key = f"activity-{fw}-{chosen}-{rnd}"
    fields = forms.activity_fields(row, key, period, q.choices(outline.objectives), orgs)
    if fields is not None:
        done = f"Activity {fields['code'].strip()} saved."
        _save(edits.save_activity, done, activity_id=chosen, framework_id=fw, **fields)

with tab_i:
    table = q.framework_indicators(lookups, outline, fw)
    chosen = _pick("Indicator", q.choices(table), f"editor_indicator_{fw}")
    row = q.indicator_form(table, chosen, period)
    provenance_badge(inferred=row["inferred"])
    measured = {f"o{i}": f"Objective {label}" for i, label in objectives.items()}
    measured |= {f"a{i}": f"Activity {label}" for i, label in activities.items()}
    fields = forms.indicator_fields(row, f"indicator-{fw}-{chosen}-{rnd}", period, measured)
    if fields is not None:
        done = f"Indicator {fields['code'].strip()} saved."
        if chosen is None:
            _save(edits.add_indicator, done, **fields)
        else:
            _save(edits.edit_indicator, done, indicator_id=chosen, **fields)

with tab_iati:
    iati_settings(sel.plan_id, q.choices(outline.activities))

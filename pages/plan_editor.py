"""Edit the plan: a coordinator adds and corrects objectives, activities and indicators."""

from __future__ import annotations

import streamlit as st

from models.i18n import N_, _
from models.services import plan_editing as edits
from models.views import plan_editor as q
from pages.ui import plan_editor_forms as forms
from pages.ui.actions import act, flash
from pages.ui.data import plan_editor_lookups, plan_outline
from pages.ui.iati_forms import iati_settings
from pages.ui.labels import provenance_badge
from pages.ui.sidebar import selection
from pages.ui.translation_forms import translation_editor

ROUND = "plan_editor_round"
TAB = "plan_editor_tab"
SAVED = "plan_editor_saved"
TABS = {"Objective": N_("Objectives"), "Activity": N_("Activities"), "Indicator": N_("Indicators")}
# Each kind of record as a chooser names it, a new one, and the message after saving one.
NOUNS = {"Objective": N_("Objective"), "Activity": N_("Activity"), "Indicator": N_("Indicator")}
NEW = {
    "Objective": N_("New objective"),
    "Activity": N_("New activity"),
    "Indicator": N_("New indicator"),
}
SAVED_AS = {
    "Objective": N_("Objective {code} saved."),
    "Activity": N_("Activity {code} saved."),
    "Indicator": N_("Indicator {code} saved."),
}


def _save(service, noun: str, framework_id: int, /, **fields) -> None:
    """One transaction per submit. After a save the page shows the record just saved: on its
    tab, chosen, in a form of a new round (so its widgets start from the saved values)."""

    def saved(record) -> str:
        st.session_state[SAVED] = (noun, framework_id, record.id)
        return _(SAVED_AS[noun]).format(code=record.code)

    st.session_state[ROUND] = st.session_state.get(ROUND, 0) + 1
    act(service, done=saved, **fields)
    # Refused: the round goes back, and the form keeps what was typed.
    st.session_state[ROUND] -= 1


def _chooser(noun: str, framework_id: int) -> str:
    return f"editor_{noun.lower()}_{framework_id}"


def _reopen_saved() -> None:
    """Open the last saved record's tab and choose it, before those widgets are made."""
    if saved := st.session_state.pop(SAVED, None):
        noun, framework_id, record_id = saved
        st.session_state[TAB] = _(TABS[noun])
        st.session_state[_chooser(noun, framework_id)] = record_id


def _pick(noun: str, options: dict[int, str], framework_id: int) -> int | None:
    # The labels are made now, in this run's language (a format_func may be called later).
    labels = {None: _(NEW[noun]), **options}
    return st.selectbox(
        _(NOUNS[noun]), list(labels), key=_chooser(noun, framework_id), format_func=labels.get
    )


sel = selection()
st.title(_("Edit the plan"))
flash()
_reopen_saved()
period = (sel.period_start, sel.target_date)
outline, lookups = plan_outline(sel.plan_id), plan_editor_lookups(sel.plan_id)
names = dict(zip(outline.frameworks["id"].astype(int), outline.frameworks["name"], strict=True))
fw = st.radio(_("Framework"), list(names), format_func=names.get, horizontal=True)
st.caption(
    _(
        "Saving makes a record the coordinator's word: its **Inferred** label goes and its "
        "source becomes *entered by* your username. Saving an activity also confirms its "
        "dates, objectives and agencies as the form shows them. Every change is kept in the "
        "audit trail."
    )
)
objectives = q.choices(outline.objectives[outline.objectives["framework_id"] == fw])
activities = q.choices(outline.activities[outline.activities["framework_id"] == fw])
orgs = dict(zip(lookups.organisations["id"], lookups.organisations["label"], strict=True))
rnd = st.session_state.get(ROUND, 0)
tab_o, tab_a, tab_i, tab_iati = st.tabs(
    [*(_(title) for title in TABS.values()), _("IATI settings")], key=TAB, on_change="rerun"
)

with tab_o:
    chosen = _pick("Objective", objectives, fw)
    row = q.record_form(outline.objectives, chosen, {"code": "", "title": "", "description": ""})
    provenance_badge(inferred=row.get("inferred", False))
    fields = forms.objective_fields(row, f"objective-{fw}-{chosen}-{rnd}")
    if fields is not None:
        service, ids = edits.add_objective, {}
        if chosen is not None:
            service, ids = edits.edit_objective, {"objective_id": chosen}
        _save(service, "Objective", fw, framework_id=fw, **ids, **fields)

with tab_a:
    chosen = _pick("Activity", activities, fw)
    row = q.activity_form(outline, chosen, period)
    provenance_badge(inferred=row["inferred"])
    key = f"activity-{fw}-{chosen}-{rnd}"
    fields = forms.activity_fields(row, key, period, q.choices(outline.objectives), orgs)
    if fields is not None:
        _save(edits.save_activity, "Activity", fw, activity_id=chosen, framework_id=fw, **fields)

with tab_i:
    table = q.framework_indicators(lookups, outline, fw)
    chosen = _pick("Indicator", q.choices(table), fw)
    row = q.indicator_form(table, chosen, period)
    provenance_badge(inferred=row["inferred"])
    measured = {
        f"o{i}": _("Objective {label}").format(label=label) for i, label in objectives.items()
    }
    measured |= {
        f"a{i}": _("Activity {label}").format(label=label) for i, label in activities.items()
    }
    fields = forms.indicator_fields(row, f"indicator-{fw}-{chosen}-{rnd}", period, measured)
    if fields is not None:
        if chosen is None:
            _save(edits.add_indicator, "Indicator", fw, **fields)
        else:
            _save(edits.edit_indicator, "Indicator", fw, indicator_id=chosen, **fields)

with tab_iati:
    iati_settings(sel.plan_id, q.choices(outline.activities))

translation_editor(sel.plan_id)

"""The coordinator's forms on the Findings page: response, follow-up note, link to the plan."""

from __future__ import annotations

from datetime import date

import streamlit as st

from models.codes import FINDING_RESPONSES, FOLLOW_UP_STATUSES, RESPONSE_LABELS, STATUS_LABELS
from models.i18n import N_, _
from models.services.findings import (
    RESPONDED_KINDS,
    link_finding,
    record_follow_up,
    record_response,
    unlink_finding,
)
from models.views.findings import KIND_NAMES, target_kind
from pages.ui.actions import act, flash
from pages.ui.data import findings_concerning, plan_editor_lookups, plan_outline
from pages.ui.labels import md
from pages.ui.session import signed_in
from pages.ui.sidebar import Selection

DONE = N_("Saved. The findings below include it.")
EARLIEST = date(1990, 1, 1)


def can_edit() -> bool:
    """Only a coordinator records responses, follow-ups and links."""
    user = signed_in()
    return user is not None and user.role == "coordinator"


def follow_up_forms(sel: Selection, rows) -> None:
    """Forms for coordinators only; `rows` is the frame of every finding of the plan.

    Responses and follow-up notes are for recommendations and deficiencies; any finding can
    be linked to the plan.
    """
    if not can_edit():
        return
    flash()
    every = _labels(rows)
    labels = _labels(rows[rows["kind"].isin(RESPONDED_KINDS)])
    orgs = plan_editor_lookups(sel.plan_id).organisations
    owners = dict(zip(orgs["id"], orgs["label"], strict=True))
    with st.expander(_("Follow up a finding"), icon=":material/edit:"):
        respond, note, link = st.tabs([_("Response"), _("Follow-up note"), _("Link to the plan")])
        with respond, st.form("finding_response"):
            finding = st.selectbox(_("Finding"), list(labels), format_func=labels.get, key="r_f")
            answer = st.radio(
                _("Response"),
                FINDING_RESPONSES,
                format_func={r: _(RESPONSE_LABELS[r]) for r in FINDING_RESPONSES}.get,
            )
            reason = st.text_area(_("Reason"))
            owner = st.selectbox(_("Owner agency"), [None, *owners], format_func=_owner(owners))
            due = st.date_input(_("Due date"), value=None, min_value=EARLIEST, key="r_due")
            day = st.date_input(_("Response date"), value=sel.as_of, min_value=EARLIEST)
            if st.form_submit_button(_("Record response")):
                act(
                    record_response,
                    done=_(DONE),
                    finding_id=finding,
                    response=answer,
                    reason=reason,
                    owner_id=owner,
                    due_date=due,
                    response_date=day,
                )
        with note, st.form("finding_follow_up"):
            finding = st.selectbox(_("Finding"), list(labels), format_func=labels.get, key="n_f")
            status = st.selectbox(
                _("Status"),
                FOLLOW_UP_STATUSES,
                format_func={s: _(STATUS_LABELS[s]) for s in FOLLOW_UP_STATUSES}.get,
            )
            text = st.text_area(_("What has been done"))
            day = st.date_input(_("Date"), value=sel.as_of, min_value=EARLIEST, key="n_day")
            if st.form_submit_button(_("Record follow-up")):
                act(
                    record_follow_up,
                    done=_(DONE),
                    finding_id=finding,
                    status=status,
                    note=text,
                    note_date=day,
                )
        with link, st.form("finding_link"):
            _link_form(sel, every)


def _labels(rows) -> dict:
    return {
        f.id: _("{kind} {position}: {title}").format(
            kind=_(KIND_NAMES[f.kind]), position=f.position, title=f.title
        )
        for f in rows.itertuples(index=False)
    }


def link_targets(sel: Selection) -> dict[tuple[str, int], str]:
    """What a finding can concern: each framework, then its objectives, then its activities."""
    outline = plan_outline(sel.plan_id)
    targets: dict[tuple[str, int], str] = {}
    for fw in outline.frameworks.itertuples(index=False):
        targets[("framework", int(fw.id))] = _("Framework {name}").format(name=fw.name)
        objectives = outline.objectives[outline.objectives["framework_id"] == fw.id]
        for o in objectives.itertuples(index=False):
            targets[("objective", int(o.id))] = _("Objective {code} · {title}").format(
                code=o.code, title=o.title
            )
        activities = outline.activities[outline.activities["framework_id"] == fw.id]
        for a in activities.itertuples(index=False):
            targets[("activity", int(a.id))] = _("Activity {code} · {title}").format(
                code=a.code, title=a.title
            )
    return targets


def unlink_controls(links) -> None:
    """For a coordinator, one "Unlink" button per link of a finding (`links`: its rows)."""
    if not can_edit():
        return
    for link in links.itertuples(index=False):
        label = _("Unlink {kind} {target}").format(
            kind=target_kind(link.target_kind), target=link.target
        )
        if st.button(label, key=f"unlink-{link.id}", icon=":material/link_off:"):
            act(unlink_finding, done=_("Link removed."), link_id=int(link.id))


def _link_form(sel: Selection, labels: dict) -> None:
    targets = link_targets(sel)
    finding = st.selectbox(_("Finding"), list(labels), format_func=labels.get, key="l_f")
    target = st.selectbox(_("Concerns"), list(targets), format_func=targets.get, key="l_t")
    if st.form_submit_button(_("Link")):
        act(
            link_finding,
            done=_(DONE),
            finding_id=finding,
            target_kind=target[0],
            target_id=target[1],
        )


def _owner(owners: dict):
    return lambda key: "—" if key is None else owners[key]


def show_concerning(sel: Selection, framework_id: int, activity_id: int) -> None:
    """The report's findings about a framework, the activity's objectives or the activity
    itself (the Framework explorer's view of them); read-only for every role."""
    served = plan_outline(sel.plan_id).activity_objectives
    objectives = served.loc[served["activity_id"] == activity_id, "objective_id"]
    targets = (
        ("framework", int(framework_id)),
        ("activity", int(activity_id)),
        *(("objective", int(o)) for o in objectives),
    )
    found = findings_concerning(sel.plan_id, targets)
    if found.empty:
        return
    st.subheader(_("The report's findings about this"))
    for f in found.itertuples(index=False):
        line = _("**{title}** · {kind} (link inferred): {text}") if f.inferred else None
        line = line or _("**{title}** · {kind}: {text}")
        kind = _(KIND_NAMES[f.kind]).lower() if f.kind in KIND_NAMES else f.kind
        st.markdown(line.format(title=md(f.title), kind=kind, text=md(f.text)))
        st.caption(_("Source: {source}").format(source=md(f.source or _("not given"))))

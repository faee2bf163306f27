"""The coordinator's forms on the Findings page: response, follow-up note, link to the plan."""

from __future__ import annotations

from datetime import date

import streamlit as st

from models.codes import FINDING_RESPONSES, FOLLOW_UP_STATUSES, RESPONSE_LABELS, STATUS_LABELS
from models.services.findings import link_finding, record_follow_up, record_response
from pages.ui.actions import act, flash
from pages.ui.data import findings_concerning, plan_editor_lookups, plan_outline
from pages.ui.labels import md
from pages.ui.session import signed_in
from pages.ui.sidebar import Selection

DONE = "Saved. The findings below include it."
EARLIEST = date(1990, 1, 1)


def follow_up_forms(sel: Selection, followed) -> None:
    """Forms for coordinators only; `followed` is the frame of recommendations and deficiencies."""
    user = signed_in()
    if user is None or user.role != "coordinator":
        return
    flash()
    labels = dict(
        zip(
            followed["id"],
            followed["kind"].str.title()
            + " "
            + followed["position"].astype(str)
            + ": "
            + followed["title"],
            strict=True,
        )
    )
    orgs = plan_editor_lookups(sel.plan_id).organisations
    owners = dict(zip(orgs["id"], orgs["label"], strict=True))
    with st.expander("Follow up a finding", icon=":material/edit:"):
        respond, note, link = st.tabs(["Response", "Follow-up note", "Link to the plan"])
        with respond, st.form("finding_response"):
            finding = st.selectbox("Finding", list(labels), format_func=labels.get, key="r_f")
            answer = st.radio("Response", FINDING_RESPONSES, format_func=RESPONSE_LABELS.get)
            reason = st.text_area("Reason")
            owner = st.selectbox("Owner agency", [None, *owners], format_func=_owner(owners))
            due = st.date_input("Due date", value=None, min_value=EARLIEST, key="r_due")
            day = st.date_input("Response date", value=sel.as_of, min_value=EARLIEST)
            if st.form_submit_button("Record response"):
                act(
                    record_response,
                    done=DONE,
                    finding_id=finding,
                    response=answer,
                    reason=reason,
                    owner_id=owner,
                    due_date=due,
                    response_date=day,
                )
        with note, st.form("finding_follow_up"):
            finding = st.selectbox("Finding", list(labels), format_func=labels.get, key="n_f")
            status = st.selectbox("Status", FOLLOW_UP_STATUSES, format_func=STATUS_LABELS.get)
            text = st.text_area("What has been done")
            day = st.date_input("Date", value=sel.as_of, min_value=EARLIEST, key="n_day")
            if st.form_submit_button("Record follow-up"):
                act(
                    record_follow_up,
                    done=DONE,
                    finding_id=finding,
                    status=status,
                    note=text,
                    note_date=day,
                )
        with link, st.form("finding_link"):
            _link_form(sel, labels)


def _link_form(sel: Selection, labels: dict) -> None:
    outline = plan_outline(sel.plan_id)
    targets = {
        **{
            ("framework", int(i)): n
            for i, n in zip(outline.frameworks["id"], outline.frameworks["name"], strict=True)
        },
        **{
            ("activity", int(i)): f"{c} · {t}"
            for i, c, t in zip(
                outline.activities["id"],
                outline.activities["code"],
                outline.activities["title"],
                strict=True,
            )
        },
    }
    finding = st.selectbox("Finding", list(labels), format_func=labels.get, key="l_f")
    target = st.selectbox("Concerns", list(targets), format_func=targets.get)
    if st.form_submit_button("Link"):
        act(
            link_finding,
            done=DONE,
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
    st.subheader("The report's findings about this")
    for f in found.itertuples(index=False):
        inferred = " (link inferred)" if f.inferred else ""
        st.markdown(f"**{md(f.title)}** · {f.kind.replace('_', ' ')}{inferred}: {md(f.text)}")
        st.caption(f"Source: {md(f.source or 'not given')}")

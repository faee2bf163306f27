"""Findings: the report's own assessment in its wording, and the response to it, as of a date."""

from __future__ import annotations

import streamlit as st

from models.codes import RESPONSE_LABELS, STATUS_LABELS
from models.i18n import _
from models.views.findings import KIND_ORDER, KIND_TITLES, short_date, target_kind
from pages.ui.data import findings_history, findings_links, findings_list
from pages.ui.findings_forms import follow_up_forms, unlink_controls
from pages.ui.labels import INFERRED_NOTE, md
from pages.ui.sidebar import selection

st.title(_("Findings: the report's own assessment"))
sel = selection()
st.caption(
    _(
        "{country}: {plan}. The report's best practices, deficiencies and recommendations in "
        "its wording, and what has been done about them as of {date} (a response or note "
        "dated later is not counted)."
    ).format(country=md(sel.country), plan=md(sel.plan_title), date=short_date(sel.as_of))
)
rows = findings_list(sel.plan_id, sel.as_of)
if rows.empty:
    st.info(_("This plan has no findings recorded."))
    st.stop()
links = findings_links(sel.plan_id)
responses, notes = findings_history(sel.plan_id, sel.as_of)
follow_up_forms(sel, rows)

for kind in KIND_ORDER:
    st.header(_(KIND_TITLES[kind]))
    for f in rows[rows["kind"] == kind].itertuples(index=False):
        with st.container(border=True):
            st.markdown(f"**{f.position}. {md(f.title)}**")
            st.markdown(md(f.text))
            st.caption(_("Source: {source}").format(source=md(f.source or _("not given"))))
            mine = links[links["finding_id"] == f.id]
            if not mine.empty:
                named = [
                    (
                        _("{kind} {target} (inferred)") if t.inferred else _("{kind} {target}")
                    ).format(kind=target_kind(t.target_kind), target=md(t.target))
                    for t in mine.itertuples(index=False)
                ]
                st.caption(_("Concerns: {targets}").format(targets="; ".join(named)))
                if mine["inferred"].any():
                    st.caption(_(INFERRED_NOTE))
                unlink_controls(mine)
            if kind == "best_practice":
                continue
            if f.response is None:
                st.caption(_("No response recorded."))
                continue
            owner = " " + _("Owner: {owner}.").format(owner=md(f.owner)) if f.owner else ""
            due = " " + _("Due {date}.").format(date=short_date(f.due_date)) if f.due_date else ""
            st.markdown(
                _("Response ({date}): **{response}**. {reason}.").format(
                    date=short_date(f.response_date),
                    response=_(RESPONSE_LABELS[f.response]),
                    reason=md(f.reason),
                )
                + owner
                + due
            )
            if f.status is not None:
                st.markdown(
                    _("Follow-up ({date}): **{status}**. {note}").format(
                        date=short_date(f.note_date),
                        status=_(STATUS_LABELS[f.status]),
                        note=md(f.note),
                    )
                )
            if f.overdue:
                st.warning(_("Overdue: past its due date and not complete."))
            earlier = responses[responses["finding_id"] == f.id]
            kept = notes[notes["finding_id"] == f.id]
            if len(earlier) + len(kept) > 1:
                with st.expander(_("History")):
                    for r in earlier.itertuples(index=False):
                        st.caption(
                            _("{date}: {response}. {reason}").format(
                                date=short_date(r.response_date),
                                response=_(RESPONSE_LABELS[r.response]),
                                reason=md(r.reason),
                            )
                        )
                    for n in kept.itertuples(index=False):
                        st.caption(
                            _("{date}: {status}. {note}").format(
                                date=short_date(n.note_date),
                                status=_(STATUS_LABELS[n.status]),
                                note=md(n.note),
                            )
                        )

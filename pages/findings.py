"""Findings: the report's own assessment in its wording, and the response to it, as of a date."""

from __future__ import annotations

import streamlit as st

from models.codes import RESPONSE_LABELS, STATUS_LABELS
from models.views.findings import KIND_ORDER, KIND_TITLES
from pages.ui.data import findings_history, findings_links, findings_list
from pages.ui.findings_forms import follow_up_forms, unlink_controls
from pages.ui.labels import INFERRED_NOTE, md
from pages.ui.sidebar import selection

st.title("Findings: the report's own assessment")
sel = selection()
st.caption(
    f"{md(sel.country)}: {md(sel.plan_title)}. The report's best practices, deficiencies and "
    f"recommendations in its wording, and what has been done about them as of "
    f"{sel.as_of:%d %b %Y} (a response or note dated later is not counted)."
)
rows = findings_list(sel.plan_id, sel.as_of)
if rows.empty:
    st.info("This plan has no findings recorded.")
    st.stop()
links = findings_links(sel.plan_id)
responses, notes = findings_history(sel.plan_id, sel.as_of)
follow_up_forms(sel, rows)

for kind in KIND_ORDER:
    st.header(KIND_TITLES[kind])
    for f in rows[rows["kind"] == kind].itertuples(index=False):
        with st.container(border=True):
            st.markdown(f"**{f.position}. {md(f.title)}**")
            st.markdown(md(f.text))
            st.caption(f"Source: {md(f.source or 'not given')}")
            mine = links[links["finding_id"] == f.id]
            if not mine.empty:
                named = [
                    f"{t.target_kind} {md(t.target)}" + (" (inferred)" if t.inferred else "")
                    for t in mine.itertuples(index=False)
                ]
                st.caption("Concerns: " + "; ".join(named))
                if mine["inferred"].any():
                    st.caption(INFERRED_NOTE)
                unlink_controls(mine)
            if kind == "best_practice":
                continue
            if f.response is None:
                st.caption("No response recorded.")
                continue
            owner = f" Owner: {md(f.owner)}." if f.owner else ""
            due = f" Due {f.due_date:%d %b %Y}." if f.due_date else ""
            st.markdown(
                f"Response ({f.response_date:%d %b %Y}): **{RESPONSE_LABELS[f.response]}**. "
                f"{md(f.reason)}.{owner}{due}"
            )
            if f.status is not None:
                st.markdown(
                    f"Follow-up ({f.note_date:%d %b %Y}): **{STATUS_LABELS[f.status]}**. "
                    f"{md(f.note)}"
                )
            if f.overdue:
                st.warning("Overdue: past its due date and not complete.")
            earlier = responses[responses["finding_id"] == f.id]
            kept = notes[notes["finding_id"] == f.id]
            if len(earlier) + len(kept) > 1:
                with st.expander("History"):
                    for r in earlier.itertuples(index=False):
                        st.caption(
                            f"{r.response_date:%d %b %Y}: {RESPONSE_LABELS[r.response]}. "
                            f"{md(r.reason)}"
                        )
                    for n in kept.itertuples(index=False):
                        st.caption(
                            f"{n.note_date:%d %b %Y}: {STATUS_LABELS[n.status]}. {md(n.note)}"
                        )

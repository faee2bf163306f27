"""Audit trail: who changed what, when, with the old and new values. Read-only."""

from __future__ import annotations

from datetime import UTC, datetime

import streamlit as st

from models.views.audit import audit_csv
from models.views.base import blank_missing
from pages.ui.data import audit_events, audit_facets
from pages.ui.sidebar import page_setup

HEADINGS = {
    "occurred_at": st.column_config.DatetimeColumn("When (UTC)", format="YYYY-MM-DD HH:mm:ss"),
    "actor": "Who",
    "action": "Action",
    "entity_type": "Record type",
    "entity_id": "Record id",
    "old_value": "Old value",
    "new_value": "New value",
}

page_setup()
st.title("Audit trail")
st.caption(
    "Every change leaves an event here: who made it, when, and the values before and "
    "after. Sign-ins, refused sign-ins and locks are recorded too. Times are in UTC. "
    "The trail cannot be edited."
)

facets = audit_facets()
dates, actor, action, kind = st.columns([1.2, 1, 1, 1])
period = dates.date_input("Dates (UTC)", value=(), format="YYYY-MM-DD", key="audit_dates")
anyone = {"actor": "Anyone", "action": "Any action", "entity_type": "Any record"}
labels = {"actor": "Who", "action": "Action", "entity_type": "Record type"}
filters = {
    "since": period[0] if len(period) > 0 else None,
    "until": period[1] if len(period) > 1 else (period[0] if period else None),
    **{
        facet: tuple(
            column.multiselect(
                labels[facet], facets[facet], key=f"audit_{facet}", placeholder=anyone[facet]
            )
        )
        for facet, column in (("actor", actor), ("action", action), ("entity_type", kind))
    },
    "text": st.text_input(
        "Search",
        key="audit_text",
        placeholder="Text anywhere in an event, e.g. a username, a record id or a value",
    ).strip(),
}
events, count = audit_events(**filters)

if count == 0:
    st.info("No audit events match these filters.")
    st.stop()
shown = f"the newest {len(events):,} of " if count > len(events) else ""
st.markdown(f"Showing {shown}**{count:,}** matching event{'s' if count != 1 else ''}.")
st.dataframe(blank_missing(events), hide_index=True, column_config=HEADINGS)
stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
st.download_button(
    "Download CSV",
    audit_csv(events),
    f"audit-trail-{stamp}.csv",
    "text/csv",
    icon=":material/download:",
    key="audit_csv",
)
if count > len(events):
    st.caption(
        f"The download holds the {len(events):,} events shown; narrow the filters "
        "to reach older ones."
    )

"""Audit trail: who changed what, when, with the old and new values. Read-only."""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd
import streamlit as st

from models.views.audit import actions, audit_csv, changes, parse
from models.views.base import blank_missing
from pages.ui.data import audit_events, audit_facets
from pages.ui.sidebar import page_setup

text = st.column_config.TextColumn
HEADINGS = {
    "occurred_at": st.column_config.DatetimeColumn(
        "When (UTC)", format="YYYY-MM-DD HH:mm:ss", width=150
    ),
    "actor": text("Who", width=140),
    "action": text("Action", width=90),
    "record": text("Record", width=210),
    "changes": text("What changed (before → after)", width="large"),
    "events": st.column_config.NumberColumn(
        "Events", width=60, help="Events this action wrote (see them in full below)"
    ),
    "entity_type": text("Record type"),
    "entity_id": text("Record id"),
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
rows, grouped = actions(events)
st.dataframe(
    blank_missing(rows[list(HEADINGS)]),
    hide_index=True,
    column_config=HEADINGS,
    column_order=list(HEADINGS),
)

labels = {
    row.action_no: f"{row.occurred_at:%Y-%m-%d %H:%M:%S} · {row.actor} · {row.action} · "
    f"{row.record}"
    for row in rows.itertuples()
}
picked = st.selectbox("Show one action in full", list(labels), format_func=labels.get)
for event in grouped[grouped["action_no"] == picked].itertuples():
    with st.expander(f"{event.action} · {event.record}", expanded=True):
        old, new = parse(event.old_value), parse(event.new_value)
        fields = changes(old, new)
        if fields:
            st.dataframe(
                pd.DataFrame(fields, columns=["Field", "Before", "After"]),
                hide_index=True,
                column_config={
                    "Field": text(width=160),
                    "Before": text(width="large"),
                    "After": text(width="large"),
                },
            )
        else:
            st.caption("No values recorded for this event.")
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
